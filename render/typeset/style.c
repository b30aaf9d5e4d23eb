/* style.c: reading a style file into a dossier_style (fields in style_values.h).
 *
 * The file is JSON. Geometry is in millimetres (keys ending in "_mm"), type in
 * points. Every element ("elements": {"body": {...}, ...}) starts from the
 * file's "defaults" element and overrides what it names, so a style states
 * each value once. Anything missing or mistyped is an error naming the file and
 * the JSON path of the value. */
#include "render/typeset/style_values.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/doc.h"
#include "base/datadir.h"
#include "base/file.h"
#include "base/limits.h"
#include "stats/jsonloc.h"

#define MM_TO_PT (72.0 / 25.4)

static const char *const style_element_names[DOSSIER_EL_COUNT] = {
    [DOSSIER_EL_SUPERIOR] = "superior",
    [DOSSIER_EL_ISSUER] = "issuer",
    [DOSSIER_EL_ISSUER_MARK] = "issuer_mark",
    [DOSSIER_EL_NUMBER] = "number",
    [DOSSIER_EL_MOTTO] = "motto",
    [DOSSIER_EL_MOTTO_SUB] = "motto_sub",
    [DOSSIER_EL_DATE] = "date",
    [DOSSIER_EL_TITLE] = "title",
    [DOSSIER_EL_SUMMARY] = "summary",
    [DOSSIER_EL_HEADING1] = "heading1",
    [DOSSIER_EL_HEADING2] = "heading2",
    [DOSSIER_EL_HEADING3] = "heading3",
    [DOSSIER_EL_BODY] = "body",
    [DOSSIER_EL_LIST] = "list",
    [DOSSIER_EL_TABLE_HEAD] = "table_head",
    [DOSSIER_EL_TABLE_BODY] = "table_body",
    [DOSSIER_EL_TABLE_TOTAL] = "table_total",
    [DOSSIER_EL_CAPTION] = "caption",
    [DOSSIER_EL_RECIPIENTS_LABEL] = "recipients_label",
    [DOSSIER_EL_RECIPIENTS] = "recipients",
    [DOSSIER_EL_SIGN_CAPACITY] = "sign_capacity",
    [DOSSIER_EL_SIGN_POSITION] = "sign_position",
    [DOSSIER_EL_SIGN_NAME] = "sign_name",
    [DOSSIER_EL_APPENDIX_LABEL] = "appendix_label",
    [DOSSIER_EL_APPENDIX_TITLE] = "appendix_title",
    [DOSSIER_EL_APPENDIX_NOTE] = "appendix_note",
    [DOSSIER_EL_PAGE_NUMBER] = "page_number",
};

/* The reading context: the file name for messages and the first error. */
typedef struct {
  const char *file;
  const dossier_jsonloc *loc; /* where each value is written, for messages */
  dossier_diag *diag;
  dossier_status st;
} reader;

/* Reports a problem of the value `node` (NULL: of the file) at its place. */
__attribute__((format(printf, 4, 5))) static void fail_at(reader *r, const cJSON *node,
                                                         const char *path, const char *fmt,
                                                         ...) {
  if (r->st == DOSSIER_OK) r->st = DOSSIER_ERR_DATA;
  int line = 0, col = 0;
  if (node) dossier_jsonloc_value(r->loc, node, &line, &col);
  char what[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  dossier_diag_add(r->diag, DOSSIER_ERR_DATA, r->file, line, col, path, "%s", what);
}

static void fail(reader *r, const char *path, const char *what) { fail_at(r, NULL, path, "%s", what); }

static const cJSON *member(reader *r, const cJSON *obj, const char *section, const char *key,
                           int required) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v && required) {
    char path[160];
    snprintf(path, sizeof path, "%s%s%s", section, *section ? "." : "", key);
    fail(r, path, "missing");
  }
  return v;
}

