/* test_trend: the OLS trend and its prediction interval. */
#include <math.h>

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "stats/trend.h"

/* Fits the points given as doubles, each read as the exact decimal it
 * prints as in 15 digits (0.2, not the double nearest it), as a dataset's
 * numbers are. */
static dossier_status fit_points(dossier_trend *fit, const double *x, const double *y, size_t n,
                                 dossier_diag *diag) {
  dossier_exact ex[64], ey[64];
  for (size_t i = 0; i < n && i < 64; i++) {
    char text[40];
    snprintf(text, sizeof text, "%.15g", x[i]);
    CHECK_INT(dossier_exact_parse(&ex[i], text, strlen(text)), 0);
    snprintf(text, sizeof text, "%.15g", y[i]);
    CHECK_INT(dossier_exact_parse(&ey[i], text, strlen(text)), 0);
  }
  return dossier_trend_fit(fit, ex, ey, n, diag);
}

/* NIST StRD linear regression data set "Norris" (lower difficulty): 36
 * observations, y = customer's ozone measurement, x = NIST's. */
static const double norris_x[36] = {
    0.2,   337.4, 118.2, 884.6, 10.1,  226.5, 666.3, 996.3, 448.6, 777.0, 558.2, 0.4,
    0.6,   775.5, 666.9, 338.0, 447.5, 11.6,  556.0, 228.1, 995.8, 887.6, 120.2, 0.3,
    0.3,   556.8, 339.1, 887.2, 999.0, 779.0, 11.1,  118.3, 229.2, 669.1, 448.9, 0.5};
static const double norris_y[36] = {
    0.1,   338.8, 118.1, 888.0, 9.2,   228.1, 668.5, 998.5, 449.1, 778.9, 559.2, 0.3,
    0.1,   778.1, 668.8, 339.3, 448.9, 10.8,  557.7, 228.3, 998.0, 888.8, 119.6, 0.3,
    0.6,   557.6, 339.3, 888.0, 998.5, 778.9, 10.2,  117.6, 228.9, 668.4, 449.2, 0.2};

TEST(trend_matches_nist_norris_certified_values) {
  dossier_trend fit;
  CHECK_INT(fit_points(&fit, norris_x, norris_y, 36, NULL), DOSSIER_OK);
  /* certified to 15 digits; a double fit agrees to about 1e-12 relative */
  CHECK_NEAR(fit.slope, 1.00211681802045, 1e-12);
  CHECK_NEAR(fit.intercept, -0.262323073774029, 1e-10);
  CHECK(fit.has_r2);
  CHECK_NEAR(fit.r2, 0.999993745883712, 1e-12);
}

TEST(prediction_interval_matches_hand_computation) {
  /* x = 1..4, y = 1, 3, 2, 4. By hand: x̄ = 2.5, Sxx = 5, Sxy = 4, slope 0.8,
   * intercept 0.5; residuals −0.3, 0.9, −0.9, 0.3, SSE = 1.8, s² = SSE/2 = 0.9.
   * At x0 = 5: ŷ = 4.5, se = s·sqrt(1 + 1/4 + 2.5²/5) = sqrt(0.9·2.5) = 1.5.
   * For 2 degrees of freedom the t quantile has a closed form: F(t) = 1/2 +
   * t/(2·sqrt(2 + t²)), so t(0.975) = 0.95·sqrt(2/(1 − 0.95²)) = 4.30265….
   * Interval: 4.5 ± 1.5·t. Tolerance 1e-9 (well above double rounding). */
  const double x[4] = {1, 2, 3, 4}, y[4] = {1, 3, 2, 4};
  dossier_trend fit;
  CHECK_INT(fit_points(&fit, x, y, 4, NULL), DOSSIER_OK);
  CHECK_NEAR(fit.slope, 0.8, 1e-12);
  CHECK_NEAR(fit.intercept, 0.5, 1e-12);
  CHECK_NEAR(fit.r2, 1.0 - 1.8 / 5.0, 1e-12); /* SST = 5 */
  double t = 0.95 * sqrt(2.0 / (1.0 - 0.95 * 0.95));
  double low = 0, high = 0;
  CHECK_NEAR(dossier_trend_value(&fit, 5), 4.5, 1e-12);
  CHECK_INT(dossier_trend_interval(&low, &high, &fit, 5, 0.95, NULL), DOSSIER_OK);
  CHECK_NEAR(low, 4.5 - 1.5 * t, 1e-9);
  CHECK_NEAR(high, 4.5 + 1.5 * t, 1e-9);
}

