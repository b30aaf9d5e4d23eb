/* layout_table.c: tables in the plain ruled look of official appendices.
 *
 * Column widths come from the content: each column gets at least its widest
 * word and, when room is left, a share in proportion to what its cells would
 * need on one line; the table always spans the text width. Cells wrap, numeric
 * columns (DOSSIER_ALIGN_RIGHT) are right-aligned, the header row is repeated
 * at the top of every page the table continues on, and a total row is bold.
 * A table whose widest words cannot stand side by side at the style's size
 * (many columns of large numbers) is set in a smaller type, down to 8 pt;
 * beyond that it goes on in parts that repeat its key columns (TT, Chỉ
 * tiêu), never cutting a number; only a word too long for a whole page
 * width is cut between characters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/typeset/layout.h"

#define EPSILON 0.01

typedef struct {
  size_t columns, rows;        /* rows: body rows */
  double *width;               /* [columns] */
  dossier_text_style *styles;  /* [columns * 2]: header, body per column */
  dossier_textblock *head;     /* [columns] */
  dossier_textblock *cells;    /* [rows * columns] */
  double head_height;
  double *row_height;          /* [rows] */
  dossier_textblock caption;
  double *minimum;             /* [columns]: the widest word of each, padding included */
  int cut;                     /* the widest words did not fit: long ones are cut */
} table_layout;

static void table_free(table_layout *t) {
  for (size_t c = 0; t->head && c < t->columns; c++) dossier_text_free(&t->head[c]);
  for (size_t i = 0; t->cells && i < t->rows * t->columns; i++) dossier_text_free(&t->cells[i]);
  dossier_text_free(&t->caption);
  free(t->width);
  free(t->styles);
  free(t->head);
  free(t->cells);
  free(t->row_height);
  free(t->minimum);
  memset(t, 0, sizeof *t);
}

static int cell_align(int align) {
  return align == DOSSIER_ALIGN_RIGHT    ? DOSSIER_TEXT_RIGHT
         : align == DOSSIER_ALIGN_CENTER ? DOSSIER_TEXT_CENTER
                                         : DOSSIER_TEXT_LEFT;
}

static const dossier_text_style *row_style(const dossier_flow *f, const dossier_table *table,
                                           size_t row) {
  int total = table->has_total && row + 1 == table->rows;
  return &f->s->el[total ? DOSSIER_EL_TABLE_TOTAL : DOSSIER_EL_TABLE_BODY];
}

static const char *cell_text(const dossier_table *table, size_t row, size_t col) {
  const char *s = table->cells[row * table->columns + col];
  return s ? s : "";
}

/* Distributes the text width over the columns (see the file comment). When
 * not everything fits on one line, columns that need little more than their
 * widest word (numbers, short headings) get all they need first, so only the
 * long text columns wrap; those share what is left in proportion to their need.
 * When even the widest words do not fit, the largest are capped (and cut between
 * characters), never a number or a short word. */
