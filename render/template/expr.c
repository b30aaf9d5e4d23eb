/* template_expr.c: placeholders, filters and conditions of templates —
 * parsed and checked against the figures shape at load time, evaluated
 * against a figures tree at bind time. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/date.h"
#include "render/template/compiled.h"
#include "render/text/figure.h"
#include "render/text/phrase.h"
#include "render/text/vnfmt.h"

static char *dup_n(const char *s, size_t n) {
  char *copy = malloc(n + 1);
  if (!copy) return NULL;
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

/* ---- the figures shape known at load time (stats/figures_shape.h) ---- */

static const dossier_shape loop_value = {DOSSIER_SHAPE_VALUE, "a loop value has no parts", NULL,
                                         NULL};
static const dossier_shape_member loop_keys[] = {
    {"key", &loop_value}, {"index", &loop_value}, {"count", &loop_value}, {NULL, NULL}};
const dossier_shape tpl_free_shape = {DOSSIER_SHAPE_FREE, NULL, NULL, NULL};
const dossier_shape tpl_loop_shape = {DOSSIER_SHAPE_OBJECT, "loop has only key, index and count",
                                      loop_keys, NULL};

static const tpl_scope *scope_find(const tpl_scope *scope, const char *var) {
  for (; scope; scope = scope->outer)
    if (strcmp(scope->var, var) == 0) return scope;
  return NULL;
}

void tpl_path_clear(tpl_path *p) {
  free(p->var);
  for (size_t i = 0; i < p->count; i++) free(p->segs[i]);
  free(p->segs);
  free(p->text);
  memset(p, 0, sizeof *p);
}

static int segment_char(unsigned char c) {
  return isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

int tpl_path_parse(tpl_path *p, const dossier_shape **shape, const dossier_template *tpl,
                      const char *text, size_t n, int line, int col, const tpl_scope *scope,
                      dossier_diag *diag) {
  memset(p, 0, sizeof *p);
  p->text = dup_n(text, n);
  if (!p->text) {
    dossier_diag_nomem(diag);
    return -1;
  }
  if (n == 0) {
    dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL, "empty placeholder");
    return -1;
  }
  size_t count = 1;
  for (size_t i = 0; i < n; i++) {
    if (text[i] == '.') count++;
    else if (!segment_char((unsigned char)text[i])) {
      dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                       "'%s' is not a figure path (letters, digits, _ and . only)", p->text);
      return -1;
    }
  }
  char **segs = calloc(count, sizeof *segs);
  if (!segs) {
    dossier_diag_nomem(diag);
    return -1;
  }
  p->segs = segs;
  size_t k = 0, start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && text[i] != '.') continue;
    if (i == start) {
      dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                       "'%s' has an empty segment", p->text);
      p->count = k;
      return -1;
    }
    segs[k] = dup_n(text + start, i - start);
    if (!segs[k]) {
      p->count = k;
      dossier_diag_nomem(diag);
      return -1;
    }
    k++;
    start = i + 1;
  }
  p->count = k;

  const dossier_shape *type = dossier_figures_shape();
  size_t first = 0;
  const tpl_scope *bound = scope_find(scope, segs[0]);
  if (bound) {
    p->var = segs[0];
    memmove(segs, segs + 1, (k - 1) * sizeof *segs);
    p->count = k - 1;
    type = bound->shape;
  }
  for (size_t i = first; i < p->count; i++) {
    const char *why = "";
    const dossier_shape *t = dossier_shape_child(type, p->segs[i], &why);
    if (!t) {
      dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, p->text,
                       "unknown placeholder: '%s': %s", p->segs[i], why);
      return -1;
    }
    type = t;
  }
  if (shape) *shape = type;
  return 0;
}

/* ---- expressions ---- */

long tpl_expr_new(dossier_template *tpl, tpl_expr_kind kind, int line, int col) {
  if (tpl->expr_count == tpl->expr_cap) {
    size_t cap = tpl->expr_cap ? tpl->expr_cap * 2 : 32;
    tpl_expr *grown = realloc(tpl->exprs, cap * sizeof *grown);
    if (!grown) return -1;
    tpl->exprs = grown;
    tpl->expr_cap = cap;
  }
  tpl_expr *e = &tpl->exprs[tpl->expr_count];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  e->line = line;
  e->col = col;
  return (long)tpl->expr_count++;
}