/* "expected a number from 4 to 72, got 10000", at the value. */
static void out_of_range(reader *r, const cJSON *v, const char *section, const char *key,
                         const char *what, const char *min, const char *max) {
  char path[160], got[64];
  snprintf(path, sizeof path, "%s.%s", section, key);
  if (cJSON_IsNumber(v)) snprintf(got, sizeof got, "%g", v->valuedouble);
  else snprintf(got, sizeof got, "%s", cJSON_IsString(v) ? "a string" : "no number");
  fail_at(r, v, path, "expected %s from %s to %s, got %s", what, min, max, got);
}

/* Reads a required number from `min` to `max` (in the file's unit); `scale`
 * converts it to points. 0 after an error, which names the range. */
static double number(reader *r, const cJSON *obj, const char *section, const char *key,
                     double scale, double min, double max) {
  const cJSON *v = member(r, obj, section, key, 1);
  if (!v) return 0;
  if (!cJSON_IsNumber(v) || !(v->valuedouble >= min && v->valuedouble <= max)) {
    char min_text[32], max_text[32];
    snprintf(min_text, sizeof min_text, "%g", min);
    snprintf(max_text, sizeof max_text, "%g", max);
    out_of_range(r, v, section, key, "a number", min_text, max_text);
    return 0;
  }
  return v->valuedouble * scale;
}

/* Reads a required whole number from `min` to `max`. */
static int whole(reader *r, const cJSON *obj, const char *section, const char *key, int min,
                 int max) {
  const cJSON *v = member(r, obj, section, key, 1);
  if (!v) return 0;
  if (!cJSON_IsNumber(v) || !(v->valuedouble >= min && v->valuedouble <= max) ||
      v->valuedouble != (double)(int)v->valuedouble) {
    char min_text[16], max_text[16];
    snprintf(min_text, sizeof min_text, "%d", min);
    snprintf(max_text, sizeof max_text, "%d", max);
    out_of_range(r, v, section, key, "a whole number", min_text, max_text);
    return 0;
  }
  return (int)v->valuedouble;
}

static int boolean(reader *r, const cJSON *obj, const char *section, const char *key) {
  const cJSON *v = member(r, obj, section, key, 1);
  if (!v) return 0;
  if (!cJSON_IsBool(v)) {
    char path[160];
    snprintf(path, sizeof path, "%s.%s", section, key);
    fail(r, path, "expected true or false");
    return 0;
  }
  return cJSON_IsTrue(v);
}

/* Returns a NFC copy of a required string (caller frees), or NULL after an error. */
static char *string(reader *r, const cJSON *obj, const char *section, const char *key) {
  const cJSON *v = member(r, obj, section, key, 1);
  if (!v) return NULL;
  if (!cJSON_IsString(v)) {
    char path[160];
    snprintf(path, sizeof path, "%s.%s", section, key);
    fail(r, path, "expected a string");
    return NULL;
  }
  char *copy = dossier_doc_strdup(v->valuestring, strlen(v->valuestring));
  if (!copy && r->st == DOSSIER_OK)
    r->st = dossier_diag_nomem(r->diag);
  return copy;
}

static const cJSON *object(reader *r, const cJSON *obj, const char *key) {
  const cJSON *v = member(r, obj, "", key, 1);
  if (v && !cJSON_IsObject(v)) {
    fail(r, key, "expected an object");
    return NULL;
  }
  return v;
}

/* Refuses every key of `obj` that is not in `known` (NULL-terminated): a
 * misspelt key would otherwise be silently ignored. Keys beginning with "_"
 * are comments ("_about"). */
static void known_keys(reader *r, const cJSON *obj, const char *section,
                       const char *const *known) {
  if (!cJSON_IsObject(obj)) return;
  for (const cJSON *c = obj->child; c; c = c->next) {
    int ok = c->string[0] == '_';
    for (size_t i = 0; known[i] && !ok; i++) ok = strcmp(c->string, known[i]) == 0;
    if (ok) continue;
    char path[160], list[512] = "";
    snprintf(path, sizeof path, "%s%s%s", section, *section ? "." : "", c->string);
    for (size_t i = 0; known[i]; i++) {
      size_t k = strlen(list);
      snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", known[i]);
    }
    if (r->st == DOSSIER_OK) r->st = DOSSIER_ERR_DATA;
    int line = 0, col = 0;
    dossier_jsonloc_key(r->loc, c, &line, &col);
    dossier_diag_add(r->diag, DOSSIER_ERR_DATA, r->file, line, col, path, "unknown key (%s)",
                     list);
  }
}

