/* target.h: comparing a figure with its target (DOMAIN.md, "Indicator semantics").
 *
 * attainment = actual/target·100. The margin of a count or level is relative,
 * (actual − target)·100/target in %; the margin of a rate is a difference of rates,
 * actual − target in percentage points ("điểm phần trăm"), never a ratio.
 * met is direction-aware and equal counts as met: at_least actual ≥ target,
 * at_most actual ≤ target, with equality judged at 1e-9 of the target so that
 * a mean of rates that is 95 in decimal is not missed by a binary artefact. */
#ifndef DOSSIER_TARGET_H
#define DOSSIER_TARGET_H

typedef struct {
  int has_attainment; /* 0 when the target is 0 */
  double attainment_pct;
  int has_margin; /* 0 for a count/level target of 0 */
  double margin;
  int margin_in_points; /* 1: percentage points ("pp"); 0: percent ("%") */
  int met;
} dossier_target_result;

/* Returns the relative change of `value` from `base` in percent,
 * (value − base)·100/base, computed so that no digit is lost to cancellation
 * (2009 against 2000 is 0.45, not 0.44999999999999485). `base` must not be 0. */
double dossier_relative_pct(double value, double base);

/* Fills *out for `actual` against `target`; `is_rate` selects percentage
 * points, `at_most` a lower-is-better target. Never fails; the inputs must be
 * finite. */
void dossier_target_evaluate(dossier_target_result *out, double actual, double target,
                             int is_rate, int at_most);

#endif
