/* test_fonts.c: the font layer that replaces libharu's per-document font work:
 * our width table, our TrueType subsets and the record of what is drawn. */
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support.h"
#include "render/typeset/fonts.h"
#include "render/typeset/pdf.h"
#include "render/typeset/style.h"
#include "render/typeset/textline.h"
#include "render/typeset/ttf_subset.h"

__attribute__((destructor)) static void release_process_caches(void) { dossier_pdf_shutdown(); }

static size_t utf8(char out[5], uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  out[0] = (char)(0xE0 | (cp >> 12));
  out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

typedef struct {
  dossier_style *style;
  dossier_diag *diag;
  HPDF_Doc pdf;
  dossier_fonts *fonts;
} setup;

/* A PDF set up as the writer sets it up, and the fonts of the party style,
 * after `edit` (when not NULL) has changed the style. 1 when all is open. */
static int open_fonts(setup *s, void (*edit)(dossier_style *)) {
  memset(s, 0, sizeof *s);
  s->diag = dossier_diag_new();
  s->pdf = HPDF_New(NULL, NULL);
  if (!s->diag || !s->pdf || dossier_style_load(&s->style, "party", s->diag) != DOSSIER_OK)
    return 0;
  if (edit) edit(s->style);
  HPDF_SetCompressionMode(s->pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(s->pdf);
  HPDF_SetCurrentEncoder(s->pdf, "UTF-8");
  return dossier_fonts_open(&s->fonts, s->pdf, s->style, s->diag) == DOSSIER_OK;
}

static int open_party(setup *s) { return open_fonts(s, NULL); }

static void close_setup(setup *s) {
  dossier_fonts_free(s->fonts);
  if (s->pdf) HPDF_Free(s->pdf);
  dossier_style_free(s->style);
  dossier_diag_free(s->diag);
}

/* Layout measures with our table; libharu positions and the PDF's W array must
 * agree with it, or justified lines would not end on the margin. */
TEST(measuring_should_give_libharus_width_for_every_character_of_the_four_faces) {
  setup s;
  CHECK(open_party(&s));
  for (unsigned face = 0; s.fonts && face < 4; face++) {
    HPDF_Font font = dossier_fonts_face(s.fonts, face);
    CHECK(font != NULL);
    if (!font) continue;
    unsigned differ = 0, first = 0;
    for (uint32_t cp = 0x20; cp < 0x10000; cp++) {
      if (cp >= 0xD800 && cp < 0xE000) continue; /* not characters */
      char text[5] = {0};
      size_t n = utf8(text, cp);
      HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)text, (HPDF_UINT)n);
      double ours = dossier_text_measure(s.fonts, face, 1000.0, text, n);
      if (ours != (double)tw.width && differ++ == 0) first = cp;
    }
    if (differ) CHECK_FAIL_AT("face %u: %u widths differ from libharu's, first U+%04X", face,
                              differ, first);
  }
  close_setup(&s);
}

/* Every glyph of the subset loads in FreeType with the original's advance and
 * outline size; composite glyphs (most Vietnamese letters) keep their parts. */
TEST(a_subset_should_hold_the_vietnamese_letters_with_their_accents) {
  const char *path = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf";
  dossier_ttf *ttf = NULL;
  FT_Library ft = NULL;
  FT_Face original = NULL, subset = NULL;
  unsigned char *program = NULL;
  uint16_t *map = NULL;
  CHECK(dossier_ttf_open(&ttf, path, NULL) == DOSSIER_OK);
  CHECK(FT_Init_FreeType(&ft) == 0);
  CHECK(FT_New_Face(ft, path, 0, &original) == 0);
  if (!ttf || !original) goto done;
  const uint32_t letters[] = {0x1EBF /* ế */, 0x1EF1 /* ự */, 0x1EA0 /* Ạ */, 0x0110 /* Đ */,
                              0x01B0 /* ư */, 0x0041, 0x0031};
  size_t count = sizeof letters / sizeof letters[0];
  uint16_t gids[sizeof letters / sizeof letters[0]];
  for (size_t i = 0; i < count; i++) gids[i] = (uint16_t)FT_Get_Char_Index(original, letters[i]);
  map = malloc(dossier_ttf_glyph_count(ttf) * sizeof *map);
  size_t length = 0;
  CHECK(map && dossier_ttf_subset(&program, &length, map, ttf, gids, count) == DOSSIER_OK);
  if (!program) goto done;
  CHECK(FT_New_Memory_Face(ft, program, (FT_Long)length, 0, &subset) == 0);
  if (!subset) goto done;
  CHECK((size_t)subset->num_glyphs >= count + 1); /* .notdef, the letters, their parts */
  CHECK((size_t)subset->num_glyphs < 40);
  for (size_t i = 0; i < count; i++) {
    CHECK(map[gids[i]] != 0xFFFF);
    CHECK(FT_Load_Glyph(original, gids[i], FT_LOAD_NO_SCALE) == 0);
    long advance = original->glyph->metrics.horiAdvance;
    long points = original->glyph->outline.n_points;
    CHECK(FT_Load_Glyph(subset, map[gids[i]], FT_LOAD_NO_SCALE) == 0);
    CHECK(subset->glyph->metrics.horiAdvance == advance);
    CHECK(subset->glyph->outline.n_points == points); /* accents included */
    CHECK(points > 0);
  }
done:
  if (subset) FT_Done_Face(subset);
  if (original) FT_Done_Face(original);
  if (ft) FT_Done_FreeType(ft);
  free(program);
  free(map);
  dossier_ttf_free(ttf);
}