/* A header pattern: every "{" closes, names one of `fields`, and `needed`
 * (when not NULL) is among them, else page 1 would lose it. */
static void check_pattern(reader *r, const cJSON *obj, const char *key,
                          const char *const *fields, const char *needed) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!cJSON_IsString(v)) return; /* (reported as a missing or wrong string) */
  char path[64], list[128] = "", braces[128] = "";
  snprintf(path, sizeof path, "header.%s", key);
  for (size_t i = 0; fields[i]; i++) {
    size_t k = strlen(list), b = strlen(braces);
    snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", fields[i]);
    snprintf(braces + b, sizeof braces - b, "%s{%s}", !fields[i + 1] && i ? " or " : i ? ", " : "",
             fields[i]);
  }
  int line = 0, col = 0, has_needed = needed == NULL;
  dossier_jsonloc_value(r->loc, v, &line, &col);
  for (const char *p = v->valuestring; (p = strchr(p, '{')) != NULL; p++) {
    const char *close = strchr(p + 1, '}'), *next_open = strchr(p + 1, '{');
    if (!close || (next_open && next_open < close)) {
      if (r->st == DOSSIER_OK) r->st = DOSSIER_ERR_DATA;
      dossier_diag_add(r->diag, DOSSIER_ERR_DATA, r->file, line, col, path,
                       "a \"{\" without its \"}\": write %s", braces);
      return;
    }
    int known = 0;
    for (size_t i = 0; fields[i] && !known; i++)
      known = (size_t)(close - p - 1) == strlen(fields[i]) && strncmp(p + 1, fields[i], strlen(fields[i])) == 0;
    if (!known) {
      if (r->st == DOSSIER_OK) r->st = DOSSIER_ERR_DATA;
      dossier_diag_add(r->diag, DOSSIER_ERR_DATA, r->file, line, col, path,
                       "unknown field {%.*s} (%s)", (int)(close - p - 1), p + 1, list);
      return;
    }
    if (needed && (size_t)(close - p - 1) == strlen(needed) && strncmp(p + 1, needed, strlen(needed)) == 0)
      has_needed = 1;
  }
  if (!has_needed) {
    if (r->st == DOSSIER_OK) r->st = DOSSIER_ERR_DATA;
    dossier_diag_add(r->diag, DOSSIER_ERR_DATA, r->file, line, col, path,
                     "the pattern has no {%s}", needed);
  }
}

