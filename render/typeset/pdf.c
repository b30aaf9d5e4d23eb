/* pdf.c: one dossier_doc to one PDF file with libharu.
 *
 * Order of work: fonts, layout, font checks (nothing is written when a glyph
 * is missing), our own ToUnicode maps, metadata, a fixed /ID and dates (the
 * same inputs give the same bytes), then the file: written under
 * "<out>.tmp-<pid>-XXXXXX" in the same folder, fsync'ed and renamed into place,
 * so a reader never sees half a PDF and a failure leaves an existing file
 * alone. The output must be absent or a writable regular file (never a device,
 * a folder, a FIFO, a symbolic link or a read-only signed PDF); a replaced file
 * keeps its permission bits. Temporaries of the same output left by a process
 * that no longer exists (a killed render) are removed first. */
#include "render/typeset/pdf.h"

#include <errno.h>
#include <hpdf_encrypt.h> /* HPDF_MD5 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/atomic.h"
#include "render/typeset/fonts.h"
#include "render/typeset/hpdf_private.h"
#include "render/typeset/layout.h"
#include "render/typeset/style_values.h"

#ifndef DOSSIER_VERSION
#define DOSSIER_VERSION "0"
#endif

/* libharu reports errors through a callback and through return values; the
 * callback only keeps the first code so messages can name it (no longjmp). */
static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user) {
  unsigned long *first = user;
  (void)detail;
  if (!*first) *first = (unsigned long)error;
}

/* ---- deterministic identity ------------------------------------------------ */

static void hash_str(HPDF_MD5_CTX *ctx, const char *s) {
  static const HPDF_BYTE sep = 0x1F; /* keeps "ab"+"c" apart from "a"+"bc" */
  if (s) HPDF_MD5Update(ctx, (const HPDF_BYTE *)s, (HPDF_UINT32)strlen(s));
  HPDF_MD5Update(ctx, &sep, 1);
}

static void hash_int(HPDF_MD5_CTX *ctx, long v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%ld", v);
  hash_str(ctx, buf);
}

static void hash_inline(HPDF_MD5_CTX *ctx, const dossier_inline *text) {
  for (size_t i = 0; i < text->count; i++) {
    hash_int(ctx, (long)text->runs[i].flags);
    hash_str(ctx, text->runs[i].text);
  }
}

/* The /ID of the file: an MD5 of everything the document says (so the same
 * inputs give the same ID, and two different reports never share one). */
static void document_id(HPDF_BYTE id[16], const dossier_doc *doc, const dossier_style *style,
                        int pages) {
  HPDF_MD5_CTX ctx;
  HPDF_MD5Init(&ctx);
  /* the same text in another style is another file; the element table is
   * plain numbers (zero-filled by calloc), so its bytes are deterministic */
  HPDF_MD5Update(&ctx, (const HPDF_BYTE *)style->el, (HPDF_UINT32)sizeof style->el);
  hash_str(&ctx, style->font_family);
  hash_str(&ctx, style->number_pattern);
  for (size_t i = 0; i < style->motto_count; i++) hash_str(&ctx, style->motto[i].text);
  hash_str(&ctx, doc->info.title);
  hash_str(&ctx, doc->info.author);
  hash_str(&ctx, doc->info.subject);
  hash_str(&ctx, doc->info.keywords);
  hash_int(&ctx, doc->info.year * 10000L + doc->info.month * 100L + doc->info.day);
  hash_int(&ctx, pages);
  for (size_t i = 0; i < doc->count; i++) {
    const dossier_block *b = &doc->blocks[i];
    hash_int(&ctx, (long)b->kind * 100 + b->level);
    hash_str(&ctx, b->marker);
    hash_inline(&ctx, &b->text);
    switch (b->kind) {
    case DOSSIER_BLOCK_HEADER: {
      const dossier_header *h = &b->u.header;
      const char *fields[] = {h->superior, h->issuer, h->number, h->type, h->abbreviation, h->place};
      for (size_t k = 0; k < 6; k++) hash_str(&ctx, fields[k]);
      hash_int(&ctx, h->year * 10000L + h->month * 100L + h->day);
      break;
    }
    case DOSSIER_BLOCK_TITLE:
      hash_str(&ctx, b->u.title.title);
      for (size_t k = 0; k < b->u.title.line_count; k++) hash_str(&ctx, b->u.title.lines[k]);
      break;
    case DOSSIER_BLOCK_SIGNATURE:
      hash_str(&ctx, b->u.signature.capacity);
      hash_str(&ctx, b->u.signature.position);
      hash_str(&ctx, b->u.signature.name);
      for (size_t k = 0; k < b->u.signature.recipient_count; k++)
        hash_str(&ctx, b->u.signature.recipients[k]);
      break;
    case DOSSIER_BLOCK_TABLE: {
      const dossier_table *t = &b->u.table;
      hash_str(&ctx, t->caption);
      hash_int(&ctx, (long)(t->columns * 1000 + t->rows));
      for (size_t k = 0; k < t->columns; k++) hash_str(&ctx, t->header[k]);
      for (size_t k = 0; k < t->columns * t->rows; k++) hash_str(&ctx, t->cells[k]);
      break;
    }
    case DOSSIER_BLOCK_CHART:
      hash_str(&ctx, b->u.chart.kind);
      hash_str(&ctx, b->u.chart.indicator);
      hash_str(&ctx, b->u.chart.title);
      break;
    case DOSSIER_BLOCK_APPENDIX:
      hash_str(&ctx, b->u.appendix.label);
      hash_str(&ctx, b->u.appendix.title);
      hash_str(&ctx, b->u.appendix.note);
      break;
    default: break;
    }
  }
  HPDF_MD5Final(id, &ctx);
}

