/* figures.c: the figures tree (docs/figures.md), assembled from the resolved
 * numbers of every indicator, its units, ratings and membership. */
#include "stats/figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "stats/distribution.h"
#include "stats/exact.h"
#include "stats/extras.h"
#include "stats/jsonout.h"
#include "stats/latest.h"
#include "stats/resolve.h"
#include "stats/target.h"
#include "stats/trend.h"

static const double FORECAST_LEVEL = 0.95;

typedef struct {
  const dossier_dataset *ds;
  dossier_jsonout out;
  dossier_diag *diag;
  dossier_status status;
  int report_year; /* document.report_year, 0: each series' last year */
} builder;

static void change_node(builder *b, cJSON *node, const dossier_resolved *r) {
  cJSON *c = dossier_jsonout_object(&b->out, node, "change");
  int *ovf = &b->out.overflow;
  size_t n = r->n;
  int two = n >= 2;
  dossier_exact zero = dossier_exact_int(0);
  dossier_exact first = n ? r->values[0] : zero, last = n ? r->values[n - 1] : zero;
  dossier_exact diff = two ? dossier_q_sub(last, first, ovf) : zero;
  dossier_jsonout_number(&b->out, c, "first_year", n > 0, n ? r->years[0] : 0);
  dossier_jsonout_number(&b->out, c, "last_year", n > 0, n ? r->years[n - 1] : 0);
  dossier_jsonout_exact(&b->out, c, "absolute", two, diff);
  /* a relative change from a zero base does not exist: null, not Inf */
  int base = two && !dossier_exact_is_zero(first);
  dossier_jsonout_exact(&b->out, c, "relative_pct", base,
                        base ? dossier_relative_pct(last, first, ovf) : zero);
  dossier_exact span = dossier_exact_int(two ? r->years[n - 1] - r->years[0] : 1);
  dossier_jsonout_exact(&b->out, c, "average_yearly", two, two ? dossier_q_div(diff, span, ovf) : zero);
  cJSON *yearly = dossier_jsonout_array(&b->out, c, "yearly");
  for (size_t i = 1; i < n; i++) {
    cJSON *e = dossier_jsonout_object(&b->out, yearly, NULL);
    dossier_exact prev = r->values[i - 1];
    int from_zero = dossier_exact_is_zero(prev);
    dossier_jsonout_number(&b->out, e, "year", 1, r->years[i]);
    dossier_jsonout_number(&b->out, e, "from_year", 1, r->years[i - 1]);
    dossier_jsonout_exact(&b->out, e, "absolute", 1, dossier_q_sub(r->values[i], prev, ovf));
    dossier_jsonout_exact(&b->out, e, "relative_pct", !from_zero,
                          from_zero ? zero : dossier_relative_pct(r->values[i], prev, ovf));
  }
}

static void summary_node(builder *b, cJSON *node, const dossier_resolved *r) {
  cJSON *s = dossier_jsonout_object(&b->out, node, "summary");
  int *ovf = &b->out.overflow;
  size_t n = r->n, lo = 0, hi = 0;
  dossier_exact sum = dossier_exact_int(0), zero = dossier_exact_int(0);
  for (size_t i = 0; i < n; i++) {
    sum = dossier_q_add(sum, r->values[i], ovf);
    /* first year on ties */
    if (dossier_exact_cmp(r->values[i], r->values[lo]) < 0) lo = i;
    if (dossier_exact_cmp(r->values[i], r->values[hi]) > 0) hi = i;
  }
  dossier_jsonout_number(&b->out, s, "count", 1, (double)n);
  dossier_jsonout_exact(&b->out, s, "mean", n > 0,
                        n ? dossier_q_div(sum, dossier_exact_int((long long)n), ovf) : zero);
  dossier_jsonout_exact(&b->out, s, "min", n > 0, n ? r->values[lo] : zero);
  dossier_jsonout_number(&b->out, s, "min_year", n > 0, n ? r->years[lo] : 0);
  dossier_jsonout_exact(&b->out, s, "max", n > 0, n ? r->values[hi] : zero);
  dossier_jsonout_number(&b->out, s, "max_year", n > 0, n ? r->years[hi] : 0);
}

/* A straight line runs below 0 (400, 300, 250, 120, 60 members → −376 in
 * 2025) and past 100 %; a forecast says what can happen: counts and levels
 * are at least 0, rates within 0 … 100. */
