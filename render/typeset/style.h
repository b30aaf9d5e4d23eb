/* style.h: every layout value of a document, read from a style file
 * (templates/party.style.json: Hướng dẫn 36-HD/VPTW; templates/state.style.json:
 * Nghị định 30/2020/NĐ-CP). No layout value lives in C code. */
#ifndef DOSSIER_STYLE_H
#define DOSSIER_STYLE_H

#include "base/diag.h"

typedef struct dossier_style dossier_style;

/* Reads the style file at `path` (or a stock style name such as "party"). On
 * success *out is a new style (free with dossier_style_free). Errors are
 * located (FILE:LINE:COL or the JSON path): DOSSIER_ERR_NOINPUT, DOSSIER_ERR_DATA. */
dossier_status dossier_style_load(dossier_style **out, const char *name_or_path,
                                  dossier_diag *diag);

/* Frees a style; NULL is a no-op. */
void dossier_style_free(dossier_style *style);

#endif
