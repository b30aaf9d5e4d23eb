/* figures_shape.c: the declared shape of the figures tree (figures_shape.h).
 * Keep it in step with figures.c, latest.c, distribution.c, ratings.c and
 * membership.c: tests/stats check every tree they make against it. */
#include "stats/figures_shape.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define END {NULL, NULL}

static const dossier_shape value = {DOSSIER_SHAPE_VALUE, "a value has no parts", NULL, NULL};
static const dossier_shape free_copy = {DOSSIER_SHAPE_FREE, NULL, NULL, NULL};
/* document: the dataset's, with the date's parts added */
static const dossier_shape_member date_part_keys[] = {
    {"year", &value}, {"month", &value}, {"day", &value}, END};
static const dossier_shape date_parts = {DOSSIER_SHAPE_OBJECT, "date_parts has year, month and day",
                                         date_part_keys, NULL};
static const dossier_shape_member document_keys[] = {{"date_parts", &date_parts}, END};
static const dossier_shape document = {DOSSIER_SHAPE_FREE, NULL, document_keys, NULL};
static const dossier_shape value_list = {
    DOSSIER_SHAPE_LIST, "a list: use a number (0 is the first) or last", NULL, &value};
static const dossier_shape by_year = {DOSSIER_SHAPE_MAP, NULL, NULL, &value};

/* indicators.<id>.change */
static const dossier_shape_member yearly_change_keys[] = {
    {"year", &value}, {"from_year", &value}, {"absolute", &value}, {"relative_pct", &value}, END};
static const dossier_shape yearly_change = {DOSSIER_SHAPE_OBJECT,
                                            "a yearly change has no such figure",
                                            yearly_change_keys, NULL};
static const dossier_shape yearly_changes = {
    DOSSIER_SHAPE_LIST, "change.yearly is a list: use a number (0 is the first) or last", NULL,
    &yearly_change};
static const dossier_shape_member change_keys[] = {
    {"first_year", &value}, {"last_year", &value},       {"absolute", &value},
    {"relative_pct", &value}, {"average_yearly", &value}, {"yearly", &yearly_changes},
    END};
static const dossier_shape change = {DOSSIER_SHAPE_OBJECT, "a change has no such figure",
                                     change_keys, NULL};

/* indicators.<id>.summary, .trend */
static const dossier_shape_member summary_keys[] = {
    {"count", &value}, {"mean", &value},     {"min", &value},
    {"min_year", &value}, {"max", &value},   {"max_year", &value}, END};
static const dossier_shape summary = {DOSSIER_SHAPE_OBJECT, "a summary has no such figure",
                                      summary_keys, NULL};
static const dossier_shape_member forecast_keys[] = {
    {"year", &value}, {"value", &value}, {"low", &value}, {"high", &value}, END};
static const dossier_shape forecast_year = {DOSSIER_SHAPE_OBJECT,
                                            "a forecast has no such figure", forecast_keys, NULL};
static const dossier_shape forecasts = {
    DOSSIER_SHAPE_LIST, "trend.forecast is a list: use a number (0 is the first) or last", NULL,
    &forecast_year};
static const dossier_shape_member trend_keys[] = {
    {"slope", &value}, {"intercept", &value}, {"r2", &value},
    {"years", &value}, {"forecast", &forecasts}, END};
static const dossier_shape trend = {DOSSIER_SHAPE_OBJECT, "a trend has no such figure", trend_keys,
                                    NULL};

/* indicators.<id>.target */
static const dossier_shape_member target_year_keys[] = {
    {"value", &value}, {"attainment_pct", &value}, {"margin", &value}, {"met", &value}, END};
static const dossier_shape target_year = {DOSSIER_SHAPE_OBJECT,
                                          "a year's target has no such figure", target_year_keys,
                                          NULL};
static const dossier_shape target_years = {DOSSIER_SHAPE_MAP, NULL, NULL, &target_year};
static const dossier_shape_member target_keys[] = {
    {"value", &value},         {"scope", &value},        {"direction", &value},
    {"attainment_pct", &value}, {"margin", &value},      {"margin_unit", &value},
    {"worst_year", &value},    {"met", &value},          {"term_met", &value},
    {"years", &target_years},  {"years_met", &value},    {"years_total", &value},
    {"all_years_met", &value}, END};
static const dossier_shape target = {DOSSIER_SHAPE_OBJECT, "a target has no such figure",
                                     target_keys, NULL};

