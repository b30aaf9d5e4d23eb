/* template_blocks.c: the fenced blocks of a template — ```header```,
 * ```title```, ```signature```, ```table KIND …```, ```chart KIND …```,
 * ```appendix```, ```pagebreak``` — checked at load, built at bind time
 * straight from the figures tree (never through cmark). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "render/chart/chart.h"
#include "render/template/compiled.h"
#include "stats/dataset.h"
#include "render/text/figure.h"
#include "render/text/phrase.h"
#include "render/text/vnfmt.h"

static const char *const block_kinds[] = {"header", "title", "signature", "table",
                                          "chart",  "appendix", "pagebreak", NULL};
static const char *const rating_groups[] = {"organizations", "members", NULL};
static const char *const table_kinds[] = {"yearly", "units", "targets", "ratings", "membership",
                                          NULL};

static int in_list(const char *word, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (strcmp(word, list[i]) == 0) return 1;
  return 0;
}

/* Copies the next blank-separated word of *p into word; 0 when none. */
static int next_word(const char **p, char *word, size_t size) {
  const char *s = *p;
  while (*s && isspace((unsigned char)*s)) s++;
  size_t n = 0;
  while (s[n] && !isspace((unsigned char)s[n])) n++;
  if (n == 0) {
    *p = s;
    return 0;
  }
  size_t k = n < size - 1 ? n : size - 1;
  memcpy(word, s, k);
  word[k] = '\0';
  *p = s + n;
  return 1;
}

static const char *rest_of(const char *p) {
  while (*p && isspace((unsigned char)*p)) p++;
  return p;
}

static dossier_status check_error(const dossier_template *tpl, int line, int col,
                                  dossier_diag *diag, const char *what, const char *word,
                                  const char *const *choices) {
  char list[256] = "";
  for (size_t i = 0; choices[i]; i++) {
    size_t k = strlen(list);
    snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", choices[i]);
  }
  return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                          "unknown %s '%s' (%s)", what, word, list);
}

dossier_status tpl_block_check(const dossier_template *tpl, const char *info, int line, int col,
                               dossier_diag *diag) {
  char kind[64], sub[64], extra[128];
  const char *p = info;
  if (!next_word(&p, kind, sizeof kind) || !in_list(kind, block_kinds))
    return check_error(tpl, line, col, diag, "block", kind, block_kinds);
  if (strcmp(kind, "table") == 0) {
    if (!next_word(&p, sub, sizeof sub)) sub[0] = '\0';
    if (!in_list(sub, table_kinds)) return check_error(tpl, line, col, diag, "table", sub, table_kinds);
    if (strcmp(sub, "ratings") == 0 && next_word(&p, extra, sizeof extra) &&
        !in_list(extra, rating_groups))
      return check_error(tpl, line, col, diag, "ratings", extra, rating_groups);
    return DOSSIER_OK;
  }
  if (strcmp(kind, "chart") == 0) {
    if (!next_word(&p, sub, sizeof sub)) sub[0] = '\0';
    const char *chart_kinds[16]; /* the chart module's own list, NULL-terminated */
    size_t n = 0;
    while (n + 1 < sizeof chart_kinds / sizeof chart_kinds[0] && dossier_chart_kind_name(n))
      chart_kinds[n] = dossier_chart_kind_name(n), n++;
    chart_kinds[n] = NULL;
    if (!in_list(sub, chart_kinds)) return check_error(tpl, line, col, diag, "chart", sub, chart_kinds);
    /* (after `ratings`, a word that is no group begins the chart's title) */
    if (strcmp(sub, "ratings") != 0 && !next_word(&p, extra, sizeof extra))
      return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                              "chart %s needs an indicator id (```chart %s admissions```)", sub,
                              sub);
    return DOSSIER_OK;
  }
  if (next_word(&p, extra, sizeof extra) && strcmp(kind, "appendix") != 0)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "block %s takes no words after its name (got '%s')", kind, extra);
  return DOSSIER_OK;
}

/* ---- helpers ---- */

static dossier_status block_error(tpl_bind *b, int line, int col, const char *path,
                                  const char *message) {
  return b->status =
             dossier_diag_add(b->diag, DOSSIER_ERR_DATA, b->tpl->file, line, col, path, "%s", message);
}

static const cJSON *get(const cJSON *node, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(node, key);
}

/* A text field of the dataset; NULL when it is missing or blank, so the header,
 * the title and the appendix note leave the part out instead of printing
 * "Số -/" or ", ngày …" around nothing. */
static const char *str2(const cJSON *root, const char *group, const char *key) {
  const cJSON *v = get(get(root, group), key);
  if (!cJSON_IsString(v) || !v->valuestring) return NULL;
  for (const char *c = v->valuestring; *c; c++)
    if (!isspace((unsigned char)*c)) return v->valuestring;
  return NULL;
}

static char *nfc(const char *s) { return s ? dossier_doc_strdup(s, strlen(s)) : NULL; }

