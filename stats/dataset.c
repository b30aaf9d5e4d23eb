/* dataset.c: reading a dataset and checking everything a clerk can get wrong.
 *
 * Validation never stops at the first problem: each one is added to the diag
 * with FILE:LINE:COL and its JSON path, and the load fails at the end if any
 * was found. Only a dataset that passed every check becomes a model (model.h),
 * so the computing code needs no defensive checks of its own. */
#include "stats/dataset.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/file.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "stats/model.h"

const char *const dossier_rating_keys[DOSSIER_RATING_LEVELS] = {"excellent", "good",
                                                                "fulfilled", "failed"};
const char *const dossier_membership_field_names[DOSSIER_MEMBERSHIP_FIELDS] = {
    "start", "admitted", "transferred_in", "reinstated", "died", "expelled",
    "struck_off", "resigned", "transferred_out", "end"};

/* Years outside this window are typing mistakes, not history. */
enum { YEAR_MIN = DOSSIER_DATE_FIRST_YEAR, YEAR_MAX = DOSSIER_DATE_LAST_YEAR };
/* the largest figure a dataset may give and its most decimals (docs/dataset.md,
 * "Numbers"): inside them every figure is computed exactly (stats/exact.h) */
static const long long FIGURE_MAX = 1000000000000000LL;
enum { FIGURE_DECIMALS = 6 };

const char *dossier_exact_cstr(dossier_exact a, char *buf) {
  if (dossier_exact_text(a, buf, DOSSIER_EXACT_TEXT) < 0) snprintf(buf, DOSSIER_EXACT_TEXT, "?");
  return buf;
}

typedef struct {
  dossier_dataset *ds;
  dossier_diag *diag;
  int errors;
  int nomem;
  /* a unit's own file: its committee, whose indicators it speaks of as an
   * inline unit does (label, unit and kind, the spelling hint); else NULL */
  const dossier_dataset *committee;
} vctx;

const char *dossier_kind_name(dossier_kind kind) {
  switch (kind) {
  case DOSSIER_KIND_COUNT: return "count";
  case DOSSIER_KIND_LEVEL: return "level";
  case DOSSIER_KIND_RATE: return "rate";
  }
  return "count";
}

const dossier_indicator *dossier_model_find(const dossier_indicator *list, size_t count,
                                            const char *id) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(list[i].id, id) == 0) return &list[i];
  return NULL;
}

__attribute__((format(printf, 4, 0))) static dossier_status
place_errorv(dossier_diag *diag, dossier_status status, const dossier_place *place,
             const char *fmt, va_list ap) {
  return dossier_diag_addv(diag, status, place ? place->file : NULL, place ? place->line : 0,
                           place ? place->col : 0, place ? place->path : NULL, fmt, ap);
}

dossier_status dossier_place_error(dossier_diag *diag, dossier_status status,
                                   const dossier_place *place, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  dossier_status st = place_errorv(diag, status, place, fmt, ap);
  va_end(ap);
  return st;
}

/* ---- places and messages ---- */

static const char *join_path(vctx *v, const char *parent, const char *key) {
  const char *p = parent && *parent ? dossier_arena_printf(v->ds->arena, "%s.%s", parent, key)
                                    : dossier_arena_printf(v->ds->arena, "%s", key);
  if (!p) {
    v->nomem = 1;
    return "";
  }
  return p;
}

static const char *index_path(vctx *v, const char *parent, size_t i) {
  const char *p = dossier_arena_printf(v->ds->arena, "%s[%zu]", parent, i);
  if (!p) {
    v->nomem = 1;
    return "";
  }
  return p;
}

static dossier_place place_of(const vctx *v, const cJSON *node, const char *path, int at_key) {
  dossier_place place = {v->ds->name, 0, 0, path};
  if (at_key)
    dossier_jsonloc_key(v->ds->loc, node, &place.line, &place.col);
  else
    dossier_jsonloc_value(v->ds->loc, node, &place.line, &place.col);
  return place;
}

static void fail_at(vctx *v, const cJSON *node, const char *path, int at_key, const char *fmt,
                    ...) __attribute__((format(printf, 5, 6)));
static void fail_at(vctx *v, const cJSON *node, const char *path, int at_key, const char *fmt,
                    ...) {
  dossier_place place = place_of(v, node, path, at_key);
  va_list ap;
  va_start(ap, fmt);
  place_errorv(v->diag, DOSSIER_ERR_DATA, &place, fmt, ap);
  va_end(ap);
  v->errors++;
}


static void fail_type(vctx *v, const cJSON *node, const char *path, const char *expected) {
  char got[128];
  dossier_json_describe(node, got, sizeof got);
  fail_at(v, node, path, 0, "expected %s, got %s", expected, got);
}

/* ---- typed readers ---- */

/* Reads a number exactly, as the file writes it (87.35 is 1747/20). */
static int read_number(vctx *v, const cJSON *node, const char *path, dossier_exact *out) {
  if (cJSON_IsNumber(node) && isfinite(node->valuedouble)) {
    char text[DOSSIER_EXACT_TEXT];
    /* beyond 10^15, or with more than 6 decimals, a figure is no count or
     * percentage a report prints (and its sums would leave exact arithmetic) */
    if (fabs(node->valuedouble) > (double)FIGURE_MAX * 2 ||
        dossier_jsonloc_exact(v->ds->loc, node, out) != 0 ||
        dossier_exact_cmp(dossier_exact_abs(*out), dossier_exact_int(FIGURE_MAX)) > 0) {
      char literal[64];
      if (!*dossier_jsonloc_literal(v->ds->loc, node, literal, sizeof literal))
        snprintf(literal, sizeof literal, "%.15g", node->valuedouble);
      fail_at(v, node, path, 0, "number too large for a figure (at most 10^15), got %s", literal);
      return -1;
    }
    int places = dossier_exact_decimal_places(*out);
    if (places < 0 || places > FIGURE_DECIMALS) {
      fail_at(v, node, path, 0, "a figure has at most %d decimals, got %s", FIGURE_DECIMALS,
              dossier_exact_cstr(*out, text));
      return -1;
    }
    return 0;
  }
  if (cJSON_IsString(node)) {
    /* "12,5" or "12" typed into a spreadsheet: say which form is wanted */
    char got[128];
    dossier_json_describe(node, got, sizeof got);
    fail_at(v, node, path, 0,
            "expected a number such as 12.5, got %s", got);
    return -1;
  }
  fail_type(v, node, path, "a number such as 12.5");
  return -1;
}

