/* chart_kinds.h: the gnuplot script of each chart kind (internal to the charts
 * module: chart.c runs what chart_kinds.c writes).
 *
 * Kinds: "target_bars", "rate_threshold", "trend_forecast", "ratings",
 * "unit_ranking" (docs/charts.md). Data come from the figures tree
 * (docs/figures.md); user text goes through gnuplot_quote.h only. */
#ifndef DOSSIER_CHART_KINDS_H
#define DOSSIER_CHART_KINDS_H

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "render/doc.h"
#include "render/chart/gnuplot_quote.h"

/* Appends to `script` the commands that draw `request` from `figures` — after
 * the engine has set the terminal and output, before it closes them — and sets
 * *width × *height, the canvas size the chart wants (svg units). Returns
 * DOSSIER_OK; DOSSIER_ERR_DATA for an unknown kind, a missing indicator or
 * nothing to draw (the message names the indicator); DOSSIER_ERR_NOMEM. On
 * failure the script's content is unspecified. */
dossier_status dossier_chart_kind_script(dossier_buf *script, int *width, int *height,
                                         const dossier_chart_request *request,
                                         const cJSON *figures, dossier_diag *diag);

#endif
