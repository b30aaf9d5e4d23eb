/* diag.h: located diagnostics, the library's side of dossier.h's diag.
 *
 * Functions that can fail return a dossier_status (dossier.h) and put the
 * details in a dossier_diag passed in by the caller (never a global). A diag
 * collects every problem found, so `dossier check` can list them all at once.
 * Each message carries its place: "FILE:LINE:COL: PATH: what is wrong", where
 * LINE:COL and PATH are left out when unknown. Lower layers add their message
 * once; callers pass the status up and do not reword it. The public half
 * (new, free, count, message, status, print, clear) is declared in dossier.h;
 * this header adds what the library's modules use to record problems. */
#ifndef DOSSIER_BASE_DIAG_H
#define DOSSIER_BASE_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "dossier.h"

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

/* Records "out of memory" (DOSSIER_ERR_NOMEM, no place) and returns it. */
dossier_status dossier_diag_nomem(dossier_diag *diag);

#endif
