/* fonts.c: finding, loading and checking the document's fonts.
 *
 * Why FreeType next to libharu: libharu draws a missing glyph silently as
 * .notdef and (2.3.0) drops the inner parts of nested composite glyphs, which
 * is how "Tiếng" turns into "Tieng" with DejaVu. A signed report must not lose
 * a diacritic, so every character a face draws is checked in the font file
 * itself before the PDF is written.
 *
 * What is kept across documents (a batch renders thousands): libharu 2.3.0
 * cannot reuse a parsed font between documents (HPDF_NewDoc drops the font
 * definitions: HPDF_GetFont then fails with 0x1025), so each document loads
 * its TTFs into libharu again. What the process keeps (the `cache` below,
 * guarded by a mutex; read-only once built) is the fontconfig lookup of the
 * family, the FreeType faces used by the checks, and per font file its bytes
 * (for subsets) and two tables code point -> glyph and code point -> advance
 * width, so measuring text never asks libharu (whose cmap lookup is a linear
 * search per character).
 *
 * What libharu would do per document and we do instead (bench/PROFILE.md has
 * the numbers): it maps and measures all 65 536 codes of the UTF-8 encoder
 * for each face (about 40 M instructions a face), then writes a 128 KiB
 * CIDToGIDMap, a W array for every code and almost the whole font file, all
 * compressed again. dossier_fonts_finish replaces the map, the widths, the
 * ToUnicode CMap and the font program by ones for the characters the
 * document records, the font program cut by ttf_subset.c. */
#include "render/typeset/fonts.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/doc.h"
#include "render/typeset/hpdf_private.h"
#include "render/typeset/style_values.h"
#include "render/typeset/ttf_subset.h"

#define FACES 4
#define BMP_WORDS (0x10000 / 64)

struct dossier_fonts {
  HPDF_Doc pdf;
  HPDF_Font face[FACES];                  /* loaded on first use: an unused face
                                             would still be embedded */
  const uint16_t *gid[FACES];             /* the process-wide tables of the face */
  const uint16_t *width[FACES];
  const dossier_ttf *ttf[FACES];
  unsigned long load_error;               /* libharu's code when a face failed */
  char *path[FACES];
  uint64_t used[FACES][BMP_WORDS];        /* characters drawn with each face */
  uint32_t astral[8];                     /* first characters above U+FFFF */
  size_t astral_count;
};

/* ---- the process-wide cache ---------------------------------------------- */

typedef struct {
  char *family;           /* requested family */
  char *path[FACES];      /* resolved files, NULL = use the style's files */
} family_entry;

/* A font program as embedded: compressed once, reused by every document
 * that draws exactly the same glyphs (in a batch, most documents do with the
 * regular face). */
typedef struct {
  uint16_t *key;          /* the glyphs asked of the subset, in order */
  size_t count;
  uint16_t *map;          /* glyph -> id in the subset (dossier_ttf_subset) */
  unsigned char *flate;   /* the program, deflated */
  size_t flate_length, length;
} program_entry;

#define PROGRAMS 8

enum { VERDICT_UNKNOWN, VERDICT_OK, VERDICT_MISSING, VERDICT_NESTED };

typedef struct {
  char *path;
  FT_Face face;
  program_entry programs[PROGRAMS];
  unsigned next_program;  /* the entry replaced next */
  dossier_ttf *ttf;       /* built on first use by a document, with: */
  uint16_t *gid;          /* code point -> glyph, 65 536 entries (FreeType's cmap) */
  unsigned char *verdict; /* code point -> VERDICT_*: the checks' answers, kept
                             (a batch asks about the same letters each time) */
  uint16_t *width;        /* code point -> advance in 1/1000 em, rounded down as
                             libharu does, so layouts are the same as when
                             libharu measured */
} face_entry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static FT_Library cache_ft;
static family_entry cache_families[8];
static size_t cache_family_count;
static face_entry cache_faces[32];
static size_t cache_face_count;

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = malloc(n);
  if (c) memcpy(c, s, n);
  return c;
}

/* libharu loads single .ttf files; a .ttc collection needs a face index. */
static int ends_with_ttf(const char *path) {
  size_t n = strlen(path);
  return n > 4 && strcasecmp(path + n - 4, ".ttf") == 0;
}