const char *tpl_document_noun(const cJSON *figures) {
  static const char *const nouns[][2] = {{"BC", "Báo cáo"}, {"NQ", "Nghị quyết"},
                                         {"KH", "Kế hoạch"}, {"QĐ", "Quyết định"},
                                         {"HD", "Hướng dẫn"}, {"CT", "Chỉ thị"},
                                         {"TB", "Thông báo"}, {"KL", "Kết luận"}};
  const char *type = str2(figures, "document", "type");
  for (size_t i = 0; type && i < sizeof nouns / sizeof nouns[0]; i++)
    if (strcmp(type, nouns[i][0]) == 0) return nouns[i][1];
  return "Báo cáo";
}

/* Upper-cases UTF-8 text (Vietnamese letters included). */
static void upper_into(dossier_buf *out, const char *text, int first_only) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
  utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text);
  int done = 0;
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      dossier_buf_add(out, (const char *)p, 1);
      p++;
      left--;
      continue;
    }
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(done ? cp : utf8proc_toupper(cp), enc);
    dossier_buf_add(out, (const char *)enc, (size_t)m);
    if (first_only) done = 1;
    p += n;
    left -= n;
  }
}

/* The content's lines, each expanded; blank lines dropped. */
static dossier_status content_lines(tpl_bind *b, const char *content, char ***lines,
                                    size_t *count) {
  *lines = NULL;
  *count = 0;
  const char *p = content ? content : "";
  while (*p) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    char *raw = malloc(n + 1);
    if (!raw) return DOSSIER_ERR_NOMEM;
    memcpy(raw, p, n);
    raw[n] = '\0';
    dossier_buf out = {0};
    dossier_status st = tpl_expand(b, raw, &out);
    free(raw);
    if (st != DOSSIER_OK) {
      dossier_buf_free(&out);
      return st;
    }
    const char *t = out.data ? out.data : "";
    while (*t && isspace((unsigned char)*t)) t++;
    if (*t) {
      char **grown = realloc(*lines, (*count + 1) * sizeof *grown);
      char *copy = grown ? nfc(t) : NULL;
      if (grown) *lines = grown;
      if (!copy) {
        dossier_buf_free(&out);
        return DOSSIER_ERR_NOMEM;
      }
      (*lines)[(*count)++] = copy;
    }
    dossier_buf_free(&out);
    p = end ? end + 1 : p + n;
  }
  return DOSSIER_OK;
}

static void lines_free(char **lines, size_t count) {
  for (size_t i = 0; i < count; i++) free(lines[i]);
  free(lines);
}

/* ---- header, title, signature, appendix ---- */

static dossier_status bind_header(tpl_bind *b) {
  dossier_block *block = dossier_doc_append(b->doc, DOSSIER_BLOCK_HEADER);
  if (!block) return DOSSIER_ERR_NOMEM;
  dossier_header *h = &block->u.header;
  const cJSON *f = b->figures;
  h->superior = nfc(str2(f, "organization", "superior"));
  h->issuer = nfc(str2(f, "organization", "issuer"));
  h->number = nfc(str2(f, "document", "number"));
  h->type = nfc(str2(f, "document", "type"));
  h->abbreviation = nfc(str2(f, "organization", "abbreviation"));
  h->place = nfc(str2(f, "organization", "place"));
  if (tpl_document_date(f, &h->year, &h->month, &h->day) != 0) h->year = h->month = h->day = 0;
  return DOSSIER_OK;
}

static dossier_status bind_title(tpl_bind *b, const char *content) {
  char **lines = NULL;
  size_t count = 0;
  dossier_status st = content_lines(b, content, &lines, &count);
  if (st != DOSSIER_OK) {
    lines_free(lines, count);
    return st;
  }
  const char *summary = str2(b->figures, "document", "summary");
  if (count == 0 && summary) {
    lines = malloc(sizeof *lines);
    if (!lines || !(lines[0] = nfc(summary))) {
      free(lines);
      return DOSSIER_ERR_NOMEM;
    }
    count = 1;
  }
  dossier_buf title = {0};
  upper_into(&title, tpl_document_noun(b->figures), 0);
  dossier_block *block = dossier_doc_append(b->doc, DOSSIER_BLOCK_TITLE);
  if (!block || title.failed) {
    lines_free(lines, count);
    dossier_buf_free(&title);
    return DOSSIER_ERR_NOMEM;
  }
  block->u.title.title = title.data;
  block->u.title.lines = lines;
  block->u.title.line_count = count;
  return DOSSIER_OK;
}

