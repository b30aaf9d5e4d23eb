/* test_style.c: the style files hold the official layout values, and a broken
 * style file is reported with its file and the JSON path of the bad value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support.h"
#include "render/doc.h"
#include "render/typeset/style.h"
#include "render/typeset/style_values.h"

#define MM (72.0 / 25.4)

/* Writes `text` to a scratch .style.json and returns its path. */
static const char *temp_style(const char *text) {
  const char *path = support_scratch_file("written.style.json", text);
  CHECK(path != NULL);
  return path ? path : "";
}

/* The party style with one substring replaced, as a scratch file. */
static const char *party_with(const char *from, const char *to) {
  const char *path = support_edited_copy("templates/party.style.json", from, to, "edited.style.json");
  CHECK(path != NULL); /* the stock file still says what the case edits */
  return path ? path : "";
}

/* The style file at `path` must be refused with a first message that names
 * the file and contains `says` and, when not NULL, `also`. */
static void expect_refused(const char *path, const char *says, const char *also) {
  char msg[512];
  dossier_style *s = support_style(path, msg, sizeof msg);
  CHECK(s == NULL);
  CHECK_CONTAINS(msg, path);
  CHECK_CONTAINS(msg, says);
  if (also) CHECK_CONTAINS(msg, also);
  dossier_style_free(s);
}

TEST(party_style_should_hold_the_official_page_and_type) {
  dossier_style *s = support_style("party", NULL, 0);
  CHECK(s != NULL);
  if (!s) return;
  CHECK_NEAR(s->page_width, 210 * MM, 0.01);
  CHECK_NEAR(s->page_height, 297 * MM, 0.01);
  CHECK_NEAR(s->margin_top, 20 * MM, 0.01);
  CHECK_NEAR(s->margin_bottom, 20 * MM, 0.01);
  CHECK_NEAR(s->margin_left, 30 * MM, 0.01);
  CHECK_NEAR(s->margin_right, 15 * MM, 0.01);
  CHECK_STR(s->font_family, "Liberation Serif");
  const dossier_text_style *body = &s->el[DOSSIER_EL_BODY];
  CHECK_NEAR(body->size, 14, 0);
  CHECK_INT(body->align, DOSSIER_TEXT_JUSTIFY);
  CHECK_NEAR(body->first_indent, 10 * MM, 0.01);
  CHECK_NEAR(body->space_before, 6, 0);
  CHECK(body->line_spacing >= 1.2 && body->line_spacing <= 1.5);
  CHECK_NEAR(s->el[DOSSIER_EL_MOTTO].size, 15, 0);
  CHECK(s->el[DOSSIER_EL_MOTTO].face & DOSSIER_RUN_BOLD);
  CHECK(s->el[DOSSIER_EL_ISSUER].face & DOSSIER_RUN_BOLD);
  CHECK(!(s->el[DOSSIER_EL_SUPERIOR].face & DOSSIER_RUN_BOLD));
  CHECK(s->el[DOSSIER_EL_DATE].face & DOSSIER_RUN_ITALIC);
  CHECK(s->el[DOSSIER_EL_TITLE].size >= 15 && s->el[DOSSIER_EL_TITLE].size <= 16);
  CHECK(s->el[DOSSIER_EL_RECIPIENTS_LABEL].face & DOSSIER_RUN_UNDERLINE);
  CHECK_NEAR(s->el[DOSSIER_EL_RECIPIENTS_LABEL].size, 12, 0);
  CHECK_STR(s->number_pattern, "Số {number}-{type}/{abbreviation}");
  CHECK_STR(s->issuer_mark, "*");
  CHECK_INT(s->motto_count, 1);
  if (s->motto_count) {
    CHECK_STR(s->motto[0].text, "ĐẢNG CỘNG SẢN VIỆT NAM");
    CHECK(s->motto[0].rule);
  }
  CHECK_STR(s->recipients_label, "Nơi nhận:");
  CHECK(!s->page_number_on_first);
  CHECK(s->page_number_baseline < s->margin_top);
  dossier_style_free(s);
}

TEST(state_style_should_follow_decree_30) {
  dossier_style *s = support_style("state", NULL, 0);
  CHECK(s != NULL);
  if (!s) return;
  CHECK_NEAR(s->el[DOSSIER_EL_BODY].size, 13, 0);
  CHECK_STR(s->number_pattern, "Số: {number}/{type}-{abbreviation}");
  CHECK_INT(s->motto_count, 2);
  if (s->motto_count == 2) {
    CHECK_STR(s->motto[0].text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    CHECK_STR(s->motto[1].text, "Độc lập - Tự do - Hạnh phúc");
    CHECK(!s->motto[0].rule && s->motto[1].rule);
  }
  CHECK_STR(s->issuer_mark, "");
  CHECK(s->issuer_rule_fraction > 0);
  dossier_style_free(s);
}

TEST(an_element_should_inherit_what_it_does_not_name_from_defaults) {
  const char *path = party_with("\"size\": 14, \"bold\": false", "\"size\": 12.5, \"bold\": false");
  dossier_style *s = support_style(path, NULL, 0);
  CHECK(s != NULL);
  if (s) {
    CHECK_NEAR(s->el[DOSSIER_EL_BODY].size, 12.5, 0);       /* body names no size */
    CHECK_NEAR(s->el[DOSSIER_EL_MOTTO].size, 15, 0);        /* the motto does */
    dossier_style_free(s);
  }
}

TEST(a_bad_value_should_be_reported_with_file_and_json_path) {
  expect_refused(party_with("\"table_body\":       {\"size\": 12",
                            "\"table_body\":       {\"size\": \"12\""),
                 "elements.table_body.size", NULL);
  expect_refused(party_with("\"align\": \"justify\", \"first_indent_mm\": 10, \"space_before\": 6}",
                            "\"align\": \"justified\", \"first_indent_mm\": 10, \"space_before\": 6}"),
                 ".align", NULL);
  expect_refused(party_with("\"page_number\":", "\"page_numbr\":"), "elements.page_number: missing",
                 NULL);
}

TEST(invalid_json_should_be_located_by_line_and_column) {
  /* at the extra comma itself, not where the parser gave up */
  expect_refused(temp_style("{\n  \"page\": {\n    \"width_mm\": 210,,\n  }\n}\n"), ":3:21:",
                 "malformed JSON near ','");
}

TEST(an_unknown_style_name_should_be_a_missing_input) {
  dossier_diag *diag = dossier_diag_new();
  dossier_style *s = NULL;
  CHECK_INT(dossier_style_load(&s, "no-such-style", diag), DOSSIER_ERR_NOINPUT);
  CHECK(s == NULL);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "no-such-style");
  dossier_diag_free(diag);
  dossier_style_free(NULL);
}