/* Applies the keys present in `obj` onto `ts`; with `complete`, every key must be there. */
static void read_text_style(reader *r, const cJSON *obj, const char *section,
                            dossier_text_style *ts, int complete) {
  static const char *const keys[] = {"size",         "bold",         "italic",      "underline",
                                     "upper",        "align",        "line_spacing", "space_before",
                                     "space_after",  "first_indent_mm", "indent_mm", "hanging_mm",
                                     NULL};
  known_keys(r, obj, section, keys);
  for (size_t i = 0; keys[i]; i++) {
    const char *key = keys[i];
    if (!cJSON_GetObjectItemCaseSensitive(obj, key)) {
      if (complete) member(r, obj, section, key, 1);
      continue;
    }
    if (strcmp(key, "size") == 0) ts->size = number(r, obj, section, key, 1, 4, 72);
    else if (strcmp(key, "line_spacing") == 0) ts->line_spacing = number(r, obj, section, key, 1, 0.8, 3);
    else if (strcmp(key, "space_before") == 0) ts->space_before = number(r, obj, section, key, 1, 0, 144);
    else if (strcmp(key, "space_after") == 0) ts->space_after = number(r, obj, section, key, 1, 0, 144);
    else if (strcmp(key, "first_indent_mm") == 0)
      ts->first_indent = number(r, obj, section, key, MM_TO_PT, 0, 100);
    else if (strcmp(key, "indent_mm") == 0) ts->indent = number(r, obj, section, key, MM_TO_PT, 0, 100);
    else if (strcmp(key, "hanging_mm") == 0) ts->hanging = number(r, obj, section, key, MM_TO_PT, 0, 100);
    else if (strcmp(key, "upper") == 0) ts->upper = boolean(r, obj, section, key);
    else if (strcmp(key, "align") == 0) {
      char *a = string(r, obj, section, key);
      if (!a) continue;
      if (strcmp(a, "left") == 0) ts->align = DOSSIER_TEXT_LEFT;
      else if (strcmp(a, "center") == 0) ts->align = DOSSIER_TEXT_CENTER;
      else if (strcmp(a, "right") == 0) ts->align = DOSSIER_TEXT_RIGHT;
      else if (strcmp(a, "justify") == 0) ts->align = DOSSIER_TEXT_JUSTIFY;
      else {
        char path[160];
        snprintf(path, sizeof path, "%s.align", section);
        fail(r, path, "expected \"left\", \"center\", \"right\" or \"justify\"");
      }
      free(a);
    } else {
      unsigned bit = strcmp(key, "bold") == 0     ? DOSSIER_RUN_BOLD
                     : strcmp(key, "italic") == 0 ? DOSSIER_RUN_ITALIC
                                                  : DOSSIER_RUN_UNDERLINE;
      if (boolean(r, obj, section, key)) ts->face |= bit;
      else ts->face &= ~bit;
    }
  }
  if (ts->size <= 0 && r->st == DOSSIER_OK) {
    char path[160];
    snprintf(path, sizeof path, "%s.size", section);
    fail(r, path, "the size must be above 0");
  }
}

static void read_elements(reader *r, const cJSON *root, dossier_style *s) {
  const cJSON *defaults = object(r, root, "defaults");
  const cJSON *elements = object(r, root, "elements");
  if (!defaults || !elements) return;
  dossier_text_style base;
  memset(&base, 0, sizeof base);
  read_text_style(r, defaults, "defaults", &base, 1);
  for (int e = 0; e < DOSSIER_EL_COUNT; e++) {
    memcpy(&s->el[e], &base, sizeof base); /* padding too: pdf.c hashes these bytes */
    char section[64];
    snprintf(section, sizeof section, "elements.%s", style_element_names[e]);
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(elements, style_element_names[e]);
    if (!obj) {
      fail(r, section, "missing");
      continue;
    }
    read_text_style(r, obj, section, &s->el[e], 0);
  }
  /* A misspelt element would otherwise be silently ignored. */
  const cJSON *item;
  cJSON_ArrayForEach(item, elements) {
    int known = 0;
    for (int e = 0; e < DOSSIER_EL_COUNT; e++)
      if (strcmp(item->string, style_element_names[e]) == 0) known = 1;
    if (!known) {
      char section[160];
      snprintf(section, sizeof section, "elements.%s", item->string);
      fail(r, section, "unknown element");
    }
  }
}

static dossier_element element_named(reader *r, const char *name, const char *path) {
  for (int e = 0; e < DOSSIER_EL_COUNT; e++)
    if (name && strcmp(name, style_element_names[e]) == 0) return (dossier_element)e;
  fail(r, path, "unknown element");
  return DOSSIER_EL_MOTTO;
}