/* Asks fontconfig for `family` in the face's weight and slant. Returns a copy
 * of the file path, or NULL when fontconfig only offers a substitute family or
 * a format libharu cannot load (it reads TrueType outlines only). */
static char *fontconfig_file(const char *family, int face) {
  char *result = NULL;
  FcPattern *pattern = FcPatternCreate();
  if (!pattern) return NULL;
  FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)family);
  FcPatternAddInteger(pattern, FC_WEIGHT, (face & DOSSIER_RUN_BOLD) ? FC_WEIGHT_BOLD
                                                                    : FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pattern, FC_SLANT,
                      (face & DOSSIER_RUN_ITALIC) ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  FcConfigSubstitute(NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult res;
  FcPattern *match = FcFontMatch(NULL, pattern, &res);
  if (match) {
    FcChar8 *got_family = NULL, *file = NULL, *format = NULL;
    int weight = 0, slant = 0;
    if (FcPatternGetString(match, FC_FAMILY, 0, &got_family) == FcResultMatch &&
        FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(match, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
        FcPatternGetInteger(match, FC_WEIGHT, 0, &weight) == FcResultMatch &&
        FcPatternGetInteger(match, FC_SLANT, 0, &slant) == FcResultMatch &&
        strcasecmp((const char *)got_family, family) == 0 &&
        strcmp((const char *)format, "TrueType") == 0 && ends_with_ttf((const char *)file) &&
        ((face & DOSSIER_RUN_BOLD) ? weight >= FC_WEIGHT_DEMIBOLD : weight < FC_WEIGHT_DEMIBOLD) &&
        ((face & DOSSIER_RUN_ITALIC) ? slant != FC_SLANT_ROMAN : slant == FC_SLANT_ROMAN))
      result = copy_string((const char *)file);
    FcPatternDestroy(match);
  }
  FcPatternDestroy(pattern);
  return result;
}

/* Fills paths[] (copies, caller frees) for the style's family. */
static dossier_status resolve_family(char *paths[FACES], const dossier_style *style,
                                     dossier_diag *diag) {
  dossier_status st = DOSSIER_OK;
  pthread_mutex_lock(&cache_lock);
  family_entry *entry = NULL;
  for (size_t i = 0; i < cache_family_count; i++)
    if (strcmp(cache_families[i].family, style->font_family) == 0) entry = &cache_families[i];
  family_entry fresh = {0};
  if (!entry) {
    fresh.family = copy_string(style->font_family);
    for (int f = 0; f < FACES; f++) fresh.path[f] = fontconfig_file(style->font_family, f);
    if (fresh.family && cache_family_count < sizeof cache_families / sizeof cache_families[0]) {
      cache_families[cache_family_count] = fresh;
      entry = &cache_families[cache_family_count++];
    } else {
      entry = &fresh; /* cache full: use it once */
    }
  }
  for (int f = 0; f < FACES; f++) {
    const char *p = entry->path[f] ? entry->path[f] : style->font_files[f];
    paths[f] = copy_string(p);
    if (!paths[f]) st = DOSSIER_ERR_NOMEM;
  }
  if (entry == &fresh) {
    free(fresh.family);
    for (int f = 0; f < FACES; f++) free(fresh.path[f]);
  }
  pthread_mutex_unlock(&cache_lock);
  if (st != DOSSIER_OK) dossier_diag_add(diag, st, NULL, 0, 0, NULL, "out of memory");
  return st;
}

/* Returns the cache entry of `path`, opening its FreeType face on first use;
 * NULL when FreeType cannot read it. Call with cache_lock held. */
static face_entry *cached_entry(const char *path) {
  for (size_t i = 0; i < cache_face_count; i++)
    if (strcmp(cache_faces[i].path, path) == 0) return &cache_faces[i];
  if (!cache_ft && FT_Init_FreeType(&cache_ft) != 0) return NULL;
  FT_Face face = NULL;
  if (FT_New_Face(cache_ft, path, 0, &face) != 0) return NULL;
  if (cache_face_count < sizeof cache_faces / sizeof cache_faces[0]) {
    char *copy = copy_string(path);
    if (copy) {
      face_entry *e = &cache_faces[cache_face_count++];
      memset(e, 0, sizeof *e);
      e->path = copy;
      e->face = face;
      return e;
    }
  }
  FT_Done_Face(face); /* cache full: a bounded set of fonts is the normal case */
  return NULL;
}

static void program_entry_free(program_entry *p) {
  free(p->key);
  free(p->map);
  free(p->flate);
  memset(p, 0, sizeof *p);
}

/* Builds the entry's file copy and its glyph and width tables (once per
 * process). A code point the font does not map gets glyph 0 and the width
 * of glyph 0, as libharu measures it. Call with cache_lock held. */
static int entry_tables(face_entry *e) {
  if (e->width) return 1;
  dossier_ttf *ttf = NULL;
  int ok = dossier_ttf_open(&ttf, e->path, NULL) == DOSSIER_OK;
  uint16_t *gid = ok ? calloc(0x10000, sizeof *gid) : NULL;
  uint16_t *width = gid ? malloc(0x10000 * sizeof *width) : NULL;
  if (!width) {
    dossier_ttf_free(ttf);
    free(gid);
    return 0;
  }
  FT_UInt index = 0;
  for (FT_ULong cp = FT_Get_First_Char(e->face, &index); index != 0 && cp < 0x10000;
       cp = FT_Get_Next_Char(e->face, cp, &index))
    if (index < dossier_ttf_glyph_count(ttf)) gid[cp] = (uint16_t)index;
  unsigned upem = dossier_ttf_units_per_em(ttf);
  for (size_t cp = 0; cp < 0x10000; cp++)
    width[cp] = (uint16_t)(dossier_ttf_advance(ttf, gid[cp]) * 1000u / upem);
  e->ttf = ttf;
  e->gid = gid;
  e->width = width;
  return 1;
}

/* ---- loading --------------------------------------------------------------- */

static int readable(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  fclose(f);
  return 1;
}

dossier_status dossier_fonts_open(dossier_fonts **out, HPDF_Doc pdf, const dossier_style *style,
                                  dossier_diag *diag) {
  *out = NULL;
  dossier_fonts *fonts = calloc(1, sizeof *fonts);
  if (!fonts) return dossier_diag_nomem(diag);
  dossier_status st = resolve_family(fonts->path, style, diag);
  if (st != DOSSIER_OK) goto done;
  for (int f = 0; f < FACES; f++) {
    if (!readable(fonts->path[f])) {
      st = dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, fonts->path[f], 0, 0, NULL,
                            "font file missing or unreadable (family \"%s\" not found by "
                            "fontconfig; on Debian install fonts-liberation2)",
                            style->font_family);
      goto done;
    }
  }
  fonts->pdf = pdf;
  /* The regular face is always used (page numbers, body): loading it now
   * reports an unloadable family before any layout work. */
  if (!dossier_fonts_face(fonts, 0)) {
    st = dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, fonts->path[0], 0, 0, NULL,
                          "libharu cannot load this font (error 0x%04lX); a TrueType "
                          "(.ttf) file is needed",
                          fonts->load_error);
    goto done;
  }
done:
  if (st != DOSSIER_OK) {
    dossier_fonts_free(fonts);
    return st;
  }
  *out = fonts;
  return DOSSIER_OK;
}