static void pieces_free(tpl_piece *pieces, size_t count) {
  for (size_t i = 0; i < count; i++) free(pieces[i].text);
  free(pieces);
}

void tpl_expr_clear(tpl_expr *e) {
  tpl_path_clear(&e->path);
  for (size_t i = 0; i < e->filter_count; i++) {
    free(e->filters[i].name);
    free(e->filters[i].string);
  }
  free(e->filters);
  for (size_t i = 0; i < e->branch_count; i++) {
    tpl_cond_clear(&e->branches[i].cond);
    pieces_free(e->branches[i].pieces, e->branches[i].count);
  }
  free(e->branches);
  memset(e, 0, sizeof *e);
}

static void trim(const char **text, size_t *n) {
  while (*n > 0 && isspace((unsigned char)**text)) {
    (*text)++;
    (*n)--;
  }
  while (*n > 0 && isspace((unsigned char)(*text)[*n - 1])) (*n)--;
}

typedef struct {
  const char *name;
  int takes_arg;      /* 0 none, 1 a number, 2 a string */
  int needs_indicator; /* its input is an indicator node */
} filter_spec;

static const filter_spec filters[] = {
    {"number", 1, 0},   {"percent", 1, 0}, {"date", 0, 0},   {"date_short", 0, 0},
    {"target", 0, 1},   {"change", 0, 0},  {"fraction", 2, 0}, {"list", 0, 0},
    {"upper", 0, 0},    {"figure", 0, 1},  {"default", 2, 0}, {"goal", 0, 1},
    {"previous", 0, 1}, {NULL, 0, 0},
};

static const filter_spec *filter_find(const char *name) {
  for (size_t i = 0; filters[i].name; i++)
    if (strcmp(filters[i].name, name) == 0) return &filters[i];
  return NULL;
}

static dossier_status filter_parse(tpl_filter *f, const dossier_template *tpl, const char *text,
                                   size_t n, int line, int col, const dossier_shape *input,
                                   dossier_diag *diag) {
  trim(&text, &n);
  size_t name_len = 0;
  while (name_len < n && text[name_len] != ':') name_len++;
  const char *name = text;
  size_t nl = name_len;
  trim(&name, &nl);
  f->name = dup_n(name, nl);
  if (!f->name) return dossier_diag_nomem(diag);
  const filter_spec *spec = filter_find(f->name);
  if (!spec)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "unknown filter '%s' (number, percent, date, date_short, target, "
                            "goal, change, fraction, list, upper, figure, previous, default)",
                            f->name);
  /* an indicator, or what has an indicator's kind and target (its latest year) */
  if (spec->needs_indicator && input && input->kind != DOSSIER_SHAPE_FREE &&
      !(dossier_shape_child(input, "kind", NULL) && dossier_shape_child(input, "target", NULL)))
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "filter '%s' applies to an indicator (e.g. {{indicators.x | %s}})",
                            f->name, f->name);
  if (strcmp(f->name, "previous") == 0 && input && input->kind != DOSSIER_SHAPE_FREE &&
      !dossier_shape_child(input, "previous_year", NULL))
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "filter 'previous' applies to a report year's figures "
                            "(e.g. {{it.latest | previous}})");
  if (name_len == n) return DOSSIER_OK;
  const char *arg = text + name_len + 1;
  size_t an = n - name_len - 1;
  trim(&arg, &an);
  if (spec->takes_arg == 0)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "filter '%s' takes no argument", f->name);
  f->has_arg = 1;
  if (an >= 2 && arg[0] == '"' && arg[an - 1] == '"') {
    if (spec->takes_arg != 2)
      return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                              "filter '%s' takes a number of decimals", f->name);
    f->arg_is_string = 1;
    f->string = dup_n(arg + 1, an - 2);
    return f->string ? DOSSIER_OK : DOSSIER_ERR_NOMEM;
  }
  char digits[16];
  if (spec->takes_arg != 1 || an == 0 || an >= sizeof digits)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "bad argument for filter '%s' (%s)", f->name,
                            spec->takes_arg == 1 ? "a number of decimals 0..6" : "a \"quoted\" word");
  memcpy(digits, arg, an);
  digits[an] = '\0';
  char *end = NULL;
  long d = strtol(digits, &end, 10);
  if (*end != '\0' || d < 0 || d > 6)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "bad argument for filter '%s' (a number of decimals 0..6)", f->name);
  f->number = (double)d;
  return DOSSIER_OK;
}