static void read_header(reader *r, const cJSON *root, dossier_style *s) {
  const cJSON *h = object(r, root, "header");
  if (!h) return;
  s->header_left_x = number(r, h, "header", "left_x_mm", MM_TO_PT, 0, 300);
  s->header_left_width = number(r, h, "header", "left_width_mm", MM_TO_PT, 10, 300);
  s->header_right_x = number(r, h, "header", "right_x_mm", MM_TO_PT, 0, 300);
  s->header_right_width = number(r, h, "header", "right_width_mm", MM_TO_PT, 10, 300);
  s->issuer_mark = string(r, h, "header", "issuer_mark");
  s->issuer_rule_fraction = number(r, h, "header", "issuer_rule_fraction", 1, 0, 1);
  s->rule_gap = number(r, h, "header", "rule_gap", 1, 0, 36);
  s->rule_width = number(r, h, "header", "rule_width", 1, 0, 5);
  s->number_pattern = string(r, h, "header", "number_pattern");
  s->date_pattern = string(r, h, "header", "date_pattern");
  static const char *const number_fields[] = {"number", "type", "abbreviation", NULL};
  static const char *const date_fields[] = {"place", "date", NULL};
  check_pattern(r, h, "number_pattern", number_fields, NULL);
  check_pattern(r, h, "date_pattern", date_fields, "date");
  static const char *const header_keys[] = {
      "left_x_mm",   "left_width_mm",  "right_x_mm",   "right_width_mm",  "issuer_mark",
      "issuer_rule_fraction", "rule_gap", "rule_width", "number_pattern", "date_pattern",
      "motto",       "space_after",    "summary_rule_mm", "summary_rule_gap", NULL};
  known_keys(r, h, "header", header_keys);
  s->header_space_after = number(r, h, "header", "space_after", 1, 0, 144);
  s->summary_rule_length = number(r, h, "header", "summary_rule_mm", MM_TO_PT, 0, 300);
  s->summary_rule_gap = number(r, h, "header", "summary_rule_gap", 1, 0, 36);
  /* the two columns of page 1 must not share ink: disjoint and inside the text block */
  double text_width = s->page_width - s->margin_left - s->margin_right;
  double lx = s->header_left_x, lw = s->header_left_width;
  double rx = s->header_right_x, rw = s->header_right_width;
  if (r->st == DOSSIER_OK &&
      (lw <= 0 || rw <= 0 || lx < 0 || rx < 0 || lx + lw > text_width + 0.01 ||
       rx + rw > text_width + 0.01 || (lx < rx + rw - 0.01 && rx < lx + lw - 0.01)))
    fail(r, "header",
         "the columns must lie side by side inside the text width without overlapping "
         "(left_x_mm + left_width_mm <= right_x_mm)");
  const cJSON *motto = member(r, h, "header", "motto", 1);
  if (!motto) return;
  if (!cJSON_IsArray(motto) || cJSON_GetArraySize(motto) == 0) {
    fail(r, "header.motto", "expected a non-empty array of lines");
    return;
  }
  size_t n = (size_t)cJSON_GetArraySize(motto);
  s->motto = calloc(n, sizeof *s->motto);
  if (!s->motto) {
    r->st = dossier_diag_nomem(r->diag);
    return;
  }
  s->motto_count = n;
  for (size_t i = 0; i < n; i++) {
    const cJSON *line = cJSON_GetArrayItem(motto, (int)i);
    char section[64];
    snprintf(section, sizeof section, "header.motto[%zu]", i);
    if (!cJSON_IsObject(line)) {
      fail(r, section, "expected an object {text, element, rule}");
      continue;
    }
    s->motto[i].text = string(r, line, section, "text");
    char *el = string(r, line, section, "element");
    s->motto[i].element = element_named(r, el, section);
    free(el);
    s->motto[i].rule = boolean(r, line, section, "rule");
    static const char *const motto_keys[] = {"text", "element", "rule", NULL};
    known_keys(r, line, section, motto_keys);
  }
}

static void read_fonts(reader *r, const cJSON *root, dossier_style *s) {
  const cJSON *f = object(r, root, "font");
  if (!f) return;
  static const char *const keys[4] = {"regular", "bold", "italic", "bold_italic"};
  s->font_family = string(r, f, "font", "family");
  const cJSON *files = member(r, f, "font", "files", 1);
  if (!files) return;
  for (int i = 0; i < 4; i++) s->font_files[i] = string(r, files, "font.files", keys[i]);
  static const char *const font_keys[] = {"family", "files", NULL};
  static const char *const file_keys[] = {"regular", "bold", "italic", "bold_italic", NULL};
  known_keys(r, f, "font", font_keys);
  known_keys(r, files, "font.files", file_keys);
}