static dossier_status bind_signature(tpl_bind *b) {
  const cJSON *document = get(b->figures, "document");
  const cJSON *signer = get(document, "signer");
  dossier_block *block = dossier_doc_append(b->doc, DOSSIER_BLOCK_SIGNATURE);
  if (!block) return DOSSIER_ERR_NOMEM;
  dossier_signature *s = &block->u.signature;
  const cJSON *v;
  if (cJSON_IsString(v = get(signer, "capacity"))) s->capacity = nfc(v->valuestring);
  if (cJSON_IsString(v = get(signer, "position"))) s->position = nfc(v->valuestring);
  if (cJSON_IsString(v = get(signer, "name"))) s->name = nfc(v->valuestring);
  const cJSON *recipients = get(document, "recipients");
  int n = cJSON_IsArray(recipients) ? cJSON_GetArraySize(recipients) : 0;
  if (n > 0) {
    s->recipients = calloc((size_t)n, sizeof *s->recipients);
    if (!s->recipients) return DOSSIER_ERR_NOMEM;
    const cJSON *r;
    cJSON_ArrayForEach(r, recipients) {
      if (cJSON_IsString(r)) s->recipients[s->recipient_count++] = nfc(r->valuestring);
    }
  }
  return DOSSIER_OK;
}

static dossier_status bind_appendix(tpl_bind *b, const char *info_rest, const char *content) {
  char **lines = NULL;
  size_t count = 0;
  dossier_status st = content_lines(b, content, &lines, &count);
  if (st != DOSSIER_OK) {
    lines_free(lines, count);
    return st;
  }
  dossier_block *block = dossier_doc_append(b->doc, DOSSIER_BLOCK_APPENDIX);
  if (!block) {
    lines_free(lines, count);
    return DOSSIER_ERR_NOMEM;
  }
  char label[32];
  snprintf(label, sizeof label, "Phụ lục %d", ++b->appendix_count);
  block->u.appendix.label = nfc(label);
  /* the title: the words after "appendix", else the content's first line */
  const char *inline_title = rest_of(info_rest);
  if (inline_title[0]) {
    block->u.appendix.title = nfc(inline_title);
  } else if (count > 0) {
    block->u.appendix.title = lines[0];
    lines[0] = NULL;
  }
  lines_free(lines, count);

  /* "(Kèm theo Báo cáo số 125-BC/ĐUK ngày 14/8/2020 của Đảng ủy Khối …)" */
  const cJSON *f = b->figures;
  const char *number = str2(f, "document", "number"), *type = str2(f, "document", "type");
  const char *abbreviation = str2(f, "organization", "abbreviation");
  const char *issuer = str2(f, "organization", "issuer");
  dossier_buf note = {0};
  dossier_buf_adds(&note, "(Kèm theo ");
  dossier_buf_adds(&note, tpl_document_noun(f));
  if (number) {
    dossier_buf_adds(&note, " số ");
    dossier_buf_adds(&note, number);
    if (type) {
      dossier_buf_adds(&note, "-");
      dossier_buf_adds(&note, type);
    }
    if (abbreviation) {
      dossier_buf_adds(&note, "/");
      dossier_buf_adds(&note, abbreviation);
    }
  }
  int y, m, d;
  char date[32];
  if (tpl_document_date(f, &y, &m, &d) == 0 && dossier_vnfmt_date_short(date, sizeof date, y, m, d) > 0) {
    dossier_buf_adds(&note, " ngày ");
    dossier_buf_adds(&note, date);
  }
  if (issuer) {
    dossier_buf_adds(&note, " của ");
    dossier_buf_adds(&note, issuer);
  }
  dossier_buf_adds(&note, ")");
  block->u.appendix.note = note.failed ? NULL : nfc(note.data);
  dossier_buf_free(&note);
  if (!block->u.appendix.label || !block->u.appendix.note) return DOSSIER_ERR_NOMEM;
  return DOSSIER_OK;
}

/* ---- charts ---- */

static dossier_status bind_chart(tpl_bind *b, const char *info, const char *content, int line,
                                 int col) {
  char kind[64], indicator[128];
  const char *p = info;
  next_word(&p, kind, sizeof kind); /* "chart" */
  next_word(&p, kind, sizeof kind);
  int has_indicator = 0;
  if (strcmp(kind, "ratings") != 0) {
    has_indicator = next_word(&p, indicator, sizeof indicator);
    const cJSON *node = get(get(b->figures, "indicators"), indicator);
    if (!cJSON_IsObject(node)) {
      char message[512];
      snprintf(message, sizeof message,
               "chart %s: the figures have no indicator '%s' (guard it with {%% if "
               "indicators.%s %%})",
               kind, indicator, indicator);
      return block_error(b, line, col, NULL, message);
    }
  } else {
    /* optional group of ratings: organizations (default) or members */
    const char *save = p;
    if (next_word(&p, indicator, sizeof indicator) &&
        (strcmp(indicator, "organizations") == 0 || strcmp(indicator, "members") == 0))
      has_indicator = 1;
    else
      p = save;
  }
  dossier_buf title = {0};
  dossier_buf_adds(&title, rest_of(p)); /* already expanded with the info string */
  dossier_status st = title.failed ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
  char **lines = NULL;
  size_t count = 0;
  if (st == DOSSIER_OK && title.length == 0) st = content_lines(b, content, &lines, &count);
  dossier_block *block = st == DOSSIER_OK ? dossier_doc_append(b->doc, DOSSIER_BLOCK_CHART) : NULL;
  if (block) {
    block->u.chart.kind = nfc(kind);
    block->u.chart.indicator = has_indicator ? nfc(indicator) : NULL;
    block->u.chart.file = nfc(b->tpl->file); /* a chart's data is checked when drawn */
    block->u.chart.line = line;
    block->u.chart.col = col;
    if (title.length) block->u.chart.title = nfc(title.data);
    else if (count) {
      block->u.chart.title = lines[0];
      lines[0] = NULL;
    }
  } else if (st == DOSSIER_OK) {
    st = DOSSIER_ERR_NOMEM;
  }
  lines_free(lines, count);
  dossier_buf_free(&title);
  return st;
}

