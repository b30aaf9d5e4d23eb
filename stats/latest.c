/* latest.c: indicators.<id>.latest, the figures of the report year —
 * exactly (stats/exact.h). */
#include "stats/latest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats/jsonloc.h"
#include "stats/target.h"

dossier_status dossier_latest_report_year(int *year, const dossier_dataset *ds,
                                          dossier_diag *diag) {
  *year = 0;
  const cJSON *doc = cJSON_GetObjectItemCaseSensitive(ds->root, "document");
  const cJSON *y = cJSON_GetObjectItemCaseSensitive(doc, "report_year");
  if (!y) return DOSSIER_OK;
  /* a report about a year the dataset does not cover would print nothing but dashes */
  if (!cJSON_IsNumber(y) || y->valuedouble != floor(y->valuedouble) ||
      y->valuedouble < ds->from || y->valuedouble > ds->to) {
    int line = 0, col = 0;
    if (ds->loc) dossier_jsonloc_value(ds->loc, y, &line, &col);
    char got[96] = "";
    if (!cJSON_IsNumber(y)) {
      snprintf(got, sizeof got, ", got ");
      dossier_json_describe(y, got + strlen(got), sizeof got - strlen(got));
    }
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, ds->name, line, col, "document.report_year",
                            "expected a year of the period %d - %d%s", ds->from, ds->to, got);
  }
  *year = (int)y->valuedouble;
  return DOSSIER_OK;
}

/* The term figure's formula over the years up to index `last` (inclusive):
 * what the term figure is so far. */
static dossier_exact so_far(const dossier_resolved *r, size_t last, int *overflow) {
  dossier_exact sum = dossier_exact_int(0);
  for (size_t i = 0; i <= last; i++) sum = dossier_q_add(sum, r->values[i], overflow);
  switch (r->kind) {
  case DOSSIER_KIND_COUNT:
    return sum;
  case DOSSIER_KIND_LEVEL:
    return r->values[last];
  case DOSSIER_KIND_RATE:
    break;
  }
  return dossier_q_div(sum, dossier_exact_int((long long)last + 1), overflow);
}

static void year_target(dossier_jsonout *out, cJSON *node, const dossier_resolved *r,
                        const dossier_target_spec *spec, int has_value, dossier_exact value) {
  if (!spec || !spec->present || !spec->per_year) {
    dossier_jsonout_null(out, node, "target");
    return;
  }
  int rate = r->kind == DOSSIER_KIND_RATE;
  dossier_target_result res = {0};
  if (has_value)
    dossier_target_evaluate(&res, value, spec->value, rate, spec->at_most, &out->overflow);
  cJSON *t = dossier_jsonout_object(out, node, "target");
  dossier_jsonout_exact(out, t, "value", 1, spec->value);
  dossier_jsonout_string(out, t, "scope", "year");
  dossier_jsonout_string(out, t, "direction", spec->at_most ? "at_most" : "at_least");
  dossier_jsonout_exact(out, t, "attainment_pct", has_value && res.has_attainment,
                        res.attainment_pct);
  dossier_jsonout_exact(out, t, "margin", has_value && res.has_margin, res.margin);
  dossier_jsonout_string(out, t, "margin_unit", rate ? "pp" : "%");
  if (has_value) {
    dossier_jsonout_bool(out, t, "met", res.met);
    dossier_jsonout_bool(out, t, "term_met", res.met);
  } else {
    dossier_jsonout_null(out, t, "met");
    dossier_jsonout_null(out, t, "term_met");
  }
}

