/* exact.c: exact rationals on 128-bit integers (exact.h). */
#include "stats/exact.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef __int128 i128;
typedef unsigned __int128 u128;

static const i128 I128_MAX = (i128)(((u128)1 << 127) - 1);

static i128 abs128(i128 v) { return v < 0 ? -v : v; }

static i128 gcd128(i128 a, i128 b) {
  a = abs128(a);
  b = abs128(b);
  while (b) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* Puts num/den in lowest terms with den > 0; -1 when den is 0 or the value
 * cannot be held (the most negative number, whose negation overflows). */
static int normalise(dossier_exact *r, i128 num, i128 den) {
  if (den == 0 || num == -I128_MAX - 1 || den == -I128_MAX - 1) return -1;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 g = gcd128(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  if (num == 0) den = 1;
  r->num = num;
  r->den = den;
  return 0;
}

dossier_exact dossier_exact_int(long long v) {
  dossier_exact r = {(i128)v, 1};
  return r;
}

int dossier_exact_parse(dossier_exact *out, const char *text, size_t length) {
  size_t i = 0;
  int negative = 0;
  if (i < length && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  i128 mantissa = 0;
  int digits = 0, any = 0, scale = 0;
  for (; i < length && text[i] >= '0' && text[i] <= '9'; i++, any = 1) {
    if (mantissa == 0 && text[i] == '0') continue;
    if (++digits > 36) return -1;
    mantissa = mantissa * 10 + (text[i] - '0');
  }
  if (i < length && text[i] == '.') {
    for (i++; i < length && text[i] >= '0' && text[i] <= '9'; i++, any = 1) {
      if (mantissa == 0 && text[i] == '0') {
        scale++;
        continue;
      }
      if (++digits > 36) return -1;
      mantissa = mantissa * 10 + (text[i] - '0');
      scale++;
    }
  }
  if (!any) return -1;
  int exponent = 0;
  if (i < length && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    int eneg = 0, edigits = 0;
    if (i < length && (text[i] == '-' || text[i] == '+')) eneg = text[i++] == '-';
    for (; i < length && text[i] >= '0' && text[i] <= '9'; i++) {
      if (++edigits > 3) return -1;
      exponent = exponent * 10 + (text[i] - '0');
    }
    if (edigits == 0) return -1;
    if (eneg) exponent = -exponent;
  }
  if (i != length) return -1;
  int power = exponent - scale; /* value = mantissa × 10^power */
  if (power > 30 || power < -60) return -1;
  i128 num = negative ? -mantissa : mantissa, den = 1;
  for (; power > 0; power--) {
    if (__builtin_mul_overflow(num, (i128)10, &num)) return -1;
  }
  for (; power < 0; power++) {
    if (__builtin_mul_overflow(den, (i128)10, &den)) return -1;
  }
  return normalise(out, num, den);
}

int dossier_exact_parse_text(dossier_exact *out, const char *text) {
  const char *slash = strchr(text, '/');
  if (!slash) return dossier_exact_parse(out, text, strlen(text));
  dossier_exact n, d;
  if (dossier_exact_parse(&n, text, (size_t)(slash - text)) != 0 ||
      dossier_exact_parse(&d, slash + 1, strlen(slash + 1)) != 0)
    return -1;
  return dossier_exact_div(out, n, d);
}

int dossier_exact_add(dossier_exact *r, dossier_exact a, dossier_exact b) {
  i128 g = gcd128(a.den, b.den);
  i128 bd = b.den / g, ad = a.den / g, x, y, num, den;
  if (__builtin_mul_overflow(a.num, bd, &x) || __builtin_mul_overflow(b.num, ad, &y) ||
      __builtin_add_overflow(x, y, &num) || __builtin_mul_overflow(a.den, bd, &den))
    return -1;
  return normalise(r, num, den);
}

int dossier_exact_sub(dossier_exact *r, dossier_exact a, dossier_exact b) {
  if (b.num == -I128_MAX - 1) return -1;
  b.num = -b.num;
  return dossier_exact_add(r, a, b);
}

int dossier_exact_mul(dossier_exact *r, dossier_exact a, dossier_exact b) {
  /* cross-reduce first, so that in-range products never need more bits */
  i128 g1 = gcd128(a.num, b.den), g2 = gcd128(b.num, a.den);
  if (g1 == 0) g1 = 1;
  if (g2 == 0) g2 = 1;
  i128 num, den;
  if (__builtin_mul_overflow(a.num / g1, b.num / g2, &num) ||
      __builtin_mul_overflow(a.den / g2, b.den / g1, &den))
    return -1;
  return normalise(r, num, den);
}

int dossier_exact_div(dossier_exact *r, dossier_exact a, dossier_exact b) {
  if (b.num == 0) return -1;
  dossier_exact inverse;
  if (normalise(&inverse, b.den, b.num) != 0) return -1;
  return dossier_exact_mul(r, a, inverse);
}

/* floor(num/den) and the remainder in [0, den), den > 0. */
static void floor_div(i128 num, i128 den, i128 *q, i128 *rem) {
  i128 qq = num / den, rr = num % den;
  if (rr < 0) {
    rr += den;
    qq -= 1;
  }
  *q = qq;
  *rem = rr;
}

/* Compares a/b with c/d (b, d > 0) by their continued fractions: exact for
 * any values, with no product that could overflow. */
static int cmp_fractions(i128 a, i128 b, i128 c, i128 d) {
  for (int flip = 1;; flip = -flip) {
    i128 qa, ra, qc, rc;
    floor_div(a, b, &qa, &ra);
    floor_div(c, d, &qc, &rc);
    if (qa != qc) return (qa < qc ? -1 : 1) * flip;
    if (ra == 0 || rc == 0) {
      if (ra == rc) return 0;
      return (ra == 0 ? -1 : 1) * flip; /* the one with a remainder is larger */
    }
    /* ra/b < rc/d  ⟺  b/ra > d/rc */
    a = b;
    b = ra;
    c = d;
    d = rc;
  }
}

int dossier_exact_cmp(dossier_exact a, dossier_exact b) {
  return cmp_fractions(a.num, a.den, b.num, b.den);
}

int dossier_exact_sign(dossier_exact a) { return a.num < 0 ? -1 : a.num > 0 ? 1 : 0; }

dossier_exact dossier_exact_abs(dossier_exact a) {
  if (a.num < 0 && a.num != -I128_MAX - 1) a.num = -a.num;
  return a;
}

double dossier_exact_to_double(dossier_exact a) {
  /* through the exact decimal at 17 significant digits, which strtod rounds
   * correctly: (double)num / (double)den would round twice */
  char text[DOSSIER_EXACT_TEXT];
  if (dossier_exact_json(a, text, sizeof text) < 0) return (double)a.num / (double)a.den;
  return strtod(text, NULL);
}

int dossier_exact_decimal_places(dossier_exact a) {
  i128 d = a.den;
  int twos = 0, fives = 0;
  while (d % 2 == 0) {
    d /= 2;
    twos++;
  }
  while (d % 5 == 0) {
    d /= 5;
    fives++;
  }
  if (d != 1) return -1;
  return twos > fives ? twos : fives;
}

/* Writes the digits of v >= 0. */
static int put_unsigned(char *buf, size_t size, u128 v) {
  char digits[48];
  int n = 0;
  do {
    digits[n++] = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v);
  if ((size_t)n + 1 > size) return -1;
  for (int i = 0; i < n; i++) buf[i] = digits[n - 1 - i];
  buf[n] = '\0';
  return n;
}

/* Appends to buf (which holds `used` bytes) what fmt formats; -1 if it does not fit. */
static int append(char *buf, size_t size, int used, const char *text) {
  size_t n = strlen(text);
  if (used < 0 || (size_t)used + n + 1 > size) return -1;
  memcpy(buf + used, text, n + 1);
  return used + (int)n;
}

/* The integer part and `decimals` digits of |num/den|, the last rounded half
 * away from zero; *all_zero says whether every digit is 0. */
static int round_digits(char *buf, size_t size, i128 num, i128 den, int decimals, int *all_zero) {
  u128 n = (u128)abs128(num), d = (u128)den;
  u128 whole = n / d, rem = n % d;
  char frac[64];
  for (int i = 0; i < decimals; i++) {
    rem *= 10;
    frac[i] = (char)('0' + (int)(rem / d));
    rem %= d;
  }
  /* half away from zero: round up when the rest is at least one half */
  if (rem * 2 >= d) {
    int i = decimals - 1;
    while (i >= 0 && frac[i] == '9') frac[i--] = '0';
    if (i >= 0) frac[i]++;
    else whole++;
  }
  frac[decimals] = '\0';
  int used = put_unsigned(buf, size, whole);
  *all_zero = whole == 0 && strspn(frac, "0") == (size_t)decimals;
  if (used >= 0 && decimals > 0) {
    used = append(buf, size, used, ".");
    used = append(buf, size, used, frac);
  }
  return used;
}

int dossier_exact_round(dossier_exact a, int decimals, char *buf, size_t size) {
  if (size > 0) buf[0] = '\0';
  if (decimals < 0 || decimals > 20 || size < 2) return -1;
  char digits[DOSSIER_EXACT_TEXT];
  int zero = 0;
  if (round_digits(digits, sizeof digits, a.num, a.den, decimals, &zero) < 0) return -1;
  int used = 0;
  if (a.num < 0 && !zero) used = append(buf, size, used, "-");
  used = append(buf, size, used, digits);
  if (used < 0 && size > 0) buf[0] = '\0';
  return used;
}

dossier_exact dossier_exact_rounded(dossier_exact a, int decimals) {
  char text[DOSSIER_EXACT_TEXT];
  dossier_exact r = a;
  if (dossier_exact_round(a, decimals, text, sizeof text) >= 0)
    dossier_exact_parse(&r, text, strlen(text));
  return r;
}

int dossier_exact_text(dossier_exact a, char *buf, size_t size) {
  int places = dossier_exact_decimal_places(a);
  if (places >= 0 && places <= 38) return dossier_exact_round(a, places, buf, size);
  int used = 0;
  if (a.num < 0) used = append(buf, size, used, "-");
  char digits[48];
  if (put_unsigned(digits, sizeof digits, (u128)abs128(a.num)) < 0) return -1;
  used = append(buf, size, used, digits);
  used = append(buf, size, used, "/");
  if (put_unsigned(digits, sizeof digits, (u128)a.den) < 0) return -1;
  used = append(buf, size, used, digits);
  return used;
}

int dossier_exact_json(dossier_exact a, char *buf, size_t size) {
  int places = dossier_exact_decimal_places(a);
  if (places >= 0 && places <= 20) return dossier_exact_round(a, places, buf, size);
  /* 17 significant digits: find the decimal exponent of |a| first */
  if (a.num == 0) return dossier_exact_round(a, 0, buf, size);
  dossier_exact m = dossier_exact_abs(a), ten = dossier_exact_int(10);
  int exponent = 0; /* m = mantissa × 10^exponent, 1 <= mantissa < 10 */
  while (dossier_exact_cmp(m, ten) >= 0 && exponent < 60) {
    if (dossier_exact_div(&m, m, ten) != 0) return -1;
    exponent++;
  }
  while (dossier_exact_cmp(m, dossier_exact_int(1)) < 0 && exponent > -60) {
    if (dossier_exact_mul(&m, m, ten) != 0) return -1;
    exponent--;
  }
  char mantissa[DOSSIER_EXACT_TEXT];
  if (dossier_exact_round(m, 16, mantissa, sizeof mantissa) < 0) return -1;
  if (mantissa[0] == '1' && mantissa[1] == '0' && mantissa[2] == '.') { /* 9.99… rounded up */
    exponent++;
    mantissa[1] = '.';
    mantissa[2] = '0';
  }
  /* drop trailing zeros of the mantissa's decimals */
  size_t len = strlen(mantissa);
  while (len > 2 && mantissa[len - 1] == '0') mantissa[--len] = '\0';
  if (mantissa[len - 1] == '.') mantissa[--len] = '\0';
  int used = 0;
  if (a.num < 0) used = append(buf, size, used, "-");
  if (exponent >= -6 && exponent < 17) {
    /* plain form: move the point */
    char plain[DOSSIER_EXACT_TEXT * 2];
    char digits[32];
    size_t nd = 0;
    for (size_t i = 0; mantissa[i] && nd < sizeof digits - 1; i++)
      if (mantissa[i] != '.') digits[nd++] = mantissa[i];
    digits[nd] = '\0';
    size_t k = 0;
    if (exponent < 0) {
      plain[k++] = '0';
      plain[k++] = '.';
      for (int i = 0; i < -exponent - 1; i++) plain[k++] = '0';
      memcpy(plain + k, digits, nd + 1);
      k += nd;
    } else {
      for (int i = 0; i <= exponent; i++) plain[k++] = i < (int)nd ? digits[i] : '0';
      if ((int)nd > exponent + 1) {
        plain[k++] = '.';
        for (size_t i = (size_t)exponent + 1; i < nd; i++) plain[k++] = digits[i];
      }
      plain[k] = '\0';
    }
    return append(buf, size, used, plain);
  }
  char e[16];
  snprintf(e, sizeof e, "e%d", exponent);
  used = append(buf, size, used, mantissa);
  return append(buf, size, used, e);
}

int dossier_exact_of(const cJSON *node, dossier_exact *out) {
  if (!cJSON_IsNumber(node) || !isfinite(node->valuedouble)) return -1;
  if (node->valuestring && dossier_exact_parse_text(out, node->valuestring) == 0) return 0;
  /* a number without its exact text was set from a double (a year, 2020; an
   * estimate): read it at 15 significant digits, which drops the noise of
   * its binary computation (7.4999999999999964 is the 7.5 it was meant as) */
  char text[40];
  snprintf(text, sizeof text, "%.15g", node->valuedouble);
  return dossier_exact_parse(out, text, strlen(text));
}

cJSON *dossier_exact_node(dossier_exact a) {
  char text[DOSSIER_EXACT_TEXT];
  if (dossier_exact_text(a, text, sizeof text) < 0) return NULL;
  cJSON *node = cJSON_CreateNumber(dossier_exact_to_double(a));
  if (!node) return NULL;
  node->valuestring = strdup(text);
  if (!node->valuestring) {
    cJSON_Delete(node);
    return NULL;
  }
  return node;
}
