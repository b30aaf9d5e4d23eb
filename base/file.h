/* file.h: reading whole files and listing folders — the one place dossier
 * does either. */
#ifndef DOSSIER_BASE_FILE_H
#define DOSSIER_BASE_FILE_H

#include <stddef.h>

#include "base/diag.h"

/* Reads the whole file at `path` into a new buffer *out (malloc'ed, caller
 * frees) of *length bytes, followed by a NUL that *length does not count.
 * Only a regular file is read (a folder, a device such as /dev/zero, a FIFO
 * is refused before anything is read; a symbolic link to a file is a file).
 * `max_bytes` (0: no limit) bounds what is read: a longer file is refused.
 * Returns 0, or -1 with errno set (what open or read said; EINVAL: not a
 * regular file; EFBIG: longer than max_bytes; ENOMEM) and *out NULL. For
 * callers that word their own message. */
int dossier_file_read_raw(char **out, size_t *length, const char *path, size_t max_bytes);

/* dossier_file_read_raw with the message in diag, located at `path`; `what`
 * names what the file holds ("a dataset", "a template"): DOSSIER_ERR_NOINPUT
 * "cannot open: …" or "not a regular file (…): a dataset is read from a file",
 * DOSSIER_ERR_DATA "larger than the 64 MiB a dataset may be
 * (docs/limits.md)", DOSSIER_ERR_NOMEM. */
dossier_status dossier_file_read(char **out, size_t *length, const char *path, size_t max_bytes,
                                 const char *what, dossier_diag *diag);

/* Lists the files of folder `dir` whose names end in `suffix` (".json") and
 * do not start with a dot, as "dir/name" paths sorted by name (byte order), so
 * what is read from a folder does not depend on the file system's order.
 * On success *paths is a new array of *count new strings (free with
 * dossier_file_list_free) and 0 is returned; -1 with errno set when the
 * folder cannot be read or memory runs out (*paths NULL, *count 0). */
int dossier_file_list(char ***paths, size_t *count, const char *dir, const char *suffix);

/* Frees what dossier_file_list returned; NULL is a no-op. */
void dossier_file_list_free(char **paths, size_t count);

/* Creates folder `dir` and its missing parents (mode 0777 less the umask).
 * Returns 0 when it exists as a folder afterwards, or -1 with errno set. */
int dossier_mkdirs(const char *dir);

#endif