static void column_widths(table_layout *t, const double *natural, const double *minimum,
                          double width) {
  t->cut = 0;
  size_t n = t->columns;
  double sum_nat = 0, sum_min = 0;
  for (size_t c = 0; c < n; c++) {
    sum_nat += natural[c];
    sum_min += minimum[c];
  }
  if (sum_min > width && n > 1) {
    /* The widest words do not fit side by side: one is a long unbreakable
     * run (a 240-character code). The widest columns get a common level, the
     * one at which every column that needs less keeps its whole one-line
     * width; only the long words are then cut between characters in their
     * column, never a number or a short word ("750", never "75" / "0"). */
    double level = width / (double)n;
    for (int changed = 1; changed;) { /* Σ min(natural, level) = width: short columns whole */
      changed = 0;
      double fixed = 0;
      size_t capped = 0;
      for (size_t c = 0; c < n; c++)
        if (natural[c] <= level) fixed += natural[c];
        else capped++;
      double next = capped ? (width - fixed) / (double)capped : level;
      if (next > level + EPSILON) {
        level = next;
        changed = 1;
      }
    }
    for (size_t c = 0; c < n; c++) {
      t->width[c] = natural[c] < level ? natural[c] : level;
      if (t->width[c] + EPSILON < minimum[c]) t->cut = 1;
    }
    return;
  }
  if (sum_nat <= width || sum_min >= width) {
    double total = sum_nat <= width ? sum_nat : sum_min;
    const double *base = sum_nat <= width ? natural : minimum;
    for (size_t c = 0; c < n; c++)
      t->width[c] = total > 0 ? width * base[c] / total : width / (double)n;
    return;
  }
  double left = width - sum_min; /* to share beyond the minimums */
  size_t open = n;
  for (size_t c = 0; c < n; c++) t->width[c] = minimum[c];
  int *done = calloc(n, sizeof *done);
  if (!done) { /* proportional fallback */
    for (size_t c = 0; c < n; c++)
      t->width[c] = minimum[c] + left * (natural[c] - minimum[c]) / (sum_nat - sum_min);
    return;
  }
  for (int changed = 1; changed && open > 0;) {
    changed = 0;
    for (size_t c = 0; c < n; c++) {
      double need = natural[c] - minimum[c];
      if (done[c] || need > left / (double)open) continue;
      t->width[c] = natural[c];
      left -= need;
      done[c] = 1;
      open--;
      changed = 1;
    }
  }
  double rest = 0;
  for (size_t c = 0; c < n; c++)
    if (!done[c]) rest += natural[c] - minimum[c];
  for (size_t c = 0; c < n; c++)
    if (!done[c] && rest > 0) t->width[c] = minimum[c] + left * (natural[c] - minimum[c]) / rest;
  free(done);
}

/* The smallest type a table is set in to keep its widest words whole (pt). */
#define TABLE_SMALLEST_SIZE 8.0

/* The one-line (natural) and widest-word (minimum) width of every column,
 * padding included, in the table's styles. */
static dossier_status measure_columns(dossier_flow *f, const dossier_table *table,
                                      const table_layout *t, double *natural, double *minimum,
                                      double pad) {
  const dossier_style *s = f->s;
  size_t cols = table->columns, rows = table->rows;
  dossier_status st = DOSSIER_OK;
  for (size_t c = 0; c < cols && st == DOSSIER_OK; c++) {
    natural[c] = minimum[c] = 0;
    for (size_t r = 0; r <= rows && st == DOSSIER_OK; r++) {
      int head = r == rows;
      const char *text = head ? (table->header[c] ? table->header[c] : "") : cell_text(table, r, c);
      const dossier_text_style *cs =
          &t->styles[c * 3 + (head ? 0 : (row_style(f, table, r) == &s->el[DOSSIER_EL_TABLE_TOTAL] ? 2 : 1))];
      dossier_textblock tb;
      st = dossier_text_build_plain(&tb, f->fonts, text, cs, 0, f->width, f->diag);
      if (st != DOSSIER_OK) break;
      double nat = dossier_text_natural_width(&tb) + pad;
      double min = dossier_text_min_width(&tb) + pad;
      if (nat > natural[c]) natural[c] = nat;
      if (min > minimum[c]) minimum[c] = min;
      dossier_text_free(&tb);
    }
  }
  return st;
}

