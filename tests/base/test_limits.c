/* test_limits: every limit of base/limits.h (docs/limits.md) one below and
 * one above — what is within it is read as always, what is beyond it is
 * refused with its documented, located message, never a crash, a hang or
 * memory run out. (The limits of the SVG reader are in
 * tests/render/chart/test_svg.c, the period's in tests/bad/dataset/.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/file.h"
#include "base/limits.h"
#include "check.h"
#include "render/template/template.h"
#include "render/typeset/style.h"
#include "stats/dataset.h"
#include "support.h"

/* ---- helpers ---- */

/* Parses dataset `text`; returns the first message ("" when it is read). */
static const char *dataset_message(const char *text) {
  static char message[1024];
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = NULL;
  dossier_status st = dossier_dataset_parse(&ds, "limits.json", text, strlen(text), diag);
  support_first_message(message, sizeof message, diag);
  CHECK(st == DOSSIER_OK ? message[0] == '\0' : message[0] != '\0');
  dossier_dataset_free(ds);
  dossier_diag_free(diag);
  return message;
}

/* A valid dataset whose text after "indicators" is `extra` (`,"key": …`). */
static char *dataset_with(const char *indicators, const char *extra) {
  dossier_buf b = DOSSIER_BUF_INIT;
  dossier_buf_addf(&b,
                   "{\"format\": \"dossier-dataset/1\", \"organization\": {\"name\": \"Đảng bộ A\"}, "
                   "\"period\": {\"from\": 2016, \"to\": 2020}, \"indicators\": {%s}%s}",
                   indicators, extra);
  return dossier_buf_take(&b);
}

/* Loads and binds template `source` against the demo's figures (or `figures`);
 * returns the first message ("" when it binds). */
static const char *template_message(const char *source, const cJSON *figures) {
  static char message[1024];
  const char *path = support_scratch_file("limits.md", source);
  CHECK(path != NULL);
  cJSON *own = figures ? NULL : support_figures_of_file("fixtures/hai-duong-2015-2020.json", NULL);
  dossier_diag *diag = dossier_diag_new();
  dossier_template *tpl = NULL;
  dossier_doc *doc = NULL;
  if (dossier_template_load(&tpl, path ? path : "", diag) == DOSSIER_OK)
    dossier_template_bind(&doc, tpl, figures ? figures : own, diag);
  support_first_message(message, sizeof message, diag);
  dossier_doc_free(doc);
  dossier_template_free(tpl);
  dossier_diag_free(diag);
  cJSON_Delete(own);
  return message;
}

/* `count` copies of `piece` one after another. */
static char *repeat(const char *piece, size_t count) {
  dossier_buf b = DOSSIER_BUF_INIT;
  for (size_t i = 0; i < count; i++) dossier_buf_adds(&b, piece);
  return dossier_buf_take(&b);
}

/* ---- files ---- */

TEST(a_file_of_the_largest_size_is_read_and_one_byte_more_is_refused) {
  /* a template: 1 MiB */
  char *text = repeat(" ", DOSSIER_LIMIT_TEMPLATE_BYTES - 2);
  CHECK(text != NULL);
  char *whole = NULL;
  CHECK(asprintf(&whole, "x%s\n", text) > 0);
  CHECK_STR(template_message(whole, NULL), "");
  free(whole);
  CHECK(asprintf(&whole, "xx%s\n", text) > 0);
  CHECK_CONTAINS(template_message(whole, NULL),
                 "limits.md: larger than the 1 MiB a template may be (docs/limits.md)");
  free(whole);
  free(text);
  /* a dataset: 64 MiB, read by the same code */
  const char *path = support_scratch("big.json");
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f) return;
  const char *head = "{\"organization\": {\"name\": \"A\"}, \"period\": {\"from\": 2016, \"to\": "
                     "2020}, \"indicators\": {}}";
  fputs(head, f);
  for (size_t n = strlen(head); n < DOSSIER_LIMIT_DATASET_BYTES; n++) fputc(' ', f);
  fclose(f);
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *ds = NULL;
  CHECK_INT(dossier_dataset_load(&ds, path, diag), DOSSIER_OK);
  dossier_dataset_free(ds);
  f = fopen(path, "a");
  CHECK(f != NULL);
  if (f) fputc(' ', f), fclose(f);
  CHECK_INT(dossier_dataset_load(&ds, path, diag), DOSSIER_ERR_DATA);
  CHECK_CONTAINS(dossier_diag_message(diag, 0), "larger than the 64 MiB a dataset may be");
  dossier_diag_free(diag);
}

