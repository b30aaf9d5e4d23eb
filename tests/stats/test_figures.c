/* test_figures: the figures tree, against the seed figures of DOMAIN.md and
 * numbers computed independently in the test. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support.h"
#include "stats/dataset.h"
#include "stats/exact.h"
#include "stats/figures.h"

static cJSON *hai_duong(void) {
  return support_figures_of_file("fixtures/hai-duong-2015-2020.json", NULL);
}

/* A dataset with one indicator given as JSON text, period 2016–2020. */
static cJSON *one_indicator(const char *indicator) {
  char text[2048];
  snprintf(text, sizeof text,
           "{\"organization\": {\"name\": \"Chi bộ thử\"}, \"period\": {\"from\": 2016, \"to\": "
           "2020}, \"indicators\": {\"x\": %s}}",
           indicator);
  return support_figures_of_json("test.json", text, NULL);
}

TEST(seed_001_admissions_exceed_target_by_30_3_percent) {
  cJSON *f = hai_duong();
  CHECK(f != NULL);
  CHECK_NEAR(support_num(f, "indicators.admissions.term"), 977, 0);
  CHECK_STR(support_str(f, "indicators.admissions.basis"), "sum");
  CHECK_NEAR(support_num(f, "indicators.admissions.target.value"), 750, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.target.attainment_pct"), 977.0 / 750.0 * 100.0, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.admissions.target.attainment_pct"), 130.2666666666667, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.admissions.target.margin"), 30.26666666666667, 1e-9);
  CHECK_STR(support_str(f, "indicators.admissions.target.margin_unit"), "%");
  CHECK(cJSON_IsTrue(support_at(f, "indicators.admissions.target.met")));
  cJSON_Delete(f);
}

TEST(seed_001_clean_strong_rate_is_a_yearly_mean_18_7_points_above) {
  cJSON *f = hai_duong();
  CHECK_NEAR(support_num(f, "indicators.clean_strong_rate.term"), 98.7, 1e-9);
  CHECK_STR(support_str(f, "indicators.clean_strong_rate.basis"), "mean");
  CHECK_NEAR(support_num(f, "indicators.clean_strong_rate.target.margin"), 18.7, 1e-9);
  CHECK_STR(support_str(f, "indicators.clean_strong_rate.target.margin_unit"), "pp");
  CHECK(cJSON_IsTrue(support_at(f, "indicators.clean_strong_rate.target.met")));
  CHECK_NEAR(support_num(f, "indicators.clean_strong_rate.target.years_met"), 5, 0);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.clean_strong_rate.target.years.2018.met")));
  CHECK_NEAR(support_num(f, "indicators.clean_strong_rate.target.years.2018.margin"), 18.6, 1e-9);
  cJSON_Delete(f);
}

TEST(seed_001_members_good_rate_equal_to_target_is_met) {
  cJSON *f = hai_duong();
  CHECK_NEAR(support_num(f, "indicators.members_good_rate.term"), 95, 1e-12);
  CHECK_NEAR(support_num(f, "indicators.members_good_rate.target.margin"), 0, 1e-12);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.members_good_rate.target.met")));
  CHECK(cJSON_IsTrue(support_at(f, "indicators.members_good_rate.target.all_years_met")));
  /* equal values: flat trend, R² undefined */
  CHECK_NEAR(support_num(f, "indicators.members_good_rate.trend.slope"), 0, 1e-12);
  CHECK(support_is_null(f, "indicators.members_good_rate.trend.r2"));
  cJSON_Delete(f);
}

TEST(seed_001_organizations_are_the_sum_of_their_parts) {
  cJSON *f = hai_duong();
  CHECK_NEAR(support_num(f, "indicators.base_organizations.term"), 68, 0);
  CHECK_STR(support_str(f, "indicators.base_organizations.parts.0.id"), "base_party_committees");
  CHECK_NEAR(support_num(f, "indicators.base_organizations.parts.0.term"), 47, 0);
  CHECK_NEAR(support_num(f, "indicators.base_organizations.parts.1.term"), 21, 0);
  CHECK_NEAR(support_num(f, "indicators.members.term"), 4925, 0);
  CHECK_STR(support_str(f, "indicators.members.basis"), "last");
  CHECK_NEAR(support_num(f, "indicators.inspections.term"), 8, 0);
  CHECK_STR(support_str(f, "indicators.inspections.basis"), "value");
  cJSON_Delete(f);
}

