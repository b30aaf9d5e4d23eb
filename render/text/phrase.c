/* phrase.c: target, change and fraction sentences (phrase.h). */
#include "render/text/phrase.h"

#include <stdio.h>
#include <string.h>

#include "render/text/figure.h"
#include "stats/exact.h"

static const cJSON *get(const cJSON *object, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(object, key);
}

static int is(const cJSON *object, const char *key, const char *value) {
  const cJSON *item = get(object, key);
  return cJSON_IsString(item) && strcmp(item->valuestring, value) == 0;
}

/* Appends |v| with its usual `decimals`, more when it is not zero but would
 * print as 0 (rule 3). */
/* A change that needs more decimals than this to print apart from 0 is "thay
 * đổi không đáng kể" (docs/templates.md, the change filter). */
enum { CHANGE_MOST_DECIMALS = 3 };

static void add_magnitude(dossier_buf *out, dossier_exact v, int decimals) {
  dossier_exact m = dossier_exact_abs(v);
  dossier_figure_format_places(out, NULL, NULL, m, dossier_figure_decimals_nonzero(m, decimals), 0);
}

/* "chưa đạt chỉ tiêu (đạt trong 4/5 năm)": a yearly target missed in some year. */
static void missed_some_years(dossier_buf *out, const cJSON *target) {
  const cJSON *met = get(target, "years_met"), *total = get(target, "years_total");
  if (cJSON_IsNumber(met) && cJSON_IsNumber(total) && total->valuedouble > 0 &&
      met->valuedouble < total->valuedouble)
    dossier_buf_addf(out, "chưa đạt chỉ tiêu (đạt trong %.0f/%.0f năm)", met->valuedouble,
                     total->valuedouble);
  else
    dossier_buf_adds(out, "chưa đạt chỉ tiêu");
}

/* A rate: the margin is a difference of percentages, in percentage points. */
static void rate_sentence(dossier_buf *out, int met, int at_most, dossier_exact margin) {
  if (dossier_exact_is_zero(margin)) {
    dossier_buf_adds(out, "đạt chỉ tiêu");
    return;
  }
  if (!at_most) dossier_buf_adds(out, met ? "cao hơn chỉ tiêu " : "thấp hơn chỉ tiêu ");
  else dossier_buf_adds(out, met ? "đạt chỉ tiêu (thấp hơn mức tối đa " : "chưa đạt chỉ tiêu (vượt mức tối đa ");
  add_magnitude(out, margin, 1);
  dossier_buf_adds(out, at_most ? " điểm phần trăm)" : " điểm phần trăm");
}

/* A count or level: the margin is relative to the target, in percent. */
static void count_sentence(dossier_buf *out, const cJSON *indicator, const cJSON *target, int met,
                           int at_most) {
  dossier_exact margin, attainment, term, goal;
  int has_margin = dossier_exact_of(get(target, "margin"), &margin) == 0;
  if (!has_margin) {
    /* no relative margin against a zero target: the excess itself */
    if (met || dossier_exact_of(get(indicator, "term"), &term) != 0 ||
        dossier_exact_of(get(target, "value"), &goal) != 0) {
      dossier_buf_adds(out, "đạt chỉ tiêu");
      return;
    }
    dossier_exact excess;
    if (dossier_exact_sub(&excess, term, goal) != 0) excess = term;
    dossier_buf_adds(out, at_most ? "chưa đạt chỉ tiêu (vượt mức tối đa "
                                  : "chưa đạt chỉ tiêu (thấp hơn chỉ tiêu ");
    add_magnitude(out, excess, dossier_exact_is_whole(excess) ? 0 : 1);
    dossier_buf_adds(out, ")");
    return;
  }
  if (dossier_exact_is_zero(margin)) {
    dossier_buf_adds(out, "đạt chỉ tiêu");
    return;
  }
  if (!at_most && met) {
    dossier_buf_adds(out, "vượt ");
    add_magnitude(out, margin, 1);
    dossier_buf_adds(out, "% so với chỉ tiêu");
  } else if (!at_most) {
    dossier_buf_adds(out, "chưa đạt chỉ tiêu (đạt ");
    if (dossier_exact_of(get(target, "attainment_pct"), &attainment) == 0)
      dossier_figure_format_places(out, "rate", "%", attainment,
                                   dossier_figure_decimals_apart(attainment, 1, dossier_exact_int(100)),
                                   1);
    else
      dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    dossier_buf_adds(out, ")");
  } else {
    dossier_buf_adds(out, met ? "đạt chỉ tiêu (thấp hơn mức tối đa " : "chưa đạt chỉ tiêu (vượt mức tối đa ");
    add_magnitude(out, margin, 1);
    dossier_buf_adds(out, "%)");
  }
}

