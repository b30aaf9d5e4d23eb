/* batch_worker.h: the worker processes of `dossier batch`. Each worker is a
 * fork of the batch with its own pipeline (so its own gnuplot); it reads item
 * numbers from its task pipe, renders them one at a time and writes one result
 * record per item to its result pipe. The parent hands out the next item only
 * when a worker is idle, so slow datasets do not hold up the rest, and it
 * always knows which item a dead worker was rendering. */
#ifndef DOSSIER_BATCH_WORKER_H
#define DOSSIER_BATCH_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cli/batch/inputs.h"
#include "base/diag.h"

/* Test hook, honoured only in batch workers (docs/batch.md): "NAME" makes the
 * worker SIGKILL itself before rendering the item named NAME; "NAME@MS"
 * lets SIGALRM end it MS milliseconds into that render, i.e. mid-write. */
#define DOSSIER_BATCH_CRASH_ENV "DOSSIER_BATCH_TEST_CRASH_ON"

typedef struct {
  pid_t pid;     /* 0 when the slot holds no process */
  int task_fd;   /* parent -> worker, -1 once closed (the worker then exits) */
  int result_fd; /* worker -> parent, -1 once closed */
  long item;     /* index of the item being rendered, -1 when idle */
  double started;
} dossier_batch_worker;

/* What every worker renders with, and where it records stamps. */
typedef struct {
  const dossier_batch_list *list;
  const char *template_name, *style_name, *units_dir;
  const char *outdir;
  const char *tmpdir; /* the workers' TMPDIR (cli/batch/run_files.h), NULL: inherited */
} dossier_batch_job;

/* One finished item, as sent back by a worker. */
typedef struct {
  uint32_t index;
  int32_t status;  /* a dossier_status */
  int32_t pages;
  int32_t setup_failed; /* 1: the pipeline could not be built (template, style, gnuplot) */
  int64_t us; /* wall time of the render in microseconds */
  int64_t peak_kib;         /* VmHWM of the worker */
  int64_t helpers_peak_kib; /* summed VmHWM of its child processes (gnuplot) */
  uint32_t error_length; /* bytes of error (or, on success, warning) text that follow */
  uint32_t spare;
} dossier_batch_result;

/* The longest error text a result carries (longer ones are cut, marked "…"),
 * so that a record fits one atomic pipe write. */
#define DOSSIER_BATCH_ERROR_MAX 3800

/* Forks a worker into the empty slot pool[self]. The child closes every
 * other slot's pipes, catches SIGINT, SIGTERM, SIGHUP (unless ignored) and
 * SIGPIPE (its parent is gone) with base/cleanup.h's handler, so a signal
 * does not leave its temporaries, builds its pipeline and serves items until
 * its task pipe closes; it never returns. Returns 0 in the parent, or -1 (errno set,
 * slot left empty) when the pipes or the fork fail. */
int dossier_batch_worker_start(dossier_batch_worker *pool, size_t pool_size, size_t self,
                               const dossier_batch_job *job);

/* Hands item `index` to an idle worker. Returns 0, or -1 when the worker is
 * gone (its result pipe will then report end of file). */
int dossier_batch_worker_send(dossier_batch_worker *w, size_t index, double now);

/* Reads one result record after poll() reported the result pipe readable.
 * Returns 1 with *result and `error` (NUL-terminated, `size` >=
 * DOSSIER_BATCH_ERROR_MAX + 1) filled, or 0 when the worker has ended (end of
 * file or a cut record). */
int dossier_batch_worker_receive(dossier_batch_worker *w, dossier_batch_result *result,
                                 char *error, size_t size);

/* Closes the task pipe so an idle worker finishes and exits. */
void dossier_batch_worker_stop(dossier_batch_worker *w);

/* Closes the worker's pipes, waits for it and empties the slot. Returns the
 * signal that ended it, or 0 when it exited (*exit_code then holds its exit
 * status). */
int dossier_batch_worker_reap(dossier_batch_worker *w, int *exit_code);

#endif
