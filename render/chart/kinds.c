/* chart_kinds.c: the gnuplot script of each chart kind, from the figures tree.
 *
 * House style for a signed report printed in black and white: Liberation
 * Serif, thin black axes on the left and bottom only, light grey grid, grey
 * bars with black outlines, black lines told apart by dashes and point shapes,
 * the key under the plot. Tick labels and value labels are formatted here the
 * Vietnamese way ("4.925", "98,5"), because gnuplot has a decimal comma
 * (`set decimalsign ','`, kept for anything it formats itself) but no
 * thousands dot.
 *
 * Safety (gnuplot_quote.h): every piece of user text — titles, labels, units,
 * unit names — goes through dossier_gp_quoted; datablocks carry numbers and
 * labels we formatted, with a random terminator. Unit names are tick labels
 * (quoted strings), not datablock fields, because gnuplot's data parser eats a
 * leading double quote and the name would not print as written. */
#include "render/chart/kinds.h"

#include "render/chart/chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/text/figure.h"
#include "stats/dataset.h"
#include "render/text/vnfmt.h"

typedef struct {
  int year;
  double value;       /* where it is drawn */
  const cJSON *node;  /* the figure itself, exact, for its label */
} point;

enum {
  MAX_YEARS = DOSSIER_MAX_YEARS + 1, /* every year of a period (stats/dataset.h) */
  /* Line lengths (characters) that fit a 600-unit canvas in 11-13 pt. */
  TITLE_CHARS = 80,
  SUBTITLE_CHARS = 95,
  KEY_CHARS = 60,
  AXIS_CHARS = 70,
  UNIT_NAME_CHARS = 38,
  CROWDED_NAME_CHARS = 72,
};

/* ---- numbers ---- */

/* A number the way gnuplot reads it: C syntax whatever the locale. */
static void gp_number(dossier_buf *script, double value) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.17g", value); /* every digit: an axis of 9·10^14 + 18 is not empty */
  for (char *p = buf; *p; p++)
    if (*p == ',') *p = '.';
  dossier_gp_printf(script, "%s", buf);
}

/* A figure's label, in the one printed form of figures (render/text/figure.h):
 * at least the decimals shared by the chart's labels, more when the figure
 * missed its target (`year` > 0: that year's verdict; -1: none, see
 * dossier_figure_node_decimals), so a chart and a sentence agree; `buf` is
 * cut at a character boundary if it is too small. */
static void figure_label(char *buf, size_t size, const cJSON *indicator, const cJSON *node,
                         int year, int decimals) {
  dossier_exact v;
  dossier_buf b = DOSSIER_BUF_INIT;
  if (dossier_exact_of(node, &v) != 0) {
    dossier_buf_adds(&b, DOSSIER_FIGURE_NONE);
  } else {
    int own = dossier_figure_node_decimals(indicator, v, year);
    dossier_figure_format_places(&b, NULL, NULL, v, own > decimals ? own : decimals, 0);
  }
  snprintf(buf, size, "%s", dossier_buf_ok(&b) ? dossier_buf_str(&b) : "?");
  dossier_buf_free(&b);
}

/* A share's label (a rating level's pct) as every other place prints it:
 * one decimal, and 99,95 for 1.999 of 2.000, never 100,0. */
static void share_label(char *buf, size_t size, const cJSON *node) {
  dossier_buf b = DOSSIER_BUF_INIT;
  dossier_figure_print_number(&b, node, 1, 0);
  snprintf(buf, size, "%s", dossier_buf_ok(&b) ? dossier_buf_str(&b) : "?");
  dossier_buf_free(&b);
}

/* Decimals of a series' labels: the most any of its figures usually needs. */
static int decimals_for(const char *kind, const char *unit, const point *points, size_t n) {
  int decimals = dossier_figure_is_rate(kind, unit) ? 1 : 0;
  for (size_t i = 0; i < n; i++) {
    dossier_exact v;
    if (dossier_exact_of(points[i].node, &v) != 0) continue;
    int d = dossier_figure_decimals(kind, unit, v);
    if (d > decimals) decimals = d;
  }
  return decimals;
}

/* Sets `axis` to [lo, hi] widened to whole steps of a 1-2-5 series, with
 * about `count` ticks labelled by us. */
