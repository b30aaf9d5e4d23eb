/* strmap.c: open addressing with linear probing (strmap.h). */
#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s) { /* FNV-1a */
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 1099511628211ull;
  return (size_t)(h ^ (h >> 29));
}

static size_t slot_of(const dossier_strmap *map, const char *key) {
  size_t i = hash(key) & (map->capacity - 1);
  while (map->keys[i] && strcmp(map->keys[i], key) != 0) i = (i + 1) & (map->capacity - 1);
  return i;
}

/* Doubles the table (or makes its first one); -1 when out of memory. */
static int grow(dossier_strmap *map) {
  size_t capacity = map->capacity ? map->capacity * 2 : 16;
  if (capacity < map->capacity || capacity > SIZE_MAX / sizeof *map->keys) return -1;
  dossier_strmap bigger = {calloc(capacity, sizeof *map->keys),
                           calloc(capacity, sizeof *map->values), capacity, map->count};
  if (!bigger.keys || !bigger.values) {
    free(bigger.keys);
    free(bigger.values);
    return -1;
  }
  for (size_t i = 0; i < map->capacity; i++) {
    if (!map->keys[i]) continue;
    size_t j = slot_of(&bigger, map->keys[i]);
    bigger.keys[j] = map->keys[i];
    bigger.values[j] = map->values[i];
  }
  dossier_strmap_free(map);
  *map = bigger;
  return 0;
}

const void *dossier_strmap_put(dossier_strmap *map, const char *key, const void *value,
                               int *failed) {
  if (map->capacity) {
    size_t i = slot_of(map, key);
    if (map->keys[i]) return map->values[i];
  }
  if ((map->count + 1) * 2 > map->capacity && grow(map) != 0) { /* at most half full */
    if (failed) *failed = 1;
    return NULL;
  }
  size_t i = slot_of(map, key);
  map->keys[i] = key;
  map->values[i] = value;
  map->count++;
  return NULL;
}

const void *dossier_strmap_get(const dossier_strmap *map, const char *key) {
  if (!map->capacity) return NULL;
  size_t i = slot_of(map, key);
  return map->keys[i] ? map->values[i] : NULL;
}

void dossier_strmap_clear(dossier_strmap *map) {
  if (map->capacity) {
    memset(map->keys, 0, map->capacity * sizeof *map->keys);
    memset(map->values, 0, map->capacity * sizeof *map->values);
  }
  map->count = 0;
}

void dossier_strmap_free(dossier_strmap *map) {
  free(map->keys);
  free(map->values);
  map->keys = NULL;
  map->values = NULL;
  map->capacity = map->count = 0;
}