static dossier_status table_build(dossier_flow *f, const dossier_table *table, table_layout *t) {
  memset(t, 0, sizeof *t);
  const dossier_style *s = f->s;
  size_t cols = table->columns, rows = table->rows;
  t->columns = cols;
  t->rows = rows;
  double pad = 2 * s->cell_padding_x;
  double *natural = calloc(cols, sizeof *natural), *minimum = calloc(cols, sizeof *minimum);
  t->width = calloc(cols, sizeof *t->width);
  t->styles = calloc(cols * 3, sizeof *t->styles);
  t->head = calloc(cols, sizeof *t->head);
  t->cells = calloc(rows * cols + 1, sizeof *t->cells);
  t->row_height = calloc(rows ? rows : 1, sizeof *t->row_height);
  dossier_status st = DOSSIER_OK;
  if (!natural || !minimum || !t->width || !t->styles || !t->head || !t->cells || !t->row_height) {
    st = dossier_diag_nomem(f->diag);
    goto done;
  }
  /* cell styles: the element's type, the column's alignment, no paragraph indents */
  for (size_t c = 0; c < cols; c++) {
    const dossier_text_style *base[3] = {&s->el[DOSSIER_EL_TABLE_HEAD], &s->el[DOSSIER_EL_TABLE_BODY],
                                         &s->el[DOSSIER_EL_TABLE_TOTAL]};
    for (int k = 0; k < 3; k++) {
      dossier_text_style *cs = &t->styles[c * 3 + (size_t)k];
      *cs = *base[k];
      cs->first_indent = cs->indent = cs->hanging = 0;
      cs->space_before = cs->space_after = 0;
      if (k > 0) cs->align = cell_align(table->align[c]);
    }
  }
  /* first pass: measure at the full width to learn natural and minimum widths */
  st = measure_columns(f, table, t, natural, minimum, pad);
  if (st != DOSSIER_OK) goto done;
  /* the widest words do not fit side by side (many columns of large numbers):
   * a smaller type for the whole table when that makes them fit */
  double sum_min = 0;
  for (size_t c = 0; c < cols; c++) sum_min += minimum[c];
  double words = sum_min - (double)cols * pad, room = f->width - (double)cols * pad;
  if (sum_min > f->width && words > 0 && room > 0) {
    double factor = room / words * 0.995, body = s->el[DOSSIER_EL_TABLE_BODY].size;
    if (body > 0 && factor * body >= TABLE_SMALLEST_SIZE) {
      for (size_t k = 0; k < cols * 3; k++) t->styles[k].size *= factor;
      st = measure_columns(f, table, t, natural, minimum, pad);
      if (st != DOSSIER_OK) goto done;
    }
  }
  column_widths(t, natural, minimum, f->width);
  /* second pass: break every cell in its column (a column exactly its widest
   * word wide must not break that word over a rounding error) */
  double pad_y = 2 * s->cell_padding_y;
  for (size_t c = 0; c < cols && st == DOSSIER_OK; c++) {
    st = dossier_text_build_plain(&t->head[c], f->fonts, table->header[c], &t->styles[c * 3], 0,
                                  t->width[c] - pad + EPSILON, f->diag);
    if (st == DOSSIER_OK) {
      double h = (double)t->head[c].line_count * t->head[c].line_height + pad_y;
      if (h > t->head_height) t->head_height = h;
    }
  }
  for (size_t r = 0; r < rows && st == DOSSIER_OK; r++) {
    int total = row_style(f, table, r) == &s->el[DOSSIER_EL_TABLE_TOTAL];
    for (size_t c = 0; c < cols && st == DOSSIER_OK; c++) {
      dossier_textblock *tb = &t->cells[r * cols + c];
      st = dossier_text_build_plain(tb, f->fonts, cell_text(table, r, c),
                                    &t->styles[c * 3 + (total ? 2 : 1)], 0, t->width[c] - pad + EPSILON,
                                    f->diag);
      if (st == DOSSIER_OK) {
        double h = (double)tb->line_count * tb->line_height + pad_y;
        if (h > t->row_height[r]) t->row_height[r] = h;
      }
    }
  }
  if (st == DOSSIER_OK && table->caption)
    st = dossier_text_build_plain(&t->caption, f->fonts, table->caption,
                                  &s->el[DOSSIER_EL_CAPTION], 0, f->width, f->diag);
done:
  free(natural);
  t->minimum = minimum;
  if (st != DOSSIER_OK) table_free(t);
  return st;
}

/* What must fit on a page for the table to start there: caption, header row
 * and the first row, or the first lines of a first row that would split anyway. */
static double start_height(const dossier_flow *f, const table_layout *t);

static double caption_height(const dossier_flow *f, const table_layout *t) {
  if (!t->caption.line_count) return 0;
  const dossier_text_style *ts = &f->s->el[DOSSIER_EL_CAPTION];
  return ts->space_before + (double)t->caption.line_count * t->caption.line_height + ts->space_after;
}

