/* drawing.h: a vector drawing (paths, fills, text), independent of gnuplot and
 * of libharu, painted onto a PDF page. Coordinates are in the drawing's own
 * units with y growing downward, inside a canvas of width × height. */
#ifndef DOSSIER_DRAWING_H
#define DOSSIER_DRAWING_H

#include <hpdf.h>

#include "base/diag.h"

typedef struct dossier_drawing dossier_drawing;

/* Frees a drawing; NULL is a no-op. */
void dossier_drawing_free(dossier_drawing *drawing);

/* The canvas size, in the drawing's units. */
double dossier_drawing_width(const dossier_drawing *drawing);
double dossier_drawing_height(const dossier_drawing *drawing);

/* Paints the drawing scaled into the box whose top-left corner is (x, y_top)
 * in PDF points (y upward, as libharu) and whose size is width × height; text
 * is set in `font` (the document's embedded font, UTF-8 encoder). Returns
 * DOSSIER_OK or DOSSIER_ERR_SOFTWARE when libharu fails. */
dossier_status dossier_drawing_paint(const dossier_drawing *drawing, HPDF_Page page,
                                     HPDF_Font font, float x, float y_top, float width,
                                     float height);

/* ---- Building a drawing (used by the svg translator; added by the charts
 * module, compatible with the declarations above). ---- */

enum {
  DOSSIER_ANCHOR_START = 0,
  DOSSIER_ANCHOR_MIDDLE = 1,
  DOSSIER_ANCHOR_END = 2,
};

/* How a path is painted. Colours are 0..1 components. Opacity below 1 is
 * painted as the colour blended with white paper (a chart's translucent band
 * sits on white), so the PDF needs no transparency group. Dashes are in the
 * drawing's units; dash_count 0 means a solid line. */
typedef struct {
  int fill, stroke;                  /* paint the inside / the outline */
  double fill_rgb[3], fill_opacity;  /* opacity 0..1 */
  double stroke_rgb[3], stroke_width;
  double dash[8];
  size_t dash_count;
  int linecap;  /* 0 butt, 1 round, 2 square (PDF numbering) */
  int linejoin; /* 0 miter, 1 round, 2 bevel */
} dossier_drawing_style;

/* Returns a new empty drawing of width × height, or NULL when out of memory or
 * the size is not positive and finite. */
dossier_drawing *dossier_drawing_new(double width, double height);

/* Starts a new path painted with `style` (copied). The following move/line/
 * curve/close calls add to it. Returns DOSSIER_OK or DOSSIER_ERR_NOMEM. */
dossier_status dossier_drawing_begin_path(dossier_drawing *drawing,
                                          const dossier_drawing_style *style);

/* Segments of the current path, in absolute drawing coordinates. A segment
 * before any begin_path returns DOSSIER_ERR_SOFTWARE; out of memory
 * DOSSIER_ERR_NOMEM. */
dossier_status dossier_drawing_move_to(dossier_drawing *drawing, double x, double y);
dossier_status dossier_drawing_line_to(dossier_drawing *drawing, double x, double y);
dossier_status dossier_drawing_curve_to(dossier_drawing *drawing, double x1, double y1,
                                        double x2, double y2, double x3, double y3);
dossier_status dossier_drawing_close_path(dossier_drawing *drawing);

/* Adds a line of text whose anchor point (start, middle or end of its
 * baseline, DOSSIER_ANCHOR_*) is (x, y), turned `angle` degrees clockwise (as
 * SVG's rotate on a y-down canvas), `size` units high, in colour `rgb`. The
 * text is copied and normalised to NFC. Returns DOSSIER_OK or
 * DOSSIER_ERR_NOMEM. */
dossier_status dossier_drawing_add_text(dossier_drawing *drawing, double x, double y,
                                        double angle, int anchor, double size,
                                        const double rgb[3], const char *utf8);

/* Number of paths and of texts in the drawing. */
size_t dossier_drawing_path_count(const dossier_drawing *drawing);
size_t dossier_drawing_text_count(const dossier_drawing *drawing);

/* The i-th text (in drawing order), owned by the drawing; NULL when out of range. */
const char *dossier_drawing_text(const dossier_drawing *drawing, size_t i);

/* Geometry of the i-th text: its anchor point, angle (degrees clockwise),
 * size and DOSSIER_ANCHOR_*. Returns 0, or -1 when i is out of range. */
int dossier_drawing_text_geometry(const dossier_drawing *drawing, size_t i, double *x,
                                  double *y, double *angle, double *size, int *anchor);

/* Copies the style of the i-th path (in drawing order) into *out. Returns 0,
 * or -1 when i is out of range. */
int dossier_drawing_path_style(const dossier_drawing *drawing, size_t i,
                               dossier_drawing_style *out);

/* The box {x0, y0, x1, y1} around every point of every path (Bézier control
 * points included). Returns 0, or -1 when the drawing has no path points. */
int dossier_drawing_path_bounds(const dossier_drawing *drawing, double box[4]);

/* Returns 1 when some text of the drawing contains `needle` (after NFC
 * normalisation of both), else 0. Handy for checks and tests. */
int dossier_drawing_has_text(const dossier_drawing *drawing, const char *needle);

#endif
