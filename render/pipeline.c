/* pipeline.c: the engine and figures of dossier.h — dataset → figures →
 * bound document → PDF. Shared by `dossier render`, the batch workers and
 * every program linking libdossier, so all of them see the same figures and
 * write the same bytes. */
#include "render/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/file.h"
#include "base/textnorm.h"
#include "render/chart/chart.h"
#include "render/template/template.h"
#include "render/text/figures_text.h"
#include "render/typeset/pdf.h"
#include "render/typeset/style.h"
#include "stats/dataset.h"
#include "stats/figures.h"
#include "stats/figures_json.h"

struct dossier_engine {
  dossier_template *tpl;
  dossier_style *style;
  dossier_chart_engine *charts;
};

struct dossier_figures {
  cJSON *tree;
  char *dataset;
};

/* ---- the engine ----------------------------------------------------------- */

dossier_status dossier_engine_new(dossier_engine **out, const char *template_name,
                                  const char *style_name, dossier_diag *diag) {
  *out = NULL;
  dossier_engine *e = calloc(1, sizeof *e);
  if (!e) return dossier_diag_nomem(diag);
  dossier_status st = dossier_template_load(&e->tpl, template_name ? template_name : "term-report",
                                            diag);
  if (st == DOSSIER_OK) st = dossier_style_load(&e->style, style_name ? style_name : "party", diag);
  if (st == DOSSIER_OK) st = dossier_chart_engine_new(&e->charts, diag);
  if (st != DOSSIER_OK) {
    dossier_engine_free(e);
    return st;
  }
  *out = e;
  return DOSSIER_OK;
}

void dossier_engine_free(dossier_engine *engine) {
  if (!engine) return;
  dossier_chart_engine_free(engine->charts);
  dossier_style_free(engine->style);
  dossier_template_free(engine->tpl);
  free(engine);
}

/* ---- figures --------------------------------------------------------------- */

/* Adds every *.json of `dir`, in name order (so the units' order, and with it
 * the output, does not depend on the file system), as units of `dataset`. */
static dossier_status add_units_from_dir(dossier_dataset *dataset, const char *dir,
                                         dossier_diag *diag) {
  char **paths = NULL;
  size_t count = 0;
  if (dossier_file_list(&paths, &count, dir, ".json") != 0)
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, dir, 0, 0, NULL,
                            "cannot open the units folder");
  dossier_status st = DOSSIER_OK;
  if (count == 0)
    st = dossier_diag_add(diag, DOSSIER_ERR_DATA, dir, 0, 0, NULL,
                          "the units folder holds no *.json dataset");
  for (size_t i = 0; i < count; i++) {
    dossier_status unit_st = dossier_dataset_add_unit_file(dataset, paths[i], diag);
    if (unit_st != DOSSIER_OK && st == DOSSIER_OK) st = unit_st; /* keep going: list them all */
  }
  dossier_file_list_free(paths, count);
  return st;
}

/* Computes the figures of a loaded dataset into *out (which takes `name`). */
static dossier_status figures_of(dossier_figures **out, dossier_dataset *dataset,
                                 const char *name, dossier_diag *diag) {
  dossier_figures *f = calloc(1, sizeof *f);
  if (!f || !(f->dataset = strdup(name))) {
    free(f);
    return dossier_diag_nomem(diag);
  }
  dossier_status st = dossier_figures_compute(&f->tree, dataset, diag);
  /* one normalisation of every text of the data, before anything measures,
   * draws or prints it (charts read names straight from the figures) */
  if (st == DOSSIER_OK && dossier_text_normalize_tree(f->tree) != DOSSIER_OK)
    st = dossier_diag_nomem(diag);
  if (st != DOSSIER_OK) {
    dossier_figures_free(f);
    return st;
  }
  *out = f;
  return DOSSIER_OK;
}

dossier_status dossier_figures_load(dossier_figures **out, const char *dataset_path,
                                    const char *units_dir, dossier_diag *diag) {
  *out = NULL;
  dossier_dataset *dataset = NULL;
  dossier_status st = dossier_dataset_load(&dataset, dataset_path, diag);
  if (st == DOSSIER_OK && units_dir) st = add_units_from_dir(dataset, units_dir, diag);
  if (st == DOSSIER_OK) st = figures_of(out, dataset, dataset_path, diag);
  dossier_dataset_free(dataset);
  return st;
}