dossier_status dossier_layout_table_keep(dossier_flow *f, const dossier_table *table,
                                         double *height) {
  table_layout t;
  dossier_status st = table_build(f, table, &t);
  if (st != DOSSIER_OK) return st;
  *height = f->s->table_space_before + start_height(f, &t);
  table_free(&t);
  return DOSSIER_OK;
}

static double start_height(const dossier_flow *f, const table_layout *t) {
  double first = t->rows ? t->row_height[0] : 0;
  if (first > f->bottom - f->top - t->head_height && t->columns) {
    double lines = (double)(f->s->keep_with_next_lines > 0 ? f->s->keep_with_next_lines : 1);
    first = 2 * f->s->cell_padding_y + lines * t->cells[0].line_height;
  }
  return caption_height(f, t) + t->head_height + first;
}

/* Draws lines [from[c], from[c] + count[c]) of each cell of a row (all of
 * them when from is NULL), with the grid, `height` tall, its top at flow y. */
static void draw_cells(dossier_flow *f, const table_layout *t, const dossier_textblock *cells,
                       const size_t *from, const size_t *count, double height) {
  const dossier_style *s = f->s;
  double x = f->x0;
  double top = dossier_flow_pdf_y(f, f->y);
  HPDF_Page_SetLineWidth(f->page, (HPDF_REAL)s->grid_width);
  for (size_t c = 0; c < t->columns; c++) {
    HPDF_Page_Rectangle(f->page, (HPDF_REAL)x, (HPDF_REAL)(top - height), (HPDF_REAL)t->width[c],
                        (HPDF_REAL)height);
    x += t->width[c];
  }
  HPDF_Page_Stroke(f->page);
  x = f->x0;
  for (size_t c = 0; c < t->columns; c++) {
    dossier_text_draw(&cells[c], f->fonts, f->page, x + s->cell_padding_x,
                      top - s->cell_padding_y, from ? from[c] : 0,
                      count ? count[c] : cells[c].line_count);
    x += t->width[c];
  }
  f->y += height;
}

static void draw_row(dossier_flow *f, const table_layout *t, const dossier_textblock *cells,
                     double height) {
  draw_cells(f, t, cells, NULL, NULL, height);
}

/* A row taller than a page's room is split between lines: each page takes
 * the lines of every cell that fit, under a repeated header row. */
static dossier_status draw_split_row(dossier_flow *f, const table_layout *t, size_t r) {
  const dossier_textblock *cells = &t->cells[r * t->columns];
  size_t *from = calloc(t->columns, sizeof *from), *count = calloc(t->columns, sizeof *count);
  if (!from || !count) {
    free(from);
    free(count);
    return dossier_diag_nomem(f->diag);
  }
  dossier_status st = DOSSIER_OK;
  double pad = 2 * f->s->cell_padding_y;
  int stalled = 0;
  for (;;) {
    double room = f->bottom - f->y - pad;
    double used = 0;
    int left = 0, progress = 0;
    for (size_t c = 0; c < t->columns; c++) {
      size_t remaining = cells[c].line_count - from[c];
      size_t fit = cells[c].line_height > 0 ? (size_t)((room + EPSILON) / cells[c].line_height) : remaining;
      count[c] = remaining < fit ? remaining : fit;
      if (count[c] > 0) progress = 1;
      if (count[c] < remaining) left = 1;
      double h = (double)count[c] * cells[c].line_height;
      if (h > used) used = h;
    }
    if (progress || dossier_flow_at_top(f)) draw_cells(f, t, cells, from, count, used + pad);
    for (size_t c = 0; c < t->columns; c++) from[c] += count[c];
    if (!left) break;
    st = dossier_flow_new_page(f);
    if (st != DOSSIER_OK) break;
    draw_row(f, t, t->head, t->head_height);
    if (progress) stalled = 0;
    else if (stalled++) break; /* a line taller than a page: nothing more can be done */
  }
  free(from);
  free(count);
  return st;
}

static int ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), m = strlen(tail);
  return n >= m && strcmp(s + n - m, tail) == 0;
}

