#include "stats/trend.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

dossier_status dossier_trend_fit(dossier_trend *out, const dossier_exact *x, const dossier_exact *y,
                                 size_t n, dossier_diag *diag) {
  memset(out, 0, sizeof *out);
  gsl_set_error_handler_off();
  if (n < 2)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                            "a trend needs at least 2 years, got %zu", n);
  /* The sums of the fit exactly, on the dataset's own decimals: counts near
   * 10^15 that vary by a few units, or rates a hair under 100 %, leave no
   * digit of their spread to a double. Only the results become doubles. */
  int failed = 0;
  dossier_exact count = dossier_exact_int((long long)n), sx = dossier_exact_int(0), sy = sx;
  for (size_t i = 0; i < n; i++) {
    sx = dossier_q_add(sx, x[i], &failed);
    sy = dossier_q_add(sy, y[i], &failed);
  }
  dossier_exact mx = dossier_q_div(sx, count, &failed), my = dossier_q_div(sy, count, &failed);
  dossier_exact sxx = dossier_exact_int(0), sxy = sxx, syy = sxx;
  for (size_t i = 0; i < n; i++) {
    dossier_exact dx = dossier_q_sub(x[i], mx, &failed);
    dossier_exact dy = dossier_q_sub(y[i], my, &failed);
    sxx = dossier_q_add(sxx, dossier_q_mul(dx, dx, &failed), &failed);
    sxy = dossier_q_add(sxy, dossier_q_mul(dx, dy, &failed), &failed);
    syy = dossier_q_add(syy, dossier_q_mul(dy, dy, &failed), &failed);
  }
  if (failed) return dossier_diag_nomem(diag);
  if (dossier_exact_sign(sxx) <= 0)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                            "a trend needs at least 2 different years");
  dossier_exact slope = dossier_q_div(sxy, sxx, &failed);
  /* SSE = Syy − slope·Sxy, exact: no cancellation to fear */
  dossier_exact sse = dossier_q_sub(syy, dossier_q_mul(slope, sxy, &failed), &failed);
  dossier_exact intercept = dossier_q_sub(my, dossier_q_mul(slope, mx, &failed), &failed);
  int has_r2 = dossier_exact_sign(syy) > 0;
  dossier_exact r2 =
      has_r2 ? dossier_q_sub(dossier_exact_int(1), dossier_q_div(sse, syy, &failed), &failed)
             : dossier_exact_int(0);
  if (failed) return dossier_diag_nomem(diag);
  out->n = n;
  out->slope = dossier_exact_to_double(slope);
  out->intercept = dossier_exact_to_double(intercept);
  out->sse = dossier_exact_to_double(sse);
  out->x_mean = dossier_exact_to_double(mx);
  out->sxx = dossier_exact_to_double(sxx);
  out->y_mean = dossier_exact_to_double(my);
  /* With equal values there is nothing to explain: R² is undefined, not 1 or 0. */
  out->has_r2 = has_r2;
  out->r2 = dossier_exact_to_double(r2);
  if (!isfinite(out->slope) || !isfinite(out->sse) || !isfinite(out->intercept))
    return dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "linear fit failed: the values are too large for an estimate");
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