TEST(forecast_covers_the_next_term_with_an_interval) {
  cJSON *f = hai_duong();
  const cJSON *fc = support_at(f, "indicators.admissions.trend.forecast");
  CHECK_INT(cJSON_GetArraySize(fc), 5);
  CHECK_NEAR(support_num(f, "indicators.admissions.trend.forecast.0.year"), 2021, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.trend.forecast.4.year"), 2025, 0);
  /* admissions 182, 195, 204, 199, 197 on 2016..2020: slope = Sxy/Sxx = 34/10 */
  CHECK_NEAR(support_num(f, "indicators.admissions.trend.slope"), 3.4, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.admissions.trend.forecast.0.value"), 195.4 + 3.4 * 3, 1e-9);
  double low = support_num(f, "indicators.admissions.trend.forecast.0.low");
  double high = support_num(f, "indicators.admissions.trend.forecast.0.high");
  CHECK(low < 205.6 && 205.6 < high);
  CHECK_NEAR((low + high) / 2, 205.6, 1e-9);
  cJSON_Delete(f);
}

TEST(change_over_the_term_and_per_year) {
  cJSON *f = hai_duong();
  CHECK_NEAR(support_num(f, "indicators.members.change.absolute"), 4925 - 4560, 0);
  CHECK_NEAR(support_num(f, "indicators.members.change.relative_pct"), (4925.0 / 4560.0 - 1) * 100, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.members.change.average_yearly"), (4925.0 - 4560.0) / 4, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.members.change.yearly.0.year"), 2017, 0);
  CHECK_NEAR(support_num(f, "indicators.members.change.yearly.0.absolute"), 100, 0);
  CHECK_NEAR(support_num(f, "indicators.members.summary.max"), 4925, 0);
  CHECK_NEAR(support_num(f, "indicators.members.summary.min_year"), 2016, 0);
  cJSON_Delete(f);
}

TEST(one_year_gives_null_trend_and_change) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"series\": {\"2018\": 7}}");
  CHECK_NEAR(support_num(f, "indicators.x.term"), 7, 0);
  CHECK(support_is_null(f, "indicators.x.trend.slope"));
  CHECK(support_is_null(f, "indicators.x.trend.r2"));
  CHECK(support_is_null(f, "indicators.x.trend.forecast.0.value"));
  CHECK(support_is_null(f, "indicators.x.change.absolute"));
  CHECK(support_is_null(f, "indicators.x.change.relative_pct"));
  cJSON_Delete(f);
}

TEST(two_years_give_a_trend_without_interval) {
  cJSON *f = one_indicator("{\"kind\": \"level\", \"series\": {\"2016\": 4710, \"2020\": 4925}}");
  CHECK_NEAR(support_num(f, "indicators.x.trend.slope"), 215.0 / 4, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.x.trend.forecast.0.value"), 4925 + 215.0 / 4, 1e-9);
  CHECK(support_is_null(f, "indicators.x.trend.forecast.0.low"));
  CHECK(support_is_null(f, "indicators.x.trend.forecast.0.high"));
  cJSON_Delete(f);
}

TEST(zero_base_gives_null_relative_change) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"series\": {\"2016\": 0, \"2017\": 5}}");
  CHECK_NEAR(support_num(f, "indicators.x.change.absolute"), 5, 0);
  CHECK(support_is_null(f, "indicators.x.change.relative_pct"));
  CHECK(support_is_null(f, "indicators.x.change.yearly.0.relative_pct"));
  cJSON_Delete(f);
}

TEST(value_only_indicator_has_term_and_null_trend) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"value\": 8, \"target\": {\"value\": 0, "
                           "\"scope\": \"term\", \"direction\": \"at_most\"}}");
  CHECK_NEAR(support_num(f, "indicators.x.term"), 8, 0);
  CHECK(support_is_null(f, "indicators.x.trend.slope"));
  CHECK(support_is_null(f, "indicators.x.target.attainment_pct")); /* target 0 */
  CHECK(cJSON_IsFalse(support_at(f, "indicators.x.target.met")));
  cJSON_Delete(f);
}

TEST(at_most_rate_target_below_is_met) {
  cJSON *f = one_indicator("{\"kind\": \"rate\", \"series\": {\"2016\": 0.6, \"2017\": 0.8}, "
                           "\"target\": {\"value\": 1, \"scope\": \"year\", \"direction\": "
                           "\"at_most\"}}");
  CHECK(cJSON_IsTrue(support_at(f, "indicators.x.target.met")));
  CHECK_NEAR(support_num(f, "indicators.x.target.margin"), 0.7 - 1, 1e-12);
  CHECK_STR(support_str(f, "indicators.x.target.direction"), "at_most");
  cJSON_Delete(f);
}

TEST(rate_from_numerator_and_denominator_gives_mean_and_pooled) {
  cJSON *f = one_indicator("{\"kind\": \"rate\", \"numerator\": {\"2016\": 68, \"2017\": 50}, "
                           "\"denominator\": {\"2016\": 73, \"2017\": 100}}");
  CHECK_NEAR(support_num(f, "indicators.x.years.2016"), 68.0 / 73.0 * 100, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.x.term"), (68.0 / 73.0 * 100 + 50) / 2, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.x.pooled"), 118.0 / 173.0 * 100, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.x.numerator.2017"), 50, 0);
  CHECK_NEAR(support_num(f, "indicators.x.denominator.2016"), 73, 0);
  cJSON_Delete(f);
}

/* A committee of 150 units: members (level) 10+i in 2016 and 20+i in 2020;
 * good (rate) 8 + i mod 3 of 10 members rated good, both years. Unit i is
 * named "Chi bộ số i+1". `declared` adds the committee's own members series. */
