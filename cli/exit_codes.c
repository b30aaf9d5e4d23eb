/* exit_codes.c: statuses to exit codes (exit_codes.h). */
#include "cli/exit_codes.h"

static const int exit_codes[DOSSIER_STATUS_COUNT] = {
    [DOSSIER_OK] = 0,           [DOSSIER_ERR_USAGE] = 64,       [DOSSIER_ERR_DATA] = 65,
    [DOSSIER_ERR_NOINPUT] = 66, [DOSSIER_ERR_UNAVAILABLE] = 69, [DOSSIER_ERR_SOFTWARE] = 70,
    [DOSSIER_ERR_NOMEM] = 71,   [DOSSIER_ERR_CANTCREAT] = 73,   [DOSSIER_ERR_IO] = 74,
    [DOSSIER_ERR_TIMEOUT] = 75,
};

int dossier_cli_exit_code(dossier_status status) {
  if ((unsigned)status >= DOSSIER_STATUS_COUNT) return 70;
  return exit_codes[status];
}