/* A whole number of 0 or more (ratings, membership, units_expected). */
static int read_whole(vctx *v, const cJSON *node, const char *path, double *out) {
  dossier_exact e;
  if (read_number(v, node, path, &e) != 0) return -1;
  if (dossier_exact_sign(e) < 0 || !dossier_exact_is_whole(e)) {
    char text[DOSSIER_EXACT_TEXT];
    fail_at(v, node, path, 0, "expected a whole number of 0 or more, got %s",
            dossier_exact_cstr(e, text));
    return -1;
  }
  *out = dossier_exact_to_double(e);
  return 0;
}

static const char *read_string(vctx *v, const cJSON *node, const char *path) {
  if (cJSON_IsString(node)) return node->valuestring;
  fail_type(v, node, path, "a string");
  return NULL;
}

/* A name (of the committee, of a unit): a string with a letter in it. */
static const char *read_name(vctx *v, const cJSON *node, const char *path) {
  const char *s = read_string(v, node, path);
  if (s && s[strspn(s, " \t\r\n")] == '\0') {
    fail_at(v, node, path, 0, "the name is empty");
    return NULL;
  }
  return s;
}

/* Optional string member: NULL when absent, reported when of another type. */
static const char *member_string(vctx *v, const cJSON *object, const char *key,
                                 const char *path) {
  const cJSON *node = cJSON_GetObjectItemCaseSensitive(object, key);
  if (!node) return NULL;
  return read_string(v, node, join_path(v, path, key));
}

static int parse_year(const char *key, int *year) {
  if (strlen(key) != 4) return -1;
  int y = 0;
  for (int i = 0; i < 4; i++) {
    if (key[i] < '0' || key[i] > '9') return -1;
    y = y * 10 + (key[i] - '0');
  }
  if (y < YEAR_MIN || y > YEAR_MAX) return -1;
  *year = y;
  return 0;
}

/* Checks a year key of `node` (an object member) against the period. */
static int read_year_key(vctx *v, const cJSON *node, const char *path, int *year) {
  if (parse_year(node->string, year) != 0) {
    fail_at(v, node, path, 1, "expected a year such as 2016 as key, got \"%s\"", node->string);
    return -1;
  }
  /* without a valid period (from = 0) the range cannot be checked; the
   * period's own error is reported */
  if (v->ds->from != 0 && (*year < v->ds->from || *year > v->ds->to)) {
    fail_at(v, node, path, 1, "year %d is outside the period %d-%d", *year, v->ds->from,
            v->ds->to);
    return -1;
  }
  return 0;
}

/* ---- whole-tree checks ---- */

/* ---- values per kind ---- */

static int check_range(vctx *v, const cJSON *node, const char *path, dossier_kind kind,
                       dossier_exact value) {
  char text[DOSSIER_EXACT_TEXT];
  if (kind == DOSSIER_KIND_RATE && (dossier_exact_sign(value) < 0 ||
                                    dossier_exact_cmp(value, dossier_exact_int(100)) > 0)) {
    fail_at(v, node, path, 0, "a rate is a percentage between 0 and 100, got %s",
            dossier_exact_cstr(value, text));
    return -1;
  }
  if (kind != DOSSIER_KIND_RATE && dossier_exact_sign(value) < 0) {
    fail_at(v, node, path, 0, "a %s cannot be negative, got %s", dossier_kind_name(kind),
            dossier_exact_cstr(value, text));
    return -1;
  }
  return 0;
}

/* Counts (and a rate's numerator and denominator) are numbers of people,
 * organisations or events, levels are stocks of them: 12.5 is a typing slip,
 * and summing it would print a figure nobody counted. */
static int check_whole(vctx *v, const cJSON *node, const char *path, dossier_kind kind,
                       dossier_exact value) {
  if (kind == DOSSIER_KIND_RATE || dossier_exact_is_whole(value)) return 0;
  char text[DOSSIER_EXACT_TEXT];
  fail_at(v, node, path, 0, "a %s is a whole number, got %s", dossier_kind_name(kind),
          dossier_exact_cstr(value, text));
  return -1;
}

/* `kind` checks the range of every value; ratio parts pass DOSSIER_KIND_COUNT. */
static void read_series(vctx *v, const cJSON *node, const char *path, dossier_kind kind,
                        dossier_series *out) {
  memset(out, 0, sizeof *out);
  if (!cJSON_IsObject(node)) {
    fail_type(v, node, path, "an object of years and values such as {\"2016\": 182}");
    return;
  }
  size_t n = (size_t)cJSON_GetArraySize(node);
  if (n == 0) {
    fail_at(v, node, path, 0, "a series needs at least one year such as {\"2016\": 182}");
    return;
  }
  out->years = dossier_arena_calloc(v->ds->arena, n, sizeof *out->years);
  out->values = dossier_arena_calloc(v->ds->arena, n, sizeof *out->values);
  out->places = dossier_arena_calloc(v->ds->arena, n, sizeof *out->places);
  if (!out->years || !out->values || !out->places) {
    v->nomem = 1;
    return;
  }
  for (const cJSON *c = node->child; c; c = c->next) {
    const char *cpath = join_path(v, path, c->string);
    int year;
    dossier_exact value;
    int bad = read_year_key(v, c, cpath, &year) != 0;
    if (read_number(v, c, cpath, &value) != 0 || check_range(v, c, cpath, kind, value) != 0 ||
        check_whole(v, c, cpath, kind, value) != 0)
      bad = 1;
    if (bad) continue;
    int duplicate = 0;
    for (size_t i = 0; i < out->count; i++) duplicate |= out->years[i] == year;
    if (duplicate) continue; /* already reported by check_duplicate_keys */
    /* insertion keeps the years sorted */
    size_t i = out->count;
    while (i > 0 && out->years[i - 1] > year) {
      out->years[i] = out->years[i - 1];
      out->values[i] = out->values[i - 1];
      out->places[i] = out->places[i - 1];
      i--;
    }
    out->years[i] = year;
    out->values[i] = value;
    out->places[i] = place_of(v, c, cpath, 0);
    out->count++;
  }
}

