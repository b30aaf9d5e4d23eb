/* layout.c: the page flow and every block but tables (layout_table.c). */
#include "render/typeset/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "render/text/vnfmt.h"
#include "stats/exact.h"

#define EPSILON 0.01

static dossier_status software(dossier_flow *f, const char *what) {
  unsigned long code = (unsigned long)HPDF_GetError(f->pdf);
  HPDF_ResetError(f->pdf);
  return dossier_diag_add(f->diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                          "libharu failed %s (error 0x%04lX)", what, code);
}

double dossier_flow_pdf_y(const dossier_flow *f, double y) { return f->s->page_height - y; }

int dossier_flow_at_top(const dossier_flow *f) { return f->page && f->y <= f->top + EPSILON; }

static dossier_status draw_page_number(dossier_flow *f) {
  const dossier_text_style *ts = &f->s->el[DOSSIER_EL_PAGE_NUMBER];
  char number[16];
  snprintf(number, sizeof number, "%d", f->page_count);
  dossier_textblock tb;
  dossier_status st = dossier_text_build_plain(&tb, f->fonts, number, ts, 0, f->width, f->diag);
  if (st != DOSSIER_OK) return st;
  /* the style gives the baseline; the block draws from a line top */
  double top = f->s->page_number_baseline - tb.baseline;
  dossier_text_draw(&tb, f->fonts, f->page, f->x0, dossier_flow_pdf_y(f, top), 0, tb.line_count);
  dossier_text_free(&tb);
  return DOSSIER_OK;
}

dossier_status dossier_flow_new_page(dossier_flow *f) {
  if (f->page_count >= DOSSIER_LIMIT_PAGES)
    return dossier_diag_add(f->diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                            "the document would have more than %d pages (docs/limits.md)",
                            DOSSIER_LIMIT_PAGES);
  f->page = HPDF_AddPage(f->pdf);
  if (!f->page) return software(f, "adding a page");
  HPDF_Page_SetWidth(f->page, (HPDF_REAL)f->s->page_width);
  HPDF_Page_SetHeight(f->page, (HPDF_REAL)f->s->page_height);
  f->page_count++;
  f->y = f->top;
  if (f->page_count > 1 || f->s->page_number_on_first) return draw_page_number(f);
  return DOSSIER_OK;
}

/* Space above a block, dropped at the top of a page (where it would only
 * push the text below the margin). */
static void add_space(dossier_flow *f, double space) {
  if (!dossier_flow_at_top(f)) f->y += space;
}

/* Places the lines of `tb` from the flow's position, splitting across pages:
 * a page's last part keeps at least `orphans` lines, the next page's first
 * part at least `widows` (0 and 0 for blocks that may split anywhere). A
 * `marker` (list item) is drawn at `marker_x` beside the first line. */
static dossier_status place_lines(dossier_flow *f, const dossier_textblock *tb, double x,
                                  int orphans, int widows, const char *marker, double marker_x,
                                  unsigned marker_flags) {
  size_t n = tb->line_count, i = 0;
  double lh = tb->line_height;
  while (i < n) {
    size_t fit = (size_t)((f->bottom - f->y + EPSILON) / lh);
    size_t rem = n - i;
    size_t take = fit >= rem ? rem : fit;
    if (take < rem) {
      if (i == 0 && take < (size_t)orphans) take = 0;
      if (rem - take < (size_t)widows) take = rem > (size_t)widows ? rem - (size_t)widows : 0;
      if (i == 0 && take < (size_t)orphans) take = 0;
    }
    if (take == 0) {
      if (dossier_flow_at_top(f)) {
        take = fit ? fit : 1; /* a page cannot hold more: split where it must */
        if (take > rem) take = rem;
      } else {
        dossier_status st = dossier_flow_new_page(f);
        if (st != DOSSIER_OK) return st;
        continue;
      }
    }
    double y_top = dossier_flow_pdf_y(f, f->y);
    dossier_text_draw(tb, f->fonts, f->page, x, y_top, i, take);
    if (i == 0 && marker) {
      HPDF_Page_BeginText(f->page);
      HPDF_Page_SetFontAndSize(f->page, dossier_fonts_face(f->fonts, marker_flags),
                               (HPDF_REAL)tb->ts->size);
      HPDF_Page_TextOut(f->page, (HPDF_REAL)marker_x, (HPDF_REAL)(y_top - tb->baseline), marker);
      HPDF_Page_EndText(f->page);
    }
    f->y += (double)take * lh;
    i += take;
    if (i < n) {
      dossier_status st = dossier_flow_new_page(f);
      if (st != DOSSIER_OK) return st;
    }
  }
  return DOSSIER_OK;
}

