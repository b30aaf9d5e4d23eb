/* hpdf_private.c: the one file that touches libharu 2.3.0's private
 * structures (hpdf_private.h says why each part exists). */
#include "render/typeset/hpdf_private.h"

#include <hpdf_utils.h> /* HPDF_FToA */
#include <stdlib.h>
#include <string.h>

/* HPDF_LoadTTFontFromFile reads the TTF through stdio in pieces of 2 to 4
 * bytes with a seek before most (about a thousand system calls per
 * document, and the same again whenever a glyph is first drawn). This stream
 * serves the same reads from the process's copy of the file. */
typedef struct {
  const unsigned char *data;
  size_t size, pos;
} memory_reader;

static HPDF_STATUS reader_read(HPDF_Stream stream, HPDF_BYTE *ptr, HPDF_UINT *size) {
  memory_reader *r = stream->attr;
  size_t left = r->pos < r->size ? r->size - r->pos : 0;
  size_t n = *size < left ? *size : left;
  memcpy(ptr, r->data + r->pos, n);
  r->pos += n;
  if (n < *size) {
    memset(ptr + n, 0, *size - n);
    *size = (HPDF_UINT)n;
    return HPDF_STREAM_EOF; /* as libharu's file reader at the end of the file */
  }
  return HPDF_OK;
}

static HPDF_STATUS reader_seek(HPDF_Stream stream, HPDF_INT pos, HPDF_WhenceMode mode) {
  memory_reader *r = stream->attr;
  long base = mode == HPDF_SEEK_CUR ? (long)r->pos : mode == HPDF_SEEK_END ? (long)r->size : 0;
  if (base + pos < 0) return HPDF_SetError(stream->error, HPDF_FILE_IO_ERROR, 0);
  r->pos = (size_t)(base + pos);
  return HPDF_OK;
}

static HPDF_INT32 reader_tell(HPDF_Stream stream) {
  return (HPDF_INT32)((memory_reader *)stream->attr)->pos;
}

static HPDF_UINT32 reader_size(HPDF_Stream stream) {
  return (HPDF_UINT32)((memory_reader *)stream->attr)->size;
}

static void reader_free(HPDF_Stream stream) { free(stream->attr); }

/* A libharu read stream over `size` bytes at `data` (borrowed), or NULL. */
static HPDF_Stream memory_stream(HPDF_Doc pdf, const unsigned char *data, size_t size) {
  memory_reader *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->data = data;
  r->size = size;
  HPDF_Stream stream =
      HPDF_CallbackReader_New(pdf->mmgr, reader_read, reader_seek, reader_tell, reader_size, r);
  if (!stream) {
    free(r);
    return NULL;
  }
  stream->free_fn = reader_free;
  return stream;
}


/* What HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE) does (libharu 2.3.0,
 * hpdf_doc.c), with the file's bytes from memory: parse, register the font
 * definition (or return the one already registered under that name), and
 * give an embedded font the document's next subset tag (HPDFAA, HPDFAB...).
 * Returns the font's name, or NULL with libharu's error set. */
const char *dossier_hpdf_load_ttf(HPDF_Doc pdf, const unsigned char *data, size_t size) {
  HPDF_Stream stream = memory_stream(pdf, data, size);
  if (!stream) return NULL;
  HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, stream, HPDF_TRUE); /* owns the stream */
  if (!def) return NULL;
  HPDF_FontDef known = HPDF_Doc_FindFontDef(pdf, def->base_font);
  if (known) {
    HPDF_FontDef_Free(def);
    return known->base_font;
  }
  if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
    HPDF_FontDef_Free(def);
    return NULL;
  }
  if (pdf->ttfont_tag[0] == 0) {
    memcpy(pdf->ttfont_tag, "HPDFAA", 6);
  } else {
    for (int i = 5; i >= 0; i--) {
      pdf->ttfont_tag[i] = (HPDF_BYTE)(pdf->ttfont_tag[i] + 1);
      if (pdf->ttfont_tag[i] <= 'Z') break;
      pdf->ttfont_tag[i] = 'A';
    }
  }
  HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
  return def->base_font;
}