static void fail_place(vctx *v, const dossier_place *place, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_place(vctx *v, const dossier_place *place, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  place_errorv(v->diag, DOSSIER_ERR_DATA, place, fmt, ap);
  va_end(ap);
  v->errors++;
}

/* Index of `year` in `s`, or s->count. */
static size_t find_year(const dossier_series *s, int year) {
  size_t i = 0;
  while (i < s->count && s->years[i] != year) i++;
  return i;
}

static void check_ratio(vctx *v, const dossier_indicator *ind) {
  const dossier_series *num = &ind->numerator, *den = &ind->denominator;
  char a[DOSSIER_EXACT_TEXT], b[DOSSIER_EXACT_TEXT];
  for (size_t i = 0; i < num->count; i++) {
    size_t j = find_year(den, num->years[i]);
    if (j == den->count)
      fail_place(v, &num->places[i], "numerator for %d has no denominator for the same year",
                  num->years[i]);
    else if (dossier_exact_sign(den->values[j]) <= 0)
      fail_place(v, &den->places[j], "the denominator of a rate must be above 0, got %s",
                  dossier_exact_cstr(den->values[j], a));
    else if (dossier_exact_cmp(num->values[i], den->values[j]) > 0)
      fail_place(v, &num->places[i], "numerator %s is larger than the denominator %s of %d",
                  dossier_exact_cstr(num->values[i], a), dossier_exact_cstr(den->values[j], b),
                  num->years[i]);
  }
  for (size_t j = 0; j < den->count; j++)
    if (find_year(num, den->years[j]) == num->count)
      fail_place(v, &den->places[j], "denominator for %d has no numerator for the same year",
                  den->years[j]);
}

static void read_target(vctx *v, const cJSON *node, const char *path, dossier_kind kind,
                        dossier_target_spec *out) {
  memset(out, 0, sizeof *out);
  if (!cJSON_IsObject(node)) {
    fail_type(v, node, path, "an object such as {\"value\": 750, \"scope\": \"term\"}");
    return;
  }
  out->place = place_of(v, node, path, 0);
  int ok = 1;
  const cJSON *value = cJSON_GetObjectItemCaseSensitive(node, "value");
  const char *vpath = join_path(v, path, "value");
  if (!value) {
    fail_at(v, node, path, 0, "a target needs a \"value\"");
    ok = 0;
  } else if (read_number(v, value, vpath, &out->value) != 0 ||
             check_range(v, value, vpath, kind, out->value) != 0) {
    ok = 0;
  }
  const cJSON *scope = cJSON_GetObjectItemCaseSensitive(node, "scope");
  const char *spath = join_path(v, path, "scope");
  if (!scope) {
    fail_at(v, node, path, 0,
            "a target needs a \"scope\": \"term\" (compare the term figure) or \"year\" "
            "(compare every year)");
    ok = 0;
  } else if (!cJSON_IsString(scope)) {
    fail_type(v, scope, spath, "\"term\" or \"year\"");
    ok = 0;
  } else if (strcmp(scope->valuestring, "term") == 0) {
    out->per_year = 0;
  } else if (strcmp(scope->valuestring, "year") == 0) {
    out->per_year = 1;
  } else {
    fail_at(v, scope, spath, 0, "unknown scope \"%s\": expected \"term\" or \"year\"",
            scope->valuestring);
    ok = 0;
  }
  const cJSON *direction = cJSON_GetObjectItemCaseSensitive(node, "direction");
  const char *dpath = join_path(v, path, "direction");
  if (direction) {
    if (!cJSON_IsString(direction)) {
      fail_type(v, direction, dpath, "\"at_least\" or \"at_most\"");
      ok = 0;
    } else if (strcmp(direction->valuestring, "at_least") == 0) {
      out->at_most = 0;
    } else if (strcmp(direction->valuestring, "at_most") == 0) {
      out->at_most = 1;
    } else {
      fail_at(v, direction, dpath, 0,
              "unknown direction \"%s\": expected \"at_least\" or \"at_most\"",
              direction->valuestring);
      ok = 0;
    }
  }
  out->present = ok;
}

static int read_kind(vctx *v, const cJSON *node, const char *path, dossier_kind *kind) {
  if (!cJSON_IsString(node)) {
    fail_type(v, node, path, "\"count\", \"level\" or \"rate\"");
    return -1;
  }
  const char *s = node->valuestring;
  if (strcmp(s, "count") == 0) *kind = DOSSIER_KIND_COUNT;
  else if (strcmp(s, "level") == 0) *kind = DOSSIER_KIND_LEVEL;
  else if (strcmp(s, "rate") == 0) *kind = DOSSIER_KIND_RATE;
  else {
    fail_at(v, node, path, 0, "unknown kind \"%s\": expected \"count\", \"level\" or \"rate\"",
            s);
    return -1;
  }
  return 0;
}

/* Reads one indicator. `committee` is the committee's list when reading a
 * unit's inline indicator (its kind comes from there), else NULL. Returns -1
 * when the indicator is unusable (not an object, no valid kind); problems in
 * its numbers are reported but still return 0. */
static int read_indicator(vctx *v, const cJSON *node, const char *path,
                          const dossier_indicator *committee, size_t committee_count,
                          dossier_indicator *out) {
  memset(out, 0, sizeof *out);
  out->id = node->string;
  out->label = node->string;
  out->unit = "";
  out->place = place_of(v, node, path, 1);
  if (!cJSON_IsObject(node)) {
    fail_type(v, node, path, "an object with \"kind\" and \"series\" or \"value\"");
    return -1;
  }
  int before = v->errors;
  const dossier_indicator *def =
      committee ? dossier_model_find(committee, committee_count, node->string) : NULL;
  const cJSON *kind = cJSON_GetObjectItemCaseSensitive(node, "kind");
  if (kind) {
    if (read_kind(v, kind, join_path(v, path, "kind"), &out->kind) != 0) return -1;
    if (def && def->kind != out->kind) {
      fail_at(v, kind, join_path(v, path, "kind"), 0,
              "kind \"%s\" differs from the committee's kind \"%s\" of this indicator",
              dossier_kind_name(out->kind), dossier_kind_name(def->kind));
      return -1;
    }
  } else if (def) {
    out->kind = def->kind;
  } else if (committee) {
    fail_at(v, node, path, 1,
            "unknown indicator \"%s\": the committee defines no such indicator (check the "
            "spelling, or give its \"kind\")",
            node->string);
    return -1;
  } else {
    fail_at(v, node, path, 1,
            "indicator \"%s\" has no \"kind\": expected \"count\", \"level\" or \"rate\"",
            node->string);
    return -1;
  }
  if (def) { /* a unit's indicator reads as the committee's unless it says otherwise */
    out->label = def->label;
    out->unit = def->unit;
  }
  const char *label = member_string(v, node, "label", path);
  if (label) out->label = label;
  const char *unit = member_string(v, node, "unit", path);
  if (unit) out->unit = unit;
  out->note = member_string(v, node, "note", path);

  const cJSON *series = cJSON_GetObjectItemCaseSensitive(node, "series");
  const cJSON *value = cJSON_GetObjectItemCaseSensitive(node, "value");
  const cJSON *num = cJSON_GetObjectItemCaseSensitive(node, "numerator");
  const cJSON *den = cJSON_GetObjectItemCaseSensitive(node, "denominator");
  int forms = (series != NULL) + (value != NULL) + (num || den);
  if (forms > 1) {
    fail_at(v, node, path, 1,
            "give only one of \"series\", \"value\" or \"numerator\" with \"denominator\"");
    return -1;
  }
  if (series) {
    out->source = DOSSIER_SOURCE_SERIES;
    read_series(v, series, join_path(v, path, "series"), out->kind, &out->series);
  } else if (value) {
    const char *vpath = join_path(v, path, "value");
    out->source = DOSSIER_SOURCE_VALUE;
    out->value_place = place_of(v, value, vpath, 0);
    if (read_number(v, value, vpath, &out->value) == 0 &&
        check_range(v, value, vpath, out->kind, out->value) == 0)
      check_whole(v, value, vpath, out->kind, out->value);
  } else if (num || den) {
    out->source = DOSSIER_SOURCE_RATIO;
    if (out->kind != DOSSIER_KIND_RATE) {
      fail_at(v, num ? num : den, join_path(v, path, num ? "numerator" : "denominator"), 1,
              "\"numerator\" and \"denominator\" are for indicators of kind \"rate\"");
      return -1;
    }
    if (!num || !den) {
      fail_at(v, num ? num : den, join_path(v, path, num ? "numerator" : "denominator"), 1,
              "a rate needs both \"numerator\" and \"denominator\"");
      return -1;
    }
    const char *npath = join_path(v, path, "numerator");
    const char *dpath = join_path(v, path, "denominator");
    read_series(v, num, npath, DOSSIER_KIND_COUNT, &out->numerator);
    read_series(v, den, dpath, DOSSIER_KIND_COUNT, &out->denominator);
    if (v->errors == before) check_ratio(v, out);
  }

  const cJSON *target = cJSON_GetObjectItemCaseSensitive(node, "target");
  if (target) read_target(v, target, join_path(v, path, "target"), out->kind, &out->target);

  const cJSON *parts = cJSON_GetObjectItemCaseSensitive(node, "parts");
  if (parts) {
    const char *ppath = join_path(v, path, "parts");
    out->parts_place = place_of(v, parts, ppath, 0);
    if (!cJSON_IsArray(parts) || cJSON_GetArraySize(parts) == 0) {
      fail_type(v, parts, ppath, "a non-empty array of indicator ids");
    } else {
      size_t n = (size_t)cJSON_GetArraySize(parts), i = 0;
      out->parts = dossier_arena_calloc(v->ds->arena, n, sizeof *out->parts);
      if (!out->parts) {
        v->nomem = 1;
        return -1;
      }
      for (const cJSON *p = parts->child; p; p = p->next, i++) {
        const char *id = read_string(v, p, index_path(v, ppath, i));
        if (id) out->parts[out->part_count++] = id;
      }
    }
  }
  /* kept even when a value is wrong (the load fails anyway), so that units
   * and parts naming this indicator do not add "unknown indicator" noise */
  return 0;
}

/* Parts must name other indicators of the same dataset, each once. */
static void check_parts(vctx *v, const cJSON *indicators) {
  for (size_t i = 0; i < v->ds->indicator_count; i++) {
    const dossier_indicator *ind = &v->ds->indicators[i];
    if (ind->part_count == 0) continue; /* (a lookup by id costs a walk of the object) */
    const cJSON *parts =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(indicators, ind->id),
                                         "parts");
    size_t k = 0;
    for (const cJSON *p = parts ? parts->child : NULL; p && k < ind->part_count; p = p->next) {
      if (!cJSON_IsString(p)) continue;
      const char *id = ind->parts[k++];
      const char *ppath = ind->parts_place.path;
      if (strcmp(id, ind->id) == 0) {
        fail_at(v, p, ppath, 0, "an indicator cannot be a part of itself");
      } else if (!dossier_model_find(v->ds->indicators, v->ds->indicator_count, id)) {
        fail_at(v, p, ppath, 0, "part \"%s\" is not an indicator of this dataset", id);
      } else {
        for (size_t j = 0; j + 1 < k; j++)
          if (strcmp(ind->parts[j], id) == 0) {
            fail_at(v, p, ppath, 0, "part \"%s\" is listed twice", id);
            break;
          }
      }
    }
  }
}

