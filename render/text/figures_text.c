#include "render/text/figures_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "render/text/figure.h"
#include "render/text/phrase.h"
#include "render/text/vnfmt.h"
#include "stats/exact.h"

enum { MAX_COLS = 32, CELL = 160 };

/* A text table: cells are fixed-size strings, columns padded to the widest
 * cell, counted in characters so Vietnamese letters line up. */
typedef struct {
  size_t cols, rows, capacity;
  char (*cells)[CELL];
  int right[MAX_COLS]; /* right-align (numbers) */
} table;

static size_t width_of(const char *s) {
  size_t w = 0;
  for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
  return w;
}

static char *cell(table *t, size_t row, size_t col) { return t->cells[row * t->cols + col]; }

/* Appends an empty row; returns its index, or (size_t)-1 when out of memory. */
static size_t add_row(table *t) {
  if (t->rows == t->capacity) {
    size_t grown = t->capacity ? t->capacity * 2 : 16;
    void *p = realloc(t->cells, grown * t->cols * sizeof *t->cells);
    if (!p) return (size_t)-1;
    t->cells = p;
    t->capacity = grown;
  }
  memset(t->cells[t->rows * t->cols], 0, t->cols * sizeof *t->cells);
  return t->rows++;
}

static void set(table *t, size_t row, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void set(table *t, size_t row, size_t col, const char *fmt, ...) {
  if (row == (size_t)-1 || col >= t->cols) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cell(t, row, col), CELL, fmt, ap);
  va_end(ap);
}

static void print_table(FILE *out, const table *t) {
  size_t widths[MAX_COLS] = {0};
  for (size_t r = 0; r < t->rows; r++)
    for (size_t c = 0; c < t->cols; c++) {
      size_t w = width_of(t->cells[r * t->cols + c]);
      if (w > widths[c]) widths[c] = w;
    }
  for (size_t r = 0; r < t->rows; r++) {
    size_t last = 0; /* no padding after the last filled cell: no trailing blanks */
    for (size_t c = 0; c < t->cols; c++)
      if (t->cells[r * t->cols + c][0]) last = c;
    for (size_t c = 0; c <= last; c++) {
      const char *s = t->cells[r * t->cols + c];
      int pad = (int)(widths[c] - width_of(s));
      if (c) fputs("  ", out);
      if (t->right[c] && r > 0) fprintf(out, "%*s%s", pad, "", s);
      else if (c < last) fprintf(out, "%s%*s", s, pad, "");
      else fputs(s, out);
    }
    fputc('\n', out);
    if (r == 0) {
      size_t total = 0;
      for (size_t c = 0; c < t->cols; c++) total += widths[c] + (c ? 2 : 0);
      for (size_t i = 0; i < total; i++) fputc('-', out);
      fputc('\n', out);
    }
  }
}

