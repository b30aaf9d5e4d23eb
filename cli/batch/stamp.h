/* batch_stamp.h: what makes `dossier batch` resumable — a fingerprint of
 * everything a PDF depends on, stamp files recording the fingerprint of each
 * PDF made, and the removal of temporary files a killed run left behind.
 *
 * A stamp lives in OUTDIR/.dossier-stamps/NAME and holds one line
 * "dossier-stamp/1 <16 hex digits> <pages>". It is written (atomically) only
 * after the PDF is in place, so a stamp never vouches for a missing or partial
 * PDF. The folder holds nothing but stamps and their temporaries (the run's
 * lock is elsewhere, cli/batch/run_files.h), so an item, whatever its name,
 * can only ever replace its own stamp. */
#ifndef DOSSIER_BATCH_STAMP_H
#define DOSSIER_BATCH_STAMP_H

#include <stddef.h>
#include <stdint.h>

#include "cli/batch/inputs.h"
#include "base/diag.h"

#define DOSSIER_BATCH_STAMP_DIR ".dossier-stamps"
#define DOSSIER_BATCH_FNV_OFFSET UINT64_C(0xcbf29ce484222325)

/* FNV-1a 64 of `n` bytes, continuing from `h` (start from
 * DOSSIER_BATCH_FNV_OFFSET). Not a cryptographic hash: it detects edits, not
 * forgeries. */
uint64_t dossier_batch_fnv1a(uint64_t h, const void *data, size_t n);

/* Mixes the file at `path` (its name, length and bytes) into *h. Returns 0,
 * or -1 when it cannot be read (*h is then left unchanged). */
int dossier_batch_hash_file(uint64_t *h, const char *path);

/* The fingerprint shared by every item of a run: the program version, the
 * bytes of the template and style (a stock name is looked up the way the
 * pipeline does; a name that resolves to no file is hashed as text, and the
 * pipeline will report it), the font files the style names in font.files, and
 * the units folder's name. */
uint64_t dossier_batch_config_hash(const char *template_name, const char *style_name,
                                   const char *units_dir);

/* The fingerprint of one item: `config` and the dataset's bytes, and the bytes
 * of every *.json in `units_dir` when not NULL. Returns 0, or -1 when an input
 * cannot be read (such an item is always rendered, so the render reports the
 * problem). */
int dossier_batch_item_hash(uint64_t *out, uint64_t config, const char *dataset_path,
                            const char *units_dir);

/* Makes the stamp folder OUTDIR/.dossier-stamps if it is missing, and refuses
 * one that is a symbolic link or not a folder: stamps named after items must
 * never be written where a link points. Errors: DOSSIER_ERR_CANTCREAT naming
 * the folder, DOSSIER_ERR_NOMEM. */
dossier_status dossier_batch_stamp_folder(const char *outdir, dossier_diag *diag);

/* Reads the stamp of NAME in `outdir`. Returns 0 and sets *hash and *pages, or
 * -1 when there is no valid stamp. */
int dossier_batch_stamp_read(const char *outdir, const char *name, uint64_t *hash, int *pages);

/* Writes the stamp of NAME atomically, creating the stamp folder. Returns
 * DOSSIER_OK or DOSSIER_ERR_CANTCREAT/IO (in diag); on failure the old stamp,
 * if any, is left, and it cannot match a newer fingerprint. */
dossier_status dossier_batch_stamp_write(const char *outdir, const char *name, uint64_t hash,
                                         int pages, dossier_diag *diag);

/* Removes the stamp of NAME (a missing stamp is fine). */
void dossier_batch_stamp_remove(const char *outdir, const char *name);

/* Removes what a killed run left for item NAME: its temporaries (see
 * base/atomic.h) beside OUTDIR/NAME.pdf and beside its stamp, those of a
 * process that no longer exists only. Only NAME's files are touched, so
 * shards sharing OUTDIR do not disturb each other; a user's NAME.pdf.sig or
 * .bak is never touched. Returns the number of files removed. */
size_t dossier_batch_clean_temps(const char *outdir, const char *name);

/* The same for every item of `list` (sorted by name, as
 * dossier_batch_list_finish leaves it), in one pass over `outdir` and the
 * stamp folder — at the start of a run of tens of thousands of items, one scan
 * instead of one per item. Returns the number of files removed. */
size_t dossier_batch_clean_list_temps(const char *outdir, const dossier_batch_list *list);

#endif