/* indicators.<id>.latest */
static const dossier_shape_member latest_target_keys[] = {
    {"value", &value},  {"scope", &value},       {"direction", &value}, {"attainment_pct", &value},
    {"margin", &value}, {"margin_unit", &value}, {"met", &value},       {"term_met", &value},
    END};
static const dossier_shape latest_target = {DOSSIER_SHAPE_OBJECT,
                                            "a year's target has no such figure",
                                            latest_target_keys, NULL};
static const dossier_shape_member latest_change_keys[] = {
    {"first_year", &value}, {"last_year", &value}, {"absolute", &value}, {"relative_pct", &value},
    END};
static const dossier_shape latest_change = {DOSSIER_SHAPE_OBJECT, "a change has no such figure",
                                            latest_change_keys, NULL};
static const dossier_shape_member latest_keys[] = {
    {"year", &value},
    {"kind", &value},
    {"unit", &value},
    {"value", &value},
    {"previous_year", &value},
    {"previous_value", &value},
    {"previous_met", &value},
    {"numerator", &value},
    {"denominator", &value},
    {"change", &latest_change},
    {"target", &latest_target},
    {"cumulative_from", &value},
    {"cumulative", &value},
    {"cumulative_attainment_pct", &value},
    END};
static const dossier_shape latest = {DOSSIER_SHAPE_OBJECT,
                                     "the report year's figures have no such figure", latest_keys,
                                     NULL};

/* indicators.<id>.units: the spread of the units */
static const dossier_shape_member extreme_keys[] = {{"value", &value}, {"unit", &value}, END};
static const dossier_shape extreme = {DOSSIER_SHAPE_OBJECT, "min and max have value and unit",
                                      extreme_keys, NULL};
static const dossier_shape_member rank_keys[] = {
    {"rank", &value}, {"unit", &value}, {"value", &value}, END};
static const dossier_shape rank = {DOSSIER_SHAPE_OBJECT, "a ranking entry has rank, unit and value",
                                   rank_keys, NULL};
static const dossier_shape ranking = {
    DOSSIER_SHAPE_LIST, "units.ranking is a list: use a number (0 is the first) or last", NULL,
    &rank};
static const dossier_shape_member spread_keys[] = {
    {"count", &value},          {"reporting", &value},          {"min", &extreme},
    {"max", &extreme},          {"median", &value},             {"q1", &value},
    {"q3", &value},             {"with_target", &value},        {"without_target", &value},
    {"meeting_target", &value},
    {"meeting_target_pct", &value}, {"ranking", &ranking},      {"below_target", &value_list},
    END};
static const dossier_shape spread = {DOSSIER_SHAPE_OBJECT, "the units' spread has no such figure",
                                     spread_keys, NULL};

/* indicators.<id>.parts */
static const dossier_shape_member part_keys[] = {{"id", &value}, {"term", &value}, END};
static const dossier_shape part = {DOSSIER_SHAPE_OBJECT, "a part has id and term", part_keys, NULL};
static const dossier_shape parts = {
    DOSSIER_SHAPE_LIST, "parts is a list: use a number (0 is the first) or last", NULL, &part};

/* indicators.<id>; a unit's indicators (units.<n>.indicators.<id>) have the
 * same figures but for the parts and the units' spread */
#define INDICATOR_FIGURES                                                                  \
  {"id", &value}, {"label", &value}, {"unit", &value}, {"kind", &value}, {"note", &value},   \
      {"basis", &value}, {"derived_from_units", &value}, {"term", &value},                  \
      {"pooled", &value}, {"years", &by_year}, {"numerator", &by_year},                      \
      {"denominator", &by_year}, {"change", &change}, {"summary", &summary},                \
      {"trend", &trend}, {"missing_years", &value_list}, {"target", &target},              \
      {"latest", &latest}
static const dossier_shape_member indicator_keys[] = {
    INDICATOR_FIGURES, {"parts", &parts}, {"units", &spread}, END};
static const dossier_shape indicator = {DOSSIER_SHAPE_OBJECT, "an indicator has no such figure",
                                        indicator_keys, NULL};
static const dossier_shape indicators = {DOSSIER_SHAPE_MAP, NULL, NULL, &indicator};
static const dossier_shape_member unit_indicator_keys[] = {INDICATOR_FIGURES, END};
static const dossier_shape unit_indicator = {DOSSIER_SHAPE_OBJECT,
                                             "a unit's indicator has no such figure",
                                             unit_indicator_keys, NULL};