static const cJSON *get(const cJSON *o, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* Copies what `b` holds into a cell and frees it. */
static void cell_from(char *buf, size_t size, dossier_buf *b) {
  snprintf(buf, size, "%s", dossier_buf_ok(b) ? dossier_buf_str(b) : "?");
  dossier_buf_free(b);
}

/* A figure of indicator `ind` as the PDF prints it (figure.h): `year` > 0 a
 * year's value, 0 the term figure. */
static void figure_cell(char *buf, size_t size, const cJSON *ind, const cJSON *n, int year) {
  dossier_buf b = DOSSIER_BUF_INIT;
  dossier_figure_print(&b, ind, n, year, 0);
  cell_from(buf, size, &b);
}

/* A bare number (a count of a table, a percentage with its "%"). */
static void number_cell(char *buf, size_t size, const cJSON *n, int percent) {
  dossier_buf b = DOSSIER_BUF_INIT;
  dossier_figure_print_number(&b, n, -1, percent);
  cell_from(buf, size, &b);
}

static void number(char *buf, size_t size, const cJSON *n) { number_cell(buf, size, n, 0); }

static void percent(char *buf, size_t size, const cJSON *n) { number_cell(buf, size, n, 1); }

static const char *basis_words(const char *basis) {
  if (!basis) return "";
  if (strcmp(basis, "sum") == 0) return "tổng các năm";
  if (strcmp(basis, "last") == 0) return "năm cuối";
  if (strcmp(basis, "mean") == 0) return "bình quân năm";
  return "";
}

static void print_header(FILE *out, const cJSON *figures) {
  const cJSON *org = get(figures, "organization");
  const cJSON *name = get(org, "name");
  const cJSON *period = get(figures, "period");
  const cJSON *from = get(period, "from"), *to = get(period, "to");
  fprintf(out, "%s", cJSON_IsString(name) ? name->valuestring : "");
  if (cJSON_IsNumber(from) && cJSON_IsNumber(to))
    fprintf(out, " — nhiệm kỳ %d – %d", from->valueint, to->valueint);
  fputc('\n', out);
  const cJSON *dataset = get(figures, "dataset");
  if (cJSON_IsString(dataset)) fprintf(out, "Số liệu: %s\n", dataset->valuestring);
  fputc('\n', out);
}

static void print_indicators(FILE *out, const cJSON *figures) {
  const cJSON *period = get(figures, "period");
  const cJSON *from = get(period, "from"), *to = get(period, "to");
  int y0 = cJSON_IsNumber(from) ? from->valueint : 0, y1 = cJSON_IsNumber(to) ? to->valueint : -1;
  /* only the years some indicator has, so a 2015–2020 term without 2015 data
   * does not print an empty column */
  int used[64] = {0};
  size_t nyears = (size_t)(y1 - y0 + 1) <= 64 && y1 >= y0 ? (size_t)(y1 - y0 + 1) : 0;
  const cJSON *indicators = get(figures, "indicators");
  const cJSON *ind;
  cJSON_ArrayForEach(ind, indicators) {
    const cJSON *y;
    cJSON_ArrayForEach(y, get(ind, "years")) {
      long year = strtol(y->string, NULL, 10);
      if (year >= y0 && year <= y1 && (size_t)(year - y0) < nyears) used[year - y0] = 1;
    }
  }
  size_t year_cols = 0;
  for (size_t i = 0; i < nyears; i++) year_cols += used[i] != 0;
  if (year_cols + 6 > MAX_COLS) year_cols = 0;
  table t = {year_cols + 6, 0, 0, NULL, {0}};
  size_t r = add_row(&t), c = 0;
  set(&t, r, c++, "Chỉ tiêu");
  set(&t, r, c++, "Đơn vị");
  for (size_t i = 0; i < nyears && year_cols; i++)
    if (used[i]) {
      t.right[c] = 1;
      set(&t, r, c++, "%d", y0 + (int)i);
    }
  t.right[c] = 1;
  set(&t, r, c++, "Nhiệm kỳ");
  set(&t, r, c++, "Cách tính");
  t.right[c] = 1;
  set(&t, r, c++, "Chỉ tiêu đề ra");
  set(&t, r, c++, "Đánh giá");
  cJSON_ArrayForEach(ind, indicators) {
    const cJSON *label = get(ind, "label"), *unit = get(ind, "unit");
    char buf[CELL];
    r = add_row(&t);
    c = 0;
    set(&t, r, c++, "%s", cJSON_IsString(label) ? label->valuestring : ind->string);
    set(&t, r, c++, "%s", cJSON_IsString(unit) ? unit->valuestring : "");
    for (size_t i = 0; i < nyears && year_cols; i++) {
      if (!used[i]) continue;
      char key[16];
      snprintf(key, sizeof key, "%d", y0 + (int)i);
      const cJSON *v = get(get(ind, "years"), key);
      if (v) figure_cell(buf, sizeof buf, ind, v, y0 + (int)i);
      set(&t, r, c++, "%s", v ? buf : "");
    }
    figure_cell(buf, sizeof buf, ind, get(ind, "term"), 0);
    set(&t, r, c++, "%s", buf);
    const cJSON *basis = get(ind, "basis"), *pooled = get(ind, "pooled");
    const char *how = basis_words(cJSON_IsString(basis) ? basis->valuestring : NULL);
    if (cJSON_IsNumber(pooled)) {
      figure_cell(buf, sizeof buf, ind, pooled, -1);
      set(&t, r, c++, "%s; gộp %s", how, buf);
    } else if (cJSON_IsTrue(get(ind, "derived_from_units"))) {
      set(&t, r, c++, "%s (cộng từ đơn vị)", how);
    } else {
      set(&t, r, c++, "%s", how);
    }
    const cJSON *target = get(ind, "target");
    if (cJSON_IsObject(target)) {
      dossier_buf b = DOSSIER_BUF_INIT;
      const cJSON *dir = get(target, "direction");
      if (cJSON_IsString(dir) && strcmp(dir->valuestring, "at_most") == 0)
        dossier_buf_adds(&b, "không quá ");
      dossier_figure_print_target(&b, ind);
      cell_from(buf, sizeof buf, &b);
      set(&t, r, c++, "%s", buf);
      if (!dossier_phrase_target(&b, ind)) dossier_buf_adds(&b, DOSSIER_FIGURE_NONE);
      cell_from(buf, sizeof buf, &b);
      set(&t, r, c++, "%s", buf);
    }
  }
  print_table(out, &t);
  free(t.cells);
  fputs("Tỷ lệ tính bằng %; \"gộp\": tỷ lệ tính từ tổng tử số / tổng mẫu số.\n", out);
}

static void print_units(FILE *out, const cJSON *figures) {
  const cJSON *ind;
  int any = 0;
  cJSON_ArrayForEach(ind, get(figures, "indicators")) {
    const cJSON *units = get(ind, "units");
    if (!cJSON_IsObject(units)) continue;
    if (!any) fputs("\nPhân bố theo đơn vị trực thuộc\n", out);
    any = 1;
    const cJSON *label = get(ind, "label");
    char lo[64], hi[64], med[64];
    const cJSON *min = get(units, "min"), *max = get(units, "max");
    figure_cell(lo, sizeof lo, ind, get(min, "value"), -1);
    figure_cell(hi, sizeof hi, ind, get(max, "value"), -1);
    figure_cell(med, sizeof med, ind, get(units, "median"), -1);
    const cJSON *minu = get(min, "unit"), *maxu = get(max, "unit");
    fprintf(out, "- %s: %d/%d đơn vị báo cáo; thấp nhất %s (%s), cao nhất %s (%s), trung vị %s",
            cJSON_IsString(label) ? label->valuestring : ind->string,
            get(units, "reporting") ? get(units, "reporting")->valueint : 0,
            get(units, "count") ? get(units, "count")->valueint : 0, lo,
            cJSON_IsString(minu) ? minu->valuestring : "", hi,
            cJSON_IsString(maxu) ? maxu->valuestring : "", med);
    const cJSON *meeting = get(units, "meeting_target"), *with = get(units, "with_target");
    const cJSON *pct = get(units, "meeting_target_pct");
    if (cJSON_IsNumber(meeting) && cJSON_IsNumber(with) && cJSON_IsNumber(pct)) {
      char p[64];
      percent(p, sizeof p, pct);
      fprintf(out, "; đạt chỉ tiêu %d/%d đơn vị (%s)", meeting->valueint, with->valueint, p);
    }
    fputs("\n", out);
  }
}

static void print_ratings(FILE *out, const cJSON *figures) {
  const char *keys[2] = {"organizations", "members"};
  const char *titles[2] = {"Xếp loại tổ chức cơ sở đảng", "Xếp loại đảng viên"};
  for (int k = 0; k < 2; k++) {
    const cJSON *table_node = get(get(figures, "ratings"), keys[k]);
    if (!cJSON_IsObject(table_node)) continue;
    fprintf(out, "\n%s\n", titles[k]);
    table t = {6, 0, 0, NULL, {0, 1, 1, 1, 1, 1}};
    size_t r = add_row(&t);
    set(&t, r, 0, "Năm");
    set(&t, r, 1, "Mức 1");
    set(&t, r, 2, "Mức 2");
    set(&t, r, 3, "Mức 3");
    set(&t, r, 4, "Mức 4");
    set(&t, r, 5, "Tổng");
    const cJSON *y;
    cJSON_ArrayForEach(y, get(table_node, "years")) {
      r = add_row(&t);
      set(&t, r, 0, "%s", y->string);
      const cJSON *level;
      size_t c = 1;
      cJSON_ArrayForEach(level, get(y, "levels")) {
        char n[64], p[64];
        number(n, sizeof n, get(level, "count"));
        const cJSON *pct = get(level, "pct");
        percent(p, sizeof p, pct);
        set(&t, r, c++, "%s (%s)", n, p);
      }
      char total[64];
      number(total, sizeof total, get(y, "total"));
      set(&t, r, 5, "%s", total);
    }
    print_table(out, &t);
    free(t.cells);
    /* the labels changed in 2018: print the scales that occur */
    int pre = 0, post = 0;
    cJSON_ArrayForEach(y, get(table_node, "years")) {
      const cJSON *scale = get(y, "scale");
      int is_pre = cJSON_IsString(scale) && strcmp(scale->valuestring, "pre2018") == 0;
      if ((is_pre && pre) || (!is_pre && post)) continue;
      if (is_pre) pre = 1; else post = 1;
      fprintf(out, "%s:", is_pre ? "Trước 2018" : "Từ 2018");
      const cJSON *level;
      int i = 1;
      cJSON_ArrayForEach(level, get(y, "levels")) {
        const cJSON *l = get(level, "label");
        fprintf(out, "%s %d = %s", i > 1 ? ";" : "", i,
                cJSON_IsString(l) ? l->valuestring : "");
        i++;
      }
      fputc('\n', out);
    }
  }
}

static void print_membership(FILE *out, const cJSON *figures) {
  const cJSON *m = get(figures, "membership");
  if (!cJSON_IsObject(m)) return;
  static const char *const fields[] = {"start", "admitted", "transferred_in", "reinstated",
                                       "died", "expelled", "struck_off", "resigned",
                                       "transferred_out", "end"};
  static const char *const heads[] = {"Đầu năm", "Kết nạp", "Chuyển đến", "Phục hồi", "Từ trần",
                                      "Khai trừ", "Xóa tên", "Xin ra", "Chuyển đi", "Cuối năm"};
  fputs("\nBiến động đảng viên (Biểu 1)\n", out);
  table t = {11, 0, 0, NULL, {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}};
  size_t r = add_row(&t);
  set(&t, r, 0, "Năm");
  for (size_t k = 0; k < 10; k++) set(&t, r, k + 1, "%s", heads[k]);
  const cJSON *y;
  cJSON_ArrayForEach(y, get(m, "years")) {
    r = add_row(&t);
    set(&t, r, 0, "%s", y->string);
    for (size_t k = 0; k < 10; k++) {
      char n[64];
      number(n, sizeof n, get(y, fields[k]));
      set(&t, r, k + 1, "%s", n);
    }
  }
  const cJSON *term = get(m, "term");
  if (cJSON_IsObject(term)) {
    r = add_row(&t);
    set(&t, r, 0, "Cả nhiệm kỳ");
    for (size_t k = 0; k < 10; k++) {
      char n[64];
      number(n, sizeof n, get(term, fields[k]));
      set(&t, r, k + 1, "%s", n);
    }
  }
  print_table(out, &t);
  free(t.cells);
}

static void figures_print_text_unscoped(FILE *out, const cJSON *figures) {
  if (!out || !figures) return;
  print_header(out, figures);
  print_indicators(out, figures);
  print_units(out, figures);
  print_ratings(out, figures);
  print_membership(out, figures);
}

/* (the large exact values it makes live until this returns) */
void dossier_figures_print_text(FILE *out, const cJSON *figures) {
  dossier_exact_scope_enter();
  figures_print_text_unscoped(out, figures);
  dossier_exact_scope_leave();
}
