/* figures_text.h: the figures tree as a readable Vietnamese table, for
 * `dossier figures --format text` — a clerk checks the numbers before signing.
 * Numbers are written the Vietnamese way (4.925 · 98,7%) with the report's
 * rounding; the JSON form stays the unrounded audit trail. */
#ifndef DOSSIER_FIGURES_TEXT_H
#define DOSSIER_FIGURES_TEXT_H

#include <stdio.h>

#include <cjson/cJSON.h>

/* Writes the indicator table (label, unit, yearly values, term figure and how
 * it was formed, target and the report's verdict sentence), then the units'
 * spread, the quality ratings and the membership change when present. Missing
 * figures print as "–". Write errors are left in ferror(out). */
void dossier_figures_print_text(FILE *out, const cJSON *figures);

#endif
