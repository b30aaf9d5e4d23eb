/* distribution.c: how a committee's units spread on one indicator, exactly. */
#include "stats/distribution.h"

#include <stdlib.h>

typedef struct {
  dossier_unit_figure item;
  size_t order; /* position in dataset order: a stable tie-break */
} ranked;

static int by_value_desc(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  int c = dossier_exact_cmp(y->item.term, x->item.term);
  if (c) return c;
  return x->order < y->order ? -1 : (x->order > y->order);
}

static int by_value_asc(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  int c = dossier_exact_cmp(x->item.term, y->item.term);
  if (c) return c;
  return x->order < y->order ? -1 : (x->order > y->order);
}

static int by_exact(const void *a, const void *b) {
  return dossier_exact_cmp(*(const dossier_exact *)a, *(const dossier_exact *)b);
}

/* The p-quantile (p = k/4) of n sorted values: x[lo] + (h − lo)·(x[lo+1] − x[lo]),
 * h = p·(n − 1), exactly. */
static dossier_exact quantile(const dossier_exact *x, size_t n, int quarters, int *overflow) {
  size_t h4 = (size_t)quarters * (n - 1); /* 4·h */
  size_t lo = h4 / 4, rest = h4 % 4;
  if (rest == 0 || lo + 1 >= n) return x[lo];
  dossier_exact step = dossier_q_sub(x[lo + 1], x[lo], overflow);
  dossier_exact frac;
  dossier_exact_div(&frac, dossier_exact_int((long long)rest), dossier_exact_int(4));
  return dossier_q_add(x[lo], dossier_q_mul(frac, step, overflow), overflow);
}

static void add_extreme(dossier_jsonout *out, cJSON *node, const char *key,
                        const dossier_unit_figure *item) {
  cJSON *o = dossier_jsonout_object(out, node, key);
  dossier_jsonout_exact(out, o, "value", 1, item->term);
  dossier_jsonout_string(out, o, "unit", item->name);
}

int dossier_distribution_node(dossier_jsonout *out, void *parent, const char *key,
                              size_t unit_count, dossier_unit_figure *items, size_t n,
                              int lower_is_better) {
  cJSON *node = dossier_jsonout_object(out, parent, key);
  dossier_jsonout_number(out, node, "count", 1, (double)unit_count);
  dossier_jsonout_number(out, node, "reporting", 1, (double)n);
  ranked *r = calloc(n ? n : 1, sizeof *r);
  dossier_exact *sorted = calloc(n ? n : 1, sizeof *sorted);
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
    if (dossier_exact_cmp(items[i].term, items[lo].term) < 0) lo = i;
    if (dossier_exact_cmp(items[i].term, items[hi].term) > 0) hi = i;
    with_target += items[i].has_target != 0;
    meeting += items[i].has_target && items[i].met;
  }
  qsort(sorted, n, sizeof *sorted, by_exact);
  if (n > 0) {
    add_extreme(out, node, "min", &items[lo]);
    add_extreme(out, node, "max", &items[hi]);
  } else {
    dossier_jsonout_null(out, node, "min");
    dossier_jsonout_null(out, node, "max");
  }
  dossier_exact zero = dossier_exact_int(0);
  dossier_jsonout_exact(out, node, "median", n > 0, n ? quantile(sorted, n, 2, &out->overflow) : zero);
  dossier_jsonout_exact(out, node, "q1", n > 0, n ? quantile(sorted, n, 1, &out->overflow) : zero);
  dossier_jsonout_exact(out, node, "q3", n > 0, n ? quantile(sorted, n, 3, &out->overflow) : zero);
  dossier_jsonout_number(out, node, "with_target", 1, (double)with_target);
  /* reporting units that have no target: a share "đạt chỉ tiêu" is of the others */
  dossier_jsonout_number(out, node, "without_target", 1, (double)(n - with_target));
  dossier_jsonout_number(out, node, "meeting_target", with_target > 0, (double)meeting);
  dossier_exact share = zero;
  if (with_target)
    share = dossier_q_div(dossier_exact_int((long long)meeting * 100),
                          dossier_exact_int((long long)with_target), &out->overflow);
  dossier_jsonout_exact(out, node, "meeting_target_pct", with_target > 0, share);
  qsort(r, n, sizeof *r, lower_is_better ? by_value_asc : by_value_desc);
  cJSON *ranking = dossier_jsonout_array(out, node, "ranking");
  size_t rank = 1;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && dossier_exact_cmp(r[i].item.term, r[i - 1].item.term) != 0) rank = i + 1;
    cJSON *e = dossier_jsonout_object(out, ranking, NULL);
    dossier_jsonout_number(out, e, "rank", 1, (double)rank);
    dossier_jsonout_string(out, e, "unit", r[i].item.name);
    dossier_jsonout_exact(out, e, "value", 1, r[i].item.term);
  }
  cJSON *below = dossier_jsonout_array(out, node, "below_target");
  for (size_t i = 0; i < n; i++)
    if (items[i].has_target && !items[i].met) dossier_jsonout_string(out, below, NULL, items[i].name);
  free(r);
  free(sorted);
  return out->failed ? -1 : 0;
}