static void nice_axis(dossier_buf *script, char axis, double lo, double hi, int count) {
  if (!(hi > lo)) {
    double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  double raw = (hi - lo) / count, magnitude = pow(10, floor(log10(raw)));
  double step = magnitude;
  if (raw / magnitude > 5) step = 10 * magnitude;
  else if (raw / magnitude > 2) step = 5 * magnitude;
  else if (raw / magnitude > 1) step = 2 * magnitude;
  int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
  if (decimals > 6) decimals = 6;
  double first = floor(lo / step + 1e-9) * step, last = ceil(hi / step - 1e-9) * step;
  dossier_gp_printf(script, "set %crange [", axis);
  gp_number(script, first);
  dossier_gp_printf(script, ":");
  gp_number(script, last);
  dossier_gp_printf(script, "]\nset %ctics (", axis);
  int k = 0;
  for (double v = first; v <= last + step * 1e-6 && k < 60; v = first + step * ++k) {
    char label[64]; /* an axis number, not a figure */
    if (dossier_vnfmt_number(label, sizeof label, fabs(v) < step * 1e-9 ? 0 : v, decimals) < 0)
      snprintf(label, sizeof label, "?");
    dossier_gp_printf(script, "%s'%s' ", k ? ", " : "", label);
    gp_number(script, v);
  }
  dossier_gp_printf(script, ")\n");
}

/* A percentage axis ends at 100 when no value is above it: an axis to 150 %
 * looks like a mistake in a report. `top` is the largest value drawn. */
static double percent_cap(const char *unit, double hi, double top) {
  if (unit && strcmp(unit, "%") == 0 && hi > 100 && top <= 100) return 100;
  return hi;
}

/* ---- reading the figures tree ---- */

static int compare_points(const void *a, const void *b) {
  const point *p = a, *q = b;
  return (p->year > q->year) - (p->year < q->year);
}

/* The yearly values of an indicator ("years": {"2016": 182, …}), by year;
 * null and non-numeric entries are skipped. Returns the count, or max + 1
 * when there are more than max. */
static size_t read_years(const cJSON *years, point *out, size_t max) {
  size_t n = 0;
  const cJSON *item;
  cJSON_ArrayForEach(item, years) {
    if (!cJSON_IsNumber(item) || !item->string) continue;
    if (n == max) return max + 1; /* too many: the caller refuses */
    char *end = NULL;
    long year = strtol(item->string, &end, 10);
    if (end == item->string || *end != '\0' || year < 1000 || year > 9999) continue;
    if (!isfinite(item->valuedouble)) continue;
    out[n].year = (int)year;
    out[n].value = item->valuedouble;
    out[n].node = item;
    n++;
  }
  qsort(out, n, sizeof *out, compare_points);
  return n;
}

static const char *string_of(const cJSON *object, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

static int number_of(const cJSON *object, const char *key, double *value) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) return 0;
  *value = item->valuedouble;
  return 1;
}

typedef struct {
  const dossier_chart_request *request;
  const cJSON *figures;
  dossier_diag *diag;
  dossier_buf *script;
  char token[DOSSIER_GP_TOKEN_LENGTH + 1];
  const char *id;
  const cJSON *indicator;
  const char *label, *unit, *kind;
  size_t title_chars; /* 0: TITLE_CHARS; narrower where the plot is off-centre */
} chart;

static dossier_status data_error(chart *c, const char *what) {
  char path[256];
  snprintf(path, sizeof path, "indicators.%s", c->id ? c->id : "?");
  /* at the place the template asks for the chart */
  return dossier_diag_add(c->diag, DOSSIER_ERR_DATA, c->request->file, c->request->line,
                          c->request->col, path, "cannot draw the %s chart of indicator \"%s\": %s",
                          c->request->kind, c->id ? c->id : "", what);
}

static dossier_status find_indicator(chart *c) {
  c->id = c->request->indicator;
  if (!c->id || !*c->id) return data_error(c, "the chart names no indicator");
  const cJSON *indicators = cJSON_GetObjectItemCaseSensitive(c->figures, "indicators");
  c->indicator = cJSON_GetObjectItemCaseSensitive(indicators, c->id);
  if (!cJSON_IsObject(c->indicator)) return data_error(c, "no such indicator in the figures");
  c->label = string_of(c->indicator, "label");
  if (!c->label) c->label = c->id;
  c->unit = string_of(c->indicator, "unit");
  c->kind = string_of(c->indicator, "kind");
  return DOSSIER_OK;
}

/* ---- script pieces ---- */

static void house_style(chart *c, const char *xlabel, const char *ylabel) {
  dossier_buf *s = c->script;
  dossier_gp_printf(s,
                    "set datafile separator \"\\t\"\n"
                    "set datafile commentschars ''\n"
                    "set border 3 lw 1 lc rgb 'black'\n"
                    "set tics nomirror out scale 0.5 textcolor rgb 'black'\n"
                    "set grid ytics lt 1 lw 0.5 lc rgb '#d0d0d0'\n"
                    "set key below center horizontal Left reverse samplen 2.5 spacing 1.2 "
                    "width 1 textcolor rgb 'black'\n"
                    "set style fill solid 1.0 border lc rgb 'black'\n");
  if (xlabel) {
    dossier_gp_printf(s, "set xlabel ");
    dossier_gp_quoted_lines(s, xlabel, AXIS_CHARS);
    dossier_gp_printf(s, "\n");
  }
  if (ylabel) {
    dossier_gp_printf(s, "set ylabel ");
    dossier_gp_quoted_lines(s, ylabel, AXIS_CHARS);
    dossier_gp_printf(s, "\n");
  }
}

