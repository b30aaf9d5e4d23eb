/* dossier.h: the public API of libdossier.
 *
 * libdossier turns a dataset (the JSON contract of docs/dataset.md) into the
 * figures of a Party committee's report and the report itself, a PDF in the
 * official Vietnamese layout. This header is all a program needs:
 *
 *   dossier_diag *diag = dossier_diag_new();
 *   dossier_figures *figures = NULL;
 *   dossier_engine *engine = NULL;
 *   if (dossier_figures_load(&figures, "hai-duong.json", NULL, diag) == DOSSIER_OK &&
 *       dossier_engine_new(&engine, "term-report", "party", diag) == DOSSIER_OK)
 *     dossier_render_file(engine, figures, "hai-duong.pdf", NULL, diag);
 *   dossier_diag_print(diag, stderr, "example: ");
 *   dossier_engine_free(engine);
 *   dossier_figures_free(figures);
 *   dossier_diag_free(diag);
 *
 * Conventions: functions that can fail return a dossier_status and put the
 * located messages ("FILE:LINE:COL: PATH: what is wrong") in a dossier_diag the
 * caller passes in; out-parameters come first and are NULL (or 0) on failure;
 * every object is opaque, made by *_new or *_load and released by *_free, and
 * *_free(NULL) is a no-op. The library never exits, aborts or prints on its
 * own. Objects are not shared between threads; separate objects may be used
 * in separate threads, except that the chart engine runs one gnuplot process
 * per dossier_engine. Link with `pkg-config --cflags --libs dossier`. */
#ifndef DOSSIER_H
#define DOSSIER_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define DOSSIER_API __attribute__((visibility("default")))
#else
#define DOSSIER_API
#endif

/* ---- statuses ------------------------------------------------------------ */

/* What a call came to. Append-only: values are stable across versions, new
 * ones are added before DOSSIER_STATUS_COUNT. The comments give the exit code
 * the `dossier` program uses for each (sysexits.h). */
typedef enum {
  DOSSIER_OK = 0,
  DOSSIER_ERR_USAGE,       /* a bad argument: an output that is not a .pdf … (64) */
  DOSSIER_ERR_DATA,        /* an invalid dataset, template or style (65) */
  DOSSIER_ERR_NOINPUT,     /* an input file missing or unreadable (66) */
  DOSSIER_ERR_UNAVAILABLE, /* a needed program (gnuplot) or font is missing (69) */
  DOSSIER_ERR_SOFTWARE,    /* an internal error, a bug, a crashed helper (70) */
  DOSSIER_ERR_NOMEM,       /* out of memory (71) */
  DOSSIER_ERR_CANTCREAT,   /* the output cannot be created (73) */
  DOSSIER_ERR_IO,          /* a read or write failed (74) */
  DOSSIER_ERR_TIMEOUT,     /* a helper process did not answer in time (75) */
  DOSSIER_STATUS_COUNT
} dossier_status;

/* Returns a short English description of `status` ("invalid input data"),
 * "unknown status" for a value out of range; never NULL, never to be freed. */
DOSSIER_API const char *dossier_status_message(dossier_status status);

/* Returns the library's version, e.g. "0.1.0"; never NULL. */
DOSSIER_API const char *dossier_version(void);

/* ---- diagnostics ------------------------------------------------------------ */

typedef struct dossier_diag dossier_diag;

/* Returns a new, empty list of diagnostics, or NULL when out of memory. One
 * diag collects every problem a call finds (a dataset's check lists them all),
 * each message carrying its place. Free with dossier_diag_free. */
DOSSIER_API dossier_diag *dossier_diag_new(void);

/* Frees a diag and its messages; NULL is a no-op. */
DOSSIER_API void dossier_diag_free(dossier_diag *diag);

/* Returns the number of problems recorded (0 for NULL). */
DOSSIER_API size_t dossier_diag_count(const dossier_diag *diag);

/* Returns the i-th message, "FILE:LINE:COL: PATH: what is wrong" (the parts
 * that are unknown left out), owned by the diag and valid until it is cleared
 * or freed; NULL when i is out of range. */
DOSSIER_API const char *dossier_diag_message(const dossier_diag *diag, size_t i);

/* Returns the status of the first problem recorded, DOSSIER_OK when none. */
DOSSIER_API dossier_status dossier_diag_status(const dossier_diag *diag);

/* Writes every message to `out`, one a line, each behind `prefix` when it is
 * not NULL. Write errors are left in ferror(out). */
DOSSIER_API void dossier_diag_print(const dossier_diag *diag, FILE *out, const char *prefix);

/* Forgets every problem recorded; the diag stays usable. NULL is a no-op. */
DOSSIER_API void dossier_diag_clear(dossier_diag *diag);

/* ---- figures ---------------------------------------------------------------- */

/* Every figure of one dataset, computed once (docs/figures.md): the single
 * source of every number a report prints. */
typedef struct dossier_figures dossier_figures;

/* Reads and validates the dataset at `dataset_path`, rolls up the units'
 * own datasets found in the folder `units_dir` (every *.json in it, in name
 * order) when it is not NULL, and computes its figures. On success *out is
 * new (dossier_figures_free). Errors: DOSSIER_ERR_NOINPUT (the dataset or
 * the folder cannot be read), DOSSIER_ERR_DATA (every problem of the dataset,
 * each located), DOSSIER_ERR_SOFTWARE, DOSSIER_ERR_NOMEM; *out is then NULL. */