long tpl_expr_parse_placeholder(dossier_template *tpl, const char *text, size_t n, int line,
                                int col, const tpl_scope *scope, dossier_diag *diag) {
  long index = tpl_expr_new(tpl, TPL_EXPR_PLACEHOLDER, line, col);
  if (index < 0) {
    dossier_diag_add(diag, DOSSIER_ERR_NOMEM, tpl->file, line, col, NULL, "out of memory");
    return -1;
  }
  tpl_expr *e = &tpl->exprs[index];
  size_t path_len = 0;
  while (path_len < n && text[path_len] != '|') path_len++;
  const char *path = text;
  size_t pn = path_len;
  trim(&path, &pn);
  const dossier_shape *type = NULL;
  if (tpl_path_parse(&e->path, &type, tpl, path, pn, line, col, scope, diag) < 0) return -1;
  size_t pos = path_len;
  while (pos < n) {
    size_t start = pos + 1, end = start;
    int quoted = 0;
    while (end < n && (quoted || text[end] != '|')) {
      if (text[end] == '"') quoted = !quoted;
      end++;
    }
    tpl_filter *grown = realloc(e->filters, (e->filter_count + 1) * sizeof *grown);
    if (!grown) {
      dossier_diag_nomem(diag);
      return -1;
    }
    e->filters = grown;
    tpl_filter *f = &e->filters[e->filter_count++];
    memset(f, 0, sizeof *f);
    if (filter_parse(f, tpl, text + start, end - start, line, col,
                     e->filter_count == 1 ? type : NULL, diag) != DOSSIER_OK)
      return -1;
    pos = end;
  }
  return index;
}

dossier_status tpl_for_parse(char **var, tpl_path *over, const dossier_shape **item_shape,
                             const dossier_template *tpl, const char *text, size_t n, int line,
                             int col, const tpl_scope *scope, dossier_diag *diag) {
  trim(&text, &n);
  size_t vn = 0;
  while (vn < n && segment_char((unsigned char)text[vn]) && text[vn] != '-') vn++;
  const char *rest = text + vn;
  size_t rn = n - vn;
  trim(&rest, &rn);
  if (vn == 0 || rn < 3 || strncmp(rest, "in", 2) != 0 || !isspace((unsigned char)rest[2]))
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "bad loop (write {%% for it in indicators %%})");
  *var = dup_n(text, vn);
  if (!*var) return dossier_diag_nomem(diag);
  if (strcmp(*var, "loop") == 0)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, tpl->file, line, col, NULL,
                            "'loop' is reserved; name the loop variable otherwise");
  rest += 2;
  rn -= 2;
  trim(&rest, &rn);
  const dossier_shape *type = NULL;
  if (tpl_path_parse(over, &type, tpl, rest, rn, line, col, scope, diag) < 0) return DOSSIER_ERR_DATA;
  /* the items of a map or a list; anything else is not checked further */
  *item_shape = (type->kind == DOSSIER_SHAPE_MAP || type->kind == DOSSIER_SHAPE_LIST) && type->item
                    ? type->item
                    : &tpl_free_shape;
  return DOSSIER_OK;
}

/* ---- binding ---- */

static int array_index(const cJSON *array, const char *seg) {
  if (strcmp(seg, "last") == 0) return cJSON_GetArraySize(array) - 1;
  char *end = NULL;
  long v = strtol(seg, &end, 10);
  return (*end == '\0' && v >= 0 && v < 1000000) ? (int)v : -1;
}

