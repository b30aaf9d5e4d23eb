/* diag.c: statuses and their messages, and the diag object (dossier.h, base/diag.h). */
#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct dossier_diag {
  char **messages;
  size_t count, capacity;
  size_t lost; /* problems whose message could not be stored */
  dossier_status first;
};

static const char *const status_messages[DOSSIER_STATUS_COUNT] = {
    [DOSSIER_OK] = "success",
    [DOSSIER_ERR_USAGE] = "bad usage",
    [DOSSIER_ERR_DATA] = "invalid input data",
    [DOSSIER_ERR_NOINPUT] = "cannot open input",
    [DOSSIER_ERR_UNAVAILABLE] = "a required program or font is unavailable",
    [DOSSIER_ERR_SOFTWARE] = "internal error",
    [DOSSIER_ERR_NOMEM] = "out of memory",
    [DOSSIER_ERR_CANTCREAT] = "cannot create output",
    [DOSSIER_ERR_IO] = "input/output error",
    [DOSSIER_ERR_TIMEOUT] = "timed out",
};

const char *dossier_status_message(dossier_status status) {
  if ((unsigned)status >= DOSSIER_STATUS_COUNT) return "unknown status";
  return status_messages[status];
}

const char *dossier_version(void) { return DOSSIER_VERSION; }

dossier_diag *dossier_diag_new(void) { return calloc(1, sizeof(dossier_diag)); }

void dossier_diag_clear(dossier_diag *diag) {
  if (!diag) return;
  for (size_t i = 0; i < diag->count; i++) free(diag->messages[i]);
  diag->count = 0;
  diag->lost = 0;
  diag->first = DOSSIER_OK;
}

void dossier_diag_free(dossier_diag *diag) {
  if (!diag) return;
  dossier_diag_clear(diag);
  free(diag->messages);
  free(diag);
}

static char *format_place(const char *file, int line, int col, const char *path) {
  char place[1024];
  size_t used = 0;
  place[0] = '\0';
  if (file) {
    int n = line > 0 ? (col > 0 ? snprintf(place, sizeof place, "%s:%d:%d: ", file, line, col)
                                : snprintf(place, sizeof place, "%s:%d: ", file, line))
                     : snprintf(place, sizeof place, "%s: ", file);
    used = n > 0 ? (size_t)n : 0;
    if (used >= sizeof place) used = sizeof place - 1;
  }
  if (path && *path) snprintf(place + used, sizeof place - used, "%s: ", path);
  return strdup(place);
}

dossier_status dossier_diag_add(dossier_diag *diag, dossier_status status, const char *file,
                                int line, int col, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  dossier_status st = dossier_diag_addv(diag, status, file, line, col, path, fmt, ap);
  va_end(ap);
  return st;
}

dossier_status dossier_diag_addv(dossier_diag *diag, dossier_status status, const char *file,
                                 int line, int col, const char *path, const char *fmt,
                                 va_list args) {
  if (!diag) return status;
  if (diag->first == DOSSIER_OK) diag->first = status;
  char *place = format_place(file, line, col, path);
  char *text = NULL;
  int n = vasprintf(&text, fmt, args);
  char *message = NULL;
  if (place && n >= 0 && asprintf(&message, "%s%s", place, text) < 0) message = NULL;
  free(place);
  if (n >= 0) free(text);
  if (!message) {
    diag->lost++;
    return status;
  }
  if (diag->count == diag->capacity) {
    size_t capacity = diag->capacity ? diag->capacity * 2 : 8;
    char **grown = realloc(diag->messages, capacity * sizeof *grown);
    if (!grown) {
      free(message);
      diag->lost++;
      return status;
    }
    diag->messages = grown;
    diag->capacity = capacity;
  }
  diag->messages[diag->count++] = message;
  return status;
}

dossier_status dossier_diag_nomem(dossier_diag *diag) {
  return dossier_diag_add(diag, DOSSIER_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

size_t dossier_diag_count(const dossier_diag *diag) {
  return diag ? diag->count + diag->lost : 0;
}

const char *dossier_diag_message(const dossier_diag *diag, size_t i) {
  if (!diag || i >= diag->count) return NULL;
  return diag->messages[i];
}

dossier_status dossier_diag_status(const dossier_diag *diag) {
  return diag ? diag->first : DOSSIER_OK;
}

void dossier_diag_print(const dossier_diag *diag, FILE *out, const char *prefix) {
  if (!diag) return;
  for (size_t i = 0; i < diag->count; i++)
    fprintf(out, "%s%s\n", prefix ? prefix : "", diag->messages[i]);
  if (diag->lost)
    fprintf(out, "%s%zu more problem(s) could not be described (out of memory)\n",
            prefix ? prefix : "", diag->lost);
}
