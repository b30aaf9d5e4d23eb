/* latest.c: indicators.<id>.latest, the figures of the report year. */
#include "stats/latest.h"

#include <math.h>

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
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, ds->name, line, col, "document.report_year",
                            "expected a year of the period %d - %d", ds->from, ds->to);
  }
  *year = (int)y->valuedouble;
  return DOSSIER_OK;
}

/* The term figure's formula over the years up to index `last` (inclusive):
 * what the term figure is so far. */
static double so_far(const dossier_resolved *r, size_t last) {
  double sum = 0;
  for (size_t i = 0; i <= last; i++) sum += r->values[i];
  switch (r->kind) {
  case DOSSIER_KIND_COUNT:
    return sum;
  case DOSSIER_KIND_LEVEL:
    return r->values[last];
  case DOSSIER_KIND_RATE:
    break;
  }
  return sum / (double)(last + 1);
}

static void year_target(dossier_jsonout *out, cJSON *node, const dossier_resolved *r,
                        const dossier_target_spec *spec, int has_value, double value) {
  if (!spec || !spec->present || !spec->per_year) {
    dossier_jsonout_null(out, node, "target");
    return;
  }
  int rate = r->kind == DOSSIER_KIND_RATE;
  dossier_target_result res = {0};
  if (has_value) dossier_target_evaluate(&res, value, spec->value, rate, spec->at_most);
  cJSON *t = dossier_jsonout_object(out, node, "target");
  dossier_jsonout_number(out, t, "value", 1, spec->value);
  dossier_jsonout_string(out, t, "scope", "year");
  dossier_jsonout_string(out, t, "direction", spec->at_most ? "at_most" : "at_least");
  dossier_jsonout_number(out, t, "attainment_pct", has_value && res.has_attainment,
                         res.attainment_pct);
  dossier_jsonout_number(out, t, "margin", has_value && res.has_margin, res.margin);
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
    double value = r->value;
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
  double value = has_value ? r->values[at] : 0, before = has_prev ? r->values[prev] : 0;
  cJSON *l = dossier_jsonout_object(out, node, "latest");
  dossier_jsonout_number(out, l, "year", 1, year);
  /* kind and unit again, so the figure, change and target filters can
   * phrase this node on its own */
  dossier_jsonout_string(out, l, "kind", dossier_kind_name(r->kind));
  dossier_jsonout_string(out, l, "unit", r->def ? r->def->unit : "");
  dossier_jsonout_number(out, l, "value", has_value, value);
  dossier_jsonout_number(out, l, "previous_year", has_prev, has_prev ? r->years[prev] : 0);
  dossier_jsonout_number(out, l, "previous_value", has_prev, before);
  if (has_value && has_prev) {
    cJSON *c = dossier_jsonout_object(out, l, "change");
    dossier_jsonout_number(out, c, "first_year", 1, r->years[prev]);
    dossier_jsonout_number(out, c, "last_year", 1, year);
    dossier_jsonout_number(out, c, "absolute", 1, value - before);
    /* no relative change from a zero base */
    dossier_jsonout_number(out, c, "relative_pct", before != 0,
                           before != 0 ? dossier_relative_pct(value, before) : 0);
  } else {
    dossier_jsonout_null(out, l, "change");
  }
  year_target(out, l, r, spec, has_value, value);
  int cumulative = has_value && count_upto > 0;
  double sofar = cumulative ? so_far(r, count_upto - 1) : 0;
  dossier_jsonout_number(out, l, "cumulative_from", cumulative, r->years[0]);
  dossier_jsonout_number(out, l, "cumulative", cumulative, sofar);
  /* progress towards a term target; a rate's progress is a difference of
   * rates, not a ratio, so rates have none */
  int progress = cumulative && spec && spec->present && !spec->per_year &&
                 r->kind != DOSSIER_KIND_RATE && spec->value != 0;
  dossier_jsonout_number(out, l, "cumulative_attainment_pct", progress,
                         progress ? sofar / spec->value * 100.0 : 0);
}