TEST(only_a_regular_file_is_read) {
  char *text = NULL;
  size_t length = 0;
  dossier_diag *diag = dossier_diag_new();
  CHECK_INT(dossier_file_read(&text, &length, "/dev/zero", 0, "a style", diag),
            DOSSIER_ERR_NOINPUT);
  CHECK_INT(dossier_file_read(&text, &length, "fixtures", 0, "a dataset", diag),
            DOSSIER_ERR_NOINPUT);
  CHECK_CONTAINS(dossier_diag_message(diag, 0),
                 "/dev/zero: not a regular file (a folder, a device or a pipe): a style is read "
                 "from a file");
  CHECK(text == NULL);
  dossier_diag_free(diag);
}

/* ---- JSON ---- */

TEST(json_nests_32_levels_and_no_more) {
  for (int depth = DOSSIER_LIMIT_JSON_DEPTH - 2; depth <= DOSSIER_LIMIT_JSON_DEPTH - 1; depth++) {
    /* the dataset's own object is level 1, "extra" holds the rest */
    char *open = repeat("[", (size_t)depth), *close = repeat("]", (size_t)depth), *extra = NULL;
    CHECK(asprintf(&extra, ", \"extra\": %s1%s", open, close) > 0);
    char *text = dataset_with("", extra);
    if (depth + 1 <= DOSSIER_LIMIT_JSON_DEPTH) CHECK_STR(dataset_message(text), "");
    free(text);
    free(extra);
    CHECK(asprintf(&extra, ", \"extra\": [%s1%s]", open, close) > 0);
    text = dataset_with("", extra);
    if (depth + 2 > DOSSIER_LIMIT_JSON_DEPTH)
      CHECK_CONTAINS(dataset_message(text), "objects and lists nested deeper than 32 levels");
    free(text);
    free(extra);
    free(open);
    free(close);
  }
}

TEST(an_object_or_list_holds_10000_members_and_no_more) {
  for (int n = DOSSIER_LIMIT_JSON_MEMBERS; n <= DOSSIER_LIMIT_JSON_MEMBERS + 1; n++) {
    char *items = repeat("0,", (size_t)n), *extra = NULL;
    items[strlen(items) - 1] = '\0';
    CHECK(asprintf(&extra, ", \"extra\": [%s]", items) > 0);
    char *text = dataset_with("", extra);
    const char *m = dataset_message(text);
    if (n == DOSSIER_LIMIT_JSON_MEMBERS) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "extra: more than 10000 members in one list (docs/limits.md)");
    free(text);
    free(extra);
    free(items);
  }
}

TEST(a_text_holds_4096_bytes_and_no_more) {
  for (int n = DOSSIER_LIMIT_TEXT_BYTES; n <= DOSSIER_LIMIT_TEXT_BYTES + 1; n++) {
    char *name = repeat("A", (size_t)n), *text = NULL;
    CHECK(asprintf(&text,
                   "{\"organization\": {\"name\": \"%s\"}, \"period\": {\"from\": 2016, \"to\": "
                   "2020}, \"indicators\": {}}",
                   name) > 0);
    const char *m = dataset_message(text);
    if (n == DOSSIER_LIMIT_TEXT_BYTES) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "limits.json:1:27: organization.name: a text longer than 4096 bytes");
    free(text);
    free(name);
  }
}

/* ---- a dataset ---- */

TEST(a_dataset_has_1000_indicators_and_no_more) {
  for (int n = DOSSIER_LIMIT_INDICATORS; n <= DOSSIER_LIMIT_INDICATORS + 1; n++) {
    dossier_buf b = DOSSIER_BUF_INIT;
    for (int i = 0; i < n; i++)
      dossier_buf_addf(&b, "%s\"i%d\": {\"kind\": \"count\", \"value\": 1}", i ? ", " : "", i);
    char *text = dataset_with(dossier_buf_str(&b), "");
    const char *m = dataset_message(text);
    if (n == DOSSIER_LIMIT_INDICATORS) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "indicators: 1001 indicators, more than the 1000 a dataset may have");
    free(text);
    dossier_buf_free(&b);
  }
}

TEST(a_dataset_has_10000_units_and_no_more) {
  for (int n = DOSSIER_LIMIT_UNITS; n <= DOSSIER_LIMIT_UNITS + 1; n++) {
    dossier_buf b = DOSSIER_BUF_INIT;
    dossier_buf_adds(&b, ", \"units\": [");
    for (int i = 0; i < n; i++) dossier_buf_addf(&b, "%s{\"name\": \"u%d\"}", i ? ", " : "", i);
    dossier_buf_adds(&b, "]");
    char *text = dataset_with("", dossier_buf_str(&b));
    const char *m = dataset_message(text);
    if (n == DOSSIER_LIMIT_UNITS) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "units: more than 10000 members in one list");
    free(text);
    dossier_buf_free(&b);
  }
}