/* A table whose widest words do not fit side by side even in the smallest
 * type goes on in parts, each with the row-naming key columns and as many
 * of the others as fit whole, in order; the parts after the first are
 * captioned "(tiếp theo)". Only a column too wide on its own is then cut. */
static dossier_status layout_in_parts(dossier_flow *f, const dossier_table *table,
                                      const double *minimum, size_t keys) {
  size_t cols = table->columns, rows = table->rows;
  double key_width = 0;
  for (size_t c = 0; c < keys; c++) key_width += minimum[c];
  char **header = calloc(cols, sizeof *header), **cells = calloc(rows * cols + 1, sizeof *cells);
  int *align = calloc(cols, sizeof *align);
  char *more = NULL;
  dossier_status st = DOSSIER_OK;
  if (!header || !cells || !align ||
      (table->caption && !ends_with(table->caption, "(tiếp theo)") &&
       asprintf(&more, "%s (tiếp theo)", table->caption) < 0)) {
    more = NULL;
    st = dossier_diag_nomem(f->diag);
  }
  for (size_t first = keys; first < cols && st == DOSSIER_OK;) {
    size_t end = first + 1;
    double used = key_width + minimum[first];
    while (end < cols && used + minimum[end] <= f->width + EPSILON) used += minimum[end++];
    dossier_table part = *table;
    part.columns = keys + (end - first);
    part.caption = first == keys || !more ? table->caption : more;
    part.header = header;
    part.align = align;
    part.cells = cells;
    for (size_t c = 0; c < part.columns; c++) {
      size_t from = c < keys ? c : first + (c - keys);
      header[c] = table->header[from];
      align[c] = table->align[from];
      for (size_t r = 0; r < rows; r++) cells[r * part.columns + c] = table->cells[r * cols + from];
    }
    st = dossier_layout_table(f, &part);
    first = end;
  }
  free(header);
  free(cells);
  free(align);
  free(more);
  return st;
}

dossier_status dossier_layout_table(dossier_flow *f, const dossier_table *table) {
  if (table->columns == 0) return DOSSIER_OK;
  table_layout t;
  dossier_status st = table_build(f, table, &t);
  if (st != DOSSIER_OK) return st;
  size_t keys = table->key_columns ? table->key_columns : 1;
  if (t.cut && table->columns > keys + 1) {
    double *minimum = t.minimum;
    t.minimum = NULL;
    table_free(&t);
    st = layout_in_parts(f, table, minimum, keys);
    free(minimum);
    return st;
  }
  if (!dossier_flow_at_top(f)) f->y += f->s->table_space_before;
  double keep = start_height(f, &t);
  if (!dossier_flow_at_top(f) && f->y + keep > f->bottom + EPSILON) st = dossier_flow_new_page(f);
  if (st == DOSSIER_OK && t.caption.line_count) {
    const dossier_text_style *ts = &f->s->el[DOSSIER_EL_CAPTION];
    if (!dossier_flow_at_top(f)) f->y += ts->space_before;
    dossier_text_draw(&t.caption, f->fonts, f->page, f->x0, dossier_flow_pdf_y(f, f->y), 0,
                      t.caption.line_count);
    f->y += (double)t.caption.line_count * t.caption.line_height + ts->space_after;
  }
  if (st == DOSSIER_OK) draw_row(f, &t, t.head, t.head_height);
  double room = f->bottom - f->top - t.head_height; /* under a repeated header row */
  for (size_t r = 0; r < t.rows && st == DOSSIER_OK; r++) {
    if (t.row_height[r] > room + EPSILON) {
      st = draw_split_row(f, &t, r);
      continue;
    }
    if (f->y + t.row_height[r] > f->bottom + EPSILON) {
      st = dossier_flow_new_page(f);
      if (st == DOSSIER_OK) draw_row(f, &t, t.head, t.head_height); /* repeated header row */
    }
    if (st == DOSSIER_OK) draw_row(f, &t, &t.cells[r * t.columns], t.row_height[r]);
  }
  f->y += f->s->table_space_after;
  table_free(&t);
  return st;
}
