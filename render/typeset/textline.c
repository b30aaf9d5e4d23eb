/* textline.c: pieces, line breaking, justification and drawing of text blocks. */
#include "render/typeset/textline.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "render/typeset/hpdf_private.h"

/* Underline geometry in ems. These are font metrics of Times New Roman and
 * Liberation Serif (post table: position -0.109, thickness 0.049), not layout
 * choices: libharu does not expose the post table. */
#define UNDERLINE_POSITION 0.109
#define UNDERLINE_THICKNESS 0.049

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static size_t char_length(const char *s, size_t n) {
  unsigned char c = (unsigned char)s[0];
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return len > n ? n : len;
}

/* Decodes one UTF-8 character of text (n > 0 bytes left) into *cp; returns
 * its length. A malformed byte gives UINT32_MAX (libharu measures nothing). */
static size_t decode_char(const unsigned char *s, size_t n, uint32_t *cp) {
  utf8proc_int32_t c = 0;
  utf8proc_ssize_t len = utf8proc_iterate(s, (utf8proc_ssize_t)n, &c);
  if (len <= 0) {
    *cp = UINT32_MAX;
    return 1;
  }
  *cp = (uint32_t)c;
  return (size_t)len;
}

double dossier_text_measure(dossier_fonts *fonts, unsigned flags, double size, const char *text,
                            size_t length) {
  /* our width table, not HPDF_Font_TextWidth: the same numbers without
   * libharu's linear cmap search per character */
  HPDF_Font font = dossier_fonts_face(fonts, flags);
  if (!font || length == 0) return 0;
  const unsigned char *s = (const unsigned char *)text;
  unsigned long total = 0;
  for (size_t i = 0; i < length;) {
    uint32_t cp;
    i += decode_char(s + i, length - i, &cp);
    if (cp != UINT32_MAX) total += dossier_fonts_width(fonts, flags, cp);
  }
  return (double)total * size / 1000.0;
}

char *dossier_text_upper(const char *text, size_t length) {
  char *out = malloc(length * 2 + 1); /* a capital is never more than twice as long here */
  if (!out) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < length;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                          (utf8proc_ssize_t)(length - i), &cp);
    if (n <= 0) {
      out[k++] = text[i++];
      continue;
    }
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
    if (m <= 0 || m > n * 2) {
      memcpy(out + k, text + i, (size_t)n);
      k += (size_t)n;
    } else {
      memcpy(out + k, enc, (size_t)m);
      k += (size_t)m;
    }
    i += (size_t)n;
  }
  out[k] = '\0';
  return out;
}

static dossier_status push_piece(dossier_textblock *tb, dossier_piece p) {
  if (tb->piece_count == tb->piece_capacity) {
    size_t cap = tb->piece_capacity ? tb->piece_capacity * 2 : 32;
    dossier_piece *grown = realloc(tb->pieces, cap * sizeof *grown);
    if (!grown) return DOSSIER_ERR_NOMEM;
    tb->pieces = grown;
    tb->piece_capacity = cap;
  }
  tb->pieces[tb->piece_count++] = p;
  return DOSSIER_OK;
}

/* Adds the piece buffer[offset, offset+length) in `flags`, cutting it into
 * chunks no wider than `limit` (a word longer than a line is broken rather
 * than allowed to overflow). */
static dossier_status add_piece(dossier_textblock *tb, dossier_fonts *fonts, size_t offset,
                                size_t length, unsigned flags, double glue, int breakable,
                                double limit) {
  double size = tb->ts->size;
  double width = dossier_text_measure(fonts, flags, size, tb->buffer + offset, length);
  if (width <= limit) {
    dossier_piece p = {offset, length, flags, width, glue, breakable};
    return push_piece(tb, p);
  }
  size_t start = offset, end = offset + length;
  double acc = 0;
  for (size_t i = offset; i < end;) {
    size_t n = char_length(tb->buffer + i, end - i);
    double w = dossier_text_measure(fonts, flags, size, tb->buffer + i, n);
    if (acc + w > limit && i > start) {
      dossier_piece p = {start, i - start, flags, acc, start == offset ? glue : 0,
                         start == offset ? breakable : 1};
      if (push_piece(tb, p) != DOSSIER_OK) return DOSSIER_ERR_NOMEM;
      start = i;
      acc = 0;
    }
    acc += w;
    i += n;
  }
  dossier_piece p = {start, end - start, flags, acc, start == offset ? glue : 0,
                     start == offset ? breakable : 1};
  return push_piece(tb, p);
}

