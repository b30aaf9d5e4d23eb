/* ttf_subset.h: a TrueType file read once into memory, and the font program of
 * a PDF document cut from it: only the glyphs the document draws (private to
 * render/).
 *
 * Why a subset of our own making: libharu 2.3.0 copies nearly the whole font
 * file into every PDF (all tables it knows, every glyph slot) and compresses it
 * again for each document, which was a third of the time of a batch dossier.
 * HarfBuzz's subsetter (hb-subset) does the cutting. */
#ifndef DOSSIER_TTF_SUBSET_H
#define DOSSIER_TTF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

typedef struct dossier_ttf dossier_ttf;

/* Reads the TrueType file `path` and checks the tables a subset needs (head,
 * hhea, maxp, hmtx, loca, glyf). On success *out is new (free with
 * dossier_ttf_free). Errors: DOSSIER_ERR_UNAVAILABLE (unreadable, or not a
 * TrueType font with glyph outlines), DOSSIER_ERR_NOMEM; *out stays NULL. The
 * object is read-only afterwards and may be shared between threads. */
dossier_status dossier_ttf_open(dossier_ttf **out, const char *path, dossier_diag *diag);

/* Frees the font; NULL is a no-op. */
void dossier_ttf_free(dossier_ttf *ttf);

/* The whole file as read (size in *size); owned by `ttf`. */
const unsigned char *dossier_ttf_bytes(const dossier_ttf *ttf, size_t *size);

/* The number of glyphs in the font. */
unsigned dossier_ttf_glyph_count(const dossier_ttf *ttf);

/* The font's design units per em (head.unitsPerEm, > 0). */
unsigned dossier_ttf_units_per_em(const dossier_ttf *ttf);

/* The advance width of glyph `gid` in design units (hmtx); 0 past the glyphs. */
unsigned dossier_ttf_advance(const dossier_ttf *ttf, unsigned gid);

/* Builds a TrueType font program holding glyph 0 (.notdef), the `count`
 * glyphs `gids` (ids in the original font) and every glyph their composites
 * refer to, renumbered densely in the order of their original ids; hinting
 * programs (cvt, fpgm, prep) and OS/2 are kept, no other table. `map` (glyph
 * count entries, caller's) receives for every original glyph its id in the
 * subset, 0xFFFF when it is not in it. On success *font (malloc'ed, caller
 * frees) holds *length bytes. Errors: DOSSIER_ERR_NOMEM,
 * DOSSIER_ERR_UNAVAILABLE (a glyph id out of range, or HarfBuzz could not cut
 * the font); *font stays NULL. Same input, same bytes. */
dossier_status dossier_ttf_subset(unsigned char **font, size_t *length, uint16_t *map,
                                  const dossier_ttf *ttf, const uint16_t *gids, size_t count);

#endif
