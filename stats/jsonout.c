#include "stats/jsonout.h"

#include <math.h>
#include <stdio.h>

cJSON *dossier_jsonout_add(dossier_jsonout *out, cJSON *parent, const char *key, cJSON *item) {
  if (!item || !parent) {
    cJSON_Delete(item);
    out->failed = 1;
    return NULL;
  }
  cJSON_bool ok = key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item);
  if (!ok) {
    cJSON_Delete(item);
    out->failed = 1;
    return NULL;
  }
  return item;
}

cJSON *dossier_jsonout_object(dossier_jsonout *out, cJSON *parent, const char *key) {
  return dossier_jsonout_add(out, parent, key, cJSON_CreateObject());
}

cJSON *dossier_jsonout_array(dossier_jsonout *out, cJSON *parent, const char *key) {
  return dossier_jsonout_add(out, parent, key, cJSON_CreateArray());
}

void dossier_jsonout_number(dossier_jsonout *out, cJSON *parent, const char *key, int available,
                            double value) {
  dossier_jsonout_add(out, parent, key,
                      available && isfinite(value) ? cJSON_CreateNumber(value) : cJSON_CreateNull());
}

void dossier_jsonout_exact(dossier_jsonout *out, cJSON *parent, const char *key, int available,
                           dossier_exact value) {
  dossier_jsonout_add(out, parent, key, available ? dossier_exact_node(value) : cJSON_CreateNull());
}

void dossier_jsonout_string(dossier_jsonout *out, cJSON *parent, const char *key, const char *s) {
  dossier_jsonout_add(out, parent, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

void dossier_jsonout_bool(dossier_jsonout *out, cJSON *parent, const char *key, int value) {
  dossier_jsonout_add(out, parent, key, cJSON_CreateBool(value != 0));
}

void dossier_jsonout_null(dossier_jsonout *out, cJSON *parent, const char *key) {
  dossier_jsonout_add(out, parent, key, cJSON_CreateNull());
}

cJSON *dossier_jsonout_year_object(dossier_jsonout *out, cJSON *parent, int year) {
  char key[16];
  snprintf(key, sizeof key, "%d", year);
  return dossier_jsonout_object(out, parent, key);
}

void dossier_jsonout_year_exact(dossier_jsonout *out, cJSON *parent, int year,
                                dossier_exact value) {
  char key[16];
  snprintf(key, sizeof key, "%d", year);
  dossier_jsonout_exact(out, parent, key, 1, value);
}
