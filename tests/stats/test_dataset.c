/* test_dataset: loading and validating datasets. Every bad input of a clerk is a
 * file in fixtures/bad/, and each case asserts that the message names the file,
 * LINE:COL and JSON path of the mistake, and says what is expected. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support.h"
#include "stats/dataset.h"
#include "stats/figures.h"

/* Loads `path` and computes its figures; returns every message, one a line
 * (caller frees), the status of the first problem in *status (DOSSIER_OK when
 * none) and the number of problems in *count. */
static char *load_messages(const char *path, dossier_status *status, size_t *count) {
  dossier_diag *diag = dossier_diag_new();
  cJSON_Delete(support_figures_of_file(path, diag));
  *status = dossier_diag_status(diag);
  *count = dossier_diag_count(diag);
  char *all = support_messages(diag);
  dossier_diag_free(diag);
  return all;
}

static void expect_bad(const char *path, const char *message) {
  dossier_status status;
  size_t count;
  char *all = load_messages(path, &status, &count);
  CHECK_INT(status, DOSSIER_ERR_DATA);
  CHECK_CONTAINS(all, message);
  free(all);
}

TEST(fixture_hai_duong_loads_without_problems) {
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = NULL;
  CHECK_INT(dossier_dataset_load(&ds, "fixtures/hai-duong-2015-2020.json", diag), DOSSIER_OK);
  CHECK_INT(dossier_diag_count(diag), 0);
  CHECK_STR(dossier_dataset_name(ds), "fixtures/hai-duong-2015-2020.json");
  /* unknown fields are kept: the fixture's "note" is still in the tree */
  CHECK(cJSON_GetObjectItem(dossier_dataset_json(ds), "note") != NULL);
  dossier_dataset_free(ds);
  dossier_dataset_free(NULL);
  dossier_diag_free(diag);
}