static char *committee_of_150(const char *declared) {
  size_t size = 200000, used = 0;
  char *t = malloc(size);
  used += (size_t)snprintf(t + used, size - used,
                           "{\"organization\": {\"name\": \"Đảng bộ Khối\"}, \"period\": "
                           "{\"from\": 2016, \"to\": 2020}, \"indicators\": {\"members\": "
                           "{\"kind\": \"level\"%s}, \"good\": {\"kind\": \"rate\", \"target\": "
                           "{\"value\": 85, \"scope\": \"year\"}}}, \"units\": [",
                           declared);
  for (int i = 0; i < 150; i++)
    used += (size_t)snprintf(
        t + used, size - used,
        "%s{\"name\": \"Chi bộ số %d\", \"indicators\": {\"members\": {\"series\": {\"2016\": "
        "%d, \"2020\": %d}}, \"good\": {\"numerator\": {\"2016\": %d, \"2020\": %d}, "
        "\"denominator\": {\"2016\": 10, \"2020\": 10}}}}",
        i ? ", " : "", i + 1, 10 + i, 20 + i, 8 + i % 3, 8 + i % 3);
  snprintf(t + used, size - used, "]}");
  return t;
}

TEST(committee_is_derived_from_150_units) {
  char *text = committee_of_150("");
  cJSON *f = support_figures_of_json("test.json", text, NULL);
  CHECK(f != NULL);
  /* Σ(20+i) for i < 150 = 150·20 + 149·150/2 */
  CHECK_NEAR(support_num(f, "indicators.members.years.2020"), 3000 + 11175, 0);
  CHECK_NEAR(support_num(f, "indicators.members.years.2016"), 1500 + 11175, 0);
  CHECK_NEAR(support_num(f, "indicators.members.term"), 14175, 0);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.members.derived_from_units")));
  /* pooled rate: (50·8 + 50·9 + 50·10) / 1500 = 90 % each year */
  CHECK_NEAR(support_num(f, "indicators.good.years.2016"), 90, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.good.pooled"), 90, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.good.numerator.2020"), 1350, 0);
  /* units: members 20..169 in 2020; quantiles of type 7: h = p·(n−1) */
  CHECK_NEAR(support_num(f, "indicators.members.units.count"), 150, 0);
  CHECK_NEAR(support_num(f, "indicators.members.units.reporting"), 150, 0);
  CHECK_NEAR(support_num(f, "indicators.members.units.min.value"), 20, 0);
  CHECK_STR(support_str(f, "indicators.members.units.min.unit"), "Chi bộ số 1");
  CHECK_STR(support_str(f, "indicators.members.units.max.unit"), "Chi bộ số 150");
  CHECK_NEAR(support_num(f, "indicators.members.units.median"), (94 + 95) / 2.0, 1e-12);
  CHECK_NEAR(support_num(f, "indicators.members.units.q1"), 20 + 37.25, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.members.units.q3"), 20 + 111.75, 1e-9);
  CHECK_STR(support_str(f, "indicators.members.units.ranking.0.unit"), "Chi bộ số 150");
  /* good: unit rates 80, 90, 100 (50 each) against the committee's 85 */
  CHECK_NEAR(support_num(f, "indicators.good.units.meeting_target"), 100, 0);
  CHECK_NEAR(support_num(f, "indicators.good.units.meeting_target_pct"), 100.0 / 150 * 100, 1e-9);
  CHECK_INT(cJSON_GetArraySize(support_at(f, "indicators.good.units.below_target")), 50);
  CHECK_STR(support_str(f, "indicators.good.units.below_target.0"), "Chi bộ số 1");
  CHECK_NEAR(support_num(f, "indicators.good.units.ranking.0.rank"), 1, 0);
  CHECK_NEAR(support_num(f, "indicators.good.units.ranking.49.rank"), 1, 0);
  CHECK_NEAR(support_num(f, "indicators.good.units.ranking.50.rank"), 51, 0);
  CHECK_NEAR(support_num(f, "indicators.good.units.ranking.50.value"), 90, 1e-9);
  CHECK_NEAR(support_num(f, "units.2.indicators.good.term"), 100, 1e-9);
  CHECK(cJSON_IsTrue(support_at(f, "units.2.indicators.good.target.met")));
  cJSON_Delete(f);
  free(text);
}

TEST(declared_committee_total_that_disagrees_with_150_units_is_an_error) {
  char *text = committee_of_150(", \"series\": {\"2016\": 12675, \"2020\": 14176}");
  dossier_diag *diag = dossier_diag_new();
  cJSON *f = support_figures_of_json("test.json", text, diag);
  CHECK(f == NULL);
  CHECK_INT(dossier_diag_status(diag), DOSSIER_ERR_DATA);
  CHECK_INT(dossier_diag_count(diag), 1);
  CHECK_CONTAINS(dossier_diag_message(diag, 0),
                 "indicators.members.series.2020: indicator \"members\", year 2020: the "
                 "committee declares 14176 but the sum of its 150 units is 14175");
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "test.json:1:");
  dossier_diag_free(diag);
  free(text);
}