static double possible(dossier_kind kind, double value) {
  if (value < 0) return 0;
  if (kind == DOSSIER_KIND_RATE && value > 100) return 100;
  return value;
}

static void trend_node(builder *b, cJSON *node, const dossier_resolved *r) {
  cJSON *t = dossier_jsonout_object(&b->out, node, "trend");
  dossier_trend fit;
  int ok = 0;
  if (r->n >= 2) {
    /* an estimate: binary floating point (GSL) from the fit's results on */
    dossier_exact *x = calloc(r->n, sizeof *x);
    if (!x) {
      b->out.failed = 1;
      return;
    }
    for (size_t i = 0; i < r->n; i++) x[i] = dossier_exact_int(r->years[i]);
    dossier_status st = dossier_trend_fit(&fit, x, r->values, r->n, b->diag);
    free(x);
    if (st != DOSSIER_OK) {
      b->status = st;
      return;
    }
    ok = 1;
  }
  dossier_jsonout_number(&b->out, t, "slope", ok, fit.slope);
  dossier_jsonout_number(&b->out, t, "intercept", ok, fit.intercept);
  dossier_jsonout_number(&b->out, t, "r2", ok && fit.has_r2, fit.r2);
  dossier_jsonout_number(&b->out, t, "years", 1, (double)r->n);
  cJSON *forecast = dossier_jsonout_array(&b->out, t, "forecast");
  int from = b->ds->from, to = b->ds->to;
  int horizon = to - from > 0 ? to - from : 1; /* the next term: as long as this one */
  for (int k = 1; k <= horizon; k++) {
    double year = to + k, low = 0, high = 0;
    int interval = ok && fit.n >= 3 &&
                   dossier_trend_interval(&low, &high, &fit, year, FORECAST_LEVEL, b->diag) ==
                       DOSSIER_OK;
    cJSON *e = dossier_jsonout_object(&b->out, forecast, NULL);
    double value = ok ? dossier_trend_value(&fit, year) : 0;
    dossier_jsonout_number(&b->out, e, "year", 1, year);
    dossier_jsonout_number(&b->out, e, "value", ok, possible(r->kind, value));
    dossier_jsonout_number(&b->out, e, "low", interval, possible(r->kind, low));
    dossier_jsonout_number(&b->out, e, "high", interval, possible(r->kind, high));
  }
}

/* The first year a term's yearly figures cover: `from` is the year of the
 * congress that opened the term (a "2015 - 2020" term reports 2016 … 2020, and
 * the forecast's next term is to − from years long); a one-year period is its
 * own year. */
static int first_term_year(const dossier_dataset *ds) {
  return ds->from < ds->to ? ds->from + 1 : ds->from;
}

/* Number of the term's years without a value in `r`, each added to `list`
 * when it is not NULL. An indicator given as a single term value (no years)
 * misses none: its value is the term figure. */
static size_t missing_years(builder *b, const dossier_resolved *r, cJSON *list) {
  size_t missing = 0;
  if (r->n == 0) return 0;
  for (int y = first_term_year(b->ds); y <= b->ds->to; y++) {
    int found = 0;
    for (size_t i = 0; i < r->n && !found; i++) found = r->years[i] == y;
    if (found) continue;
    missing++;
    if (list) dossier_jsonout_number(&b->out, list, NULL, 1, y);
  }
  return missing;
}

/* The verdict on a target (docs/figures.md, "Target figures"). */
typedef struct {
  int compared;               /* cmp holds the attainment and margin reported */
  dossier_target_result cmp;  /* of the term figure, or of the worst year */
  int worst;                  /* a count's yearly target: cmp is of years[worst_index] */
  size_t worst_index;
  int term_known, term_met;   /* term_met is null unless term_known */
  size_t years_met;           /* scope year: years meeting the target */
  int met;                    /* -1: no verdict (null), 0 missed, 1 met */
} judgement;

