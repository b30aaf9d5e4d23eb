#include "render/text/vnfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stats/decimal.h"
#include "stats/target.h"

/* Writes a printf-formatted string; -1 (and "") when it does not fit. */
static int put(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int put(char *buf, size_t size, const char *fmt, ...) {
  if (!buf || size == 0) return -1;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= size) {
    buf[0] = '\0';
    return -1;
  }
  return n;
}

int dossier_vnfmt_number(char *buf, size_t size, double value, int decimals) {
  if (!buf || size == 0) return -1;
  buf[0] = '\0';
  char plain[80];
  int n = dossier_decimal_round(value, decimals, plain, sizeof plain);
  if (n < 0) return -1;
  const char *p = plain;
  const char *point = strchr(plain, '.');
  size_t int_end = point ? (size_t)(point - plain) : (size_t)n;
  size_t k = 0;
  char out[128];
  if (*p == '-') out[k++] = *p++;
  size_t digits = int_end - (size_t)(p - plain);
  for (size_t i = 0; i < digits; i++) {
    /* a dot before each group of three counted from the units digit */
    if (i > 0 && (digits - i) % 3 == 0) out[k++] = '.';
    out[k++] = p[i];
  }
  if (point) {
    out[k++] = ',';
    for (const char *q = point + 1; *q; q++) out[k++] = *q;
  }
  out[k] = '\0';
  return put(buf, size, "%s", out);
}

int dossier_vnfmt_percent(char *buf, size_t size, double value, int decimals) {
  char number[128];
  if (dossier_vnfmt_number(number, sizeof number, value, decimals) < 0) {
    if (buf && size) buf[0] = '\0';
    return -1;
  }
  return put(buf, size, "%s%%", number);
}

static int valid_date(int year, int month, int day) {
  static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return 0;
  if (day > days[month - 1]) return 0;
  if (month == 2 && day == 29) {
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (!leap) return 0;
  }
  return 1;
}

int dossier_vnfmt_date(char *buf, size_t size, int year, int month, int day) {
  if (!valid_date(year, month, day)) {
    if (buf && size) buf[0] = '\0';
    return -1;
  }
  /* Official style (Nghị định 30/2020): days 1–9 and months 1–2 are written
   * with a leading zero so a date cannot be altered by hand afterwards. */
  return put(buf, size, "ngày %s%d tháng %s%d năm %d", day < 10 ? "0" : "", day,
             month < 3 ? "0" : "", month, year);
}

int dossier_vnfmt_date_short(char *buf, size_t size, int year, int month, int day) {
  if (!valid_date(year, month, day)) {
    if (buf && size) buf[0] = '\0';
    return -1;
  }
  return put(buf, size, "%d/%d/%d", day, month, year);
}

/* Formats `value` with one decimal, or with more (up to 3) when one decimal
 * would round onto `avoid` — so "chưa đạt" is never followed by "đạt 100,0%". */
static int number_avoiding(char *buf, size_t size, double value, double avoid) {
  for (int decimals = 1; decimals <= 3; decimals++) {
    if (dossier_decimal_round_value(value, decimals) != avoid)
      return dossier_vnfmt_number(buf, size, value, decimals);
  }
  return -1;
}

static double number_of(const cJSON *object, const char *key, int *ok) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
    *ok = 0;
    return 0.0;
  }
  return item->valuedouble;
}

/* The sentence for a target whose comparison on the term figure says "met"
 * but whose engine verdict is "missed" (a yearly target missed in some year). */
static int missed_some_years(char *buf, size_t size, const cJSON *target) {
  int ok = 1;
  double met = number_of(target, "years_met", &ok);
  double total = number_of(target, "years_total", &ok);
  if (ok && total > 0 && met < total)
    return put(buf, size, "chưa đạt chỉ tiêu (đạt trong %.0f/%.0f năm)", met, total);
  return put(buf, size, "chưa đạt chỉ tiêu");
}

/* Rates: the margin is a difference of percentages, in percentage points. */
static int rate_phrase(char *buf, size_t size, double term, double goal, int at_most) {
  double diff = term - goal;
  double rounded = dossier_decimal_round_value(fabs(diff), 1);
  char margin[64];
  if (dossier_vnfmt_number(margin, sizeof margin, fabs(diff), 1) < 0) return -1;
  if (diff == 0.0) return put(buf, size, "đạt chỉ tiêu");
  if (!at_most) {
    if (diff > 0) {
      if (rounded == 0.0) return put(buf, size, "đạt chỉ tiêu");
      return put(buf, size, "cao hơn chỉ tiêu %s điểm phần trăm", margin);
    }
    if (rounded == 0.0)
      return put(buf, size, "chưa đạt chỉ tiêu (thấp hơn chỉ tiêu chưa đến 0,1 điểm phần trăm)");
    return put(buf, size, "thấp hơn chỉ tiêu %s điểm phần trăm", margin);
  }
  if (diff < 0) {
    if (rounded == 0.0) return put(buf, size, "đạt chỉ tiêu");
    return put(buf, size, "đạt chỉ tiêu (thấp hơn mức tối đa %s điểm phần trăm)", margin);
  }
  if (rounded == 0.0)
    return put(buf, size, "chưa đạt chỉ tiêu (vượt mức tối đa chưa đến 0,1 điểm phần trăm)");
  return put(buf, size, "chưa đạt chỉ tiêu (vượt mức tối đa %s điểm phần trăm)", margin);
}