static double available(const dossier_textblock *tb, size_t line) {
  double w = tb->width - tb->indent - (line == 0 ? tb->first_indent : 0);
  return w > 1 ? w : 1;
}

/* Greedy breaking: a line takes whole words while they fit; a word (pieces
 * joined without a space) that does not fit even an empty line is cut at its
 * piece boundaries, which add_piece made narrower than any line. */
static dossier_status break_lines(dossier_textblock *tb) {
  size_t cap = 8;
  tb->lines = malloc(cap * sizeof *tb->lines);
  if (!tb->lines) return DOSSIER_ERR_NOMEM;
  size_t i = 0;
  while (i < tb->piece_count) {
    if (tb->line_count == cap) {
      cap *= 2;
      dossier_line *grown = realloc(tb->lines, cap * sizeof *grown);
      if (!grown) return DOSSIER_ERR_NOMEM;
      tb->lines = grown;
    }
    double avail = available(tb, tb->line_count);
    dossier_line line = {i, 0, 0, 0};
    while (i < tb->piece_count) {
      /* the word starting at piece i */
      size_t j = i + 1;
      double word = tb->pieces[i].width;
      while (j < tb->piece_count && !tb->pieces[j].breakable) word += tb->pieces[j].width, j++;
      double glue = line.count ? tb->pieces[i].glue : 0;
      if (line.count && line.width + glue + word > avail) break;
      if (!line.count && word > avail) {
        /* cut the word at the last piece boundary that fits (at least one piece) */
        size_t k = i;
        double w = 0;
        while (k < j && (k == i || w + tb->pieces[k].width <= avail)) w += tb->pieces[k].width, k++;
        line.count = k - i;
        line.width = w;
        i = k;
        if (i < tb->piece_count) tb->pieces[i].breakable = 1;
        break;
      }
      line.width += glue + word;
      if (line.count) line.glues += tb->pieces[i].glue > 0;
      line.count += j - i;
      i = j;
    }
    tb->lines[tb->line_count++] = line;
  }
  return DOSSIER_OK;
}

typedef struct {
  size_t offset, length;
  unsigned flags;
} span;

static dossier_status build(dossier_textblock *tb, dossier_fonts *fonts, const span *spans,
                            size_t span_count, dossier_diag *diag) {
  dossier_status st = DOSSIER_OK;
  double limit = tb->width - tb->indent - (tb->first_indent > 0 ? tb->first_indent : 0);
  if (limit < 1) limit = 1;
  int pending_space = 0, seen = 0;
  for (size_t s = 0; s < span_count && st == DOSSIER_OK; s++) {
    size_t end = spans[s].offset + spans[s].length;
    size_t i = spans[s].offset;
    while (i < end && st == DOSSIER_OK) {
      if (is_space((unsigned char)tb->buffer[i])) {
        pending_space = 1;
        i++;
        continue;
      }
      size_t j = i;
      while (j < end && !is_space((unsigned char)tb->buffer[j])) j++;
      double glue = 0;
      if (pending_space && seen)
        glue = dossier_text_measure(fonts, spans[s].flags, tb->ts->size, " ", 1);
      dossier_fonts_note(fonts, spans[s].flags, tb->buffer + i, j - i);
      st = add_piece(tb, fonts, i, j - i, spans[s].flags, glue, pending_space || !seen, limit);
      pending_space = 0;
      seen = 1;
      i = j;
    }
  }
  unsigned long code = 0;
  const char *failed = dossier_fonts_failed(fonts, &code);
  if (failed)
    return dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, failed, 0, 0, NULL,
                            "libharu cannot load this font (error 0x%04lX)", code);
  if (st == DOSSIER_OK) st = break_lines(tb);
  if (st != DOSSIER_OK) dossier_diag_add(diag, st, NULL, 0, 0, NULL, "out of memory");
  return st;
}