/* HPDF_GetFont with the UTF-8 encoder, without libharu's per-font pass over
 * all 65 536 codes (a linear cmap search each, about 40 M instructions per
 * face and document): for the duration of the call the encoder presents
 * itself as a CMap encoder that maps one code (the space), so libharu builds
 * a map and a W array of 32 entries, which dossier_fonts_finish replaces.
 * Everything libharu uses later (the encoder's functions and its UTF-8 state,
 * kept in cid_map's first bytes) is restored before returning. */
HPDF_Font dossier_hpdf_get_font(HPDF_Doc pdf, const char *name) {
  HPDF_Encoder encoder = HPDF_GetEncoder(pdf, "UTF-8");
  if (!encoder) return NULL;
  HPDF_CMapEncoderAttr attr = (HPDF_CMapEncoderAttr)encoder->attr;
  HPDF_UINT16(*saved_cids)[256] = malloc(sizeof attr->cid_map);
  if (!saved_cids) return NULL;
  memcpy(saved_cids, attr->cid_map, sizeof attr->cid_map);
  HPDF_UNICODE saved_unicode = attr->unicode_map[0][0x20];
  HPDF_Encoder_ToUnicode_Func saved_fn = encoder->to_unicode_fn;
  memset(attr->cid_map, 0, sizeof attr->cid_map);
  attr->cid_map[0][0x20] = 0x20;
  attr->unicode_map[0][0x20] = 0x20;
  encoder->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
  HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
  encoder->to_unicode_fn = saved_fn;
  attr->unicode_map[0][0x20] = saved_unicode;
  memcpy(attr->cid_map, saved_cids, sizeof attr->cid_map);
  free(saved_cids);
  return font;
}

/* The W array of the used codes: runs of consecutive codes `c [w1 w2 ...]`. */
static HPDF_STATUS write_widths(HPDF_Dict cid_font, const uint32_t *codes, const uint16_t *widths,
                                size_t count) {
  HPDF_Array w = HPDF_Array_New(cid_font->mmgr);
  if (!w) return HPDF_FAILD_TO_ALLOC_MEM;
  HPDF_STATUS ret = HPDF_Dict_Add(cid_font, "W", w);
  HPDF_Array run = NULL;
  for (size_t i = 0; i < count && ret == HPDF_OK; i++) {
    if (i == 0 || codes[i] != codes[i - 1] + 1) run = NULL;
    if (!run) {
      run = HPDF_Array_New(cid_font->mmgr);
      ret = run ? HPDF_Array_AddNumber(w, (HPDF_INT32)codes[i]) : HPDF_FAILD_TO_ALLOC_MEM;
      if (ret == HPDF_OK) ret = HPDF_Array_Add(w, run);
    }
    if (ret == HPDF_OK) ret = HPDF_Array_AddNumber(run, widths[i]);
  }
  return ret;
}

/* Deflates `length` bytes with libharu's own deflate (the level it uses for
 * every stream); *out is malloc'ed. Returns 0 on failure. */
int dossier_hpdf_deflate(HPDF_Doc pdf, const unsigned char *raw, size_t length,
                         unsigned char **out, size_t *out_length) {
  *out = NULL;
  HPDF_Stream src = memory_stream(pdf, raw, length);
  if (!src) return 0;
  HPDF_Stream dst = HPDF_MemStream_New(pdf->mmgr, 16384);
  if (dst && HPDF_Stream_WriteToStream(src, dst, HPDF_STREAM_FILTER_FLATE_DECODE, NULL) == HPDF_OK &&
      (*out = malloc(dst->size ? dst->size : 1)) != NULL) {
    size_t at = 0;
    for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(dst); i++) {
      HPDF_UINT n = 0;
      HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(dst, i, &n);
      if (n > dst->size - at) n = (HPDF_UINT)(dst->size - at);
      memcpy(*out + at, p, n);
      at += n;
    }
    *out_length = at;
  }
  HPDF_Stream_Free(src);
  HPDF_Stream_Free(dst);
  return *out != NULL;
}