/* ---- header block (page 1) --------------------------------------------- */

/* Replaces {name} fields of `pattern`; `values` pairs names and values. A
 * field whose value is NULL or empty is left out together with the literal
 * text that joins it to its neighbour (the text after it, or before it when it
 * is the last field), so "{place}, {date}" without a place gives the date
 * alone, never ", ngày …". Returns a new string or NULL on OOM; *missing
 * counts the fields left out. */
static char *fill_pattern(const char *pattern, const char *const *values, size_t pairs,
                          int *missing) {
  /* grown as written: a field may be named any number of times */
  dossier_buf out = DOSSIER_BUF_INIT;
  *missing = 0;
  size_t literal_start = 0; /* where the literal text after the last field begins in out */
  int after_field = 0;      /* a field has been written before this literal */
  int skip_literal = 0;     /* drop literal text until the next field */
  for (const char *p = pattern; *p;) {
    const char *v = NULL;
    size_t n = 0;
    int field = 0;
    if (*p == '{') {
      for (size_t i = 0; i < pairs && !field; i++) {
        n = strlen(values[2 * i]);
        if (strncmp(p + 1, values[2 * i], n) == 0 && p[1 + n] == '}') {
          field = 1;
          v = values[2 * i + 1];
        }
      }
    }
    if (!field) {
      if (!skip_literal) dossier_buf_add(&out, p, 1);
      p++;
      continue;
    }
    p += n + 2;
    if (!v || !v[0]) {
      (*missing)++;
      if (!strchr(p, '{') && after_field) dossier_buf_truncate(&out, literal_start); /* last field: drop the joint before it */
      else skip_literal = 1;                                  /* else the joint after it */
      continue;
    }
    dossier_buf_adds(&out, v);
    literal_start = out.length;
    after_field = 1;
    skip_literal = 0;
  }
  dossier_buf_add(&out, "", 0); /* an empty result is "" too */
  return dossier_buf_take(&out);
}

typedef struct {
  double x, width; /* column */
  double y;        /* next line top (flow coordinates) */
  int balance;     /* wrapped centred lines are made as even as their count allows */
} column;

static void rule(dossier_flow *f, double x_from, double x_to, double y) {
  HPDF_Page_SetLineWidth(f->page, (HPDF_REAL)f->s->rule_width);
  HPDF_Page_MoveTo(f->page, (HPDF_REAL)x_from, (HPDF_REAL)dossier_flow_pdf_y(f, y));
  HPDF_Page_LineTo(f->page, (HPDF_REAL)x_to, (HPDF_REAL)dossier_flow_pdf_y(f, y));
  HPDF_Page_Stroke(f->page);
}

/* Sets `text` in element `el` inside a column, advancing it. On return
 * *line_width is the widest line's width and *baseline the flow y of the last
 * line's baseline (for rules under it). */