static void judge(judgement *j, const dossier_resolved *r, const dossier_target_spec *spec,
                  size_t missing, int *overflow) {
  int rate = r->kind == DOSSIER_KIND_RATE, count = r->kind == DOSSIER_KIND_COUNT;
  memset(j, 0, sizeof *j);
  j->met = -1;
  if (spec->per_year)
    for (size_t i = 0; i < r->n; i++) {
      dossier_target_result y;
      dossier_target_evaluate(&y, r->values[i], spec->value, rate, spec->at_most, overflow);
      j->years_met += y.met != 0;
    }
  if (count && spec->per_year) {
    /* a count is a flow: a yearly target is a limit on each year, and the
     * sum of five years is never compared with it. The attainment and margin
     * reported are those of the worst year, so they agree with the verdict. */
    if (r->n == 0) return;
    size_t w = 0;
    for (size_t i = 1; i < r->n; i++) {
      int c = dossier_exact_cmp(r->values[i], r->values[w]);
      if (spec->at_most ? c > 0 : c < 0) w = i;
    }
    dossier_target_evaluate(&j->cmp, r->values[w], spec->value, 0, spec->at_most, overflow);
    j->compared = 1;
    j->worst = 1;
    j->worst_index = w;
    /* a missed year is a verdict; all present years met is not, while some
     * years of the term have no figure */
    j->met = j->years_met < r->n ? 0 : missing ? -1 : 1;
    return;
  }
  if (!r->has_term) return;
  dossier_target_evaluate(&j->cmp, r->term, spec->value, rate, spec->at_most, overflow);
  j->compared = 1;
  if (count && missing) return; /* a partial sum is no term total: no verdict */
  j->term_known = 1;
  j->term_met = j->cmp.met;
  /* a yearly target missed in some year is not "đạt chỉ tiêu" */
  j->met = j->cmp.met && (!spec->per_year || j->years_met == r->n);
}

static void target_node(builder *b, cJSON *node, const dossier_resolved *r,
                        const dossier_target_spec *spec, size_t missing) {
  if (!spec || !spec->present) {
    dossier_jsonout_null(&b->out, node, "target");
    return;
  }
  int rate = r->kind == DOSSIER_KIND_RATE;
  cJSON *t = dossier_jsonout_object(&b->out, node, "target");
  dossier_jsonout_exact(&b->out, t, "value", 1, spec->value);
  dossier_jsonout_string(&b->out, t, "scope", spec->per_year ? "year" : "term");
  dossier_jsonout_string(&b->out, t, "direction", spec->at_most ? "at_most" : "at_least");
  judgement j;
  judge(&j, r, spec, missing, &b->out.overflow);
  dossier_jsonout_exact(&b->out, t, "attainment_pct", j.compared && j.cmp.has_attainment,
                        j.cmp.attainment_pct);
  dossier_jsonout_exact(&b->out, t, "margin", j.compared && j.cmp.has_margin, j.cmp.margin);
  dossier_jsonout_string(&b->out, t, "margin_unit", rate ? "pp" : "%");
  dossier_jsonout_number(&b->out, t, "worst_year", j.worst, j.worst ? r->years[j.worst_index] : 0);
  if (j.met >= 0)
    dossier_jsonout_bool(&b->out, t, "met", j.met);
  else
    dossier_jsonout_null(&b->out, t, "met");
  if (j.term_known)
    dossier_jsonout_bool(&b->out, t, "term_met", j.term_met);
  else
    dossier_jsonout_null(&b->out, t, "term_met");
  if (!spec->per_year) {
    dossier_jsonout_null(&b->out, t, "years");
    dossier_jsonout_null(&b->out, t, "years_met");
    dossier_jsonout_null(&b->out, t, "years_total");
    dossier_jsonout_null(&b->out, t, "all_years_met");
    return;
  }
  cJSON *years = dossier_jsonout_object(&b->out, t, "years");
  for (size_t i = 0; i < r->n; i++) {
    dossier_target_result y;
    dossier_target_evaluate(&y, r->values[i], spec->value, rate, spec->at_most, &b->out.overflow);
    cJSON *e = dossier_jsonout_year_object(&b->out, years, r->years[i]);
    dossier_jsonout_exact(&b->out, e, "value", 1, r->values[i]);
    dossier_jsonout_exact(&b->out, e, "attainment_pct", y.has_attainment, y.attainment_pct);
    dossier_jsonout_exact(&b->out, e, "margin", y.has_margin, y.margin);
    dossier_jsonout_bool(&b->out, e, "met", y.met);
  }
  dossier_jsonout_number(&b->out, t, "years_met", 1, (double)j.years_met);
  dossier_jsonout_number(&b->out, t, "years_total", 1, (double)r->n);
  dossier_jsonout_bool(&b->out, t, "all_years_met", j.years_met == r->n);
}

