/* batch_progress.h: what `dossier batch` tells the person waiting — a bar on a
 * terminal, one line per item otherwise, only the failures with --quiet. */
#ifndef DOSSIER_BATCH_PROGRESS_H
#define DOSSIER_BATCH_PROGRESS_H

#include <stdio.h>

#include "cli/batch/inputs.h"

typedef enum {
  DOSSIER_PROGRESS_BAR,   /* redrawn in place: done/total, rate, time left, failures */
  DOSSIER_PROGRESS_LINES, /* one line per finished item */
  DOSSIER_PROGRESS_QUIET, /* failures only */
} dossier_progress_mode;

typedef struct dossier_batch_progress dossier_batch_progress;

/* Returns a new reporter writing to `out` for `total` items (of which
 * `to_render` need rendering; the rest were up to date), or NULL when out of
 * memory. Free with dossier_batch_progress_free. */
dossier_batch_progress *dossier_batch_progress_new(FILE *out, dossier_progress_mode mode,
                                                   size_t total, size_t to_render);

/* Reports one finished item (ok, skipped or failed). A failure is always
 * written, with its error text. */
void dossier_batch_progress_item(dossier_batch_progress *p, const dossier_batch_item *item);

/* Redraws the bar (rate and time left move on even when no item finishes);
 * does nothing in the other modes. Throttled to a few redraws a second. */
void dossier_batch_progress_tick(dossier_batch_progress *p);

/* Ends the report: clears the bar and writes the closing count line (except
 * with --quiet, where only failures appear). */
void dossier_batch_progress_finish(dossier_batch_progress *p, const dossier_batch_list *list,
                                   const char *summary_path, long wall_ms);

/* Frees the reporter; NULL is a no-op. */
void dossier_batch_progress_free(dossier_batch_progress *p);

#endif
