/* svg.h: gnuplot's svg output translated into a dossier_drawing.
 *
 * Supports exactly what gnuplot 5.4's svg terminal writes for dossier's charts
 * (docs/charts.md): <g> with inherited style and translate/rotate/scale
 * transforms; <path d> with M L H V Z and their relative forms; <polygon>,
 * <rect>, <circle>; <use> of symbols in <defs>; <text> with text-anchor;
 * colours by name, #rrggbb and rgb(r, g, b); fill-opacity; stroke-dasharray.
 * <title>, <desc> and unreferenced <defs> content are ignored; a raw "]]>"
 * (gnuplot does not escape > in text) is accepted as text. Anything else —
 * an element, an attribute or a value we do not understand — fails the
 * translation loudly rather than drawing a chart that is silently wrong. */
#ifndef DOSSIER_SVG_H
#define DOSSIER_SVG_H

#include <stddef.h>

#include "base/diag.h"
#include "render/chart/drawing.h"

/* Translates `length` bytes of svg text. `name` (may be NULL) names the source
 * in messages. On success *out is a new drawing (dossier_drawing_free) whose
 * canvas is the svg's width × height. Errors: DOSSIER_ERR_SOFTWARE (not XML,
 * or an unsupported element, attribute or value: the message names it and its
 * line), DOSSIER_ERR_NOMEM. On failure *out is NULL. */
dossier_status dossier_svg_translate(dossier_drawing **out, const char *svg, size_t length,
                                     const char *name, dossier_diag *diag);

#endif