static void init_block(dossier_textblock *tb, dossier_fonts *fonts, const dossier_text_style *ts,
                       double width) {
  memset(tb, 0, sizeof *tb);
  tb->ts = ts;
  tb->width = width;
  tb->first_indent = ts->first_indent;
  tb->indent = ts->indent + ts->hanging;
  tb->line_height = ts->size * ts->line_spacing;
  HPDF_Font font = dossier_fonts_face(fonts, ts->face);
  double ascent = font ? HPDF_Font_GetAscent(font) / 1000.0 : 0.9;
  double descent = font ? -HPDF_Font_GetDescent(font) / 1000.0 : 0.2;
  /* centre the font's ascent+descent box in the line */
  tb->baseline = (tb->line_height - ts->size * (ascent + descent)) / 2 + ts->size * ascent;
}

dossier_status dossier_text_build(dossier_textblock *tb, dossier_fonts *fonts,
                                  const dossier_inline *text, const char *prefix,
                                  const dossier_text_style *ts, unsigned extra_flags,
                                  double width, dossier_diag *diag) {
  init_block(tb, fonts, ts, width);
  size_t count = (text ? text->count : 0) + (prefix ? 1 : 0);
  size_t total = 0;
  for (size_t i = 0; text && i < text->count; i++) total += strlen(text->runs[i].text) + 1;
  if (prefix) total += strlen(prefix) + 1;
  span *spans = calloc(count ? count : 1, sizeof *spans);
  char *buffer = malloc(total + 1);
  dossier_status st = DOSSIER_OK;
  if (!spans || !buffer) {
    free(spans);
    free(buffer);
    return dossier_diag_nomem(diag);
  }
  size_t k = 0, n = 0;
  unsigned base = (ts->face | extra_flags) & (DOSSIER_RUN_BOLD | DOSSIER_RUN_ITALIC |
                                              DOSSIER_RUN_UNDERLINE);
  for (size_t i = 0; i < count; i++) {
    const char *s;
    unsigned flags = base;
    if (prefix && i == 0) {
      s = prefix;
      if (text && text->count) flags |= text->runs[0].flags;
    } else {
      const dossier_run *run = &text->runs[i - (prefix ? 1 : 0)];
      s = run->text;
      flags |= run->flags;
    }
    size_t len = strlen(s);
    memcpy(buffer + k, s, len);
    spans[n].offset = k;
    spans[n].length = len;
    spans[n].flags = flags;
    k += len;
    if (prefix && i == 0) { /* the numbering is a word of its own */
      buffer[k++] = ' ';
      spans[n].length++;
    }
    n++;
  }
  buffer[k] = '\0';
  if (ts->upper) {
    /* upper-casing changes byte lengths: redo the spans run by run */
    char *upper = malloc(k * 2 + 1);
    size_t u = 0;
    if (!upper) st = DOSSIER_ERR_NOMEM;
    for (size_t i = 0; i < n && st == DOSSIER_OK; i++) {
      char *piece = dossier_text_upper(buffer + spans[i].offset, spans[i].length);
      if (!piece) {
        st = DOSSIER_ERR_NOMEM;
        break;
      }
      size_t len = strlen(piece);
      memcpy(upper + u, piece, len);
      spans[i].offset = u;
      spans[i].length = len;
      u += len;
      free(piece);
    }
    if (st == DOSSIER_OK) {
      upper[u] = '\0';
      free(buffer);
      buffer = upper;
    } else {
      free(upper);
    }
  }
  tb->buffer = buffer;
  if (st == DOSSIER_OK) st = build(tb, fonts, spans, n, diag);
  else dossier_diag_add(diag, st, NULL, 0, 0, NULL, "out of memory");
  free(spans);
  if (st != DOSSIER_OK) dossier_text_free(tb);
  return st;
}

dossier_status dossier_text_build_plain(dossier_textblock *tb, dossier_fonts *fonts,
                                        const char *text, const dossier_text_style *ts,
                                        unsigned extra_flags, double width,
                                        dossier_diag *diag) {
  dossier_run run = {(char *)(text ? text : ""), 0};
  dossier_inline in = {&run, 1};
  return dossier_text_build(tb, fonts, &in, NULL, ts, extra_flags, width, diag);
}

void dossier_text_free(dossier_textblock *tb) {
  free(tb->buffer);
  free(tb->pieces);
  free(tb->lines);
  memset(tb, 0, sizeof *tb);
}

double dossier_text_used_width(const dossier_textblock *tb) {
  double w = 0;
  for (size_t i = 0; i < tb->line_count; i++) {
    double lw = tb->lines[i].width + tb->indent + (i == 0 ? tb->first_indent : 0);
    if (lw > w) w = lw;
  }
  return w;
}