void dossier_fonts_free(dossier_fonts *fonts) {
  if (!fonts) return;
  for (int f = 0; f < FACES; f++) free(fonts->path[f]);
  free(fonts);
}

/* ---- libharu fonts from the bytes in memory ----------------------------------- */

HPDF_Font dossier_fonts_face(dossier_fonts *fonts, unsigned flags) {
  unsigned f = flags & 3u;
  if (!fonts->face[f]) {
    pthread_mutex_lock(&cache_lock);
    face_entry *e = cached_entry(fonts->path[f]);
    if (e && entry_tables(e)) {
      fonts->gid[f] = e->gid;
      fonts->width[f] = e->width;
      fonts->ttf[f] = e->ttf;
    }
    pthread_mutex_unlock(&cache_lock);
    if (!fonts->width[f]) {
      fonts->load_error = HPDF_TTF_INVALID_FOMAT;
      return NULL;
    }
    size_t size = 0;
    const unsigned char *bytes = dossier_ttf_bytes(fonts->ttf[f], &size);
    const char *name = dossier_hpdf_load_ttf(fonts->pdf, bytes, size);
    fonts->face[f] = name ? dossier_hpdf_get_font(fonts->pdf, name) : NULL;
    if (!fonts->face[f]) {
      fonts->load_error = (unsigned long)HPDF_GetError(fonts->pdf);
      HPDF_ResetError(fonts->pdf);
    }
  }
  return fonts->face[f];
}

