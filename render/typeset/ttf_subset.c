/* ttf_subset.c: cutting a document's glyphs out of a TrueType file, with
 * HarfBuzz's subsetter (hb-subset).
 *
 * The subset keeps what a PDF viewer needs of a TrueType program embedded as
 * a CIDFontType2 (ISO 32000-1, 9.9: glyf, head, hhea, hmtx, loca, maxp, and
 * the hinting tables cvt, fpgm, prep when present), plus OS/2; every other
 * table of the file is dropped. No cmap: the PDF's CIDToGIDMap says which
 * glyph each code draws. HarfBuzz renumbers the glyphs densely in their
 * original order (0 stays .notdef, its outline kept), and its glyph closure
 * brings the components of composite glyphs along with their references
 * rewritten. */
#include "render/typeset/ttf_subset.h"

#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"

/* The tables of the subset, all others are dropped. */
static const char kept[][5] = {"glyf", "head", "hhea", "hmtx", "loca", "maxp",
                               "cvt ", "fpgm", "prep", "OS/2"};

struct dossier_ttf {
  unsigned char *data;
  size_t size;
  hb_face_t *face;     /* over `data`, read in place */
  hb_set_t *dropped;   /* tags of the file's tables a subset leaves out */
  unsigned glyphs;
  unsigned upem;
  uint16_t *advance;   /* per glyph, design units: layout asks for every code */
};

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The raw bytes of table `tag` (HarfBuzz has sanitized its directory); NULL
 * and *length 0 when absent. The blob stays alive as long as the face. */
static const unsigned char *table_bytes(hb_face_t *face, const char *tag, size_t *length) {
  hb_blob_t *blob = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
  unsigned n = 0;
  const char *p = hb_blob_get_data(blob, &n);
  hb_blob_destroy(blob); /* the face's copy of the file keeps the bytes */
  *length = n;
  return n ? (const unsigned char *)p : NULL;
}

/* What is wrong with the glyph tables a subset needs, or NULL. HarfBuzz would
 * quietly read a short hmtx or loca as zeros; a PDF with blank letters is
 * worse than a clear error at open time. */
static const char *glyph_tables_problem(dossier_ttf *ttf) {
  size_t head_n, hhea_n, maxp_n, hmtx_n, loca_n, glyf_n;
  const unsigned char *head = table_bytes(ttf->face, "head", &head_n);
  const unsigned char *hhea = table_bytes(ttf->face, "hhea", &hhea_n);
  const unsigned char *maxp = table_bytes(ttf->face, "maxp", &maxp_n);
  const unsigned char *hmtx = table_bytes(ttf->face, "hmtx", &hmtx_n);
  const unsigned char *loca = table_bytes(ttf->face, "loca", &loca_n);
  const unsigned char *glyf = table_bytes(ttf->face, "glyf", &glyf_n);
  if (head_n < 54 || hhea_n < 36 || maxp_n < 6 || !hmtx || !loca || !glyf)
    return "a table a PDF font needs (head, hhea, maxp, hmtx, loca, glyf) is missing";
  size_t glyphs = rd16(maxp + 4), hmetrics = rd16(hhea + 34);
  size_t loca_entry = rd16(head + 50) ? 4 : 2;
  if (glyphs == 0 || hmetrics == 0 || rd16(head + 18) == 0 || hmetrics > glyphs ||
      hmtx_n < 4 * hmetrics + 2 * (glyphs - hmetrics) || loca_n < loca_entry * (glyphs + 1))
    return "inconsistent glyph tables";
  return NULL;
}

/* The tags of the file's tables that are not in `kept`. */
static hb_set_t *dropped_tables(hb_face_t *face) {
  hb_set_t *set = hb_set_create();
  hb_tag_t tags[64];
  unsigned start = 0, n;
  do {
    n = sizeof tags / sizeof tags[0];
    hb_face_get_table_tags(face, start, &n, tags);
    for (unsigned i = 0; i < n; i++) hb_set_add(set, tags[i]);
    start += n;
  } while (n == sizeof tags / sizeof tags[0]);
  for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++)
    hb_set_del(set, hb_tag_from_string(kept[k], 4));
  return set;
}

/* Caches every glyph's advance (hmtx through HarfBuzz, at a scale of one
 * design unit); 0 when out of memory. */
static int cache_advances(dossier_ttf *ttf) {
  ttf->advance = malloc(ttf->glyphs * sizeof *ttf->advance);
  hb_font_t *font = hb_font_create(ttf->face);
  int ok = ttf->advance && font != hb_font_get_empty();
  if (ok) {
    hb_font_set_scale(font, (int)ttf->upem, (int)ttf->upem);
    for (unsigned g = 0; g < ttf->glyphs; g++) {
      hb_position_t a = hb_font_get_glyph_h_advance(font, g);
      ttf->advance[g] = (uint16_t)(a < 0 ? 0 : a > 0xFFFF ? 0xFFFF : a);
    }
  }
  hb_font_destroy(font);
  return ok;
}