TEST(declared_committee_total_that_agrees_with_units_is_kept) {
  char *text = committee_of_150(", \"series\": {\"2016\": 12675, \"2020\": 14175}");
  cJSON *f = support_figures_of_json("test.json", text, NULL);
  CHECK(f != NULL);
  CHECK(cJSON_IsFalse(support_at(f, "indicators.members.derived_from_units")));
  CHECK_NEAR(support_num(f, "indicators.members.term"), 14175, 0);
  cJSON_Delete(f);
  free(text);
}

TEST(ratings_use_the_scale_of_their_year) {
  cJSON *f = hai_duong();
  CHECK_STR(support_str(f, "ratings.organizations.years.2017.scale"), "pre2018");
  CHECK_STR(support_str(f, "ratings.organizations.years.2017.levels.0.label"), "Trong sạch vững mạnh");
  CHECK_STR(support_str(f, "ratings.organizations.years.2017.levels.3.label"), "Yếu kém");
  CHECK_STR(support_str(f, "ratings.organizations.years.2018.scale"), "2018");
  CHECK_STR(support_str(f, "ratings.organizations.years.2018.levels.0.label"),
            "Hoàn thành xuất sắc nhiệm vụ");
  CHECK_STR(support_str(f, "ratings.organizations.years.2018.levels.3.label"),
            "Không hoàn thành nhiệm vụ");
  CHECK_NEAR(support_num(f, "ratings.organizations.years.2016.total"), 68, 0);
  CHECK_NEAR(support_num(f, "ratings.organizations.years.2016.levels.0.pct"), 52.0 / 68 * 100, 1e-9);
  CHECK(support_is_null(f, "ratings.members"));
  cJSON_Delete(f);
}

TEST(members_ratings_always_use_the_2018_labels) {
  const char *text =
      "{\"organization\": {\"name\": \"Chi bộ\"}, \"period\": {\"from\": 2016, \"to\": 2020}, "
      "\"indicators\": {}, \"ratings\": {\"members\": {\"2016\": {\"excellent\": 3, \"good\": "
      "20, \"fulfilled\": 1, \"failed\": 0}}}}";
  cJSON *f = support_figures_of_json("test.json", text, NULL);
  CHECK_STR(support_str(f, "ratings.members.years.2016.levels.0.label"), "Hoàn thành xuất sắc nhiệm vụ");
  CHECK_NEAR(support_num(f, "ratings.members.years.2016.good_or_better_pct"), 23.0 / 24 * 100, 1e-9);
  cJSON_Delete(f);
}

TEST(membership_change_balances_and_totals_the_term) {
  cJSON *f = hai_duong();
  CHECK(cJSON_IsTrue(support_at(f, "membership.years.2016.balanced")));
  CHECK_NEAR(support_num(f, "membership.years.2016.net"), 4560 - 4480, 0);
  CHECK_NEAR(support_num(f, "membership.term.start"), 4480, 0);
  CHECK_NEAR(support_num(f, "membership.term.end"), 4925, 0);
  CHECK_NEAR(support_num(f, "membership.term.admitted"), 977, 0);
  CHECK_NEAR(support_num(f, "membership.term.start") + support_num(f, "membership.term.net"), 4925, 0);
  cJSON_Delete(f);
}

TEST(document_date_parts_and_organization_are_copied) {
  cJSON *f = hai_duong();
  CHECK_STR(support_str(f, "format"), "dossier-figures/1");
  CHECK_STR(support_str(f, "organization.abbreviation"), "ĐUK");
  CHECK_NEAR(support_num(f, "document.date_parts.day"), 14, 0);
  CHECK_NEAR(support_num(f, "document.date_parts.month"), 8, 0);
  CHECK_NEAR(support_num(f, "period.from"), 2015, 0);
  cJSON_Delete(f);
}

TEST(units_giving_different_years_are_an_error_not_a_partial_sum) {
  const char *text =
      "{\"organization\": {\"name\": \"Khối\"}, \"period\": {\"from\": 2016, \"to\": 2020}, "
      "\"indicators\": {\"members\": {\"kind\": \"level\"}}, \"units\": ["
      "{\"name\": \"A\", \"indicators\": {\"members\": {\"series\": {\"2016\": 5, \"2017\": 6}}}},"
      "{\"name\": \"B\", \"indicators\": {\"members\": {\"series\": {\"2016\": 5}}}}]}";
  dossier_diag *diag = dossier_diag_new();
  cJSON *f = support_figures_of_json("test.json", text, diag);
  CHECK(f == NULL);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "unit \"B\" has no value for 2017");
  dossier_diag_free(diag);
}

TEST(committee_rate_cannot_be_an_unweighted_mean_of_unit_rates) {
  const char *text =
      "{\"organization\": {\"name\": \"Khối\"}, \"period\": {\"from\": 2016, \"to\": 2020}, "
      "\"indicators\": {\"good\": {\"kind\": \"rate\"}}, \"units\": ["
      "{\"name\": \"A\", \"indicators\": {\"good\": {\"series\": {\"2016\": 50}}}}]}";
  dossier_diag *diag = dossier_diag_new();
  cJSON *f = support_figures_of_json("test.json", text, diag);
  CHECK(f == NULL);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "test.json:1:");
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "numerator");
  dossier_diag_free(diag);
}

