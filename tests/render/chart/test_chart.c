/* test_chart.c: charts drawn by gnuplot from a hand-built figures tree
 * (docs/figures.md), the coprocess's failure modes, and the injections of
 * TECH-NOTES.md proven inert. Needs gnuplot (gnuplot-nox). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/limits.h"
#include "render/chart/chart.h"
#include "check.h"
#include "support.h"

/* ---- a figures tree like the Hải Dương fixture's ---- */

static cJSON *years_of(const int *years, const double *values, int n) {
  cJSON *o = cJSON_CreateObject();
  for (int i = 0; i < n; i++) {
    char key[8];
    snprintf(key, sizeof key, "%d", years[i]);
    cJSON_AddNumberToObject(o, key, values[i]);
  }
  return o;
}

static cJSON *add_indicator(cJSON *indicators, const char *id, const char *label,
                            const char *unit, const char *kind, const double *values) {
  static const int years[] = {2016, 2017, 2018, 2019, 2020};
  cJSON *ind = cJSON_AddObjectToObject(indicators, id);
  cJSON_AddStringToObject(ind, "id", id);
  cJSON_AddStringToObject(ind, "label", label);
  cJSON_AddStringToObject(ind, "unit", unit);
  cJSON_AddStringToObject(ind, "kind", kind);
  cJSON_AddItemToObject(ind, "years", years_of(years, values, 5));
  cJSON_AddNullToObject(ind, "target");
  return ind;
}

static void set_target(cJSON *ind, double value, const char *scope, const char *direction) {
  cJSON *t = cJSON_CreateObject();
  cJSON_AddNumberToObject(t, "value", value);
  cJSON_AddStringToObject(t, "scope", scope);
  cJSON_AddStringToObject(t, "direction", direction);
  cJSON_ReplaceItemInObject(ind, "target", t);
}

static void add_ratings_year(cJSON *years, const char *year, int pre2018, const double *pct) {
  static const char *const old_labels[] = {"Trong sạch vững mạnh", "Hoàn thành tốt nhiệm vụ",
                                           "Hoàn thành nhiệm vụ", "Yếu kém"};
  static const char *const new_labels[] = {"Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                                           "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"};
  static const char *const keys[] = {"excellent", "good", "fulfilled", "failed"};
  cJSON *y = cJSON_AddObjectToObject(years, year);
  cJSON_AddStringToObject(y, "scale", pre2018 ? "pre2018" : "2018");
  cJSON_AddNumberToObject(y, "total", 68);
  cJSON *levels = cJSON_AddArrayToObject(y, "levels");
  for (int i = 0; i < 4; i++) {
    cJSON *l = cJSON_CreateObject();
    cJSON_AddStringToObject(l, "key", keys[i]);
    cJSON_AddStringToObject(l, "label", pre2018 ? old_labels[i] : new_labels[i]);
    cJSON_AddNumberToObject(l, "count", pct[i] * 68 / 100);
    cJSON_AddNumberToObject(l, "pct", pct[i]);
    cJSON_AddItemToArray(levels, l);
  }
}

static void add_unit(cJSON *units, const char *name, const char *id, double term) {
  cJSON *u = cJSON_CreateObject();
  cJSON_AddStringToObject(u, "name", name);
  cJSON_AddStringToObject(u, "type", "đảng bộ cơ sở");
  cJSON *ind = cJSON_AddObjectToObject(cJSON_AddObjectToObject(u, "indicators"), id);
  cJSON_AddNumberToObject(ind, "term", term);
  cJSON_AddItemToArray(units, u);
}

static cJSON *make_figures(void) {
  cJSON *f = cJSON_CreateObject();
  cJSON_AddStringToObject(f, "format", "dossier-figures/1");
  cJSON *ind = cJSON_AddObjectToObject(f, "indicators");

  static const double admissions[] = {182, 195, 204, 199, 197};
  cJSON *a = add_indicator(ind, "admissions", "Kết nạp đảng viên mới", "đảng viên", "count",
                           admissions);
  cJSON_AddNumberToObject(a, "term", 977);
  set_target(a, 750, "term", "at_least");

  static const double clean[] = {98.5, 98.5, 98.6, 98.9, 99.0};
  cJSON *c = add_indicator(ind, "clean_strong_rate", "Tỷ lệ TCCS đảng đạt trong sạch, vững mạnh",
                           "%", "rate", clean);
  cJSON_AddNumberToObject(c, "term", 98.7);
  set_target(c, 80, "year", "at_least");

  static const double members[] = {4560, 4660, 4760, 4850, 4925};
  cJSON *m = add_indicator(ind, "members", "Số đảng viên", "đảng viên", "level", members);
  cJSON_AddNumberToObject(m, "term", 4925);
  cJSON *trend = cJSON_AddObjectToObject(m, "trend");
  cJSON_AddNumberToObject(trend, "slope", 91.5);
  cJSON_AddNumberToObject(trend, "intercept", -179905.0);
  cJSON_AddNumberToObject(trend, "r2", 0.996);
  cJSON *forecast = cJSON_AddArrayToObject(trend, "forecast");
  for (int i = 0; i < 5; i++) {
    double v = 4751 + 91.5 * (3 + i);
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "year", 2021 + i);
    cJSON_AddNumberToObject(p, "value", v);
    cJSON_AddNumberToObject(p, "low", v - 40 - 10 * i);
    cJSON_AddNumberToObject(p, "high", v + 40 + 10 * i);
    cJSON_AddItemToArray(forecast, p);
  }

  cJSON *years = cJSON_AddObjectToObject(
      cJSON_AddObjectToObject(cJSON_AddObjectToObject(f, "ratings"), "organizations"), "years");
  static const double y2016[] = {76.47, 22.06, 1.47, 0}, y2018[] = {20.59, 77.94, 1.47, 0},
                      y2020[] = {20.59, 79.41, 0, 0};
  add_ratings_year(years, "2016", 1, y2016);
  add_ratings_year(years, "2017", 1, y2016);
  add_ratings_year(years, "2018", 0, y2018);
  add_ratings_year(years, "2019", 0, y2018);
  add_ratings_year(years, "2020", 0, y2020);

  cJSON *units = cJSON_AddArrayToObject(f, "units");
  add_unit(units, "Đảng bộ Sở Tài chính", "clean_strong_rate", 97.5);
  add_unit(units, "Đảng bộ Sở Y tế", "clean_strong_rate", 99.25);
  add_unit(units, "Chi bộ Văn phòng Tỉnh ủy", "clean_strong_rate", 78.0);
  return f;
}