/* ---- tables ---- */

typedef struct {
  size_t columns;
  char **header;
  int *align;
  char **cells; /* row-major, grows by rows */
  size_t rows;
  int failed;
} grid;

static void grid_init(grid *g, const char *const *header, const int *align, size_t columns) {
  memset(g, 0, sizeof *g);
  g->columns = columns;
  g->header = calloc(columns, sizeof *g->header);
  g->align = calloc(columns, sizeof *g->align);
  if (!g->header || !g->align) {
    g->failed = 1;
    return;
  }
  for (size_t c = 0; c < columns; c++) {
    g->header[c] = nfc(header[c]);
    g->align[c] = align[c];
    if (!g->header[c]) g->failed = 1;
  }
}

static void grid_free(grid *g) {
  for (size_t c = 0; g->header && c < g->columns; c++) free(g->header[c]);
  for (size_t i = 0; g->cells && i < g->rows * g->columns; i++) free(g->cells[i]);
  free(g->header);
  free(g->align);
  free(g->cells);
  memset(g, 0, sizeof *g);
}

/* Appends a row; the cells are taken (freed here on failure). */
static void grid_row(grid *g, char **row) {
  char **grown = g->failed ? NULL : realloc(g->cells, (g->rows + 1) * g->columns * sizeof *grown);
  if (!grown) {
    g->failed = 1;
    for (size_t c = 0; c < g->columns; c++) free(row[c]);
    return;
  }
  g->cells = grown;
  for (size_t c = 0; c < g->columns; c++) {
    if (!row[c]) g->failed = 1;
    g->cells[g->rows * g->columns + c] = row[c];
  }
  g->rows++;
}

static char *buf_take(dossier_buf *t) {
  char *s = t->failed ? NULL : nfc(t->data ? t->data : "");
  dossier_buf_free(t);
  return s;
}

/* A figure of `indicator` in a cell; `year` > 0 for a year's value (its own
 * verdict decides its decimals), 0 for the term figure. */
static char *figure_cell(const cJSON *indicator, const cJSON *value, int year, int with_unit) {
  dossier_buf t = {0};
  dossier_figure_print(&t, indicator, value, year, with_unit);
  return buf_take(&t);
}

/* A number of a table that is not an indicator's figure (ratings,
 * membership change): counts whole, a percentage with "%". */
static char *number_cell(const cJSON *node, int percent) {
  dossier_buf t = DOSSIER_BUF_INIT;
  dossier_figure_print_number(&t, node, -1, percent);
  return buf_take(&t);
}

/* Appends the table of `g` (taken over, like `caption`). Its first
 * `key_columns` columns name a row: a table too wide for the page goes on
 * in parts that repeat them (render/typeset/layout_table.c). */
static dossier_status emit_table(tpl_bind *b, grid *g, int has_total, size_t key_columns,
                                 char *caption) {
  if (!g->failed && g->rows == 0) { /* nothing to show for this dataset */
    free(caption);
    grid_free(g);
    return DOSSIER_OK;
  }
  if (g->failed) {
    free(caption);
    grid_free(g);
    return DOSSIER_ERR_NOMEM;
  }
  dossier_block *block = dossier_doc_append(b->doc, DOSSIER_BLOCK_TABLE);
  if (!block) {
    free(caption);
    grid_free(g);
    return DOSSIER_ERR_NOMEM;
  }
  dossier_table *t = &block->u.table;
  t->columns = g->columns;
  t->rows = g->rows;
  t->header = g->header;
  t->align = g->align;
  t->cells = g->cells;
  if (!t->cells) t->cells = calloc(1, sizeof *t->cells);
  t->has_total = has_total;
  t->key_columns = key_columns;
  t->caption = caption;
  memset(g, 0, sizeof *g);
  return t->cells ? DOSSIER_OK : DOSSIER_ERR_NOMEM;
}

/* The indicators a table lists: the ids after its kind, or every indicator
 * for which `wanted` says yes. Returns the count, or -1 after a located error. */