TEST(yearly_target_missed_in_one_year_is_not_met_although_the_mean_is) {
  cJSON *f = one_indicator("{\"kind\": \"rate\", \"series\": {\"2016\": 79, \"2017\": 90}, "
                           "\"target\": {\"value\": 80, \"scope\": \"year\"}}");
  CHECK_NEAR(support_num(f, "indicators.x.term"), 84.5, 1e-12);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.x.target.term_met")));
  CHECK(cJSON_IsFalse(support_at(f, "indicators.x.target.met")));
  CHECK_NEAR(support_num(f, "indicators.x.target.years_met"), 1, 0);
  CHECK(cJSON_IsFalse(support_at(f, "indicators.x.target.years.2016.met")));
  CHECK_NEAR(support_num(f, "indicators.x.target.years.2016.margin"), -1, 1e-12);
  cJSON_Delete(f);
}

TEST(derived_committee_figure_needs_every_unit) {
  const char *text =
      "{\"organization\": {\"name\": \"Khối\"}, \"period\": {\"from\": 2016, \"to\": 2020}, "
      "\"indicators\": {\"members\": {\"kind\": \"level\"}}, \"units\": ["
      "{\"name\": \"A\", \"indicators\": {\"members\": {\"value\": 5}}},"
      "{\"name\": \"B\", \"indicators\": {}}]}";
  dossier_diag *diag = dossier_diag_new();
  cJSON *f = support_figures_of_json("test.json", text, diag);
  CHECK(f == NULL);
  CHECK_CONTAINS(dossier_diag_message(diag, 0),
                 "indicators.members: indicator \"members\" is derived from the units, but 1 of "
                 "2 units do not report it (the first is \"B\")");
  dossier_diag_free(diag);
}

TEST(indicator_note_is_carried_to_its_figures) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"value\": 8, \"note\": \"Báo cáo số 12\"}");
  CHECK_STR(support_str(f, "indicators.x.note"), "Báo cáo số 12");
  cJSON_Delete(f);
  f = one_indicator("{\"kind\": \"count\", \"value\": 8}");
  CHECK(support_at(f, "indicators.x.note") == NULL);
  cJSON_Delete(f);
}

TEST(unit_indicator_takes_the_committee_label_and_unit) {
  const char *text =
      "{\"organization\": {\"name\": \"Khối\"}, \"period\": {\"from\": 2016, \"to\": 2020}, "
      "\"indicators\": {\"members\": {\"kind\": \"level\", \"label\": \"Số đảng viên\", \"unit\": "
      "\"đảng viên\"}}, \"units\": [{\"name\": \"A\", \"indicators\": {\"members\": {\"kind\": "
      "\"level\", \"value\": 5}}}]}";
  cJSON *f = support_figures_of_json("test.json", text, NULL);
  CHECK_STR(support_str(f, "units.0.indicators.members.label"), "Số đảng viên");
  CHECK_STR(support_str(f, "units.0.indicators.members.unit"), "đảng viên");
  CHECK_NEAR(support_num(f, "indicators.members.term"), 5, 0);
  cJSON_Delete(f);
}

/* ---- indicators.<id>.latest: the report year ---- */

TEST(latest_reports_the_last_year_against_the_year_before) {
  cJSON *f = hai_duong();
  CHECK(f != NULL);
  CHECK_NEAR(support_num(f, "period.report_year"), 2020, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.year"), 2020, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.value"), 197, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.previous_year"), 2019, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.previous_value"), 199, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.change.absolute"), -2, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.change.relative_pct"), (197.0 / 199.0 - 1) * 100,
             1e-9);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.change.relative_pct"), -1.0050251256, 1e-9);
  cJSON_Delete(f);
}

TEST(latest_gives_the_progress_towards_a_term_target) {
  cJSON *f = hai_duong();
  CHECK(support_is_null(f, "indicators.admissions.latest.target")); /* a term target, not the year's */
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.cumulative"), 977, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.cumulative_from"), 2016, 0);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.cumulative_attainment_pct"), 977.0 / 750 * 100,
             1e-9);
  CHECK_NEAR(support_num(f, "indicators.admissions.latest.cumulative_attainment_pct"), 130.2666666667,
             1e-9);
  cJSON_Delete(f);
}

TEST(latest_judges_a_yearly_target_on_the_year_alone) {
  cJSON *f = hai_duong();
  CHECK_NEAR(support_num(f, "indicators.clean_strong_rate.latest.value"), 99.0, 1e-12);
  CHECK_NEAR(support_num(f, "indicators.clean_strong_rate.latest.target.value"), 80, 0);
  CHECK_STR(support_str(f, "indicators.clean_strong_rate.latest.target.scope"), "year");
  CHECK_NEAR(support_num(f, "indicators.clean_strong_rate.latest.target.margin"), 19.0, 1e-9);
  CHECK_STR(support_str(f, "indicators.clean_strong_rate.latest.target.margin_unit"), "pp");
  CHECK(cJSON_IsTrue(support_at(f, "indicators.clean_strong_rate.latest.target.met")));
  /* a rate has no ratio progress against a term goal */
  CHECK(support_is_null(f, "indicators.clean_strong_rate.latest.cumulative_attainment_pct"));
  CHECK(support_is_null(f, "indicators.members.latest.target"));
  CHECK(support_is_null(f, "indicators.inspections.latest")); /* a term value of a 2015-2020 dataset */
  cJSON_Delete(f);
}

