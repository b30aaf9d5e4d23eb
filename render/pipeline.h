/* pipeline.h: one dataset to one PDF — load, validate, compute the figures,
 * bind the template, lay out and write. The engine and figures of dossier.h
 * are made here; this header adds what the program's batch and the library's
 * own modules use beside the public API. */
#ifndef DOSSIER_RENDER_PIPELINE_H
#define DOSSIER_RENDER_PIPELINE_H

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "dossier.h"

/* Refuses an output that would destroy the user's data on success: one that
 * does not end in ".pdf" (any case), or that is the dataset itself
 * (`dataset_path` may be NULL). Returns DOSSIER_OK or DOSSIER_ERR_USAGE
 * "… (nothing was written)" naming the output. dossier_render_file checks it
 * too; a program calls it first so the refusal comes before any reading. */
dossier_status dossier_pipeline_check_output(const char *dataset_path, const char *out_path,
                                             dossier_diag *diag);

/* `dossier render`'s whole job, also each batch item's: refuses a bad output
 * (dossier_pipeline_check_output) before anything is read, loads the figures
 * of `dataset_path` (with the units of `units_dir` when not NULL) and renders
 * them into `out_path`. Errors as dossier_figures_load and
 * dossier_render_file. */
dossier_status dossier_pipeline_render(dossier_engine *engine, const char *dataset_path,
                                       const char *units_dir, const char *out_path, int *pages,
                                       dossier_diag *diag);

/* The figures tree of `figures` (owned by it; valid while it lives). */
const cJSON *dossier_figures_tree(const dossier_figures *figures);

/* The dataset's name as given to dossier_figures_load or _parse. */
const char *dossier_figures_dataset(const dossier_figures *figures);

#endif