static long pick_indicators(tpl_bind *b, const char *ids, int (*wanted)(tpl_bind *, const cJSON *),
                            const cJSON **out, size_t cap, int line, int col) {
  const cJSON *indicators = get(b->figures, "indicators");
  size_t n = 0;
  char id[128];
  const char *p = ids;
  if (next_word(&p, id, sizeof id)) {
    p = ids;
    while (n < cap && next_word(&p, id, sizeof id)) {
      const cJSON *node = get(indicators, id);
      if (!cJSON_IsObject(node)) {
        char message[512];
        snprintf(message, sizeof message, "table: the figures have no indicator '%s'", id);
        block_error(b, line, col, NULL, message);
        return -1;
      }
      out[n++] = node;
    }
    return (long)n;
  }
  const cJSON *node;
  cJSON_ArrayForEach(node, indicators) {
    if (n < cap && cJSON_IsObject(node) && wanted(b, node)) out[n++] = node;
  }
  return (long)n;
}

static const char *label_of(const cJSON *indicator) {
  const cJSON *label = get(indicator, "label");
  if (cJSON_IsString(label)) return label->valuestring;
  return indicator->string ? indicator->string : "";
}

static const char *unit_of(const cJSON *indicator) {
  const cJSON *unit = get(indicator, "unit");
  return cJSON_IsString(unit) ? unit->valuestring : "";
}

static const char *kind_of(const cJSON *indicator) {
  const cJSON *kind = get(indicator, "kind");
  return cJSON_IsString(kind) ? kind->valuestring : "";
}

static int is_rate_indicator(const cJSON *indicator) { return strcmp(kind_of(indicator), "rate") == 0; }

static int has_years(tpl_bind *b, const cJSON *indicator) {
  (void)b;
  return cJSON_GetArraySize(get(indicator, "years")) >= 1;
}

static int has_target(tpl_bind *b, const cJSON *indicator) {
  (void)b;
  return cJSON_IsObject(get(indicator, "target"));
}

static int compare_years(const void *a, const void *c) {
  long x = strtol(*(const char *const *)a, NULL, 10), y = strtol(*(const char *const *)c, NULL, 10);
  return (x > y) - (x < y);
}

/* The sorted union of the year keys of `objects` (each a {"2016": …} object). */
static size_t year_keys(const cJSON *const *objects, size_t count, const char **years, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    const cJSON *y;
    cJSON_ArrayForEach(y, objects[i]) {
      int seen = 0;
      for (size_t k = 0; k < n && !seen; k++) seen = strcmp(years[k], y->string) == 0;
      if (!seen && n < cap && y->string) years[n++] = y->string;
    }
  }
  qsort(years, n, sizeof *years, compare_years);
  return n;
}

#define MAX_ROWS 256
/* every year of a period (stats/dataset.h), and the congress year before it */
#define MAX_YEARS (DOSSIER_MAX_YEARS + 1)

/* Years one yearly table shows side by side on an A4 page; a longer period
 * goes on in a table of the following years ("(tiếp theo)"), never cut. */
enum { YEARS_PER_TABLE = 8 };

/* One yearly table of years [first, first + count) of `years`; the term
 * column when `with_term`. Takes `caption`. */
static dossier_status yearly_part(tpl_bind *b, const cJSON *const *rows, const cJSON *const *series,
                                  long n, const char *const *years, size_t first, size_t count,
                                  int with_term, char *caption) {
  const char *header[YEARS_PER_TABLE + 4];
  int align[YEARS_PER_TABLE + 4];
  size_t columns = 0;
  header[columns] = "TT", align[columns++] = DOSSIER_ALIGN_CENTER;
  header[columns] = "Chỉ tiêu", align[columns++] = DOSSIER_ALIGN_LEFT;
  header[columns] = "Đơn vị tính", align[columns++] = DOSSIER_ALIGN_CENTER;
  for (size_t y = first; y < first + count; y++)
    header[columns] = years[y], align[columns++] = DOSSIER_ALIGN_RIGHT;
  if (with_term) header[columns] = "Cả nhiệm kỳ", align[columns++] = DOSSIER_ALIGN_RIGHT;
  grid g;
  grid_init(&g, header, align, columns);
  for (long i = 0; i < n; i++) {
    char *row[YEARS_PER_TABLE + 4];
    size_t c = 0;
    char tt[24];
    snprintf(tt, sizeof tt, "%ld", i + 1);
    row[c++] = nfc(tt);
    row[c++] = nfc(label_of(rows[i]));
    row[c++] = nfc(is_rate_indicator(rows[i]) ? "%" : unit_of(rows[i]));
    for (size_t y = first; y < first + count; y++)
      row[c++] = figure_cell(rows[i], get(series[i], years[y]), (int)strtol(years[y], NULL, 10), 0);
    if (with_term) row[c++] = figure_cell(rows[i], get(rows[i], "term"), 0, 0);
    grid_row(&g, row);
  }
  return emit_table(b, &g, 0, 3, caption);
}

/* The columns of a yearly table: every year of the term, `from`+1 … `to`
 * (`from` alone in a one-year period, docs/figures.md), a year no row has a
 * value for included ("—"); and before them the congress year `from` when
 * some row has a value for it. Writes the years' texts into `text`. */
