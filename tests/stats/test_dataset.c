/* test_dataset: loading and validating datasets. Every bad input of a clerk is
 * a file in tests/bad/dataset/ whose exact messages, each naming the file, LINE:COL
 * and JSON path of the mistake, are data beside it (NAME.expected, checked by
 * tests/golden/bad_inputs.sh). The cases here are what that data does not
 * say: that one load lists every problem of a file in one diag, missing files,
 * unit files added to a committee, datasets given as text, and
 * ratings_missing_level.json, whose message is known wrong. */
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
  char *all = load_messages("tests/bad/dataset/no-such-file.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_NOINPUT);
  CHECK_CONTAINS(all, "tests/bad/dataset/no-such-file.json: cannot open");
  free(all);
}

TEST(every_problem_of_a_file_is_listed_at_once) {
  dossier_status status;
  size_t count;
  char *all = load_messages("tests/bad/dataset/many_problems.json", &status, &count);
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

/* Its message is known wrong (tests/golden/known_wrong.txt: the misspelt key is
 * not named); this holds the refusal until the message is fixed, and changes
 * with it. */
TEST(rating_with_a_misspelt_level_is_refused) {
  dossier_status status;
  size_t count;
  char *all = load_messages("tests/bad/dataset/ratings_missing_level.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_DATA);
  /* the misspelt key itself, not the level it leaves missing */
  CHECK_CONTAINS(all, "tests/bad/dataset/ratings_missing_level.json:9:62: "
                      "ratings.organizations.2016.fulfiled: unknown level \"fulfiled\"");
  CHECK(strstr(all, "missing level") == NULL);
  free(all);
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

TEST(unit_file_speaks_of_the_committee_indicator_with_its_label_unless_it_writes_its_own) {
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = units_committee(diag);
  /* so-tai-chinh.json names neither label nor unit of its indicators */
  CHECK_INT(dossier_dataset_add_unit_file(ds, "fixtures/units/so-tai-chinh.json", diag),
            DOSSIER_OK);
  const char *own = support_scratch_file(
      "own-label.json",
      "{\"format\": \"dossier-dataset/1\", \"organization\": {\"name\": \"Chi bộ Văn phòng\"},"
      " \"period\": {\"from\": 2016, \"to\": 2020}, \"indicators\": {"
      " \"members\": {\"kind\": \"level\", \"series\": {\"2016\": 98, \"2020\": 104}},"
      " \"admissions\": {\"label\": \"Quần chúng được kết nạp\", \"unit\": \"người\","
      " \"kind\": \"count\", \"series\": {\"2016\": 5, \"2020\": 6}}}}");
  CHECK(own != NULL);
  /* (its figures are so-y-te.json's, so the two units add up to the committee) */
  CHECK_INT(dossier_dataset_add_unit_file(ds, own, diag), DOSSIER_OK);
  cJSON *f = NULL;
  CHECK_INT(dossier_figures_compute(&f, ds, diag), DOSSIER_OK);
  CHECK_STR(support_str(f, "units.0.indicators.admissions.label"), "Kết nạp đảng viên mới");
  CHECK_STR(support_str(f, "units.0.indicators.admissions.unit"), "đảng viên");
  CHECK_STR(support_str(f, "units.0.indicators.members.label"), "Số đảng viên");
  CHECK_STR(support_str(f, "units.1.indicators.admissions.label"), "Quần chúng được kết nạp");
  CHECK_STR(support_str(f, "units.1.indicators.admissions.unit"), "người");
  CHECK_STR(support_str(f, "units.1.indicators.members.unit"), "đảng viên");
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
                 "fixtures/units/so-y-te.json:3:29: organization.name: unit \"Đảng bộ Sở Y tế\" is "
                 "already a unit of");
  CHECK_INT(dossier_dataset_unit_count(ds), 1);
  dossier_dataset_free(ds);
  dossier_diag_free(diag);
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

TEST(a_bad_value_does_not_make_its_indicator_unknown_to_units_and_parts) {
  const char text[] =
      "{\"organization\": {\"name\": \"A\"}, \"period\": {\"from\": 2016, \"to\": 2020}, "
      "\"indicators\": {\"x\": {\"kind\": \"level\", \"value\": -1}, \"y\": {\"kind\": \"level\", "
      "\"value\": 1, \"parts\": [\"x\"]}}, \"units\": [{\"name\": \"U\", \"indicators\": {\"x\": "
      "{\"value\": 2}}}]}";
  expect_parse_refused(text, 1, 0, "indicators.x.value: a level cannot be negative");
}

TEST(control_characters_between_tokens_are_refused_where_they_are) {
  /* cJSON skips a form feed between tokens; JSON does not allow it */
  const char text[] = "{\f\"organization\": {\"name\": \"A\"}, \"period\": {\"from\": 2016, \"to\": "
                      "2020},\n\v \"indicators\": {\"x\": {\"kind\": \"count\", \"value\": -2}}}";
  expect_parse_refused(text, 1, 0,
                       "mem.json:1:2: malformed JSON: a control character (U+000C) between the "
                       "values: remove it");
}

/* QA #15: a period error used to hide every other problem of the file */
TEST(bad_period_does_not_hide_the_other_problems) {
  dossier_status status;
  size_t count;
  char *all = load_messages("tests/bad/dataset/period_as_string_and_more.json", &status, &count);
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
  char *all = load_messages("tests/bad/dataset/count_not_whole.json", &status, &count);
  CHECK_INT(status, DOSSIER_ERR_DATA);
  CHECK_INT(count, 3); /* the rate 98.5 is fine */
  CHECK_CONTAINS(all, "count_not_whole.json:6:58: indicators.admissions.series.2016: a count is "
                      "a whole number, got 12.5");
  CHECK_CONTAINS(all, "indicators.members.value: a level is a whole number, got 100.5");
  CHECK_CONTAINS(all, "indicators.contest.numerator.2017: a count is a whole number, got 6.5");
  free(all);
}

/* QA #4: a unit left out made every committee total silently smaller */
TEST(units_fewer_than_base_organizations_or_units_expected_are_refused) {
  dossier_status status;
  size_t count;
  char *all =
      load_messages("tests/bad/dataset/units_fewer_than_base_organizations.json", &status, &count);
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