unsigned dossier_fonts_width(dossier_fonts *fonts, unsigned flags, uint32_t cp) {
  const uint16_t *width = fonts->width[flags & 3u];
  return width[cp < 0x10000 ? cp : 0x20];
}

const char *dossier_fonts_failed(const dossier_fonts *fonts, unsigned long *code) {
  for (int f = 0; f < FACES; f++)
    if (fonts->load_error && !fonts->face[f]) {
      *code = fonts->load_error;
      return fonts->path[f];
    }
  return NULL;
}

const char *dossier_fonts_path(const dossier_fonts *fonts, unsigned flags) {
  return fonts->path[flags & 3u];
}

/* ---- recording characters ---------------------------------------------------- */

/* Decodes one UTF-8 character at s (length n > 0); returns its byte length and
 * the code point in *cp (U+FFFD for a malformed sequence, consuming one byte). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || len > n) {
    *cp = 0xFFFD;
    return 1;
  }
  uint32_t v = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (s[i] & 0x3Fu);
  }
  *cp = v;
  return len;
}

static void note_into(dossier_fonts *fonts, uint64_t *set, const char *text, size_t length) {
  const unsigned char *s = (const unsigned char *)text;
  for (size_t i = 0; i < length;) {
    uint32_t cp;
    i += decode(s + i, length - i, &cp);
    if (cp > 0xFFFF) {
      if (fonts->astral_count < sizeof fonts->astral / sizeof fonts->astral[0])
        fonts->astral[fonts->astral_count++] = cp;
      continue;
    }
    set[cp / 64] |= (uint64_t)1 << (cp % 64);
  }
}

void dossier_fonts_note(dossier_fonts *fonts, unsigned flags, const char *text, size_t length) {
  note_into(fonts, fonts->used[flags & 3u], text, length);
}

/* The first character of `set` at or after `cp`; 0x10000 when there is none.
 * (Walking the set word by word: a document uses a few hundred of 65 536.) */
