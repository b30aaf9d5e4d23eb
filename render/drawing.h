/* drawing.h: a vector drawing (paths, fills, text), independent of gnuplot and
 * of libharu, painted onto a PDF page. Coordinates are in the drawing's own
 * units with y growing downward, inside a canvas of width × height. */
#ifndef DOSSIER_DRAWING_H
#define DOSSIER_DRAWING_H

#include <hpdf.h>

#include "diag.h"

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

#endif