static dossier_status column_text(dossier_flow *f, column *c, const char *text,
                                  dossier_element el, double *line_width, double *baseline) {
  const dossier_text_style *ts = &f->s->el[el];
  dossier_textblock tb;
  dossier_status st = dossier_text_build_plain(&tb, f->fonts, text, ts, 0, c->width, f->diag);
  if (st != DOSSIER_OK) return st;
  double x = c->x;
  if (c->balance && tb.line_count > 1 && ts->align == DOSSIER_TEXT_CENTER) {
    /* the narrowest measure that keeps the line count: "ĐẢNG ỦY KHỐI" /
     * "CÁC CƠ QUAN TỈNH" rather than a full line over a lone "TỈNH" */
    double lo = dossier_text_min_width(&tb), hi = c->width;
    for (int i = 0; i < 12 && lo < hi; i++) {
      double mid = (lo + hi) / 2;
      dossier_textblock probe;
      st = dossier_text_build_plain(&probe, f->fonts, text, ts, 0, mid, f->diag);
      if (st != DOSSIER_OK) break;
      if (probe.line_count == tb.line_count) hi = mid;
      else lo = mid;
      dossier_text_free(&probe);
    }
    if (st == DOSSIER_OK && hi < c->width - EPSILON) {
      dossier_textblock even;
      st = dossier_text_build_plain(&even, f->fonts, text, ts, 0, hi, f->diag);
      if (st == DOSSIER_OK) {
        dossier_text_free(&tb);
        tb = even;
        x += (c->width - hi) / 2;
      }
    }
    if (st != DOSSIER_OK) {
      dossier_text_free(&tb);
      return st;
    }
  }
  c->y += ts->space_before;
  dossier_text_draw(&tb, f->fonts, f->page, x, dossier_flow_pdf_y(f, c->y), 0, tb.line_count);
  double lines = (double)tb.line_count;
  if (baseline) *baseline = c->y + (lines > 0 ? lines - 1 : 0) * tb.line_height + tb.baseline;
  if (line_width) {
    *line_width = 0;
    for (size_t i = 0; i < tb.line_count; i++)
      if (tb.lines[i].width > *line_width) *line_width = tb.lines[i].width;
  }
  c->y += lines * tb.line_height + ts->space_after;
  dossier_text_free(&tb);
  return DOSSIER_OK;
}

/* A rule of `length` under a line, placed as the element aligns its text. */
static void rule_under(dossier_flow *f, const column *c, dossier_element el, double length,
                       double baseline) {
  double x = c->x;
  int align = f->s->el[el].align;
  if (align == DOSSIER_TEXT_CENTER) x += (c->width - length) / 2;
  else if (align == DOSSIER_TEXT_RIGHT) x += c->width - length;
  rule(f, x, x + length, baseline + f->s->rule_gap);
}

/* The header block of page 1: two columns that never share ink (the style
 * gives them disjoint ranges; a line too long for its column wraps inside it,
 * centred and balanced). Missing fields leave their line out, or their part of
 * the place-date line: never "Số -/" or ", ngày …". */
