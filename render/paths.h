/* paths.h: where dossier finds its own data files (stock templates, styles).
 *
 * Looked up in order: $DOSSIER_DATA_DIR, the source tree the program was built
 * from (so build/dossier works without installing), and the installed
 * share/dossier. */
#ifndef DOSSIER_PATHS_H
#define DOSSIER_PATHS_H

#include <stddef.h>

/* Writes into buf the path of `relative` (e.g. "templates/party.style.json") in
 * the first data directory that has it. Returns 0, or -1 when no data directory
 * has the file or buf is too small (buf then holds ""). */
int dossier_data_path(char *buf, size_t size, const char *relative);

#endif