/* Counts and levels: the margin is relative to the target, in percent. */
static int count_phrase(char *buf, size_t size, double term, double goal, int at_most) {
  if (term == goal) return put(buf, size, "đạt chỉ tiêu");
  if (goal <= 0.0) {
    /* No relative margin exists against a zero target: give the excess itself. */
    int met = at_most ? term <= goal : term >= goal;
    if (met) return put(buf, size, "đạt chỉ tiêu");
    char excess[64];
    if (dossier_vnfmt_number(excess, sizeof excess, fabs(term - goal), 0) < 0) return -1;
    if (at_most) return put(buf, size, "chưa đạt chỉ tiêu (vượt mức tối đa %s)", excess);
    return put(buf, size, "chưa đạt chỉ tiêu (thấp hơn chỉ tiêu %s)", excess);
  }
  double ratio_pct = term / goal * 100.0;
  /* (term − goal)·100/goal, not ratio − 100, which loses the digit that
   * decides the rounding (2009 against 2000: 0,45 → "0,5", not "0,4") */
  double over = dossier_relative_pct(term, goal);
  char text[64];
  if (!at_most) {
    if (over > 0) {
      if (dossier_decimal_round_value(over, 1) == 0.0) return put(buf, size, "đạt chỉ tiêu");
      if (dossier_vnfmt_number(text, sizeof text, over, 1) < 0) return -1;
      return put(buf, size, "vượt %s%% so với chỉ tiêu", text);
    }
    if (number_avoiding(text, sizeof text, ratio_pct, 100.0) < 0)
      return put(buf, size, "chưa đạt chỉ tiêu (đạt gần 100%%)");
    return put(buf, size, "chưa đạt chỉ tiêu (đạt %s%%)", text);
  }
  if (over < 0) {
    if (dossier_decimal_round_value(-over, 1) == 0.0) return put(buf, size, "đạt chỉ tiêu");
    if (dossier_vnfmt_number(text, sizeof text, -over, 1) < 0) return -1;
    return put(buf, size, "đạt chỉ tiêu (thấp hơn mức tối đa %s%%)", text);
  }
  if (number_avoiding(text, sizeof text, over, 0.0) < 0)
    return put(buf, size, "chưa đạt chỉ tiêu (vượt mức tối đa chưa đến 0,001%%)");
  return put(buf, size, "chưa đạt chỉ tiêu (vượt mức tối đa %s%%)", text);
}

int dossier_vnfmt_target_phrase(char *buf, size_t size, const cJSON *indicator) {
  if (!buf || size == 0) return -1;
  buf[0] = '\0';
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(indicator, "target");
  if (!cJSON_IsObject(target)) return -1;
  const cJSON *kind = cJSON_GetObjectItemCaseSensitive(indicator, "kind");
  const cJSON *direction = cJSON_GetObjectItemCaseSensitive(target, "direction");
  int at_most = cJSON_IsString(direction) && strcmp(direction->valuestring, "at_most") == 0;
  int is_rate = cJSON_IsString(kind) && strcmp(kind->valuestring, "rate") == 0;

  /* No verdict without the figures to judge: the engine's `met` is null, or a
   * count misses years so its sum is not the term's (a partial sum would be
   * judged against the whole term's target). */
  const cJSON *met = cJSON_GetObjectItemCaseSensitive(target, "met");
  const cJSON *missing = cJSON_GetObjectItemCaseSensitive(indicator, "missing_years");
  int is_count = cJSON_IsString(kind) && strcmp(kind->valuestring, "count") == 0;
  const cJSON *scope = cJSON_GetObjectItemCaseSensitive(target, "scope");
  int yearly = cJSON_IsString(scope) && strcmp(scope->valuestring, "year") == 0;
  int partial = is_count && cJSON_IsArray(missing) && cJSON_GetArraySize(missing) > 0;
  /* a year it has that misses a yearly target is a miss whatever the others were */
  if (partial && yearly && cJSON_IsFalse(met)) return missed_some_years(buf, size, target);
  if (cJSON_IsNull(met) || partial) return put(buf, size, "chưa đủ số liệu để đánh giá");
  int ok = 1;
  double term = number_of(indicator, "term", &ok);
  double goal = number_of(target, "value", &ok);
  if (!ok) return -1;
  /* A count against a yearly target is judged year by year (a yearly limit is
   * not compared with the sum of five years): say the engine's verdict. A
   * report year's node (no years_total) compares its one year like a term. */
  if (is_count && yearly && cJSON_IsBool(met) && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(target, "years_total"))) {
    if (cJSON_IsFalse(met)) return missed_some_years(buf, size, target);
    return put(buf, size, "đạt chỉ tiêu");
  }

  int term_met = at_most ? term <= goal : term >= goal;
  /* The engine's verdict also covers every year of a yearly target; a report
   * must never call met what it says was missed. */
  if (term_met && cJSON_IsFalse(met)) return missed_some_years(buf, size, target);

  return is_rate ? rate_phrase(buf, size, term, goal, at_most)
                 : count_phrase(buf, size, term, goal, at_most);
}