/* Draws `kind` of `indicator` (title NULL = default); returns the status. */
static dossier_status draw(dossier_chart_engine *engine, const cJSON *figures, const char *kind,
                           const char *indicator, const char *title, dossier_drawing **out,
                           dossier_diag *diag) {
  dossier_chart_request request = {(char *)kind, (char *)indicator, (char *)title, NULL, 0, 0};
  return dossier_chart_draw(engine, &request, figures, out, diag);
}

/* One engine, one figures tree and a diag per case; the drawing is checked by
 * the case. fake_dir: the folder of a fake gnuplot (setup_with_fake_gnuplot). */
typedef struct {
  dossier_chart_engine *engine;
  cJSON *figures;
  dossier_diag *diag;
  dossier_drawing *drawing;
  char *fake_dir;
} fixture;

static fixture setup(void) {
  fixture f = {NULL, make_figures(), dossier_diag_new(), NULL, NULL};
  CHECK_INT(dossier_chart_engine_new(&f.engine, f.diag), DOSSIER_OK);
  return f;
}

/* Draws `kind` of `indicator` (NULL: the kind's own) with its default title
 * into f->drawing, freeing the drawing before; returns the status. */
static dossier_status draw_chart(fixture *f, const char *kind, const char *indicator) {
  dossier_drawing_free(f->drawing);
  f->drawing = NULL;
  return draw(f->engine, f->figures, kind, indicator, NULL, &f->drawing, f->diag);
}

static void teardown(fixture *f) {
  if (dossier_diag_count(f->diag)) dossier_diag_print(f->diag, stderr, "diag: ");
  dossier_drawing_free(f->drawing);
  dossier_chart_engine_free(f->engine);
  dossier_diag_free(f->diag);
  cJSON_Delete(f->figures);
  if (f->fake_dir) {
    unsetenv("DOSSIER_GNUPLOT");
    CHECK_INT(support_remove_tree(f->fake_dir), 0);
    free(f->fake_dir);
  }
}

/* ---- chart kinds ---- */

TEST(chart_target_bars_should_show_yearly_bars_and_state_a_term_target) {
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_OK);
  static const char *const texts[] = {
      "Kết nạp đảng viên mới", "Chỉ tiêu cả nhiệm kỳ: 750 đảng viên; thực hiện: 977 đảng viên",
      "Năm", "Số lượng (đảng viên)", "Thực hiện", "2016", "2020", "182", "204", NULL};
  CHECK_STR(support_missing_texts(f.drawing, texts), "");
  CHECK(f.drawing && dossier_drawing_path_count(f.drawing) >= 5); /* at least the bars */
  teardown(&f);
}

