/* test_target: attainment, margin and met, per kind and direction. */
#include "check.h"
#include "stats/decimal.h"
#include "stats/target.h"

TEST(count_above_target_has_relative_margin_in_percent) {
  dossier_target_result r;
  dossier_target_evaluate(&r, 977, 750, 0, 0);
  CHECK_NEAR(r.attainment_pct, 130.26666666666667, 1e-9);
  CHECK_NEAR(r.margin, 30.266666666666667, 1e-9);
  CHECK(!r.margin_in_points);
  CHECK(r.met);
}

TEST(rate_margin_is_in_percentage_points_never_a_ratio) {
  dossier_target_result r;
  dossier_target_evaluate(&r, 98.7, 80, 1, 0);
  CHECK_NEAR(r.margin, 18.7, 1e-9); /* not (98.7/80 − 1)·100 = 23.4 */
  CHECK(r.margin_in_points);
  CHECK(r.met);
}

TEST(equal_to_target_counts_as_met_in_both_directions) {
  dossier_target_result r;
  dossier_target_evaluate(&r, 95, 95, 1, 0);
  CHECK(r.met);
  CHECK_NEAR(r.margin, 0, 0);
  dossier_target_evaluate(&r, 95, 95, 1, 1);
  CHECK(r.met);
  /* a mean of rates that is 95 in decimal but not in binary is still met */
  dossier_target_evaluate(&r, (94.9 + 95.1 + 95.0) / 3.0, 95, 1, 0);
  CHECK(r.met);
}

TEST(count_below_target_is_missed_with_its_attainment) {
  dossier_target_result r;
  dossier_target_evaluate(&r, 706.5, 750, 0, 0);
  CHECK(!r.met);
  CHECK_NEAR(r.attainment_pct, 94.2, 1e-9);
  CHECK_NEAR(r.margin, -5.8, 1e-9);
}

TEST(at_most_target_is_met_below_and_missed_above) {
  dossier_target_result r;
  dossier_target_evaluate(&r, 0.6, 1.0, 1, 1);
  CHECK(r.met);
  CHECK_NEAR(r.margin, -0.4, 1e-12);
  dossier_target_evaluate(&r, 1.3, 1.0, 1, 1);
  CHECK(!r.met);
  CHECK_NEAR(r.margin, 0.3, 1e-12);
}

TEST(zero_count_target_has_no_attainment_or_margin) {
  dossier_target_result r;
  dossier_target_evaluate(&r, 0, 0, 0, 1); /* e.g. "no member expelled" */
  CHECK(!r.has_attainment);
  CHECK(!r.has_margin);
  CHECK(r.met);
}

/* QA #1: (a/b − 1)·100 gave 0.44999999999999485 for 2009 against 2000, and a
 * report printed "vượt 0,4%" where 0,45% rounds to 0,5% */
TEST(relative_margin_keeps_its_last_digit_for_rounding) {
  dossier_target_result r;
  char text[32];
  dossier_target_evaluate(&r, 2009, 2000, 0, 0);
  CHECK(dossier_decimal_round(r.margin, 1, text, sizeof text) > 0);
  CHECK_STR(text, "0.5");
  dossier_target_evaluate(&r, 10045, 10000, 0, 0);
  CHECK(dossier_decimal_round(r.margin, 1, text, sizeof text) > 0);
  CHECK_STR(text, "0.5");
  dossier_target_evaluate(&r, 1991, 2000, 0, 1); /* "thấp hơn mức tối đa 0,5%" */
  CHECK(dossier_decimal_round(r.margin, 1, text, sizeof text) > 0);
  CHECK_STR(text, "-0.5");
}

TEST(relative_change_is_the_difference_over_the_base) {
  char text[32];
  CHECK(dossier_decimal_round(dossier_relative_pct(2009, 2000), 1, text, sizeof text) > 0);
  CHECK_STR(text, "0.5");
  CHECK(dossier_decimal_round(dossier_relative_pct(10045, 10000), 1, text, sizeof text) > 0);
  CHECK_STR(text, "0.5");
  CHECK_NEAR(dossier_relative_pct(977, 750), 30.266666666666666, 1e-12);
  CHECK_NEAR(dossier_relative_pct(0, 5), -100, 0);
}