/* The stream's data is deflated already (filter NONE, so libharu copies it
 * as it is): the filter is named here, after the dictionary's other keys. */
static HPDF_STATUS name_flate_filter(HPDF_Dict stream, HPDF_Stream out) {
  (void)stream;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* The font descriptor libharu would write at save time, with our font
 * program (`flate`: deflated, `length` bytes before) as FontFile2; setting it
 * on the font definition keeps libharu from copying its own. */
static HPDF_STATUS write_descriptor(HPDF_Doc pdf, HPDF_Font font, const unsigned char *flate,
                                    size_t flate_length, size_t length) {
  HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
  HPDF_FontDef def = attr->fontdef;
  HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
  HPDF_Dict data = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
  HPDF_Dict descriptor = HPDF_Dict_New(pdf->mmgr);
  if (!data || !descriptor) return HPDF_FAILD_TO_ALLOC_MEM;
  data->filter = HPDF_STREAM_FILTER_NONE;
  data->write_fn = name_flate_filter;
  HPDF_STATUS ret = HPDF_Stream_Write(data->stream, flate, (HPDF_UINT)flate_length);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(data, "Length1", (HPDF_INT32)length);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(data, "Length2", 0);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(data, "Length3", 0);
  if (ret == HPDF_OK) ret = HPDF_Xref_Add(pdf->xref, descriptor);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(descriptor, "Ascent", def->ascent);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(descriptor, "Descent", def->descent);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(descriptor, "Flags", (HPDF_INT32)def->flags);
  if (ret == HPDF_OK)
    ret = HPDF_Dict_Add(descriptor, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, def->font_bbox));
  if (ret == HPDF_OK) ret = HPDF_Dict_AddName(descriptor, "FontName", tt->base_font);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(descriptor, "ItalicAngle", def->italic_angle);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(descriptor, "StemV", def->stemv);
  if (ret == HPDF_OK) ret = HPDF_Dict_AddNumber(descriptor, "XHeight", def->x_height);
  if (ret == HPDF_OK) ret = HPDF_Dict_Add(descriptor, "FontFile2", data);
  if (ret == HPDF_OK) def->descriptor = descriptor;
  return ret;
}

/* Whether libharu drew (measured, in HPDF_Page_ShowText or TextWidth) a glyph
 * that the subset lacks: text drawn without being recorded, which would
 * print as .notdef. libharu's glyph ids come from its own cmap lookup. */
int dossier_hpdf_draws_glyph_outside(HPDF_Font font, const uint16_t *map, unsigned glyphs) {
  HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
  HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)attr->fontdef->attr;
  unsigned n = tt->num_glyphs < glyphs ? tt->num_glyphs : glyphs;
  for (unsigned g = 1; g < n; g++)
    if (tt->glyph_tbl.flgs[g] && map[g] == 0xFFFFu) return 1;
  return 0;
}


HPDF_STATUS dossier_hpdf_embed_font(HPDF_Doc pdf, HPDF_Font font, const dossier_hpdf_font_data *d) {
  HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
  if (!attr->map_stream || !attr->cmap_stream) return HPDF_INVALID_FONT;
  HPDF_MemStream_FreeData(attr->map_stream->stream);
  HPDF_MemStream_FreeData(attr->cmap_stream->stream);
  HPDF_STATUS ret = HPDF_Stream_Write(attr->map_stream->stream, d->cid_map,
                                      (HPDF_UINT)d->cid_map_length);
  if (ret == HPDF_OK)
    ret = HPDF_Stream_Write(attr->cmap_stream->stream, (const HPDF_BYTE *)d->to_unicode,
                            (HPDF_UINT)d->to_unicode_length);
  if (ret == HPDF_OK) ret = write_widths(attr->descendant_font, d->codes, d->widths, d->count);
  if (ret == HPDF_OK)
    ret = write_descriptor(pdf, font, d->program, d->program_length, d->raw_length);
  return ret;
}