TEST(chart_target_bars_should_draw_a_yearly_target_line_with_decimal_commas) {
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "target_bars", "clean_strong_rate"), DOSSIER_OK);
  static const char *const texts[] = {"Tỷ lệ TCCS đảng đạt trong sạch, vững mạnh",
                                      "Chỉ tiêu hằng năm: 80%", "Tỷ lệ (%)", "98,5", "98,9", NULL};
  CHECK_STR(support_missing_texts(f.drawing, texts), "");
  CHECK(f.drawing && !dossier_drawing_has_text(f.drawing, "98.5"));
  teardown(&f);
}

TEST(chart_rate_threshold_should_plot_the_rate_against_its_threshold) {
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "rate_threshold", "clean_strong_rate"), DOSSIER_OK);
  static const char *const texts[] = {"Tỷ lệ TCCS đảng đạt trong sạch, vững mạnh", "Chỉ tiêu: 80%",
                                      "Thực hiện", "Tỷ lệ (%)", "98,5", "99,0", "2018", NULL};
  CHECK_STR(support_missing_texts(f.drawing, texts), "");
  teardown(&f);
}

TEST(chart_trend_forecast_should_show_trend_forecast_and_its_band) {
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "trend_forecast", "members"), DOSSIER_OK);
  static const char *const texts[] = {"Số đảng viên", "Xu hướng và dự báo nhiệm kỳ tới",
                                      "Xu hướng tuyến tính", "Dự báo", "Khoảng dự báo 95%",
                                      "4.925", "2025", NULL};
  CHECK_STR(support_missing_texts(f.drawing, texts), "");
  teardown(&f);
}

TEST(chart_ratings_should_stack_four_levels_named_by_each_years_scale) {
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "ratings", NULL), DOSSIER_OK);
  static const char *const texts[] = {
      "Kết quả đánh giá, xếp loại chất lượng tổ chức cơ sở đảng",
      "Trong sạch vững mạnh / Hoàn thành xuất sắc nhiệm vụ",
      "Yếu kém / Không hoàn thành nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "76,5", "77,9", NULL};
  CHECK_STR(support_missing_texts(f.drawing, texts), "");
  teardown(&f);
}

TEST(chart_unit_ranking_should_rank_units_best_first_and_mark_the_target) {
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "unit_ranking", "clean_strong_rate"), DOSSIER_OK);
  static const char *const texts[] = {"Đảng bộ Sở Y tế", "Đảng bộ Sở Tài chính",
                                      "Chi bộ Văn phòng Tỉnh ủy", "99,3", "78,0", "Chỉ tiêu: 80%",
                                      NULL};
  CHECK_STR(support_missing_texts(f.drawing, texts), "");
  teardown(&f);
}

TEST(chart_unit_ranking_should_grow_in_height_with_the_number_of_units) {
  fixture f = setup();
  cJSON *units = cJSON_GetObjectItem(f.figures, "units");
  for (int i = 0; i < 70; i++) {
    char name[64];
    snprintf(name, sizeof name, "Chi bộ cơ sở số %d", i + 1);
    add_unit(units, name, "clean_strong_rate", 80 + (i * 7) % 20);
  }
  CHECK_INT(draw_chart(&f, "unit_ranking", "clean_strong_rate"), DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_height(f.drawing) > 1000); /* 3 units: 340 */
  static const char *const texts[] = {"Chi bộ cơ sở số 1", "Chi bộ cơ sở số 70", NULL};
  CHECK_STR(support_missing_texts(f.drawing, texts), "");
  teardown(&f);
}

TEST(chart_title_of_the_request_should_replace_the_default_title) {
  fixture f = setup();
  CHECK_INT(draw(f.engine, f.figures, "rate_threshold", "clean_strong_rate",
                 "Biểu đồ 2. Tỷ lệ TCCS trong sạch, vững mạnh", &f.drawing, f.diag),
            DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "Biểu đồ 2. Tỷ lệ TCCS trong sạch, vững mạnh"));
  CHECK(f.drawing && !dossier_drawing_has_text(f.drawing, "Tỷ lệ TCCS đảng đạt"));
  teardown(&f);
}

TEST(chart_engine_should_draw_many_charts_with_one_gnuplot) {
  fixture f = setup();
  static const char *const kinds[][2] = {{"target_bars", "admissions"},
                                         {"rate_threshold", "clean_strong_rate"},
                                         {"trend_forecast", "members"},
                                         {"ratings", NULL}};
  for (int round = 0; round < 3; round++)
    for (int k = 0; k < 4; k++) {
      dossier_drawing *d = NULL;
      CHECK_INT(draw(f.engine, f.figures, kinds[k][0], kinds[k][1], NULL, &d, f.diag), DOSSIER_OK);
      CHECK(d != NULL);
      dossier_drawing_free(d);
    }
  teardown(&f);
}