/* The document date: doc->info's date, else SOURCE_DATE_EPOCH, else none
 * (never the clock: the same inputs must give the same bytes). */
static int document_date(HPDF_Date *date, const dossier_doc *doc) {
  memset(date, 0, sizeof *date);
  date->ind = '+';
  if (doc->info.year > 0 && doc->info.month >= 1 && doc->info.month <= 12 && doc->info.day >= 1 &&
      doc->info.day <= 31) {
    date->year = doc->info.year;
    date->month = doc->info.month;
    date->day = doc->info.day;
    return 1;
  }
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) return 0;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(epoch, &end, 10);
  if (errno || *end || v < 0) return 0;
  time_t t = (time_t)v;
  struct tm tm;
  if (!gmtime_r(&t, &tm)) return 0;
  date->year = tm.tm_year + 1900;
  date->month = tm.tm_mon + 1;
  date->day = tm.tm_mday;
  date->hour = tm.tm_hour;
  date->minutes = tm.tm_min;
  date->seconds = tm.tm_sec;
  return 1;
}

static HPDF_STATUS set_metadata(HPDF_Doc pdf, const dossier_doc *doc) {
  HPDF_STATUS ret = HPDF_OK;
  const struct {
    HPDF_InfoType type;
    const char *value;
  } info[] = {{HPDF_INFO_TITLE, doc->info.title},
              {HPDF_INFO_AUTHOR, doc->info.author},
              {HPDF_INFO_SUBJECT, doc->info.subject},
              {HPDF_INFO_KEYWORDS, doc->info.keywords},
              {HPDF_INFO_CREATOR, "dossier " DOSSIER_VERSION}};
  for (size_t i = 0; i < sizeof info / sizeof info[0] && ret == HPDF_OK; i++)
    if (info[i].value && *info[i].value) ret = HPDF_SetInfoAttr(pdf, info[i].type, info[i].value);
  HPDF_Date date;
  if (ret == HPDF_OK && document_date(&date, doc)) {
    ret = HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);
    if (ret == HPDF_OK) ret = HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date);
  }
  return ret;
}

/* ---- the document ------------------------------------------------------------ */

/* Lays out `doc` and saves it into libharu's memory stream. On success *out
 * is the document (HPDF_Free), its bytes ready for dossier_hpdf_saved_pieces. */
static dossier_status build(HPDF_Doc *out, int *pages, const dossier_doc *doc,
                            const dossier_style *style, dossier_chart_engine *charts,
                            unsigned long *first_error, dossier_diag *diag) {
  *out = NULL;
  dossier_fonts *fonts = NULL;
  dossier_status st = DOSSIER_OK;
  int page_count = 0;
  HPDF_Doc pdf = HPDF_New(on_hpdf_error, first_error);
  if (!pdf) return dossier_diag_nomem(diag);
  if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK || HPDF_UseUTFEncodings(pdf) != HPDF_OK ||
      HPDF_SetCurrentEncoder(pdf, "UTF-8") != HPDF_OK) {
    st = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                          "libharu cannot set up UTF-8 (error 0x%04lX)", *first_error);
    goto done;
  }
  st = dossier_fonts_open(&fonts, pdf, style, diag);
  if (st == DOSSIER_OK) st = dossier_layout_doc(&page_count, pdf, fonts, doc, style, charts, diag);
  if (st == DOSSIER_OK) st = dossier_fonts_check(fonts, diag);
  if (st == DOSSIER_OK) st = dossier_fonts_finish(fonts, pdf, diag);
  if (st == DOSSIER_OK) {
    HPDF_BYTE id[16];
    document_id(id, doc, style, page_count);
    if (HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK ||
        set_metadata(pdf, doc) != HPDF_OK || dossier_hpdf_set_id(pdf, id) != HPDF_OK)
      st = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "libharu failed setting the document's metadata (error 0x%04lX)",
                            (unsigned long)HPDF_GetError(pdf));
  }
  if (st == DOSSIER_OK && HPDF_SaveToStream(pdf) != HPDF_OK)
    st = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                          "libharu failed writing the PDF (error 0x%04lX)",
                          (unsigned long)HPDF_GetError(pdf));
