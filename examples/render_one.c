/* render_one.c: the smallest program built on libdossier — one dataset to one
 * PDF, with the figures printed for an audit. It uses nothing but dossier.h.
 *
 *   cc render_one.c $(pkg-config --cflags --libs dossier) -o render_one
 *   ./render_one hai-duong-2015-2020.json hai-duong.pdf [TEMPLATE [STYLE]]
 *
 * TEMPLATE and STYLE are stock names ("term-report", "party") or paths, as
 * for `dossier render -t/-s`. Exit status: 0, or 1 after the library's
 * located messages on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dossier.h>

int main(int argc, char **argv) {
  if (argc < 3 || argc > 5) {
    fprintf(stderr, "usage: render_one DATASET OUT.pdf [TEMPLATE [STYLE]]\n");
    return 2;
  }
  const char *template_name = argc > 3 ? argv[3] : NULL; /* NULL: "term-report" */
  const char *style_name = argc > 4 ? argv[4] : NULL;    /* NULL: "party" */

  dossier_diag *diag = dossier_diag_new();
  if (!diag) return 1;
  dossier_figures *figures = NULL;
  dossier_engine *engine = NULL;
  char *json = NULL;
  int pages = 0;

  /* 1. the figures: every number the report will print, computed once */
  dossier_status st = dossier_figures_load(&figures, argv[1], NULL, diag);
  if (st == DOSSIER_OK) st = dossier_figures_json(&json, figures, diag);
  if (st == DOSSIER_OK) printf("figures: %zu bytes of JSON\n", strlen(json));

  /* 2. the engine: template and style parsed once, for any number of reports */
  if (st == DOSSIER_OK) st = dossier_engine_new(&engine, template_name, style_name, diag);

  /* 3. the report, written atomically: a failure leaves no half-written file */
  if (st == DOSSIER_OK) st = dossier_render_file(engine, figures, argv[2], &pages, diag);
  if (st == DOSSIER_OK) printf("%s: %d pages (libdossier %s)\n", argv[2], pages, dossier_version());

  if (st != DOSSIER_OK) {
    dossier_diag_print(diag, stderr, "render_one: ");
    if (dossier_diag_count(diag) == 0)
      fprintf(stderr, "render_one: %s\n", dossier_status_message(st));
  }
  dossier_free(json);
  dossier_engine_free(engine);
  dossier_figures_free(figures);
  dossier_diag_free(diag);
  dossier_shutdown();
  return st == DOSSIER_OK ? 0 : 1;
}