/* ---- data errors ---- */

TEST(chart_missing_indicator_should_be_a_data_error_naming_it) {
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "target_bars", "no_such_id"), DOSSIER_ERR_DATA);
  CHECK(f.drawing == NULL);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "no_such_id");
  dossier_diag_clear(f.diag);
  teardown(&f);
}

TEST(chart_with_nothing_to_draw_should_be_a_data_error) {
  fixture f = setup();
  cJSON *ind = cJSON_GetObjectItem(cJSON_GetObjectItem(f.figures, "indicators"), "members");
  cJSON_ReplaceItemInObject(ind, "years", cJSON_CreateObject());
  CHECK_INT(draw_chart(&f, "trend_forecast", "members"), DOSSIER_ERR_DATA);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "members");
  CHECK_INT(draw_chart(&f, "unit_ranking", "admissions"), DOSSIER_ERR_DATA);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 1), "admissions");
  CHECK_INT(draw_chart(&f, "pie", "admissions"), DOSSIER_ERR_DATA);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 2), "pie");
  dossier_diag_clear(f.diag);
  teardown(&f);
}

/* ---- the coprocess ---- */

/* setup() with DOSSIER_GNUPLOT naming a fake gnuplot, a shell script running
 * `body` in a folder of its own; teardown unsets it and removes the folder. */
static fixture setup_with_fake_gnuplot(const char *body) {
  char *dir = support_temp_dir("fake-gnuplot");
  CHECK(dir != NULL);
  size_t n = strlen(body) + 16;
  char *script = malloc(n);
  if (dir && script) {
    const char *path = support_path(dir, "gnuplot");
    snprintf(script, n, "#!/bin/sh\n%s\n", body);
    CHECK_INT(support_write_file(path, script), 0);
    CHECK_INT(chmod(path, 0755), 0);
    setenv("DOSSIER_GNUPLOT", path, 1);
  }
  free(script);
  fixture f = setup();
  f.fake_dir = dir;
  return f;
}

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

TEST(chart_missing_gnuplot_should_be_unavailable_and_name_the_package) {
  setenv("DOSSIER_GNUPLOT", "/nonexistent/dossier/gnuplot", 1);
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_ERR_UNAVAILABLE);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "gnuplot-nox");
  dossier_diag_clear(f.diag);
  unsetenv("DOSSIER_GNUPLOT");
  teardown(&f);
}

TEST(chart_hung_gnuplot_should_time_out_and_be_restarted_on_next_use) {
  fixture f = setup_with_fake_gnuplot("sleep 30");
  dossier_chart_engine_set_timeout(f.engine, 300);
  double t0 = seconds_now();
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_ERR_TIMEOUT);
  double waited = seconds_now() - t0;
  CHECK(waited < 3.0);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "did not answer");
  /* Next use starts a fresh gnuplot (the real one this time). */
  unsetenv("DOSSIER_GNUPLOT");
  dossier_chart_engine_set_timeout(f.engine, 20000);
  dossier_diag_clear(f.diag);
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_OK);
  teardown(&f);
}

TEST(chart_crashed_gnuplot_should_be_reported_without_killing_us_by_sigpipe) {
  /* Exits at once: our writes hit a closed pipe; SIGPIPE would end this test. */
  fixture f = setup_with_fake_gnuplot("exec 0<&-; exit 3");
  for (int i = 0; i < 3; i++) {
    CHECK_INT(draw_chart(&f, "unit_ranking", "clean_strong_rate"), DOSSIER_ERR_SOFTWARE);
    CHECK(f.drawing == NULL);
  }
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "gnuplot");
  dossier_diag_clear(f.diag);
  teardown(&f);
}

/* ---- injections (TECH-NOTES.md, "gnuplot security") ---- */

static char *marker_dir;
static char marker[1024];

/* A new folder for the marker file that an injection that ran would make. */
static void make_marker_dir(void) {
  marker_dir = support_temp_dir("pwn");
  CHECK(marker_dir != NULL);
  snprintf(marker, sizeof marker, "%s", support_path(marker_dir ? marker_dir : "/nonexistent", "PWNED"));
}

static int marker_exists(void) { return support_exists(marker); }

static void remove_marker_dir(void) {
  CHECK_INT(support_remove_tree(marker_dir), 0);
  free(marker_dir);
  marker_dir = NULL;
}

/* Copies `pattern` into out with each "%s" replaced by the marker path. */
static void with_marker(char *out, size_t size, const char *pattern) {
  size_t used = 0;
  for (const char *p = pattern; *p && used + 1 < size; p++) {
    if (p[0] == '%' && p[1] == 's') {
      used += (size_t)snprintf(out + used, size - used, "%s", marker);
      if (used >= size) used = size - 1;
      p++;
    } else {
      out[used++] = *p;
    }
  }
  out[used] = '\0';
}

