/* report.h: how every command of the program tells the user what went wrong
 * — one usage error printer and one failure printer for all of them. */
#ifndef DOSSIER_CLI_REPORT_H
#define DOSSIER_CLI_REPORT_H

#include "dossier.h"

/* Prints "<prefix>: <message>" and then `usage` on stderr and returns 64.
 * `prefix` is "dossier" or "dossier batch". */
int dossier_cli_usage_error(const char *prefix, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints every message of `diag` on stderr behind "<prefix>: " (or the
 * status's own message when the diag holds none) and returns the exit code
 * of `status`. */
int dossier_cli_fail(const char *prefix, const dossier_diag *diag, dossier_status status);

/* Flushes and closes stdout; returns 0, or 74 after saying on stderr that the
 * output was lost (a full disk, a closed pipe): what a command printed is its
 * result, so a lost write is a failure, never a success. */
int dossier_cli_close_stdout(void);

#endif