static size_t term_years(tpl_bind *b, const cJSON *const *series, size_t rows, const char **years,
                         char (*text)[12]) {
  const cJSON *period = get(b->figures, "period");
  const cJSON *from = get(period, "from"), *to = get(period, "to");
  if (!cJSON_IsNumber(from) || !cJSON_IsNumber(to)) return year_keys(series, rows, years, MAX_YEARS);
  int first = from->valueint, last = to->valueint, congress_value = 0;
  char congress[12];
  snprintf(congress, sizeof congress, "%d", first);
  for (size_t i = 0; i < rows; i++) congress_value |= get(series[i], congress) != NULL;
  if (first < last && !congress_value) first++;
  size_t n = 0;
  for (int y = first; y <= last && n < MAX_YEARS; y++) {
    snprintf(text[n], sizeof text[n], "%d", y);
    years[n] = text[n];
    n++;
  }
  return n;
}

static dossier_status table_yearly(tpl_bind *b, const char *ids, char *caption, int line, int col) {
  const cJSON *rows[MAX_ROWS];
  long n = pick_indicators(b, ids, has_years, rows, MAX_ROWS, line, col);
  if (n < 0) {
    free(caption);
    return DOSSIER_ERR_DATA;
  }
  const cJSON *series[MAX_ROWS] = {0};
  for (long i = 0; i < n; i++) series[i] = get(rows[i], "years");
  const char *years[MAX_YEARS];
  char year_text[MAX_YEARS][12];
  size_t ny = term_years(b, series, (size_t)n, years, year_text);
  if (ny <= YEARS_PER_TABLE) return yearly_part(b, rows, series, n, years, 0, ny, 1, caption);
  /* the parts after the first: the caption "(tiếp theo)" */
  char *more = NULL;
  if (caption && asprintf(&more, "%s (tiếp theo)", caption) < 0) {
    free(caption);
    return DOSSIER_ERR_NOMEM;
  }
  dossier_status st = DOSSIER_OK;
  for (size_t first = 0; first < ny && st == DOSSIER_OK; first += YEARS_PER_TABLE) {
    size_t count = ny - first > YEARS_PER_TABLE ? YEARS_PER_TABLE : ny - first;
    char *part_caption = first == 0 ? caption : more ? strdup(more) : NULL;
    if (first == 0) caption = NULL;
    if ((first == 0 ? part_caption == NULL && more != NULL : more && !part_caption))
      st = DOSSIER_ERR_NOMEM;
    else
      st = yearly_part(b, rows, series, n, years, first, count, first + count == ny, part_caption);
  }
  free(caption);
  free(more);
  return st;
}

static int in_some_unit(tpl_bind *b, const cJSON *indicator) {
  const cJSON *unit;
  cJSON_ArrayForEach(unit, get(b->figures, "units")) {
    if (indicator->string && get(get(unit, "indicators"), indicator->string)) return 1;
  }
  return 0;
}

static dossier_status table_units(tpl_bind *b, const char *ids, char *caption, int line, int col) {
  const cJSON *units = get(b->figures, "units");
  if (cJSON_GetArraySize(units) == 0) {
    free(caption);
    return DOSSIER_OK; /* a committee without units has no units table */
  }
  enum { MAX_COLS = 12 };
  const cJSON *cols[MAX_COLS];
  long n = pick_indicators(b, ids, in_some_unit, cols, MAX_COLS, line, col);
  if (n < 0) {
    free(caption);
    return DOSSIER_ERR_DATA;
  }
  const char *header[MAX_COLS + 2];
  int align[MAX_COLS + 2];
  char *owned[MAX_COLS];
  size_t columns = 0;
  header[columns] = "TT", align[columns++] = DOSSIER_ALIGN_CENTER;
  header[columns] = "Tổ chức cơ sở đảng", align[columns++] = DOSSIER_ALIGN_LEFT;
  for (long i = 0; i < n; i++) {
    dossier_buf h = {0};
    dossier_buf_adds(&h, label_of(cols[i]));
    const char *unit = unit_of(cols[i]);
    if (unit[0]) {
      dossier_buf_adds(&h, " (");
      dossier_buf_adds(&h, unit);
      dossier_buf_adds(&h, ")");
    }
    owned[i] = h.failed ? NULL : h.data;
    if (h.failed) dossier_buf_free(&h);
    header[columns] = owned[i] ? owned[i] : "";
    align[columns++] = DOSSIER_ALIGN_RIGHT;
  }
  grid g;
  grid_init(&g, header, align, columns);
  for (long i = 0; i < n; i++) free(owned[i]);
  const cJSON *unit;
  long index = 0;
  cJSON_ArrayForEach(unit, units) {
    char *row[MAX_COLS + 2];
    size_t c = 0;
    char tt[24];
    snprintf(tt, sizeof tt, "%ld", ++index);
    row[c++] = nfc(tt);
    const cJSON *name = get(unit, "name");
    row[c++] = nfc(cJSON_IsString(name) ? name->valuestring : "—");
    for (long i = 0; i < n; i++) {
      const cJSON *figures = get(get(unit, "indicators"), cols[i]->string);
      /* the unit's own node: its target and verdict decide the decimals */
      row[c++] = figure_cell(figures ? figures : cols[i], get(figures, "term"), 0, 0);
    }
    grid_row(&g, row);
  }
  char *total[MAX_COLS + 2];
  size_t c = 0;
  total[c++] = nfc("");
  total[c++] = nfc("Toàn Đảng bộ");
  for (long i = 0; i < n; i++) total[c++] = figure_cell(cols[i], get(cols[i], "term"), 0, 0);
  grid_row(&g, total);
  return emit_table(b, &g, 1, 2, caption);
}

