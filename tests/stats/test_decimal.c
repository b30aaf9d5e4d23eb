/* Rounding of figures for print: half away from zero on the decimal value. */
#include "check.h"
#include "stats/decimal.h"

static const char *rounded(double v, int decimals) {
  static char buf[8][64];
  static int slot;
  slot = (slot + 1) % 8;
  if (dossier_decimal_round(v, decimals, buf[slot], sizeof buf[slot]) < 0) return "(error)";
  return buf[slot];
}

TEST(decimal_should_round_a_repeating_fraction_to_one_place) {
  CHECK_STR(rounded(977.0 / 750.0 * 100.0 - 100.0, 1), "30.3"); /* 30,2666… */
}

TEST(decimal_should_round_an_exact_half_away_from_zero) {
  CHECK_STR(rounded(5.25, 1), "5.3");
  CHECK_STR(rounded(-5.25, 1), "-5.3");
  CHECK_STR(rounded(0.5, 0), "1");
  CHECK_STR(rounded(2.5, 0), "3");
  CHECK_STR(rounded(93.15, 1), "93.2");
}

TEST(decimal_should_round_a_mean_of_exactly_87_35_up) {
  double mean = (87.3 + 87.4) / 2.0; /* 87.35 as a person computes it */
  CHECK_STR(rounded(mean, 1), "87.4");
  CHECK_STR(rounded(87.35, 1), "87.4"); /* stored as 87.349999999999994 */
  CHECK_STR(rounded((1.1 + 2.2) / 2.0 * 10.0, 0), "17"); /* 16.500000000000004 */
}

TEST(decimal_should_not_round_a_value_that_is_really_below_the_half) {
  CHECK_STR(rounded(87.3499, 1), "87.3");
  CHECK_STR(rounded(68.0 / 73.0 * 100.0, 1), "93.2"); /* 93,150… */
}

TEST(decimal_should_print_integers_and_zero_without_sign_noise) {
  CHECK_STR(rounded(4925.0, 0), "4925");
  CHECK_STR(rounded(98.7, 1), "98.7");
  CHECK_STR(rounded(-0.04, 1), "0.0");
  CHECK_STR(rounded(0.0, 2), "0.00");
  CHECK_STR(rounded(9.96, 1), "10.0");
  CHECK_STR(rounded(999.95, 1), "1000.0");
  CHECK_STR(rounded(1e-30, 1), "0.0");
  CHECK_STR(rounded(123456789.0, 0), "123456789");
}

TEST(decimal_should_refuse_nan_and_infinity) {
  char buf[16];
  CHECK(dossier_decimal_round(NAN, 1, buf, sizeof buf) == -1);
  CHECK(dossier_decimal_round(INFINITY, 1, buf, sizeof buf) == -1);
  CHECK_STR(buf, "");
  CHECK(dossier_decimal_round(1.0, 1, buf, 3) == -1); /* "1.0" needs 4 bytes */
}
