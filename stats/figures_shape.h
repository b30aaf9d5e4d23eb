/* figures_shape.h: the shape of the figures tree — which keys each node may
 * hold — declared once, beside the code that emits the tree.
 *
 * The template language checks every placeholder against this shape when a
 * template is loaded (an unknown figure is an error at FILE:LINE:COL, before
 * any dataset is read), and the tests check every figures tree stats/ makes
 * against it, both ways (nothing emitted that the shape lacks, nothing in
 * the shape that is never emitted), so the two cannot drift apart.
 * docs/figures.md documents every node. */
#ifndef DOSSIER_STATS_FIGURES_SHAPE_H
#define DOSSIER_STATS_FIGURES_SHAPE_H

#include <stddef.h>

#include <cjson/cJSON.h>

typedef enum {
  DOSSIER_SHAPE_VALUE,  /* a number, string, boolean or null: no children */
  DOSSIER_SHAPE_OBJECT, /* the fixed keys of `members` */
  DOSSIER_SHAPE_MAP,    /* keys that are data (indicator ids, years), each child an `item` */
  DOSSIER_SHAPE_LIST,   /* an array: children by position (0 is the first, or "last") */
  DOSSIER_SHAPE_FREE,   /* copied from the dataset as written (organization, document);
                           `members`, when not NULL, are the keys stats adds to the copy */
} dossier_shape_kind;

typedef struct dossier_shape dossier_shape;

typedef struct {
  const char *key;
  const dossier_shape *shape;
} dossier_shape_member;

struct dossier_shape {
  dossier_shape_kind kind;
  const char *unknown;                 /* why a key is refused: "an indicator has no such figure" */
  const dossier_shape_member *members; /* OBJECT, FREE: ends with a {NULL, NULL} entry */
  const dossier_shape *item;           /* MAP and LIST: the shape of every child */
};

/* The shape of the whole tree that dossier_figures_compute makes. */
const dossier_shape *dossier_figures_shape(void);

/* The shape of the child `key` of a node of shape `shape`, or NULL when such
 * a node cannot have it (*why, when not NULL, then says why). A FREE node's
 * children are FREE; a LIST takes digits and "last". */
const dossier_shape *dossier_shape_child(const dossier_shape *shape, const char *key,
                                         const char **why);

/* Checks that `tree` has `shape`: every key is one the shape allows (null
 * stands for any node). Returns 0, or -1 with the dotted path of the first
 * node that does not fit written into `where` (size bytes). */
int dossier_shape_check(const dossier_shape *shape, const cJSON *tree, char *where, size_t size);

/* Calls `visit(path, ctx)` for every node the shape declares, with
 * paths written as the tree's keys ("indicators.*.target.worst_year": `*` for
 * a MAP's data keys, `0` for a list's items). For the coverage test. */
void dossier_shape_paths(const dossier_shape *shape, void (*visit)(const char *path, void *ctx),
                         void *ctx);

#endif