TEST(missing_file_is_noinput_naming_the_file) {
  dossier_status status;
  size_t count;
  char *all = load_messages("fixtures/bad/no-such-file.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_NOINPUT);
  CHECK_CONTAINS(all, "fixtures/bad/no-such-file.json: cannot open");
  free(all);
}

TEST(malformed_json_names_line_and_column_of_the_syntax_error) {
  /* the comma missing after "kind": "count" shows at the next key */
  expect_bad("fixtures/bad/malformed.json", "fixtures/bad/malformed.json:8:7: malformed JSON");
}

TEST(number_written_as_string_says_which_form_is_expected) {
  expect_bad("fixtures/bad/string_number.json",
             "fixtures/bad/string_number.json:8:39: indicators.admissions.series.2017: expected "
             "a number such as 12.5, got the string \"12,5\"");
}

TEST(negative_count_is_refused) {
  expect_bad("fixtures/bad/negative_count.json",
             "fixtures/bad/negative_count.json:8:39: indicators.admissions.series.2017: a count "
             "cannot be negative, got -3");
}

TEST(rate_above_100_is_refused) {
  expect_bad("fixtures/bad/rate_above_100.json",
             "fixtures/bad/rate_above_100.json:8:41: indicators.good_rate.series.2017: a rate is a "
             "percentage between 0 and 100, got 101.5");
}

TEST(numerator_above_denominator_is_refused) {
  expect_bad("fixtures/bad/numerator_above_denominator.json",
             "fixtures/bad/numerator_above_denominator.json:8:42: "
             "indicators.launched.numerator.2017: numerator 75 is larger than the denominator 73");
}

TEST(year_outside_period_is_refused) {
  expect_bad("fixtures/bad/year_outside_period.json",
             "fixtures/bad/year_outside_period.json:8:19: indicators.admissions.series.2015: year "
             "2015 is outside the period 2016-2020");
}

TEST(repeated_year_is_refused_although_cjson_keeps_both) {
  expect_bad("fixtures/bad/duplicate_year.json",
             "fixtures/bad/duplicate_year.json:8:43: indicators.admissions.series.2016: key "
             "\"2016\" is repeated (first at line 8, column 19)");
}

TEST(year_key_with_a_letter_is_refused) {
  expect_bad("fixtures/bad/bad_year_key.json",
             "fixtures/bad/bad_year_key.json:8:31: indicators.admissions.series.2O17: expected a "
             "year such as 2016");
}

TEST(target_without_scope_is_refused) {
  expect_bad("fixtures/bad/target_without_scope.json",
             "fixtures/bad/target_without_scope.json:9:17: indicators.admissions.target: a target "
             "needs a \"scope\"");
}

TEST(unknown_kind_is_named) {
  expect_bad("fixtures/bad/unknown_kind.json",
             "fixtures/bad/unknown_kind.json:7:15: indicators.admissions.kind: unknown kind "
             "\"total\"");
}

TEST(unknown_direction_is_named) {
  expect_bad("fixtures/bad/unknown_direction.json",
             "fixtures/bad/unknown_direction.json:9:61: "
             "indicators.discipline_rate.target.direction: unknown direction \"below\"");
}

TEST(wrong_type_says_what_is_expected) {
  expect_bad("fixtures/bad/wrong_type.json",
             "fixtures/bad/wrong_type.json:8:17: indicators.admissions.series: expected an object "
             "of years and values such as {\"2016\": 182}, got an array");
}

TEST(huge_number_never_becomes_infinity) {
  expect_bad("fixtures/bad/number_out_of_range.json",
             "fixtures/bad/number_out_of_range.json:8:27: indicators.admissions.series.2016: "
             "number out of range");
}

TEST(text_after_the_document_is_refused) {
  expect_bad("fixtures/bad/trailing_text.json",
             "fixtures/bad/trailing_text.json:9:1: unexpected text after the end");
}

TEST(every_problem_of_a_file_is_listed_at_once) {
  dossier_status status;
  size_t count;
  char *all = load_messages("fixtures/bad/many_problems.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_DATA);
  CHECK_INT(count, 4);
  CHECK_CONTAINS(all, "many_problems.json:8:27: indicators.admissions.series.2016: expected a "
                      "number such as 12.5, got the string \"10\"");
  CHECK_CONTAINS(all, "many_problems.json:8:41: indicators.admissions.series.2017: a count cannot "
                      "be negative");
  CHECK_CONTAINS(all, "many_problems.json:9:17: indicators.admissions.target: a target needs a "
                      "\"scope\"");
  CHECK_CONTAINS(all, "many_problems.json:12:15: indicators.clean_rate.kind: unknown kind "
                      "\"percentage\"");
  free(all);
}

TEST(misspelt_unit_indicator_is_named_with_its_column_in_characters) {
  /* the line holds "Chi bộ A": columns count characters, not UTF-8 bytes */
  expect_bad("fixtures/bad/unknown_unit_indicator.json",
             "fixtures/bad/unknown_unit_indicator.json:9:43: units[0].indicators.memebrs: unknown "
             "indicator \"memebrs\"");
}

TEST(unbalanced_membership_year_names_the_year_and_numbers) {
  expect_bad("fixtures/bad/membership_unbalanced.json",
             "fixtures/bad/membership_unbalanced.json:9:5: membership.2016: membership of 2016 "
             "does not balance: start 95 + admitted 8 + transferred in 2 + reinstated 0 - died 1 "
             "- expelled 0 - struck off 0 - resigned 0 - transferred out 3 = 101, but end is 100");
}

TEST(membership_start_must_equal_previous_end) {
  expect_bad("fixtures/bad/membership_discontinuous.json",
             "fixtures/bad/membership_discontinuous.json:11:24: membership.2017.start: start of "
             "2017 is 102, but the end of 2016 is 101");
}

TEST(rating_with_a_misspelt_level_is_refused) {
  expect_bad("fixtures/bad/ratings_missing_level.json",
             "fixtures/bad/ratings_missing_level.json:9:32: ratings.organizations.2016: missing "
             "level \"fulfilled\"");
}

TEST(parts_that_do_not_sum_name_all_numbers) {
  expect_bad("fixtures/bad/parts_mismatch.json",
             "fixtures/bad/parts_mismatch.json:7:38: indicators.base_organizations.parts: "
             "indicator \"base_organizations\" is 68 but its parts sum to 47 "
             "(base_party_committees) + 22 (base_party_cells) = 69");
}

TEST(unit_missing_a_year_other_units_report_is_named) {
  expect_bad("fixtures/bad/units_missing_a_year.json",
             "fixtures/bad/units_missing_a_year.json:8:43: units[1].indicators.members: indicator "
             "\"members\": unit \"Chi bộ B\" has no value for 2017 while other units do");
}

TEST(committee_figure_disagreeing_with_units_names_indicator_year_and_both_numbers) {
  expect_bad("fixtures/bad/committee_disagrees_with_units.json",
             "fixtures/bad/committee_disagrees_with_units.json:6:68: "
             "indicators.members.series.2017: indicator \"members\", year 2017: the committee "
             "declares 125 but the sum of its 2 units is 126");
}

TEST(invalid_utf8_is_located) {
  /* "Chi bộ " then a 0xFF byte: the column counts "ộ" as one character */
  expect_bad("fixtures/bad/invalid_utf8.json",
             "fixtures/bad/invalid_utf8.json:2:37: invalid UTF-8: save the file as UTF-8");
}

TEST(empty_file_is_refused_at_line_1) {
  expect_bad("fixtures/bad/empty.json", "fixtures/bad/empty.json:1:1: the file is empty");
}

TEST(missing_organization_is_named) {
  expect_bad("fixtures/bad/missing_organization.json",
             "fixtures/bad/missing_organization.json:1:1: missing \"organization\" with its "
             "\"name\"");
}

/* fixtures/units/committee.json, whose units live in files of their own,
 * asserted loaded. */
static dossier_dataset *units_committee(dossier_diag *diag) {
  dossier_dataset *ds = NULL;
  CHECK_INT(dossier_dataset_load(&ds, "fixtures/units/committee.json", diag), DOSSIER_OK);
  return ds;
}

TEST(unit_file_is_appended_under_its_organization_name) {
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = units_committee(diag);
  CHECK_INT(dossier_dataset_add_unit_file(ds, "fixtures/units/so-tai-chinh.json", diag),
            DOSSIER_OK);
  CHECK_INT(dossier_dataset_add_unit_file(ds, "fixtures/units/so-y-te.json", diag), DOSSIER_OK);
  CHECK_INT(dossier_dataset_unit_count(ds), 2);
  cJSON *f = NULL;
  CHECK_INT(dossier_figures_compute(&f, ds, diag), DOSSIER_OK);
  CHECK_STR(support_str(f, "units.0.name"), "Đảng bộ Sở Tài chính");
  /* the committee declares no members: 66 + 104 in 2020 */
  CHECK_NEAR(support_num(f, "indicators.members.term"), 170, 0);
  CHECK(cJSON_IsTrue(support_at(f, "indicators.members.derived_from_units")));
  dossier_diag_print(diag, stderr, "diag: ");
  cJSON_Delete(f);
  dossier_dataset_free(ds);
  dossier_diag_free(diag);
}

TEST(unit_file_with_a_year_outside_the_committee_period_is_refused) {
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = units_committee(diag);
  CHECK_INT(dossier_dataset_add_unit_file(ds, "fixtures/units/bad-period.json", diag),
            DOSSIER_ERR_DATA);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "fixtures/units/bad-period.json:");
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "year 2021 is outside the committee's period 2016-2020");
  CHECK_INT(dossier_dataset_unit_count(ds), 0);
  dossier_dataset_free(ds);
  dossier_diag_free(diag);
}