TEST(latest_of_a_yearly_target_missed_this_year_is_not_met) {
  cJSON *f = one_indicator("{\"kind\": \"rate\", \"series\": {\"2019\": 90, \"2020\": 78.5}, "
                           "\"target\": {\"value\": 80, \"scope\": \"year\"}}");
  CHECK(cJSON_IsFalse(support_at(f, "indicators.x.latest.target.met")));
  CHECK_NEAR(support_num(f, "indicators.x.latest.target.margin"), -1.5, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.x.latest.change.absolute"), -11.5, 1e-9);
  cJSON_Delete(f);
}

TEST(latest_of_a_single_year_has_no_previous_year) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"series\": {\"2018\": 7}}");
  CHECK_NEAR(support_num(f, "indicators.x.latest.year"), 2018, 0);
  CHECK_NEAR(support_num(f, "indicators.x.latest.value"), 7, 0);
  CHECK(support_is_null(f, "indicators.x.latest.previous_year"));
  CHECK(support_is_null(f, "indicators.x.latest.previous_value"));
  CHECK(support_is_null(f, "indicators.x.latest.change"));
  cJSON_Delete(f);
}

TEST(latest_compares_with_the_last_year_that_has_a_value_across_a_gap) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"series\": {\"2016\": 10, \"2018\": 20, "
                           "\"2020\": 25}, \"target\": {\"value\": 100, \"scope\": \"term\"}}");
  CHECK_NEAR(support_num(f, "indicators.x.latest.previous_year"), 2018, 0);
  CHECK_NEAR(support_num(f, "indicators.x.latest.change.absolute"), 5, 0);
  CHECK_NEAR(support_num(f, "indicators.x.latest.change.relative_pct"), 25, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.x.latest.cumulative"), 55, 0);
  CHECK_NEAR(support_num(f, "indicators.x.latest.cumulative_attainment_pct"), 55, 1e-9);
  cJSON_Delete(f);
}

TEST(latest_from_a_zero_previous_value_has_no_relative_change) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"series\": {\"2019\": 0, \"2020\": 3}}");
  CHECK_NEAR(support_num(f, "indicators.x.latest.change.absolute"), 3, 0);
  CHECK(support_is_null(f, "indicators.x.latest.change.relative_pct"));
  cJSON_Delete(f);
}

static cJSON *with_report_year(const char *year) {
  char text[1024];
  snprintf(text, sizeof text,
           "{\"organization\": {\"name\": \"Chi bộ thử\"}, \"period\": {\"from\": 2016, \"to\": "
           "2020}, \"document\": {\"report_year\": %s}, \"indicators\": {\"x\": {\"kind\": "
           "\"count\", \"series\": {\"2016\": 10, \"2018\": 20, \"2019\": 22, \"2020\": 25}, "
           "\"target\": {\"value\": 100, \"scope\": \"term\"}}}}",
           year);
  dossier_diag *diag = dossier_diag_new();
  cJSON *f = support_figures_of_json("test.json", text, diag);
  dossier_diag_free(diag);
  return f;
}

TEST(document_report_year_chooses_the_year_reported) {
  cJSON *f = with_report_year("2019");
  CHECK(f != NULL);
  CHECK_NEAR(support_num(f, "period.report_year"), 2019, 0);
  CHECK_NEAR(support_num(f, "indicators.x.latest.value"), 22, 0);
  CHECK_NEAR(support_num(f, "indicators.x.latest.previous_year"), 2018, 0);
  CHECK_NEAR(support_num(f, "indicators.x.latest.cumulative"), 52, 0);
  cJSON_Delete(f);
  f = with_report_year("2017"); /* a year the series skips: no value, no invented one */
  CHECK(support_is_null(f, "indicators.x.latest.value"));
  CHECK(support_is_null(f, "indicators.x.latest.change"));
  CHECK(support_is_null(f, "indicators.x.latest.cumulative"));
  cJSON_Delete(f);
}

TEST(report_year_outside_the_period_is_an_error) {
  cJSON *f = with_report_year("2021");
  CHECK(f == NULL);
  cJSON_Delete(f);
  f = with_report_year("\"2019\"");
  CHECK(f == NULL);
  cJSON_Delete(f);
}

TEST(one_year_dataset_reports_its_values_as_the_year) {
  cJSON *f = support_figures_of_json("test.json",
                                     "{\"organization\": {\"name\": \"Chi bộ thử\"}, \"period\": "
                                     "{\"from\": 2019, \"to\": 2019}, \"indicators\": {\"x\": "
                                     "{\"kind\": \"count\", \"value\": 8}}}",
                                     NULL);
  CHECK_NEAR(support_num(f, "indicators.x.latest.year"), 2019, 0);
  CHECK_NEAR(support_num(f, "indicators.x.latest.value"), 8, 0);
  CHECK(support_is_null(f, "indicators.x.latest.change"));
  cJSON_Delete(f);
}

