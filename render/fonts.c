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
 * its TTFs again (about 18 ms for four faces, measured). What the process
 * keeps is the fontconfig lookup of the family and the FreeType faces used by
 * the checks (the `cache` below, guarded by a mutex). */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "style_values.h"

#define FACES 4
#define BMP_WORDS (0x10000 / 64)

struct dossier_fonts {
  HPDF_Doc pdf;
  HPDF_Font face[FACES];                  /* loaded on first use: an unused face
                                             would still be embedded */
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

typedef struct {
  char *path;
  FT_Face face;
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

/* Returns the cached FreeType face of `path`, opening it on first use; NULL
 * when FreeType cannot read it. Call with cache_lock held. */
static FT_Face cached_face(const char *path) {
  for (size_t i = 0; i < cache_face_count; i++)
    if (strcmp(cache_faces[i].path, path) == 0) return cache_faces[i].face;
  if (!cache_ft && FT_Init_FreeType(&cache_ft) != 0) return NULL;
  FT_Face face = NULL;
  if (FT_New_Face(cache_ft, path, 0, &face) != 0) return NULL;
  if (cache_face_count < sizeof cache_faces / sizeof cache_faces[0]) {
    char *copy = copy_string(path);
    if (copy) {
      cache_faces[cache_face_count].path = copy;
      cache_faces[cache_face_count].face = face;
      cache_face_count++;
      return face;
    }
  }
  FT_Done_Face(face); /* cache full: a bounded set of fonts is the normal case */
  return NULL;
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
  if (!fonts) return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
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

HPDF_Font dossier_fonts_face(dossier_fonts *fonts, unsigned flags) {
  unsigned f = flags & 3u;
  if (!fonts->face[f]) {
    const char *name = HPDF_LoadTTFontFromFile(fonts->pdf, fonts->path[f], HPDF_TRUE);
    fonts->face[f] = name ? HPDF_GetFont(fonts->pdf, name, "UTF-8") : NULL;
    if (!fonts->face[f]) {
      fonts->load_error = (unsigned long)HPDF_GetError(fonts->pdf);
      HPDF_ResetError(fonts->pdf);
    }
  }
  return fonts->face[f];
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

static int in_set(const uint64_t *set, uint32_t cp) {
  return (set[cp / 64] >> (cp % 64)) & 1u;
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
    FT_Face face = cached_face(fonts->path[f]);
    if (!face) {
      st = dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, fonts->path[f], 0, 0, NULL,
                            "FreeType cannot read this font");
      continue;
    }
    char missing[1024] = "", nested[1024] = "";
    size_t missing_len = 0, nested_len = 0, missing_count = 0, nested_count = 0;
    for (uint32_t cp = 0x20; cp < 0x10000; cp++) {
      if (!in_set(fonts->used[f], cp)) continue;
      FT_UInt gid = FT_Get_Char_Index(face, cp);
      if (gid == 0) {
        missing_count++;
        append_char(missing, sizeof missing, &missing_len, cp);
      } else if (nested_composite(face, gid)) {
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

/* Writes the CMap of one face: bfchar blocks of at most 100 entries (the
 * limit of the CMap format); the code is the Unicode value (libharu's
 * Identity-H UTF-8 encoding), so each entry maps a code to itself. */
static HPDF_STATUS write_cmap(HPDF_Stream stream, const uint64_t *used) {
  HPDF_STATUS ret = HPDF_Stream_WriteStr(stream, cmap_head);
  uint32_t block[100];
  size_t n = 0;
  for (uint32_t cp = 0; cp <= 0x10000 && ret == HPDF_OK; cp++) {
    int take = cp < 0x10000 && cp >= 0x20 && in_set(used, cp);
    if (take) block[n++] = cp;
    if (n == 100 || (cp == 0x10000 && n > 0)) {
      char line[64];
      snprintf(line, sizeof line, "%zu beginbfchar\n", n);
      ret = HPDF_Stream_WriteStr(stream, line);
      for (size_t i = 0; i < n && ret == HPDF_OK; i++) {
        snprintf(line, sizeof line, "<%04X> <%04X>\n", (unsigned)block[i], (unsigned)block[i]);
        ret = HPDF_Stream_WriteStr(stream, line);
      }
      if (ret == HPDF_OK) ret = HPDF_Stream_WriteStr(stream, "endbfchar\n");
      n = 0;
    }
  }
  if (ret == HPDF_OK) ret = HPDF_Stream_WriteStr(stream, cmap_tail);
  return ret;
}

dossier_status dossier_fonts_write_tounicode(dossier_fonts *fonts, HPDF_Doc pdf,
                                             dossier_diag *diag) {
  dossier_status st = DOSSIER_OK;
  for (int f = 0; f < FACES && st == DOSSIER_OK; f++) {
    if (!fonts->face[f]) continue;
    HPDF_Dict stream = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!stream) {
      st = DOSSIER_ERR_SOFTWARE;
      break;
    }
    stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (write_cmap(stream->stream, fonts->used[f]) != HPDF_OK ||
        HPDF_Dict_Add(fonts->face[f], "ToUnicode", stream) != HPDF_OK)
      st = DOSSIER_ERR_SOFTWARE;
  }
  if (st != DOSSIER_OK) {
    dossier_diag_add(diag, st, NULL, 0, 0, NULL, "libharu failed writing a ToUnicode map (0x%04lX)",
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