/* The title: request->title when given, else `fallback`; `second` (may be
 * NULL) is a smaller line under it. */
static void title(chart *c, const char *fallback, const char *second) {
  const char *main = c->request->title && *c->request->title ? c->request->title : fallback;
  dossier_gp_printf(c->script, "set title ");
  size_t width = c->title_chars ? c->title_chars : TITLE_CHARS;
  size_t lines = dossier_gp_quoted_lines(c->script, main, width);
  if (second) {
    dossier_gp_printf(c->script, " . \"\\n\" . ");
    lines += dossier_gp_quoted_lines(c->script, second,
                                     c->title_chars ? c->title_chars : SUBTITLE_CHARS);
  }
  /* Room above the plot for every line of the title (gnuplot drops a line
   * that would start above the canvas). */
  dossier_gp_printf(c->script, " font ',13' textcolor rgb 'black'\nset tmargin %zu\n",
                    (lines < 10 ? lines : 10) + 2);
}

/* Opens datablock `name` with the chart's random terminator. */
static void block_begin(chart *c, const char *name) {
  dossier_gp_printf(c->script, "$%s << EOD_%s\n", name, c->token);
}

static void block_end(chart *c) { dossier_gp_printf(c->script, "EOD_%s\n", c->token); }

/* One datablock row: numbers, then an optional formatted label field. */
static void block_row(chart *c, const double *values, size_t n, const char *label) {
  for (size_t i = 0; i < n; i++) {
    if (i) dossier_gp_printf(c->script, "\t");
    gp_number(c->script, values[i]);
  }
  if (label) {
    dossier_gp_printf(c->script, "\t");
    dossier_gp_field(c->script, label);
  }
  dossier_gp_printf(c->script, "\n");
}

/* Years on the x axis, one tick each, with room for a bar either side. */
static void year_axis(chart *c, int first, int last) {
  dossier_gp_printf(c->script, "set xrange [%g:%g]\nset xtics (", first - 0.6, last + 0.6);
  for (int y = first; y <= last; y++) dossier_gp_printf(c->script, "%s'%d' %d", y > first ? ", " : "", y, y);
  dossier_gp_printf(c->script, ")\n");
}

/* A horizontal reference line at `value` from x0 to x1, as datablock `name`. */
static void level_line(chart *c, const char *name, double x0, double x1, double value) {
  block_begin(c, name);
  double a[2] = {x0, value}, b[2] = {x1, value};
  block_row(c, a, 2, NULL);
  block_row(c, b, 2, NULL);
  block_end(c);
}

/* Appends "Chỉ tiêu: 80%" / "Chỉ tiêu: không quá 1%" (" hằng năm" when `yearly`). */
static void target_text(chart *c, dossier_buf *out, int yearly) {
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(c->indicator, "target");
  const char *direction = string_of(target, "direction");
  dossier_gp_printf(out, "Chỉ tiêu%s: %s", yearly ? " hằng năm" : "",
                    direction && strcmp(direction, "at_most") == 0 ? "không quá " : "");
  dossier_figure_print_target(out, c->indicator); /* as set: 80%, not 80,0% */
}

/* Appends `text` (built with target_text …) as a quoted key title. */
static void quoted_text(chart *c, dossier_buf *text) {
  dossier_gp_quoted_lines(c->script, text->data ? text->data : "", KEY_CHARS);
  if (text->failed) c->script->failed = 1;
  dossier_buf_free(text);
}

static char *axis_label_for_unit(const char *unit, const char *kind) {
  const char *word = kind && strcmp(kind, "rate") == 0 ? "Tỷ lệ" : "Số lượng";
  size_t size = strlen(word) + (unit ? strlen(unit) : 0) + 8;
  char *label = malloc(size);
  if (!label) return NULL;
  if (unit && *unit) snprintf(label, size, "%s (%s)", word, unit);
  else snprintf(label, size, "%s", word);
  return label;
}

/* The yearly series, as datablock $d: year, value, formatted value. */
static void series_block(chart *c, const point *p, size_t n, int decimals) {
  block_begin(c, "d");
  for (size_t i = 0; i < n; i++) {
    char text[96];
    figure_label(text, sizeof text, c->indicator, p[i].node, p[i].year, decimals);
    double row[2] = {p[i].year, p[i].value};
    block_row(c, row, 2, text);
  }
  block_end(c);
}

