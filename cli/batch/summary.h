/* batch_summary.h: the record of a batch run, OUTDIR/summary.json and
 * OUTDIR/summary.csv (docs/batch.md gives their columns and fields). */
#ifndef DOSSIER_BATCH_SUMMARY_H
#define DOSSIER_BATCH_SUMMARY_H

#include <cjson/cJSON.h>

#include "cli/batch/inputs.h"
#include "base/diag.h"

/* What the run was, beside its items. */
typedef struct {
  const char *template_name, *style_name, *units_dir; /* NULL = default / none */
  size_t shard_k, shard_n;                            /* 0/0 when not sharded */
  int workers;
  long wall_ms;
  int exit_status;
} dossier_batch_run_info;

/* Counts the items in each state. */
void dossier_batch_count(const dossier_batch_list *list, size_t *ok, size_t *skipped,
                         size_t *failed);

/* The lowercase name of a state: "ok", "skipped", "failed" (or "pending"). */
const char *dossier_batch_state_name(dossier_batch_state state);

/* Returns a new cJSON tree of the run (cJSON_Delete), or NULL when out of
 * memory. */
cJSON *dossier_batch_summary_json(const dossier_batch_list *list,
                                  const dossier_batch_run_info *info);

/* Returns the CSV text of the items (RFC 4180: a header line, CRLF line ends,
 * fields quoted when they hold a comma, quote, CR or LF, quotes doubled), a
 * new string (free), or NULL when out of memory. */
char *dossier_batch_summary_csv(const dossier_batch_list *list);

/* Writes both files atomically as `outdir`/`stem`.json and .csv. Errors
 * (DOSSIER_ERR_NOMEM, _CANTCREAT, _IO) are in diag; a file that could not be
 * written keeps its previous content. */
dossier_status dossier_batch_summary_write(const char *outdir, const char *stem,
                                           const dossier_batch_list *list,
                                           const dossier_batch_run_info *info,
                                           dossier_diag *diag);

#endif
