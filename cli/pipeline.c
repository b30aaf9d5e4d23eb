#include "pipeline.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "chart.h"
#include "dataset.h"
#include "figures.h"
#include "pdf.h"
#include "style.h"
#include "template.h"
#include "textnorm.h"

struct dossier_pipeline {
  dossier_template *tpl;
  dossier_style *style;
  dossier_chart_engine *charts;
};

dossier_status dossier_pipeline_new(dossier_pipeline **out, const char *template_name,
                                    const char *style_name, dossier_diag *diag) {
  *out = NULL;
  dossier_pipeline *p = calloc(1, sizeof *p);
  if (!p) return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
  dossier_status st = dossier_template_load(&p->tpl, template_name ? template_name : "term-report",
                                            diag);
  if (st == DOSSIER_OK) st = dossier_style_load(&p->style, style_name ? style_name : "party", diag);
  if (st == DOSSIER_OK) st = dossier_chart_engine_new(&p->charts, diag);
  if (st != DOSSIER_OK) {
    dossier_pipeline_free(p);
    return st;
  }
  *out = p;
  return DOSSIER_OK;
}

void dossier_pipeline_free(dossier_pipeline *pipeline) {
  if (!pipeline) return;
  dossier_chart_engine_free(pipeline->charts);
  dossier_style_free(pipeline->style);
  dossier_template_free(pipeline->tpl);
  free(pipeline);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_json_suffix(const char *name) {
  size_t n = strlen(name);
  return n > 5 && strcmp(name + n - 5, ".json") == 0 && name[0] != '.';
}

/* Adds every *.json of `dir`, in name order (so the units' order, and with it
 * the output, does not depend on the file system), as units of `dataset`. */
static dossier_status add_units_from_dir(dossier_dataset *dataset, const char *dir,
                                         dossier_diag *diag) {
  DIR *d = opendir(dir);
  if (!d)
    return dossier_diag_add(diag, DOSSIER_ERR_NOINPUT, dir, 0, 0, NULL,
                            "cannot open the units folder");
  char **names = NULL;
  size_t count = 0, capacity = 0;
  dossier_status st = DOSSIER_OK;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!has_json_suffix(e->d_name)) continue;
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 64;
      char **grown = realloc(names, capacity * sizeof *grown);
      if (!grown) {
        st = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
      }
      names = grown;
    }
    if (asprintf(&names[count], "%s/%s", dir, e->d_name) < 0) {
      st = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
      goto done;
    }
    count++;
  }
  if (count == 0) {
    st = dossier_diag_add(diag, DOSSIER_ERR_DATA, dir, 0, 0, NULL,
                          "the units folder holds no *.json dataset");
    goto done;
  }
  qsort(names, count, sizeof *names, compare_names);
  for (size_t i = 0; i < count; i++) {
    dossier_status unit_st = dossier_dataset_add_unit_file(dataset, names[i], diag);
    if (unit_st != DOSSIER_OK && st == DOSSIER_OK) st = unit_st; /* keep going: list them all */
  }
done:
  for (size_t i = 0; i < count; i++) free(names[i]);
  free(names);
  closedir(d);
  return st;
}

dossier_status dossier_pipeline_figures(cJSON **out, const char *dataset_path,
                                        const char *units_dir, dossier_diag *diag) {
  *out = NULL;
  dossier_dataset *dataset = NULL;
  dossier_status st = dossier_dataset_load(&dataset, dataset_path, diag);
  if (st == DOSSIER_OK && units_dir) st = add_units_from_dir(dataset, units_dir, diag);
  if (st == DOSSIER_OK) st = dossier_figures_compute(out, dataset, diag);
  /* one normalisation of every text of the data, before anything measures,
   * draws or prints it (charts read names straight from the figures) */
  if (st == DOSSIER_OK && dossier_text_normalize_tree(*out) != DOSSIER_OK) {
    cJSON_Delete(*out);
    *out = NULL;
    st = dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
  }
  dossier_dataset_free(dataset);
  return st;
}

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

/* An output that is not a .pdf, or that is the dataset itself, would destroy
 * the user's data on success: refuse it before anything is read. */
static dossier_status check_output(const char *dataset_path, const char *out_path,
                                   dossier_diag *diag) {
  if (!has_pdf_suffix(out_path))
    return dossier_diag_add(diag, DOSSIER_ERR_USAGE, out_path, 0, 0, NULL,
                            "the output must be a .pdf file (nothing was written)");
  if (same_file(dataset_path, out_path))
    return dossier_diag_add(diag, DOSSIER_ERR_USAGE, out_path, 0, 0, NULL,
                            "the output is the dataset itself (nothing was written)");
  return DOSSIER_OK;
}

dossier_status dossier_pipeline_render(dossier_pipeline *pipeline, const char *dataset_path,
                                       const char *units_dir, const char *out_path, int *pages,
                                       dossier_diag *diag) {
  dossier_status checked = check_output(dataset_path, out_path, diag);
  if (checked != DOSSIER_OK) return checked;
  cJSON *figures = NULL;
  dossier_doc *doc = NULL;
  dossier_status st = dossier_pipeline_figures(&figures, dataset_path, units_dir, diag);
  if (st == DOSSIER_OK) st = dossier_template_bind(&doc, pipeline->tpl, figures, diag);
  if (st == DOSSIER_OK)
    st = dossier_pdf_write(doc, pipeline->style, pipeline->charts, out_path, pages, diag);
  dossier_doc_free(doc);
  cJSON_Delete(figures);
  return st;
}
