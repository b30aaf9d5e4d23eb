/* test_exact: the exact rationals every printed figure is computed with
 * (stats/exact.h) — parsing the dataset's decimals, arithmetic, comparison,
 * rounding half away from zero, and how `dossier figures` prints them. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "stats/exact.h"

static dossier_exact q(const char *text) {
  dossier_exact v = dossier_exact_int(-999);
  CHECK_INT(dossier_exact_parse(&v, text, strlen(text)), 0);
  return v;
}

static const char *text_of(dossier_exact v) {
  static char buf[DOSSIER_EXACT_TEXT];
  CHECK(dossier_exact_text(v, buf, sizeof buf) > 0);
  return buf;
}

static const char *round_to(const char *text, int decimals) {
  static char buf[DOSSIER_EXACT_TEXT];
  CHECK(dossier_exact_round(q(text), decimals, buf, sizeof buf) > 0);
  return buf;
}

static const char *json_of(dossier_exact v) {
  static char buf[DOSSIER_EXACT_TEXT];
  CHECK(dossier_exact_json(v, buf, sizeof buf) > 0);
  return buf;
}

TEST(json_number_literals_parse_to_their_exact_value) {
  CHECK_STR(text_of(q("87.35")), "87.35");
  CHECK_STR(text_of(q("-12")), "-12");
  CHECK_STR(text_of(q("1.5e3")), "1500");
  CHECK_STR(text_of(q("2.5E-2")), "0.025");
  CHECK_STR(text_of(q("0.000")), "0");
  dossier_exact v;
  CHECK_INT(dossier_exact_parse(&v, "1.2.3", 5), -1);
  CHECK_INT(dossier_exact_parse(&v, "", 0), -1);
  CHECK_INT(dossier_exact_parse(&v, "1e999", 5), -1);
  CHECK_INT(dossier_exact_parse(&v, "12a", 3), -1);
}

TEST(arithmetic_is_exact_where_binary_floating_point_is_not) {
  dossier_exact r;
  CHECK_INT(dossier_exact_sub(&r, q("87.35"), q("85")), 0);
  CHECK_STR(text_of(r), "2.35");
  CHECK_INT(dossier_exact_sub(&r, q("88.05"), q("86.2")), 0);
  CHECK_STR(text_of(r), "1.85");
  /* (70.1 + 70.3)/2 − 70.2 is −1.42e-14 in doubles, 0 exactly */
  CHECK_INT(dossier_exact_add(&r, q("70.1"), q("70.3")), 0);
  CHECK_INT(dossier_exact_div(&r, r, dossier_exact_int(2)), 0);
  CHECK_INT(dossier_exact_sub(&r, r, q("70.2")), 0);
  CHECK(dossier_exact_is_zero(r));
  CHECK_INT(dossier_exact_div(&r, q("1"), q("3")), 0);
  CHECK_STR(text_of(r), "1/3");
  CHECK_INT(dossier_exact_div(&r, q("1"), q("0")), -1);
}

TEST(sums_of_in_range_figures_keep_every_digit) {
  dossier_exact r = dossier_exact_int(0);
  int overflow = 0;
  r = dossier_q_add(r, q("1000000000000000"), &overflow);
  r = dossier_q_add(r, q("1000000000000000"), &overflow);
  r = dossier_q_add(r, q("2500000000000005"), &overflow);
  CHECK_INT(overflow, 0);
  CHECK_STR(text_of(r), "4500000000000005"); /* a double gives …004 or …008 */
}

TEST(comparison_is_exact_and_never_overflows) {
  CHECK_INT(dossier_exact_cmp(q("95"), q("95.0")), 0);
  CHECK_INT(dossier_exact_cmp(q("94.999999"), q("95")), -1);
  CHECK_INT(dossier_exact_cmp(q("-1"), q("-2")), 1);
  dossier_exact third, big;
  dossier_exact_div(&third, q("1"), q("3"));
  dossier_exact_div(&big, q("333333333333333333333333333333333"),
                    q("1000000000000000000000000000000000"));
  CHECK_INT(dossier_exact_cmp(third, big), 1);
}

