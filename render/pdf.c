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
#include "pdf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <hpdf_encrypt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fonts.h"
#include "layout.h"
#include "style_values.h"

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

static HPDF_STATUS set_id(HPDF_Doc pdf, const HPDF_BYTE id[16]) {
  HPDF_Array array = HPDF_Array_New(pdf->mmgr);
  if (!array) return HPDF_FAILD_TO_ALLOC_MEM;
  HPDF_STATUS ret = HPDF_Dict_Add(pdf->trailer, "ID", array);
  if (ret == HPDF_OK) ret = HPDF_Array_Add(array, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
  if (ret == HPDF_OK) ret = HPDF_Array_Add(array, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
  return ret;
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

/* ---- the file ------------------------------------------------------------------ */

/* Writes the whole of libharu's memory stream `stream` to fd (writev in
 * batches). Returns 0, or -1 with errno set. */
static int write_stream(int fd, HPDF_Stream stream) {
  HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
  struct iovec iov[256];
  HPDF_UINT next = 0;
  while (next < count) {
    int n = 0;
    for (; n < 256 && next < count; n++, next++) {
      HPDF_UINT len = 0;
      iov[n].iov_base = HPDF_MemStream_GetBufPtr(stream, next, &len);
      iov[n].iov_len = len;
      if (!iov[n].iov_base) {
        errno = EIO;
        return -1;
      }
    }
    struct iovec *v = iov;
    while (n > 0) {
      ssize_t done = writev(fd, v, n);
      if (done < 0) {
        if (errno == EINTR) continue;
        return -1;
      }
      if (done == 0) {
        errno = EIO;
        return -1;
      }
      while (n > 0 && (size_t)done >= v->iov_len) { /* skip what was written */
        done -= (ssize_t)v->iov_len;
        v++;
        n--;
      }
      if (n > 0) {
        v->iov_base = (char *)v->iov_base + done;
        v->iov_len -= (size_t)done;
      }
    }
  }
  return 0;
}

/* Refuses an output path that must not be replaced (see the file comment).
 * On success *mode is the permission bits to give the new file: those of the
 * file it replaces, else what the umask allows for a new file. */
static dossier_status check_output(const char *out_path, mode_t *mode, dossier_diag *diag) {
  mode_t mask = umask(0);
  umask(mask);
  *mode = 0666 & ~mask;
  struct stat sb;
  if (lstat(out_path, &sb) != 0) {
    if (errno == ENOENT) return DOSSIER_OK; /* a new file; a bad folder fails at creation */
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, out_path, 0, 0, NULL,
                            "cannot check the output: %s", strerror(errno));
  }
  const char *why = NULL;
  if (S_ISLNK(sb.st_mode)) why = "is a symbolic link; give the real path";
  else if (S_ISDIR(sb.st_mode)) why = "is a folder, not a file; give a file name";
  else if (!S_ISREG(sb.st_mode))
    why = "is not a regular file (a device, FIFO or socket); choose another name";
  else if (!(sb.st_mode & S_IWUSR)) why = "is read-only; remove it or choose another name";
  if (why)
    return dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, out_path, 0, 0, NULL,
                            "the output %s; nothing was written", why);
  *mode = sb.st_mode & 07777;
  return DOSSIER_OK;
}

/* Removes "<base>.tmp-<pid>-XXXXXX" files beside `out_path` whose process is
 * gone: what a render killed before its rename left behind. A live process's
 * temporary (a render running in parallel) is kept. Best effort: failures
 * are ignored, they only leave a stale file. */
static void remove_stale_temporaries(const char *out_path) {
  const char *slash = strrchr(out_path, '/');
  const char *base = slash ? slash + 1 : out_path;
  size_t dir_len = slash ? (size_t)(slash - out_path) : 0;
  char *dir = malloc(dir_len + 2);
  if (!dir) return;
  if (!slash) memcpy(dir, ".", 2);
  else if (dir_len == 0) memcpy(dir, "/", 2);
  else {
    memcpy(dir, out_path, dir_len);
    dir[dir_len] = '\0';
  }
  DIR *d = opendir(dir);
  size_t base_len = strlen(base);
  for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
    const char *name = e->d_name;
    if (strncmp(name, base, base_len) != 0 || strncmp(name + base_len, ".tmp-", 5) != 0) continue;
    const char *digits = name + base_len + 5, *p = digits;
    while (*p >= '0' && *p <= '9') p++;
    if (p == digits || p - digits > 9 || *p != '-' || strlen(p + 1) != 6) continue;
    long pid = strtol(digits, NULL, 10);
    if (pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
    struct stat sb;
    if (fstatat(dirfd(d), name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode))
      unlinkat(dirfd(d), name, 0);
  }
  if (d) closedir(d);
  free(dir);
}

/* Saves `pdf` atomically to `out_path` (see the file comment). */
static dossier_status save_atomically(HPDF_Doc pdf, const char *out_path, dossier_diag *diag) {
  mode_t mode = 0;
  dossier_status st = check_output(out_path, &mode, diag);
  if (st != DOSSIER_OK) return st;
  remove_stale_temporaries(out_path);
  size_t n = strlen(out_path) + sizeof ".tmp--XXXXXX" + 24;
  char *tmp = malloc(n);
  if (!tmp) return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
  snprintf(tmp, n, "%s.tmp-%ld-XXXXXX", out_path, (long)getpid());
  int fd = mkstemp(tmp);
  if (fd < 0) {
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, out_path, 0, 0, NULL,
                          "cannot create the output: %s", strerror(errno));
    free(tmp);
    return st;
  }
  if (HPDF_SaveToStream(pdf) != HPDF_OK) {
    st = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, out_path, 0, 0, NULL,
                          "libharu failed writing the PDF (error 0x%04lX)",
                          (unsigned long)HPDF_GetError(pdf));
    goto done;
  }
  /* libharu keeps the PDF in a list of 4 KiB buffers: write them as they
   * are (HPDF_ReadFromStream would copy every byte once more, byte by byte) */
  if (write_stream(fd, pdf->stream) != 0) {
    st = dossier_diag_add(diag, DOSSIER_ERR_IO, out_path, 0, 0, NULL, "write failed: %s",
                          strerror(errno));
    goto done;
  }
  /* mkstemp creates 0600: give the replaced file's bits, or a new file's */
  if (fchmod(fd, mode) != 0 || fsync(fd) != 0) {
    st = dossier_diag_add(diag, DOSSIER_ERR_IO, out_path, 0, 0, NULL, "cannot sync the output: %s",
                          strerror(errno));
    goto done;
  }