static const dossier_shape unit_indicators = {DOSSIER_SHAPE_MAP, NULL, NULL, &unit_indicator};

/* units.<n> */
static const dossier_shape_member unit_keys[] = {
    {"name", &value}, {"type", &value}, {"indicators", &unit_indicators}, END};
static const dossier_shape unit = {DOSSIER_SHAPE_OBJECT, "a unit has name, type and indicators",
                                   unit_keys, NULL};
static const dossier_shape units = {
    DOSSIER_SHAPE_LIST,
    "units is a list: use a number (0 is the first), last, or {% for u in units %}", NULL, &unit};

/* ratings */
static const dossier_shape_member level_keys[] = {
    {"key", &value}, {"label", &value}, {"count", &value}, {"pct", &value}, END};
static const dossier_shape level = {DOSSIER_SHAPE_OBJECT, "a rating level has key, label, count and pct",
                                    level_keys, NULL};
static const dossier_shape levels = {
    DOSSIER_SHAPE_LIST, "levels is a list: use a number (0 is the first) or last", NULL, &level};
static const dossier_shape_member rating_year_keys[] = {
    {"scale", &value},          {"total", &value},          {"levels", &levels},
    {"good_or_better", &value}, {"good_or_better_pct", &value}, END};
static const dossier_shape rating_year = {DOSSIER_SHAPE_OBJECT, "a year's ratings have no such figure",
                                          rating_year_keys, NULL};
static const dossier_shape rating_years = {DOSSIER_SHAPE_MAP, NULL, NULL, &rating_year};
static const dossier_shape_member rating_table_keys[] = {{"years", &rating_years}, END};
static const dossier_shape rating_table = {DOSSIER_SHAPE_OBJECT, "ratings have years only",
                                           rating_table_keys, NULL};
static const dossier_shape_member ratings_keys[] = {
    {"organizations", &rating_table}, {"members", &rating_table}, END};
static const dossier_shape ratings = {DOSSIER_SHAPE_OBJECT,
                                      "ratings has organizations and members", ratings_keys, NULL};

/* membership */
#define MEMBERSHIP_FIELDS                                                                  \
  {"start", &value}, {"admitted", &value}, {"transferred_in", &value},                   \
      {"reinstated", &value}, {"died", &value}, {"expelled", &value},                     \
      {"struck_off", &value}, {"resigned", &value}, {"transferred_out", &value},          \
      {"end", &value}, {"gained", &value}, {"lost", &value}, {"net", &value}
static const dossier_shape_member membership_year_keys[] = {MEMBERSHIP_FIELDS,
                                                            {"balanced", &value}, END};
static const dossier_shape membership_year = {DOSSIER_SHAPE_OBJECT,
                                              "a year's membership change has no such figure",
                                              membership_year_keys, NULL};
static const dossier_shape membership_years = {DOSSIER_SHAPE_MAP, NULL, NULL, &membership_year};
static const dossier_shape_member membership_term_keys[] = {
    {"first_year", &value}, {"last_year", &value}, MEMBERSHIP_FIELDS, END};
static const dossier_shape membership_term = {DOSSIER_SHAPE_OBJECT,
                                              "the term's membership change has no such figure",
                                              membership_term_keys, NULL};
static const dossier_shape_member membership_keys[] = {
    {"years", &membership_years}, {"term", &membership_term}, END};
static const dossier_shape membership = {DOSSIER_SHAPE_OBJECT, "membership has years and term",
                                         membership_keys, NULL};

/* the root */
static const dossier_shape_member period_keys[] = {
    {"from", &value}, {"to", &value}, {"report_year", &value}, END};
static const dossier_shape period = {DOSSIER_SHAPE_OBJECT, "the period has from, to and report_year",
                                     period_keys, NULL};
static const dossier_shape_member root_keys[] = {
    {"format", &value},
    {"dataset", &value},
    {"organization", &free_copy},
    {"period", &period},
    {"document", &document},
    {"indicators", &indicators},
    {"units", &units},
    {"ratings", &ratings},
    {"membership", &membership},
    END};
static const dossier_shape root = {DOSSIER_SHAPE_OBJECT,
                                   "the figures tree has no such top-level entry", root_keys, NULL};

const dossier_shape *dossier_figures_shape(void) { return &root; }

/* A list position: digits (0 is the first) or "last". */
static int list_position(const char *key) {
  if (strcmp(key, "last") == 0) return 1;
  if (!*key) return 0;
  for (; *key; key++)
    if (!isdigit((unsigned char)*key)) return 0;
  return 1;
}

