/* jsonloc.h: line:column positions for the nodes of a cJSON tree.
 *
 * cJSON keeps no positions, but its children keep document order, so a small
 * scanner walking the text in step with the tree can attach to every node the
 * place where its value (and, for an object member, its key) is written. Lines
 * and columns are 1-based; a column counts characters (UTF-8 code points), as
 * editors show it. Every JSON file dossier reads goes through it (datasets,
 * unit files, styles). */
#ifndef DOSSIER_JSONLOC_H
#define DOSSIER_JSONLOC_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "stats/exact.h"

typedef struct dossier_jsonloc dossier_jsonloc;

/* Parses `length` bytes of `text` (which must be followed by a NUL byte, and
 * stay alive as long as the index: number literals are read from it) as
 * strict JSON and indexes the positions of its nodes. `what` names what the
 * file should hold, for the message about an empty file ("a dataset"). On
 * success *root is the tree (cJSON_Delete) and *loc the index
 * (dossier_jsonloc_free). On a syntax error, invalid UTF-8, an embedded NUL
 * (also as \u0000 in a string), a number out of range, trailing text or a
 * JSON limit passed (base/limits.h: nesting, members of one object or list,
 * length of a string), every output is NULL, DOSSIER_ERR_DATA is returned and
 * diag names `name`:LINE:COL (and the path) of the problem.
 * DOSSIER_ERR_NOMEM when memory runs out. */
dossier_status dossier_jsonloc_parse(cJSON **root, dossier_jsonloc **loc, const char *name,
                                     const char *what, const char *text, size_t length,
                                     dossier_diag *diag);

/* Frees an index; NULL is a no-op. */
void dossier_jsonloc_free(dossier_jsonloc *loc);

/* Where the value of `node` starts. Returns 0 and sets *line and *col, or -1 (and
 * 0/0) when the node is unknown (e.g. NULL). */
int dossier_jsonloc_value(const dossier_jsonloc *loc, const cJSON *node, int *line, int *col);

/* Where the key of object member `node` starts; falls back to its value
 * position for array elements. Same returns as dossier_jsonloc_value. */
int dossier_jsonloc_key(const dossier_jsonloc *loc, const cJSON *node, int *line, int *col);

/* The exact value of number `node` as the text writes it (87.35 is 1747/20,
 * not the double nearest to it). Returns 0, or -1 when the node is not a
 * number of the text or its literal has more digits than an exact number
 * holds (exact.h). The text given to dossier_jsonloc_parse must still be
 * alive. */
int dossier_jsonloc_exact(const dossier_jsonloc *loc, const cJSON *node, dossier_exact *out);

/* The number literal of `node` as the file writes it ("1000000000001010",
 * "98.1234567"), in buf (cut to size); "" when the file is not known. */
const char *dossier_jsonloc_literal(const dossier_jsonloc *loc, const cJSON *node, char *buf,
                                    size_t size);

/* Reports every repeated key of an object of the tree `root` parsed from file
 * `name` ("FILE:LINE:COL: PATH: key \"x\" is repeated (first at line L,
 * column C)"): cJSON keeps both members and returns the first, so a second
 * entry would silently vanish. Returns how many it reported, or -1 when out
 * of memory (reported too). */
long dossier_jsonloc_report_repeats(const dossier_jsonloc *loc, const cJSON *root,
                                    const char *name, dossier_diag *diag);

/* What a value of the file is, for "expected X, got Y" messages: `the
 * string "2019"` (cut after 40 bytes, at a character), `the number 12`,
 * `true`, `null`, `an array`, `an object`. */
void dossier_json_describe(const cJSON *node, char *buf, size_t size);

#endif