/* Finds the request's indicator and reads its yearly values into p. */
static dossier_status read_series(chart *c, point *p, size_t *n) {
  dossier_status status = find_indicator(c);
  if (status != DOSSIER_OK) return status;
  *n = read_years(cJSON_GetObjectItemCaseSensitive(c->indicator, "years"), p, MAX_YEARS);
  if (*n == 0) return data_error(c, "no yearly values to draw");
  if (*n > MAX_YEARS) return data_error(c, "more years to draw than a period holds");
  return DOSSIER_OK;
}

/* Ends a series plot: the target line $t with its key title (when `has_goal`;
 * `yearly` says "hằng năm") and the values of $d as labels `offset` above. */
static void plot_target_and_labels(chart *c, int has_goal, int yearly, const char *offset) {
  if (has_goal) {
    dossier_buf line = DOSSIER_BUF_INIT;
    target_text(c, &line, yearly);
    dossier_gp_printf(c->script, ", $t using 1:2 with lines dt (8,5) lw 1.5 lc rgb 'black' title ");
    quoted_text(c, &line);
  }
  dossier_gp_printf(c->script,
                    ", $d using 1:2:3 with labels offset 0,%s font ',10' tc rgb 'black' notitle\n",
                    offset);
}

/* ---- the kinds ---- */

static dossier_status target_bars(chart *c, int *width, int *height) {
  point p[MAX_YEARS];
  size_t n;
  dossier_status status = read_series(c, p, &n);
  if (status != DOSSIER_OK) return status;
  int decimals = decimals_for(c->kind, c->unit, p, n);
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(c->indicator, "target");
  double goal = 0, term = 0;
  int has_goal = number_of(target, "value", &goal);
  const char *scope = string_of(target, "scope");
  int yearly = has_goal && !(scope && strcmp(scope, "term") == 0);
  dossier_buf second = DOSSIER_BUF_INIT;
  if (has_goal && !yearly) {
    /* A term target cannot be drawn against yearly bars: state it. */
    dossier_gp_printf(&second, "Chỉ tiêu cả nhiệm kỳ: ");
    dossier_figure_print_target(&second, c->indicator);
    if (number_of(c->indicator, "term", &term)) {
      dossier_gp_printf(&second, "; thực hiện: ");
      dossier_figure_print(&second, c->indicator,
                           cJSON_GetObjectItemCaseSensitive(c->indicator, "term"), 0, 1);
    }
    if (second.failed) c->script->failed = 1;
  }
  double top = 0, bottom = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i].value > top) top = p[i].value;
    if (p[i].value < bottom) bottom = p[i].value;
  }
  if (yearly && goal > top) top = goal;
  if (!(top > bottom)) top = bottom + 1; /* all zero: still an axis from 0 up */
  char *ylabel = axis_label_for_unit(c->unit, c->kind);
  if (!ylabel) {
    dossier_buf_free(&second);
    return DOSSIER_ERR_NOMEM;
  }
  title(c, c->label, second.data);
  dossier_buf_free(&second);
  house_style(c, "Năm", ylabel);
  free(ylabel);
  year_axis(c, p[0].year, p[n - 1].year);
  nice_axis(c->script, 'y', bottom, percent_cap(c->unit, top * 1.12, top), 5);
  series_block(c, p, n, decimals);
  if (yearly) level_line(c, "t", p[0].year - 0.6, p[n - 1].year + 0.6, goal);
  dossier_gp_printf(c->script,
                    "set boxwidth 0.6 absolute\n"
                    "plot $d using 1:2 with boxes fc rgb '#bfbfbf' title 'Thực hiện'");
  plot_target_and_labels(c, yearly, 1, "0.8");
  *width = 600;
  *height = 360;
  return DOSSIER_OK;
}

static dossier_status rate_threshold(chart *c, int *width, int *height) {
  point p[MAX_YEARS];
  size_t n;
  dossier_status status = read_series(c, p, &n);
  if (status != DOSSIER_OK) return status;
  int decimals = decimals_for(c->kind, c->unit, p, n);
  double goal = 0;
  int has_goal = number_of(cJSON_GetObjectItemCaseSensitive(c->indicator, "target"), "value", &goal);
  double lo = p[0].value, hi = p[0].value;
  for (size_t i = 1; i < n; i++) {
    if (p[i].value < lo) lo = p[i].value;
    if (p[i].value > hi) hi = p[i].value;
  }
  double top_value = hi;
  if (has_goal && goal < lo) lo = goal;
  if (has_goal && goal > hi) hi = goal;
  double pad = (hi - lo) * 0.12;
  if (pad <= 0) pad = fabs(hi) > 0 ? fabs(hi) * 0.05 : 1;
  lo -= pad;
  hi += pad * 1.5; /* room for the value labels above the points */
  if (lo < 0 && p[0].value >= 0) lo = 0;
  hi = percent_cap(c->unit, hi, has_goal && goal > top_value ? goal : top_value);
  char *ylabel = axis_label_for_unit(c->unit, c->kind);
  if (!ylabel) return DOSSIER_ERR_NOMEM;
  title(c, c->label, NULL);
  house_style(c, "Năm", ylabel);
  free(ylabel);
  year_axis(c, p[0].year, p[n - 1].year);
  nice_axis(c->script, 'y', lo, hi, 5);
  series_block(c, p, n, decimals);
  if (has_goal) level_line(c, "t", p[0].year - 0.6, p[n - 1].year + 0.6, goal);
  dossier_gp_printf(c->script,
                    "plot $d using 1:2 with linespoints pt 7 ps 1.1 lw 2 lc rgb 'black' "
                    "title 'Thực hiện'");
  plot_target_and_labels(c, has_goal, 0, "1");
  *width = 600;
  *height = 360;
  return DOSSIER_OK;
}