/* 1 when `expected` is in the drawing's texts joined by spaces: a long text
 * is wrapped at spaces into several lines (texts) of the chart. */
static int has_wrapped_text(const dossier_drawing *d, const char *expected) {
  size_t size = 1, n = d ? dossier_drawing_text_count(d) : 0;
  for (size_t i = 0; i < n; i++) size += strlen(dossier_drawing_text(d, i)) + 1;
  char *all = calloc(1, size);
  if (!all) return 0;
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    const char *t = dossier_drawing_text(d, i);
    if (i) all[used++] = ' ';
    memcpy(all + used, t, strlen(t));
    used += strlen(t);
  }
  int found = strstr(all, expected) != NULL;
  if (!found && getenv("DEBUG_TEXTS")) fprintf(stderr, "TEXTS: %s\nWANT: %s\n", all, expected);
  free(all);
  return found;
}

/* Puts `payload` (with %s = the marker path) into an indicator's label, unit,
 * a unit name and the title, draws every kind, and checks nothing ran and the
 * text arrived literally (minus the control characters the recipe drops). */
static void check_inert(const char *payload_fmt, const char *expected_fmt) {
  char payload[512], expected[512];
  make_marker_dir();
  with_marker(payload, sizeof payload, payload_fmt);
  with_marker(expected, sizeof expected, expected_fmt);
  fixture f = setup();
  cJSON *ind = cJSON_GetObjectItem(f.figures, "indicators");
  cJSON *rate = cJSON_GetObjectItem(ind, "clean_strong_rate");
  cJSON_ReplaceItemInObject(rate, "label", cJSON_CreateString(payload));
  cJSON *members = cJSON_GetObjectItem(ind, "members");
  cJSON_ReplaceItemInObject(members, "unit", cJSON_CreateString(payload));
  add_unit(cJSON_GetObjectItem(f.figures, "units"), payload, "clean_strong_rate", 91);
  cJSON *year;
  cJSON_ArrayForEach(year, cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
                                                   f.figures, "ratings"),
                                               "organizations"),
                                           "years")) {
    cJSON *level = cJSON_GetArrayItem(cJSON_GetObjectItem(year, "levels"), 1);
    cJSON_ReplaceItemInObject(level, "label", cJSON_CreateString(payload));
  }

  /* every kind; the payload is the last one's title too */
  static const char *const kinds[][2] = {{"rate_threshold", "clean_strong_rate"},
                                         {"trend_forecast", "members"},
                                         {"unit_ranking", "clean_strong_rate"},
                                         {"ratings", NULL},
                                         {"target_bars", "admissions"}};
  for (size_t k = 0; k < 5; k++) {
    dossier_drawing *d = NULL;
    CHECK_INT(draw(f.engine, f.figures, kinds[k][0], kinds[k][1], k == 4 ? payload : NULL, &d,
                   f.diag),
              DOSSIER_OK);
    CHECK(has_wrapped_text(d, expected));
    dossier_drawing_free(d);
  }
  teardown(&f); /* gnuplot has finished everything it was sent */
  CHECK(!marker_exists());
  remove_marker_dir();
}

TEST(chart_injection_breaking_out_of_single_quotes_should_not_run) {
  check_inert("x'; system('touch %s'); print '", "x'; system('touch %s'); print '");
}

TEST(chart_injection_newline_and_bang_command_should_not_run) {
  check_inert("Sở Tài chính\n!touch %s\n", "Sở Tài chính!touch %s");
}

TEST(chart_injection_backticks_should_not_run) {
  check_inert("`touch %s` \"`touch %s`\"", "`touch %s` \"`touch %s`\"");
}

TEST(chart_injection_set_print_and_set_output_pipes_should_not_run) {
  check_inert("a'\nset print '|touch %s'\nprint 'x", "a'set print '|touch %s'print 'x");
  check_inert("b'\r\nset output '|touch %s'\r\n", "b'set output '|touch %s'");
}

TEST(chart_injection_plot_and_load_from_a_command_should_not_run) {
  check_inert("c'\nplot '< touch %s'\nload '< touch %s", "c'plot '< touch %s'load '< touch %s");
}

TEST(chart_injection_datablock_terminators_should_not_end_the_data) {
  check_inert("EOD\nEOD\n!touch %s\ne\n", "EODEOD!touch %se");
}

TEST(chart_injection_trailing_backslash_should_not_join_lines) {
  check_inert("d\\", "d");
  check_inert("e \\\n!touch %s \\", "e \\!touch %s");
}

