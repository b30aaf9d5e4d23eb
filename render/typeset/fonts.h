/* fonts.h: the four faces of a document's font family in one libharu document,
 * the characters each face is asked to draw, and the checks and the ToUnicode
 * map built from them. Private to render/. */
#ifndef DOSSIER_FONTS_H
#define DOSSIER_FONTS_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "render/typeset/style.h"

typedef struct dossier_fonts dossier_fonts;

/* Finds the style's family through fontconfig (a TrueType file of exactly that
 * family), else the style's font files, and loads the four faces (regular,
 * bold, italic, bold italic) into `pdf` with the UTF-8 encoder. On success *out
 * is new (free with dossier_fonts_free, before or after HPDF_Free). Errors:
 * DOSSIER_ERR_UNAVAILABLE naming the file that is missing or unreadable. */
dossier_status dossier_fonts_open(dossier_fonts **out, HPDF_Doc pdf, const dossier_style *style,
                                  dossier_diag *diag);

/* Frees the record (the HPDF fonts belong to the HPDF document); NULL is a no-op. */
void dossier_fonts_free(dossier_fonts *fonts);

/* The face for DOSSIER_RUN_BOLD / DOSSIER_RUN_ITALIC flags (other bits
 * ignored), loaded into the document on first use (an unused face is not
 * embedded). Returns NULL when libharu cannot load it: see dossier_fonts_failed. */
HPDF_Font dossier_fonts_face(dossier_fonts *fonts, unsigned flags);

/* After dossier_fonts_face returned NULL: the file that failed and libharu's
 * error code in *code; NULL when no face failed. */
const char *dossier_fonts_failed(const dossier_fonts *fonts, unsigned long *code);

/* The path of the file behind a face, owned by `fonts`. */
const char *dossier_fonts_path(const dossier_fonts *fonts, unsigned flags);

/* Records that `face` draws the `length` bytes of UTF-8 `text` (for the checks
 * and the ToUnicode map). */
void dossier_fonts_note(dossier_fonts *fonts, unsigned flags, const char *text, size_t length);

/* Checks every recorded character against the face's font file: a character
 * the font lacks (or above U+FFFF, which libharu cannot encode) is an error
 * DOSSIER_ERR_DATA naming the characters and the file; a used glyph built from
 * nested composite glyphs (libharu 2.3.0 drops their inner accents) is an error
 * DOSSIER_ERR_UNAVAILABLE naming them. Font files are opened with FreeType
 * once per process and kept (thread-safe). */
dossier_status dossier_fonts_check(const dossier_fonts *fonts, dossier_diag *diag);

/* The advance of code point `cp` in a loaded face (see dossier_fonts_face),
 * in 1/1000 em, exactly as libharu measures it; above U+FFFF the space's
 * (libharu draws a space there). */
unsigned dossier_fonts_width(dossier_fonts *fonts, unsigned flags, uint32_t cp);

/* Completes the fonts of the document before it is saved: for each used face
 * an embedded TrueType subset of the recorded characters' glyphs, their
 * widths (W), the code -> glyph map (CIDToGIDMap) and a ToUnicode CMap with a
 * bfchar entry per recorded character (libharu's own is malformed). Call
 * once, after the layout and dossier_fonts_check. Returns DOSSIER_OK,
 * DOSSIER_ERR_NOMEM, DOSSIER_ERR_UNAVAILABLE (a glyph of the font file is
 * malformed) or DOSSIER_ERR_SOFTWARE (libharu failed, or text was drawn
 * without being recorded). */
dossier_status dossier_fonts_finish(dossier_fonts *fonts, HPDF_Doc pdf, dossier_diag *diag);

/* Releases the process-wide caches (fontconfig lookups, FreeType faces) and
 * fontconfig's own configuration (FcFini). Call at most once, at process exit,
 * when no document is being written; later use starts the caches afresh. */
void dossier_fonts_shutdown(void);

#endif
