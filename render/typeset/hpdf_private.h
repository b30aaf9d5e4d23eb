/* hpdf_private.h: what dossier does inside libharu 2.3.0, beyond its public
 * API — the one place that touches libharu's private structures (HPDF_Doc's
 * memory manager, cross-reference table, trailer and output stream, a font's
 * attributes and definition, the UTF-8 encoder's tables). Private to
 * render/typeset/; every function is checked against libharu 2.3.0
 * (Debian 12's libhpdf-dev) and would need checking again for another. */
#ifndef DOSSIER_RENDER_TYPESET_HPDF_PRIVATE_H
#define DOSSIER_RENDER_TYPESET_HPDF_PRIVATE_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* What HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE) does, with the font
 * file's `size` bytes at `data` (kept alive by the caller for the document's
 * life) instead of a file read through stdio in pieces of 2 to 4 bytes:
 * parse, register the definition (or find the one registered under the same
 * name) and give an embedded font the document's next subset tag. Returns
 * the font's name (owned by libharu), or NULL with libharu's error set. */
const char *dossier_hpdf_load_ttf(HPDF_Doc pdf, const unsigned char *data, size_t size);

/* HPDF_GetFont(pdf, name, "UTF-8") without libharu's pass over all 65 536
 * codes of the encoder (a linear cmap search each, about 40 M instructions
 * per face and document): the map and widths it would build are replaced by
 * dossier_hpdf_embed_font. Returns NULL with libharu's error set. */
HPDF_Font dossier_hpdf_get_font(HPDF_Doc pdf, const char *name);

/* Deflates `length` bytes with libharu's own deflate (the level it uses for
 * every stream) into a new buffer *out (malloc'ed) of *out_length bytes.
 * Returns 1, or 0 on failure (*out NULL). */
int dossier_hpdf_deflate(HPDF_Doc pdf, const unsigned char *raw, size_t length,
                         unsigned char **out, size_t *out_length);

/* Whether libharu measured or drew with `font` a glyph that `map` (glyph ->
 * id in the subset, 0xFFFF when absent; `glyphs` entries) leaves out: text
 * drawn without being recorded, which would print as .notdef. */
int dossier_hpdf_draws_glyph_outside(HPDF_Font font, const uint16_t *map, unsigned glyphs);

/* What a font embedded by dossier consists of. */
typedef struct {
  const unsigned char *cid_map; /* CIDToGIDMap: 2 bytes per code */
  size_t cid_map_length;
  const char *to_unicode;       /* the ToUnicode CMap's text */
  size_t to_unicode_length;
  const uint32_t *codes;        /* W: the codes drawn, ascending … */
  const uint16_t *widths;       /* … and their advances in 1/1000 em */
  size_t count;
  const unsigned char *program; /* FontFile2, deflated */
  size_t program_length;
  size_t raw_length;            /* its length before deflating (Length1) */
} dossier_hpdf_font_data;

/* Replaces the CIDToGIDMap, ToUnicode, W array and font descriptor (with
 * its FontFile2) libharu would write for `font` at save time by `d`'s.
 * Returns HPDF_OK or libharu's error. */
HPDF_STATUS dossier_hpdf_embed_font(HPDF_Doc pdf, HPDF_Font font, const dossier_hpdf_font_data *d);

/* Sets the trailer's /ID to [<id> <id>] (libharu's is an MD5 of the time). */
HPDF_STATUS dossier_hpdf_set_id(HPDF_Doc pdf, const unsigned char id[16]);

/* After HPDF_SaveToStream: the saved file as libharu keeps it, a list of
 * buffers, in *pieces (a new array, free it; the buffers belong to pdf) of
 * *count entries, so it can be written without one more copy. Returns 0, or
 * -1 when out of memory. */
int dossier_hpdf_saved_pieces(HPDF_Doc pdf, struct iovec **pieces, size_t *count);

/* HPDF_Page_TextOut(page, x, y, text) for `length` bytes of UTF-8 set in the
 * page's current font, which must be `expected` (a Type0 TrueType font of the
 * UTF-8 encoder): the same operators libharu writes, with the advance of each
 * code from `advance(ctx, flags, code)` (1/1000 em) instead of libharu's
 * linear cmap search per character. In any other situation libharu's own
 * HPDF_Page_TextOut is called. */
void dossier_hpdf_text_out(HPDF_Page page, HPDF_Font expected,
                           unsigned (*advance)(const void *ctx, unsigned flags, uint16_t code),
                           const void *ctx, unsigned flags, double x, double y, const char *text,
                           size_t length);

#endif