TEST(chart_unit_named_eod_should_render_as_written) {
  fixture f = setup();
  add_unit(cJSON_GetObjectItem(f.figures, "units"), "EOD", "clean_strong_rate", 90);
  add_unit(cJSON_GetObjectItem(f.figures, "units"), "\"Chi bộ\" 'A' #1 @x", "clean_strong_rate", 85);
  add_unit(cJSON_GetObjectItem(f.figures, "units"), "Sở A & B <C> ]]> &amp;", "clean_strong_rate", 84);
  CHECK_INT(draw_chart(&f, "unit_ranking", "clean_strong_rate"), DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "EOD"));
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "\"Chi bộ\" 'A' #1 @x"));
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "Sở A & B <C> ]]> &amp;"));
  teardown(&f);
}

TEST(chart_injection_macros_after_a_quote_should_not_expand) {
  /* gnuplot's macro pass toggles its quote state at every ', so a quote of
   * the text must not be written as one (see gnuplot_quote.h). */
  check_inert("x' @GPVAL_TERM @GPVAL_PWD `touch %s`", "x' @GPVAL_TERM @GPVAL_PWD `touch %s`");
}

TEST(chart_gnuplot_that_died_between_charts_should_be_replaced_silently) {
  /* A gnuplot that `timeout` kills after 1 s, between two charts. */
  fixture f = setup_with_fake_gnuplot("exec timeout -s KILL 1 gnuplot");
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_OK);
  dossier_drawing_free(f.drawing);
  f.drawing = NULL;
  struct timespec pause = {1, 500 * 1000 * 1000};
  nanosleep(&pause, NULL);
  CHECK_INT(draw_chart(&f, "rate_threshold", "clean_strong_rate"), DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "Chỉ tiêu: 80%"));
  teardown(&f);
}

TEST(chart_trend_forecast_without_intervals_should_draw_the_forecast_points_only) {
  fixture f = setup();
  cJSON *m = cJSON_GetObjectItem(cJSON_GetObjectItem(f.figures, "indicators"), "members");
  cJSON *forecast = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "trend"), "forecast");
  cJSON *p;
  cJSON_ArrayForEach(p, forecast) {
    cJSON_ReplaceItemInObject(p, "low", cJSON_CreateNull());
    cJSON_ReplaceItemInObject(p, "high", cJSON_CreateNull());
  }
  CHECK_INT(draw_chart(&f, "trend_forecast", "members"), DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "Dự báo"));
  CHECK(f.drawing && !dossier_drawing_has_text(f.drawing, "Khoảng dự báo 95%"));
  teardown(&f);
}

TEST(chart_trend_forecast_of_a_single_year_should_draw_the_point_alone) {
  fixture f = setup();
  cJSON *m = cJSON_GetObjectItem(cJSON_GetObjectItem(f.figures, "indicators"), "members");
  cJSON *years = cJSON_CreateObject();
  cJSON_AddNumberToObject(years, "2020", 4925);
  cJSON_ReplaceItemInObject(m, "years", years);
  cJSON *trend = cJSON_CreateObject();
  cJSON_AddNullToObject(trend, "slope");
  cJSON_AddArrayToObject(trend, "forecast");
  cJSON_ReplaceItemInObject(m, "trend", trend);
  CHECK_INT(draw_chart(&f, "trend_forecast", "members"), DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "4.925"));
  CHECK(f.drawing && !dossier_drawing_has_text(f.drawing, "Xu hướng tuyến tính"));
  teardown(&f);
}

/* y of the first text equal to `text` in the drawing, or -1. */
static double text_y(const dossier_drawing *d, const char *text) {
  for (size_t i = 0; d && i < dossier_drawing_text_count(d); i++) {
    if (strcmp(dossier_drawing_text(d, i), text) != 0) continue;
    double x, y, angle, size;
    int anchor;
    dossier_drawing_text_geometry(d, i, &x, &y, &angle, &size, &anchor);
    return y;
  }
  return -1;
}

TEST(chart_unit_ranking_should_put_the_smallest_first_for_an_at_most_target) {
  fixture f = setup();
  static const double rates[] = {0.4, 0.5, 0.6, 0.5, 0.4};
  cJSON *ind = add_indicator(cJSON_GetObjectItem(f.figures, "indicators"), "discipline_rate",
                             "Tỷ lệ đảng viên bị kỷ luật", "%", "rate", rates);
  set_target(ind, 1, "year", "at_most");
  cJSON *units = cJSON_GetObjectItem(f.figures, "units");
  add_unit(units, "Chi bộ A", "discipline_rate", 2.0);
  add_unit(units, "Chi bộ B", "discipline_rate", 0.5);
  add_unit(units, "Chi bộ C", "discipline_rate", 1.0);
  CHECK_INT(draw_chart(&f, "unit_ranking", "discipline_rate"), DOSSIER_OK);
  double a = text_y(f.drawing, "Chi bộ A"), b = text_y(f.drawing, "Chi bộ B"),
         c = text_y(f.drawing, "Chi bộ C");
  CHECK(a > 0 && b > 0 && c > 0);
  CHECK(b < c && c < a); /* y grows downward: B on top, A at the bottom */
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "Chỉ tiêu: không quá 1%"));
  teardown(&f);
}

