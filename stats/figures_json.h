/* figures_json.h: the figures tree as JSON text — what `dossier figures`
 * prints, every exact figure as its exact decimal (docs/figures.md, rule 10:
 * 2.35, never 2.3499999999999943; a ratio that does not terminate with 17
 * significant digits), everything else as cJSON prints it. */
#ifndef DOSSIER_STATS_FIGURES_JSON_H
#define DOSSIER_STATS_FIGURES_JSON_H

#include <cjson/cJSON.h>

/* Returns the tree as indented JSON (cJSON_Print's layout), a new string
 * (free), or NULL when out of memory. */
char *dossier_figures_json_text(const cJSON *tree);

#endif
