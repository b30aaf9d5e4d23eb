/* distribution.h: how a committee's units spread on one indicator.
 * Internal to stats/. */
#ifndef DOSSIER_DISTRIBUTION_H
#define DOSSIER_DISTRIBUTION_H

#include <stddef.h>

#include "stats/jsonout.h"

typedef struct {
  const char *name;   /* the unit's name */
  dossier_exact term; /* its term figure */
  int has_target;   /* whether a target applies to it */
  int met;          /* and whether it meets it */
} dossier_unit_figure;

/* Adds under `parent`.`key` the node
 *   { count, reporting, min {value, unit}, max {value, unit}, median, q1, q3,
 *     with_target, without_target, meeting_target, meeting_target_pct,
 *     ranking [{rank, unit, value}],
 *     below_target [names] }
 * for `n` reporting units out of `unit_count`. Quartiles are computed exactly
 * by linear interpolation, h = p·(n − 1) (R type 7, as GSL's
 * gsl_stats_quantile_from_sorted_data). The
 * ranking puts the best first (the highest, or the lowest when
 * `lower_is_better`); equal values share a rank (1, 2, 2, 4). Ties in min/max
 * go to the first unit in dataset order. Returns 0, or
 * -1 when out of memory. */
int dossier_distribution_node(dossier_jsonout *out, void *parent, const char *key,
                              size_t unit_count, dossier_unit_figure *items, size_t n,
                              int lower_is_better);

#endif