const cJSON *tpl_resolve(const tpl_bind *b, const tpl_path *path) {
  const cJSON *node = b->figures;
  if (path->var) {
    const tpl_scope *s = scope_find(b->scope, path->var);
    if (!s) return NULL;
    node = s->value;
  }
  for (size_t i = 0; i < path->count && node; i++) {
    if (cJSON_IsObject(node)) {
      node = cJSON_GetObjectItemCaseSensitive(node, path->segs[i]);
    } else if (cJSON_IsArray(node)) { /* a position: digits or "last" (else -1: none) */
      node = cJSON_GetArrayItem(node, array_index(node, path->segs[i]));
    } else {
      node = NULL;
    }
  }
  return node;
}

static dossier_status bind_error(tpl_bind *b, const tpl_expr *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static dossier_status bind_error(tpl_bind *b, const tpl_expr *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  b->status = dossier_diag_addv(b->diag, DOSSIER_ERR_DATA, b->tpl->file, e->line, e->col,
                                e->path.text, fmt, ap);
  va_end(ap);
  return b->status;
}

static int whole(double v) { return fabs(v - nearbyint(v)) < 1e-9; }

static const char *string_of(const cJSON *object, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  return cJSON_IsString(item) ? item->valuestring : NULL;
}


/* Lists of years ("missing_years"): their numbers are years, "2018", never "2.018". */
static int lists_years(const cJSON *array) {
  return array->string && strcmp(array->string, "missing_years") == 0;
}

/* "A", "A và B", "A, B và C". */
static void add_list(dossier_buf *out, const cJSON *array) {
  size_t n = (size_t)cJSON_GetArraySize(array), i = 0;
  const cJSON *item;
  cJSON_ArrayForEach(item, array) {
    if (i > 0) dossier_buf_adds(out, i + 1 == n ? " và " : ", ");
    if (cJSON_IsString(item)) {
      dossier_buf_adds(out, item->valuestring);
    } else if (cJSON_IsNumber(item) && lists_years(array) && whole(item->valuedouble) &&
               fabs(item->valuedouble) < 100000) {
      char year[32];
      snprintf(year, sizeof year, "%.0f", item->valuedouble);
      dossier_buf_adds(out, year);
    } else if (cJSON_IsNumber(item)) {
      dossier_figure_print_number(out, item, -1, 0);
    } else {
      const char *name = string_of(item, "name");
      if (!name) name = string_of(item, "unit");
      if (!name) name = string_of(item, "label");
      dossier_buf_adds(out, name ? name : "—");
    }
    i++;
  }
}

static int listed(const char *key, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (strcmp(key, list[i]) == 0) return 1;
  return 0;
}

/* Years are written without a thousands dot: "2020", not "2.020". */
static int names_a_year(const cJSON *node) {
  static const char *const keys[] = {"year",        "from",          "to",
                                     "first_year",  "last_year",     "min_year",
                                     "max_year",    "report_year",   "previous_year",
                                     "cumulative_from", NULL};
  return node->string && listed(node->string, keys) && whole(node->valuedouble) &&
         fabs(node->valuedouble) < 100000;
}

void tpl_format_missing_years(dossier_buf *out, const cJSON *indicator) {
  const cJSON *missing = cJSON_GetObjectItemCaseSensitive(indicator, "missing_years");
  const char *kind = string_of(indicator, "kind");
  if (!kind || strcmp(kind, "count") != 0 || !cJSON_IsArray(missing) || !missing->child) return;
  dossier_buf_adds(out, " (chưa có số liệu năm ");
  add_list(out, missing);
  dossier_buf_adds(out, ")");
}

static dossier_status default_text(tpl_bind *b, const tpl_expr *e, const cJSON *node,
                                   dossier_buf *out) {
  if (cJSON_IsString(node)) dossier_buf_adds(out, node->valuestring);
  else if (cJSON_IsNumber(node) && names_a_year(node)) {
    char year[32];
    snprintf(year, sizeof year, "%.0f", node->valuedouble);
    dossier_buf_adds(out, year);
  } else if (cJSON_IsNumber(node)) dossier_figure_print_number(out, node, -1, 0);
  else if (cJSON_IsTrue(node)) dossier_buf_adds(out, "có");
  else if (cJSON_IsFalse(node)) dossier_buf_adds(out, "không");
  else if (cJSON_IsNull(node)) dossier_buf_adds(out, "—");
  else if (cJSON_IsArray(node)) add_list(out, node);
  else return bind_error(b, e, "%s names a group of figures, not one value", e->path.text);
  return DOSSIER_OK;
}

static int date_of(const cJSON *node, int *y, int *m, int *d) {
  if (cJSON_IsString(node)) return dossier_date_parse(node->valuestring, y, m, d);
  const cJSON *yy = cJSON_GetObjectItemCaseSensitive(node, "year");
  const cJSON *mm = cJSON_GetObjectItemCaseSensitive(node, "month");
  const cJSON *dd = cJSON_GetObjectItemCaseSensitive(node, "day");
  if (!cJSON_IsNumber(yy) || !cJSON_IsNumber(mm) || !cJSON_IsNumber(dd)) return -1;
  *y = yy->valueint;
  *m = mm->valueint;
  *d = dd->valueint;
  return 0;
}

int tpl_document_date(const cJSON *figures, int *year, int *month, int *day) {
  const cJSON *document = cJSON_GetObjectItemCaseSensitive(figures, "document");
  const cJSON *parts = cJSON_GetObjectItemCaseSensitive(document, "date_parts");
  if (parts && date_of(parts, year, month, day) == 0) return 0;
  return date_of(cJSON_GetObjectItemCaseSensitive(document, "date"), year, month, day);
}

/* "tăng 5,2% so với năm 2016", "giảm 1,5 điểm phần trăm so với năm 2016". */
static dossier_status add_change(tpl_bind *b, const tpl_expr *e, const cJSON *node,
                                 dossier_buf *out) {
  const cJSON *indicator = NULL, *change = node;
  if (cJSON_GetObjectItemCaseSensitive(node, "change")) {
    indicator = node;
    change = cJSON_GetObjectItemCaseSensitive(node, "change");
  }
  if (dossier_phrase_change(out, change, indicator) != 0)
    return bind_error(b, e, "filter 'change' needs an indicator or its change (%s)", e->path.text);
  return DOSSIER_OK;
}

/* A count given as a number or as a node with a "term". */
static const cJSON *count_of(const cJSON *node) {
  const cJSON *term = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, "term") : NULL;
  if (cJSON_IsNumber(term)) node = term;
  return cJSON_IsNumber(node) ? node : NULL;
}