const dossier_shape *dossier_shape_child(const dossier_shape *shape, const char *key,
                                         const char **why) {
  const char *reason = "it has no parts";
  switch (shape->kind) {
  case DOSSIER_SHAPE_FREE:
    for (const dossier_shape_member *m = shape->members; m && m->key; m++)
      if (strcmp(m->key, key) == 0) return m->shape;
    return &free_copy;
  case DOSSIER_SHAPE_MAP: return shape->item;
  case DOSSIER_SHAPE_LIST:
    if (list_position(key)) return shape->item;
    reason = shape->unknown;
    break;
  case DOSSIER_SHAPE_OBJECT:
    for (const dossier_shape_member *m = shape->members; m->key; m++)
      if (strcmp(m->key, key) == 0) return m->shape;
    reason = shape->unknown;
    break;
  case DOSSIER_SHAPE_VALUE: reason = shape->unknown; break;
  }
  if (why) *why = reason;
  return NULL;
}

static int check_node(const dossier_shape *shape, const cJSON *node, char *where, size_t size,
                      size_t used) {
  if (cJSON_IsNull(node)) return 0;
  if (shape->kind == DOSSIER_SHAPE_FREE) {
    /* what stats adds to a copy has its shape; the rest is the dataset's */
    for (const dossier_shape_member *m = shape->members; m && m->key; m++) {
      const cJSON *added = cJSON_GetObjectItemCaseSensitive(node, m->key);
      size_t n = strlen(m->key) + (used ? 1 : 0);
      if (!added || used + n + 1 > size) continue;
      snprintf(where + used, size - used, "%s%s", used ? "." : "", m->key);
      if (check_node(m->shape, added, where, size, used + n) != 0) return -1;
      where[used] = '\0';
    }
    return 0;
  }
  int container = cJSON_IsObject(node) || cJSON_IsArray(node);
  int fits = shape->kind == DOSSIER_SHAPE_VALUE   ? !container
             : shape->kind == DOSSIER_SHAPE_LIST  ? cJSON_IsArray(node)
                                                  : cJSON_IsObject(node);
  if (!fits) return -1;
  int index = 0;
  const cJSON *child;
  cJSON_ArrayForEach(child, node) {
    char key[32];
    const char *name = child->string;
    if (cJSON_IsArray(node)) {
      snprintf(key, sizeof key, "%d", index++);
      name = key;
    }
    int n = snprintf(where + used, size - used, "%s%s", used ? "." : "", name);
    size_t next = n > 0 && (size_t)n < size - used ? used + (size_t)n : size - 1;
    const dossier_shape *s = dossier_shape_child(shape, name, NULL);
    if (!s || check_node(s, child, where, size, next) != 0) return -1;
    where[used] = '\0';
  }
  return 0;
}

int dossier_shape_check(const dossier_shape *shape, const cJSON *tree, char *where, size_t size) {
  if (size == 0) return -1;
  where[0] = '\0';
  return check_node(shape, tree, where, size, 0);
}

static void paths_of(const dossier_shape *shape, char *path, size_t size, size_t used,
                     void (*visit)(const char *path, void *ctx), void *ctx) {
  if (shape->kind == DOSSIER_SHAPE_OBJECT || shape->kind == DOSSIER_SHAPE_FREE) {
    for (const dossier_shape_member *m = shape->members; m && m->key; m++) {
      int n = snprintf(path + used, size - used, "%s%s", used ? "." : "", m->key);
      if (n < 0 || (size_t)n >= size - used) continue;
      visit(path, ctx);
      paths_of(m->shape, path, size, used + (size_t)n, visit, ctx);
      path[used] = '\0';
    }
  } else if (shape->kind == DOSSIER_SHAPE_MAP || shape->kind == DOSSIER_SHAPE_LIST) {
    int n = snprintf(path + used, size - used, "%s%s", used ? "." : "",
                     shape->kind == DOSSIER_SHAPE_MAP ? "*" : "0");
    if (n < 0 || (size_t)n >= size - used) return;
    visit(path, ctx);
    paths_of(shape->item, path, size, used + (size_t)n, visit, ctx);
    path[used] = '\0';
  }
}

void dossier_shape_paths(const dossier_shape *shape, void (*visit)(const char *path, void *ctx),
                         void *ctx) {
  char path[512] = "";
  paths_of(shape, path, sizeof path, 0, visit, ctx);
}
