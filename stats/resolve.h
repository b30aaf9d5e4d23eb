/* resolve.h: the numbers an indicator's figures are computed from.
 *
 * An indicator gives its numbers as a series, a numerator/denominator pair, a
 * single value, or nothing (then its units give them). Resolving turns each
 * form into yearly values plus a term figure, and (rollup.c) derives or checks
 * a committee's numbers against its units. Internal to stats/. */
#ifndef DOSSIER_RESOLVE_H
#define DOSSIER_RESOLVE_H

#include "stats/model.h"

typedef struct {
  const dossier_indicator *def; /* label, unit, kind, target */
  dossier_kind kind;
  size_t n; /* yearly values, sorted by year (rates in %), exact */
  int *years;
  dossier_exact *values;
  int has_ratio; /* numerator/denominator per year, beside values */
  dossier_exact *num, *den;
  int has_value; /* a single term figure without years */
  dossier_exact value;
  int from_units;
  int has_term;
  dossier_exact term;
  const char *basis; /* "sum", "last", "mean" or "value" */
  int has_pooled;
  dossier_exact pooled; /* Σnum/Σden·100 */
} dossier_resolved;

/* Resolves `ind` from its own numbers (not its units) into *out, arrays from
 * `arena`. Returns 0, -1 when out of memory, -2 when an exact figure
 * overflows (exact.h). */
int dossier_resolve_own(dossier_resolved *out, const dossier_indicator *ind,
                        dossier_arena *arena);

/* Computes term, basis and pooled from the yearly values or the value.
 * Returns 0, or -2 when an exact figure overflows. */
int dossier_resolve_term(dossier_resolved *r);

/* Resolves committee indicator `ind` of `ds`: its own numbers, derived from the
 * units when it has none (count and level: sum per year; rate with numerator
 * and denominator: pooled), and checked against the units when it has both.
 * Returns DOSSIER_OK; DOSSIER_ERR_DATA with every disagreement in diag (each
 * naming the indicator, the year and both numbers); DOSSIER_ERR_NOMEM. */
dossier_status dossier_rollup_resolve(dossier_resolved *out, const dossier_dataset *ds,
                                      const dossier_indicator *ind, dossier_arena *arena,
                                      dossier_diag *diag);

#endif