TEST(rounding_is_half_away_from_zero_on_the_decimal_value) {
  CHECK_STR(round_to("30.26666", 1), "30.3");
  CHECK_STR(round_to("5.25", 1), "5.3");
  CHECK_STR(round_to("87.35", 1), "87.4");
  CHECK_STR(round_to("-2.35", 1), "-2.4");
  CHECK_STR(round_to("2.5", 0), "3");
  CHECK_STR(round_to("-0.04", 1), "0.0"); /* zero has no sign */
  CHECK_STR(round_to("9.96", 1), "10.0");
  CHECK_STR(round_to("0.00000000000001", 2), "0.00"); /* tiny values, any size */
  CHECK_STR(round_to("1e-30", 3), "0.000");
}

TEST(figures_print_in_json_as_their_exact_decimal_or_17_digits) {
  CHECK_STR(json_of(q("2.35")), "2.35");
  CHECK_STR(json_of(q("4500000000000005")), "4500000000000005");
  dossier_exact r;
  dossier_exact_div(&r, q("100"), q("3"));
  CHECK_STR(json_of(r), "33.333333333333333");
  dossier_exact_div(&r, q("2"), q("3"));
  CHECK_STR(json_of(r), "0.66666666666666667");
  dossier_exact_div(&r, q("1"), q("300000"));
  CHECK_STR(json_of(r), "0.0000033333333333333333");
}

TEST(a_figure_node_carries_its_exact_value) {
  dossier_exact r;
  dossier_exact_sub(&r, q("87.35"), q("85"));
  cJSON *node = dossier_exact_node(r);
  CHECK(node != NULL);
  CHECK_NEAR(node->valuedouble, 2.35, 1e-15);
  dossier_exact back;
  CHECK_INT(dossier_exact_of(node, &back), 0);
  CHECK_INT(dossier_exact_cmp(back, r), 0);
  cJSON *copy = cJSON_Duplicate(node, 1); /* the exact text goes with it */
  CHECK_INT(dossier_exact_of(copy, &back), 0);
  CHECK_INT(dossier_exact_cmp(back, r), 0);
  cJSON_Delete(copy);
  cJSON_Delete(node);
  /* a number without its exact text reads at 15 significant digits */
  cJSON *plain = cJSON_CreateNumber(7.4999999999999964);
  CHECK_INT(dossier_exact_of(plain, &back), 0);
  CHECK_INT(dossier_exact_cmp(back, q("7.5")), 0);
  cJSON_Delete(plain);
  /* …and a large one with every whole digit and the half after them */
  plain = cJSON_CreateNumber(1228639309701390.5);
  CHECK_INT(dossier_exact_of(plain, &back), 0);
  CHECK_INT(dossier_exact_cmp(back, q("1228639309701390.5")), 0);
  cJSON_Delete(plain);
}

/* The mean of n yearly rates p_i/q_i · 100 with distinct large denominators:
 * exact however many digits its denominator takes. */
static dossier_exact mean_of_rates(const long long (*years)[2], size_t n) {
  dossier_exact sum = dossier_exact_int(0);
  int failed = 0;
  for (size_t i = 0; i < n; i++) {
    dossier_exact rate = dossier_q_div(dossier_q_mul(dossier_exact_int(years[i][0]),
                                                     dossier_exact_int(100), &failed),
                                       dossier_exact_int(years[i][1]), &failed);
    sum = dossier_q_add(sum, rate, &failed);
  }
  CHECK_INT(failed, 0);
  return dossier_q_div(sum, dossier_exact_int((long long)n), &failed);
}

/* twenty years of numerator/denominator, denominators pairwise coprime and
 * near 10^15: the common denominator has about 300 digits */
static const long long twenty_years[20][2] = {
    {999999999999989, 999999999999999}, {999999999999937, 999999999999997},
    {999999999999863, 999999999999991}, {999999999999877, 999999999999989},
    {999999999999811, 999999999999983}, {999999999999701, 999999999999977},
    {999999999999601, 999999999999971}, {999999999999501, 999999999999967},
    {999999999999401, 999999999999961}, {999999999999301, 999999999999959},
    {999999999999201, 999999999999953}, {999999999999101, 999999999999947},
    {999999999999001, 999999999999943}, {999999999998901, 999999999999937},
    {999999999998801, 999999999999931}, {999999999998701, 999999999999929},
    {999999999998601, 999999999999923}, {999999999998501, 999999999999919},
    {999999999998401, 999999999999917}, {999999999998301, 999999999999913}};

