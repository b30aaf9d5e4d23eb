/* dataset.h: loading and validating a dataset (../docs/dataset.md, contract
 * "dossier-dataset/1").
 *
 * A dataset is parsed with cJSON and validated completely: every problem is
 * added to the diag with its place (FILE:LINE:COL and the JSON path), so a clerk
 * sees all the mistakes of a file at once. Unknown fields are allowed and kept. */
#ifndef DOSSIER_DATASET_H
#define DOSSIER_DATASET_H

#include "base/limits.h"
#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/diag.h"

typedef struct dossier_dataset dossier_dataset;

/* The longest period a dataset may cover, in years (docs/figures.md, rule 7;
 * base/limits.h): a longer one is refused with its place, so every table and
 * chart can show every year of a dataset, never a cut. */
#define DOSSIER_MAX_YEARS DOSSIER_LIMIT_YEARS

/* Reads and validates the dataset at `path`. On success *out is a new dataset
 * (free with dossier_dataset_free) and DOSSIER_OK is returned. On failure *out
 * is NULL and the status is DOSSIER_ERR_NOINPUT (cannot read the file),
 * DOSSIER_ERR_DATA (malformed or invalid: every problem is in diag) or
 * DOSSIER_ERR_NOMEM. */
dossier_status dossier_dataset_load(dossier_dataset **out, const char *path, dossier_diag *diag);

/* Same as dossier_dataset_load, from `length` bytes of `text`; `name` is the
 * file name used in messages. */
dossier_status dossier_dataset_parse(dossier_dataset **out, const char *name, const char *text,
                                     size_t length, dossier_diag *diag);

/* Frees a dataset; NULL is a no-op. */
void dossier_dataset_free(dossier_dataset *dataset);

/* Returns the file name the dataset was read from (as given), never NULL. */
const char *dossier_dataset_name(const dossier_dataset *dataset);

/* Loads the dataset of one unit (a base organisation) from its own file at
 * `path` and appends it to `committee` as a unit named after its
 * organization.name, so a folder of units can be rolled up. The unit file is
 * validated like any dataset; besides, its indicators shared with the committee
 * must have the same kind and its years must lie in the committee's period.
 * Returns DOSSIER_OK, or the load's status (DOSSIER_ERR_NOINPUT, _DATA, _NOMEM)
 * with the committee unchanged. The committee owns the unit from then on. */
dossier_status dossier_dataset_add_unit_file(dossier_dataset *committee, const char *path,
                                             dossier_diag *diag);

/* Returns the dataset's JSON tree as read, unknown fields included (owned by
 * the dataset), or NULL for NULL. */
const cJSON *dossier_dataset_json(const dossier_dataset *dataset);

/* Number of units: inline ones plus those added from files. */
size_t dossier_dataset_unit_count(const dossier_dataset *dataset);

#endif