TEST(chart_gnuplot_that_talks_a_lot_should_fail_the_chart_with_its_first_words) {
  /* Pretends to be gnuplot: prints 100 KB of complaints, then echoes what
   * print commands ask for, as gnuplot would. */
  fixture f = setup_with_fake_gnuplot(
      "i=0; while [ $i -lt 2000 ]; do echo \"warning: complaint number $i of a very chatty "
      "gnuplot\"; i=$((i+1)); done\n"
      "while IFS= read -r line; do case \"$line\" in \"print '\"*) "
      "s=${line#print \\'}; echo \"${s%\\'}\" >&2;; esac; done");
  dossier_chart_engine_set_timeout(f.engine, 5000);
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_ERR_SOFTWARE);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "complaint number 0 ");
  dossier_diag_clear(f.diag);
  teardown(&f);
}

TEST(chart_label_that_is_not_utf8_should_still_render) {
  fixture f = setup();
  cJSON *rate = cJSON_GetObjectItem(cJSON_GetObjectItem(f.figures, "indicators"), "clean_strong_rate");
  cJSON_ReplaceItemInObject(rate, "label", cJSON_CreateString("Tỷ lệ \xff\xfe TCCS"));
  CHECK_INT(draw_chart(&f, "rate_threshold", "clean_strong_rate"), DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "Tỷ lệ \xef\xbf\xbd\xef\xbf\xbd TCCS"));
  teardown(&f);
}

TEST(chart_gnuplot_missing_from_path_should_be_unavailable_and_name_the_package) {
  const char *saved = getenv("PATH");
  char *path = saved ? strdup(saved) : NULL;
  unsetenv("DOSSIER_GNUPLOT");
  setenv("PATH", "/nonexistent-dossier-bin", 1);
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "ratings", NULL), DOSSIER_ERR_UNAVAILABLE);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "gnuplot-nox");
  dossier_diag_clear(f.diag);
  if (path) setenv("PATH", path, 1);
  free(path);
  teardown(&f);
}

TEST(chart_writing_to_a_gnuplot_that_closed_its_input_should_not_raise_sigpipe) {
  /* Answers the first chart's sentinel (drawing nothing), then closes its
   * input and lingers: the second chart is written to a closed peer for
   * sure (EPIPE, not SIGPIPE: without MSG_NOSIGNAL this test dies with 141). */
  fixture f = setup_with_fake_gnuplot(
      "while IFS= read -r line; do case \"$line\" in \"print '\"*) "
      "s=${line#print \\'}; echo \"${s%\\'}\" >&2; exec 0<&-; sleep 3; exit 3;; esac; done");
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_ERR_SOFTWARE);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "wrote no chart");
  struct timespec pause = {0, 300 * 1000 * 1000};
  nanosleep(&pause, NULL);
  CHECK_INT(draw_chart(&f, "unit_ranking", "clean_strong_rate"), DOSSIER_ERR_SOFTWARE);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 1), "receiving a chart");
  dossier_diag_clear(f.diag);
  teardown(&f);
}

TEST(chart_of_many_units_should_be_drawn_whole_by_a_gnuplot_that_loads_it) {
  /* ~0,5 MB of script: more than a socket buffer, read by gnuplot from its
   * file; as many units as a dataset may have (base/limits.h) */
  fixture f = setup();
  cJSON *units = cJSON_GetObjectItem(f.figures, "units");
  for (int i = 0; i < DOSSIER_LIMIT_UNITS; i++) {
    char name[64];
    snprintf(name, sizeof name, "Chi bộ cơ sở có tên khá dài số %d", i);
    add_unit(units, name, "clean_strong_rate", 80 + i % 20);
  }
  CHECK_INT(draw_chart(&f, "unit_ranking", "clean_strong_rate"), DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "Chi bộ cơ sở có tên khá dài số 0"));
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "Chi bộ cơ sở có tên khá dài số 9999"));
  teardown(&f);
}

