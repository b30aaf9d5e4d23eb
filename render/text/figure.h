/* figure.h: the one printed form of a figure — what a sentence, a table cell,
 * a chart label and `dossier figures --format text` all write for the same
 * number, so they can never disagree (docs/figures.md, the ten rules).
 *
 * A figure of an indicator of kind "rate" (or whose unit is "%") has one
 * decimal and "%": 98,7%. A count or level is whole (4.925), or has one
 * decimal when it is not whole. A target is written as it was set: 80%, 87,5%,
 * 750 đảng viên — never rounded to a whole, never padded to 80,0%. Numbers
 * are exact (stats/exact.h) and Vietnamese (vnfmt.h): thousands dot, decimal
 * comma, rounded half away from zero once. A figure that missed its target
 * never prints as the target, an attainment short of 100 % never as 100,0 %,
 * a margin or change that is not zero never as 0,0: each gets as many more
 * decimals as it takes (rule 3). A figure that does not exist prints as the
 * dash DOSSIER_FIGURE_NONE. */
#ifndef DOSSIER_RENDER_TEXT_FIGURE_H
#define DOSSIER_RENDER_TEXT_FIGURE_H

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "stats/exact.h"

/* What a figure that cannot be computed prints as in a table or a list. */
#define DOSSIER_FIGURE_NONE "—"

/* Whether `kind` and `unit` (either may be NULL) make a figure a percentage. */
int dossier_figure_is_rate(const char *kind, const char *unit);

/* The usual decimals of a figure of `kind`/`unit`: 1 for a rate, else 0 for a
 * whole value and 1 for another. */
int dossier_figure_decimals(const char *kind, const char *unit, dossier_exact value);

/* The fewest decimals from `decimals` on at which `value` does not round to
 * `avoid` (`value` itself when it equals `avoid`: `decimals`). */
int dossier_figure_decimals_apart(dossier_exact value, int decimals, dossier_exact avoid);

/* The fewest decimals from `decimals` on at which a value that is not zero
 * does not round to 0 (`decimals` for zero). */
int dossier_figure_decimals_nonzero(dossier_exact value, int decimals);

/* The decimals a target was written with (at most 6, the dataset's most). */
int dossier_figure_target_decimals(dossier_exact target);

/* Appends `value` with `decimals` decimals, then its unit when `with_unit`
 * ("%" for a rate, " đảng viên" for a count with that unit). */
void dossier_figure_format_places(dossier_buf *out, const char *kind, const char *unit,
                                  dossier_exact value, int decimals, int with_unit);

/* The same with the usual decimals. */
void dossier_figure_format(dossier_buf *out, const char *kind, const char *unit,
                           dossier_exact value, int with_unit);

/* The same for a target of such an indicator: its own decimals. */
void dossier_figure_format_target(dossier_buf *out, const char *kind, const char *unit,
                                  dossier_exact value, int with_unit);

/* The decimals figure `value` of the indicator node `indicator` prints with:
 * the usual ones; more for a rate given as numerator/denominator that is
 * not 100 %, a share x/y that never prints 100,0 (1.999 of 2.000: 99,95);
 * more when the indicator's target says this
 * figure missed it — `year` > 0: that year's verdict
 * (target.years.<year>.met), 0: the term figure's (target.term_met) — so
 * that it does not print as the target; `year` < 0 for a figure no verdict
 * is about (a pooled rate, a median). */
int dossier_figure_node_decimals(const cJSON *indicator, dossier_exact value, int year);

/* Appends the printed form of the figure node `value` of `indicator` (its
 * kind, unit and target, see dossier_figure_node_decimals) with its unit when
 * `with_unit`; DOSSIER_FIGURE_NONE when `value` is not a number. */
void dossier_figure_print(dossier_buf *out, const cJSON *indicator, const cJSON *value, int year,
                          int with_unit);

/* Appends the target of indicator node `indicator` as it was set, with its
 * unit ("80%", "87,5%", "750 đảng viên"); DOSSIER_FIGURE_NONE without one. */
void dossier_figure_print_target(dossier_buf *out, const cJSON *indicator);

/* A bare number of the figures tree printed with `decimals` decimals (the
 * usual ones of its kind when negative), as "98,7" or, with `percent`,
 * "98,7%"; the rules of its key apply: an attainment (a key ending in
 * "attainment_pct") or a share of a count ("pct", "good_or_better_pct",
 * "meeting_target_pct") short of or beyond 100 never prints as 100, a margin or a
 * change ("margin", "absolute", "relative_pct", "average_yearly") that is not
 * zero never as 0. DOSSIER_FIGURE_NONE for null. */
void dossier_figure_print_number(dossier_buf *out, const cJSON *node, int decimals, int percent);

#endif
