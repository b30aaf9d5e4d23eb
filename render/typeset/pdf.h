/* pdf.h: laying out a document and writing it as a PDF with libharu. */
#ifndef DOSSIER_PDF_H
#define DOSSIER_PDF_H

#include "render/chart/chart.h"
#include "base/diag.h"
#include "render/doc.h"
#include "render/typeset/style.h"

/* Lays out `doc` with `style` (charts drawn by `charts`) and writes the PDF to
 * `out_path`. The file is written under a temporary name in the same folder
 * and renamed into place only when complete: on any failure no file is left
 * and an existing `out_path` is untouched. The same inputs give the same bytes
 * (dates from doc->info, or SOURCE_DATE_EPOCH). On success *pages (if not NULL)
 * is the page count. Errors: DOSSIER_ERR_UNAVAILABLE (font), DOSSIER_ERR_DATA
 * (the font lacks characters the document uses: they are named),
 * DOSSIER_ERR_CANTCREAT / DOSSIER_ERR_IO (output), chart errors as
 * dossier_chart_draw. */
dossier_status dossier_pdf_write(const dossier_doc *doc, const dossier_style *style,
                                 dossier_chart_engine *charts, const char *out_path, int *pages,
                                 dossier_diag *diag);

/* Lays out `doc` like dossier_pdf_write and returns the PDF's bytes instead:
 * on success *out is a new buffer (free) of *length bytes, the same bytes
 * dossier_pdf_write would write, and *pages (if not NULL) the page count.
 * Errors as dossier_pdf_write, less the output's; *out is then NULL. */
dossier_status dossier_pdf_write_buffer(unsigned char **out, size_t *length, const dossier_doc *doc,
                                        const dossier_style *style, dossier_chart_engine *charts,
                                        int *pages, dossier_diag *diag);

/* Releases what the PDF writer keeps for the whole process (font lookups and
 * FreeType faces shared by all documents, fontconfig's configuration), so a
 * leak checker sees a clean exit. Call once at the end of main, after the last
 * dossier_pdf_write; optional. (Added by the typesetter; compatible.) */
void dossier_pdf_shutdown(void);

#endif