/* The value of a yearly series ({"2016": 11228, …}) in `year`. */
static const cJSON *year_value(const cJSON *series, int year) {
  char key[16];
  snprintf(key, sizeof key, "%d", year);
  const cJSON *item = cJSON_IsObject(series) ? cJSON_GetObjectItemCaseSensitive(series, key) : NULL;
  return cJSON_IsNumber(item) ? item : NULL;
}

/* "68/73 cơ sở (93,2%)" from numerator/denominator (or meeting_target and
 * with_target of an indicator's units). Numerators and denominators given per
 * year are never summed over the term (five years of members are not a
 * number of anything): the fraction is the one of the indicator's last year,
 * change.last_year, which the template names ("năm 2020"). The word is the
 * filter's argument, else the indicator's own unit when it counts things
 * (not "%"); "cơ sở" only for the units' meeting_target/with_target, which
 * count base organisations by definition; else none. The units' share counts
 * the units that have a target, never all of them (rule 5). */
static dossier_status add_fraction(tpl_bind *b, const tpl_expr *e, const tpl_filter *f,
                                   const cJSON *node, dossier_buf *out) {
  const cJSON *numerator = cJSON_GetObjectItemCaseSensitive(node, "numerator");
  const cJSON *denominator = cJSON_GetObjectItemCaseSensitive(node, "denominator");
  const cJSON *num = NULL, *den = NULL;
  int of_units = 0;
  if (numerator || denominator) {
    num = count_of(numerator);
    den = count_of(denominator);
    const cJSON *last = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(node, "change"), "last_year");
    if ((!num || !den) && cJSON_IsNumber(last)) {
      num = year_value(numerator, last->valueint);
      den = year_value(denominator, last->valueint);
    }
    if (!num || !den)
      return bind_error(b, e,
                        "filter 'fraction' needs numerator and denominator figures under %s "
                        "(numbers, or yearly series with change.last_year)",
                        e->path.text);
  } else {
    of_units = 1;
    num = count_of(cJSON_GetObjectItemCaseSensitive(node, "meeting_target"));
    den = count_of(cJSON_GetObjectItemCaseSensitive(node, "with_target"));
    if (!num || !den)
      return bind_error(b, e,
                        "filter 'fraction' needs numerator and denominator (or meeting_target "
                        "and with_target) figures under %s",
                        e->path.text);
  }
  const char *word = f->has_arg ? f->string : of_units ? "cơ sở" : string_of(node, "unit");
  dossier_phrase_fraction(out, num, den, word);
  return DOSSIER_OK;
}