TEST(same_unit_file_twice_is_refused) {
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = units_committee(diag);
  CHECK_INT(dossier_dataset_add_unit_file(ds, "fixtures/units/so-y-te.json", diag), DOSSIER_OK);
  CHECK_INT(dossier_dataset_add_unit_file(ds, "fixtures/units/so-y-te.json", diag),
            DOSSIER_ERR_DATA);
  CHECK_CONTAINS(dossier_diag_message(diag, 0),
                 "fixtures/units/so-y-te.json: organization.name: unit \"Đảng bộ Sở Y tế\" is "
                 "already a unit of");
  CHECK_INT(dossier_dataset_unit_count(ds), 1);
  dossier_dataset_free(ds);
  dossier_diag_free(diag);
}

TEST(two_inline_units_of_the_same_name_are_refused) {
  expect_bad("fixtures/bad/duplicate_unit_name.json",
             "fixtures/bad/duplicate_unit_name.json:8:15: units[1].name: unit name \"Chi bộ A\" "
             "is already used by units[0]");
}

/* The dataset `text`, named mem.json, must be refused when it is parsed, with
 * `count` problems, the one at `index` containing `says`. */
static void expect_parse_refused(const char *text, size_t count, size_t index, const char *says) {
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = NULL;
  CHECK_INT(dossier_dataset_parse(&ds, "mem.json", text, strlen(text), diag), DOSSIER_ERR_DATA);
  CHECK(ds == NULL);
  CHECK_INT(dossier_diag_count(diag), count);
  CHECK_CONTAINS(dossier_diag_message(diag, index), says);
  dossier_dataset_free(ds);
  dossier_diag_free(diag);
}