static void read_style(reader *r, const cJSON *root, dossier_style *s) {
  static const char *const sections[] = {"page", "font", "defaults", "elements", "header",
                                         "flow", "table", "chart", "signature", NULL};
  known_keys(r, root, "", sections);
  const cJSON *page = object(r, root, "page");
  static const char *const page_keys[] = {"width_mm",         "height_mm",       "margin_top_mm",
                                          "margin_bottom_mm", "margin_left_mm",  "margin_right_mm",
                                          "number_baseline_mm", "number_on_first_page", NULL};
  known_keys(r, page, "page", page_keys);
  if (page) {
    s->page_width = number(r, page, "page", "width_mm", MM_TO_PT, 74, 1189);
    s->page_height = number(r, page, "page", "height_mm", MM_TO_PT, 74, 1189);
    s->margin_top = number(r, page, "page", "margin_top_mm", MM_TO_PT, 0, 200);
    s->margin_bottom = number(r, page, "page", "margin_bottom_mm", MM_TO_PT, 0, 200);
    s->margin_left = number(r, page, "page", "margin_left_mm", MM_TO_PT, 0, 200);
    s->margin_right = number(r, page, "page", "margin_right_mm", MM_TO_PT, 0, 200);
    s->page_number_baseline = number(r, page, "page", "number_baseline_mm", MM_TO_PT, 0, 200);
    s->page_number_on_first = boolean(r, page, "page", "number_on_first_page");
    if (r->st == DOSSIER_OK &&
        (s->page_width - s->margin_left - s->margin_right < 72 ||
         s->page_height - s->margin_top - s->margin_bottom < 144))
      fail(r, "page", "the margins leave no room for text");
  }
  read_fonts(r, root, s);
  read_elements(r, root, s);
  read_header(r, root, s);

  const cJSON *flow = object(r, root, "flow");
  static const char *const flow_keys[] = {"orphans", "widows", "keep_with_next_lines", NULL};
  known_keys(r, flow, "flow", flow_keys);
  if (flow) {
    s->orphans = whole(r, flow, "flow", "orphans", 1, 10);
    s->widows = whole(r, flow, "flow", "widows", 1, 10);
    s->keep_with_next_lines = whole(r, flow, "flow", "keep_with_next_lines", 1, 20);
  }
  const cJSON *table = object(r, root, "table");
  static const char *const table_keys[] = {"cell_padding_x", "cell_padding_y", "grid_width",
                                           "space_before", "space_after", NULL};
  known_keys(r, table, "table", table_keys);
  if (table) {
    s->cell_padding_x = number(r, table, "table", "cell_padding_x", 1, 0, 20);
    s->cell_padding_y = number(r, table, "table", "cell_padding_y", 1, 0, 20);
    s->grid_width = number(r, table, "table", "grid_width", 1, 0, 5);
    s->table_space_before = number(r, table, "table", "space_before", 1, 0, 144);
    s->table_space_after = number(r, table, "table", "space_after", 1, 0, 144);
  }
  const cJSON *chart = object(r, root, "chart");
  static const char *const chart_keys[] = {"width_fraction", "space_before", "space_after", NULL};
  known_keys(r, chart, "chart", chart_keys);
  if (chart) {
    s->chart_width_fraction = number(r, chart, "chart", "width_fraction", 1, 0.1, 1);
    s->chart_space_before = number(r, chart, "chart", "space_before", 1, 0, 144);
    s->chart_space_after = number(r, chart, "chart", "space_after", 1, 0, 144);
  }
  const cJSON *sign = object(r, root, "signature");
  static const char *const sign_keys[] = {
      "left_width_mm",    "right_x_mm",       "right_width_mm",      "space_before",
      "signature_space_mm", "recipients_label", "recipient_prefix", "recipient_separator",
      "recipient_end",    NULL};
  known_keys(r, sign, "signature", sign_keys);
  if (sign) {
    s->sign_left_width = number(r, sign, "signature", "left_width_mm", MM_TO_PT, 10, 300);
    s->sign_right_x = number(r, sign, "signature", "right_x_mm", MM_TO_PT, 0, 300);
    s->sign_right_width = number(r, sign, "signature", "right_width_mm", MM_TO_PT, 10, 300);
    s->sign_space_before = number(r, sign, "signature", "space_before", 1, 0, 144);
    s->sign_gap = number(r, sign, "signature", "signature_space_mm", MM_TO_PT, 0, 200);
    s->recipients_label = string(r, sign, "signature", "recipients_label");
    s->recipient_prefix = string(r, sign, "signature", "recipient_prefix");
    s->recipient_separator = string(r, sign, "signature", "recipient_separator");
    s->recipient_end = string(r, sign, "signature", "recipient_end");
  }
}