/* A style may name one file for several faces (a family without a bold):
 * libharu gives them one font, which must map the text of all of them. */
/* The party style's regular file for all four faces, and no family to find. */
static void one_file_for_every_face(dossier_style *style) {
  free(style->font_family);
  style->font_family = strdup("No Such Family Anywhere");
  for (int f = 1; f < 4; f++) {
    free(style->font_files[f]);
    style->font_files[f] = strdup(style->font_files[0]);
  }
}

TEST(faces_sharing_one_file_should_all_read_back) {
  setup s;
  CHECK(open_fonts(&s, one_file_for_every_face));
  const char *path = support_scratch("fonts-shared.pdf");
  if (s.fonts) {
    HPDF_Page page = HPDF_AddPage(s.pdf);
    const char *words[2] = {"Đảng", "Huế"};
    HPDF_Page_BeginText(page);
    for (unsigned face = 0; face < 2; face++) {
      dossier_fonts_note(s.fonts, face, words[face], strlen(words[face]));
      HPDF_Page_SetFontAndSize(page, dossier_fonts_face(s.fonts, face), 12);
      HPDF_Page_TextOut(page, 72, 700 - 20 * (HPDF_REAL)face, words[face]);
    }
    HPDF_Page_EndText(page);
    CHECK(dossier_fonts_face(s.fonts, 0) == dossier_fonts_face(s.fonts, 1));
    CHECK(dossier_fonts_finish(s.fonts, s.pdf, s.diag) == DOSSIER_OK);
    CHECK(HPDF_SaveToFile(s.pdf, path) == HPDF_OK);
    char *got = support_run("pdftotext '%s' - 2>&1", path);
    CHECK_CONTAINS(got, "Đảng");
    CHECK_CONTAINS(got, "Huế");
    CHECK(got && strstr(got, "Error") == NULL && strstr(got, "Warning") == NULL);
    free(got);
  }
  close_setup(&s);
}

/* Text libharu draws that the font record never saw would print as .notdef:
 * finishing the fonts refuses it. */
/* Notes `noted` in the regular face, draws `drawn` with it and returns what
 * finishing the fonts says (-1 when the fonts could not be opened). */
static int finish_after_drawing(const char *noted, const char *drawn) {
  setup s;
  int status = -1;
  CHECK(open_party(&s));
  if (s.fonts) {
    HPDF_Page page = HPDF_AddPage(s.pdf);
    dossier_fonts_note(s.fonts, 0, noted, strlen(noted));
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, dossier_fonts_face(s.fonts, 0), 12);
    HPDF_Page_TextOut(page, 72, 700, drawn);
    status = (int)dossier_fonts_finish(s.fonts, s.pdf, s.diag);
  }
  close_setup(&s);
  return status;
}

TEST(text_drawn_without_being_recorded_should_stop_the_document) {
  CHECK_INT(finish_after_drawing("Hà Nội", "Hà Nội"), DOSSIER_OK);
  CHECK_INT(finish_after_drawing("Hà Nội", "Hà Nội và Huế"), DOSSIER_ERR_SOFTWARE); /* "Huế" never noted */
}