double dossier_text_natural_width(const dossier_textblock *tb) {
  double w = tb->indent + tb->first_indent;
  for (size_t i = 0; i < tb->piece_count; i++)
    w += tb->pieces[i].width + (i ? tb->pieces[i].glue : 0);
  return w;
}

double dossier_text_min_width(const dossier_textblock *tb) {
  double best = 0, word = 0;
  for (size_t i = 0; i < tb->piece_count; i++) {
    if (tb->pieces[i].breakable) word = 0;
    word += tb->pieces[i].width;
    if (word > best) best = word;
  }
  return best + tb->indent;
}

/* ---- writing a piece ------------------------------------------------------ */

/* libharu's own HPDF_Page_TextOut would search its cmap per character; the
 * advances are the fonts' (dossier_fonts_width), hpdf_private.c writes the
 * operators. */
static unsigned advance_of(const void *ctx, unsigned flags, uint16_t code) {
  return dossier_fonts_width((dossier_fonts *)ctx, flags, code);
}

static void text_out(HPDF_Page page, dossier_fonts *fonts, unsigned flags, double x, double y,
                     const char *text, size_t length) {
  dossier_hpdf_text_out(page, dossier_fonts_face(fonts, flags), advance_of, fonts, flags, x, y,
                        text, length);
}

static void draw_piece(const dossier_textblock *tb, dossier_fonts *fonts, HPDF_Page page,
                       const dossier_piece *p, double x, double y) {
  text_out(page, fonts, p->flags, x, y, tb->buffer + p->offset, p->length);
}

void dossier_text_draw(const dossier_textblock *tb, dossier_fonts *fonts, HPDF_Page page,
                       double x, double y_top, size_t first, size_t count) {
  double size = tb->ts->size;
  for (size_t l = first; l < first + count && l < tb->line_count; l++) {
    const dossier_line *line = &tb->lines[l];
    double avail = available(tb, l);
    double lx = x + tb->indent + (l == 0 ? tb->first_indent : 0);
    double extra = 0;
    int last = l + 1 == tb->line_count;
    switch (tb->ts->align) {
    case DOSSIER_TEXT_CENTER: lx += (avail - line->width) / 2; break;
    case DOSSIER_TEXT_RIGHT: lx += avail - line->width; break;
    case DOSSIER_TEXT_JUSTIFY:
      if (!last && line->glues > 0 && line->width < avail) extra = (avail - line->width) / line->glues;
      break;
    default: break;
    }
    double baseline = y_top - (double)(l - first) * tb->line_height - tb->baseline;
    double px = lx;
    unsigned current = ~0u;
    HPDF_Page_BeginText(page);
    for (size_t i = line->first; i < line->first + line->count; i++) {
      const dossier_piece *p = &tb->pieces[i];
      if (i > line->first && p->glue > 0) px += p->glue + extra;
      if ((p->flags & 3u) != current) {
        current = p->flags & 3u;
        HPDF_Page_SetFontAndSize(page, dossier_fonts_face(fonts, current), (HPDF_REAL)size);
      }
      draw_piece(tb, fonts, page, p, px, baseline);
      px += p->width;
    }
    HPDF_Page_EndText(page);
    /* underlines: one stroke per piece, bridging the space to an underlined neighbour */
    px = lx;
    for (size_t i = line->first; i < line->first + line->count; i++) {
      const dossier_piece *p = &tb->pieces[i];
      double gap = (i > line->first && p->glue > 0) ? p->glue + extra : 0;
      double start = px + gap;
      if (p->flags & DOSSIER_RUN_UNDERLINE) {
        double from = (i > line->first && (tb->pieces[i - 1].flags & DOSSIER_RUN_UNDERLINE))
                          ? px
                          : start;
        double uy = baseline - UNDERLINE_POSITION * size;
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)(UNDERLINE_THICKNESS * size));
        HPDF_Page_MoveTo(page, (HPDF_REAL)from, (HPDF_REAL)uy);
        HPDF_Page_LineTo(page, (HPDF_REAL)(start + p->width), (HPDF_REAL)uy);
        HPDF_Page_Stroke(page);
      }
      px = start + p->width;
    }
  }
}
