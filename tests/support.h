/* support.h: the helpers that several test programs need, compiled into every
 * one of them (tests/tests.cmake). Each exists once, here.
 *
 * They know nothing of check.h: a helper that fails says why on stderr and
 * returns NULL (or -1), and the case asserts on what it got, so a missing file
 * or a folder that could not be made fails the case loudly instead of making
 * it return early and pass. The one exception is the scratch folder, without
 * which no case that writes files can run: failing to make it ends the
 * program with status 1 and a message.
 *
 * Unless a contract says otherwise, a returned `char *` is the caller's to
 * free, and paths are as given (relative ones to the source folder, where
 * ctest runs the programs). */
#ifndef DOSSIER_TESTS_SUPPORT_H
#define DOSSIER_TESTS_SUPPORT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "dossier.h"
#include "render/chart/drawing.h"
#include "render/typeset/style.h"

/* ---- files ------------------------------------------------------------------ */

/* The whole file at `path`, read in binary, as a new buffer with a NUL after
 * its last byte; its length (not counting the NUL) in *length when `length` is
 * not NULL. NULL, with a message naming the path and the reason, when the file
 * cannot be opened or read. */
char *support_read_file(const char *path, size_t *length);

/* Writes `text` (up to its NUL) to `path`, creating or truncating it. Returns
 * 0, or -1 with a message naming the path. */
int support_write_file(const char *path, const char *text);

/* The same for `length` bytes of any kind at `data`. */
int support_write_bytes(const char *path, const void *data, size_t length);

/* 1 when something (a file, folder, link, even a dangling one) is at `path`. */
int support_exists(const char *path);

/* "dir/name". Like support_scratch's, the string is owned by the helper and
 * stays valid while the two make at most 15 more paths. */
const char *support_path(const char *dir, const char *name);

/* ---- folders ---------------------------------------------------------------- */

/* A new empty folder $TMPDIR/dossier-test-TAG-XXXXXX (TMPDIR defaults to /tmp)
 * for a case that needs one of its own; remove it with support_remove_tree,
 * then free the path. NULL with a message when it cannot be made. */
char *support_temp_dir(const char *tag);

/* Removes `path` and, for a folder, everything under it (links are removed,
 * never followed), without a shell. Returns 0, or -1 with a message. */
int support_remove_tree(const char *path);

/* The path of `name` in this process's scratch folder, made on first use under
 * $TMPDIR and removed with its contents at exit (kept, and named on stderr,
 * when DOSSIER_KEEP_TEST_FILES is set, to look at what a case wrote). The
 * string is owned by the helper and stays valid while support_path and
 * support_scratch make at most 15 more paths. Never NULL: if the folder
 * cannot be made the program ends (status 1). */
const char *support_scratch(const char *name);

/* support_write_file of `text` to support_scratch(name); returns that path,
 * or NULL when it could not be written. */
const char *support_scratch_file(const char *name, const char *text);

/* ---- processes -------------------------------------------------------------- */

/* Runs the printf-formatted shell command and returns what it wrote on its
 * standard output (the command adds 2>&1 itself if it wants stderr too).
 * NULL with a message when the command cannot be started; its exit status is
 * not looked at (append `; echo "exit=$?"` to see it). */
char *support_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The pid of a child that has ended and been reaped, so that it names no
 * process now (as a killed run's leftovers name their writer). -1 when fork
 * failed. */
long support_dead_pid(void);

/* ---- text ------------------------------------------------------------------- */

/* `text` with its first occurrence of `from` replaced by `to`, as a new
 * string; NULL (with a message) when `from` is not in it. */
char *support_replace_once(const char *text, const char *from, const char *to);

/* The file at `path` with its first `from` replaced by `to`, written to
 * support_scratch(name): a stock file edited the way a user would. Returns
 * the scratch path, or NULL with a message when the file cannot be read, does
 * not contain `from` (the case no longer edits what it says) or cannot be
 * written. */
const char *support_edited_copy(const char *path, const char *from, const char *to,
                                const char *name);

/* ---- diagnostics ------------------------------------------------------------ */

/* Every message of `diag`, each followed by a newline, as a new string ("" for
 * none, NULL only when memory runs out). */
char *support_messages(const dossier_diag *diag);

/* Copies the first message of `diag` into out[size] ("" when there is none). */
void support_first_message(char *out, size_t size, const dossier_diag *diag);

/* ---- datasets and figures --------------------------------------------------- */

/* The figures of the dataset file at `path`, loaded and computed by the
 * library as `dossier figures` does. On failure NULL, with the messages in
 * `diag`, or printed to stderr when `diag` is NULL. Free with cJSON_Delete. */
cJSON *support_figures_of_file(const char *path, dossier_diag *diag);

/* The same for a dataset given as the JSON text `text`, named `name` in
 * messages ("test.json:1:23: ..."). */
cJSON *support_figures_of_json(const char *name, const char *text, dossier_diag *diag);

/* The node at the dotted `path` below `node` ("indicators.admissions.target.met");
 * a numeric segment indexes an array ("trend.forecast.0.year"), "" is `node`
 * itself. NULL when any segment is absent. The node belongs to the tree (it is
 * not const, so a case may edit the tree it built). */
cJSON *support_at(const cJSON *node, const char *path);

/* The number at `path`; NaN (which no CHECK_NEAR accepts), and a line on
 * stderr naming the path, when there is no number there. */
double support_num(const cJSON *node, const char *path);

/* The string at `path`, owned by the tree; NULL when there is no string. */
const char *support_str(const cJSON *node, const char *path);

/* 1 when the node at `path` is a JSON null (0 when it is absent or not null). */
int support_is_null(const cJSON *node, const char *path);

/* ---- rendering -------------------------------------------------------------- */

/* The texts of the NULL-terminated `texts` that `drawing` lacks, each quoted
 * and followed by a space ("\"98,5\" \"2020\" "); "" when it has them all, and
 * every text when `drawing` is NULL. The string is owned by the helper and
 * valid until the next call. Use as CHECK_STR(support_missing_texts(d, t), ""). */
const char *support_missing_texts(const dossier_drawing *drawing, const char *const *texts);

/* Loads the style `name` (a stock name or a path). The first message, if any,
 * goes to message[size] when `message` is not NULL; otherwise a failure's
 * messages are printed to stderr. NULL on failure; free with
 * dossier_style_free. */
dossier_style *support_style(const char *name, char *message, size_t size);

#endif