void dossier_latest_node(dossier_jsonout *out, cJSON *node, const dossier_resolved *r,
                         const dossier_target_spec *spec, int report_year, int value_year) {
  if (r->n == 0 && r->has_value && value_year) {
    /* seen as a one-year series, so the same code below applies */
    dossier_resolved one = *r;
    int year = value_year;
    dossier_exact value = r->value;
    one.n = 1;
    one.years = &year;
    one.values = &value;
    dossier_latest_node(out, node, &one, spec, value_year, 0);
    return;
  }
  if (r->n == 0) {
    dossier_jsonout_null(out, node, "latest");
    return;
  }
  int year = report_year ? report_year : r->years[r->n - 1];
  /* `at`: the year's own value, if the series has it; `prev`: the latest
   * earlier year that has a value (a series may skip years) */
  size_t count_upto = 0;
  int has_value = 0, has_prev = 0;
  size_t at = 0, prev = 0;
  for (size_t i = 0; i < r->n; i++) {
    if (r->years[i] < year) {
      has_prev = 1;
      prev = i;
    }
    if (r->years[i] == year) {
      has_value = 1;
      at = i;
    }
    if (r->years[i] <= year) count_upto = i + 1;
  }
  dossier_exact zero = dossier_exact_int(0);
  dossier_exact value = has_value ? r->values[at] : zero, before = has_prev ? r->values[prev] : zero;
  cJSON *l = dossier_jsonout_object(out, node, "latest");
  dossier_jsonout_number(out, l, "year", 1, year);
  /* kind and unit again, so the figure, change and target filters can
   * phrase this node on its own */
  dossier_jsonout_string(out, l, "kind", dossier_kind_name(r->kind));
  dossier_jsonout_string(out, l, "unit", r->def ? r->def->unit : "");
  dossier_jsonout_exact(out, l, "value", has_value, value);
  /* a rate given as numerator/denominator: the year's two counts */
  int ratio = has_value && r->has_ratio && r->num && r->den;
  dossier_jsonout_exact(out, l, "numerator", ratio, ratio ? r->num[at] : zero);
  dossier_jsonout_exact(out, l, "denominator", ratio, ratio ? r->den[at] : zero);
  dossier_jsonout_number(out, l, "previous_year", has_prev, has_prev ? r->years[prev] : 0);
  dossier_jsonout_exact(out, l, "previous_value", has_prev, before);
  /* the previous year's verdict against a yearly target, decided here once */
  if (has_prev && spec && spec->present && spec->per_year) {
    dossier_target_result res = {0};
    dossier_target_evaluate(&res, before, spec->value, r->kind == DOSSIER_KIND_RATE,
                            spec->at_most, &out->overflow);
    dossier_jsonout_bool(out, l, "previous_met", res.met);
  } else {
    dossier_jsonout_null(out, l, "previous_met");
  }
  if (has_value && has_prev) {
    cJSON *c = dossier_jsonout_object(out, l, "change");
    dossier_jsonout_number(out, c, "first_year", 1, r->years[prev]);
    dossier_jsonout_number(out, c, "last_year", 1, year);
    dossier_jsonout_exact(out, c, "absolute", 1, dossier_q_sub(value, before, &out->overflow));
    /* no relative change from a zero base */
    int base = !dossier_exact_is_zero(before);
    dossier_jsonout_exact(out, c, "relative_pct", base,
                          base ? dossier_relative_pct(value, before, &out->overflow) : zero);
  } else {
    dossier_jsonout_null(out, l, "change");
  }
  year_target(out, l, r, spec, has_value, value);
  int cumulative = has_value && count_upto > 0;
  dossier_exact sofar = cumulative ? so_far(r, count_upto - 1, &out->overflow) : zero;
  dossier_jsonout_number(out, l, "cumulative_from", cumulative, r->years[0]);
  dossier_jsonout_exact(out, l, "cumulative", cumulative, sofar);
  /* progress towards a term target; a rate's progress is a difference of
   * rates, not a ratio, so rates have none */
  int progress = cumulative && spec && spec->present && !spec->per_year &&
                 r->kind != DOSSIER_KIND_RATE && !dossier_exact_is_zero(spec->value);
  dossier_jsonout_exact(
      out, l, "cumulative_attainment_pct", progress,
      progress ? dossier_q_div(dossier_q_mul(sofar, dossier_exact_int(100), &out->overflow),
                               spec->value, &out->overflow)
               : zero);
}
