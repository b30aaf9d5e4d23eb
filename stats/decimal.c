#include "stats/decimal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits %.15e output ("-8.73500000000000e+01") into sign, 16 digits, exponent. */
static int decompose(double value, int *negative, char digits[17], int *exponent) {
  char text[40];
  int n = snprintf(text, sizeof text, "%.15e", value);
  if (n <= 0 || (size_t)n >= sizeof text) return -1;
  const char *p = text;
  *negative = (*p == '-');
  if (*p == '-' || *p == '+') p++;
  size_t k = 0;
  for (; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9') digits[k++] = *p;
  digits[k] = '\0';
  if (*p != 'e' || k != 16) return -1;
  *exponent = (int)strtol(p + 1, NULL, 10);
  return 0;
}

int dossier_decimal_round(double value, int decimals, char *buf, size_t size) {
  if (size > 0) buf[0] = '\0';
  if (!isfinite(value) || decimals < 0 || decimals > 15 || size == 0) return -1;

  /* The value's decimal digits at 15 significant digits: d0.d1…d14 × 10^exp. */
  int negative, exponent;
  char sig[17];
  if (decompose(value, &negative, sig, &exponent) != 0) return -1;
  /* %.15e printed 16 significant digits; keep 15, rounding half away on the
   * 16th. This is the step that turns 87.349999999999994 into 87.35. */
  char d[64];
  memset(d, '0', sizeof d);
  /* place digits so that d[i] is the digit of weight 10^(40 - i) */
  const int top = 40;
  if (exponent > top - 1 || exponent < -20) {
    if (exponent < -20) { /* far below any printed place: zero */
      snprintf(buf, size, "%s", "0");
      if (decimals > 0) {
        if ((size_t)decimals + 2 >= size) { buf[0] = '\0'; return -1; }
        strcat(buf, ".");
        for (int i = 0; i < decimals; i++) strcat(buf, "0");
      }
      return (int)strlen(buf);
    }
    return -1;
  }
  for (int i = 0; i < 16; i++) d[top - exponent + i] = sig[i];

  /* Round to 15 significant digits first (the representation step). */
  int carry_pos = top - exponent + 14; /* last kept significant digit */
  if (d[carry_pos + 1] >= '5') {
    int i = carry_pos;
    while (i >= 0 && d[i] == '9') d[i--] = '0';
    if (i >= 0) d[i]++;
  }
  for (int i = carry_pos + 1; i < (int)sizeof d; i++) d[i] = '0';

  /* Then round half away from zero at `decimals` places. Units digit is d[top]. */
  int last = top + decimals;
  if (last + 1 < (int)sizeof d && d[last + 1] >= '5') {
    int i = last;
    while (i >= 0 && d[i] == '9') d[i--] = '0';
    if (i >= 0) d[i]++;
  }

  /* Emit: skip leading zeros down to the units digit. */
  int first = 0;
  while (first < top && d[first] == '0') first++;
  int all_zero = 1;
  for (int i = first; i <= last; i++)
    if (d[i] != '0') all_zero = 0;
  char out[80];
  size_t k = 0;
  if (negative && !all_zero) out[k++] = '-';
  for (int i = first; i <= top; i++) out[k++] = d[i];
  if (decimals > 0) {
    out[k++] = '.';
    for (int i = top + 1; i <= last; i++) out[k++] = d[i];
  }
  out[k] = '\0';
  if (k + 1 > size) return -1;
  memcpy(buf, out, k + 1);
  return (int)k;
}

double dossier_decimal_round_value(double value, int decimals) {
  if (!isfinite(value)) return value;
  char buf[80];
  if (dossier_decimal_round(value, decimals, buf, sizeof buf) < 0) return value;
  return strtod(buf, NULL);
}