static dossier_status table_targets(tpl_bind *b, const char *ids, char *caption, int line, int col) {
  const cJSON *rows[MAX_ROWS];
  long n = pick_indicators(b, ids, has_target, rows, MAX_ROWS, line, col);
  if (n < 0) {
    free(caption);
    return DOSSIER_ERR_DATA;
  }
  const char *header[] = {"TT", "Chỉ tiêu", "Chỉ tiêu đề ra", "Kết quả thực hiện", "Đánh giá"};
  const int align[] = {DOSSIER_ALIGN_CENTER, DOSSIER_ALIGN_LEFT, DOSSIER_ALIGN_RIGHT,
                       DOSSIER_ALIGN_RIGHT, DOSSIER_ALIGN_LEFT};
  grid g;
  grid_init(&g, header, align, 5);
  for (long i = 0; i < n; i++) {
    const cJSON *target = get(rows[i], "target");
    if (!cJSON_IsObject(target)) continue;
    char *row[5];
    char tt[24];
    snprintf(tt, sizeof tt, "%ld", i + 1);
    row[0] = nfc(tt);
    row[1] = nfc(label_of(rows[i]));
    dossier_buf goal = {0};
    const cJSON *direction = get(target, "direction");
    if (cJSON_IsString(direction) && strcmp(direction->valuestring, "at_most") == 0)
      dossier_buf_adds(&goal, "không quá ");
    const cJSON *value = get(target, "value");
    /* a goal as it was set: "80%", "87,5%", never "80,0%" */
    if (cJSON_IsNumber(value))
      dossier_figure_print_target(&goal, rows[i]);
    else
      dossier_buf_adds(&goal, DOSSIER_FIGURE_NONE);
    /* a count's yearly target beside the term's sum must say it is yearly */
    const cJSON *scope = get(target, "scope");
    if (cJSON_IsString(scope) && strcmp(scope->valuestring, "year") == 0 &&
        strcmp(unit_of(rows[i]), "%") != 0 && !is_rate_indicator(rows[i]))
      dossier_buf_adds(&goal, " mỗi năm");
    row[2] = buf_take(&goal);
    dossier_buf result = {0};
    dossier_figure_print(&result, rows[i], get(rows[i], "term"), 0, 1);
    if (cJSON_IsNumber(get(rows[i], "term"))) tpl_format_missing_years(&result, rows[i]);
    row[3] = buf_take(&result);
    dossier_buf verdict = {0};
    dossier_buf sentence = DOSSIER_BUF_INIT;
    if (dossier_phrase_target(&sentence, rows[i]) && dossier_buf_ok(&sentence))
      upper_into(&verdict, dossier_buf_str(&sentence), 1);
    else
      dossier_buf_adds(&verdict, DOSSIER_FIGURE_NONE);
    dossier_buf_free(&sentence);
    row[4] = buf_take(&verdict);
    grid_row(&g, row);
  }
  return emit_table(b, &g, 0, 2, caption);
}

/* A table of one row per year of `years` (an object keyed by year, in year
 * order): the year, centred, then the cells `fill(year, row + 1)` makes. No
 * table (and no caption) when there is no year. */
static dossier_status year_table(tpl_bind *b, char *caption, const cJSON *years,
                                 const char *const *header, size_t columns,
                                 void (*fill)(const cJSON *year, char **cells)) {
  if (cJSON_GetArraySize(years) == 0) {
    free(caption);
    return DOSSIER_OK; /* nothing of the kind in this dataset */
  }
  int align[16];
  char *row[16];
  if (columns > 16) columns = 16;
  align[0] = DOSSIER_ALIGN_CENTER;
  for (size_t c = 1; c < columns; c++) align[c] = DOSSIER_ALIGN_RIGHT;
  grid g;
  grid_init(&g, header, align, columns);
  const cJSON *series[1] = {years};
  const char *ys[MAX_YEARS];
  size_t ny = year_keys(series, 1, ys, MAX_YEARS);
  for (size_t y = 0; y < ny; y++) {
    row[0] = nfc(ys[y]);
    fill(get(years, ys[y]), row + 1);
    grid_row(&g, row);
  }
  return emit_table(b, &g, 0, 1, caption);
}