TEST(prediction_interval_is_the_same_on_calendar_years) {
  /* the same data on years 2016..2019: nothing may be lost to the large x */
  const double x[4] = {2016, 2017, 2018, 2019}, y[4] = {1, 3, 2, 4};
  dossier_trend fit;
  CHECK_INT(fit_points(&fit, x, y, 4, NULL), DOSSIER_OK);
  double t = 0.95 * sqrt(2.0 / (1.0 - 0.95 * 0.95));
  double low = 0, high = 0;
  CHECK_INT(dossier_trend_interval(&low, &high, &fit, 2020, 0.95, NULL), DOSSIER_OK);
  CHECK_NEAR(dossier_trend_value(&fit, 2020), 4.5, 1e-9);
  CHECK_NEAR(low, 4.5 - 1.5 * t, 1e-9);
  CHECK_NEAR(high, 4.5 + 1.5 * t, 1e-9);
}

TEST(trend_of_one_year_is_refused) {
  const double x[1] = {2020}, y[1] = {5};
  dossier_trend fit;
  dossier_diag *diag = dossier_diag_new();
  CHECK_INT(fit_points(&fit, x, y, 1, diag), DOSSIER_ERR_DATA);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "at least 2 years");
  dossier_diag_free(diag);
}

TEST(two_years_give_a_line_but_no_interval) {
  const double x[2] = {2016, 2020}, y[2] = {4710, 4925};
  dossier_trend fit;
  CHECK_INT(fit_points(&fit, x, y, 2, NULL), DOSSIER_OK);
  CHECK_NEAR(fit.slope, (4925.0 - 4710.0) / 4.0, 1e-9);
  CHECK_NEAR(fit.r2, 1.0, 1e-12);
  double low = -1, high = -1;
  CHECK_INT(dossier_trend_interval(&low, &high, &fit, 2021, 0.95, NULL), DOSSIER_ERR_DATA);
  CHECK(low == -1 && high == -1);
}

TEST(equal_values_have_zero_slope_and_undefined_r2) {
  const double x[5] = {2016, 2017, 2018, 2019, 2020}, y[5] = {95, 95, 95, 95, 95};
  dossier_trend fit;
  CHECK_INT(fit_points(&fit, x, y, 5, NULL), DOSSIER_OK);
  CHECK_NEAR(fit.slope, 0, 1e-12);
  CHECK(!fit.has_r2);
  double low = 0, high = 0;
  CHECK_INT(dossier_trend_interval(&low, &high, &fit, 2021, 0.95, NULL), DOSSIER_OK);
  CHECK_NEAR(low, 95, 1e-9);
  CHECK_NEAR(high, 95, 1e-9);
}

TEST(same_year_twice_cannot_make_a_trend) {
  const double x[2] = {2018, 2018}, y[2] = {1, 2};
  dossier_trend fit;
  CHECK_INT(fit_points(&fit, x, y, 2, NULL), DOSSIER_ERR_DATA);
}

TEST(trend_of_rates_a_hair_under_100_keeps_its_spread) {
  /* yearly rates 99,9999999829997 … as numerator/denominator make: a double
   * holds ~1e-14 of them, as much as their spread; the exact sums keep R² */
  dossier_exact x[3], y[3];
  static const long long num[3] = {999999999829997, 999999999677848, 999999999137353};
  for (int i = 0; i < 3; i++) {
    x[i] = dossier_exact_int(1970 + i);
    CHECK_INT(dossier_exact_div(&y[i], dossier_exact_int(num[i]), dossier_exact_int(10000000000000)), 0);
  }
  dossier_trend fit;
  CHECK_INT(dossier_trend_fit(&fit, x, y, 3, NULL), DOSSIER_OK);
  /* r² = Sxy²/(Sxx·Syy), computed with Python's fractions: 0.9051540553781028
   * (a fit on the doubles gave 0.905154000085967) */
  CHECK_NEAR(fit.r2, 0.9051540553781028, 1e-12);
}