static void series_node(builder *b, cJSON *node, const char *key, const int *years,
                        const dossier_exact *values, size_t n) {
  cJSON *o = dossier_jsonout_object(&b->out, node, key);
  for (size_t i = 0; i < n; i++) dossier_jsonout_year_exact(&b->out, o, years[i], values[i]);
}

/* One indicator node; returns it so the caller can add "units" and "parts". */
static cJSON *indicator_node(builder *b, cJSON *parent, const dossier_resolved *r,
                             const dossier_target_spec *target) {
  const dossier_indicator *def = r->def;
  cJSON *node = dossier_jsonout_object(&b->out, parent, def->id);
  dossier_jsonout_string(&b->out, node, "id", def->id);
  dossier_jsonout_string(&b->out, node, "label", def->label);
  dossier_jsonout_string(&b->out, node, "unit", def->unit);
  dossier_jsonout_string(&b->out, node, "kind", dossier_kind_name(r->kind));
  if (def->note) dossier_jsonout_string(&b->out, node, "note", def->note);
  dossier_jsonout_string(&b->out, node, "basis", r->basis);
  dossier_jsonout_bool(&b->out, node, "derived_from_units", r->from_units);
  dossier_jsonout_exact(&b->out, node, "term", r->has_term, r->term);
  dossier_jsonout_exact(&b->out, node, "pooled", r->has_pooled, r->pooled);
  series_node(b, node, "years", r->years, r->values, r->n);
  if (r->has_ratio) {
    series_node(b, node, "numerator", r->years, r->num, r->n);
    series_node(b, node, "denominator", r->years, r->den, r->n);
  }
  change_node(b, node, r);
  summary_node(b, node, r);
  trend_node(b, node, r);
  size_t missing = missing_years(b, r, dossier_jsonout_array(&b->out, node, "missing_years"));
  target_node(b, node, r, target, missing);
  /* a one-year dataset's single value is that year's */
  dossier_latest_node(&b->out, node, r, target, b->report_year,
                      b->ds->from == b->ds->to ? b->ds->to : 0);
  return node;
}

/* A committee target applies to a unit only for rates: a rate is comparable
 * across sizes, a count target of the whole committee is not a unit's target. */
static const dossier_target_spec *unit_target(const dossier_indicator *unit_ind,
                                              const dossier_indicator *committee_ind) {
  if (unit_ind->target.present) return &unit_ind->target;
  if (committee_ind && committee_ind->kind == DOSSIER_KIND_RATE && committee_ind->target.present)
    return &committee_ind->target;
  return NULL;
}

/* parts: the term figures of the listed indicators must sum to the whole, exactly. */
static void check_parts(builder *b, const dossier_resolved *res) {
  const dossier_dataset *ds = b->ds;
  for (size_t i = 0; i < ds->indicator_count; i++) {
    const dossier_indicator *ind = &ds->indicators[i];
    if (ind->part_count == 0) continue;
    char text[768], number[DOSSIER_EXACT_TEXT];
    size_t used = 0;
    dossier_exact sum = dossier_exact_int(0);
    int complete = res[i].has_term, overflow = 0;
    for (size_t k = 0; k < ind->part_count; k++) {
      const dossier_resolved *p = NULL;
      for (size_t j = 0; j < ds->indicator_count; j++)
        if (strcmp(ds->indicators[j].id, ind->parts[k]) == 0) p = &res[j];
      complete &= p && p->has_term;
      dossier_exact v = p && p->has_term ? p->term : dossier_exact_int(0);
      sum = dossier_q_add(sum, v, &overflow);
      if (used < sizeof text) {
        int w = snprintf(text + used, sizeof text - used, "%s%s (%s)", k ? " + " : "",
                         dossier_exact_cstr(v, number), ind->parts[k]);
        used += w > 0 ? (size_t)w : 0;
      }
    }
    if (!complete) {
      b->status = dossier_place_error(b->diag, DOSSIER_ERR_DATA, &ind->parts_place,
                                      "indicator \"%s\": a term figure of it or of its parts is "
                                      "missing, so the parts cannot be checked",
                                      ind->id);
    } else if (overflow || dossier_exact_cmp(res[i].term, sum) != 0) {
      char whole[DOSSIER_EXACT_TEXT];
      b->status = dossier_place_error(b->diag, DOSSIER_ERR_DATA, &ind->parts_place,
                                      "indicator \"%s\" is %s but its parts sum to %s = %s",
                                      ind->id, dossier_exact_cstr(res[i].term, whole), text,
                                      dossier_exact_cstr(sum, number));
    }
  }
}

