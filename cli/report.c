/* report.c: usage errors, failures and the end of stdout (report.h). */
#include "cli/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/exit_codes.h"

int dossier_cli_usage_error(const char *prefix, const char *usage, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: ", prefix);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fputs(usage, stderr);
  return 64;
}

int dossier_cli_fail(const char *prefix, const dossier_diag *diag, dossier_status status) {
  char lead[64];
  snprintf(lead, sizeof lead, "%s: ", prefix);
  dossier_diag_print(diag, stderr, lead);
  if (dossier_diag_count(diag) == 0) fprintf(stderr, "%s%s\n", lead, dossier_status_message(status));
  return dossier_cli_exit_code(status);
}

int dossier_cli_close_stdout(void) {
  int failed = ferror(stdout);
  errno = 0;
  if (fclose(stdout) != 0 || failed) {
    int e = errno;
    fprintf(stderr, "dossier: cannot write the output: %s\n", e ? strerror(e) : "write error");
    return 74;
  }
  return 0;
}
