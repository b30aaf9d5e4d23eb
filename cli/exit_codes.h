/* exit_codes.h: the process exit status of each dossier_status (sysexits.h),
 * the program's side of the library's statuses. */
#ifndef DOSSIER_CLI_EXIT_CODES_H
#define DOSSIER_CLI_EXIT_CODES_H

#include "dossier.h"

/* Returns the exit status for `status`: 0 for DOSSIER_OK, 64 bad usage, 65
 * invalid data, 66 input missing, 69 unavailable, 70 internal (also any
 * unknown status), 71 out of memory, 73 cannot create, 74 I/O, 75 timed out. */
int dossier_cli_exit_code(dossier_status status);

#endif