/* A committee whose units are given must have them all: a unit file left
 * out of the units folder would silently shrink every derived total. The
 * expected number is "units_expected", and the term figure of the indicator
 * "base_organizations" (the conventional id of the TCCS count). */
static void check_unit_count(builder *b, const dossier_resolved *res) {
  const dossier_dataset *ds = b->ds;
  if (ds->unit_count == 0) return;
  dossier_exact given = dossier_exact_int((long long)ds->unit_count);
  if (ds->has_units_expected && ds->units_expected != (double)ds->unit_count)
    b->status = dossier_place_error(b->diag, DOSSIER_ERR_DATA, &ds->units_expected_place,
                                    "units_expected is %.15g but %zu units were given",
                                    ds->units_expected, ds->unit_count);
  for (size_t i = 0; i < ds->indicator_count; i++) {
    const dossier_indicator *ind = &ds->indicators[i];
    if (strcmp(ind->id, "base_organizations") != 0 || !res[i].has_term) continue;
    if (dossier_exact_cmp(res[i].term, given) == 0) continue;
    const dossier_place *at = &ind->place;
    if (ind->source == DOSSIER_SOURCE_VALUE) at = &ind->value_place;
    else if (ind->source == DOSSIER_SOURCE_SERIES && ind->series.count)
      at = &ind->series.places[ind->series.count - 1];
    char term[DOSSIER_EXACT_TEXT];
    b->status = dossier_place_error(b->diag, DOSSIER_ERR_DATA, at,
                                    "base_organizations is %s but %zu units were given",
                                    dossier_exact_cstr(res[i].term, term), ds->unit_count);
  }
}

static void parts_node(builder *b, cJSON *node, const dossier_indicator *ind,
                       const dossier_resolved *res) {
  if (ind->part_count == 0) return;
  cJSON *parts = dossier_jsonout_array(&b->out, node, "parts");
  for (size_t k = 0; k < ind->part_count; k++) {
    cJSON *e = dossier_jsonout_object(&b->out, parts, NULL);
    dossier_jsonout_string(&b->out, e, "id", ind->parts[k]);
    for (size_t j = 0; j < b->ds->indicator_count; j++)
      if (strcmp(b->ds->indicators[j].id, ind->parts[k]) == 0)
        dossier_jsonout_exact(&b->out, e, "term", res[j].has_term, res[j].term);
  }
}

static void document_node(builder *b, cJSON *root) {
  const cJSON *doc = cJSON_GetObjectItemCaseSensitive(b->ds->root, "document");
  if (!doc) {
    dossier_jsonout_null(&b->out, root, "document");
    return;
  }
  cJSON *copy = dossier_jsonout_add(&b->out, root, "document", cJSON_Duplicate(doc, 1));
  const cJSON *date = cJSON_GetObjectItemCaseSensitive(doc, "date");
  int y, m, d;
  if (copy && cJSON_IsString(date) && sscanf(date->valuestring, "%4d-%2d-%2d", &y, &m, &d) == 3) {
    cJSON *parts = dossier_jsonout_object(&b->out, copy, "date_parts");
    dossier_jsonout_number(&b->out, parts, "year", 1, y);
    dossier_jsonout_number(&b->out, parts, "month", 1, m);
    dossier_jsonout_number(&b->out, parts, "day", 1, d);
  }
}

