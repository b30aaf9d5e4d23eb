/* datadir.h: where dossier finds its own data files (stock templates and
 * styles), and the one rule that tells a stock name from a path.
 *
 * Data folders, in order: $DOSSIER_DATA_DIR; the folder beside the program,
 * <program's folder>/../share/dossier as installed (or <program's
 * folder>/share/dossier, which the build tree provides); the data folder
 * configured at build time (CMAKE_INSTALL_FULL_DATADIR/dossier). No path of the
 * build machine's source tree is compiled in. */
#ifndef DOSSIER_BASE_DATADIR_H
#define DOSSIER_BASE_DATADIR_H

#include <stddef.h>

/* What is being looked up: a template (stock name NAME is templates/NAME.md,
 * a name ending in ".md" is a path) or a style (stock name NAME is
 * templates/NAME.style.json, a name ending in ".json" is a path). */
typedef enum { DOSSIER_DATA_TEMPLATE, DOSSIER_DATA_STYLE } dossier_data_kind;

/* Writes into buf the path of `relative` (e.g. "templates/party.style.json") in
 * the first data folder that has it. Returns 0, or -1 when no data folder has
 * the file or buf is too small (buf then holds ""). */
int dossier_data_path(char *buf, size_t size, const char *relative);

/* Whether `name` names a file rather than a stock template or style of
 * `kind`: it holds a slash or ends in the kind's file suffix (".md", ".json"). */
int dossier_data_is_path(const char *name, dossier_data_kind kind);

/* Resolves a template or style as the user named it: a path is taken as it is
 * (its existence is the reader's business), a stock name is looked up with
 * dossier_data_path. Returns 0 with the path in buf; -1 when a stock name has
 * no file in any data folder, -2 when the name or path does not fit in buf
 * (buf then holds ""). */
int dossier_data_resolve(char *buf, size_t size, const char *name, dossier_data_kind kind);

#endif