typedef struct {
  int year;
  double value, low, high;
  int has_interval;
} forecast;

static dossier_status trend_forecast(chart *c, int *width, int *height) {
  point p[MAX_YEARS];
  forecast f[MAX_YEARS];
  size_t n, nf = 0;
  dossier_status status = read_series(c, p, &n);
  if (status != DOSSIER_OK) return status;
  int decimals = decimals_for(c->kind, c->unit, p, n);
  const cJSON *trend = cJSON_GetObjectItemCaseSensitive(c->indicator, "trend");
  double slope = 0;
  int has_trend = number_of(trend, "slope", &slope) && n >= 2;
  const cJSON *item;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(trend, "forecast")) {
    double year, value;
    if (!number_of(item, "year", &year) || !number_of(item, "value", &value)) continue;
    if (nf == MAX_YEARS) return data_error(c, "more than 64 forecast years to draw");
    f[nf].year = (int)year;
    f[nf].value = value;
    f[nf].has_interval = number_of(item, "low", &f[nf].low) && number_of(item, "high", &f[nf].high);
    nf++;
  }
  double lo = p[0].value, hi = p[0].value;
  for (size_t i = 0; i < n; i++) {
    if (p[i].value < lo) lo = p[i].value;
    if (p[i].value > hi) hi = p[i].value;
  }
  for (size_t i = 0; i < nf; i++) {
    double a = f[i].has_interval ? f[i].low : f[i].value, b = f[i].has_interval ? f[i].high : f[i].value;
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  int last_year = nf ? f[nf - 1].year : p[n - 1].year;
  double pad = (hi - lo) * 0.1;
  if (pad <= 0) pad = fabs(hi) > 0 ? fabs(hi) * 0.05 : 1;
  lo -= pad;
  hi += pad * 1.5;
  if (lo < 0 && p[0].value >= 0) lo = 0;
  char *ylabel = axis_label_for_unit(c->unit, c->kind);
  if (!ylabel) return DOSSIER_ERR_NOMEM;
  title(c, c->label, "Xu hướng và dự báo nhiệm kỳ tới");
  house_style(c, "Năm", ylabel);
  free(ylabel);
  year_axis(c, p[0].year, last_year);
  nice_axis(c->script, 'y', lo, hi, 5);
  series_block(c, p, n, decimals);
  if (has_trend) {
    /* The OLS line passes through the mean point of the data it was fitted
     * on, so we need only the slope, whatever year the intercept refers to. */
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
      mx += p[i].year;
      my += p[i].value;
    }
    mx /= (double)n;
    my /= (double)n;
    block_begin(c, "t");
    double a[2] = {p[0].year, my + slope * (p[0].year - mx)};
    double b[2] = {last_year, my + slope * (last_year - mx)};
    block_row(c, a, 2, NULL);
    block_row(c, b, 2, NULL);
    block_end(c);
  }
  size_t intervals = 0;
  if (nf) {
    block_begin(c, "f");
    for (size_t i = 0; i < nf; i++) {
      char text[96];
      /* an estimate, not a figure of the dataset */
      if (dossier_vnfmt_number(text, sizeof text, f[i].value, decimals) < 0) snprintf(text, sizeof text, "?");
      double row[4] = {f[i].year, f[i].value, f[i].has_interval ? f[i].low : f[i].value,
                       f[i].has_interval ? f[i].high : f[i].value};
      intervals += (size_t)f[i].has_interval;
      block_row(c, row, 4, text);
    }
    block_end(c);
    dossier_gp_printf(c->script,
                      "set arrow from %g, graph 0 to %g, graph 1 nohead dt 3 lw 1 lc rgb '#808080'\n",
                      p[n - 1].year + 0.5, p[n - 1].year + 0.5);
  }
  dossier_gp_printf(c->script, "plot ");
  if (intervals >= 2)
    dossier_gp_printf(c->script,
                      "$f using 1:3:4 with filledcurves fc rgb '#b0b0b0' fs transparent solid 0.5 "
                      "noborder title 'Khoảng dự báo 95%%', ");
  if (has_trend)
    dossier_gp_printf(c->script,
                      "$t using 1:2 with lines dt (8,5) lw 1.5 lc rgb 'black' "
                      "title 'Xu hướng tuyến tính', ");
  dossier_gp_printf(c->script,
                    "$d using 1:2 with linespoints pt 7 ps 1.1 lw 2 lc rgb 'black' "
                    "title 'Thực hiện', "
                    "$d using 1:2:3 with labels offset 0,1 font ',10' tc rgb 'black' notitle");
  /* Error bars only when the figures have intervals (they need 3 years). */
  if (nf)
    dossier_gp_printf(c->script,
                      ", $f using 1:2%s pt 6 ps 1.2 lw 1 lc rgb 'black' title 'Dự báo', "
                      "$f using 1:2:5 with labels left offset 1.6,0 font ',10' tc rgb 'black' notitle",
                      intervals ? ":3:4 with yerrorbars" : " with points");
  dossier_gp_printf(c->script, "\n");
  *width = 600;
  *height = 360;
  return DOSSIER_OK;
}

