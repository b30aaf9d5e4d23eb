/* figure.c: the printed form of a figure (figure.h). */
#include "render/text/figure.h"

#include <stdio.h>
#include <string.h>

#include "render/text/vnfmt.h"

/* Decimals beyond which no figure of a dataset (at most 6 decimals, means
 * and ratios of them) needs more to show itself apart. */
enum { MOST_DECIMALS = 20 };

static const char *string_of(const cJSON *object, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

int dossier_figure_is_rate(const char *kind, const char *unit) {
  return (kind && strcmp(kind, "rate") == 0) || (unit && strcmp(unit, "%") == 0);
}

int dossier_figure_decimals(const char *kind, const char *unit, dossier_exact value) {
  if (dossier_figure_is_rate(kind, unit)) return 1;
  return dossier_exact_is_whole(value) ? 0 : 1;
}

int dossier_figure_decimals_apart(dossier_exact value, int decimals, dossier_exact avoid) {
  if (dossier_exact_cmp(value, avoid) == 0) return decimals;
  int d = decimals;
  while (d < MOST_DECIMALS && dossier_exact_cmp(dossier_exact_rounded(value, d), avoid) == 0) d++;
  return d;
}

int dossier_figure_decimals_nonzero(dossier_exact value, int decimals) {
  return dossier_figure_decimals_apart(value, decimals, dossier_exact_int(0));
}

int dossier_figure_target_decimals(dossier_exact target) {
  int places = dossier_exact_decimal_places(target);
  return places < 0 || places > 6 ? 6 : places;
}

void dossier_figure_format_places(dossier_buf *out, const char *kind, const char *unit,
                                  dossier_exact value, int decimals, int with_unit) {
  char text[2 * DOSSIER_EXACT_TEXT];
  if (dossier_vnfmt_exact(text, sizeof text, value, decimals) < 0) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return;
  }
  dossier_buf_adds(out, text);
  if (!with_unit) return;
  if (dossier_figure_is_rate(kind, unit)) dossier_buf_adds(out, "%");
  else if (unit && *unit) dossier_buf_addf(out, " %s", unit);
}

void dossier_figure_format(dossier_buf *out, const char *kind, const char *unit,
                           dossier_exact value, int with_unit) {
  dossier_figure_format_places(out, kind, unit, value, dossier_figure_decimals(kind, unit, value),
                               with_unit);
}

void dossier_figure_format_target(dossier_buf *out, const char *kind, const char *unit,
                                  dossier_exact value, int with_unit) {
  dossier_figure_format_places(out, kind, unit, value, dossier_figure_target_decimals(value),
                               with_unit);
}

int dossier_figure_node_decimals(const cJSON *indicator, dossier_exact value, int year) {
  const char *kind = string_of(indicator, "kind"), *unit = string_of(indicator, "unit");
  int decimals = dossier_figure_decimals(kind, unit, value);
  /* a rate given as numerator/denominator is a share x/y: unless x = y, it
   * never prints as 100,0 (1.999 of 2.000 bases: 99,95) */
  const cJSON *numerator = cJSON_GetObjectItemCaseSensitive(indicator, "numerator");
  if (dossier_figure_is_rate(kind, unit) && numerator && !cJSON_IsNull(numerator))
    decimals = dossier_figure_decimals_apart(value, decimals, dossier_exact_int(100));
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(indicator, "target");
  dossier_exact goal;
  if (year < 0 || !cJSON_IsObject(target) ||
      dossier_exact_of(cJSON_GetObjectItemCaseSensitive(target, "value"), &goal) != 0)
    return decimals;
  const cJSON *verdict = cJSON_GetObjectItemCaseSensitive(target, "term_met");
  if (year > 0) {
    char key[16];
    snprintf(key, sizeof key, "%d", year);
    verdict = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(target, "years"), key),
        "met");
  }
  /* a figure that missed its target never prints as the target (rule 3) */
  if (cJSON_IsFalse(verdict)) return dossier_figure_decimals_apart(value, decimals, goal);
  return decimals;
}

void dossier_figure_print(dossier_buf *out, const cJSON *indicator, const cJSON *value, int year,
                          int with_unit) {
  dossier_exact v;
  if (dossier_exact_of(value, &v) != 0) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return;
  }
  dossier_figure_format_places(out, string_of(indicator, "kind"), string_of(indicator, "unit"), v,
                               dossier_figure_node_decimals(indicator, v, year), with_unit);
}

void dossier_figure_print_target(dossier_buf *out, const cJSON *indicator) {
  dossier_exact goal;
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(indicator, "target");
  if (dossier_exact_of(cJSON_GetObjectItemCaseSensitive(target, "value"), &goal) != 0) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return;
  }
  dossier_figure_format_target(out, string_of(indicator, "kind"), string_of(indicator, "unit"),
                               goal, 1);
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

void dossier_figure_print_number(dossier_buf *out, const cJSON *node, int decimals, int percent) {
  dossier_exact v;
  if (dossier_exact_of(node, &v) != 0) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return;
  }
  if (decimals < 0) decimals = percent ? 1 : dossier_figure_decimals(NULL, NULL, v);
  const char *key = node->string ? node->string : "";
  /* an attainment, or a share x/y of a count (a rating level's pct, the
   * units meeting a target): 100,0 only when it is 100 */
  if (ends_with(key, "attainment_pct") || strcmp(key, "pct") == 0 ||
      strcmp(key, "good_or_better_pct") == 0 || strcmp(key, "meeting_target_pct") == 0)
    decimals = dossier_figure_decimals_apart(v, decimals, dossier_exact_int(100));
  else if (strcmp(key, "margin") == 0 || strcmp(key, "absolute") == 0 ||
           strcmp(key, "relative_pct") == 0 || strcmp(key, "average_yearly") == 0)
    decimals = dossier_figure_decimals_nonzero(v, decimals);
  dossier_figure_format_places(out, percent ? "rate" : NULL, NULL, v, decimals, percent);
}
