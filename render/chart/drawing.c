/* drawing.c: a vector drawing and how libharu paints it.
 *
 * Paths keep their segments in one shared array; texts are separate items.
 * Items are painted in the order they were added, as the svg had them, so
 * later items cover earlier ones. Coordinates are mapped by hand (scale, y
 * flip) rather than with a flipped CTM, so text never comes out mirrored. */
#include "render/chart/drawing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/doc.h"

typedef enum { SEG_MOVE, SEG_LINE, SEG_CURVE, SEG_CLOSE } seg_kind;

typedef struct {
  seg_kind kind;
  double p[6]; /* MOVE/LINE: p[0..1]; CURVE: three points */
} segment;

typedef enum { ITEM_PATH, ITEM_TEXT } item_kind;

typedef struct {
  item_kind kind;
  /* ITEM_PATH */
  dossier_drawing_style style;
  size_t first, count; /* range in drawing->segments */
  /* ITEM_TEXT */
  char *text;
  double x, y, angle, size, rgb[3];
  int anchor;
} item;

struct dossier_drawing {
  double width, height;
  item *items;
  size_t item_count, item_capacity;
  segment *segments;
  size_t segment_count, segment_capacity;
  size_t path_count, text_count;
  int open_path; /* the last item is a path still being built */
};

static int grow(void **array, size_t *capacity, size_t count, size_t size) {
  if (count < *capacity) return 0;
  size_t next = *capacity ? *capacity * 2 : 32;
  void *grown = realloc(*array, next * size);
  if (!grown) return -1;
  *array = grown;
  *capacity = next;
  return 0;
}

dossier_drawing *dossier_drawing_new(double width, double height) {
  if (!(width > 0 && height > 0 && isfinite(width) && isfinite(height))) return NULL;
  dossier_drawing *drawing = calloc(1, sizeof *drawing);
  if (!drawing) return NULL;
  drawing->width = width;
  drawing->height = height;
  return drawing;
}

void dossier_drawing_free(dossier_drawing *drawing) {
  if (!drawing) return;
  for (size_t i = 0; i < drawing->item_count; i++) free(drawing->items[i].text);
  free(drawing->items);
  free(drawing->segments);
  free(drawing);
}

double dossier_drawing_width(const dossier_drawing *drawing) { return drawing->width; }
double dossier_drawing_height(const dossier_drawing *drawing) { return drawing->height; }
size_t dossier_drawing_path_count(const dossier_drawing *drawing) { return drawing->path_count; }
size_t dossier_drawing_text_count(const dossier_drawing *drawing) { return drawing->text_count; }

const char *dossier_drawing_text(const dossier_drawing *drawing, size_t i) {
  for (size_t k = 0; k < drawing->item_count; k++) {
    if (drawing->items[k].kind != ITEM_TEXT) continue;
    if (i == 0) return drawing->items[k].text;
    i--;
  }
  return NULL;
}

int dossier_drawing_text_geometry(const dossier_drawing *drawing, size_t i, double *x,
                                  double *y, double *angle, double *size, int *anchor) {
  for (size_t k = 0; k < drawing->item_count; k++) {
    const item *it = &drawing->items[k];
    if (it->kind != ITEM_TEXT) continue;
    if (i-- > 0) continue;
    *x = it->x;
    *y = it->y;
    *angle = it->angle;
    *size = it->size;
    *anchor = it->anchor;
    return 0;
  }
  return -1;
}

int dossier_drawing_path_style(const dossier_drawing *drawing, size_t i,
                               dossier_drawing_style *out) {
  for (size_t k = 0; k < drawing->item_count; k++) {
    if (drawing->items[k].kind != ITEM_PATH) continue;
    if (i-- > 0) continue;
    *out = drawing->items[k].style;
    return 0;
  }
  return -1;
}

int dossier_drawing_path_bounds(const dossier_drawing *drawing, double box[4]) {
  int any = 0;
  for (size_t i = 0; i < drawing->segment_count; i++) {
    const segment *s = &drawing->segments[i];
    int points = s->kind == SEG_CURVE ? 3 : s->kind == SEG_CLOSE ? 0 : 1;
    for (int k = 0; k < points; k++) {
      double x = s->p[2 * k], y = s->p[2 * k + 1];
      if (!any || x < box[0]) box[0] = x;
      if (!any || y < box[1]) box[1] = y;
      if (!any || x > box[2]) box[2] = x;
      if (!any || y > box[3]) box[3] = y;
      any = 1;
    }
  }
  return any ? 0 : -1;
}

int dossier_drawing_has_text(const dossier_drawing *drawing, const char *needle) {
  char *normal = dossier_doc_strdup(needle, strlen(needle));
  int found = 0;
  if (!normal) return 0;
  for (size_t k = 0; k < drawing->item_count && !found; k++)
    if (drawing->items[k].kind == ITEM_TEXT && strstr(drawing->items[k].text, normal)) found = 1;
  free(normal);
  return found;
}

dossier_status dossier_drawing_begin_path(dossier_drawing *drawing,
                                          const dossier_drawing_style *style) {
  if (grow((void **)&drawing->items, &drawing->item_capacity, drawing->item_count,
           sizeof *drawing->items) != 0)
    return DOSSIER_ERR_NOMEM;
  item *it = &drawing->items[drawing->item_count++];
  memset(it, 0, sizeof *it);
  it->kind = ITEM_PATH;
  it->style = *style;
  if (it->style.dash_count > 8) it->style.dash_count = 8;
  it->first = drawing->segment_count;
  drawing->path_count++;
  drawing->open_path = 1;
  return DOSSIER_OK;
}

static dossier_status add_segment(dossier_drawing *drawing, seg_kind kind, const double *p,
                                  size_t n) {
  if (!drawing->open_path) return DOSSIER_ERR_SOFTWARE;
  if (grow((void **)&drawing->segments, &drawing->segment_capacity, drawing->segment_count,
           sizeof *drawing->segments) != 0)
    return DOSSIER_ERR_NOMEM;
  segment *s = &drawing->segments[drawing->segment_count++];
  s->kind = kind;
  memset(s->p, 0, sizeof s->p);
  if (n) memcpy(s->p, p, n * sizeof *p);
  drawing->items[drawing->item_count - 1].count++;
  return DOSSIER_OK;
}

dossier_status dossier_drawing_move_to(dossier_drawing *drawing, double x, double y) {
  double p[2] = {x, y};
  return add_segment(drawing, SEG_MOVE, p, 2);
}

dossier_status dossier_drawing_line_to(dossier_drawing *drawing, double x, double y) {
  double p[2] = {x, y};
  return add_segment(drawing, SEG_LINE, p, 2);
}

dossier_status dossier_drawing_curve_to(dossier_drawing *drawing, double x1, double y1,
                                        double x2, double y2, double x3, double y3) {
  double p[6] = {x1, y1, x2, y2, x3, y3};
  return add_segment(drawing, SEG_CURVE, p, 6);
}

dossier_status dossier_drawing_close_path(dossier_drawing *drawing) {
  return add_segment(drawing, SEG_CLOSE, NULL, 0);
}

dossier_status dossier_drawing_add_text(dossier_drawing *drawing, double x, double y,
                                        double angle, int anchor, double size,
                                        const double rgb[3], const char *utf8) {
  char *copy = dossier_doc_strdup(utf8, strlen(utf8));
  if (!copy) return DOSSIER_ERR_NOMEM;
  if (grow((void **)&drawing->items, &drawing->item_capacity, drawing->item_count,
           sizeof *drawing->items) != 0) {
    free(copy);
    return DOSSIER_ERR_NOMEM;
  }
  item *it = &drawing->items[drawing->item_count++];
  memset(it, 0, sizeof *it);
  it->kind = ITEM_TEXT;
  it->text = copy;
  it->x = x;
  it->y = y;
  it->angle = angle;
  it->anchor = anchor;
  it->size = size;
  memcpy(it->rgb, rgb, sizeof it->rgb);
  drawing->text_count++;
  drawing->open_path = 0;
  return DOSSIER_OK;
}

/* ---- Painting ---- */

typedef struct {
  HPDF_Page page;
  double scale, x0, y0; /* PDF = (x0 + x·scale, y0 − y·scale) */
} mapping;

static HPDF_REAL px(const mapping *m, double x) { return (HPDF_REAL)(m->x0 + x * m->scale); }
static HPDF_REAL py(const mapping *m, double y) { return (HPDF_REAL)(m->y0 - y * m->scale); }

static HPDF_REAL on_white(double component, double opacity) {
  if (opacity < 0) opacity = 0;
  if (opacity > 1) opacity = 1;
  return (HPDF_REAL)(component * opacity + (1.0 - opacity));
}