TEST(every_huge_number_is_reported) {
  expect_parse_refused("{\"a\": 1e999, \"b\": [2, -1e999]}", 2, 1,
                       "mem.json:1:23: b[1]: number out of range");
}

TEST(empty_series_is_refused) {
  expect_bad("fixtures/bad/empty_series.json",
             "fixtures/bad/empty_series.json:6:48: indicators.admissions.series: a series needs "
             "at least one year");
}

TEST(a_bad_value_does_not_make_its_indicator_unknown_to_units_and_parts) {
  const char text[] =
      "{\"organization\": {\"name\": \"A\"}, \"period\": {\"from\": 2016, \"to\": 2020}, "
      "\"indicators\": {\"x\": {\"kind\": \"level\", \"value\": -1}, \"y\": {\"kind\": \"level\", "
      "\"value\": 1, \"parts\": [\"x\"]}}, \"units\": [{\"name\": \"U\", \"indicators\": {\"x\": "
      "{\"value\": 2}}}]}";
  expect_parse_refused(text, 1, 0, "indicators.x.value: a level cannot be negative");
}

TEST(control_characters_between_tokens_do_not_confuse_positions) {
  /* cJSON skips a form feed between tokens; the position index must too */
  const char text[] = "{\f\"organization\": {\"name\": \"A\"}, \"period\": {\"from\": 2016, \"to\": "
                      "2020},\n\v \"indicators\": {\"x\": {\"kind\": \"count\", \"value\": -2}}}";
  expect_parse_refused(text, 1, 0, "mem.json:2:50: indicators.x.value: a count cannot be negative");
}

TEST(reversed_period_is_refused) {
  expect_bad("fixtures/bad/period_reversed.json",
             "fixtures/bad/period_reversed.json:4:13: period: \"from\" 2020 is after \"to\" 2015");
}

TEST(document_date_in_another_form_is_refused) {
  expect_bad("fixtures/bad/bad_document_date.json",
             "fixtures/bad/bad_document_date.json:5:39: document.date: expected a date such as "
             "2020-08-14, got \"14/08/2020\"");
}

TEST(numerator_without_denominator_is_refused) {
  expect_bad("fixtures/bad/numerator_without_denominator.json",
             "fixtures/bad/numerator_without_denominator.json:6:35: "
             "indicators.launched.numerator: a rate needs both \"numerator\" and \"denominator\"");
}

TEST(series_and_value_together_are_refused) {
  expect_bad("fixtures/bad/series_and_value.json",
             "fixtures/bad/series_and_value.json:6:5: indicators.inspections: give only one of "
             "\"series\", \"value\"");
}

TEST(part_that_is_no_indicator_is_named) {
  expect_bad("fixtures/bad/unknown_part.json",
             "fixtures/bad/unknown_part.json:7:64: indicators.base_organizations.parts: part "
             "\"base_party_cell\" is not an indicator of this dataset");
}

TEST(another_format_version_is_refused) {
  expect_bad("fixtures/bad/wrong_format.json",
             "fixtures/bad/wrong_format.json:2:13: format: expected \"dossier-dataset/1\", got the "
             "string \"dossier-dataset/2\"");
}

