/* target.h: comparing a figure with its target (docs/figures.md, "Target
 * figures" and rule 2): the verdict, decided once and exactly.
 *
 * attainment = actual·100/target. The margin of a count or level is relative,
 * (actual − target)·100/target in %; the margin of a rate is a difference of
 * rates, actual − target in percentage points ("điểm phần trăm"), never a
 * ratio. met is direction-aware and equal counts as met, with no tolerance:
 * at_least actual ≥ target, at_most actual ≤ target, compared exactly. */
#ifndef DOSSIER_STATS_TARGET_H
#define DOSSIER_STATS_TARGET_H

#include "stats/exact.h"

typedef struct {
  int has_attainment; /* 0 when the target is 0 */
  dossier_exact attainment_pct;
  int has_margin; /* 0 for a count/level target of 0 */
  dossier_exact margin;
  int margin_in_points; /* 1: percentage points ("pp"); 0: percent ("%") */
  int met;
} dossier_target_result;

/* Returns the relative change of `value` from `base` in percent,
 * (value − base)·100/base, exactly. `base` must not be 0; *overflow is set
 * when the result cannot be held. */
dossier_exact dossier_relative_pct(dossier_exact value, dossier_exact base, int *overflow);

/* Fills *out for `actual` against `target`; `is_rate` selects percentage
 * points, `at_most` a lower-is-better target. Sets *overflow when a figure
 * cannot be held (never for in-range inputs). */
void dossier_target_evaluate(dossier_target_result *out, dossier_exact actual,
                             dossier_exact target, int is_rate, int at_most, int *overflow);

#endif