static dossier_status layout_header(dossier_flow *f, const dossier_header *h) {
  const dossier_style *s = f->s;
  dossier_status st = DOSSIER_OK;
  column left = {f->x0 + s->header_left_x, s->header_left_width, f->y, 1};
  column right = {f->x0 + s->header_right_x, s->header_right_width, f->y, 1};
  char *number = NULL, *place_date = NULL;
  double width = 0, baseline = 0;
  int missing = 0;
  double number_top = -1; /* flow y of the number line's top, when there is one */

  if (h->superior && h->superior[0])
    st = column_text(f, &left, h->superior, DOSSIER_EL_SUPERIOR, NULL, NULL);
  if (st == DOSSIER_OK && h->issuer && h->issuer[0]) {
    st = column_text(f, &left, h->issuer, DOSSIER_EL_ISSUER, &width, &baseline);
    if (st == DOSSIER_OK && s->issuer_rule_fraction > 0)
      rule_under(f, &left, DOSSIER_EL_ISSUER, width * s->issuer_rule_fraction, baseline);
  }
  if (st == DOSSIER_OK && s->issuer_mark[0])
    st = column_text(f, &left, s->issuer_mark, DOSSIER_EL_ISSUER_MARK, NULL, NULL);
  if (st == DOSSIER_OK) {
    /* a number lacking a part would read "Số -/" or "Số 1-BC/": left out whole */
    const char *fields[] = {"number", h->number, "type", h->type, "abbreviation",
                            h->abbreviation};
    number = fill_pattern(s->number_pattern, fields, 3, &missing);
    if (!number) st = dossier_diag_nomem(f->diag);
    else if (!missing) {
      number_top = left.y + s->el[DOSSIER_EL_NUMBER].space_before;
      st = column_text(f, &left, number, DOSSIER_EL_NUMBER, NULL, NULL);
    }
  }
  for (size_t i = 0; st == DOSSIER_OK && i < s->motto_count; i++) {
    st = column_text(f, &right, s->motto[i].text, s->motto[i].element, &width, &baseline);
    if (st == DOSSIER_OK && s->motto[i].rule)
      rule_under(f, &right, s->motto[i].element, width, baseline);
  }
  /* a place without a date is no date line; a date without a place stands alone */
  char date[128] = "";
  if (h->year > 0 && h->month > 0 && h->day > 0 &&
      dossier_vnfmt_date(date, sizeof date, h->year, h->month, h->day) < 0)
    date[0] = '\0';
  if (st == DOSSIER_OK && date[0]) {
    const char *fields[] = {"place", h->place, "date", date};
    place_date = fill_pattern(s->date_pattern, fields, 2, &missing);
    if (!place_date)
      st = dossier_diag_nomem(f->diag);
    else {
      /* both layouts set the date on the number's line ("Số …" left, "…, ngày …"
       * right), also when a wrapped issuer pushes the number down */
      double space = s->el[DOSSIER_EL_DATE].space_before;
      if (number_top >= 0 && right.y + space < number_top) right.y = number_top - space;
      st = column_text(f, &right, place_date, DOSSIER_EL_DATE, NULL, NULL);
    }
  }
  f->y = (left.y > right.y ? left.y : right.y) + s->header_space_after;
  free(number);
  free(place_date);
  return st;
}

static dossier_status layout_title(dossier_flow *f, const dossier_title *t) {
  column c = {f->x0, f->width, f->y, 0};
  double width = 0, baseline = 0;
  dossier_status st = DOSSIER_OK;
  if (t->title) st = column_text(f, &c, t->title, DOSSIER_EL_TITLE, NULL, NULL);
  for (size_t i = 0; st == DOSSIER_OK && i < t->line_count; i++)
    st = column_text(f, &c, t->lines[i], DOSSIER_EL_SUMMARY, &width, &baseline);
  if (st == DOSSIER_OK && t->line_count > 0 && f->s->summary_rule_length > 0) {
    double x = f->x0 + (f->width - f->s->summary_rule_length) / 2;
    rule(f, x, x + f->s->summary_rule_length, baseline + f->s->summary_rule_gap);
  }
  f->y = c.y;
  return st;
}

/* ---- headings, paragraphs, lists ---------------------------------------- */

static const dossier_text_style *list_style(const dossier_flow *f) {
  return &f->s->el[DOSSIER_EL_LIST];
}

/* A list item's text block: nested levels shift by the hanging width. */
static dossier_status build_list_item(dossier_flow *f, const dossier_block *b,
                                      dossier_textblock *tb, double *shift) {
  const dossier_text_style *ts = list_style(f);
  *shift = (b->level > 1 ? (double)(b->level - 1) : 0) * ts->hanging;
  return dossier_text_build(tb, f->fonts, &b->text, NULL, ts, 0, f->width - *shift, f->diag);
}

static dossier_status chart_keep(dossier_flow *f, const dossier_block *b, double *height);

/* The height that must stay on the page with a heading above block `b`: its
 * space and first lines (or table head), so no heading ends a page alone. */