static dossier_status figures_compute_unscoped(cJSON **out, const dossier_dataset *ds,
                                       dossier_diag *diag) {
  *out = NULL;
  gsl_set_error_handler_off();
  builder b = {ds, {0}, diag, DOSSIER_OK, 0};
  cJSON *root = NULL;
  dossier_arena *arena = dossier_arena_new();
  dossier_resolved *res = dossier_arena_calloc(arena, ds->indicator_count, sizeof *res);
  dossier_resolved **unit_res = dossier_arena_calloc(arena, ds->unit_count, sizeof *unit_res);
  dossier_unit_figure *items = dossier_arena_calloc(arena, ds->unit_count, sizeof *items);
  if (!arena || !res || !unit_res || !items) goto nomem;

  for (size_t i = 0; i < ds->indicator_count; i++) {
    dossier_status st = dossier_rollup_resolve(&res[i], ds, &ds->indicators[i], arena, diag);
    if (st != DOSSIER_OK) b.status = st;
  }
  for (size_t k = 0; k < ds->unit_count; k++) {
    const dossier_unit *u = &ds->units[k];
    unit_res[k] = dossier_arena_calloc(arena, u->indicator_count, sizeof **unit_res);
    if (!unit_res[k]) goto nomem;
    for (size_t i = 0; i < u->indicator_count; i++)
      if (dossier_resolve_own(&unit_res[k][i], &u->indicators[i], arena) != 0) goto nomem;
  }
  if (b.status != DOSSIER_OK) goto done;
  b.status = dossier_latest_report_year(&b.report_year, ds, diag);
  if (b.status != DOSSIER_OK) goto done;
  check_parts(&b, res);
  check_unit_count(&b, res);
  if (b.status != DOSSIER_OK) goto done;

  root = cJSON_CreateObject();
  if (!root) goto nomem;
  dossier_jsonout_string(&b.out, root, "format", "dossier-figures/1");
  dossier_jsonout_string(&b.out, root, "dataset", ds->name);
  dossier_jsonout_add(&b.out, root, "organization",
                      cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(ds->root, "organization"), 1));
  cJSON *period = dossier_jsonout_object(&b.out, root, "period");
  dossier_jsonout_number(&b.out, period, "from", 1, ds->from);
  dossier_jsonout_number(&b.out, period, "to", 1, ds->to);
  dossier_jsonout_number(&b.out, period, "report_year", 1, b.report_year ? b.report_year : ds->to);
  document_node(&b, root);

  cJSON *indicators = dossier_jsonout_object(&b.out, root, "indicators");
  for (size_t i = 0; i < ds->indicator_count; i++) {
    const dossier_indicator *ind = &ds->indicators[i];
    cJSON *node = indicator_node(&b, indicators, &res[i], &ind->target);
    parts_node(&b, node, ind, res);
    size_t n = 0;
    for (size_t k = 0; k < ds->unit_count; k++) {
      const dossier_unit *u = &ds->units[k];
      for (size_t j = 0; j < u->indicator_count; j++) {
        const dossier_resolved *ur = &unit_res[k][j];
        if (strcmp(u->indicators[j].id, ind->id) != 0 || !ur->has_term) continue;
        const dossier_target_spec *spec = unit_target(&u->indicators[j], ind);
        judgement jd = {0};
        if (spec) judge(&jd, ur, spec, missing_years(&b, ur, NULL), &b.out.overflow);
        /* a unit without a verdict (a count missing years) is neither
         * meeting nor below its target */
        items[n++] = (dossier_unit_figure){u->name, ur->term, spec && jd.met >= 0, jd.met == 1};
      }
    }
    if (n == 0)
      dossier_jsonout_null(&b.out, node, "units");
    else
      dossier_distribution_node(&b.out, node, "units", ds->unit_count, items, n,
                                ind->target.present && ind->target.at_most);
  }

  cJSON *units = dossier_jsonout_array(&b.out, root, "units");
  for (size_t k = 0; k < ds->unit_count; k++) {
    const dossier_unit *u = &ds->units[k];
    cJSON *e = dossier_jsonout_object(&b.out, units, NULL);
    dossier_jsonout_string(&b.out, e, "name", u->name);
    dossier_jsonout_string(&b.out, e, "type", u->type);
    cJSON *inds = dossier_jsonout_object(&b.out, e, "indicators");
    for (size_t j = 0; j < u->indicator_count; j++) {
      const dossier_indicator *def =
          dossier_model_find(ds->indicators, ds->indicator_count, u->indicators[j].id);
      indicator_node(&b, inds, &unit_res[k][j], unit_target(&u->indicators[j], def));
    }
  }
  dossier_ratings_node(&b.out, root, ds);
  dossier_membership_node(&b.out, root, ds);
  if (b.out.failed) goto nomem;
  if (b.out.overflow) goto nomem; /* exact arithmetic fails only so */
  if (b.status != DOSSIER_OK) goto done;
  *out = root;
  root = NULL;
  goto done;
nomem:
  b.status = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, ds->name, 0, 0, NULL, "out of memory");
done:
  cJSON_Delete(root);
  dossier_arena_free(arena);
  return b.status;
}

/* (the large exact values it makes live until this returns) */
dossier_status dossier_figures_compute(cJSON **out, const dossier_dataset *ds,
                                       dossier_diag *diag) {
  dossier_exact_scope_enter();
  dossier_status result = figures_compute_unscoped(out, ds, diag);
  dossier_exact_scope_leave();
  return result;
}