static void read_indicators(vctx *v, const cJSON *object, const char *path,
                            const dossier_indicator *committee, size_t committee_count,
                            dossier_indicator **list, size_t *count) {
  *list = NULL;
  *count = 0;
  if (!cJSON_IsObject(object)) {
    fail_type(v, object, path, "an object of indicators keyed by id");
    return;
  }
  size_t n = (size_t)cJSON_GetArraySize(object);
  if (n > DOSSIER_LIMIT_INDICATORS) {
    fail_at(v, object, path, 0, "%zu indicators, more than the %d a dataset may have "
            "(docs/limits.md)", n, DOSSIER_LIMIT_INDICATORS);
    return;
  }
  *list = dossier_arena_calloc(v->ds->arena, n, sizeof **list);
  if (!*list) {
    v->nomem = 1;
    return;
  }
  for (const cJSON *c = object->child; c; c = c->next) {
    /* a repeated id (reported with the repeated keys): its first entry counts */
    if (cJSON_GetObjectItemCaseSensitive(object, c->string) != c) continue;
    dossier_indicator ind;
    if (read_indicator(v, c, join_path(v, path, c->string), committee, committee_count, &ind) ==
        0)
      (*list)[(*count)++] = ind;
  }
}

static void read_units(vctx *v, const cJSON *units) {
  if (!cJSON_IsArray(units)) {
    fail_type(v, units, "units", "an array of units");
    return;
  }
  size_t n = (size_t)cJSON_GetArraySize(units), i = 0;
  dossier_dataset *ds = v->ds;
  ds->units = calloc(n ? n : 1, sizeof *ds->units);
  if (!ds->units) {
    v->nomem = 1;
    return;
  }
  ds->unit_capacity = n ? n : 1;
  dossier_strmap names = DOSSIER_STRMAP_INIT; /* a unit name → its first unit */
  int failed = 0;
  for (const cJSON *u = units->child; u; u = u->next, i++) {
    const char *upath = index_path(v, "units", i);
    if (!cJSON_IsObject(u)) {
      fail_type(v, u, upath, "an object with \"name\" and \"indicators\"");
      continue;
    }
    dossier_unit unit;
    memset(&unit, 0, sizeof unit);
    unit.place = place_of(v, u, upath, 0);
    unit.type = "";
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(u, "name");
    if (!name) {
      fail_at(v, u, upath, 0, "a unit needs a \"name\"");
      continue;
    }
    unit.name = read_name(v, name, join_path(v, upath, "name"));
    const char *type = member_string(v, u, "type", upath);
    if (type) unit.type = type;
    const cJSON *inds = cJSON_GetObjectItemCaseSensitive(u, "indicators");
    if (inds)
      read_indicators(v, inds, join_path(v, upath, "indicators"), ds->indicators,
                      ds->indicator_count, &unit.indicators, &unit.indicator_count);
    if (!unit.name) continue;
    /* rankings and tables name units: two of the same name cannot be told apart */
    const dossier_unit *first = dossier_strmap_put(&names, unit.name, &ds->units[ds->unit_count],
                                                   &failed);
    if (first)
      fail_at(v, name, join_path(v, upath, "name"), 0, "unit name \"%s\" is already used by %s",
              unit.name, first->place.path);
    ds->units[ds->unit_count++] = unit;
  }
  if (failed) v->nomem = 1;
  dossier_strmap_free(&names);
}