HPDF_STATUS dossier_hpdf_set_id(HPDF_Doc pdf, const unsigned char id[16]) {
  HPDF_Array array = HPDF_Array_New(pdf->mmgr);
  if (!array) return HPDF_FAILD_TO_ALLOC_MEM;
  HPDF_STATUS ret = HPDF_Dict_Add(pdf->trailer, "ID", array);
  if (ret == HPDF_OK) ret = HPDF_Array_Add(array, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
  if (ret == HPDF_OK) ret = HPDF_Array_Add(array, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
  return ret;
}

int dossier_hpdf_saved_pieces(HPDF_Doc pdf, struct iovec **pieces, size_t *count) {
  *pieces = NULL;
  *count = 0;
  HPDF_UINT n = HPDF_MemStream_GetBufCount(pdf->stream);
  struct iovec *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) return -1;
  for (HPDF_UINT i = 0; i < n; i++) {
    HPDF_UINT len = 0;
    v[i].iov_base = HPDF_MemStream_GetBufPtr(pdf->stream, i, &len);
    v[i].iov_len = len;
    if (!v[i].iov_base) {
      free(v);
      return -1;
    }
  }
  *pieces = v;
  *count = n;
  return 0;
}

/* HPDF_Page_TextOut (libharu 2.3.0) spends most of its time in a linear cmap
 * search per character (to advance its text position) and in clearing a
 * 512-byte buffer byte by byte per operator. text_out writes the same bytes
 * into the page's content stream (`x y Td` relative to the text matrix, the
 * UTF-8 encoder's 2-byte codes in hex, `Tj`) and updates libharu's text state
 * the same way, measuring with our width table (libharu's numbers). Floats
 * (HPDF_REAL) as libharu computes them, so the numbers print identically. */

/* libharu's TextPos_AbsToRel (hpdf_page_operator.c). */
static void abs_to_rel(HPDF_TransMatrix m, HPDF_REAL x_abs, HPDF_REAL y_abs, HPDF_REAL *x_rel,
                       HPDF_REAL *y_rel) {
  if (m.a == 0) {
    *x_rel = (y_abs - m.y - (x_abs - m.x) * m.d / m.c) / m.b;
    *y_rel = (x_abs - m.x) / m.c;
  } else {
    HPDF_REAL y = (y_abs - m.y - (x_abs - m.x) * m.b / m.a) / (m.d - m.c * m.b / m.a);
    *x_rel = (x_abs - m.x - y * m.c) / m.a;
    *y_rel = y;
  }
}

/* Decodes UTF-8 as libharu's UTF-8 encoder does (lead byte decides the length,
 * a stray byte is skipped, above U+FFFF is a space) into codes[], *count of
 * them. Returns the number of whitespace bytes (libharu's numspace). */
static unsigned libharu_codes(const unsigned char *s, size_t n, uint16_t *codes, size_t *count) {
  unsigned cur = 0, end = 0, spaces = 0;
  unsigned char b[4] = {0, 0, 0, 0};
  *count = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    int emit = 0;
    if (cur == 0) {
      b[0] = c;
      cur = 1;
      if (!(c & 0x80)) {
        cur = 0;
        end = 0;
        emit = 1;
      } else if ((c & 0xf8) == 0xf0) end = 3;
      else if ((c & 0xf0) == 0xe0) end = 2;
      else if ((c & 0xe0) == 0xc0) end = 1;
      else cur = 0;
    } else {
      b[cur] = c;
      if (cur == end) {
        cur = 0;
        emit = 1;
      } else {
        cur++;
      }
    }
    if (emit) {
      unsigned v = end == 3   ? ((b[0] & 0x7u) << 18) + ((unsigned)b[1] << 12) +
                                    ((b[2] & 0x3fu) << 6) + (b[3] & 0x3fu)
                   : end == 2 ? ((b[0] & 0xfu) << 12) + ((b[1] & 0x3fu) << 6) + (b[2] & 0x3fu)
                   : end == 1 ? ((b[0] & 0x1fu) << 6) + (b[1] & 0x3fu)
                              : b[0];
      codes[(*count)++] = (uint16_t)(v > 65535 ? 32 : v);
    }
    if (c == 0x00 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20) spaces++;
  }
  return spaces;
}

