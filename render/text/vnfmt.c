/* vnfmt.c: Vietnamese numbers and dates (vnfmt.h). */
#include "render/text/vnfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/date.h"

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

int dossier_vnfmt_exact(char *buf, size_t size, dossier_exact value, int decimals) {
  if (!buf || size == 0) return -1;
  buf[0] = '\0';
  char plain[DOSSIER_EXACT_TEXT];
  int n = dossier_exact_round(value, decimals, plain, sizeof plain);
  if (n < 0) return -1;
  const char *p = plain;
  const char *point = strchr(plain, '.');
  size_t int_end = point ? (size_t)(point - plain) : (size_t)n;
  size_t k = 0;
  char out[2 * DOSSIER_EXACT_TEXT];
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

int dossier_vnfmt_number(char *buf, size_t size, double value, int decimals) {
  if (buf && size) buf[0] = '\0';
  cJSON node;
  memset(&node, 0, sizeof node);
  node.type = cJSON_Number;
  node.valuedouble = value;
  dossier_exact exact;
  if (dossier_exact_of(&node, &exact) != 0) return -1;
  return dossier_vnfmt_exact(buf, size, exact, decimals);
}

int dossier_vnfmt_date(char *buf, size_t size, int year, int month, int day) {
  if (!dossier_date_valid(year, month, day)) {
    if (buf && size) buf[0] = '\0';
    return -1;
  }
  /* Official style (Nghị định 30/2020): days 1–9 and months 1–2 are written
   * with a leading zero so a date cannot be altered by hand afterwards. */
  return put(buf, size, "ngày %s%d tháng %s%d năm %d", day < 10 ? "0" : "", day,
             month < 3 ? "0" : "", month, year);
}

int dossier_vnfmt_date_short(char *buf, size_t size, int year, int month, int day) {
  if (!dossier_date_valid(year, month, day)) {
    if (buf && size) buf[0] = '\0';
    return -1;
  }
  return put(buf, size, "%d/%d/%d", day, month, year);
}

