/* textline.h: breaking styled text into lines and drawing them (private to render/).
 *
 * A text block is cut into pieces (maximal runs of non-space characters in one
 * face); a line break may fall before a piece that follows a space, or inside
 * a word that is wider than the narrowest line (so no glyph ever crosses the
 * text block's edge). Justification places each piece at a computed x:
 * libharu's word spacing has no effect on CID fonts. */
#ifndef DOSSIER_TEXTLINE_H
#define DOSSIER_TEXTLINE_H

#include <hpdf.h>
#include <stddef.h>

#include "render/doc.h"
#include "render/typeset/fonts.h"
#include "render/typeset/style_values.h"

typedef struct {
  size_t offset, length;  /* bytes in the block's buffer */
  unsigned flags;         /* DOSSIER_RUN_* */
  double width;           /* points */
  double glue;            /* width of the space before it (0: none) */
  int breakable;          /* a line may start with this piece */
} dossier_piece;

typedef struct {
  size_t first, count;    /* pieces */
  double width;           /* natural width, without the glue before the first piece */
  int glues;              /* spaces inside the line */
} dossier_line;

typedef struct {
  char *buffer;
  dossier_piece *pieces;
  size_t piece_count, piece_capacity;
  dossier_line *lines;
  size_t line_count;
  const dossier_text_style *ts;
  double width;           /* the block's width (lines may be narrower by indents) */
  double first_indent;    /* extra indent of line 1 */
  double indent;          /* indent of every line */
  double line_height, baseline; /* baseline: distance from a line's top */
} dossier_textblock;

/* Breaks `text` set in `ts` (plus `extra_flags`, e.g. BOLD for a total row) into
 * lines of `width` points; a NULL or empty text gives no line. `prefix`, when
 * not NULL, is put before the text in the text's first face (a heading's
 * numbering). Every character is noted with `fonts`. Returns DOSSIER_OK,
 * DOSSIER_ERR_NOMEM or DOSSIER_ERR_UNAVAILABLE (a face cannot be loaded); on
 * failure `tb` holds nothing to free. */
dossier_status dossier_text_build(dossier_textblock *tb, dossier_fonts *fonts,
                                  const dossier_inline *text, const char *prefix,
                                  const dossier_text_style *ts, unsigned extra_flags,
                                  double width, dossier_diag *diag);

/* The same for one plain string. */
dossier_status dossier_text_build_plain(dossier_textblock *tb, dossier_fonts *fonts,
                                        const char *text, const dossier_text_style *ts,
                                        unsigned extra_flags, double width,
                                        dossier_diag *diag);

/* Frees what a built block owns; a zeroed block is fine. */
void dossier_text_free(dossier_textblock *tb);

/* Draws lines [first, first+count) with the top of line `first` at y_top (PDF
 * points, y upward) and the block's left edge at x. */
void dossier_text_draw(const dossier_textblock *tb, dossier_fonts *fonts, HPDF_Page page,
                       double x, double y_top, size_t first, size_t count);

/* The widest line's natural width, including indents. */
double dossier_text_used_width(const dossier_textblock *tb);

/* The width the text needs on one line, and the widest unbreakable word. */
double dossier_text_natural_width(const dossier_textblock *tb);
double dossier_text_min_width(const dossier_textblock *tb);

/* Width of `text` (UTF-8) in a face at `size` points. */
double dossier_text_measure(dossier_fonts *fonts, unsigned flags, double size, const char *text,
                            size_t length);

/* Upper-cases UTF-8 text (Vietnamese capitals included); caller frees; NULL on OOM. */
char *dossier_text_upper(const char *text, size_t length);

#endif