dossier_status dossier_style_load(dossier_style **out, const char *name_or_path,
                                  dossier_diag *diag) {
  *out = NULL;
  char path[4096];
  if (dossier_data_resolve(path, sizeof path, name_or_path, DOSSIER_DATA_STYLE) != 0)
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, name_or_path, 0, 0, NULL,
                            "no such style (a stock name such as \"party\" or \"state\", "
                            "or a path to a .style.json file)");
  size_t length = 0;
  char *text = NULL;
  dossier_status st = dossier_file_read(&text, &length, path, DOSSIER_LIMIT_STYLE_BYTES, "a style", diag);
  if (st != DOSSIER_OK) return st;
  dossier_style *s = NULL;
  cJSON *root = NULL;
  dossier_jsonloc *loc = NULL;
  st = dossier_jsonloc_parse(&root, &loc, path, "a style", text, length, diag);
  if (st != DOSSIER_OK) goto done;
  if (!cJSON_IsObject(root)) {
    st = dossier_diag_add(diag, DOSSIER_ERR_DATA, path, 1, 1, NULL, "a style file is a JSON object");
    goto done;
  }
  const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
  if ((cJSON_IsString(format) && strncmp(format->valuestring, "dossier-dataset", 15) == 0) ||
      cJSON_GetObjectItemCaseSensitive(root, "indicators")) {
    st = dossier_diag_add(diag, DOSSIER_ERR_DATA, path, 1, 1, NULL,
                          "this is a dataset, not a style: give the dataset first and a style "
                          "(a .style.json file, or party or state) with -s");
    goto done;
  }
  long repeats = dossier_jsonloc_report_repeats(loc, root, path, diag);
  if (repeats != 0) {
    st = repeats < 0 ? DOSSIER_ERR_NOMEM : DOSSIER_ERR_DATA;
    goto done;
  }
  s = calloc(1, sizeof *s);
  if (!s || !(s->source = dossier_doc_strdup(path, strlen(path)))) {
    st = dossier_diag_nomem(diag);
    goto done;
  }
  reader r = {path, loc, diag, DOSSIER_OK};
  read_style(&r, root, s);
  st = r.st;
done:
  cJSON_Delete(root);
  dossier_jsonloc_free(loc);
  free(text);
  if (st != DOSSIER_OK) {
    dossier_style_free(s);
    return st;
  }
  *out = s;
  return DOSSIER_OK;
}

const dossier_text_style *dossier_style_heading(const dossier_style *style, int level) {
  if (level <= 1) return &style->el[DOSSIER_EL_HEADING1];
  if (level == 2) return &style->el[DOSSIER_EL_HEADING2];
  return &style->el[DOSSIER_EL_HEADING3];
}

void dossier_style_free(dossier_style *style) {
  if (!style) return;
  free(style->source);
  free(style->font_family);
  for (int i = 0; i < 4; i++) free(style->font_files[i]);
  free(style->issuer_mark);
  free(style->number_pattern);
  free(style->date_pattern);
  for (size_t i = 0; i < style->motto_count; i++) free(style->motto[i].text);
  free(style->motto);
  free(style->recipients_label);
  free(style->recipient_prefix);
  free(style->recipient_separator);
  free(style->recipient_end);
  free(style);
}
