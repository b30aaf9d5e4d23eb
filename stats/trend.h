/* trend.h: the linear trend of a yearly series and its forecast.
 *
 * Ordinary least squares of value on year, R² = 1 − SSE/SST, its sums taken
 * exactly on the dataset's values (stats/exact.h) and only the results made
 * doubles — estimates, which the reports call estimates —
 * and the 95 % prediction interval of a new observation at year x0:
 *   ŷ ± t(0.975; n−2) · s · sqrt(1 + 1/n + (x0 − x̄)² / Σ(x − x̄)²),  s² = SSE/(n−2)
 * with the Student t quantile from gsl_cdf_tdist_Pinv. */
#ifndef DOSSIER_TREND_H
#define DOSSIER_TREND_H

#include <stddef.h>

#include "base/diag.h"
#include "stats/exact.h"

typedef struct {
  size_t n;
  double slope, intercept;
  double r2;     /* meaningful only when has_r2 */
  int has_r2;    /* 0 when every value is equal (SST = 0: R² undefined) */
  double sse;    /* sum of squared residuals */
  double x_mean; /* mean of the years */
  double sxx;    /* Σ(x − x̄)² */
  double y_mean; /* mean of the values: the fitted line passes through (x̄, ȳ) */
} dossier_trend;

/* Fits y = intercept + slope·x to `n` points given exactly (x the years).
 * Returns DOSSIER_OK and fills *out; DOSSIER_ERR_DATA (message in diag) when
 * n < 2 or all x are equal; DOSSIER_ERR_SOFTWARE when a result is too large
 * for a double; DOSSIER_ERR_NOMEM. *out is zeroed on failure. */
dossier_status dossier_trend_fit(dossier_trend *out, const dossier_exact *x, const dossier_exact *y,
                                 size_t n, dossier_diag *diag);

/* The fitted value at x. */
double dossier_trend_value(const dossier_trend *fit, double x);

/* The two-sided prediction interval of confidence `level` (0.95 for 95 %) for a
 * new observation at x. Returns DOSSIER_OK with *low and *high set, or
 * DOSSIER_ERR_DATA (diag) when the fit has fewer than 3 points or level is not
 * inside (0, 1); *low and *high are then left unchanged. */
dossier_status dossier_trend_interval(double *low, double *high, const dossier_trend *fit, double x,
                                      double level, dossier_diag *diag);

#endif
