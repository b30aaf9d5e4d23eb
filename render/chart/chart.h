/* chart.h: charts drawn by gnuplot, as vector drawings.
 *
 * One gnuplot process per engine (per run, or per batch worker), fed over a
 * pipe; each chart is written with gnuplot's svg terminal and translated into a
 * dossier_drawing (see drawing.h) that the PDF writer paints with the
 * document's own font. User text reaches gnuplot only through the quoting
 * recipe of docs/charts.md. */
#ifndef DOSSIER_CHART_H
#define DOSSIER_CHART_H

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "render/doc.h"
#include "render/chart/drawing.h"

typedef struct dossier_chart_engine dossier_chart_engine;

/* Returns a new engine in *out (gnuplot is started on first use). Returns
 * DOSSIER_OK, or DOSSIER_ERR_NOMEM. Free with dossier_chart_engine_free. */
dossier_status dossier_chart_engine_new(dossier_chart_engine **out, dossier_diag *diag);

/* Stops gnuplot and frees the engine; NULL is a no-op. */
void dossier_chart_engine_free(dossier_chart_engine *engine);

/* Sets how long one chart may take before gnuplot is declared hung (default
 * 20 s, or $DOSSIER_GNUPLOT_TIMEOUT seconds); values <= 0 are ignored. Added
 * by the charts module. */
void dossier_chart_engine_set_timeout(dossier_chart_engine *engine, int milliseconds);

/* Draws the chart `request` asks for from the figures tree `figures`. On
 * success *out is a new drawing (free with dossier_drawing_free). Errors:
 * DOSSIER_ERR_DATA (unknown kind or indicator, nothing to draw),
 * DOSSIER_ERR_UNAVAILABLE (gnuplot is not installed: the message names the
 * Debian package gnuplot-nox), DOSSIER_ERR_TIMEOUT (gnuplot hung; it is killed
 * and restarted on next use), DOSSIER_ERR_SOFTWARE (svg we cannot translate). */
dossier_status dossier_chart_draw(dossier_chart_engine *engine,
                                  const dossier_chart_request *request, const cJSON *figures,
                                  dossier_drawing **out, dossier_diag *diag);

/* The name of the i-th chart kind ("target_bars", "rate_threshold",
 * "trend_forecast", "ratings", "unit_ranking"), or NULL past the end. */
const char *dossier_chart_kind_name(size_t i);

#endif