static void add_upper(dossier_buf *out, const char *text) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
  utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text);
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) { /* not UTF-8: keep the byte */
      dossier_buf_add(out, (const char *)p, 1);
      p++;
      left--;
      continue;
    }
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
    dossier_buf_add(out, (const char *)enc, (size_t)m);
    p += n;
    left -= n;
  }
}

/* A report year's node (indicators.<id>.latest: "year", "value", "previous_year"
 * …) seen as an indicator whose figure is the year's value, so `figure` and
 * `target` phrase it with the same code as a term figure. *view stays NULL
 * for any other node; returns -1 when out of memory. The view only refers to
 * the node's members: deleting it leaves the figures tree alone. */
static int year_view(cJSON **view, const cJSON *node) {
  *view = NULL;
  if (!cJSON_IsObject(node) || !cJSON_GetObjectItemCaseSensitive(node, "previous_year") ||
      !cJSON_GetObjectItemCaseSensitive(node, "year"))
    return 0;
  static const char *const refer[][2] = {{"kind", "kind"},
                                         {"unit", "unit"},
                                         {"value", "term"},
                                         {"target", "target"},
                                         {"numerator", "numerator"}};
  cJSON *v = cJSON_CreateObject();
  if (!v) return -1;
  for (size_t i = 0; i < sizeof refer / sizeof refer[0]; i++) {
    cJSON *item = cJSON_GetObjectItemCaseSensitive(node, refer[i][0]);
    if (item && !cJSON_AddItemReferenceToObject(v, refer[i][1], item)) {
      cJSON_Delete(v);
      return -1;
    }
  }
  *view = v;
  return 0;
}

/* `{{it.latest | previous}}`: the previous year's value of a report year's
 * node, printed as the figure of that year — with its unit, and the
 * decimals its own verdict (`previous_met`, against a yearly target) and a
 * numerator/denominator rate need, as every figure. */
static dossier_status add_previous(tpl_bind *b, const tpl_expr *e, const cJSON *node,
                                   dossier_buf *out) {
  if (!cJSON_IsObject(node) || !cJSON_GetObjectItemCaseSensitive(node, "previous_year"))
    return bind_error(b, e, "filter 'previous' needs a report year's figures (it.latest)");
  const cJSON *value = cJSON_GetObjectItemCaseSensitive(node, "previous_value");
  if (!cJSON_IsNumber(value)) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return DOSSIER_OK;
  }
  /* the year seen as an indicator whose term figure is that value */
  cJSON *view = cJSON_CreateObject(), *target = cJSON_CreateObject();
  const cJSON *year_target = cJSON_GetObjectItemCaseSensitive(node, "target");
  int ok = view && target;
  static const char *const same[] = {"kind", "unit", "numerator"};
  for (size_t i = 0; ok && i < sizeof same / sizeof same[0]; i++) {
    cJSON *item = cJSON_GetObjectItemCaseSensitive(node, same[i]);
    if (item) ok = cJSON_AddItemReferenceToObject(view, same[i], item);
  }
  if (ok && cJSON_IsObject(year_target)) {
    cJSON *goal = cJSON_GetObjectItemCaseSensitive(year_target, "value");
    cJSON *met = cJSON_GetObjectItemCaseSensitive(node, "previous_met");
    ok = (!goal || cJSON_AddItemReferenceToObject(target, "value", goal)) &&
         (!met || cJSON_AddItemReferenceToObject(target, "term_met", met)) &&
         cJSON_AddItemToObject(view, "target", target);
    if (ok) target = NULL; /* the view's now */
  }
  if (ok) dossier_figure_print(out, view, value, 0, 1);
  cJSON_Delete(target);
  cJSON_Delete(view);
  return ok ? DOSSIER_OK : DOSSIER_ERR_NOMEM;
}