static HPDF_STATUS paint_path(const dossier_drawing *drawing, const item *it, const mapping *m) {
  const dossier_drawing_style *st = &it->style;
  HPDF_Page page = m->page;
  HPDF_STATUS rc = HPDF_OK;
  if (!st->fill && !st->stroke) return HPDF_OK;
  if (it->count == 0) return HPDF_OK;
  if (st->fill)
    rc |= HPDF_Page_SetRGBFill(page, on_white(st->fill_rgb[0], st->fill_opacity),
                               on_white(st->fill_rgb[1], st->fill_opacity),
                               on_white(st->fill_rgb[2], st->fill_opacity));
  if (st->stroke) {
    rc |= HPDF_Page_SetRGBStroke(page, (HPDF_REAL)st->stroke_rgb[0],
                                 (HPDF_REAL)st->stroke_rgb[1], (HPDF_REAL)st->stroke_rgb[2]);
    double width = st->stroke_width * m->scale;
    rc |= HPDF_Page_SetLineWidth(page, (HPDF_REAL)(width > 0.1 ? width : 0.1));
    rc |= HPDF_Page_SetLineCap(page, (HPDF_LineCap)st->linecap);
    rc |= HPDF_Page_SetLineJoin(page, (HPDF_LineJoin)st->linejoin);
    /* libharu takes whole points; a dash shorter than a point still shows. */
    HPDF_UINT16 dash[8];
    size_t n = st->dash_count;
    for (size_t i = 0; i < n; i++) {
      double d = floor(st->dash[i] * m->scale + 0.5);
      dash[i] = (HPDF_UINT16)(d < 1 ? 1 : d > 1000 ? 1000 : d);
    }
    /* An odd SVG dash list repeats itself; libharu wants an even one. */
    if (n % 2 == 1 && n <= 4) {
      memcpy(dash + n, dash, n * sizeof *dash);
      n *= 2;
    } else if (n % 2 == 1) {
      n--;
    }
    rc |= HPDF_Page_SetDash(page, n ? dash : NULL, (HPDF_UINT)n, 0);
  }
  for (size_t i = 0; i < it->count; i++) {
    const segment *s = &drawing->segments[it->first + i];
    switch (s->kind) {
    case SEG_MOVE: rc |= HPDF_Page_MoveTo(page, px(m, s->p[0]), py(m, s->p[1])); break;
    case SEG_LINE: rc |= HPDF_Page_LineTo(page, px(m, s->p[0]), py(m, s->p[1])); break;
    case SEG_CURVE:
      rc |= HPDF_Page_CurveTo(page, px(m, s->p[0]), py(m, s->p[1]), px(m, s->p[2]),
                              py(m, s->p[3]), px(m, s->p[4]), py(m, s->p[5]));
      break;
    case SEG_CLOSE: rc |= HPDF_Page_ClosePath(page); break;
    }
  }
  if (st->fill && st->stroke) rc |= HPDF_Page_FillStroke(page);
  else if (st->fill) rc |= HPDF_Page_Fill(page);
  else rc |= HPDF_Page_Stroke(page);
  if (st->stroke && st->dash_count) rc |= HPDF_Page_SetDash(page, NULL, 0, 0);
  return rc;
}

static HPDF_STATUS paint_text(const item *it, const mapping *m, HPDF_Font font) {
  HPDF_Page page = m->page;
  HPDF_STATUS rc = HPDF_OK;
  double size = it->size * m->scale;
  if (!(size > 0)) return HPDF_OK;
  /* SVG turns clockwise on a y-down canvas; PDF angles run anticlockwise. */
  double radians = -it->angle * M_PI / 180.0;
  double c = cos(radians), s = sin(radians);
  rc |= HPDF_Page_BeginText(page);
  rc |= HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
  rc |= HPDF_Page_SetRGBFill(page, (HPDF_REAL)it->rgb[0], (HPDF_REAL)it->rgb[1],
                             (HPDF_REAL)it->rgb[2]);
  double width = HPDF_Page_TextWidth(page, it->text);
  double shift = it->anchor == DOSSIER_ANCHOR_MIDDLE ? width / 2
                 : it->anchor == DOSSIER_ANCHOR_END  ? width
                                                     : 0;
  double x = px(m, it->x) - shift * c, y = py(m, it->y) - shift * s;
  rc |= HPDF_Page_SetTextMatrix(page, (HPDF_REAL)c, (HPDF_REAL)s, (HPDF_REAL)-s, (HPDF_REAL)c,
                                (HPDF_REAL)x, (HPDF_REAL)y);
  rc |= HPDF_Page_ShowText(page, it->text);
  rc |= HPDF_Page_EndText(page);
  return rc;
}

dossier_status dossier_drawing_paint(const dossier_drawing *drawing, HPDF_Page page,
                                     HPDF_Font font, float x, float y_top, float width,
                                     float height) {
  if (!drawing || !page || !font || !(width > 0) || !(height > 0)) return DOSSIER_ERR_SOFTWARE;
  /* Keep the aspect ratio and centre the drawing in the box. */
  double sx = width / drawing->width, sy = height / drawing->height;
  mapping m = {page, sx < sy ? sx : sy, 0, 0};
  m.x0 = x + (width - drawing->width * m.scale) / 2;
  m.y0 = y_top - (height - drawing->height * m.scale) / 2;
  HPDF_STATUS rc = HPDF_Page_GSave(page);
  /* Nothing leaves the canvas (an svg viewport clips too): a label gnuplot
   * placed past the edge must not spill into the page margin. */
  rc |= HPDF_Page_Rectangle(page, (HPDF_REAL)m.x0, (HPDF_REAL)(m.y0 - drawing->height * m.scale),
                            (HPDF_REAL)(drawing->width * m.scale),
                            (HPDF_REAL)(drawing->height * m.scale));
  rc |= HPDF_Page_Clip(page);
  rc |= HPDF_Page_EndPath(page);
  for (size_t i = 0; i < drawing->item_count && rc == HPDF_OK; i++) {
    const item *it = &drawing->items[i];
    rc = it->kind == ITEM_PATH ? paint_path(drawing, it, &m) : paint_text(it, &m, font);
  }
  rc |= HPDF_Page_GRestore(page);
  return rc == HPDF_OK ? DOSSIER_OK : DOSSIER_ERR_SOFTWARE;
}