static dossier_status keep_height(dossier_flow *f, const dossier_block *b, double *height) {
  *height = 0;
  dossier_textblock tb;
  dossier_status st = DOSSIER_OK;
  double shift = 0;
  switch (b->kind) {
  case DOSSIER_BLOCK_PARAGRAPH:
  case DOSSIER_BLOCK_HEADING:
  case DOSSIER_BLOCK_LIST_ITEM: {
    const dossier_text_style *ts = b->kind == DOSSIER_BLOCK_PARAGRAPH ? &f->s->el[DOSSIER_EL_BODY]
                                   : b->kind == DOSSIER_BLOCK_HEADING ? dossier_style_heading(f->s, b->level)
                                                                      : list_style(f);
    if (b->kind == DOSSIER_BLOCK_LIST_ITEM) st = build_list_item(f, b, &tb, &shift);
    else
      st = dossier_text_build(&tb, f->fonts, &b->text, b->marker, ts, 0, f->width, f->diag);
    if (st != DOSSIER_OK) return st;
    size_t lines = tb.line_count;
    size_t keep = (size_t)f->s->keep_with_next_lines;
    if (b->kind == DOSSIER_BLOCK_PARAGRAPH && (size_t)f->s->orphans > keep)
      keep = (size_t)f->s->orphans;
    *height = ts->space_before + (double)(lines < keep ? lines : keep) * tb.line_height;
    dossier_text_free(&tb);
    return DOSSIER_OK;
  }
  case DOSSIER_BLOCK_TABLE: return dossier_layout_table_keep(f, &b->u.table, height);
  case DOSSIER_BLOCK_CHART: return chart_keep(f, b, height);
  default: return DOSSIER_OK;
  }
}

static dossier_status add_outline(dossier_flow *f, int level, const char *title, double y) {
  if (level < 0) level = 0;
  if (level > 3) level = 3;
  HPDF_Outline parent = NULL;
  for (int l = level - 1; l >= 0 && !parent; l--) parent = f->outline[l];
  HPDF_Outline o = HPDF_CreateOutline(f->pdf, parent, title, f->utf8);
  if (!o) return software(f, "creating a bookmark");
  HPDF_Destination dst = HPDF_Page_CreateDestination(f->page);
  if (!dst) return software(f, "creating a bookmark");
  HPDF_Destination_SetFitH(dst, (HPDF_REAL)dossier_flow_pdf_y(f, y));
  HPDF_Outline_SetDestination(o, dst);
  HPDF_Outline_SetOpened(o, HPDF_TRUE);
  f->outline[level] = o;
  for (int l = level + 1; l < 4; l++) f->outline[l] = NULL;
  return DOSSIER_OK;
}

static dossier_status layout_heading(dossier_flow *f, const dossier_block *b,
                                     const dossier_block *next) {
  const dossier_text_style *ts = dossier_style_heading(f->s, b->level);
  dossier_textblock tb;
  dossier_status st = dossier_text_build(&tb, f->fonts, &b->text, b->marker, ts, 0, f->width,
                                         f->diag);
  if (st != DOSSIER_OK) return st;
  double follow = 0;
  if (next) st = keep_height(f, next, &follow);
  char *title = NULL;
  if (st == DOSSIER_OK) {
    double need = ts->space_before + (double)tb.line_count * tb.line_height + ts->space_after +
                  follow;
    if (!dossier_flow_at_top(f) && f->y + need > f->bottom + EPSILON)
      st = dossier_flow_new_page(f);
  }
  if (st == DOSSIER_OK) {
    add_space(f, ts->space_before);
    double at = f->y;
    /* a heading is kept whole: orphans/widows = its line count */
    st = place_lines(f, &tb, f->x0, (int)tb.line_count, (int)tb.line_count, NULL, 0, 0);
    f->y += ts->space_after;
    char *plain = dossier_inline_plain(&b->text);
    if (plain) {
      size_t n = strlen(plain) + (b->marker ? strlen(b->marker) + 1 : 0) + 1;
      title = malloc(n);
      if (title) snprintf(title, n, "%s%s%s", b->marker ? b->marker : "", b->marker ? " " : "", plain);
      free(plain);
    }
    if (!title && st == DOSSIER_OK)
      st = dossier_diag_nomem(f->diag);
    if (st == DOSSIER_OK) st = add_outline(f, b->level < 1 ? 1 : b->level, title, at);
  }
  free(title);
  dossier_text_free(&tb);
  return st;
}

