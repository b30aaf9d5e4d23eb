/* batch.h: `dossier batch` — many datasets to many PDFs with worker processes,
 * resumably (docs/batch.md). */
#ifndef DOSSIER_BATCH_H
#define DOSSIER_BATCH_H

/* Runs `dossier batch` with argv[0] = "batch". Returns the process exit
 * status: 0 when every item was rendered or up to date, 65 when a dataset was
 * invalid, otherwise the exit code of the first failure (docs/batch.md). Never
 * exits itself; prints progress and errors on stderr. */
int dossier_batch_main(int argc, char **argv);

#endif
