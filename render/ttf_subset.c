/* ttf_subset.c: cutting a document's glyphs out of a TrueType file.
 *
 * The subset keeps what a PDF viewer needs of a TrueType program embedded as
 * a CIDFontType2 (ISO 32000-1, 9.9: glyf, head, hhea, hmtx, loca, maxp, and
 * the hinting tables cvt, fpgm, prep when present), plus OS/2. No cmap: the
 * PDF's CIDToGIDMap says which glyph each code draws. Glyphs are renumbered
 * densely (0 stays .notdef), so loca and hmtx hold only the glyphs used;
 * composite glyphs bring their components along (at any depth) with their
 * references rewritten. */
#include "ttf_subset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_OS2, T_CVT, T_FPGM, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_PREP, T_COUNT };

/* In the binary order of the tags, which is the order of the table directory. */
static const char tags[T_COUNT][5] = {"OS/2", "cvt ", "fpgm", "glyf", "head",
                                      "hhea", "hmtx", "loca", "maxp", "prep"};

typedef struct {
  const unsigned char *p;
  size_t length; /* 0: absent */
} table;

struct dossier_ttf {
  unsigned char *data;
  size_t size;
  table t[T_COUNT];
  unsigned glyphs;   /* maxp.numGlyphs */
  unsigned hmetrics; /* hhea.numberOfHMetrics */
  int long_loca;     /* head.indexToLocFormat */
};

/* Composite glyph flags (TrueType 'glyf'). */
#define ARG_1_AND_2_ARE_WORDS 0x0001u
#define WE_HAVE_A_SCALE 0x0008u
#define MORE_COMPONENTS 0x0020u
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040u
#define WE_HAVE_A_TWO_BY_TWO 0x0080u

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void wr16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}
static void wr32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static unsigned char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  unsigned char *data = NULL;
  long end = -1;
  if (fseek(f, 0, SEEK_END) == 0) end = ftell(f);
  if (end > 0 && end < (1L << 30) && fseek(f, 0, SEEK_SET) == 0) {
    data = malloc((size_t)end);
    if (data && fread(data, 1, (size_t)end, f) != (size_t)end) {
      free(data);
      data = NULL;
    }
  }
  fclose(f);
  if (data) *size = (size_t)end;
  return data;
}

/* The byte range of glyph `gid` inside glyf; 0 when loca is inconsistent. */
static int glyph_range(const dossier_ttf *ttf, unsigned gid, size_t *offset, size_t *length) {
  const unsigned char *loca = ttf->t[T_LOCA].p;
  size_t a = ttf->long_loca ? rd32(loca + 4 * gid) : 2u * rd16(loca + 2 * gid);
  size_t b = ttf->long_loca ? rd32(loca + 4 * (gid + 1)) : 2u * rd16(loca + 2 * (gid + 1));
  if (b < a || b > ttf->t[T_GLYF].length) return 0;
  *offset = a;
  *length = b - a;
  return 1;
}

dossier_status dossier_ttf_open(dossier_ttf **out, const char *path, dossier_diag *diag) {
  *out = NULL;
  dossier_ttf *ttf = calloc(1, sizeof *ttf);
  if (!ttf) return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
  const char *problem = NULL;
  ttf->data = read_file(path, &ttf->size);
  if (!ttf->data) {
    problem = "cannot read the font file";
    goto done;
  }
  const unsigned char *d = ttf->data;
  if (ttf->size < 12 || (rd32(d) != 0x00010000u && rd32(d) != 0x74727565u /* 'true' */)) {
    problem = "not a TrueType font with glyph outlines";
    goto done;
  }
  unsigned tables = rd16(d + 4);
  if (12 + 16 * (size_t)tables > ttf->size) {
    problem = "truncated table directory";
    goto done;
  }
  for (unsigned i = 0; i < tables; i++) {
    const unsigned char *rec = d + 12 + 16 * i;
    uint32_t offset = rd32(rec + 8), length = rd32(rec + 12);
    if (offset > ttf->size || length > ttf->size - offset) {
      problem = "a table lies outside the file";
      goto done;
    }
    for (int k = 0; k < T_COUNT; k++)
      if (memcmp(rec, tags[k], 4) == 0) {
        ttf->t[k].p = d + offset;
        ttf->t[k].length = length;
      }
  }
  const table *t = ttf->t;
  if (t[T_HEAD].length < 54 || t[T_HHEA].length < 36 || t[T_MAXP].length < 6 || !t[T_HMTX].p ||
      !t[T_LOCA].p || !t[T_GLYF].p) {
    problem = "a table a PDF font needs (head, hhea, maxp, hmtx, loca, glyf) is missing";
    goto done;
  }
  ttf->glyphs = rd16(t[T_MAXP].p + 4);
  ttf->hmetrics = rd16(t[T_HHEA].p + 34);
  ttf->long_loca = rd16(t[T_HEAD].p + 50) != 0;
  if (ttf->glyphs == 0 || ttf->hmetrics == 0 || rd16(t[T_HEAD].p + 18) == 0 || ttf->hmetrics > ttf->glyphs ||
      t[T_HMTX].length < 4 * (size_t)ttf->hmetrics + 2 * (size_t)(ttf->glyphs - ttf->hmetrics) ||
      t[T_LOCA].length < (ttf->long_loca ? 4u : 2u) * ((size_t)ttf->glyphs + 1))
    problem = "inconsistent glyph tables";
done:
  if (problem) {
    dossier_ttf_free(ttf);
    return dossier_diag_add(diag, DOSSIER_ERR_UNAVAILABLE, path, 0, 0, NULL, "%s", problem);
  }
  *out = ttf;
  return DOSSIER_OK;
}

