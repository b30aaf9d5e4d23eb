/* pipeline.h: one dataset to one PDF — load, validate, compute figures, bind the
 * template, lay out and write. Shared by `dossier render` and the batch workers,
 * so a template is parsed once and gnuplot started once per process. */
#ifndef DOSSIER_PIPELINE_H
#define DOSSIER_PIPELINE_H

#include <cjson/cJSON.h>

#include "diag.h"

typedef struct dossier_pipeline dossier_pipeline;

/* Prepares a pipeline: parses the template (stock name or path; NULL = the
 * default "term-report") and the style (stock name or path; NULL = "party"),
 * and creates the chart engine. On success *out is new (dossier_pipeline_free).
 * Errors are those of dossier_template_load and dossier_style_load. */
dossier_status dossier_pipeline_new(dossier_pipeline **out, const char *template_name,
                                    const char *style_name, dossier_diag *diag);

/* Frees the pipeline (stopping its gnuplot); NULL is a no-op. */
void dossier_pipeline_free(dossier_pipeline *pipeline);

/* Renders the dataset at `dataset_path` into `out_path`, written atomically (a
 * failure leaves no file and keeps an existing one). `units_dir`, when not
 * NULL, is a folder of the units' own datasets rolled up into the committee's.
 * On success *pages (if not NULL) is the page count. An output that does not
 * end in ".pdf" or that is the dataset itself is refused before anything is
 * read (DOSSIER_ERR_USAGE). Errors: those of the dataset, figures, template
 * binding and PDF writing, located in diag. */
dossier_status dossier_pipeline_render(dossier_pipeline *pipeline, const char *dataset_path,
                                       const char *units_dir, const char *out_path, int *pages,
                                       dossier_diag *diag);

/* Loads and validates the dataset at `dataset_path` (rolling up the unit
 * datasets of `units_dir` when not NULL) and computes its figures tree. On
 * success *out is a new cJSON tree (cJSON_Delete). Used by `dossier figures`,
 * `dossier check` and dossier_pipeline_render, so all three see the same
 * figures. */
dossier_status dossier_pipeline_figures(cJSON **out, const char *dataset_path,
                                        const char *units_dir, dossier_diag *diag);

#endif