/* QA #15: a period error used to hide every other problem of the file */
TEST(bad_period_does_not_hide_the_other_problems) {
  dossier_status status;
  size_t count;
  char *all = load_messages("fixtures/bad/period_as_string_and_more.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_DATA);
  CHECK_INT(count, 4);
  CHECK_CONTAINS(all, "period_as_string_and_more.json:4:23: period.from: expected a number such "
                      "as 12.5, got the string \"2016\"");
  CHECK_CONTAINS(all, "indicators.admissions.series.2016: expected a number such as 12.5, got "
                      "the string \"10\"");
  CHECK_CONTAINS(all, "indicators.admissions.series.2017: a count cannot be negative");
  CHECK_CONTAINS(all, "indicators.clean_rate.kind: unknown kind \"percentage\"");
  free(all);
}

/* QA #16: a count, a level, a numerator are numbers of people or units */
TEST(count_level_and_numerator_must_be_whole_numbers) {
  dossier_status status;
  size_t count;
  char *all = load_messages("fixtures/bad/count_not_whole.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_DATA);
  CHECK_INT(count, 3); /* the rate 98.5 is fine */
  CHECK_CONTAINS(all, "count_not_whole.json:6:58: indicators.admissions.series.2016: a count is "
                      "a whole number, got 12.5");
  CHECK_CONTAINS(all, "indicators.members.value: a level is a whole number, got 100.5");
  CHECK_CONTAINS(all, "indicators.contest.numerator.2017: a count is a whole number, got 6.5");
  free(all);
}

/* QA #16: 123456789012345678 was printed "123.456.789.012.346.000" */
TEST(number_beyond_10_to_the_15_is_refused) {
  dossier_status status;
  size_t count;
  char *all = load_messages("fixtures/bad/number_too_large.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_DATA);
  CHECK_INT(count, 1); /* 10^15 itself is still a figure */
  CHECK_CONTAINS(all, "number_too_large.json:6:58: indicators.admissions.series.2016: number too "
                      "large for a figure");
  free(all);
}

/* QA #4: a unit left out made every committee total silently smaller */
TEST(units_fewer_than_base_organizations_or_units_expected_are_refused) {
  dossier_status status;
  size_t count;
  char *all =
      load_messages("fixtures/bad/units_fewer_than_base_organizations.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_DATA);
  CHECK_INT(count, 2);
  CHECK_CONTAINS(all, "units_fewer_than_base_organizations.json:5:21: units_expected: "
                      "units_expected is 3 but 2 units were given");
  CHECK_CONTAINS(all, "units_fewer_than_base_organizations.json:8:86: "
                      "indicators.base_organizations.value: base_organizations is 3 but 2 units "
                      "were given");
  free(all);
}

static const char two_unit_committee[] =
    "{\"organization\": {\"name\": \"Đảng bộ Khối thử nghiệm\"}, \"period\": {\"from\": 2016, "
    "\"to\": 2020}, \"indicators\": {\"members\": {\"kind\": \"level\"}, \"admissions\": "
    "{\"kind\": \"count\"}, \"base_organizations\": {\"kind\": \"level\", \"value\": 2}}}";

TEST(unit_file_missing_from_the_folder_is_named_by_both_numbers) {
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = NULL;
  cJSON *f = NULL;
  CHECK_INT(dossier_dataset_parse(&ds, "c.json", two_unit_committee,
                                  sizeof two_unit_committee - 1, diag),
            DOSSIER_OK);
  CHECK_INT(dossier_dataset_add_unit_file(ds, "fixtures/units/so-y-te.json", diag), DOSSIER_OK);
  CHECK_INT(dossier_figures_compute(&f, ds, diag), DOSSIER_ERR_DATA);
  CHECK(f == NULL);
  CHECK_CONTAINS(dossier_diag_message(diag, 0),
                 "c.json:1:220: indicators.base_organizations.value: base_organizations is 2 "
                 "but 1 units were given");
  dossier_diag_free(diag);
  diag = dossier_diag_new();
  CHECK_INT(dossier_dataset_add_unit_file(ds, "fixtures/units/so-tai-chinh.json", diag),
            DOSSIER_OK);
  CHECK_INT(dossier_figures_compute(&f, ds, diag), DOSSIER_OK);
  dossier_diag_print(diag, stderr, "  ");
  cJSON_Delete(f);
  dossier_dataset_free(ds);
  dossier_diag_free(diag);
}
