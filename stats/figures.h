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

#include "stats/dataset.h"
#include "base/diag.h"

/* Computes the figures of `dataset` (shape and formulas: docs/figures.md). On
 * success *out is a new cJSON tree (free with cJSON_Delete) and DOSSIER_OK is
 * returned. On failure *out is NULL and every problem is in diag with its
 * place: an inconsistency found only now is DOSSIER_ERR_DATA — a committee
 * figure that disagrees with its units (naming the indicator, the year and
 * both numbers), a figure to derive from units that not all units report,
 * parts that do not sum to their whole; DOSSIER_ERR_SOFTWARE for a numerical
 * failure of GSL; DOSSIER_ERR_NOMEM. The dataset is not modified. */
dossier_status dossier_figures_compute(cJSON **out, const dossier_dataset *dataset,
                                       dossier_diag *diag);

#endif