static dossier_status layout_paragraph(dossier_flow *f, const dossier_block *b) {
  const dossier_text_style *ts = &f->s->el[DOSSIER_EL_BODY];
  dossier_textblock tb;
  dossier_status st = dossier_text_build(&tb, f->fonts, &b->text, NULL, ts, 0, f->width, f->diag);
  if (st != DOSSIER_OK) return st;
  add_space(f, ts->space_before);
  st = place_lines(f, &tb, f->x0, f->s->orphans, f->s->widows, NULL, 0, 0);
  f->y += ts->space_after;
  dossier_text_free(&tb);
  return st;
}

static dossier_status layout_list_item(dossier_flow *f, const dossier_block *b) {
  const dossier_text_style *ts = list_style(f);
  dossier_textblock tb;
  double shift = 0;
  dossier_status st = build_list_item(f, b, &tb, &shift);
  if (st != DOSSIER_OK) return st;
  if (b->marker) dossier_fonts_note(f->fonts, ts->face, b->marker, strlen(b->marker));
  add_space(f, ts->space_before);
  st = place_lines(f, &tb, f->x0 + shift, f->s->orphans, f->s->widows, b->marker,
                   f->x0 + shift + ts->indent, ts->face);
  f->y += ts->space_after;
  dossier_text_free(&tb);
  return st;
}

/* ---- charts, signature, appendix ----------------------------------------- */

/* The chart of block `b`, drawn once: a heading measures the chart below it
 * before placing itself, and the chart block then uses that drawing. The
 * caller owns *out. */
static dossier_status chart_drawing(dossier_flow *f, const dossier_block *b, dossier_drawing **out) {
  if (f->pending_block == b && f->pending) {
    *out = f->pending;
    f->pending = NULL;
    f->pending_block = NULL;
    return DOSSIER_OK;
  }
  return dossier_chart_draw(f->charts, &b->u.chart, (const cJSON *)f->doc->figures, out, f->diag);
}

/* The chart's box: the style's share of the text width, the drawing's aspect
 * ratio, shrunk to fit one page. */
static dossier_status chart_box(dossier_flow *f, const dossier_block *b,
                                const dossier_drawing *drawing, double *w, double *h) {
  double dw = dossier_drawing_width(drawing), dh = dossier_drawing_height(drawing);
  if (!(dw > 0) || !(dh > 0))
    return dossier_diag_add(f->diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "chart \"%s\" has an empty canvas", b->u.chart.kind);
  *w = f->width * f->s->chart_width_fraction;
  *h = *w * dh / dw;
  double page_room = f->bottom - f->top - f->s->chart_space_before;
  if (*h > page_room) {
    *h = page_room;
    *w = *h * dw / dh;
  }
  return DOSSIER_OK;
}

static dossier_status chart_keep(dossier_flow *f, const dossier_block *b, double *height) {
  if (!f->charts) return DOSSIER_OK;
  dossier_drawing *drawing = NULL;
  dossier_status st = chart_drawing(f, b, &drawing);
  double w = 0, h = 0;
  if (st == DOSSIER_OK) st = chart_box(f, b, drawing, &w, &h);
  if (st != DOSSIER_OK) {
    dossier_drawing_free(drawing);
    return st;
  }
  *height = f->s->chart_space_before + h;
  dossier_drawing_free(f->pending);
  f->pending = drawing;
  f->pending_block = b;
  return DOSSIER_OK;
}

static dossier_status layout_chart(dossier_flow *f, const dossier_block *b) {
  if (!f->charts) return DOSSIER_OK;
  dossier_drawing *drawing = NULL;
  dossier_status st = chart_drawing(f, b, &drawing);
  if (st != DOSSIER_OK) return st;
  double w = 0, h = 0;
  st = chart_box(f, b, drawing, &w, &h);
  if (st == DOSSIER_OK) {
    add_space(f, f->s->chart_space_before);
    if (f->y + h > f->bottom + EPSILON) st = dossier_flow_new_page(f);
  }
  if (st == DOSSIER_OK) {
    HPDF_Font font = dossier_fonts_face(f->fonts, 0);
    /* labels are set in the regular face: checked and mapped like our text */
    for (size_t i = 0; i < dossier_drawing_text_count(drawing); i++) {
      const char *label = dossier_drawing_text(drawing, i);
      if (label) dossier_fonts_note(f->fonts, 0, label, strlen(label));
    }
    double x = f->x0 + (f->width - w) / 2;
    st = dossier_drawing_paint(drawing, f->page, font, (float)x,
                               (float)dossier_flow_pdf_y(f, f->y), (float)w, (float)h);
    f->y += h + f->s->chart_space_after;
  }
  dossier_drawing_free(drawing);
  return st;
}

