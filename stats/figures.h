/* figures.h: every figure of a dataset, computed once, as one tree.
 *
 * The figures tree is the single source of truth of a dossier: a sentence, a
 * table cell and a chart that show the same figure read the same node.
 * `dossier figures` prints it; docs/figures.md documents every node. It is a
 * cJSON tree (numbers unrounded; a figure that cannot be computed is JSON null)
 * holding, besides the contract's indicators.<id>.… figures, the dataset's
 * organization, period and document objects so templates can bind them. */
#ifndef DOSSIER_FIGURES_H
#define DOSSIER_FIGURES_H

#include <cjson/cJSON.h>

#include "dataset.h"
#include "diag.h"

/* Computes the figures of `dataset`. On success *out is a new cJSON tree (free
 * with cJSON_Delete) and DOSSIER_OK is returned. On failure *out is NULL: a
 * numerical failure or an inconsistency found only now (a committee figure that
 * disagrees with its units) is DOSSIER_ERR_DATA with its place in diag. */
dossier_status dossier_figures_compute(cJSON **out, const dossier_dataset *dataset,
                                       dossier_diag *diag);

#endif