/* A number at `path` as a report writes it with one decimal ("0.5"). */
static const char *one_decimal(const cJSON *f, const char *path) {
  static char text[64];
  dossier_exact v;
  if (dossier_exact_of(support_at(f, path), &v) != 0 ||
      dossier_exact_round(v, 1, text, sizeof text) < 0)
    return "(none)";
  return text;
}

/* QA #1: (a/b − 1)·100 made 0,45% into 0.44999999999999485, printed 0,4% */
TEST(relative_changes_and_margins_round_0_45_up_to_0_5) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"series\": {\"2016\": 400, \"2017\": 400, "
                           "\"2018\": 400, \"2019\": 400, \"2020\": 409}, \"target\": {\"value\": "
                           "2000, \"scope\": \"term\"}}");
  CHECK_NEAR(support_num(f, "indicators.x.term"), 2009, 0);
  CHECK_STR(one_decimal(f, "indicators.x.target.margin"), "0.5");
  cJSON_Delete(f);
  f = one_indicator("{\"kind\": \"level\", \"series\": {\"2016\": 2000, \"2019\": 10000, "
                    "\"2020\": 10045}}");
  CHECK_STR(one_decimal(f, "indicators.x.change.yearly.1.relative_pct"), "0.5");
  CHECK_STR(one_decimal(f, "indicators.x.latest.change.relative_pct"), "0.5");
  cJSON_Delete(f);
  f = one_indicator("{\"kind\": \"level\", \"series\": {\"2016\": 2000, \"2020\": 2009}}");
  CHECK_STR(one_decimal(f, "indicators.x.change.relative_pct"), "0.5");
  CHECK_STR(one_decimal(f, "indicators.x.change.yearly.0.relative_pct"), "0.5");
  cJSON_Delete(f);
  f = one_indicator("{\"kind\": \"count\", \"value\": 1991, \"target\": {\"value\": 2000, "
                    "\"scope\": \"term\", \"direction\": \"at_most\"}}");
  CHECK_STR(one_decimal(f, "indicators.x.target.margin"), "-0.5");
  cJSON_Delete(f);
}

/* QA #2: a yearly limit on a count was compared with the sum of the years */
TEST(yearly_target_of_a_count_judges_each_year_never_the_sum) {
  cJSON *f = support_figures_of_json("test.json",
                                     "{\"organization\": {\"name\": \"Chi bộ thử\"}, \"period\": "
                                     "{\"from\": 2016, \"to\": 2017}, \"indicators\": {\"viol\": "
                                     "{\"kind\": \"count\", \"series\": {\"2016\": 6, \"2017\": 7}, "
                                     "\"target\": {\"value\": 10, \"scope\": \"year\", "
                                     "\"direction\": \"at_most\"}}}}",
                                     NULL);
  CHECK(f != NULL);
  CHECK_NEAR(support_num(f, "indicators.viol.term"), 13, 0);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.viol.target.met")));
  CHECK(support_is_null(f, "indicators.viol.target.term_met")); /* 13 is never held against 10 */
  CHECK(cJSON_IsTrue(support_at(f, "indicators.viol.target.all_years_met")));
  /* attainment and margin are the worst year's, 7 against at most 10 */
  CHECK_NEAR(support_num(f, "indicators.viol.target.worst_year"), 2017, 0);
  CHECK_NEAR(support_num(f, "indicators.viol.target.attainment_pct"), 70, 1e-9);
  CHECK_NEAR(support_num(f, "indicators.viol.target.margin"), -30, 1e-9);
  cJSON_Delete(f);

  f = one_indicator("{\"kind\": \"count\", \"series\": {\"2016\": 200, \"2017\": 195, \"2018\": "
                    "185, \"2019\": 210, \"2020\": 220}, \"target\": {\"value\": 190, \"scope\": "
                    "\"year\"}}");
  CHECK(cJSON_IsFalse(support_at(f, "indicators.x.target.met"))); /* 2018: 185 < 190 */
  CHECK(support_is_null(f, "indicators.x.target.term_met"));
  CHECK_NEAR(support_num(f, "indicators.x.target.years_met"), 4, 0);
  CHECK_NEAR(support_num(f, "indicators.x.target.worst_year"), 2018, 0);
  CHECK_NEAR(support_num(f, "indicators.x.target.attainment_pct"), 185.0 / 190.0 * 100.0, 1e-9);
  cJSON_Delete(f);

  f = one_indicator("{\"kind\": \"count\", \"series\": {\"2016\": 200, \"2017\": 195, \"2018\": "
                    "191, \"2019\": 210, \"2020\": 220}, \"target\": {\"value\": 190, \"scope\": "
                    "\"year\"}}");
  CHECK(cJSON_IsTrue(support_at(f, "indicators.x.target.met")));
  CHECK_NEAR(support_num(f, "indicators.x.target.attainment_pct"), 191.0 / 190.0 * 100.0, 1e-9);
  cJSON_Delete(f);
}