/* ---- a template ---- */

TEST(tags_nest_32_levels_and_no_more) {
  for (int n = DOSSIER_LIMIT_TAG_DEPTH; n <= DOSSIER_LIMIT_TAG_DEPTH + 1; n++) {
    char *open = repeat("{% if period.from %}\n", (size_t)n);
    char *close = repeat("{% endif %}\n", (size_t)n), *text = NULL;
    CHECK(asprintf(&text, "%sx\n%s", open, close) > 0);
    const char *m = template_message(text, NULL);
    if (n == DOSSIER_LIMIT_TAG_DEPTH) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "limits.md:33:1: {% for %} and {% if %} nested deeper than 32 levels");
    free(text);
    free(open);
    free(close);
  }
}

TEST(a_condition_nests_32_levels_and_holds_256_terms) {
  for (int n = DOSSIER_LIMIT_CONDITION_DEPTH; n <= DOSSIER_LIMIT_CONDITION_DEPTH + 1; n++) {
    char *open = repeat("(", (size_t)n), *close = repeat(")", (size_t)n), *text = NULL;
    CHECK(asprintf(&text, "{%% if %speriod.from%s %%}\nx\n{%% endif %%}\n", open, close) > 0);
    const char *m = template_message(text, NULL);
    if (n == DOSSIER_LIMIT_CONDITION_DEPTH) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "bad condition: parentheses nested deeper than 32 levels");
    free(text);
    free(open);
    free(close);
  }
  for (int n = DOSSIER_LIMIT_CONDITION_TERMS; n <= DOSSIER_LIMIT_CONDITION_TERMS + 1; n++) {
    char *terms = repeat("period.from and ", (size_t)n - 1), *text = NULL;
    CHECK(asprintf(&text, "{%% if %speriod.to %%}\nx\n{%% endif %%}\n", terms) > 0);
    const char *m = template_message(text, NULL);
    if (n == DOSSIER_LIMIT_CONDITION_TERMS) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "bad condition: more than 256 values and figures in one condition");
    free(text);
    free(terms);
  }
}

TEST(loops_repeat_100000_times_in_a_document_and_no_more) {
  cJSON *figures = support_figures_of_file("fixtures/hai-duong-2015-2020.json", NULL);
  CHECK(figures != NULL);
  if (!figures) return;
  cJSON *units = cJSON_CreateArray();
  cJSON_ReplaceItemInObject(figures, "units", units);
  for (int n = 0; n < DOSSIER_LIMIT_ITERATIONS; n++) cJSON_AddItemToArray(units, cJSON_CreateObject());
  /* the body makes no block: only the repetitions count */
  const char *loop = "{% for u in units %}\n{% endfor %}\n";
  CHECK_STR(template_message(loop, figures), "");
  cJSON_AddItemToArray(units, cJSON_CreateObject());
  CHECK_CONTAINS(template_message(loop, figures),
                 "limits.md:1:1: the template repeats more than 100000 times in one document");
  cJSON_Delete(figures);
}

TEST(a_document_has_200000_blocks_and_no_more) {
  for (int n = DOSSIER_LIMIT_BLOCKS; n <= DOSSIER_LIMIT_BLOCKS + 1; n++) {
    char *text = repeat("x\n\n", (size_t)n);
    const char *m = template_message(text, NULL);
    if (n == DOSSIER_LIMIT_BLOCKS) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "the document would have more than 200000 paragraphs, list items and tables");
    free(text);
  }
}

TEST(lists_nest_6_levels_and_no_more) {
  for (int n = DOSSIER_LIMIT_LIST_DEPTH; n <= DOSSIER_LIMIT_LIST_DEPTH + 1; n++) {
    dossier_buf b = DOSSIER_BUF_INIT;
    for (int i = 0; i < n; i++) dossier_buf_addf(&b, "%*s- x\n", 2 * i, "");
    const char *m = template_message(dossier_buf_str(&b), NULL);
    if (n == DOSSIER_LIMIT_LIST_DEPTH) CHECK_STR(m, "");
    else CHECK_CONTAINS(m, "limits.md:7:13: lists nested deeper than 6 levels");
    dossier_buf_free(&b);
  }
}