/* "- item," … "- last." as the style writes recipients. */
static char *recipient_line(const dossier_style *s, const char *name, int last) {
  const char *end = last ? s->recipient_end : s->recipient_separator;
  size_t n = strlen(s->recipient_prefix) + strlen(name) + strlen(end) + 1;
  char *line = malloc(n);
  if (line) snprintf(line, n, "%s%s%s", s->recipient_prefix, name, end);
  return line;
}

/* Sets one element of the signature block in column `c`, or only measures it. */
static dossier_status sign_item(dossier_flow *f, column *c, const char *text, dossier_element el,
                                int draw) {
  if (draw) return column_text(f, c, text, el, NULL, NULL);
  const dossier_text_style *ts = &f->s->el[el];
  dossier_textblock tb;
  dossier_status st = dossier_text_build_plain(&tb, f->fonts, text, ts, 0, c->width, f->diag);
  if (st == DOSSIER_OK)
    c->y += ts->space_before + (double)tb.line_count * tb.line_height + ts->space_after;
  dossier_text_free(&tb);
  return st;
}

/* Runs the signature block's two columns either for real (`draw`) or only
 * to measure them: measuring first lets the block move whole to a new page. */
static dossier_status signature_columns(dossier_flow *f, const dossier_signature *sig, int draw,
                                        double *height) {
  const dossier_style *s = f->s;
  dossier_status st = DOSSIER_OK;
  column left = {f->x0, s->sign_left_width, f->y, 0};
  column right = {f->x0 + s->sign_right_x, s->sign_right_width, f->y, 0};
  if (sig->recipient_count > 0)
    st = sign_item(f, &left, s->recipients_label, DOSSIER_EL_RECIPIENTS_LABEL, draw);
  for (size_t i = 0; i < sig->recipient_count && st == DOSSIER_OK; i++) {
    char *line = recipient_line(s, sig->recipients[i], i + 1 == sig->recipient_count);
    if (!line) return dossier_diag_nomem(f->diag);
    st = sign_item(f, &left, line, DOSSIER_EL_RECIPIENTS, draw);
    free(line);
  }
  if (st == DOSSIER_OK && sig->capacity)
    st = sign_item(f, &right, sig->capacity, DOSSIER_EL_SIGN_CAPACITY, draw);
  if (st == DOSSIER_OK && sig->position)
    st = sign_item(f, &right, sig->position, DOSSIER_EL_SIGN_POSITION, draw);
  if (st == DOSSIER_OK && sig->name) {
    right.y += s->sign_gap; /* room for the handwritten signature and the seal */
    st = sign_item(f, &right, sig->name, DOSSIER_EL_SIGN_NAME, draw);
  }
  *height = (left.y > right.y ? left.y : right.y) - f->y;
  return st;
}

static dossier_status layout_signature(dossier_flow *f, const dossier_signature *sig) {
  add_space(f, f->s->sign_space_before);
  double height = 0;
  dossier_status st = signature_columns(f, sig, 0, &height);
  if (st == DOSSIER_OK && !dossier_flow_at_top(f) && f->y + height > f->bottom + EPSILON)
    st = dossier_flow_new_page(f);
  if (st == DOSSIER_OK) st = signature_columns(f, sig, 1, &height);
  f->y += height;
  return st;
}