TEST(chart_error_inside_the_loaded_script_should_fail_the_chart_with_gnuplots_words) {
  /* A real gnuplot behind a filter that slips a bad command into the middle
   * of the first script it is told to load: gnuplot ends the load there,
   * and the chart must fail with its message, not hang or pass. */
  fixture f = setup_with_fake_gnuplot(
      "n=0\n"
      "while IFS= read -r line; do\n"
      "  case \"$line\" in \"load '\"*) p=${line#load \\'}; p=${p%\\'}; n=$((n+1));\n"
      "    [ $n = 1 ] && sed -i '4a nosuchcommand_in_the_middle 1' \"$p\";; esac\n"
      "  printf '%s\\n' \"$line\"\n"
      "done | gnuplot \"$@\"");
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_ERR_SOFTWARE);
  CHECK(f.drawing == NULL);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "invalid command");
  dossier_diag_clear(f.diag);
  /* The same gnuplot goes on: the next chart is drawn whole. */
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_OK);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "2020"));
  teardown(&f);
}

TEST(chart_engine_should_leave_no_script_or_svg_behind) {
  char *tmp = support_temp_dir("tmpdir");
  CHECK(tmp != NULL);
  if (!tmp) return;
  const char *saved = getenv("TMPDIR");
  char *old = saved ? strdup(saved) : NULL;
  setenv("TMPDIR", tmp, 1);
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "ratings", NULL), DOSSIER_OK);
  teardown(&f);
  if (old) setenv("TMPDIR", old, 1);
  else unsetenv("TMPDIR");
  free(old);
  /* The engine's private directory was made under TMPDIR and removed whole. */
  CHECK(rmdir(tmp) == 0);
  free(tmp);
}

TEST(chart_tick_labels_should_use_the_decimal_comma) {
  fixture f = setup();
  cJSON *rate = cJSON_GetObjectItem(cJSON_GetObjectItem(f.figures, "indicators"), "clean_strong_rate");
  cJSON_ReplaceItemInObject(rate, "target", cJSON_CreateNull()); /* a narrow range: ticks in tenths */
  CHECK_INT(draw_chart(&f, "rate_threshold", "clean_strong_rate"), DOSSIER_OK);
  int comma_ticks = 0, dot_ticks = 0;
  for (size_t i = 0; f.drawing && i < dossier_drawing_text_count(f.drawing); i++) {
    double x, y, angle, size;
    int anchor;
    const char *t = dossier_drawing_text(f.drawing, i);
    dossier_drawing_text_geometry(f.drawing, i, &x, &y, &angle, &size, &anchor);
    if (anchor != DOSSIER_ANCHOR_END || x > 100) continue; /* y-axis tick labels only */
    if (strchr(t, ',')) comma_ticks++;
    if (strchr(t, '.')) dot_ticks++;
  }
  CHECK(comma_ticks >= 3);
  CHECK_INT(dot_ticks, 0);
  CHECK(f.drawing && dossier_drawing_has_text(f.drawing, "98,6"));
  teardown(&f);
}

TEST(chart_engine_copied_by_fork_should_start_its_own_gnuplot) {
  fixture f = setup();
  CHECK_INT(draw_chart(&f, "target_bars", "admissions"), DOSSIER_OK);
  fflush(NULL);
  pid_t child = fork();
  if (child == 0) {
    /* The child draws with its copy, then frees it: the parent's gnuplot and
     * temp dir must survive both. */
    dossier_drawing *d = NULL;
    int ok = draw(f.engine, f.figures, "ratings", NULL, NULL, &d, f.diag) == DOSSIER_OK;
    dossier_drawing_free(d);
    dossier_chart_engine_free(f.engine);
    _exit(ok ? 0 : 1);
  }
  int status = -1;
  CHECK(child > 0 && waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  dossier_drawing_free(f.drawing);
  f.drawing = NULL;
  CHECK_INT(draw_chart(&f, "rate_threshold", "clean_strong_rate"), DOSSIER_OK);
  teardown(&f);
}

TEST(chart_of_more_years_than_it_can_draw_should_be_refused_not_cut_short) {
  fixture f = setup();
  cJSON *m = cJSON_GetObjectItem(cJSON_GetObjectItem(f.figures, "indicators"), "members");
  cJSON *years = cJSON_CreateObject();
  for (int y = 1900; y < 2000; y++) {
    char key[16];
    snprintf(key, sizeof key, "%d", y);
    cJSON_AddNumberToObject(years, key, y);
  }
  cJSON_ReplaceItemInObject(m, "years", years);
  CHECK_INT(draw_chart(&f, "target_bars", "members"), DOSSIER_ERR_DATA);
  CHECK_CONTAINS(dossier_diag_message(f.diag, 0), "members");
  dossier_diag_clear(f.diag);
  teardown(&f);
}
