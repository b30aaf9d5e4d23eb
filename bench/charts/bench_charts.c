/* bench_charts.c: time per chart, per dossier's 4 charts in one gnuplot, with
 * a new gnuplot per chart for comparison, and the bytes a chart adds to a
 * PDF. Built and run by bench/charts/run.sh; results in bench/README.md.
 *
 * usage: bench_charts DATASET [ROUNDS]   (ROUNDS default 50) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>

#include "render/chart/chart.h"
#include "stats/dataset.h"
#include "stats/figures.h"

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

typedef struct {
  const char *kind, *indicator;
} spec;

/* The charts of the stock term report (templates/term-report.md). */
static const spec dossier_charts[] = {{"ratings", "organizations"},
                                      {"target_bars", "admissions"},
                                      {"rate_threshold", "clean_strong_rate"},
                                      {"trend_forecast", "members"}};

static int draw(dossier_chart_engine *engine, const cJSON *figures, const spec *s,
                dossier_drawing **out, dossier_diag *diag) {
  dossier_chart_request request = {(char *)s->kind, (char *)s->indicator, NULL};
  dossier_status st = dossier_chart_draw(engine, &request, figures, out, diag);
  if (st != DOSSIER_OK) {
    dossier_diag_print(diag, stderr, "bench_charts: ");
    dossier_diag_clear(diag);
    return -1;
  }
  return 0;
}

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u) {
  (void)u;
  fprintf(stderr, "libharu error 0x%04lx/%lu\n", (unsigned long)e, (unsigned long)d);
}

/* Size of a compressed one-page PDF with the embedded Liberation Serif and,
 * when `drawing` is not NULL, the chart painted across the text width. */