static void read_ratings(vctx *v, const cJSON *ratings) {
  if (!cJSON_IsObject(ratings)) {
    fail_type(v, ratings, "ratings", "an object with \"organizations\" and/or \"members\"");
    return;
  }
  const char *which[2] = {"organizations", "members"};
  dossier_rating_table *tables[2] = {&v->ds->organizations, &v->ds->members};
  /* the groups are a closed set: a misspelt one would make its table vanish */
  for (const cJSON *g = ratings->child; g; g = g->next)
    if (strcmp(g->string, which[0]) != 0 && strcmp(g->string, which[1]) != 0)
      fail_at(v, g, join_path(v, "ratings", g->string), 1,
              "unknown group \"%s\": expected \"organizations\" or \"members\"", g->string);
  for (int t = 0; t < 2; t++) {
    const cJSON *table = cJSON_GetObjectItemCaseSensitive(ratings, which[t]);
    if (!table) continue;
    const char *tpath = join_path(v, "ratings", which[t]);
    if (!cJSON_IsObject(table)) {
      fail_type(v, table, tpath, "an object of years such as {\"2016\": {\"excellent\": 52, ...}}");
      continue;
    }
    size_t n = (size_t)cJSON_GetArraySize(table);
    dossier_rating_table *out = tables[t];
    out->years = dossier_arena_calloc(v->ds->arena, n, sizeof *out->years);
    if (!out->years) {
      v->nomem = 1;
      return;
    }
    out->present = 1;
    for (const cJSON *y = table->child; y; y = y->next) {
      const char *ypath = join_path(v, tpath, y->string);
      dossier_rating_year row;
      memset(&row, 0, sizeof row);
      int bad = read_year_key(v, y, ypath, &row.year) != 0;
      if (!cJSON_IsObject(y)) {
        fail_type(v, y, ypath,
                  "an object {\"excellent\", \"good\", \"fulfilled\", \"failed\"} of counts");
        continue;
      }
      /* a key that is no level is most likely one misspelt: say so, not
       * only that the right one is missing */
      int unknown = 0;
      for (const cJSON *c = y->child; c; c = c->next) {
        int known = 0;
        for (int k = 0; k < DOSSIER_RATING_LEVELS; k++)
          known |= strcmp(c->string, dossier_rating_keys[k]) == 0;
        if (known) continue;
        fail_at(v, c, join_path(v, ypath, c->string), 1,
                "unknown level \"%s\": expected \"excellent\", \"good\", \"fulfilled\" or "
                "\"failed\"",
                c->string);
        unknown = bad = 1;
      }
      for (int k = 0; k < DOSSIER_RATING_LEVELS; k++) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(y, dossier_rating_keys[k]);
        if (!c) {
          if (!unknown)
            fail_at(v, y, ypath, 0, "missing level \"%s\" (write 0 if none)",
                    dossier_rating_keys[k]);
          bad = 1;
        } else if (read_whole(v, c, join_path(v, ypath, dossier_rating_keys[k]),
                              &row.counts[k]) != 0) {
          bad = 1;
        }
      }
      int repeated = 0;
      for (size_t i = 0; i < out->count; i++) repeated |= out->years[i].year == row.year;
      if (bad || repeated) continue;
      row.place = place_of(v, y, ypath, 1);
      size_t i = out->count;
      while (i > 0 && out->years[i - 1].year > row.year) {
        out->years[i] = out->years[i - 1];
        i--;
      }
      out->years[i] = row;
      out->count++;
    }
  }
}