dossier_status dossier_ttf_open(dossier_ttf **out, const char *path, dossier_diag *diag) {
  *out = NULL;
  dossier_ttf *ttf = calloc(1, sizeof *ttf);
  if (!ttf) return dossier_diag_nomem(diag);
  const char *problem = NULL;
  dossier_status st = DOSSIER_ERR_UNAVAILABLE;
  char *bytes = NULL;
  if (dossier_file_read_raw(&bytes, &ttf->size, path, (size_t)1 << 30) == 0)
    ttf->data = (unsigned char *)bytes;
  if (!ttf->data || ttf->size == 0) {
    problem = "cannot read the font file";
    goto done;
  }
  if (ttf->size < 12 || (rd32(ttf->data) != 0x00010000u && rd32(ttf->data) != 0x74727565u /* 'true' */)) {
    problem = "not a TrueType font with glyph outlines";
    goto done;
  }
  /* READONLY: HarfBuzz reads the bytes in place; they outlive every face. */
  hb_blob_t *blob = hb_blob_create((const char *)ttf->data, (unsigned)ttf->size,
                                   HB_MEMORY_MODE_READONLY, NULL, NULL);
  ttf->face = hb_face_create(blob, 0);
  hb_blob_destroy(blob);
  if (hb_face_get_table_tags(ttf->face, 0, NULL, NULL) == 0) {
    problem = "truncated table directory";
    goto done;
  }
  problem = glyph_tables_problem(ttf);
  if (problem) goto done;
  ttf->glyphs = hb_face_get_glyph_count(ttf->face);
  ttf->upem = hb_face_get_upem(ttf->face);
  hb_face_make_immutable(ttf->face); /* shared between threads from here on */
  ttf->dropped = dropped_tables(ttf->face);
  /* No hb_subset_preprocess: it costs ~2.4 ms a face at open and saves
   * ~0.06 ms a subset; a process cuts a few dozen subsets a face at most. */
  if (!hb_set_allocation_successful(ttf->dropped) || !cache_advances(ttf)) {
    st = DOSSIER_ERR_NOMEM;
    problem = "out of memory";
  }
done:
  if (problem) {
    dossier_ttf_free(ttf);
    return dossier_diag_add(diag, st, path, 0, 0, NULL, "%s", problem);
  }
  *out = ttf;
  return DOSSIER_OK;
}

void dossier_ttf_free(dossier_ttf *ttf) {
  if (!ttf) return;
  hb_face_destroy(ttf->face);
  hb_set_destroy(ttf->dropped);
  free(ttf->advance);
  free(ttf->data);
  free(ttf);
}

const unsigned char *dossier_ttf_bytes(const dossier_ttf *ttf, size_t *size) {
  *size = ttf->size;
  return ttf->data;
}

unsigned dossier_ttf_glyph_count(const dossier_ttf *ttf) { return ttf->glyphs; }

unsigned dossier_ttf_units_per_em(const dossier_ttf *ttf) { return ttf->upem; }

unsigned dossier_ttf_advance(const dossier_ttf *ttf, unsigned gid) {
  return gid < ttf->glyphs ? ttf->advance[gid] : 0;
}

dossier_status dossier_ttf_subset(unsigned char **font, size_t *length, uint16_t *map,
                                  const dossier_ttf *ttf, const uint16_t *gids, size_t count) {
  *font = NULL;
  *length = 0;
  dossier_status st = DOSSIER_ERR_NOMEM;
  hb_subset_plan_t *plan = NULL;
  hb_face_t *subset = NULL;
  hb_blob_t *blob = NULL;
  hb_subset_input_t *input = hb_subset_input_create_or_fail();
  if (!input) goto done;
  hb_set_t *glyphs = hb_subset_input_glyph_set(input);
  hb_set_add(glyphs, 0);
  for (size_t i = 0; i < count; i++) {
    if (gids[i] >= ttf->glyphs) {
      st = DOSSIER_ERR_UNAVAILABLE;
      goto done;
    }
    hb_set_add(glyphs, gids[i]);
  }
  hb_set_union(hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG), ttf->dropped);
  /* hinting stays (no NO_HINTING); .notdef keeps its box, as in the file;
   * OS/2's Unicode ranges stay those of the whole font (no cmap to prune by) */
  hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NO_PRUNE_UNICODE_RANGES);
  if (!hb_set_allocation_successful(glyphs)) goto done;
  plan = hb_subset_plan_create_or_fail(ttf->face, input);
  if (!plan) goto done;
  subset = hb_subset_plan_execute_or_fail(plan);
  if (!subset) {
    st = DOSSIER_ERR_UNAVAILABLE; /* a glyph's data HarfBuzz could not subset */
    goto done;
  }
  blob = hb_face_reference_blob(subset);
  unsigned n = 0;
  const char *bytes = hb_blob_get_data(blob, &n);
  const hb_map_t *new_to_old = hb_subset_plan_new_to_old_glyph_mapping(plan);
  unsigned kept_glyphs = hb_face_get_glyph_count(subset);
  if (n == 0 || kept_glyphs == 0) {
    st = DOSSIER_ERR_UNAVAILABLE;
    goto done;
  }
  *font = malloc(n);
  if (!*font) goto done;
  memcpy(*font, bytes, n);
  *length = n;
  memset(map, 0xFF, ttf->glyphs * sizeof *map);
  for (unsigned g = 0; g < kept_glyphs; g++) {
    hb_codepoint_t old = hb_map_get(new_to_old, g);
    if (old < ttf->glyphs) map[old] = (uint16_t)g;
  }
  st = DOSSIER_OK;
done:
  hb_blob_destroy(blob);
  hb_face_destroy(subset);
  hb_subset_plan_destroy(plan);
  hb_subset_input_destroy(input);
  return st;
}