dossier_status dossier_figures_parse(dossier_figures **out, const char *name, const char *json,
                                     size_t length, dossier_diag *diag) {
  *out = NULL;
  dossier_dataset *dataset = NULL;
  dossier_status st = dossier_dataset_parse(&dataset, name, json, length, diag);
  if (st == DOSSIER_OK) st = figures_of(out, dataset, name, diag);
  dossier_dataset_free(dataset);
  return st;
}

void dossier_figures_free(dossier_figures *figures) {
  if (!figures) return;
  cJSON_Delete(figures->tree);
  free(figures->dataset);
  free(figures);
}

const cJSON *dossier_figures_tree(const dossier_figures *figures) { return figures->tree; }

const char *dossier_figures_dataset(const dossier_figures *figures) { return figures->dataset; }

dossier_status dossier_figures_json(char **out, const dossier_figures *figures,
                                    dossier_diag *diag) {
  *out = dossier_figures_json_text(figures->tree);
  return *out ? DOSSIER_OK : dossier_diag_nomem(diag);
}

dossier_status dossier_figures_text(char **out, const dossier_figures *figures,
                                    dossier_diag *diag) {
  *out = NULL;
  size_t size = 0;
  FILE *mem = open_memstream(out, &size);
  if (!mem) return dossier_diag_nomem(diag);
  dossier_figures_print_text(mem, figures->tree);
  int failed = ferror(mem);
  if (fclose(mem) != 0 || failed) {
    free(*out);
    *out = NULL;
    return dossier_diag_nomem(diag);
  }
  return DOSSIER_OK;
}

void dossier_free(void *p) { free(p); }

/* ---- rendering ------------------------------------------------------------- */

/* Whether `path` ends in ".pdf" (any case). */
static int has_pdf_suffix(const char *path) {
  size_t n = strlen(path);
  return n > 4 && strcasecmp(path + n - 4, ".pdf") == 0;
}

/* Whether two paths name the same existing file. */
static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

dossier_status dossier_pipeline_check_output(const char *dataset_path, const char *out_path,
                                             dossier_diag *diag) {
  if (!has_pdf_suffix(out_path))
    return dossier_diag_add(diag, DOSSIER_ERR_USAGE, out_path, 0, 0, NULL,
                            "the output must be a .pdf file (nothing was written)");
  if (dataset_path && same_file(dataset_path, out_path))
    return dossier_diag_add(diag, DOSSIER_ERR_USAGE, out_path, 0, 0, NULL,
                            "the output is the dataset itself (nothing was written)");
  return DOSSIER_OK;
}

dossier_status dossier_render_file(dossier_engine *engine, const dossier_figures *figures,
                                   const char *out_path, int *pages, dossier_diag *diag) {
  if (pages) *pages = 0;
  dossier_status st = dossier_pipeline_check_output(figures->dataset, out_path, diag);
  if (st != DOSSIER_OK) return st;
  dossier_doc *doc = NULL;
  st = dossier_template_bind(&doc, engine->tpl, figures->tree, diag);
  if (st == DOSSIER_OK)
    st = dossier_pdf_write(doc, engine->style, engine->charts, out_path, pages, diag);
  dossier_doc_free(doc);
  return st;
}

dossier_status dossier_render_buffer(unsigned char **pdf, size_t *length, dossier_engine *engine,
                                     const dossier_figures *figures, int *pages,
                                     dossier_diag *diag) {
  *pdf = NULL;
  *length = 0;
  if (pages) *pages = 0;
  dossier_doc *doc = NULL;
  dossier_status st = dossier_template_bind(&doc, engine->tpl, figures->tree, diag);
  if (st == DOSSIER_OK)
    st = dossier_pdf_write_buffer(pdf, length, doc, engine->style, engine->charts, pages, diag);
  dossier_doc_free(doc);
  return st;
}

dossier_status dossier_pipeline_render(dossier_engine *engine, const char *dataset_path,
                                       const char *units_dir, const char *out_path, int *pages,
                                       dossier_diag *diag) {
  if (pages) *pages = 0;
  dossier_status st = dossier_pipeline_check_output(dataset_path, out_path, diag);
  dossier_figures *figures = NULL;
  if (st == DOSSIER_OK) st = dossier_figures_load(&figures, dataset_path, units_dir, diag);
  if (st == DOSSIER_OK) st = dossier_render_file(engine, figures, out_path, pages, diag);
  dossier_figures_free(figures);
  return st;
}

void dossier_shutdown(void) { dossier_pdf_shutdown(); }
