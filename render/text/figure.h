/* figure.h: the one printed form of a figure — what a sentence, a table cell,
 * a chart label and `dossier figures --format text` all write for the same
 * number, so they can never disagree.
 *
 * A figure of an indicator of kind "rate" (or whose unit is "%") has one
 * decimal and "%": 98,7%. A count or level is whole (4.925), or has one
 * decimal when it is not whole. A target is written as it was set: 80%, 87,5%,
 * 750 đảng viên — never rounded to a whole, never padded to 80,0%. Numbers
 * are Vietnamese (vnfmt.h): thousands dot, decimal comma, rounding half away
 * from zero on the decimal value. A figure that does not exist prints as the
 * dash DOSSIER_FIGURE_NONE. */
#ifndef DOSSIER_RENDER_TEXT_FIGURE_H
#define DOSSIER_RENDER_TEXT_FIGURE_H

#include "base/buf.h"

/* What a figure that cannot be computed prints as in a table or a list. */
#define DOSSIER_FIGURE_NONE "—"

/* Whether `kind` and `unit` (either may be NULL) make a figure a percentage. */
int dossier_figure_is_rate(const char *kind, const char *unit);

/* The decimals a figure of `kind`/`unit` is printed with: 1 for a rate,
 * else 0 for a whole value and 1 for another. */
int dossier_figure_decimals(const char *kind, const char *unit, double value);

/* Appends the printed form of `value`, a figure of an indicator of `kind`
 * and `unit`, followed by its unit when `with_unit` ("98,7%", "977 đảng
 * viên"; a rate's "%" only with the unit). A value that is not finite
 * appends DOSSIER_FIGURE_NONE. */
void dossier_figure_format(dossier_buf *out, const char *kind, const char *unit, double value,
                           int with_unit);

/* The same with `decimals` decimals: for figures shown together (a chart's
 * labels), which share the decimals the most demanding of them needs, the
 * largest dossier_figure_decimals of the set. */
void dossier_figure_format_places(dossier_buf *out, const char *kind, const char *unit,
                                  double value, int decimals, int with_unit);

/* The same for a target of such an indicator: its own precision (up to six
 * decimals, trailing zeros dropped). */
void dossier_figure_format_target(dossier_buf *out, const char *kind, const char *unit,
                                  double value, int with_unit);

#endif