enum { LEVELS = 4 };

static dossier_status ratings(chart *c, int *width, int *height) {
  static const char *const fills[LEVELS] = {"#404040", "#a0a0a0", "#dcdcdc", "#ffffff"};
  const char *group = c->request->indicator && *c->request->indicator ? c->request->indicator
                                                                       : "organizations";
  c->id = group;
  const cJSON *years = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c->figures, "ratings"),
                                       group),
      "years");
  struct {
    int year;
    double pct[LEVELS];
    const cJSON *pct_node[LEVELS];
    const char *label[LEVELS];
  } rows[MAX_YEARS];
  size_t n = 0;
  const cJSON *year;
  cJSON_ArrayForEach(year, years) {
    char *end = NULL;
    long y = year->string ? strtol(year->string, &end, 10) : 0;
    if (!end || *end || y < 1000 || y > 9999) continue;
    if (n == MAX_YEARS)
      return dossier_diag_add(c->diag, DOSSIER_ERR_DATA, c->request->file, c->request->line,
                              c->request->col, "ratings",
                              "cannot draw the ratings chart of \"%s\": more years than a period holds",
                              group);
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(year, "levels");
    if (cJSON_GetArraySize(levels) != LEVELS) continue;
    /* a year rated with a total of 0 has no shares (pct null): an empty column */
    for (int i = 0; i < LEVELS; i++) {
      const cJSON *level = cJSON_GetArrayItem(levels, i);
      if (!number_of(level, "pct", &rows[n].pct[i])) rows[n].pct[i] = 0;
      rows[n].pct_node[i] = cJSON_GetObjectItemCaseSensitive(level, "pct");
      rows[n].label[i] = string_of(level, "label");
    }
    rows[n].year = (int)y;
    n++;
  }
  if (n == 0) {
    char path[128];
    snprintf(path, sizeof path, "ratings.%s", group);
    return dossier_diag_add(c->diag, DOSSIER_ERR_DATA, c->request->file, c->request->line,
                            c->request->col, path,
                            "cannot draw the ratings chart of \"%s\": no yearly ratings with "
                            "four levels",
                            group);
  }
  for (size_t i = 1; i < n; i++) /* insertion sort by year: n is small */
    for (size_t j = i; j > 0 && rows[j - 1].year > rows[j].year; j--) {
      __typeof__(rows[0]) t = rows[j];
      rows[j] = rows[j - 1];
      rows[j - 1] = t;
    }
  int members = strcmp(group, "members") == 0;
  title(c,
        members ? "Kết quả đánh giá, xếp loại chất lượng đảng viên"
                : "Kết quả đánh giá, xếp loại chất lượng tổ chức cơ sở đảng",
        NULL);
  house_style(c, "Năm", "Tỷ lệ (%)");
  dossier_gp_printf(c->script, "set key below center vertical maxrows 4 Left reverse\n");
  year_axis(c, rows[0].year, rows[n - 1].year);
  nice_axis(c->script, 'y', 0, 100, 5);
  for (int level = 0; level < LEVELS; level++) {
    char name[16];
    snprintf(name, sizeof name, "r%d", level);
    block_begin(c, name);
    for (size_t i = 0; i < n; i++) {
      double below = 0;
      for (int k = 0; k < level; k++) below += rows[i].pct[k];
      double top = below + rows[i].pct[level];
      char text[64] = "";
      /* A value only where the segment is tall enough to hold it. */
      if (rows[i].pct[level] >= 6)
        share_label(text, sizeof text, rows[i].pct_node[level]);
      double row[3] = {rows[i].year, below, top};
      block_row(c, row, 3, text);
    }
    block_end(c);
  }
  dossier_gp_printf(c->script, "plot ");
  for (int level = 0; level < LEVELS; level++) {
    /* The key names the level by the labels its years used: the scale
     * changed in 2018, so a term can have two names for one level. */
    dossier_buf key;
    key = (dossier_buf)DOSSIER_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
      const char *label = rows[i].label[level];
      int seen = 0;
      for (size_t k = 0; k < i && label && !seen; k++)
        seen = rows[k].label[level] && strcmp(rows[k].label[level], label) == 0;
      if (label && !seen) dossier_gp_printf(&key, "%s%s", key.length ? " / " : "", label);
    }
    dossier_gp_printf(c->script,
                      "%s$r%d using 1:(($2+$3)/2):($1-0.3):($1+0.3):2:3 with boxxyerror "
                      "fc rgb '%s' title ",
                      level ? ", " : "", level, fills[level]);
    quoted_text(c, &key);
  }
  for (int level = 0; level < LEVELS; level++)
    dossier_gp_printf(c->script,
                      ", $r%d using 1:(($2+$3)/2):4 with labels font ',9' tc rgb '%s' notitle",
                      level, level == 0 ? "white" : "black");
  dossier_gp_printf(c->script, "\n");
  *width = 600;
  *height = 440;
  return DOSSIER_OK;
}