void dossier_hpdf_text_out(HPDF_Page page, HPDF_Font expected,
                           unsigned (*advance)(const void *ctx, unsigned flags, uint16_t code),
                           const void *ctx, unsigned flags, double x, double y, const char *text,
                           size_t length) {
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  HPDF_Font font = attr->gstate->font;
  uint16_t small_codes[128];
  char small_out[640];
  uint16_t *codes = length <= 128 ? small_codes : malloc(length * sizeof *codes);
  size_t out_size = 64 + 4 * length + 8;
  char *out = out_size <= sizeof small_out ? small_out : malloc(out_size);
  if (!codes || !out || attr->gmode != HPDF_GMODE_TEXT_OBJECT || !font ||
      ((HPDF_FontAttr)font->attr)->type != HPDF_FONT_TYPE0_TT ||
      font != expected || length > HPDF_LIMIT_MAX_STRING_LEN) {
    /* not the situation text_out knows: let libharu do it */
    char *copy = malloc(length + 1);
    if (copy) {
      memcpy(copy, text, length);
      copy[length] = '\0';
      HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, copy);
      free(copy);
    }
    goto done;
  }
  HPDF_REAL dx, dy;
  abs_to_rel(attr->text_matrix, (HPDF_REAL)x, (HPDF_REAL)y, &dx, &dy);
  char *p = HPDF_FToA(out, dx, out + 30);
  *p++ = ' ';
  p = HPDF_FToA(p, dy, p + 30);
  memcpy(p, " Td\012", 4);
  p += 4;
  attr->text_matrix.x += dx * attr->text_matrix.a + dy * attr->text_matrix.c;
  attr->text_matrix.y += dy * attr->text_matrix.d + dx * attr->text_matrix.b;
  attr->text_pos.x = attr->text_matrix.x;
  attr->text_pos.y = attr->text_matrix.y;

  size_t count = 0;
  unsigned spaces = libharu_codes((const unsigned char *)text, length, codes, &count);
  unsigned long units = 0;
  for (size_t i = 0; i < count; i++) units += advance(ctx, flags, codes[i]);
  HPDF_REAL tw = 0;
  tw += attr->gstate->word_space * (HPDF_REAL)spaces;
  tw += (HPDF_REAL)(HPDF_UINT)units * attr->gstate->font_size / 1000;
  tw += attr->gstate->char_space * (HPDF_REAL)count;
  if (tw != 0) { /* libharu writes nothing for a text of no width */
    static const char hex[] = "0123456789ABCDEF";
    *p++ = '<';
    for (size_t i = 0; i < count; i++) {
      *p++ = hex[codes[i] >> 12];
      *p++ = hex[(codes[i] >> 8) & 15];
      *p++ = hex[(codes[i] >> 4) & 15];
      *p++ = hex[codes[i] & 15];
    }
    memcpy(p, "> Tj\012", 5);
    p += 5;
    attr->text_pos.x += tw * attr->text_matrix.a;
    attr->text_pos.y += tw * attr->text_matrix.b;
  }
  HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)out, (HPDF_UINT)(p - out));
done:
  if (codes != small_codes) free(codes);
  if (out != small_out) free(out);
}

