/* buf.c: the growable string (buf.h). */
#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dossier_buf_reserve(dossier_buf *b, size_t n) {
  if (b->failed) return -1;
  if (n > SIZE_MAX - b->length - 1) {
    b->failed = 1;
    return -1;
  }
  size_t need = b->length + n + 1;
  if (need <= b->capacity) return 0;
  size_t capacity = b->capacity ? b->capacity : 64;
  while (capacity < need) {
    if (capacity > SIZE_MAX / 2) {
      capacity = need;
      break;
    }
    capacity *= 2;
  }
  char *grown = realloc(b->data, capacity);
  if (!grown) {
    b->failed = 1;
    return -1;
  }
  b->data = grown;
  b->capacity = capacity;
  return 0;
}

void dossier_buf_add(dossier_buf *b, const char *s, size_t n) {
  if (dossier_buf_reserve(b, n) != 0) return;
  if (n) memcpy(b->data + b->length, s, n);
  b->length += n;
  b->data[b->length] = '\0';
}

void dossier_buf_adds(dossier_buf *b, const char *s) {
  if (s) dossier_buf_add(b, s, strlen(s));
}

void dossier_buf_addv(dossier_buf *b, const char *fmt, va_list args) {
  if (b->failed) return;
  va_list copy;
  va_copy(copy, args);
  int needed = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (needed < 0) {
    b->failed = 1;
    return;
  }
  if (dossier_buf_reserve(b, (size_t)needed) != 0) return;
  vsnprintf(b->data + b->length, (size_t)needed + 1, fmt, args);
  b->length += (size_t)needed;
}

void dossier_buf_addf(dossier_buf *b, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  dossier_buf_addv(b, fmt, args);
  va_end(args);
}

void dossier_buf_truncate(dossier_buf *b, size_t length) {
  if (length >= b->length) return;
  b->length = length;
  b->data[length] = '\0';
}

int dossier_buf_ok(const dossier_buf *b) { return !b->failed; }

const char *dossier_buf_str(const dossier_buf *b) { return b->data ? b->data : ""; }

char *dossier_buf_take(dossier_buf *b) {
  if (b->failed) {
    dossier_buf_free(b);
    return NULL;
  }
  char *s = b->data ? b->data : strdup("");
  b->data = NULL;
  b->length = b->capacity = 0;
  return s;
}

void dossier_buf_free(dossier_buf *b) {
  free(b->data);
  b->data = NULL;
  b->length = b->capacity = 0;
  b->failed = 0;
}