TEST(header_columns_that_overlap_should_be_refused) {
  expect_refused(party_with("\"right_x_mm\": 81", "\"right_x_mm\": 70"), "header", "overlapping");
}

TEST(stock_header_columns_should_lie_side_by_side_inside_the_text_width) {
  const char *names[] = {"party", "state"};
  for (int k = 0; k < 2; k++) {
    char msg[512];
    dossier_style *s = support_style(names[k], msg, sizeof msg);
    CHECK(s != NULL);
    if (!s) continue;
    double text_width = s->page_width - s->margin_left - s->margin_right;
    CHECK(s->header_left_x + s->header_left_width <= s->header_right_x);
    CHECK(s->header_right_x + s->header_right_width <= text_width + 0.01);
    /* room for the longest common date line, "…, ngày 28 tháng 12 năm 2020" after
     * a two-word place, italic 14 pt: 80.2 mm in Liberation Serif */
    CHECK(s->header_right_width >= 82 * 72 / 25.4);
    dossier_style_free(s);
  }
}

/* The party style with `from` replaced by `to` must load (in range) or be
 * refused with the range in a located message. */
static void expect_range(const char *from, const char *to, const char *path_and_range) {
  if (!path_and_range) {
    dossier_style *s = support_style(party_with(from, to), NULL, 0);
    CHECK(s != NULL);
    dossier_style_free(s);
    return;
  }
  char msg[512];
  const char *file = party_with(from, to);
  dossier_style *s = support_style(file, msg, sizeof msg);
  CHECK(s == NULL);
  CHECK_CONTAINS(msg, path_and_range);
  /* located at the value: FILE:LINE:COL */
  char head[600];
  snprintf(head, sizeof head, "%s:", file);
  CHECK(strncmp(msg, head, strlen(head)) == 0 && msg[strlen(head)] >= '1' &&
        msg[strlen(head)] <= '9');
  dossier_style_free(s);
}

TEST(every_style_number_should_be_refused_outside_its_range_one_below_and_one_above) {
  const char *flow = "\"flow\": {\"orphans\": 2,";
  expect_range(flow, "\"flow\": {\"orphans\": 1,", NULL);
  expect_range(flow, "\"flow\": {\"orphans\": 10,", NULL);
  expect_range(flow, "\"flow\": {\"orphans\": 0,",
               "flow.orphans: expected a whole number from 1 to 10, got 0");
  expect_range(flow, "\"flow\": {\"orphans\": 11,", "flow.orphans: expected a whole number from 1 to 10, got 11");
  /* once an undefined cast to int */
  expect_range(flow, "\"flow\": {\"orphans\": 1e10,",
               "flow.orphans: expected a whole number from 1 to 10, got 1e+10");
  expect_range(flow, "\"flow\": {\"orphans\": 2.5,", "flow.orphans: expected a whole number");
  const char *page = "\"width_mm\": 210,";
  expect_range(page, "\"width_mm\": 1189,", NULL); /* (74 is in range, but the header columns need more) */
  expect_range(page, "\"width_mm\": 73.9,", "page.width_mm: expected a number from 74 to 1189, got 73.9");
  expect_range(page, "\"width_mm\": 100000,", "page.width_mm: expected a number from 74 to 1189, got 100000");
  const char *size = "\"caption\":          {\"size\": 13,";
  expect_range(size, "\"caption\":          {\"size\": 72,", NULL);
  expect_range(size, "\"caption\":          {\"size\": 10000,",
               "elements.caption.size: expected a number from 4 to 72, got 10000");
  expect_range(size, "\"caption\":          {\"size\": 3.9,",
               "elements.caption.size: expected a number from 4 to 72, got 3.9");
  const char *chart = "\"width_fraction\": 0.9,";
  expect_range(chart, "\"width_fraction\": 1,", NULL);
  expect_range(chart, "\"width_fraction\": 1.01,", "chart.width_fraction: expected a number from 0.1 to 1, got 1.01");
  expect_range(chart, "\"width_fraction\": -1,", "chart.width_fraction: expected a number from 0.1 to 1, got -1");
}