/* A year of ratings: the total, then per level its count and share. */
static void rating_cells(const cJSON *year, char **cells) {
  static const char *const keys[] = {"excellent", "good", "fulfilled", "failed"};
  const cJSON *total = get(year, "total");
  cells[0] = number_cell(total, 0);
  for (size_t k = 0; k < 4; k++) {
    const cJSON *level = NULL, *l;
    cJSON_ArrayForEach(l, get(year, "levels")) {
      const cJSON *key = get(l, "key");
      if (cJSON_IsString(key) && strcmp(key->valuestring, keys[k]) == 0) level = l;
    }
    const cJSON *count = get(level, "count"), *pct = get(level, "pct");
    dossier_buf cell = DOSSIER_BUF_INIT;
    dossier_figure_print_number(&cell, count, -1, 0);
    if (cJSON_IsNumber(count)) { /* a share of a total of 0 is null: "0 (—)" */
      dossier_buf_adds(&cell, " (");
      dossier_figure_print_number(&cell, pct, -1, 1);
      dossier_buf_adds(&cell, ")");
    }
    cells[1 + k] = buf_take(&cell);
  }
}

static dossier_status table_ratings(tpl_bind *b, const char *rest, char *caption) {
  char group[32] = "organizations";
  const char *p = rest;
  if (!next_word(&p, group, sizeof group)) snprintf(group, sizeof group, "organizations");
  /* the two scales share a column per level: 2018's name / the old one */
  static const char *const header[] = {"Năm", "Tổng số", "HTXSNV / TSVM", "HTTNV", "HTNV",
                                       "KHTNV / Yếu kém"};
  return year_table(b, caption, get(get(get(b->figures, "ratings"), group), "years"), header, 6,
                    rating_cells);
}

/* A year of the membership change (Biểu 1): its ten numbers. */
static void membership_cells(const cJSON *year, char **cells) {
  static const char *const keys[] = {"start", "admitted", "transferred_in", "reinstated", "died",
                                     "expelled", "struck_off", "resigned", "transferred_out", "end"};
  for (size_t k = 0; k < 10; k++) {
    const cJSON *v = get(year, keys[k]);
    cells[k] = number_cell(v, 0);
  }
}

static dossier_status table_membership(tpl_bind *b, char *caption) {
  static const char *const header[] = {"Năm",      "Đầu năm",  "Kết nạp", "Chuyển đến",
                                       "Phục hồi", "Từ trần",  "Khai trừ", "Xóa tên",
                                       "Xin ra",   "Chuyển đi", "Cuối năm"};
  return year_table(b, caption, get(get(b->figures, "membership"), "years"), header, 11,
                    membership_cells);
}

static dossier_status bind_table(tpl_bind *b, const char *info, const char *content, int line,
                                 int col) {
  char kind[64];
  const char *p = info;
  next_word(&p, kind, sizeof kind); /* "table" */
  next_word(&p, kind, sizeof kind);
  char **lines = NULL;
  size_t count = 0;
  dossier_status st = content_lines(b, content, &lines, &count);
  if (st != DOSSIER_OK) {
    lines_free(lines, count);
    return st;
  }
  char *caption = NULL;
  if (count) {
    caption = lines[0];
    lines[0] = NULL;
  }
  lines_free(lines, count);
  if (strcmp(kind, "yearly") == 0) return table_yearly(b, p, caption, line, col);
  if (strcmp(kind, "units") == 0) return table_units(b, p, caption, line, col);
  if (strcmp(kind, "targets") == 0) return table_targets(b, p, caption, line, col);
  if (strcmp(kind, "ratings") == 0) return table_ratings(b, p, caption);
  return table_membership(b, caption);
}

static dossier_status dispatch(tpl_bind *b, const char *info, const char *content, int line,
                               int col) {
  char kind[64] = "";
  const char *p = info;
  next_word(&p, kind, sizeof kind);
  if (strcmp(kind, "header") == 0) return bind_header(b);
  if (strcmp(kind, "title") == 0) return bind_title(b, content);
  if (strcmp(kind, "signature") == 0) return bind_signature(b);
  if (strcmp(kind, "appendix") == 0) return bind_appendix(b, p, content);
  if (strcmp(kind, "chart") == 0) return bind_chart(b, info, content, line, col);
  if (strcmp(kind, "table") == 0) return bind_table(b, info, content, line, col);
  if (strcmp(kind, "pagebreak") == 0)
    return dossier_doc_append(b->doc, DOSSIER_BLOCK_PAGE_BREAK) ? DOSSIER_OK : DOSSIER_ERR_NOMEM;
  return block_error(b, line, col, NULL, "unknown block"); /* checked at load: a bug */
}

dossier_status tpl_block_bind(tpl_bind *b, const char *info, const char *content, int line,
                              int col) {
  /* placeholders in the info string may name the indicator of a loop:
   * ```chart unit_ranking {{loop.key}}``` */
  dossier_buf expanded = {0};
  dossier_status st = tpl_expand(b, info ? info : "", &expanded);
  if (st == DOSSIER_OK) st = dispatch(b, expanded.data ? expanded.data : "", content, line, col);
  dossier_buf_free(&expanded);
  return st;
}
