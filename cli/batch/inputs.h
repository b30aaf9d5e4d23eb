/* batch_inputs.h: the work list of `dossier batch` — datasets named on the
 * command line, found in folders or listed in manifests, sorted, checked for
 * clashing output names and cut into shards (docs/batch.md). */
#ifndef DOSSIER_BATCH_INPUTS_H
#define DOSSIER_BATCH_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

typedef enum {
  DOSSIER_BATCH_PENDING = 0,
  DOSSIER_BATCH_OK,      /* rendered in this run */
  DOSSIER_BATCH_SKIPPED, /* PDF up to date (same inputs, template, style, version) */
  DOSSIER_BATCH_FAILED,
} dossier_batch_state;

/* One dataset of the batch and, once run, its outcome. */
typedef struct {
  char *input;  /* the dataset path (manifest entries resolved against the manifest) */
  char *name;   /* output name without ".pdf": the dataset's file name minus ".json" */
  char *output; /* OUTDIR/name.pdf, set by dossier_batch_list_set_outdir */
  dossier_batch_state state;
  int pages;          /* -1 unknown */
  double ms;          /* wall time of the render in milliseconds, to 0.1 ms */
  int exit_code;      /* what `dossier render` would have exited with (0 on success) */
  int signal;         /* signal that killed the worker rendering it, 0 if none */
  long peak_kib;      /* the worker's peak resident memory after this item, 0 unknown */
  long helpers_peak_kib; /* the same for the worker's gnuplot, 0 unknown */
  char *error;        /* failure text (diag messages, one per line), NULL otherwise */
  uint64_t hash;      /* fingerprint of everything the PDF depends on */
  int hash_ok;        /* 0: some input could not be read, never skip it */
  /* the PDF found under `output` before the run (had_output 0: none), told
   * apart from one a killed worker may have just renamed into place */
  int had_output;
  unsigned long long old_ino;
  long long old_mtime_ns;
} dossier_batch_item;

typedef struct {
  dossier_batch_item *items;
  size_t count, capacity;
} dossier_batch_list;

/* Adds one command-line operand: a folder (its *.json files not starting with
 * a dot, not recursive), a manifest (a name ending in ".list" or ".manifest":
 * one dataset or folder per line, relative to the manifest's folder, blank
 * lines and lines starting with '#' ignored), or else a dataset path (whose
 * absence is left for the render to report, so it fails as one item). Errors:
 * DOSSIER_ERR_NOINPUT (folder or manifest unreadable), DOSSIER_ERR_NOMEM; on
 * error the list keeps what was added before. */
dossier_status dossier_batch_list_add(dossier_batch_list *list, const char *operand,
                                      dossier_diag *diag);

/* Sorts the list by output name (so shards and summaries do not depend on the
 * order of the operands), drops repeated mentions of the same file, and fails
 * with DOSSIER_ERR_USAGE naming both inputs when two different files would
 * write the same PDF. */
dossier_status dossier_batch_list_finish(dossier_batch_list *list, dossier_diag *diag);

/* Parses "K/N" (1 <= K <= N <= 1000000). Returns 0, or -1 if malformed. */
int dossier_batch_shard_parse(const char *text, size_t *k, size_t *n);

/* Keeps only the items of shard K of N: the i-th item (0-based, sorted order)
 * belongs to shard (i mod N) + 1. */
void dossier_batch_list_shard(dossier_batch_list *list, size_t k, size_t n);

/* Drops the items that are summaries a batch wrote into OUTDIR itself
 * (summary.json, summary-K-of-N.json: a run over its own output folder must
 * not take them for datasets) and sets every other item's output to
 * OUTDIR/name.pdf. Returns DOSSIER_ERR_NOMEM on failure (outputs then partly
 * set; free the list). */
dossier_status dossier_batch_list_set_outdir(dossier_batch_list *list, const char *outdir,
                                             dossier_diag *diag);

/* Frees the items and their strings (not the list struct); NULL is a no-op. */
void dossier_batch_list_free(dossier_batch_list *list);

#endif