static double membership_balance(const double *f) {
  return f[0] + f[1] + f[2] + f[3] - f[4] - f[5] - f[6] - f[7] - f[8];
}

static void read_membership(vctx *v, const cJSON *membership) {
  if (!cJSON_IsObject(membership)) {
    fail_type(v, membership, "membership", "an object of years such as {\"2016\": {\"start\": ...}}");
    return;
  }
  dossier_dataset *ds = v->ds;
  size_t n = (size_t)cJSON_GetArraySize(membership);
  ds->membership = dossier_arena_calloc(ds->arena, n, sizeof *ds->membership);
  if (!ds->membership) {
    v->nomem = 1;
    return;
  }
  for (const cJSON *y = membership->child; y; y = y->next) {
    const char *ypath = join_path(v, "membership", y->string);
    dossier_membership_year row;
    memset(&row, 0, sizeof row);
    int bad = read_year_key(v, y, ypath, &row.year) != 0;
    if (!cJSON_IsObject(y)) {
      fail_type(v, y, ypath, "an object with start, admitted, ..., end");
      continue;
    }
    for (int k = 0; k < DOSSIER_MEMBERSHIP_FIELDS; k++) {
      const char *key = dossier_membership_field_names[k];
      const cJSON *c = cJSON_GetObjectItemCaseSensitive(y, key);
      if (!c) {
        fail_at(v, y, ypath, 0, "missing \"%s\" (write 0 if none)", key);
        bad = 1;
      } else {
        const char *cpath = join_path(v, ypath, key);
        if (read_whole(v, c, cpath, &row.fields[k]) != 0) bad = 1;
        if (k == 0) row.start_place = place_of(v, c, cpath, 0);
      }
    }
    int repeated = 0;
    for (size_t i = 0; i < ds->membership_count; i++)
      repeated |= ds->membership[i].year == row.year;
    if (bad || repeated) continue;
    row.place = place_of(v, y, ypath, 1);
    const double *f = row.fields;
    if (membership_balance(f) != f[9]) {
      fail_at(v, y, ypath, 1,
              "membership of %d does not balance: start %.15g + admitted %.15g + transferred in "
              "%.15g + reinstated %.15g - died %.15g - expelled %.15g - struck off %.15g - "
              "resigned %.15g - transferred out %.15g = %.15g, but end is %.15g",
              row.year, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8],
              membership_balance(f), f[9]);
    }
    size_t i = ds->membership_count;
    while (i > 0 && ds->membership[i - 1].year > row.year) {
      ds->membership[i] = ds->membership[i - 1];
      i--;
    }
    ds->membership[i] = row;
    ds->membership_count++;
  }
  for (size_t i = 1; i < ds->membership_count; i++) {
    const dossier_membership_year *a = &ds->membership[i - 1], *b = &ds->membership[i];
    if (b->year == a->year + 1 && b->fields[0] != a->fields[9])
      fail_place(v, &b->start_place,
                  "start of %d is %.15g, but the end of %d is %.15g: they must be equal",
                  b->year, b->fields[0], a->year, a->fields[9]);
  }
}

static void read_period(vctx *v, const cJSON *root) {
  const cJSON *period = cJSON_GetObjectItemCaseSensitive(root, "period");
  if (!period) {
    fail_at(v, root, "", 0, "missing \"period\": {\"from\": 2015, \"to\": 2020}");
    return;
  }
  if (!cJSON_IsObject(period)) {
    fail_type(v, period, "period", "an object such as {\"from\": 2015, \"to\": 2020}");
    return;
  }
  int years[2] = {0, 0};
  const char *keys[2] = {"from", "to"};
  for (int i = 0; i < 2; i++) {
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(period, keys[i]);
    const char *cpath = join_path(v, "period", keys[i]);
    dossier_exact d;
    char text[DOSSIER_EXACT_TEXT];
    if (!c) {
      fail_at(v, period, "period", 0, "missing \"%s\" year", keys[i]);
    } else if (read_number(v, c, cpath, &d) == 0) {
      if (!dossier_exact_is_whole(d) || dossier_exact_cmp(d, dossier_exact_int(YEAR_MIN)) < 0 ||
          dossier_exact_cmp(d, dossier_exact_int(YEAR_MAX)) > 0)
        fail_at(v, c, cpath, 0, "expected a year such as 2015, got %s", dossier_exact_cstr(d, text));
      else
        years[i] = (int)d.num;
    }
  }
  if (years[0] && years[1] && years[0] > years[1])
    fail_at(v, period, "period", 0, "\"from\" %d is after \"to\" %d", years[0], years[1]);
  if (years[0] && years[1] && years[1] - years[0] + 1 > DOSSIER_MAX_YEARS) {
    /* every table and chart shows every year: a longer period would be cut */
    fail_at(v, cJSON_GetObjectItemCaseSensitive(period, "to"), "period.to", 0,
            "a period covers at most %d years, this one %d", DOSSIER_MAX_YEARS,
            years[1] - years[0] + 1);
    years[0] = years[1] = 0;
  }
  if (years[0] && years[1] && years[0] <= years[1]) {
    v->ds->from = years[0];
    v->ds->to = years[1];
  }
}