typedef struct {
  const char *name;
  double value;
  const cJSON *own; /* the unit's indicator node: its term figure and target */
} ranked;

static int by_value_descending(const void *a, const void *b) {
  const ranked *p = a, *q = b;
  if (p->value != q->value) return p->value < q->value ? 1 : -1;
  return strcmp(p->name, q->name);
}

static dossier_status unit_ranking(chart *c, int *width, int *height) {
  dossier_status status;
  if ((status = find_indicator(c)) != DOSSIER_OK) return status;
  const cJSON *units = cJSON_GetObjectItemCaseSensitive(c->figures, "units");
  size_t count = (size_t)cJSON_GetArraySize(units), n = 0;
  ranked *r = calloc(count ? count : 1, sizeof *r);
  if (!r) return DOSSIER_ERR_NOMEM;
  const cJSON *unit;
  cJSON_ArrayForEach(unit, units) {
    const cJSON *own = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(unit, "indicators"), c->id);
    const char *name = string_of(unit, "name");
    if (!name || n == count || !number_of(own, "term", &r[n].value)) continue;
    r[n].name = name;
    r[n].own = own;
    n++;
  }
  if (n == 0) {
    free(r);
    return data_error(c, "no unit has a term figure for it");
  }
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(c->indicator, "target");
  const char *direction = string_of(target, "direction");
  int lower_better = direction && strcmp(direction, "at_most") == 0;
  qsort(r, n, sizeof *r, by_value_descending);
  if (lower_better) /* best first: the smallest value leads */
    for (size_t i = 0; i < n / 2; i++) {
      ranked t = r[i];
      r[i] = r[n - 1 - i];
      r[n - 1 - i] = t;
    }
  double goal = 0, top = 0, bottom = 0;
  /* A rate's target holds for every unit; the target of a count or level is
   * the committee's total and says nothing about one unit. */
  int is_rate = c->kind && strcmp(c->kind, "rate") == 0;
  int has_goal = is_rate && number_of(target, "value", &goal);
  int decimals = dossier_figure_is_rate(c->kind, c->unit) ? 1 : 0;
  for (size_t i = 0; i < n; i++) {
    if (r[i].value > top) top = r[i].value;
    if (r[i].value < bottom) bottom = r[i].value;
    dossier_exact v;
    int d = dossier_exact_of(cJSON_GetObjectItemCaseSensitive(r[i].own, "term"), &v) == 0
                ? dossier_figure_decimals(c->kind, c->unit, v)
                : decimals;
    if (d > decimals) decimals = d;
  }
  if (has_goal && goal > top) top = goal;
  char *xlabel = axis_label_for_unit(c->unit, c->kind);
  if (!xlabel) {
    free(r);
    return DOSSIER_ERR_NOMEM;
  }
  /* A long ranking is shrunk to fit a page: smaller type, one line per name,
   * closer rows. */
  int crowded = n > 30;
  size_t name_chars = crowded ? CROWDED_NAME_CHARS : UNIT_NAME_CHARS;
  /* gnuplot centres the title over the plot, which starts right of the
   * names: a narrower title stays inside the canvas. */
  c->title_chars = 46;
  title(c, c->label, "Xếp hạng các tổ chức cơ sở đảng");
  house_style(c, xlabel, NULL);
  free(xlabel);
  dossier_gp_printf(c->script,
                    "unset grid\nset grid xtics lt 1 lw 0.5 lc rgb '#d0d0d0'\nset rmargin 7\n"
                    /* Room for the names, fixed: gnuplot sizes the margin by
                     * bytes, and Vietnamese letters take two or three. */
                    "set lmargin at screen %s\n"
                    "set yrange [0.4:%g]\nset ytics scale 0 font ',%d' (",
                    crowded ? "0.46" : "0.36", (double)n + 0.6, crowded ? 8 : 11);
  /* The first ranked unit at the top. */
  for (size_t i = 0; i < n; i++) {
    if (i) dossier_gp_printf(c->script, ", ");
    dossier_gp_quoted_lines(c->script, r[i].name, name_chars);
    dossier_gp_printf(c->script, " %zu", n - i);
  }
  dossier_gp_printf(c->script, ")\n");
  nice_axis(c->script, 'x', bottom, percent_cap(c->unit, top * 1.15, top), 5);
  block_begin(c, "u");
  for (size_t i = 0; i < n; i++) {
    char text[96];
    figure_label(text, sizeof text, r[i].own, cJSON_GetObjectItemCaseSensitive(r[i].own, "term"), 0,
                 decimals);
    double row[2] = {(double)(n - i), r[i].value};
    block_row(c, row, 2, text);
  }
  block_end(c);
  if (has_goal) {
    block_begin(c, "t");
    double a[2] = {goal, 0.4}, b[2] = {goal, (double)n + 0.6};
    block_row(c, a, 2, NULL);
    block_row(c, b, 2, NULL);
    block_end(c);
  }
  dossier_gp_printf(c->script,
                    "plot $u using ($2/2):1:(0):2:($1-0.32):($1+0.32) with boxxyerror "
                    "fc rgb '#bfbfbf' title 'Thực hiện'");
  if (has_goal) {
    dossier_buf line;
    line = (dossier_buf)DOSSIER_BUF_INIT;
    target_text(c, &line, 0);
    dossier_gp_printf(c->script, ", $t using 1:2 with lines dt (8,5) lw 1.5 lc rgb 'black' title ");
    quoted_text(c, &line);
  }
  dossier_gp_printf(c->script,
                    ", $u using 2:1:3 with labels left offset 0.6,0 font ',%d' tc rgb 'black' "
                    "notitle\n",
                    crowded ? 7 : 10);
  /* Each unit gets a row tall enough for its name's lines (wrapped at
   * name_chars, estimated generously: words do not fill a line). */
  size_t lines = 1;
  for (size_t i = 0; i < n; i++) {
    size_t chars = 0;
    for (const char *q = r[i].name; *q; q++) chars += ((unsigned char)*q & 0xc0) != 0x80;
    size_t need = chars > name_chars ? 1 + (chars - 1) / (name_chars * 4 / 5) : 1;
    if (need > lines) lines = need < 4 ? need : 4;
  }
  *width = 600;
  int row = crowded ? 1 + 11 * (int)lines : 10 + 13 * (int)lines;
  *height = 150 + row * (int)(n < 400 ? n : 400);
  free(r);
  if (*height < 340) *height = 340;
  return DOSSIER_OK;
}

