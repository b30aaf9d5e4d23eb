/* model.h: the validated dataset as the figures engine reads it.
 *
 * dataset.c builds this from the JSON tree once every check has passed, so the
 * computing files (rollup.c, figures.c, ...) never meet a wrong type, a NaN or
 * a year outside the period. Every value keeps its place in the file so a
 * problem found only while computing (a committee total that disagrees with
 * its units) can still be reported as FILE:LINE:COL: PATH. Internal to stats/. */
#ifndef DOSSIER_MODEL_H
#define DOSSIER_MODEL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "stats/arena.h"
#include "stats/dataset.h"
#include "stats/exact.h"
#include "stats/jsonloc.h"

typedef enum { DOSSIER_KIND_COUNT, DOSSIER_KIND_LEVEL, DOSSIER_KIND_RATE } dossier_kind;

/* How an indicator gives its numbers. NONE: derived from the units. */
typedef enum {
  DOSSIER_SOURCE_NONE,
  DOSSIER_SOURCE_SERIES,
  DOSSIER_SOURCE_RATIO, /* numerator + denominator series (rates only) */
  DOSSIER_SOURCE_VALUE
} dossier_source;

typedef struct {
  const char *file; /* file name as given to the loader */
  int line, col;    /* 0 when unknown */
  const char *path; /* JSON path, e.g. "indicators.members.series.2018" */
} dossier_place;

/* Yearly values, sorted by year, every year unique and inside the period.
 * Values are exact (exact.h): the decimals as the dataset writes them. */
typedef struct {
  size_t count;
  int *years;
  dossier_exact *values;
  dossier_place *places;
} dossier_series;

typedef struct {
  int present;
  dossier_exact value;
  int per_year; /* scope "year" (else "term") */
  int at_most;  /* direction "at_most" (else "at_least") */
  dossier_place place;
} dossier_target_spec;

typedef struct {
  const char *id, *label, *unit; /* label defaults to the id; unit may be "" */
  const char *note;              /* the dataset's free-text "note", or NULL */
  dossier_kind kind;
  dossier_source source;
  dossier_series series, numerator, denominator;
  dossier_exact value;
  dossier_target_spec target;
  const char **parts; /* ids of indicators whose term figures sum to this one */
  size_t part_count;
  dossier_place place, value_place, parts_place;
} dossier_indicator;

typedef struct {
  const char *name, *type; /* type may be "" */
  dossier_indicator *indicators;
  size_t indicator_count;
  dossier_dataset *own; /* a unit read from its own file (freed with the committee) */
  dossier_place place;
} dossier_unit;

enum { DOSSIER_RATING_LEVELS = 4 };
typedef struct {
  int year;
  double counts[DOSSIER_RATING_LEVELS]; /* excellent, good, fulfilled, failed: whole numbers */
  dossier_place place;
} dossier_rating_year;

typedef struct {
  int present;
  dossier_rating_year *years;
  size_t count;
} dossier_rating_table;

enum { DOSSIER_MEMBERSHIP_FIELDS = 10 };
typedef struct {
  int year;
  double fields[DOSSIER_MEMBERSHIP_FIELDS]; /* order of dossier_membership_field_names; whole */
  dossier_place place, start_place;
} dossier_membership_year;

struct dossier_dataset {
  char *name;
  char *text;
  cJSON *root;
  dossier_jsonloc *loc;
  dossier_arena *arena;
  int from, to;
  dossier_indicator *indicators;
  size_t indicator_count;
  dossier_unit *units; /* malloc'd: grows with dossier_dataset_add_unit_file */
  size_t unit_count, unit_capacity;
  dossier_rating_table organizations, members;
  dossier_membership_year *membership;
  size_t membership_count;
  int has_units_expected; /* "units_expected": the number of units the committee has */
  double units_expected;
  dossier_place units_expected_place;
};

/* Names of the four rating levels as the dataset writes them. */
extern const char *const dossier_rating_keys[DOSSIER_RATING_LEVELS];
/* Names of the membership-change fields: start, admitted, transferred_in,
 * reinstated, died, expelled, struck_off, resigned, transferred_out, end. */
extern const char *const dossier_membership_field_names[DOSSIER_MEMBERSHIP_FIELDS];

/* Returns the indicator `id` of the dataset, or NULL. */
const dossier_indicator *dossier_model_find(const dossier_indicator *list, size_t count,
                                            const char *id);

/* Returns "count", "level" or "rate". */
const char *dossier_kind_name(dossier_kind kind);

/* Writes `a` for a message ("87.35", "1747/3") into buf (DOSSIER_EXACT_TEXT
 * bytes) and returns buf. */
const char *dossier_exact_cstr(dossier_exact a, char *buf);

/* Adds a problem located at `place` to diag and returns `status`. */
dossier_status dossier_place_error(dossier_diag *diag, dossier_status status,
                                   const dossier_place *place, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