/* "units_expected": how many units the committee has, checked against the
 * units given when the figures are computed (a unit file left out of the
 * units folder would silently shrink every total). */
static void read_units_expected(vctx *v, const cJSON *root) {
  const cJSON *node = cJSON_GetObjectItemCaseSensitive(root, "units_expected");
  if (!node) return;
  double n;
  if (read_whole(v, node, "units_expected", &n) != 0) return;
  v->ds->has_units_expected = 1;
  v->ds->units_expected = n;
  v->ds->units_expected_place = place_of(v, node, "units_expected", 0);
}

/* Document fields are only read by templates; the date must be a real date. */
static void read_document(vctx *v, const cJSON *document) {
  if (!cJSON_IsObject(document)) {
    fail_type(v, document, "document", "an object");
    return;
  }
  /* the fields the header and the signature print: a wrong type would be
   * left out of the PDF without a word */
  member_string(v, document, "type", "document");
  member_string(v, document, "summary", "document");
  const cJSON *signer = cJSON_GetObjectItemCaseSensitive(document, "signer");
  if (signer && !cJSON_IsObject(signer)) {
    fail_type(v, signer, "document.signer", "an object {\"capacity\", \"position\", \"name\"}");
  } else if (signer) {
    static const char *const parts[] = {"capacity", "position", "name"};
    for (size_t i = 0; i < 3; i++) member_string(v, signer, parts[i], "document.signer");
  }
  const cJSON *recipients = cJSON_GetObjectItemCaseSensitive(document, "recipients");
  if (recipients && !cJSON_IsArray(recipients)) {
    fail_type(v, recipients, "document.recipients",
              "a list of strings such as [\"Ban Thường vụ Tỉnh ủy\"]");
  } else if (recipients) {
    size_t i = 0;
    for (const cJSON *r = recipients->child; r; r = r->next, i++)
      read_string(v, r, index_path(v, "document.recipients", i));
  }
  const cJSON *date = cJSON_GetObjectItemCaseSensitive(document, "date");
  if (!date) return;
  const char *s = read_string(v, date, "document.date");
  if (!s) return;
  int y, m, d;
  if (dossier_date_parse(s, &y, &m, &d) != 0)
    fail_at(v, date, "document.date", 0,
            "expected a date such as 2020-08-14 (a real day, %d to %d), got \"%s\"",
            DOSSIER_DATE_FIRST_YEAR, DOSSIER_DATE_LAST_YEAR, s);
}