static dossier_status layout_appendix(dossier_flow *f, const dossier_appendix *a) {
  dossier_status st = DOSSIER_OK;
  if (!dossier_flow_at_top(f)) st = dossier_flow_new_page(f);
  column c = {f->x0, f->width, f->y, 0};
  double at = f->y;
  if (st == DOSSIER_OK && a->label) st = column_text(f, &c, a->label, DOSSIER_EL_APPENDIX_LABEL, NULL, NULL);
  if (st == DOSSIER_OK && a->title) st = column_text(f, &c, a->title, DOSSIER_EL_APPENDIX_TITLE, NULL, NULL);
  if (st == DOSSIER_OK && a->note) st = column_text(f, &c, a->note, DOSSIER_EL_APPENDIX_NOTE, NULL, NULL);
  f->y = c.y;
  if (st == DOSSIER_OK) {
    const char *label = a->label ? a->label : "";
    const char *title = a->title ? a->title : "";
    size_t n = strlen(label) + strlen(title) + 4;
    char *bookmark = malloc(n);
    if (!bookmark) return dossier_diag_nomem(f->diag);
    snprintf(bookmark, n, "%s%s%s", label, *label && *title ? ": " : "", title);
    st = add_outline(f, 0, bookmark, at);
    free(bookmark);
  }
  return st;
}

/* ---- the document --------------------------------------------------------- */

static dossier_status layout_doc_unscoped(int *pages, HPDF_Doc pdf, dossier_fonts *fonts,
                                  const dossier_doc *doc, const dossier_style *style,
                                  dossier_chart_engine *charts, dossier_diag *diag) {
  dossier_flow flow;
  memset(&flow, 0, sizeof flow);
  dossier_flow *f = &flow;
  f->pdf = pdf;
  f->fonts = fonts;
  f->s = style;
  f->doc = doc;
  f->charts = charts;
  f->diag = diag;
  f->utf8 = HPDF_GetEncoder(pdf, "UTF-8");
  f->x0 = style->margin_left;
  f->width = style->page_width - style->margin_left - style->margin_right;
  f->top = style->margin_top;
  f->bottom = style->page_height - style->margin_bottom;
  dossier_status st = dossier_flow_new_page(f);
  for (size_t i = 0; i < doc->count && st == DOSSIER_OK; i++) {
    const dossier_block *b = &doc->blocks[i];
    const dossier_block *next = i + 1 < doc->count ? &doc->blocks[i + 1] : NULL;
    switch (b->kind) {
    case DOSSIER_BLOCK_HEADER: st = layout_header(f, &b->u.header); break;
    case DOSSIER_BLOCK_TITLE: st = layout_title(f, &b->u.title); break;
    case DOSSIER_BLOCK_HEADING: st = layout_heading(f, b, next); break;
    case DOSSIER_BLOCK_PARAGRAPH: st = layout_paragraph(f, b); break;
    case DOSSIER_BLOCK_LIST_ITEM: st = layout_list_item(f, b); break;
    case DOSSIER_BLOCK_TABLE: st = dossier_layout_table(f, &b->u.table); break;
    case DOSSIER_BLOCK_CHART: st = layout_chart(f, b); break;
    case DOSSIER_BLOCK_SIGNATURE: st = layout_signature(f, &b->u.signature); break;
    case DOSSIER_BLOCK_APPENDIX: st = layout_appendix(f, &b->u.appendix); break;
    case DOSSIER_BLOCK_PAGE_BREAK:
      if (!dossier_flow_at_top(f)) st = dossier_flow_new_page(f);
      break;
    }
  }
  if (st == DOSSIER_OK && HPDF_GetError(pdf) != HPDF_OK) st = software(f, "drawing a page");
  dossier_drawing_free(f->pending);
  *pages = f->page_count;
  return st;
}

/* (the large exact values it makes live until this returns) */
dossier_status dossier_layout_doc(int *pages, HPDF_Doc pdf, dossier_fonts *fonts,
                                  const dossier_doc *doc, const dossier_style *style,
                                  dossier_chart_engine *charts, dossier_diag *diag) {
  dossier_exact_scope_enter();
  dossier_status result = layout_doc_unscoped(pages, pdf, fonts, doc, style, charts, diag);
  dossier_exact_scope_leave();
  return result;
}