void dossier_ttf_free(dossier_ttf *ttf) {
  if (!ttf) return;
  free(ttf->data);
  free(ttf);
}

const unsigned char *dossier_ttf_bytes(const dossier_ttf *ttf, size_t *size) {
  *size = ttf->size;
  return ttf->data;
}

unsigned dossier_ttf_glyph_count(const dossier_ttf *ttf) { return ttf->glyphs; }

unsigned dossier_ttf_units_per_em(const dossier_ttf *ttf) { return rd16(ttf->t[T_HEAD].p + 18); }

unsigned dossier_ttf_advance(const dossier_ttf *ttf, unsigned gid) {
  if (gid >= ttf->glyphs) return 0;
  return rd16(ttf->t[T_HMTX].p + 4 * (gid < ttf->hmetrics ? gid : ttf->hmetrics - 1));
}

/* Calls visit(component id offset inside the glyph) for each component of a
 * composite glyph; returns 0 when the glyph's data is malformed. */
typedef int (*component_fn)(void *ctx, size_t at);

static int each_component(const unsigned char *g, size_t length, component_fn visit, void *ctx) {
  if (length < 10 || (int16_t)rd16(g) >= 0) return 1; /* empty or simple */
  size_t at = 10;
  for (;;) {
    if (at + 4 > length) return 0;
    unsigned flags = rd16(g + at);
    if (!visit(ctx, at + 2)) return 0;
    at += 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
    if (!(flags & MORE_COMPONENTS)) return at <= length;
  }
}

typedef struct {
  const dossier_ttf *ttf;
  const unsigned char *glyph;
  unsigned char *out;     /* when rewriting: the copy of the glyph */
  uint16_t *map;          /* old id -> new id, 0xFFFF: not taken */
  uint16_t *order;        /* new id -> old id */
  unsigned count;
} closure;

static int take(closure *c, unsigned gid) {
  if (gid >= c->ttf->glyphs) return 0;
  if (c->map[gid] == 0xFFFFu) {
    c->map[gid] = (uint16_t)c->count;
    c->order[c->count++] = (uint16_t)gid;
  }
  return 1;
}

static int take_component(void *ctx, size_t at) {
  closure *c = ctx;
  return take(c, rd16(c->glyph + at));
}

static int rewrite_component(void *ctx, size_t at) {
  closure *c = ctx;
  wr16(c->out + at, c->map[rd16(c->glyph + at)]);
  return 1;
}

static uint32_t checksum(const unsigned char *p, size_t length) {
  uint32_t sum = 0;
  size_t i = 0;
  for (; i + 4 <= length; i += 4) sum += rd32(p + i);
  if (i < length) {
    unsigned char word[4] = {0, 0, 0, 0};
    memcpy(word, p + i, length - i);
    sum += rd32(word);
  }
  return sum;
}

static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }

dossier_status dossier_ttf_subset(unsigned char **font, size_t *length, uint16_t *map,
                                  const dossier_ttf *ttf, const uint16_t *gids, size_t count) {
  *font = NULL;
  *length = 0;
  dossier_status st = DOSSIER_OK;
  closure c = {ttf, NULL, NULL, map, malloc(ttf->glyphs * sizeof(uint16_t)), 0};
  unsigned char *buf = NULL;
  if (!c.order) {
    st = DOSSIER_ERR_NOMEM;
    goto done;
  }
  memset(c.map, 0xFF, ttf->glyphs * sizeof(uint16_t));
  take(&c, 0);
  for (size_t i = 0; i < count; i++)
    if (!take(&c, gids[i])) {
      st = DOSSIER_ERR_UNAVAILABLE;
      goto done;
    }
  /* components, breadth first: the list grows while it is walked */
  size_t glyf_size = 0;
  for (unsigned k = 0; k < c.count; k++) {
    size_t off, len;
    if (!glyph_range(ttf, c.order[k], &off, &len)) {
      st = DOSSIER_ERR_UNAVAILABLE;
      goto done;
    }
    c.glyph = ttf->t[T_GLYF].p + off;
    if (!each_component(c.glyph, len, take_component, &c)) {
      st = DOSSIER_ERR_UNAVAILABLE;
      goto done;
    }
    glyf_size += pad4(len);
  }

  size_t size[T_COUNT] = {0};
  for (int k = 0; k < T_COUNT; k++) size[k] = ttf->t[k].length;
  size[T_GLYF] = glyf_size;
  size[T_HMTX] = 4 * (size_t)c.count;
  size[T_LOCA] = 4 * ((size_t)c.count + 1);
  unsigned tables = 0;
  for (int k = 0; k < T_COUNT; k++) tables += ttf->t[k].p != NULL;
  size_t total = 12 + 16 * (size_t)tables;
  for (int k = 0; k < T_COUNT; k++)
    if (ttf->t[k].p) total += pad4(size[k]);
  buf = calloc(1, total);
  if (!buf) {
    st = DOSSIER_ERR_NOMEM;
    goto done;
  }

  unsigned range = 1, selector = 0;
  while (range * 2 <= tables) {
    range *= 2;
    selector++;
  }
  wr32(buf, 0x00010000u);
  wr16(buf + 4, tables);
  wr16(buf + 6, range * 16);
  wr16(buf + 8, selector);
  wr16(buf + 10, tables * 16 - range * 16);

  size_t at = 12 + 16 * (size_t)tables, rec = 12, head_at = 0;
  for (int k = 0; k < T_COUNT; k++) {
    if (!ttf->t[k].p) continue;
    unsigned char *p = buf + at;
    const unsigned char *src = ttf->t[k].p;
    switch (k) {
    case T_GLYF: {
      size_t pos = 0;
      for (unsigned g = 0; g < c.count; g++) {
        size_t off, len;
        glyph_range(ttf, c.order[g], &off, &len);
        memcpy(p + pos, src + off, len);
        c.glyph = src + off;
        c.out = p + pos;
        each_component(c.glyph, len, rewrite_component, &c);
        pos += pad4(len);
      }
      break;
    }
    case T_LOCA: {
      size_t pos = 0;
      for (unsigned g = 0; g < c.count; g++) {
        size_t off, len;
        glyph_range(ttf, c.order[g], &off, &len);
        wr32(p + 4 * g, (uint32_t)pos);
        pos += pad4(len);
      }
      wr32(p + 4 * c.count, (uint32_t)pos);
      break;
    }
    case T_HMTX:
      for (unsigned g = 0; g < c.count; g++) {
        unsigned old = c.order[g];
        unsigned last = ttf->hmetrics - 1;
        unsigned advance = rd16(src + 4 * (old < ttf->hmetrics ? old : last));
        unsigned lsb = old < ttf->hmetrics ? rd16(src + 4 * old + 2)
                                           : rd16(src + 4 * ttf->hmetrics + 2 * (old - ttf->hmetrics));
        wr16(p + 4 * g, advance);
        wr16(p + 4 * g + 2, lsb);
      }
      break;
    default:
      memcpy(p, src, size[k]);
      if (k == T_HEAD) {
        head_at = at;
        wr32(p + 8, 0);  /* checkSumAdjustment: set once the whole file is known */
        wr16(p + 50, 1); /* long loca */
      } else if (k == T_HHEA) {
        wr16(p + 34, c.count);
      } else if (k == T_MAXP) {
        wr16(p + 4, c.count);
      }
      break;
    }
    memcpy(buf + rec, tags[k], 4);
    wr32(buf + rec + 4, checksum(p, size[k]));
    wr32(buf + rec + 8, (uint32_t)at);
    wr32(buf + rec + 12, (uint32_t)size[k]);
    rec += 16;
    at += pad4(size[k]);
  }
  wr32(buf + head_at + 8, 0xB1B0AFBAu - checksum(buf, total));
  *font = buf;
  *length = total;
  buf = NULL;
done:
  free(buf);
  free(c.order);
  return st;
}