static uint32_t next_in_set(const uint64_t *set, uint32_t cp) {
  if (cp >= 0x10000) return 0x10000;
  size_t w = cp / 64;
  uint64_t bits = set[w] & (~(uint64_t)0 << (cp % 64));
  while (bits == 0) {
    if (++w == BMP_WORDS) return 0x10000;
    bits = set[w];
  }
  return (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
}

/* ---- checks ---------------------------------------------------------------- */

static void append_char(char *buf, size_t size, size_t *len, uint32_t cp) {
  char utf8[5] = {0};
  if (cp < 0x80) utf8[0] = (char)cp;
  else if (cp < 0x800) {
    utf8[0] = (char)(0xC0 | (cp >> 6));
    utf8[1] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    utf8[0] = (char)(0xE0 | (cp >> 12));
    utf8[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    utf8[2] = (char)(0x80 | (cp & 0x3F));
  } else {
    utf8[0] = (char)(0xF0 | (cp >> 18));
    utf8[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    utf8[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    utf8[3] = (char)(0x80 | (cp & 0x3F));
  }
  int n = snprintf(buf + *len, size - *len, "%sU+%04X '%s'", *len ? ", " : "", (unsigned)cp,
                   cp < 0x20 ? "?" : utf8);
  if (n > 0 && (size_t)n < size - *len) *len += (size_t)n;
}

/* Whether glyph `gid` is a composite with a composite component. */
static int nested_composite(FT_Face face, FT_UInt gid) {
  if (FT_Load_Glyph(face, gid, FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE) != 0) return 0;
  if (face->glyph->format != FT_GLYPH_FORMAT_COMPOSITE) return 0;
  FT_UInt parts[64];
  FT_UInt count = face->glyph->num_subglyphs;
  if (count > 64) count = 64;
  for (FT_UInt i = 0; i < count; i++) {
    FT_Int index = 0, a1, a2;
    FT_UInt flags;
    FT_Matrix m;
    if (FT_Get_SubGlyph_Info(face->glyph, i, &index, &flags, &a1, &a2, &m) != 0) return 0;
    parts[i] = (FT_UInt)index;
  }
  for (FT_UInt i = 0; i < count; i++) {
    if (FT_Load_Glyph(face, parts[i], FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE) != 0) continue;
    if (face->glyph->format == FT_GLYPH_FORMAT_COMPOSITE) return 1;
  }
  return 0;
}

dossier_status dossier_fonts_check(const dossier_fonts *fonts, dossier_diag *diag) {
  dossier_status st = DOSSIER_OK;
  if (fonts->astral_count > 0) {
    char list[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < fonts->astral_count; i++)
      append_char(list, sizeof list, &len, fonts->astral[i]);
    st = dossier_diag_add(diag, DOSSIER_ERR_DATA, NULL, 0, 0, NULL,
                          "the document uses characters above U+FFFF, which the PDF writer "
                          "cannot encode: %s",
                          list);
  }
  pthread_mutex_lock(&cache_lock);
  for (int f = 0; f < FACES; f++) {
    int any = 0;
    for (size_t w = 0; w < BMP_WORDS && !any; w++) any = fonts->used[f][w] != 0;
    if (!any) continue;
    face_entry *e = cached_entry(fonts->path[f]);
    if (e && !e->verdict) e->verdict = calloc(0x10000, 1);
    if (!e || !e->verdict) {
      st = dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, fonts->path[f], 0, 0, NULL,
                            "FreeType cannot read this font");
      continue;
    }
    char missing[1024] = "", nested[1024] = "";
    size_t missing_len = 0, nested_len = 0, missing_count = 0, nested_count = 0;
    for (uint32_t cp = next_in_set(fonts->used[f], 0x20); cp < 0x10000;
         cp = next_in_set(fonts->used[f], cp + 1)) {
      if (e->verdict[cp] == VERDICT_UNKNOWN) {
        FT_UInt gid = FT_Get_Char_Index(e->face, cp);
        e->verdict[cp] = gid == 0                          ? VERDICT_MISSING
                         : nested_composite(e->face, gid) ? VERDICT_NESTED
                                                           : VERDICT_OK;
      }
      if (e->verdict[cp] == VERDICT_MISSING) {
        missing_count++;
        append_char(missing, sizeof missing, &missing_len, cp);
      } else if (e->verdict[cp] == VERDICT_NESTED) {
        nested_count++;
        append_char(nested, sizeof nested, &nested_len, cp);
      }
    }
    if (missing_count > 0)
      st = dossier_diag_add(diag, DOSSIER_ERR_DATA, fonts->path[f], 0, 0, NULL,
                            "the font lacks %zu character%s the document uses: %s",
                            missing_count, missing_count == 1 ? "" : "s", missing);
    if (nested_count > 0)
      st = dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, fonts->path[f], 0, 0, NULL,
                            "the font builds %zu character%s from nested composite glyphs, "
                            "whose accents libharu 2.3.0 drops: %s (use Liberation Serif 2, "
                            "package fonts-liberation2)",
                            nested_count, nested_count == 1 ? "" : "s", nested);
  }
  pthread_mutex_unlock(&cache_lock);
  return st;
}

/* ---- ToUnicode --------------------------------------------------------------- */

static const char cmap_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n"
    "<0000> <FFFF>\n"
    "endcodespacerange\n";
static const char cmap_tail[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

/* The ToUnicode CMap of one face (a new string, *length bytes; NULL when out
 * of memory): bfchar blocks of at most 100 entries (the
 * limit of the CMap format); the code is the Unicode value (libharu's
 * Identity-H UTF-8 encoding), so each entry maps a code to itself. */
static char *cmap_text(const uint64_t *used, size_t *length) {
  size_t count = 0;
  for (uint32_t cp = next_in_set(used, 0x20); cp < 0x10000; cp = next_in_set(used, cp + 1))
    count++;
  /* one write: libharu copies byte by byte per call */
  size_t size = sizeof cmap_head + sizeof cmap_tail + count * 14 + (count / 100 + 1) * 32;
  char *text = malloc(size);
  if (!text) return NULL;
  size_t len = 0;
  memcpy(text, cmap_head, sizeof cmap_head - 1);
  len += sizeof cmap_head - 1;
  uint32_t cp = next_in_set(used, 0x20);
  while (cp < 0x10000) {
    size_t n = count < 100 ? count : 100;
    count -= n;
    len += (size_t)snprintf(text + len, size - len, "%zu beginbfchar\n", n);
    for (; n > 0; n--, cp = next_in_set(used, cp + 1))
      len += (size_t)snprintf(text + len, size - len, "<%04X> <%04X>\n", (unsigned)cp, (unsigned)cp);
    len += (size_t)snprintf(text + len, size - len, "endbfchar\n");
  }
  memcpy(text + len, cmap_tail, sizeof cmap_tail - 1);
  len += sizeof cmap_tail - 1;
  *length = len;
  return text;
}

/* Looks for the program of exactly `key` in the face's cache; on a hit
 * copies its map and returns a copy of the entry (its buffers owned by a
 * fresh malloc, so no lock is held while the document uses them). */
static int cached_program(const char *path, const uint16_t *key, size_t count, uint16_t *map,
                          unsigned glyphs, program_entry *copy) {
  int found = 0;
  pthread_mutex_lock(&cache_lock);
  face_entry *e = cached_entry(path);
  for (int k = 0; e && k < PROGRAMS && !found; k++) {
    program_entry *p = &e->programs[k];
    if (!p->key || p->count != count || memcmp(p->key, key, count * sizeof *key) != 0) continue;
    copy->flate = malloc(p->flate_length);
    if (!copy->flate) break;
    memcpy(copy->flate, p->flate, p->flate_length);
    copy->flate_length = p->flate_length;
    copy->length = p->length;
    memcpy(map, p->map, glyphs * sizeof *map);
    found = 1;
  }
  pthread_mutex_unlock(&cache_lock);
  return found;
}

/* Keeps a program for later documents (replacing the oldest); failures to
 * keep it only cost time. */
static void keep_program(const char *path, const uint16_t *key, size_t count, const uint16_t *map,
                         unsigned glyphs, const program_entry *program) {
  program_entry fresh = {malloc(count * sizeof *key + 1), count, malloc(glyphs * sizeof *map),
                         malloc(program->flate_length), program->flate_length, program->length};
  if (!fresh.key || !fresh.map || !fresh.flate) {
    program_entry_free(&fresh);
    return;
  }
  memcpy(fresh.key, key, count * sizeof *key);
  memcpy(fresh.map, map, glyphs * sizeof *map);
  memcpy(fresh.flate, program->flate, program->flate_length);
  pthread_mutex_lock(&cache_lock);
  face_entry *e = cached_entry(path);
  if (e) {
    program_entry *slot = &e->programs[e->next_program];
    e->next_program = (e->next_program + 1) % PROGRAMS;
    program_entry_free(slot);
    *slot = fresh;
  }
  pthread_mutex_unlock(&cache_lock);
  if (!e) program_entry_free(&fresh);
}

/* Finishes one face: subset, descriptor, W, CIDToGIDMap, ToUnicode for the
 * characters `used` (those of every face sharing its libharu font). */
static dossier_status finish_face(dossier_fonts *fonts, int f, HPDF_Doc pdf, const uint64_t *used) {
  HPDF_Font font = fonts->face[f];
  const uint16_t *gid = fonts->gid[f];
  unsigned glyphs = dossier_ttf_glyph_count(fonts->ttf[f]);
  dossier_status st = DOSSIER_OK;
  uint16_t *list = malloc(glyphs * sizeof *list);
  uint16_t *map = malloc(glyphs * sizeof *map);
  unsigned char *seen = calloc(glyphs, 1);
  unsigned char *program = NULL, *cid_map = NULL;
  uint32_t *codes = NULL;
  uint16_t *widths = NULL;
  char *cmap = NULL;
  program_entry made = {0};
  size_t count = 0;
  uint32_t last = 0;
  if (!list || !map || !seen) {
    st = DOSSIER_ERR_NOMEM;
    goto done;
  }
  for (uint32_t cp = next_in_set(used, 0); cp < 0x10000; cp = next_in_set(used, cp + 1)) {
    last = cp;
    if (!seen[gid[cp]]) {
      seen[gid[cp]] = 1;
      list[count++] = gid[cp];
    }
  }
  if (!cached_program(fonts->path[f], list, count, map, glyphs, &made)) {
    st = dossier_ttf_subset(&program, &made.length, map, fonts->ttf[f], list, count);
    if (st != DOSSIER_OK) goto done;
    if (!dossier_hpdf_deflate(pdf, program, made.length, &made.flate, &made.flate_length)) {
      st = DOSSIER_ERR_SOFTWARE;
      goto done;
    }
    keep_program(fonts->path[f], list, count, map, glyphs, &made);
  }
  if (dossier_hpdf_draws_glyph_outside(font, map, glyphs)) {
    st = DOSSIER_ERR_SOFTWARE;
    goto done;
  }
  cid_map = calloc(last + 1, 2);
  if (!cid_map) {
    st = DOSSIER_ERR_NOMEM;
    goto done;
  }
  for (uint32_t cp = next_in_set(used, 0); cp <= last; cp = next_in_set(used, cp + 1)) {
    uint16_t g = map[gid[cp]];
    cid_map[2 * cp] = (unsigned char)(g >> 8);
    cid_map[2 * cp + 1] = (unsigned char)g;
  }
  size_t codes_count = 0, cmap_length = 0;
  for (uint32_t cp = next_in_set(used, 0); cp < 0x10000; cp = next_in_set(used, cp + 1))
    codes_count++;
  codes = malloc((codes_count ? codes_count : 1) * sizeof *codes);
  widths = malloc((codes_count ? codes_count : 1) * sizeof *widths);
  cmap = cmap_text(used, &cmap_length);
  if (!codes || !widths || !cmap) {
    st = DOSSIER_ERR_NOMEM;
    goto done;
  }
  size_t k = 0;
  for (uint32_t cp = next_in_set(used, 0); cp < 0x10000; cp = next_in_set(used, cp + 1), k++) {
    codes[k] = cp;
    widths[k] = fonts->width[f][cp];
  }
  dossier_hpdf_font_data data = {cid_map,    2 * ((size_t)last + 1), cmap,
                                 cmap_length, codes,                  widths,
                                 codes_count, made.flate,             made.flate_length,
                                 made.length};
  if (dossier_hpdf_embed_font(pdf, font, &data) != HPDF_OK)
    st = DOSSIER_ERR_SOFTWARE;
done:
  free(list);
  free(map);
  free(seen);
  free(program);
  free(made.flate);
  free(cid_map);
  free(codes);
  free(widths);
  free(cmap);
  return st;
}

dossier_status dossier_fonts_finish(dossier_fonts *fonts, HPDF_Doc pdf, dossier_diag *diag) {
  dossier_status st = DOSSIER_OK;
  int f = 0;
  for (; f < FACES && st == DOSSIER_OK; f++) {
    if (!fonts->face[f]) continue;
    /* A style may name one file for several faces: libharu then gives them
     * one font, which must map the characters of all of them. */
    int shared = 0;
    for (int g = 0; g < f; g++) shared |= fonts->face[g] == fonts->face[f];
    if (shared) continue;
    uint64_t used[BMP_WORDS];
    memcpy(used, fonts->used[f], sizeof used);
    for (int g = f + 1; g < FACES; g++)
      if (fonts->face[g] == fonts->face[f])
        for (size_t w = 0; w < BMP_WORDS; w++) used[w] |= fonts->used[g][w];
    st = finish_face(fonts, f, pdf, used);
  }
  if (st == DOSSIER_ERR_NOMEM) return dossier_diag_add(diag, st, NULL, 0, 0, NULL, "out of memory");
  if (st != DOSSIER_OK) {
    dossier_diag_add(diag, st, fonts->path[f - 1], 0, 0, NULL,
                     "cannot build the embedded font (libharu error 0x%04lX, or text drawn "
                     "that the font record missed)",
                     (unsigned long)HPDF_GetError(pdf));
    HPDF_ResetError(pdf);
  }
  return st;
}

void dossier_fonts_shutdown(void) {
  pthread_mutex_lock(&cache_lock);
  for (size_t i = 0; i < cache_face_count; i++) {
    FT_Done_Face(cache_faces[i].face);
    free(cache_faces[i].path);
    dossier_ttf_free(cache_faces[i].ttf);
    for (int k = 0; k < PROGRAMS; k++) program_entry_free(&cache_faces[i].programs[k]);
    free(cache_faces[i].gid);
    free(cache_faces[i].verdict);
    free(cache_faces[i].width);
  }
  cache_face_count = 0;
  if (cache_ft) FT_Done_FreeType(cache_ft);
  cache_ft = NULL;
  for (size_t i = 0; i < cache_family_count; i++) {
    free(cache_families[i].family);
    for (int f = 0; f < FACES; f++) free(cache_families[i].path[f]);
  }
  cache_family_count = 0;
  FcFini();
  pthread_mutex_unlock(&cache_lock);
}
