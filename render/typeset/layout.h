/* layout.h: the typesetter's page flow (private to render/).
 *
 * dossier_layout_doc places every block of a doc on A4 pages of a libharu
 * document: the header block and title on page 1, headings kept with what
 * follows, paragraphs with widow and orphan control, tables that repeat their
 * header row, charts, the signature block, appendices on new pages, page
 * numbers and the outline (bookmarks). Coordinates inside the flow run from
 * the top of the page downward, in points; drawing converts to PDF's upward y. */
#ifndef DOSSIER_LAYOUT_H
#define DOSSIER_LAYOUT_H

#include <hpdf.h>

#include "render/chart/chart.h"
#include "render/doc.h"
#include "render/typeset/fonts.h"
#include "render/typeset/style_values.h"
#include "render/typeset/textline.h"

typedef struct {
  HPDF_Doc pdf;
  dossier_fonts *fonts;
  const dossier_style *s;
  const dossier_doc *doc;
  dossier_chart_engine *charts;
  dossier_diag *diag;
  HPDF_Encoder utf8;
  HPDF_Page page;
  int page_count;
  double y;              /* current position from the page's top edge */
  double x0, width;      /* the text block */
  double top, bottom;    /* first and last usable y of the text block */
  HPDF_Outline outline[4]; /* latest bookmark of each level (0 = appendix / top) */
  dossier_drawing *pending;          /* a chart drawn early to measure it (keep with heading) */
  const dossier_block *pending_block; /* the block it belongs to */
} dossier_flow;

/* Lays out `doc` into `pdf` (fonts already open). On success *pages is the page
 * count. Errors: DOSSIER_ERR_NOMEM, DOSSIER_ERR_SOFTWARE (libharu), font and
 * chart errors; the diag says which. */
dossier_status dossier_layout_doc(int *pages, HPDF_Doc pdf, dossier_fonts *fonts,
                                  const dossier_doc *doc, const dossier_style *style,
                                  dossier_chart_engine *charts, dossier_diag *diag);

/* Starts a new page (numbered as the style says); returns DOSSIER_OK or
 * DOSSIER_ERR_SOFTWARE. */
dossier_status dossier_flow_new_page(dossier_flow *f);

/* Whether the flow stands at the top of a page (nothing placed yet). */
int dossier_flow_at_top(const dossier_flow *f);

/* PDF y of a flow position. */
double dossier_flow_pdf_y(const dossier_flow *f, double y);

/* Places a table block (layout_table.c). */
dossier_status dossier_layout_table(dossier_flow *f, const dossier_table *table);

/* The height the start of a table needs to be kept with a heading above it. */
dossier_status dossier_layout_table_keep(dossier_flow *f, const dossier_table *table,
                                         double *height);

#endif