static dossier_status apply_filter(tpl_bind *b, const tpl_expr *e, const tpl_filter *f,
                                   const cJSON *node, const char *text, dossier_buf *out) {
  if (strcmp(f->name, "default") == 0) { /* the value is there: print it as is */
    if (text) dossier_buf_adds(out, text);
    else return default_text(b, e, node, out);
    return DOSSIER_OK;
  }
  if (strcmp(f->name, "upper") == 0) {
    dossier_buf plain = {0};
    if (!text) {
      dossier_status st = default_text(b, e, node, &plain);
      if (st != DOSSIER_OK) return st;
      text = plain.data ? plain.data : "";
    }
    add_upper(out, text);
    dossier_buf_free(&plain);
    return DOSSIER_OK;
  }
  if (text)
    return bind_error(b, e, "filter '%s' must come first: it needs a figure, not text", f->name);
  char buf[512];
  int decimals = f->has_arg ? (int)f->number : -1;
  if (strcmp(f->name, "number") == 0 || strcmp(f->name, "percent") == 0) {
    if (cJSON_IsNull(node)) {
      dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
      return DOSSIER_OK;
    }
    if (!cJSON_IsNumber(node))
      return bind_error(b, e, "filter '%s' needs a number", f->name);
    int percent = f->name[0] == 'p';
    dossier_figure_print_number(out, node, decimals < 0 && !percent ? 0 : decimals, percent);
    return DOSSIER_OK;
  }
  if (strcmp(f->name, "date") == 0 || strcmp(f->name, "date_short") == 0) {
    int y, m, d;
    int n = date_of(node, &y, &m, &d) == 0
                ? (f->name[4] == '\0' ? dossier_vnfmt_date(buf, sizeof buf, y, m, d)
                                      : dossier_vnfmt_date_short(buf, sizeof buf, y, m, d))
                : -1;
    if (n < 0) return bind_error(b, e, "filter '%s' needs a date (YYYY-MM-DD or year, month, day)", f->name);
    dossier_buf_adds(out, buf);
    return DOSSIER_OK;
  }
  if (strcmp(f->name, "previous") == 0) return add_previous(b, e, node, out);
  cJSON *view = NULL;
  if ((strcmp(f->name, "target") == 0 || strcmp(f->name, "figure") == 0 ||
       strcmp(f->name, "goal") == 0) &&
      year_view(&view, node) != 0)
    return DOSSIER_ERR_NOMEM;
  if (view) { /* indicators.<id>.latest: phrased as an indicator whose figure is the year's */
    dossier_status st = apply_filter(b, e, f, view, NULL, out);
    cJSON_Delete(view);
    return st;
  }
  if (strcmp(f->name, "target") == 0) {
    if (!cJSON_IsObject(node)) return bind_error(b, e, "filter '%s' needs an indicator", f->name);
    /* no target (or no figure to compare): no sentence; guard with {% if x.target %} */
    dossier_phrase_target(out, node);
    return DOSSIER_OK;
  }
  if (strcmp(f->name, "goal") == 0) {
    if (!cJSON_IsObject(node)) return bind_error(b, e, "filter '%s' needs an indicator", f->name);
    dossier_figure_print_target(out, node);
    return DOSSIER_OK;
  }
  if (strcmp(f->name, "figure") == 0) {
    if (!cJSON_IsObject(node)) return bind_error(b, e, "filter '%s' needs an indicator", f->name);
    const cJSON *term = cJSON_GetObjectItemCaseSensitive(node, "term");
    if (cJSON_IsNumber(term)) dossier_figure_print(out, node, term, 0, 1);
    else dossier_buf_adds(out, "chưa có số liệu"); /* a sentence, unlike a table's "—" */
    if (cJSON_IsNumber(term)) tpl_format_missing_years(out, node);
    return DOSSIER_OK;
  }
  if (strcmp(f->name, "change") == 0) return add_change(b, e, node, out);
  if (strcmp(f->name, "fraction") == 0) return add_fraction(b, e, f, node, out);
  if (strcmp(f->name, "list") == 0) {
    if (cJSON_IsNull(node)) return DOSSIER_OK;
    if (!cJSON_IsArray(node)) return bind_error(b, e, "filter '%s' needs a list", f->name);
    add_list(out, node);
    return DOSSIER_OK;
  }
  return bind_error(b, e, "unknown filter '%s'", f->name);
}

