/* jsonout.h: building the figures tree without checking every cJSON call.
 *
 * Each helper adds one member to `parent` (an object, with `key`) or one
 * element (an array, key NULL). A failed allocation, or a NULL parent left by
 * an earlier failure, sets out->failed; the builder checks it once at the end.
 * A number that is not available or not finite becomes JSON null: NaN and Inf
 * never reach the tree. Internal to stats/. */
#ifndef DOSSIER_JSONOUT_H
#define DOSSIER_JSONOUT_H

#include <cjson/cJSON.h>

#include "stats/exact.h"

typedef struct {
  int failed;   /* an allocation failed */
  int overflow; /* an exact figure could not be held (stats/exact.h) */
} dossier_jsonout;

/* Adds `item` (taking ownership; NULL sets failed) and returns it. */
cJSON *dossier_jsonout_add(dossier_jsonout *out, cJSON *parent, const char *key, cJSON *item);
cJSON *dossier_jsonout_object(dossier_jsonout *out, cJSON *parent, const char *key);
cJSON *dossier_jsonout_array(dossier_jsonout *out, cJSON *parent, const char *key);
/* Adds `value` when `available` and finite, else null. */
void dossier_jsonout_number(dossier_jsonout *out, cJSON *parent, const char *key, int available,
                            double value);
/* Adds the exact figure `value` when `available`, else null (exact.h: the
 * node's double and its exact text). */
void dossier_jsonout_exact(dossier_jsonout *out, cJSON *parent, const char *key, int available,
                           dossier_exact value);
void dossier_jsonout_string(dossier_jsonout *out, cJSON *parent, const char *key, const char *s);
void dossier_jsonout_bool(dossier_jsonout *out, cJSON *parent, const char *key, int value);
void dossier_jsonout_null(dossier_jsonout *out, cJSON *parent, const char *key);
/* Adds an object member named by a year ("2016"). */
cJSON *dossier_jsonout_year_object(dossier_jsonout *out, cJSON *parent, int year);
void dossier_jsonout_year_exact(dossier_jsonout *out, cJSON *parent, int year,
                                dossier_exact value);

#endif
