/* strmap.h: a map from strings to pointers, for finding repeats in linear
 * time (a repeated key of a JSON object, a unit named twice) where a pairwise
 * comparison would take quadratic time over hostile input.
 *
 * The map does not copy its keys: they must outlive it (they are the parsed
 * tree's strings). */
#ifndef DOSSIER_BASE_STRMAP_H
#define DOSSIER_BASE_STRMAP_H

#include <stddef.h>

typedef struct {
  const char **keys;
  const void **values;
  size_t capacity; /* a power of two, or 0 before the first put */
  size_t count;
} dossier_strmap;

#define DOSSIER_STRMAP_INIT {NULL, NULL, 0, 0}

/* Puts `key` → `value` unless `key` is already there. Returns the value the
 * key already had (the map unchanged), NULL when it was added — or when memory
 * ran out, which *failed (may be NULL) then says (set to 1). */
const void *dossier_strmap_put(dossier_strmap *map, const char *key, const void *value,
                               int *failed);

/* The value of `key`, or NULL. */
const void *dossier_strmap_get(const dossier_strmap *map, const char *key);

/* Empties the map, keeping its memory for the next use. */
void dossier_strmap_clear(dossier_strmap *map);

/* Frees the map's memory (not the keys); it is then empty and reusable. */
void dossier_strmap_free(dossier_strmap *map);

#endif