TEST(values_beyond_128_bits_stay_exact) {
  dossier_exact_scope_enter();
  dossier_exact mean = mean_of_rates(twenty_years, 20);
  CHECK(mean.big != NULL); /* the case this is about */
  CHECK(!dossier_exact_is_whole(mean));
  CHECK_INT(dossier_exact_sign(mean), 1);
  /* every rate is a hair under 100 %: so is their mean, and it rounds to 100 */
  CHECK_INT(dossier_exact_cmp(mean, dossier_exact_int(100)), -1);
  CHECK_INT(dossier_exact_cmp(mean, q("99.99999999")), 1);
  char buf[DOSSIER_EXACT_TEXT];
  CHECK(dossier_exact_round(mean, 1, buf, sizeof buf) > 0);
  CHECK_STR(buf, "100.0");
  CHECK(dossier_exact_round(mean, 12, buf, sizeof buf) > 0);
  CHECK_STR(buf, "99.999999999927"); /* as Python's fractions compute it */
  /* its text reads back to the same value, through a figures node too */
  char *text = dossier_exact_text_new(mean);
  CHECK(text != NULL && strchr(text, '/') != NULL && strlen(text) > 500);
  dossier_exact back;
  CHECK_INT(dossier_exact_parse_text(&back, text), 0);
  CHECK_INT(dossier_exact_cmp(back, mean), 0);
  free(text);
  cJSON *node = dossier_exact_node(mean);
  CHECK(node != NULL);
  CHECK_INT(dossier_exact_of(node, &back), 0);
  CHECK_INT(dossier_exact_cmp(back, mean), 0);
  CHECK_NEAR(node->valuedouble, 99.999999999927, 1e-9);
  cJSON_Delete(node);
  /* and arithmetic with it comes back to 128 bits when the result fits */
  dossier_exact zero;
  CHECK_INT(dossier_exact_sub(&zero, mean, back), 0);
  CHECK(dossier_exact_is_zero(zero) && zero.big == NULL);
  dossier_exact margin, gap;
  CHECK_INT(dossier_exact_sub(&margin, mean, dossier_exact_int(100)), 0);
  CHECK_INT(dossier_exact_sign(margin), -1);
  gap = dossier_exact_abs(margin);
  CHECK_INT(dossier_exact_sign(gap), 1);
  CHECK_STR(json_of(margin), "-7.3070000000004669e-11");
  dossier_exact_scope_leave();
}

TEST(a_mean_of_large_rates_that_lands_on_a_target_is_equal_to_it) {
  dossier_exact_scope_enter();
  /* p/q + (q−p)/q' with q ≠ q': the big sum cancels to exactly 100 · 1 / 2 */
  static const long long two[2][2] = {{333333333333331, 999999999999999},
                                      {666666666666668, 999999999999997}};
  dossier_exact mean = mean_of_rates(two, 2), half = q("50");
  /* not exactly 50: the denominators differ */
  CHECK(dossier_exact_cmp(mean, half) != 0);
  /* exactly equal values built two ways compare equal, however large */
  dossier_exact a, b, c;
  CHECK_INT(dossier_exact_add(&a, mean, mean), 0);
  CHECK_INT(dossier_exact_mul(&b, mean, dossier_exact_int(2)), 0);
  CHECK_INT(dossier_exact_cmp(a, b), 0);
  CHECK_INT(dossier_exact_div(&c, b, dossier_exact_int(2)), 0);
  CHECK_INT(dossier_exact_cmp(c, mean), 0);
  dossier_exact_scope_leave();
}

TEST(long_terminating_decimals_print_whole_and_read_back) {
  dossier_exact tiny; /* 2^-60: 60 decimal places */
  CHECK_INT(dossier_exact_parse_text(&tiny, "1/1152921504606846976"), 0);
  CHECK_STR(text_of(tiny), "1/1152921504606846976"); /* beyond 38 places: a fraction */
  dossier_exact v; /* 2^-30: 30 places, more than rounding's 20 */
  CHECK_INT(dossier_exact_parse_text(&v, "1/1073741824"), 0);
  CHECK_STR(text_of(v), "0.000000000931322574615478515625");
  dossier_exact back;
  CHECK_INT(dossier_exact_parse_text(&back, text_of(v)), 0);
  CHECK_INT(dossier_exact_cmp(back, v), 0);
}
