/* buf.h: the growable string of dossier.
 *
 * A dossier_buf is a NUL-terminated byte string that grows as text is added.
 * Appends never fail loudly: when memory runs out the buffer is marked failed,
 * keeps what it had, and ignores later appends, so a builder makes many
 * appends and checks once at the end (dossier_buf_ok). A zeroed dossier_buf
 * (DOSSIER_BUF_INIT) is empty and ready. */
#ifndef DOSSIER_BASE_BUF_H
#define DOSSIER_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
  char *data;      /* NUL-terminated once anything was added; NULL while empty */
  size_t length;   /* bytes before the NUL */
  size_t capacity; /* bytes allocated */
  int failed;      /* an allocation failed: the content is incomplete */
} dossier_buf;

#define DOSSIER_BUF_INIT {NULL, 0, 0, 0}

/* Appends `n` bytes of `s` (which may hold NULs; s may be NULL when n is 0). */
void dossier_buf_add(dossier_buf *b, const char *s, size_t n);

/* Appends the NUL-terminated string `s`; NULL appends nothing. */
void dossier_buf_adds(dossier_buf *b, const char *s);

/* Appends printf-formatted text. */
void dossier_buf_addf(dossier_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* dossier_buf_addf with a va_list. */
void dossier_buf_addv(dossier_buf *b, const char *fmt, va_list args)
    __attribute__((format(printf, 2, 0)));

/* Makes sure at least `n` more bytes (plus the NUL) fit without a reallocation;
 * 0, or -1 (and the buffer failed) when memory runs out. */
int dossier_buf_reserve(dossier_buf *b, size_t n);

/* Cuts the content back to its first `length` bytes (a larger length is
 * ignored). */
void dossier_buf_truncate(dossier_buf *b, size_t length);

/* Returns 1 when every append so far succeeded, else 0. */
int dossier_buf_ok(const dossier_buf *b);

/* The content as a string: never NULL ("" while empty); owned by the buffer. */
const char *dossier_buf_str(const dossier_buf *b);

/* Hands the content over to the caller (free it), leaving the buffer empty.
 * Returns "" as a new string when empty, NULL when the buffer failed (its
 * content is then freed) or that copy cannot be made. */
char *dossier_buf_take(dossier_buf *b);

/* Frees the content and leaves the buffer empty and usable. */
void dossier_buf_free(dossier_buf *b);

#endif