/* The embedded program is a CIDFontType2: glyph tables and hinting stay (small
 * sizes render badly without them), the rest of the file (cmap, layout, kern,
 * names) is dead weight in every PDF; the same glyphs give the same bytes, or
 * a batch's PDFs would differ from run to run. */
TEST(a_subset_should_keep_the_glyph_and_hinting_tables_and_nothing_else_the_same_every_time) {
  const char *path = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf";
  dossier_ttf *ttf = NULL;
  FT_Library ft = NULL;
  FT_Face subset = NULL;
  unsigned char *program[2] = {NULL, NULL};
  size_t length[2] = {0, 0};
  uint16_t *map = NULL;
  CHECK(dossier_ttf_open(&ttf, path, NULL) == DOSSIER_OK);
  CHECK(FT_Init_FreeType(&ft) == 0);
  if (!ttf || !ft) goto done;
  const uint16_t gids[] = {36, 68, 1000, 5};
  map = malloc(dossier_ttf_glyph_count(ttf) * sizeof *map);
  for (int run = 0; map && run < 2; run++)
    CHECK(dossier_ttf_subset(&program[run], &length[run], map, ttf, gids, 4) == DOSSIER_OK);
  if (!program[0] || !program[1]) goto done;
  CHECK(length[0] == length[1] && memcmp(program[0], program[1], length[0]) == 0);
  CHECK(map[0] == 0);
  CHECK(FT_New_Memory_Face(ft, program[0], (FT_Long)length[0], 0, &subset) == 0);
  if (!subset) goto done;
  const char *kept[] = {"glyf", "loca", "head", "hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep", "OS/2"};
  const char *dropped[] = {"cmap", "GSUB", "GPOS", "GDEF", "kern", "name", "post"};
  for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
    FT_ULong size = 0;
    FT_ULong tag = FT_MAKE_TAG(kept[i][0], kept[i][1], kept[i][2], kept[i][3]);
    if (FT_Load_Sfnt_Table(subset, tag, 0, NULL, &size) != 0 || size == 0)
      CHECK_FAIL_AT("table '%s' missing from the subset", kept[i]);
  }
  for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++) {
    FT_ULong size = 0;
    FT_ULong tag = FT_MAKE_TAG(dropped[i][0], dropped[i][1], dropped[i][2], dropped[i][3]);
    if (FT_Load_Sfnt_Table(subset, tag, 0, NULL, &size) == 0)
      CHECK_FAIL_AT("table '%s' left in the subset (%lu bytes)", dropped[i], (unsigned long)size);
  }
done:
  if (subset) FT_Done_Face(subset);
  if (ft) FT_Done_FreeType(ft);
  free(program[0]);
  free(program[1]);
  free(map);
  dossier_ttf_free(ttf);
}

/* A font file without glyph outlines (here: its glyf table renamed) cannot be
 * embedded; the user is told which file, and nothing is half-built. */
TEST(a_font_file_without_glyph_outlines_should_be_refused_naming_the_file) {
  size_t n = 0;
  unsigned char *data = (unsigned char *)support_read_file(
      "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", &n);
  CHECK(data && n > 12);
  if (!data || n <= 12) {
    free(data);
    return;
  }
  unsigned tables = (unsigned)data[4] << 8 | data[5];
  int renamed = 0;
  for (unsigned i = 0; i < tables && 12 + 16 * (size_t)i + 16 <= n; i++)
    if (memcmp(data + 12 + 16 * i, "glyf", 4) == 0) {
      memcpy(data + 12 + 16 * i, "glyx", 4);
      renamed = 1;
    }
  CHECK(renamed);
  const char *path = support_scratch("noglyf.ttf");
  CHECK_INT(support_write_bytes(path, data, n), 0);
  free(data);
  dossier_diag *diag = dossier_diag_new();
  dossier_ttf *ttf = NULL;
  CHECK(dossier_ttf_open(&ttf, path, diag) == DOSSIER_ERR_UNAVAILABLE);
  CHECK(ttf == NULL);
  CHECK(dossier_diag_count(diag) == 1);
  if (dossier_diag_count(diag) == 1) {
    CHECK_CONTAINS(dossier_diag_message(diag, 0), path);
    CHECK_CONTAINS(dossier_diag_message(diag, 0), "glyf");
  }
  dossier_ttf_free(ttf);
  dossier_diag_free(diag);
}