int dossier_phrase_target(dossier_buf *out, const cJSON *indicator) {
  const cJSON *target = get(indicator, "target");
  if (!cJSON_IsObject(target)) return 0;
  int at_most = is(target, "direction", "at_most");
  int rate = is(indicator, "kind", "rate");
  int count = is(indicator, "kind", "count");
  int yearly = is(target, "scope", "year");
  const cJSON *met = get(target, "met"), *term_met = get(target, "term_met");
  const cJSON *missing = get(indicator, "missing_years");
  /* a count missing years: its sum covers part of the term, no verdict on it */
  int partial = count && cJSON_IsArray(missing) && cJSON_GetArraySize(missing) > 0;
  /* a year it has that misses a yearly target is a miss whatever the others were */
  if (partial && yearly && cJSON_IsFalse(met)) {
    missed_some_years(out, target);
    return 1;
  }
  if (cJSON_IsNull(met) || partial) {
    dossier_buf_adds(out, "chưa đủ số liệu để đánh giá");
    return 1;
  }
  if (!cJSON_IsBool(met) || !cJSON_IsNumber(get(indicator, "term"))) return 0;
  /* a count against a yearly target is judged year by year, never its sum */
  if (count && yearly && cJSON_IsNumber(get(target, "years_total"))) {
    if (cJSON_IsTrue(met)) dossier_buf_adds(out, "đạt chỉ tiêu");
    else missed_some_years(out, target);
    return 1;
  }
  /* met on the term figure but missed in some year of a yearly target */
  if (cJSON_IsTrue(term_met) && cJSON_IsFalse(met)) {
    missed_some_years(out, target);
    return 1;
  }
  int reached = cJSON_IsTrue(term_met) || (!cJSON_IsBool(term_met) && cJSON_IsTrue(met));
  if (rate) {
    dossier_exact margin;
    if (dossier_exact_of(get(target, "margin"), &margin) != 0) return 0;
    rate_sentence(out, reached, at_most, margin);
  } else {
    count_sentence(out, indicator, target, reached, at_most);
  }
  return 1;
}

int dossier_phrase_change(dossier_buf *out, const cJSON *change, const cJSON *indicator) {
  if (cJSON_IsNull(change)) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return 0;
  }
  const cJSON *first = get(change, "first_year");
  if (!cJSON_IsObject(change) || !cJSON_IsNumber(first)) return -1;
  dossier_exact absolute, relative;
  if (dossier_exact_of(get(change, "absolute"), &absolute) != 0) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return 0;
  }
  char since[64];
  snprintf(since, sizeof since, " so với năm %d", first->valueint);
  if (dossier_exact_is_zero(absolute)) { /* only an exact 0 is no change */
    dossier_buf_adds(out, "không thay đổi");
    dossier_buf_adds(out, since);
    return 0;
  }
  const cJSON *unit = indicator ? get(indicator, "unit") : NULL;
  const char *unit_text = cJSON_IsString(unit) ? unit->valuestring : NULL;
  const cJSON *kind = indicator ? get(indicator, "kind") : NULL;
  /* what the change is said in: a rate's in percentage points (a difference
   * of percentages), else relative in %, else (from a zero base) itself */
  enum { POINTS, PERCENT, ITSELF } said;
  dossier_exact size = absolute;
  if (indicator && dossier_figure_is_rate(cJSON_IsString(kind) ? kind->valuestring : NULL, unit_text))
    said = POINTS;
  else if (dossier_exact_of(get(change, "relative_pct"), &relative) == 0)
    said = PERCENT, size = relative;
  else
    said = ITSELF;
  int decimals = said == ITSELF && dossier_exact_is_whole(absolute) ? 0 : 1;
  size = dossier_exact_abs(size);
  decimals = dossier_figure_decimals_nonzero(size, decimals);
  if (decimals > CHANGE_MOST_DECIMALS) { /* it would print 0,000: too small to say */
    dossier_buf_adds(out, "thay đổi không đáng kể");
    dossier_buf_adds(out, since);
    return 0;
  }
  dossier_buf_adds(out, dossier_exact_sign(absolute) > 0 ? "tăng " : "giảm ");
  dossier_figure_format_places(out, NULL, NULL, size, decimals, 0);
  if (said == POINTS) dossier_buf_adds(out, " điểm phần trăm");
  else if (said == PERCENT) dossier_buf_adds(out, "%");
  else if (unit_text && unit_text[0] && strcmp(unit_text, "%") != 0)
    dossier_buf_addf(out, " %s", unit_text);
  dossier_buf_adds(out, since);
  return 0;
}

void dossier_phrase_fraction(dossier_buf *out, const cJSON *numerator, const cJSON *denominator,
                             const char *word) {
  dossier_exact num, den;
  int have = dossier_exact_of(numerator, &num) == 0 && dossier_exact_of(denominator, &den) == 0;
  if (!have) {
    dossier_buf_adds(out, DOSSIER_FIGURE_NONE);
    return;
  }
  dossier_figure_format(out, "count", NULL, num, 0);
  dossier_buf_adds(out, "/");
  dossier_figure_format(out, "count", NULL, den, 0);
  if (word && word[0] && strcmp(word, "%") != 0) dossier_buf_addf(out, " %s", word);
  if (dossier_exact_sign(den) > 0) {
    dossier_exact share;
    if (dossier_exact_mul(&share, num, dossier_exact_int(100)) == 0 &&
        dossier_exact_div(&share, share, den) == 0) {
      dossier_buf_adds(out, " (");
      dossier_figure_format_places(out, "rate", "%", share,
                                   dossier_figure_decimals_apart(share, 1, dossier_exact_int(100)), 1);
      dossier_buf_adds(out, ")");
    }
  }
}
