#include "stats/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
  struct block *next;
  size_t used, size;
  max_align_t data[]; /* aligned storage */
} block;

struct dossier_arena {
  block *head;
};

enum { BLOCK_BYTES = 16384 };

dossier_arena *dossier_arena_new(void) { return calloc(1, sizeof(dossier_arena)); }

void dossier_arena_free(dossier_arena *arena) {
  if (!arena) return;
  for (block *b = arena->head, *next; b; b = next) {
    next = b->next;
    free(b);
  }
  free(arena);
}

void *dossier_arena_calloc(dossier_arena *arena, size_t count, size_t size) {
  if (!arena || (size && count > SIZE_MAX / size)) return NULL;
  size_t bytes = count * size;
  size_t align = sizeof(max_align_t);
  bytes = (bytes + align - 1) / align * align;
  if (bytes == 0) bytes = align;
  block *b = arena->head;
  if (!b || b->size - b->used < bytes) {
    size_t cap = bytes > BLOCK_BYTES ? bytes : BLOCK_BYTES;
    if (cap > SIZE_MAX - sizeof(block)) return NULL;
    block *fresh = malloc(sizeof(block) + cap);
    if (!fresh) return NULL;
    fresh->used = 0;
    fresh->size = cap;
    /* a big allocation goes behind the current block so its free space stays usable */
    if (b && bytes > BLOCK_BYTES) {
      fresh->next = b->next;
      b->next = fresh;
    } else {
      fresh->next = b;
      arena->head = fresh;
    }
    b = fresh;
  }
  void *p = (char *)b->data + b->used;
  b->used += bytes;
  memset(p, 0, bytes);
  return p;
}

char *dossier_arena_printf(dossier_arena *arena, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *s = dossier_arena_calloc(arena, (size_t)n + 1, 1);
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}