done:
  dossier_fonts_free(fonts);
  if (st != DOSSIER_OK) {
    HPDF_Free(pdf);
    return st;
  }
  *out = pdf;
  *pages = page_count;
  return DOSSIER_OK;
}

/* Removes the temporaries of `out_path` (see base/atomic.h) that a render
 * killed before its rename left beside it. */
static int is_output_base(const char *base, size_t length, const void *out_name) {
  return strlen(out_name) == length && memcmp(base, out_name, length) == 0;
}

static void remove_stale_temporaries(const char *out_path) {
  const char *slash = strrchr(out_path, '/');
  char *dir = slash ? strndup(out_path, slash == out_path ? 1 : (size_t)(slash - out_path))
                    : strdup(".");
  if (!dir) return;
  dossier_atomic_remove_stale(dir, is_output_base, slash ? slash + 1 : out_path);
  free(dir);
}

dossier_status dossier_pdf_write(const dossier_doc *doc, const dossier_style *style,
                                 dossier_chart_engine *charts, const char *out_path, int *pages,
                                 dossier_diag *diag) {
  if (pages) *pages = 0;
  /* refused before any work (charts run gnuplot); checked again just before the rename */
  dossier_status st = dossier_atomic_check(out_path, NULL, diag);
  if (st != DOSSIER_OK) return st;
  unsigned long first_error = 0;
  int page_count = 0;
  HPDF_Doc pdf = NULL;
  st = build(&pdf, &page_count, doc, style, charts, &first_error, diag);
  if (st != DOSSIER_OK) return st;
  remove_stale_temporaries(out_path);
  struct iovec *pieces = NULL;
  size_t count = 0;
  dossier_atomic file;
  if (dossier_hpdf_saved_pieces(pdf, &pieces, &count) != 0) st = dossier_diag_nomem(diag);
  if (st == DOSSIER_OK) st = dossier_atomic_open(&file, out_path, diag);
  if (st == DOSSIER_OK) {
    /* libharu keeps the PDF in a list of 4 KiB buffers: write them as they
     * are (HPDF_ReadFromStream would copy every byte once more, byte by byte) */
    st = dossier_atomic_writev(&file, pieces, count, diag);
    if (st == DOSSIER_OK) st = dossier_atomic_commit(&file, diag);
    else dossier_atomic_abort(&file);
  }
  free(pieces);
  HPDF_Free(pdf);
  if (st == DOSSIER_OK && pages) *pages = page_count;
  return st;
}

dossier_status dossier_pdf_write_buffer(unsigned char **out, size_t *length, const dossier_doc *doc,
                                        const dossier_style *style, dossier_chart_engine *charts,
                                        int *pages, dossier_diag *diag) {
  *out = NULL;
  *length = 0;
  if (pages) *pages = 0;
  unsigned long first_error = 0;
  int page_count = 0;
  HPDF_Doc pdf = NULL;
  dossier_status st = build(&pdf, &page_count, doc, style, charts, &first_error, diag);
  if (st != DOSSIER_OK) return st;
  struct iovec *pieces = NULL;
  size_t count = 0, total = 0;
  unsigned char *bytes = NULL;
  if (dossier_hpdf_saved_pieces(pdf, &pieces, &count) == 0) {
    for (size_t i = 0; i < count; i++) total += pieces[i].iov_len;
    bytes = malloc(total ? total : 1);
  }
  if (!bytes) {
    st = dossier_diag_nomem(diag);
  } else {
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
      memcpy(bytes + at, pieces[i].iov_base, pieces[i].iov_len);
      at += pieces[i].iov_len;
    }
    *out = bytes;
    *length = total;
    if (pages) *pages = page_count;
  }
  free(pieces);
  HPDF_Free(pdf);
  return st;
}

void dossier_pdf_shutdown(void) { dossier_fonts_shutdown(); }
