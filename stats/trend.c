#include "stats/trend.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

dossier_status dossier_trend_fit(dossier_trend *out, const double *x, const double *y, size_t n,
                                 dossier_diag *diag) {
  memset(out, 0, sizeof *out);
  gsl_set_error_handler_off();
  if (n < 2)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                            "a trend needs at least 2 years, got %zu", n);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(x[i]) || !isfinite(y[i]))
      return dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                              "a trend needs finite values");
  double x_mean = gsl_stats_mean(x, 1, n);
  double sxx = gsl_stats_tss_m(x, 1, n, x_mean);
  if (!(sxx > 0))
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                            "a trend needs at least 2 different years");
  double c0, c1, cov00, cov01, cov11, sse;
  int rc = gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sse);
  if (rc != GSL_SUCCESS || !isfinite(c0) || !isfinite(c1) || !isfinite(sse))
    return dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "linear fit failed: %s", gsl_strerror(rc));
  double sst = gsl_stats_tss(y, 1, n);
  out->n = n;
  out->slope = c1;
  out->intercept = c0;
  out->sse = sse;
  out->x_mean = x_mean;
  out->sxx = sxx;
  out->y_mean = gsl_stats_mean(y, 1, n);
  /* With equal values there is nothing to explain: R² is undefined, not 1 or 0. */
  out->has_r2 = sst > 0;
  out->r2 = sst > 0 ? 1.0 - sse / sst : 0.0;
  return DOSSIER_OK;
}

double dossier_trend_value(const dossier_trend *fit, double x) {
  /* centred form: the intercept at year 0 is far from the data, and adding
   * intercept + slope·2021 would cancel several of its digits */
  return fit->y_mean + fit->slope * (x - fit->x_mean);
}

dossier_status dossier_trend_interval(double *low, double *high, const dossier_trend *fit, double x,
                                      double level, dossier_diag *diag) {
  gsl_set_error_handler_off();
  if (fit->n < 3)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                            "a prediction interval needs at least 3 years, got %zu", fit->n);
  if (!(level > 0 && level < 1))
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                            "confidence level must be inside (0, 1)");
  double dof = (double)(fit->n - 2);
  double t = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, dof);
  double s = sqrt(fit->sse / dof);
  double dx = x - fit->x_mean;
  double se = s * sqrt(1.0 + 1.0 / (double)fit->n + dx * dx / fit->sxx);
  double y = dossier_trend_value(fit, x);
  if (!isfinite(t) || !isfinite(se))
    return dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "prediction interval could not be computed");
  *low = y - t * se;
  *high = y + t * se;
  return DOSSIER_OK;
}