dossier_status tpl_expr_eval(tpl_bind *b, size_t index, dossier_buf *out) {
  const tpl_expr *e = &b->tpl->exprs[index];
  if (e->kind == TPL_EXPR_INLINE_IF) {
    const tpl_branch *chosen = NULL;
    for (size_t i = 0; i < e->branch_count && !chosen; i++)
      if (!e->branches[i].cond.root || tpl_cond_eval(b, &e->branches[i].cond))
        chosen = &e->branches[i];
    const tpl_piece *pieces = chosen ? chosen->pieces : NULL;
    size_t count = chosen ? chosen->count : 0;
    for (size_t i = 0; i < count; i++) {
      if (pieces[i].text) {
        dossier_buf_adds(out, pieces[i].text);
      } else {
        dossier_status st = tpl_expr_eval(b, pieces[i].expr, out);
        if (st != DOSSIER_OK) return st;
      }
    }
    return DOSSIER_OK;
  }
  const cJSON *node = tpl_resolve(b, &e->path);
  /* `| default:"text"` stands in for a value the dataset may leave out */
  const tpl_filter *fallback = NULL;
  for (size_t i = 0; i < e->filter_count; i++)
    if (strcmp(e->filters[i].name, "default") == 0) fallback = &e->filters[i];
  if (fallback && (!node || cJSON_IsNull(node) || (cJSON_IsString(node) && !node->valuestring[0]))) {
    dossier_buf_adds(out, fallback->string ? fallback->string : "");
    return DOSSIER_OK;
  }
  if (!node) return bind_error(b, e, "unknown placeholder: the figures have no %s", e->path.text);
  if (e->filter_count == 0) return default_text(b, e, node, out);
  dossier_buf text = {0};
  dossier_status st = DOSSIER_OK;
  for (size_t i = 0; i < e->filter_count && st == DOSSIER_OK; i++) {
    dossier_buf next = {0};
    st = apply_filter(b, e, &e->filters[i], node, i == 0 ? NULL : (text.data ? text.data : ""),
                      &next);
    dossier_buf_free(&text);
    text = next;
  }
  if (st == DOSSIER_OK && text.data) dossier_buf_add(out, text.data, text.length);
  dossier_buf_free(&text);
  return st;
}

dossier_status tpl_expand(tpl_bind *b, const char *text, dossier_buf *out) {
  const char *p = text;
  dossier_buf_adds(out, ""); /* an empty result is "", not NULL */
  for (;;) {
    const char *open = strstr(p, TPL_TOKEN_OPEN);
    if (!open) break;
    dossier_buf_add(out, p, (size_t)(open - p));
    const char *digits = open + strlen(TPL_TOKEN_OPEN);
    char *end = NULL;
    unsigned long index = strtoul(digits, &end, 10);
    if (end == digits || strncmp(end, TPL_TOKEN_CLOSE, strlen(TPL_TOKEN_CLOSE)) != 0 ||
        index >= b->tpl->expr_count) {
      /* a stray U+E000 in the template text itself: keep it */
      dossier_buf_add(out, open, strlen(TPL_TOKEN_OPEN));
      p = digits;
      continue;
    }
    dossier_status st = tpl_expr_eval(b, index, out);
    if (st != DOSSIER_OK) return st;
    p = end + strlen(TPL_TOKEN_CLOSE);
  }
  dossier_buf_adds(out, p);
  return out->failed ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
}