static void validate(vctx *v) {
  const cJSON *root = v->ds->root;
  if (!cJSON_IsObject(root)) {
    fail_type(v, root, "", "an object (a dossier dataset)");
    return;
  }
  /* cJSON keeps both members of a repeated key and returns the first: a
   * clerk's second entry for a year would silently vanish */
  long repeats = dossier_jsonloc_report_repeats(v->ds->loc, root, v->ds->name, v->diag);
  if (repeats < 0) v->nomem = 1;
  else v->errors += (int)repeats;
  const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
  if (format && (!cJSON_IsString(format) ||
                 strcmp(format->valuestring, "dossier-dataset/1") != 0)) {
    char got[128];
    dossier_json_describe(format, got, sizeof got);
    fail_at(v, format, "format", 0, "expected \"dossier-dataset/1\", got %s", got);
  }
  const cJSON *org = cJSON_GetObjectItemCaseSensitive(root, "organization");
  if (!org) {
    fail_at(v, root, "", 0, "missing \"organization\" with its \"name\"");
  } else if (!cJSON_IsObject(org)) {
    fail_type(v, org, "organization", "an object with \"name\"");
  } else {
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(org, "name");
    if (!name)
      fail_at(v, org, "organization", 0, "missing \"name\"");
    else
      read_name(v, name, "organization.name");
    const char *keys[] = {"issuer", "superior", "abbreviation", "place", "type"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
      member_string(v, org, keys[i], "organization");
  }
  /* a bad period does not stop the checks: a clerk sees every problem at once */
  read_period(v, root);
  read_units_expected(v, root);
  const cJSON *document = cJSON_GetObjectItemCaseSensitive(root, "document");
  if (document) read_document(v, document);
  const cJSON *indicators = cJSON_GetObjectItemCaseSensitive(root, "indicators");
  if (!indicators) {
    fail_at(v, root, "", 0, "missing \"indicators\"");
    return;
  }
  read_indicators(v, indicators, "indicators", v->committee ? v->committee->indicators : NULL,
                  v->committee ? v->committee->indicator_count : 0, &v->ds->indicators,
                  &v->ds->indicator_count);
  check_parts(v, indicators);
  const cJSON *units = cJSON_GetObjectItemCaseSensitive(root, "units");
  if (units) read_units(v, units);
  const cJSON *ratings = cJSON_GetObjectItemCaseSensitive(root, "ratings");
  if (ratings) read_ratings(v, ratings);
  const cJSON *membership = cJSON_GetObjectItemCaseSensitive(root, "membership");
  if (membership) read_membership(v, membership);
}

/* ---- public ---- */

/* dossier_dataset_parse, for a unit's own file when `committee` is not NULL. */
static dossier_status parse_dataset(dossier_dataset **out, const char *name, const char *text,
                                    size_t length, const dossier_dataset *committee,
                                    dossier_diag *diag) {
  *out = NULL;
  dossier_status status = DOSSIER_OK;
  size_t before = dossier_diag_count(diag);
  dossier_dataset *ds = calloc(1, sizeof *ds);
  if (!ds) return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
  ds->name = strdup(name ? name : "(dataset)");
  ds->text = malloc(length + 1);
  ds->arena = dossier_arena_new();
  if (!ds->name || !ds->text || !ds->arena) goto nomem;
  memcpy(ds->text, text, length);
  ds->text[length] = '\0';
  status = dossier_jsonloc_parse(&ds->root, &ds->loc, ds->name, "a dataset", ds->text, length,
                                 diag);
  if (status != DOSSIER_OK) goto done;
  vctx v = {ds, diag, 0, 0, committee};
  validate(&v);
  if (v.nomem) goto nomem;
  if (v.errors > 0 || dossier_diag_count(diag) > before) {
    status = DOSSIER_ERR_DATA;
    goto done;
  }
  *out = ds;
  ds = NULL;
  goto done;
nomem:
  status = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
done:
  dossier_dataset_free(ds);
  return status;
}

dossier_status dossier_dataset_parse(dossier_dataset **out, const char *name, const char *text,
                                     size_t length, dossier_diag *diag) {
  return parse_dataset(out, name, text, length, NULL, diag);
}

/* dossier_dataset_load, for a unit's own file when `committee` is not NULL. */
static dossier_status load_dataset(dossier_dataset **out, const char *path,
                                   const dossier_dataset *committee, dossier_diag *diag) {
  *out = NULL;
  char *text = NULL;
  size_t length = 0;
  dossier_status status =
      dossier_file_read(&text, &length, path, DOSSIER_LIMIT_DATASET_BYTES, "a dataset", diag);
  if (status == DOSSIER_OK) status = parse_dataset(out, path, text, length, committee, diag);
  free(text);
  return status;
}

dossier_status dossier_dataset_load(dossier_dataset **out, const char *path, dossier_diag *diag) {
  return load_dataset(out, path, NULL, diag);
}

void dossier_dataset_free(dossier_dataset *dataset) {
  if (!dataset) return;
  for (size_t i = 0; i < dataset->unit_count; i++) dossier_dataset_free(dataset->units[i].own);
  free(dataset->units);
  dossier_arena_free(dataset->arena);
  dossier_jsonloc_free(dataset->loc);
  cJSON_Delete(dataset->root);
  free(dataset->text);
  free(dataset->name);
  free(dataset);
}

const char *dossier_dataset_name(const dossier_dataset *dataset) {
  return dataset && dataset->name ? dataset->name : "";
}

const cJSON *dossier_dataset_json(const dossier_dataset *dataset) {
  return dataset ? dataset->root : NULL;
}

size_t dossier_dataset_unit_count(const dossier_dataset *dataset) {
  return dataset ? dataset->unit_count : 0;
}

static int series_inside(const dossier_series *s, int from, int to, dossier_diag *diag) {
  int bad = 0;
  for (size_t i = 0; i < s->count; i++)
    if (s->years[i] < from || s->years[i] > to) {
      dossier_place_error(diag, DOSSIER_ERR_DATA, &s->places[i],
                          "year %d is outside the committee's period %d-%d", s->years[i], from,
                          to);
      bad = 1;
    }
  return bad;
}

dossier_status dossier_dataset_add_unit_file(dossier_dataset *committee, const char *path,
                                             dossier_diag *diag) {
  if (committee->unit_count >= DOSSIER_LIMIT_UNITS)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, path, 0, 0, NULL,
                            "%s already has %d units, the most a dataset may have "
                            "(docs/limits.md)",
                            committee->name, DOSSIER_LIMIT_UNITS);
  dossier_dataset *unit_ds = NULL;
  /* validated as an inline unit is: against the committee's indicators */
  dossier_status status = load_dataset(&unit_ds, path, committee, diag);
  if (status != DOSSIER_OK) return status;
  int bad = 0;
  for (size_t i = 0; i < unit_ds->indicator_count; i++) {
    dossier_indicator *ind = &unit_ds->indicators[i];
    bad |= series_inside(&ind->series, committee->from, committee->to, diag);
    bad |= series_inside(&ind->numerator, committee->from, committee->to, diag);
    bad |= series_inside(&ind->denominator, committee->from, committee->to, diag);
  }
  const cJSON *org = cJSON_GetObjectItemCaseSensitive(unit_ds->root, "organization");
  const cJSON *name_node = cJSON_GetObjectItemCaseSensitive(org, "name");
  const char *name = name_node->valuestring;
  int line = 0, col = 0;
  dossier_jsonloc_value(unit_ds->loc, name_node, &line, &col);
  for (size_t k = 0; k < committee->unit_count; k++)
    if (strcmp(committee->units[k].name, name) == 0) {
      dossier_diag_add(diag, DOSSIER_ERR_DATA, unit_ds->name, line, col, "organization.name",
                       "unit \"%s\" is already a unit of %s (%s)", name, committee->name,
                       committee->units[k].place.path ? committee->units[k].place.path
                                                      : committee->units[k].place.file);
      bad = 1;
      break;
    }
  if (bad) {
    status = DOSSIER_ERR_DATA;
    goto done;
  }
  if (committee->unit_count == committee->unit_capacity) {
    size_t grown = committee->unit_capacity ? committee->unit_capacity * 2 : 8;
    dossier_unit *p = realloc(committee->units, grown * sizeof *p);
    if (!p) {
      status = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
      goto done;
    }
    committee->units = p;
    committee->unit_capacity = grown;
  }
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(org, "type");
  dossier_unit *u = &committee->units[committee->unit_count++];
  memset(u, 0, sizeof *u);
  u->name = name;
  u->type = cJSON_IsString(type) ? type->valuestring : "";
  u->indicators = unit_ds->indicators;
  u->indicator_count = unit_ds->indicator_count;
  u->place = (dossier_place){unit_ds->name, 0, 0, NULL};
  u->own = unit_ds;
  unit_ds = NULL;
done:
  dossier_dataset_free(unit_ds);
  return status;
}
