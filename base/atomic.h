/* atomic.h: writing a file so that no reader ever sees half of it and no
 * failure ever costs the file it replaces — the one way dossier writes every
 * output (PDFs, batch stamps and summaries).
 *
 * The bytes go to a temporary "<name>.tmp-<pid>-XXXXXX", where <name> is the
 * target's file name (made with mkstemp: O_EXCL, a name nobody can predict or
 * plant), which is flushed to disk and renamed over the target only when
 * complete. The temporary is made in the target's folder, or in the
 * process's temporary folder when one is set (dossier_atomic_set_folder: a
 * batch run keeps its temporaries in a private folder of its own). A
 * replaced file keeps its permission bits. The output must be absent or a
 * writable regular file: a symbolic link, a folder, a device, FIFO or socket,
 * or a read-only file (a signed PDF) is refused before anything is written.
 * While it exists the temporary is registered with base/cleanup.h, so a
 * SIGINT, SIGTERM or SIGHUP does not leave it behind. Temporaries of a process
 * that no longer exists (a killed run) can be found and removed by their
 * name; nothing else ever is. */
#ifndef DOSSIER_BASE_ATOMIC_H
#define DOSSIER_BASE_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "base/diag.h"

typedef struct {
  int fd;     /* the temporary, -1 when none is open */
  char *tmp;  /* its path */
  char *path; /* the target */
  mode_t mode;
  int cleanup; /* the temporary's registration (base/cleanup.h), -1 none */
} dossier_atomic;

/* Checks that `path` may be replaced (see above). On success *mode (may be
 * NULL) is the permission bits for the new file: those of the file it
 * replaces, else 0666 less the umask. Errors: DOSSIER_ERR_CANTCREAT "the
 * output is a symbolic link; …; nothing was written" naming the path. */
dossier_status dossier_atomic_check(const char *path, mode_t *mode, dossier_diag *diag);

/* Checks `path` and creates its temporary. On success `a` is open (finish it
 * with dossier_atomic_commit or dossier_atomic_abort). Errors:
 * DOSSIER_ERR_CANTCREAT (refused, or the temporary cannot be made),
 * DOSSIER_ERR_NOMEM; `a` is then closed. */
dossier_status dossier_atomic_open(dossier_atomic *a, const char *path, dossier_diag *diag);

/* Appends `n` bytes (write) or `count` pieces (writev) to the temporary.
 * Errors: DOSSIER_ERR_IO "cannot write: …" naming the target; the caller then
 * aborts. */
dossier_status dossier_atomic_write(dossier_atomic *a, const void *data, size_t n,
                                    dossier_diag *diag);
dossier_status dossier_atomic_writev(dossier_atomic *a, const struct iovec *pieces, size_t count,
                                     dossier_diag *diag);

/* Gives the temporary its mode, flushes it to disk, checks the target again
 * (it may have become a link meanwhile) and renames the temporary over it.
 * On failure the temporary is removed and the target untouched. Either way
 * `a` is closed afterwards. Errors: DOSSIER_ERR_IO, DOSSIER_ERR_CANTCREAT. */
dossier_status dossier_atomic_commit(dossier_atomic *a, dossier_diag *diag);

/* Closes and removes the temporary; the target is untouched. Closed `a`: no-op. */
void dossier_atomic_abort(dossier_atomic *a);

/* open + write + commit of `n` bytes of `data`. */
dossier_status dossier_atomic_write_file(const char *path, const void *data, size_t n,
                                         dossier_diag *diag);

/* Whether the file name `name` (no folder) is a temporary of this module:
 * "<base>.tmp-<pid>-XXXXXX" with a non-empty base, 1-9 digits of pid and six
 * characters. Returns 1 and sets *base_length and *pid, else 0. */
int dossier_atomic_parse_temporary(const char *name, size_t *base_length, long *pid);

/* Removes from folder `dir` the temporaries whose process is gone and whose
 * base name (the target's file name) `wanted(base, base_length, ctx)` accepts
 * (NULL: every base). A temporary of a live process is kept. Returns how many
 * were removed; failures only leave a stale file. */
size_t dossier_atomic_remove_stale(const char *dir,
                                   int (*wanted)(const char *base, size_t base_length,
                                                 const void *ctx),
                                   const void *ctx);

/* Sets where temporaries are made from now on, for the whole process (and
 * the children it forks): NULL, the default, beside their target; else in
 * folder `dir` for every target on the same file system as `dir` (rename
 * cannot cross file systems: a target elsewhere keeps its temporary beside
 * it). Set it while no writer is open. Errors: DOSSIER_ERR_CANTCREAT naming
 * `dir` when it is not a folder, DOSSIER_ERR_NOMEM; the setting is then
 * unchanged. */
dossier_status dossier_atomic_set_folder(const char *dir, dossier_diag *diag);

/* Makes a new private folder "<parent>/<prefix>XXXXXX" for temporaries
 * (mkdtemp: mode 0700, a name nobody can predict) and returns its path in
 * *out (the caller frees it). Errors: DOSSIER_ERR_CANTCREAT naming the
 * parent, DOSSIER_ERR_NOMEM. */
dossier_status dossier_atomic_folder_new(char **out, const char *parent, const char *prefix,
                                         dossier_diag *diag);

/* Removes a folder of temporaries once none of its writers is at work: every
 * temporary of this module in it, whatever process made it, then the folder.
 * Anything else in it (a subfolder, a file of another name) is left, and so
 * is the folder. Returns 0 when the folder is gone (or was never there), else
 * -1. */
int dossier_atomic_folder_remove(const char *dir);

#endif
