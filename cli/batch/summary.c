#include "cli/batch/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic.h"
#include "cli/batch/stamp.h"

#ifndef DOSSIER_VERSION
#define DOSSIER_VERSION "unknown"
#endif

void dossier_batch_count(const dossier_batch_list *list, size_t *ok, size_t *skipped,
                         size_t *failed) {
  *ok = *skipped = *failed = 0;
  for (size_t i = 0; i < list->count; i++) {
    switch (list->items[i].state) {
    case DOSSIER_BATCH_OK: (*ok)++; break;
    case DOSSIER_BATCH_SKIPPED: (*skipped)++; break;
    case DOSSIER_BATCH_FAILED: (*failed)++; break;
    case DOSSIER_BATCH_PENDING: break;
    }
  }
}

const char *dossier_batch_state_name(dossier_batch_state state) {
  switch (state) {
  case DOSSIER_BATCH_OK: return "ok";
  case DOSSIER_BATCH_SKIPPED: return "skipped";
  case DOSSIER_BATCH_FAILED: return "failed";
  case DOSSIER_BATCH_PENDING: break;
  }
  return "pending";
}

/* The PDF exists for rendered and up-to-date items only. */
static const char *item_output(const dossier_batch_item *item) {
  return item->state == DOSSIER_BATCH_OK || item->state == DOSSIER_BATCH_SKIPPED ? item->output
                                                                                 : NULL;
}

