/* diag.h: statuses and located diagnostics, shared by every module of dossier.
 *
 * Functions that can fail return a dossier_status and put the details in a
 * dossier_diag passed in by the caller (never a global). A diag collects every
 * problem found, so `dossier check` can list them all at once. Each message
 * carries its place: "FILE:LINE:COL: PATH: what is wrong", where LINE:COL and
 * PATH are left out when unknown. Lower layers add their message once; callers
 * pass the status up and do not reword it. */
#ifndef DOSSIER_DIAG_H
#define DOSSIER_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Append-only: values are stable, new ones go at the end (before the count). */
typedef enum {
  DOSSIER_OK = 0,
  DOSSIER_ERR_USAGE,       /* bad command line (exit 64) */
  DOSSIER_ERR_DATA,        /* invalid dataset or template (exit 65) */
  DOSSIER_ERR_NOINPUT,     /* input file missing or unreadable (exit 66) */
  DOSSIER_ERR_UNAVAILABLE, /* a needed program or font is missing (exit 69) */
  DOSSIER_ERR_SOFTWARE,    /* internal error, a bug (exit 70) */
  DOSSIER_ERR_NOMEM,       /* out of memory (exit 71) */
  DOSSIER_ERR_CANTCREAT,   /* output cannot be created (exit 73) */
  DOSSIER_ERR_IO,          /* read or write failed (exit 74) */
  DOSSIER_ERR_TIMEOUT,     /* a helper process did not answer in time (exit 75) */
  DOSSIER_STATUS_COUNT
} dossier_status;

/* Returns a short English description of a status; never NULL. */
const char *dossier_status_message(dossier_status status);

/* Returns the sysexits.h-style process exit code for a status (0 for OK). */
int dossier_status_exit_code(dossier_status status);

typedef struct dossier_diag dossier_diag;

/* Returns a new, empty diagnostics list, or NULL when out of memory.
 * Free with dossier_diag_free. */
dossier_diag *dossier_diag_new(void);

/* Frees a diagnostics list and its messages; NULL is a no-op. */
void dossier_diag_free(dossier_diag *diag);

/* Records one problem and returns `status` (so callers can `return
 * dossier_diag_add(...)`). `file` may be NULL; `line`/`col` 0 mean unknown;
 * `path` (a JSON path such as "indicators.admissions.series.2018") may be NULL.
 * The message is printf-formatted. If `diag` is NULL the problem is dropped. If
 * memory runs out the message is lost but the status is still counted. */
dossier_status dossier_diag_add(dossier_diag *diag, dossier_status status, const char *file,
                                int line, int col, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* dossier_diag_add with a va_list, for callers that wrap it in their own
 * printf-like function. */
dossier_status dossier_diag_addv(dossier_diag *diag, dossier_status status, const char *file,
                                 int line, int col, const char *path, const char *fmt,
                                 va_list args) __attribute__((format(printf, 7, 0)));

/* Number of problems recorded. */
size_t dossier_diag_count(const dossier_diag *diag);

/* Returns the i-th formatted message ("FILE:LINE:COL: PATH: text"), owned by
 * the diag, or NULL when i is out of range. */
const char *dossier_diag_message(const dossier_diag *diag, size_t i);

/* Returns the status of the first problem recorded, or DOSSIER_OK if none. */
dossier_status dossier_diag_status(const dossier_diag *diag);

/* Writes every message, one per line, prefixed with `prefix` ("dossier: ") when
 * it is not NULL. */
void dossier_diag_print(const dossier_diag *diag, FILE *out, const char *prefix);

/* Forgets every recorded problem, keeping the diag usable. */
void dossier_diag_clear(dossier_diag *diag);

#endif
