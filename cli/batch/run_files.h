/* run_files.h: what a batch run keeps for itself while it runs, beside the
 * PDFs, their stamps and the summaries — its lock and its private folders.
 *
 * They are named after the run's summary stem S ("summary", or
 * "summary-K-of-N" for a shard), so shards sharing OUTDIR never touch each
 * other's, and no item can produce their names (an item writes NAME.pdf in
 * OUTDIR and NAME in OUTDIR/.dossier-stamps, whatever NAME is):
 * - OUTDIR/S.lock: an empty file kept between runs, flock'ed while a run
 *   lasts (its workers inherit the lock).
 * - OUTDIR/.S.tmp-XXXXXX: a folder of mode 0700 (mkdtemp) holding every
 *   temporary of the run's outputs (base/atomic.h), removed at its end; one
 *   left by a killed run is removed by the next run of S.
 * - $TMPDIR/dossier-batch-XXXXXX (/tmp when TMPDIR is not an absolute path):
 *   a folder of mode 0700 that the workers take for their TMPDIR, so the chart
 *   folders of a worker killed by SIGKILL (an out-of-memory kill) are removed
 *   with it at the end of the run. */
#ifndef DOSSIER_BATCH_RUN_FILES_H
#define DOSSIER_BATCH_RUN_FILES_H

#include "base/diag.h"

/* Takes the lock of the run of stem `stem` over `outdir`. Returns the lock's
 * descriptor (kept open until the run ends), or -1 with, in diag,
 * DOSSIER_ERR_TIMEOUT "another dossier batch is writing this folder" when
 * another run holds it, or DOSSIER_ERR_CANTCREAT naming the lock when it is
 * not a regular file (a symbolic link is never followed) or cannot be
 * opened. */
int dossier_batch_lock(const char *outdir, const char *stem, dossier_diag *diag);

/* Removes the private folders of stem `stem` that killed runs left in
 * `outdir` (call it holding the lock, which proves those runs are over: only
 * their temporaries are removed, and a folder holding anything else is
 * kept), then makes the run's own. On success *out is its path (free it).
 * Errors: DOSSIER_ERR_CANTCREAT, DOSSIER_ERR_NOMEM. */
dossier_status dossier_batch_private_folder(char **out, const char *outdir, const char *stem,
                                            dossier_diag *diag);

/* Makes the workers' TMPDIR (see above); *out is its path (free it). Errors:
 * DOSSIER_ERR_CANTCREAT, DOSSIER_ERR_NOMEM. */
dossier_status dossier_batch_worker_tmpdir(char **out, dossier_diag *diag);

/* Removes the workers' TMPDIR `dir` and what killed workers left in it: the
 * files in its subfolders, the subfolders, then `dir` (no link is followed).
 * Returns 0 when it is gone, else -1 (something is still in it). */
int dossier_batch_worker_tmpdir_remove(const char *dir);

#endif