static cJSON *string_or_null(const char *s) {
  return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *item_json(const dossier_batch_item *item) {
  cJSON *o = cJSON_CreateObject();
  if (!o) return NULL;
  int ok = cJSON_AddItemToObject(o, "input", cJSON_CreateString(item->input)) &&
           cJSON_AddItemToObject(o, "output", string_or_null(item_output(item))) &&
           cJSON_AddStringToObject(o, "status", dossier_batch_state_name(item->state)) &&
           cJSON_AddItemToObject(o, "pages", item->pages >= 0
                                                 ? cJSON_CreateNumber(item->pages)
                                                 : cJSON_CreateNull()) &&
           cJSON_AddNumberToObject(o, "ms", item->ms) &&
           cJSON_AddItemToObject(o, "error", string_or_null(item->error)) &&
           cJSON_AddNumberToObject(o, "exit_code", item->exit_code) &&
           cJSON_AddItemToObject(o, "signal", item->signal ? cJSON_CreateNumber(item->signal)
                                                           : cJSON_CreateNull()) &&
           cJSON_AddItemToObject(o, "worker_peak_kib", item->peak_kib > 0
                                                           ? cJSON_CreateNumber((double)item->peak_kib)
                                                           : cJSON_CreateNull()) &&
           cJSON_AddItemToObject(o, "gnuplot_peak_kib",
                                 item->helpers_peak_kib > 0
                                     ? cJSON_CreateNumber((double)item->helpers_peak_kib)
                                     : cJSON_CreateNull());
  if (!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

cJSON *dossier_batch_summary_json(const dossier_batch_list *list,
                                  const dossier_batch_run_info *info) {
  size_t ok = 0, skipped = 0, failed = 0;
  dossier_batch_count(list, &ok, &skipped, &failed);
  cJSON *root = cJSON_CreateObject();
  cJSON *counts = cJSON_CreateObject();
  cJSON *items = cJSON_CreateArray();
  cJSON *shard = info->shard_n ? cJSON_CreateObject() : cJSON_CreateNull();
  if (!root || !counts || !items || !shard) goto fail;
  if (info->shard_n && (!cJSON_AddNumberToObject(shard, "index", (double)info->shard_k) ||
                        !cJSON_AddNumberToObject(shard, "count", (double)info->shard_n)))
    goto fail;
  if (!cJSON_AddNumberToObject(counts, "total", (double)list->count) ||
      !cJSON_AddNumberToObject(counts, "ok", (double)ok) ||
      !cJSON_AddNumberToObject(counts, "skipped", (double)skipped) ||
      !cJSON_AddNumberToObject(counts, "failed", (double)failed))
    goto fail;
  for (size_t i = 0; i < list->count; i++) {
    cJSON *item = item_json(&list->items[i]);
    if (!item || !cJSON_AddItemToArray(items, item)) {
      cJSON_Delete(item);
      goto fail;
    }
  }
  int added = cJSON_AddStringToObject(root, "format", "dossier-batch-summary/1") &&
              cJSON_AddStringToObject(root, "version", DOSSIER_VERSION) &&
              cJSON_AddStringToObject(root, "template",
                                      info->template_name ? info->template_name : "term-report") &&
              cJSON_AddStringToObject(root, "style", info->style_name ? info->style_name : "party") &&
              cJSON_AddItemToObject(root, "units_dir", string_or_null(info->units_dir));
  if (!added) goto fail;
  cJSON_AddItemToObject(root, "shard", shard);
  shard = NULL;
  cJSON_AddItemToObject(root, "counts", counts);
  counts = NULL;
  if (!cJSON_AddNumberToObject(root, "workers", info->workers) ||
      !cJSON_AddNumberToObject(root, "wall_ms", (double)info->wall_ms) ||
      !cJSON_AddNumberToObject(root, "exit_status", info->exit_status))
    goto fail;
  cJSON_AddItemToObject(root, "items", items);
  return root;
fail:
  cJSON_Delete(root);
  cJSON_Delete(counts);
  cJSON_Delete(items);
  cJSON_Delete(shard);
  return NULL;
}

/* A growable string; `failed` sticks once memory runs out. */
typedef struct {
  char *data;
  size_t length, capacity;
  int failed;
} text_buffer;

static void put(text_buffer *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->length + n + 1 > b->capacity) {
    size_t capacity = b->capacity ? b->capacity : 1024;
    while (capacity < b->length + n + 1) capacity *= 2;
    char *grown = realloc(b->data, capacity);
    if (!grown) {
      b->failed = 1;
      return;
    }
    b->data = grown;
    b->capacity = capacity;
  }
  memcpy(b->data + b->length, s, n);
  b->length += n;
  b->data[b->length] = '\0';
}

static void put_str(text_buffer *b, const char *s) { put(b, s, strlen(s)); }

static void put_field(text_buffer *b, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    put_str(b, s);
    return;
  }
  put(b, "\"", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      put(b, "\"\"", 2);
    else
      put(b, p, 1);
  }
  put(b, "\"", 1);
}

char *dossier_batch_summary_csv(const dossier_batch_list *list) {
  text_buffer b = {0};
  put_str(&b, "input,output,status,pages,ms,exit_code,signal,error\r\n");
  for (size_t i = 0; i < list->count; i++) {
    const dossier_batch_item *item = &list->items[i];
    char number[32];
    put_field(&b, item->input);
    put(&b, ",", 1);
    put_field(&b, item_output(item));
    put(&b, ",", 1);
    put_str(&b, dossier_batch_state_name(item->state));
    put(&b, ",", 1);
    if (item->pages >= 0) {
      snprintf(number, sizeof number, "%d", item->pages);
      put_str(&b, number);
    }
    snprintf(number, sizeof number, ",%.1f,%d,", item->ms, item->exit_code);
    put_str(&b, number);
    if (item->signal) {
      snprintf(number, sizeof number, "%d", item->signal);
      put_str(&b, number);
    }
    put(&b, ",", 1);
    put_field(&b, item->error);
    put_str(&b, "\r\n");
  }
  if (b.failed) {
    free(b.data);
    return NULL;
  }
  return b.data;
}

dossier_status dossier_batch_summary_write(const char *outdir, const char *stem,
                                           const dossier_batch_list *list,
                                           const dossier_batch_run_info *info,
                                           dossier_diag *diag) {
  dossier_status st = DOSSIER_OK;
  char *json_path = NULL, *csv_path = NULL, *json = NULL, *csv = NULL;
  cJSON *tree = dossier_batch_summary_json(list, info);
  if (tree) json = cJSON_Print(tree);
  csv = dossier_batch_summary_csv(list);
  if (asprintf(&json_path, "%s/%s.json", outdir, stem) < 0) json_path = NULL;
  if (asprintf(&csv_path, "%s/%s.csv", outdir, stem) < 0) csv_path = NULL;
  if (!json || !csv || !json_path || !csv_path) {
    st = dossier_diag_nomem(diag);
    goto done;
  }
  size_t n = strlen(json);
  json[n] = '\n'; /* cJSON_Print leaves no final newline; its NUL becomes one */
  st = dossier_atomic_write_file(json_path, json, n + 1, diag);
  json[n] = '\0';
  dossier_status csv_st = dossier_atomic_write_file(csv_path, csv, strlen(csv), diag);
  if (st == DOSSIER_OK) st = csv_st;
done:
  cJSON_Delete(tree);
  free(json);
  free(csv);
  free(json_path);
  free(csv_path);
  return st;
}
