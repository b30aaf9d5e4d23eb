/* test_target: attainment, margin and met, per kind and direction, exactly. */
#include <string.h>

#include "check.h"
#include "stats/target.h"

/* The exact value of a decimal written as text. */
static dossier_exact q(const char *text) {
  dossier_exact v = dossier_exact_int(0);
  dossier_exact_parse(&v, text, strlen(text));
  return v;
}

static const char *text_of(dossier_exact v) {
  static char buf[DOSSIER_EXACT_TEXT];
  dossier_exact_text(v, buf, sizeof buf);
  return buf;
}

static const char *rounded(dossier_exact v, int decimals) {
  static char buf[DOSSIER_EXACT_TEXT];
  dossier_exact_round(v, decimals, buf, sizeof buf);
  return buf;
}

TEST(count_above_target_has_relative_margin_in_percent) {
  dossier_target_result r;
  int overflow = 0;
  dossier_target_evaluate(&r, q("977"), q("750"), 0, 0, &overflow);
  CHECK_STR(text_of(r.attainment_pct), "1954/15"); /* 130.2666… */
  CHECK_STR(text_of(r.margin), "454/15");
  CHECK_STR(rounded(r.margin, 1), "30.3");
  CHECK(!r.margin_in_points);
  CHECK(r.met);
  CHECK_INT(overflow, 0);
}

TEST(rate_margin_is_in_percentage_points_never_a_ratio) {
  dossier_target_result r;
  int overflow = 0;
  dossier_target_evaluate(&r, q("98.7"), q("80"), 1, 0, &overflow);
  CHECK_STR(text_of(r.margin), "18.7"); /* not (98.7/80 − 1)·100 = 23.4 */
  CHECK(r.margin_in_points);
  CHECK(r.met);
}

TEST(a_difference_of_decimals_is_exact) {
  dossier_target_result r;
  int overflow = 0;
  dossier_target_evaluate(&r, q("87.35"), q("85"), 1, 0, &overflow);
  CHECK_STR(text_of(r.margin), "2.35"); /* binary: 2.3499999999999943 */
  CHECK_STR(rounded(r.margin, 1), "2.4");
}

TEST(equal_to_target_counts_as_met_in_both_directions_with_no_tolerance) {
  dossier_target_result r;
  int overflow = 0;
  dossier_target_evaluate(&r, q("95"), q("95"), 1, 0, &overflow);
  CHECK(r.met);
  CHECK(dossier_exact_is_zero(r.margin));
  dossier_target_evaluate(&r, q("95"), q("95"), 1, 1, &overflow);
  CHECK(r.met);
  /* a hair under is missed: the verdict is exact */
  dossier_target_evaluate(&r, q("94.999999"), q("95"), 1, 0, &overflow);
  CHECK(!r.met);
}

TEST(count_below_target_is_missed_with_its_attainment) {
  dossier_target_result r;
  int overflow = 0;
  dossier_target_evaluate(&r, q("1999"), q("2000"), 0, 0, &overflow);
  CHECK(!r.met);
  CHECK_STR(text_of(r.attainment_pct), "99.95");
  CHECK_STR(text_of(r.margin), "-0.05");
}

TEST(at_most_target_is_met_below_and_missed_above) {
  dossier_target_result r;
  int overflow = 0;
  dossier_target_evaluate(&r, q("0.6"), q("1"), 1, 1, &overflow);
  CHECK(r.met);
  CHECK_STR(text_of(r.margin), "-0.4");
  dossier_target_evaluate(&r, q("2.05"), q("2"), 1, 1, &overflow);
  CHECK(!r.met);
  CHECK_STR(text_of(r.margin), "0.05");
}

TEST(zero_count_target_has_no_attainment_or_margin) {
  dossier_target_result r;
  int overflow = 0;
  dossier_target_evaluate(&r, q("0"), q("0"), 0, 1, &overflow); /* "no member expelled" */
  CHECK(!r.has_attainment);
  CHECK(!r.has_margin);
  CHECK(r.met);
}

TEST(relative_change_is_the_difference_over_the_base) {
  int overflow = 0;
  CHECK_STR(text_of(dossier_relative_pct(q("2009"), q("2000"), &overflow)), "0.45");
  CHECK_STR(text_of(dossier_relative_pct(q("10045"), q("10000"), &overflow)), "0.45");
  CHECK_STR(text_of(dossier_relative_pct(q("0"), q("5"), &overflow)), "-100");
  CHECK_INT(overflow, 0);
}