DOSSIER_API dossier_status dossier_figures_load(dossier_figures **out, const char *dataset_path,
                                                const char *units_dir, dossier_diag *diag);

/* The same from `length` bytes of JSON in memory; `name` (not NULL) is the
 * file name messages give and the figures record as their dataset. */
DOSSIER_API dossier_status dossier_figures_parse(dossier_figures **out, const char *name,
                                                 const char *json, size_t length,
                                                 dossier_diag *diag);

/* Frees figures; NULL is a no-op. */
DOSSIER_API void dossier_figures_free(dossier_figures *figures);

/* Writes the figures as JSON (what `dossier figures` prints: numbers
 * unrounded, null where a figure cannot be computed) into a new
 * NUL-terminated string *out (free with dossier_free). Errors:
 * DOSSIER_ERR_NOMEM (*out NULL). */
DOSSIER_API dossier_status dossier_figures_json(char **out, const dossier_figures *figures,
                                                dossier_diag *diag);

/* Writes the figures as the readable Vietnamese table of `dossier figures
 * --format text` (every number in the form the report prints it) into a new
 * NUL-terminated string *out (free with dossier_free). Errors:
 * DOSSIER_ERR_NOMEM (*out NULL). */
DOSSIER_API dossier_status dossier_figures_text(char **out, const dossier_figures *figures,
                                                dossier_diag *diag);

/* Frees a string or buffer the library returned; NULL is a no-op. */
DOSSIER_API void dossier_free(void *p);

/* ---- rendering -------------------------------------------------------------- */

/* A template and a style, parsed once, and the chart engine (one gnuplot
 * process, started on the first chart): renders any number of figures. */
typedef struct dossier_engine dossier_engine;

/* Prepares an engine. `template_name` is a stock template's name (see
 * dossier_template_info; NULL = "term-report") or the path of a .md file;
 * `style_name` a stock style ("party", NULL, or "state") or the path of a
 * .json style file. Stock files are looked up in $DOSSIER_DATA_DIR, then
 * beside the program (../share/dossier), then in the installed data folder.
 * On success *out is new (dossier_engine_free). Errors: DOSSIER_ERR_NOINPUT
 * (no such template or style), DOSSIER_ERR_USAGE (a .json file given as the
 * template), DOSSIER_ERR_DATA (an invalid template or style, located),
 * DOSSIER_ERR_NOMEM. */
DOSSIER_API dossier_status dossier_engine_new(dossier_engine **out, const char *template_name,
                                              const char *style_name, dossier_diag *diag);

/* Stops the engine's gnuplot and frees it; NULL is a no-op. */
DOSSIER_API void dossier_engine_free(dossier_engine *engine);

/* Renders `figures` into the PDF file `out_path`. The file is written under
 * a temporary name beside it and renamed into place only when complete: on
 * any failure no file is left and an existing `out_path` is untouched. The
 * same inputs give the same bytes. On success *pages (when not NULL) is the
 * page count. Errors: DOSSIER_ERR_USAGE (an output that does not end in .pdf,
 * or is the dataset itself), DOSSIER_ERR_CANTCREAT (an output that must not be
 * replaced: a symbolic link, a folder, a device, a read-only file; or one that
 * cannot be created), DOSSIER_ERR_IO, DOSSIER_ERR_DATA (a placeholder the
 * figures lack, a character the font lacks), DOSSIER_ERR_UNAVAILABLE (gnuplot
 * or a font missing), DOSSIER_ERR_TIMEOUT (gnuplot hung), DOSSIER_ERR_SOFTWARE,
 * DOSSIER_ERR_NOMEM. */
DOSSIER_API dossier_status dossier_render_file(dossier_engine *engine,
                                               const dossier_figures *figures,
                                               const char *out_path, int *pages,
                                               dossier_diag *diag);

/* Renders `figures` into memory: on success *pdf is a new buffer of *length
 * bytes (free with dossier_free), byte for byte what dossier_render_file would
 * write, and *pages (when not NULL) the page count. Errors as
 * dossier_render_file, less those of the output file; *pdf is then NULL and
 * *length 0. */
DOSSIER_API dossier_status dossier_render_buffer(unsigned char **pdf, size_t *length,
                                                 dossier_engine *engine,
                                                 const dossier_figures *figures, int *pages,
                                                 dossier_diag *diag);

/* ---- templates -------------------------------------------------------------- */

/* The stock templates: sets the name ("term-report") and a one-line
 * description of the i-th (static strings; either pointer may be NULL) and
 * returns 0, or returns -1 when i is past the last. */
DOSSIER_API int dossier_template_info(size_t i, const char **name, const char **description);

/* ---- the process ------------------------------------------------------------ */

/* Releases what the library keeps for the whole process (font lookups and
 * faces shared by every document, fontconfig's configuration), so that a leak
 * checker sees a clean exit. Optional; call once at the end, when no engine is
 * rendering. Later calls into the library start afresh. */
DOSSIER_API void dossier_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif
