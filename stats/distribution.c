#include "stats/distribution.h"

#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

typedef struct {
  dossier_unit_figure item;
  size_t order; /* position in dataset order: a stable tie-break */
} ranked;

static int by_value_desc(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->item.term != y->item.term) return x->item.term < y->item.term ? 1 : -1;
  return x->order < y->order ? -1 : (x->order > y->order);
}

static int by_value_asc(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->item.term != y->item.term) return x->item.term > y->item.term ? 1 : -1;
  return x->order < y->order ? -1 : (x->order > y->order);
}

static void add_extreme(dossier_jsonout *out, cJSON *node, const char *key,
                        const dossier_unit_figure *item) {
  cJSON *o = dossier_jsonout_object(out, node, key);
  dossier_jsonout_number(out, o, "value", 1, item->term);
  dossier_jsonout_string(out, o, "unit", item->name);
}

int dossier_distribution_node(dossier_jsonout *out, void *parent, const char *key,
                              size_t unit_count, dossier_unit_figure *items, size_t n,
                              int lower_is_better) {
  cJSON *node = dossier_jsonout_object(out, parent, key);
  dossier_jsonout_number(out, node, "count", 1, (double)unit_count);
  dossier_jsonout_number(out, node, "reporting", 1, (double)n);
  ranked *r = calloc(n ? n : 1, sizeof *r);
  double *sorted = calloc(n ? n : 1, sizeof *sorted);
  if (!r || !sorted) {
    free(r);
    free(sorted);
    out->failed = 1;
    return -1;
  }
  size_t lo = 0, hi = 0, with_target = 0, meeting = 0;
  for (size_t i = 0; i < n; i++) {
    r[i].item = items[i];
    r[i].order = i;
    sorted[i] = items[i].term;
    if (items[i].term < items[lo].term) lo = i;
    if (items[i].term > items[hi].term) hi = i;
    with_target += items[i].has_target != 0;
    meeting += items[i].has_target && items[i].met;
  }
  gsl_sort(sorted, 1, n);
  if (n > 0) {
    add_extreme(out, node, "min", &items[lo]);
    add_extreme(out, node, "max", &items[hi]);
  } else {
    dossier_jsonout_null(out, node, "min");
    dossier_jsonout_null(out, node, "max");
  }
  dossier_jsonout_number(out, node, "median", n > 0, n ? gsl_stats_median_from_sorted_data(sorted, 1, n) : 0);
  dossier_jsonout_number(out, node, "q1", n > 0, n ? gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.25) : 0);
  dossier_jsonout_number(out, node, "q3", n > 0, n ? gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.75) : 0);
  dossier_jsonout_number(out, node, "with_target", 1, (double)with_target);
  dossier_jsonout_number(out, node, "meeting_target", with_target > 0, (double)meeting);
  dossier_jsonout_number(out, node, "meeting_target_pct", with_target > 0,
                         with_target ? (double)meeting / (double)with_target * 100.0 : 0);
  qsort(r, n, sizeof *r, lower_is_better ? by_value_asc : by_value_desc);
  cJSON *ranking = dossier_jsonout_array(out, node, "ranking");
  size_t rank = 1;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && r[i].item.term != r[i - 1].item.term) rank = i + 1;
    cJSON *e = dossier_jsonout_object(out, ranking, NULL);
    dossier_jsonout_number(out, e, "rank", 1, (double)rank);
    dossier_jsonout_string(out, e, "unit", r[i].item.name);
    dossier_jsonout_number(out, e, "value", 1, r[i].item.term);
  }
  cJSON *below = dossier_jsonout_array(out, node, "below_target");
  for (size_t i = 0; i < n; i++)
    if (items[i].has_target && !items[i].met) dossier_jsonout_string(out, below, NULL, items[i].name);
  free(r);
  free(sorted);
  return out->failed ? -1 : 0;
}
