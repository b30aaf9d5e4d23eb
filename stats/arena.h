/* arena.h: one allocation region per dataset, freed at once.
 *
 * A dataset holds hundreds of small arrays and strings (series, paths, parts)
 * that all live exactly as long as the dataset; an arena frees them together
 * and removes a whole class of leaks on the many error paths of validation.
 * Internal to stats/. */
#ifndef DOSSIER_ARENA_H
#define DOSSIER_ARENA_H

#include <stddef.h>

typedef struct dossier_arena dossier_arena;

/* Returns a new empty arena, or NULL when out of memory. */
dossier_arena *dossier_arena_new(void);

/* Frees the arena and everything allocated from it; NULL is a no-op. */
void dossier_arena_free(dossier_arena *arena);

/* Returns `count` zeroed elements of `size` bytes, aligned for any type, owned
 * by the arena; NULL when out of memory or on overflow. count 0 gives a valid
 * pointer. */
void *dossier_arena_calloc(dossier_arena *arena, size_t count, size_t size);

/* Returns a copy of the printf-formatted string owned by the arena, or NULL. */
char *dossier_arena_printf(dossier_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