/* The chart kinds, in one list: the template checker asks it too. */
typedef struct {
  const char *name;
  dossier_status (*script)(chart *c, int *width, int *height);
} chart_kind;

static const chart_kind chart_kinds[] = {
    {"target_bars", target_bars}, {"rate_threshold", rate_threshold},
    {"trend_forecast", trend_forecast}, {"ratings", ratings},
    {"unit_ranking", unit_ranking},
};

static const chart_kind *find_kind(const char *name) {
  for (size_t i = 0; i < sizeof chart_kinds / sizeof chart_kinds[0]; i++)
    if (strcmp(chart_kinds[i].name, name) == 0) return &chart_kinds[i];
  return NULL;
}

const char *dossier_chart_kind_name(size_t i) {
  return i < sizeof chart_kinds / sizeof chart_kinds[0] ? chart_kinds[i].name : NULL;
}

dossier_status dossier_chart_kind_script(dossier_buf *script, int *width, int *height,
                                         const dossier_chart_request *request,
                                         const cJSON *figures, dossier_diag *diag) {
  chart c;
  memset(&c, 0, sizeof c);
  c.request = request;
  c.figures = figures;
  c.diag = diag;
  c.script = script;
  c.id = request->indicator;
  if (dossier_gp_random_token(c.token, sizeof c.token) != 0)
    return dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "no randomness for a datablock terminator");
  const char *kind = request->kind ? request->kind : "";
  const chart_kind *k = find_kind(kind);
  if (!k)
    return dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                            "unknown chart kind \"%s\" (known: target_bars, rate_threshold, "
                            "trend_forecast, ratings, unit_ranking)",
                            kind);
  dossier_status status = k->script(&c, width, height);
  if (status == DOSSIER_ERR_NOMEM)
    return dossier_diag_add(diag, status, NULL, 0, 0, NULL, "out of memory");
  if (status == DOSSIER_OK && !dossier_gp_script_ok(script))
    return dossier_diag_nomem(diag);
  return status;
}