/* levels and rates keep theirs: the term figure and every year */
TEST(yearly_target_of_a_level_still_compares_the_term_figure) {
  cJSON *f = one_indicator("{\"kind\": \"level\", \"series\": {\"2016\": 120, \"2020\": 90}, "
                           "\"target\": {\"value\": 100, \"scope\": \"year\"}}");
  CHECK(cJSON_IsFalse(support_at(f, "indicators.x.target.term_met")));
  CHECK(cJSON_IsFalse(support_at(f, "indicators.x.target.met")));
  CHECK(support_is_null(f, "indicators.x.target.worst_year"));
  CHECK_NEAR(support_num(f, "indicators.x.target.attainment_pct"), 90, 1e-9);
  cJSON_Delete(f);
}

/* QA #5: admissions without 2018 and 2019 were stated as the term total */
TEST(count_missing_years_names_them_and_gives_no_verdict) {
  cJSON *f = one_indicator("{\"kind\": \"count\", \"series\": {\"2016\": 182, \"2017\": 195, "
                           "\"2020\": 197}, \"target\": {\"value\": 750, \"scope\": \"term\"}}");
  CHECK_INT(cJSON_GetArraySize(support_at(f, "indicators.x.missing_years")), 2);
  CHECK_NEAR(support_num(f, "indicators.x.missing_years.0"), 2018, 0);
  CHECK_NEAR(support_num(f, "indicators.x.missing_years.1"), 2019, 0);
  CHECK(support_is_null(f, "indicators.x.target.met"));
  CHECK(support_is_null(f, "indicators.x.target.term_met"));
  CHECK_NEAR(support_num(f, "indicators.x.target.attainment_pct"), 574.0 / 750.0 * 100.0, 1e-9);
  cJSON_Delete(f);

  /* a yearly limit missed in a year it has is missed; met in all it has is no verdict */
  f = one_indicator("{\"kind\": \"count\", \"series\": {\"2017\": 12, \"2020\": 3}, \"target\": "
                    "{\"value\": 10, \"scope\": \"year\", \"direction\": \"at_most\"}}");
  CHECK(cJSON_IsFalse(support_at(f, "indicators.x.target.met")));
  cJSON_Delete(f);
  f = one_indicator("{\"kind\": \"count\", \"series\": {\"2017\": 2, \"2020\": 3}, \"target\": "
                    "{\"value\": 10, \"scope\": \"year\", \"direction\": \"at_most\"}}");
  CHECK(support_is_null(f, "indicators.x.target.met"));
  cJSON_Delete(f);
}

TEST(complete_series_and_single_values_miss_no_year) {
  cJSON *f = hai_duong(); /* term 2015 - 2020: its years are 2016 … 2020 */
  CHECK(cJSON_IsArray(support_at(f, "indicators.admissions.missing_years")));
  CHECK_INT(cJSON_GetArraySize(support_at(f, "indicators.admissions.missing_years")), 0);
  CHECK_INT(cJSON_GetArraySize(support_at(f, "indicators.inspections.missing_years")), 0);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.admissions.target.met")));
  cJSON_Delete(f);
  /* a level's missing years are named, its verdict stays */
  f = one_indicator("{\"kind\": \"level\", \"series\": {\"2016\": 4710, \"2020\": 4925}, "
                    "\"target\": {\"value\": 4800, \"scope\": \"term\"}}");
  CHECK_INT(cJSON_GetArraySize(support_at(f, "indicators.x.missing_years")), 3);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.x.target.met")));
  cJSON_Delete(f);
}

/* QA #6: "dự báo đến năm 2025 … khoảng -376 đảng viên (từ -531 đến -221)" */
TEST(forecast_of_a_falling_level_stops_at_zero) {
  cJSON *f = one_indicator("{\"kind\": \"level\", \"series\": {\"2016\": 400, \"2017\": 300, "
                           "\"2018\": 250, \"2019\": 120, \"2020\": 60}}");
  CHECK(support_num(f, "indicators.x.trend.slope") < 0);
  for (int k = 0; k < 4; k++) {
    char path[96];
    const char *keys[] = {"value", "low", "high"};
    for (int i = 0; i < 3; i++) {
      snprintf(path, sizeof path, "indicators.x.trend.forecast.%d.%s", k, keys[i]);
      CHECK(support_num(f, path) >= 0);
    }
  }
  CHECK_NEAR(support_num(f, "indicators.x.trend.forecast.3.value"), 0, 0);
  CHECK_NEAR(support_num(f, "indicators.x.trend.forecast.3.low"), 0, 0);
  cJSON_Delete(f);
}

TEST(forecast_of_a_rising_rate_stops_at_100) {
  cJSON *f = one_indicator("{\"kind\": \"rate\", \"series\": {\"2016\": 80, \"2017\": 86, "
                           "\"2018\": 91, \"2019\": 95, \"2020\": 99.5}}");
  CHECK_NEAR(support_num(f, "indicators.x.trend.forecast.3.value"), 100, 0);
  CHECK_NEAR(support_num(f, "indicators.x.trend.forecast.3.high"), 100, 0);
  for (int k = 0; k < 4; k++) {
    char path[96];
    snprintf(path, sizeof path, "indicators.x.trend.forecast.%d.low", k);
    CHECK(support_num(f, path) <= 100);
  }
  cJSON_Delete(f);
}