done:
  if (close(fd) != 0 && st == DOSSIER_OK)
    st = dossier_diag_add(diag, DOSSIER_ERR_IO, out_path, 0, 0, NULL, "close failed: %s",
                          strerror(errno));
  if (st == DOSSIER_OK && rename(tmp, out_path) != 0)
    st = dossier_diag_add(diag, DOSSIER_ERR_CANTCREAT, out_path, 0, 0, NULL,
                          "cannot move the finished PDF into place: %s", strerror(errno));
  if (st != DOSSIER_OK) unlink(tmp);
  free(tmp);
  return st;
}

dossier_status dossier_pdf_write(const dossier_doc *doc, const dossier_style *style,
                                 dossier_chart_engine *charts, const char *out_path, int *pages,
                                 dossier_diag *diag) {
  if (pages) *pages = 0;
  unsigned long first_error = 0;
  dossier_fonts *fonts = NULL;
  dossier_status st = DOSSIER_OK;
  int page_count = 0;
  mode_t mode = 0;
  /* refused before any work (charts run gnuplot); checked again just before the rename */
  st = check_output(out_path, &mode, diag);
  if (st != DOSSIER_OK) return st;
  HPDF_Doc pdf = HPDF_New(on_hpdf_error, &first_error);
  if (!pdf) return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
  if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK || HPDF_UseUTFEncodings(pdf) != HPDF_OK ||
      HPDF_SetCurrentEncoder(pdf, "UTF-8") != HPDF_OK) {
    st = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                          "libharu cannot set up UTF-8 (error 0x%04lX)", first_error);
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
        set_metadata(pdf, doc) != HPDF_OK || set_id(pdf, id) != HPDF_OK)
      st = dossier_diag_add(diag, DOSSIER_ERR_SOFTWARE, NULL, 0, 0, NULL,
                            "libharu failed setting the document's metadata (error 0x%04lX)",
                            (unsigned long)HPDF_GetError(pdf));
  }
  if (st == DOSSIER_OK) st = save_atomically(pdf, out_path, diag);
done:
  dossier_fonts_free(fonts);
  HPDF_Free(pdf);
  if (st == DOSSIER_OK && pages) *pages = page_count;
  return st;
}

void dossier_pdf_shutdown(void) { dossier_fonts_shutdown(); }
