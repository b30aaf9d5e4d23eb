/* test_figure.c: the one printed form of a figure (render/text/figure.h) and
 * the places that print figures — a template's sentence, `figures --format
 * text`, a chart's labels — writing the same string for the same number. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include <stdio.h>
#include "dossier.h"
#include "render/text/figure.h"

/* The printed form of the decimal `value` as a figure (target 0) or a target. */
static const char *printed(const char *kind, const char *unit, const char *value, int with_unit,
                           int target) {
  static char out[128];
  dossier_exact v;
  if (dossier_exact_parse(&v, value, strlen(value)) != 0) return "(bad number)";
  dossier_buf b = DOSSIER_BUF_INIT;
  if (target) dossier_figure_format_target(&b, kind, unit, v, with_unit);
  else dossier_figure_format(&b, kind, unit, v, with_unit);
  snprintf(out, sizeof out, "%s", dossier_buf_str(&b));
  dossier_buf_free(&b);
  return out;
}

#define formatted(kind, unit, v, with_unit) printed(kind, unit, #v, with_unit, 0)
#define target(kind, unit, v) printed(kind, unit, #v, 1, 1)

TEST(a_rate_has_one_decimal_and_a_count_is_whole) {
  CHECK_STR(formatted("rate", "%", 98.7, 1), "98,7%");
  CHECK_STR(formatted("rate", "%", 95, 1), "95,0%");
  CHECK_STR(formatted("rate", "%", 95, 0), "95,0");
  CHECK_STR(formatted("count", "đảng viên", 4925, 1), "4.925 đảng viên");
  CHECK_STR(formatted("count", "đảng viên", 977, 0), "977");
  CHECK_STR(formatted("level", "", 12.5, 1), "12,5");
}

TEST(a_target_prints_as_it_was_set) {
  CHECK_STR(target("rate", "%", 80), "80%");
  CHECK_STR(target("rate", "%", 87.5), "87,5%");
  CHECK_STR(target("rate", "%", 2.25), "2,25%");
  CHECK_STR(target("count", "đảng viên", 750), "750 đảng viên");
  CHECK_STR(target("count", "đảng viên", 7.5), "7,5 đảng viên");
}

/* The dataset of one rate with a target of 80 %, as text. */
static const char dataset[] =
    "{\"format\":\"dossier-dataset/1\",\"organization\":{\"name\":\"Chi bộ A\"},"
    "\"period\":{\"from\":2015,\"to\":2020},\"indicators\":{\"r\":{\"label\":\"Tỷ lệ X\","
    "\"unit\":\"%\",\"kind\":\"rate\",\"series\":{\"2016\":98.5,\"2017\":98.5,\"2018\":98.6,"
    "\"2019\":98.9,\"2020\":99},\"target\":{\"value\":80,\"scope\":\"year\"}}}}";

TEST(figures_text_prints_a_figure_and_its_target_as_the_report_does) {
  dossier_diag *diag = dossier_diag_new();
  dossier_figures *figures = NULL;
  char *text = NULL;
  CHECK_INT(dossier_figures_parse(&figures, "x.json", dataset, strlen(dataset), diag), DOSSIER_OK);
  if (figures) CHECK_INT(dossier_figures_text(&text, figures, diag), DOSSIER_OK);
  /* the term figure (yearly mean 98,7) and the target as set, never "80,0" */
  CHECK_CONTAINS(text, "98,7");
  CHECK_CONTAINS(text, " 80%  cao hơn chỉ tiêu 18,7 điểm phần trăm");
  CHECK(text && !strstr(text, "80,0"));
  dossier_free(text);
  dossier_figures_free(figures);
  dossier_diag_free(diag);
}