static long pdf_bytes(const dossier_drawing *drawing) {
  HPDF_Doc pdf = HPDF_New(on_error, NULL);
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  const char *name = HPDF_LoadTTFontFromFile(
      pdf, "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", HPDF_TRUE);
  HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
  HPDF_Page page = HPDF_AddPage(pdf);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  /* A line of body text, so the font is embedded either way. */
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, 14);
  HPDF_Page_TextOut(page, 85, 800, "Báo cáo tổng kết nhiệm kỳ 2015 - 2020");
  HPDF_Page_EndText(page);
  if (drawing) {
    float w = 467.7f, h = (float)(w * dossier_drawing_height(drawing) / dossier_drawing_width(drawing));
    if (h > 700) {
      w = w * 700 / h;
      h = 700;
    }
    dossier_drawing_paint(drawing, page, font, 85, 780, w, h);
  }
  HPDF_SaveToStream(pdf);
  long size = (long)HPDF_GetStreamSize(pdf);
  HPDF_Free(pdf);
  return size;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_charts DATASET [ROUNDS]\n");
    return 64;
  }
  int rounds = 50;
  if (argc > 2) {
    char *end = NULL;
    long n = strtol(argv[2], &end, 10);
    if (end == argv[2] || *end != '\0' || n < 1 || n > 100000) {
      fprintf(stderr, "bench_charts: ROUNDS must be a whole number from 1 to 100000\n");
      return 64;
    }
    rounds = (int)n;
  }
  dossier_diag *diag = dossier_diag_new();
  dossier_dataset *dataset = NULL;
  cJSON *figures = NULL;
  if (dossier_dataset_load(&dataset, argv[1], diag) != DOSSIER_OK ||
      dossier_figures_compute(&figures, dataset, diag) != DOSSIER_OK) {
    dossier_diag_print(diag, stderr, "bench_charts: ");
    return 65;
  }
  /* unit_ranking of the first indicator the units report, when they do. */
  spec kinds[6];
  size_t kind_count = 0;
  for (size_t i = 0; i < 4; i++) kinds[kind_count++] = dossier_charts[i];
  const cJSON *unit = cJSON_GetArrayItem(cJSON_GetObjectItem(figures, "units"), 0);
  const cJSON *first = unit ? cJSON_GetObjectItem(unit, "indicators")->child : NULL;
  size_t unit_count = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(figures, "units"));
  if (first) kinds[kind_count++] = (spec){"unit_ranking", first->string};

  dossier_chart_engine *engine = NULL;
  dossier_chart_engine_new(&engine, diag);
  dossier_drawing *d = NULL;
  double t0 = now_ms();
  if (draw(engine, figures, &kinds[0], &d, diag) != 0) return 70;
  double first_ms = now_ms() - t0;
  dossier_drawing_free(d);
  long base = pdf_bytes(NULL);

  printf("dataset: %s (%zu units), %d rounds\n", argv[1], unit_count, rounds);
  printf("first chart, including starting gnuplot: %.1f ms\n", first_ms);
  printf("%-16s %-22s %9s %9s %7s %7s %11s\n", "kind", "indicator", "ms/chart", "new-proc",
         "paths", "texts", "PDF +bytes");
  for (size_t k = 0; k < kind_count; k++) {
    double start = now_ms();
    for (int r = 0; r < rounds; r++) {
      if (draw(engine, figures, &kinds[k], &d, diag) != 0) return 70;
      if (r + 1 < rounds) dossier_drawing_free(d);
    }
    double per = (now_ms() - start) / rounds;
    /* The same chart with a gnuplot started for it alone. */
    int fresh_rounds = rounds < 10 ? rounds : 10;
    double fresh_start = now_ms();
    for (int r = 0; r < fresh_rounds; r++) {
      dossier_chart_engine *once = NULL;
      dossier_drawing *x = NULL;
      dossier_chart_engine_new(&once, diag);
      if (draw(once, figures, &kinds[k], &x, diag) != 0) return 70;
      dossier_drawing_free(x);
      dossier_chart_engine_free(once);
    }
    double fresh = (now_ms() - fresh_start) / fresh_rounds;
    printf("%-16s %-22s %9.2f %9.2f %7zu %7zu %11ld\n", kinds[k].kind, kinds[k].indicator, per,
           fresh, dossier_drawing_path_count(d), dossier_drawing_text_count(d),
           pdf_bytes(d) - base);
    dossier_drawing_free(d);
  }
  dossier_chart_engine_free(engine);
  /* The 4 charts of a dossier in a gnuplot of their own, so that its CPU time
   * (children, counted once it is reaped) belongs to these charts alone. */
  struct rusage self0, self1, kids0, kids1;
  getrusage(RUSAGE_SELF, &self0);
  getrusage(RUSAGE_CHILDREN, &kids0);
  dossier_chart_engine_new(&engine, diag);
  double start = now_ms();
  for (int r = 0; r < rounds; r++)
    for (size_t k = 0; k < 4; k++) {
      if (draw(engine, figures, &dossier_charts[k], &d, diag) != 0) return 70;
      dossier_drawing_free(d);
    }
  double wall = (now_ms() - start) / rounds;
  dossier_chart_engine_free(engine);
  getrusage(RUSAGE_SELF, &self1);
  getrusage(RUSAGE_CHILDREN, &kids1);
#define CPU_MS(a, b)                                                                   \
  (((double)(b.ru_utime.tv_sec - a.ru_utime.tv_sec) + (double)(b.ru_stime.tv_sec - a.ru_stime.tv_sec)) * 1e3 + \
   ((double)(b.ru_utime.tv_usec - a.ru_utime.tv_usec) + (double)(b.ru_stime.tv_usec - a.ru_stime.tv_usec)) / 1e3)
  printf("a dossier's 4 charts in one gnuplot: %.2f ms wall per dossier; CPU per dossier: "
         "gnuplot %.2f ms, dossier (script, svg parse, translate) %.2f ms\n",
         wall, CPU_MS(kids0, kids1) / rounds, CPU_MS(self0, self1) / rounds);
  cJSON_Delete(figures);
  dossier_dataset_free(dataset);
  dossier_diag_free(diag);
  return 0;
}
