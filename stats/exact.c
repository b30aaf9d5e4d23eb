/* exact.c: exact rationals (exact.h) — 128-bit fractions, and GMP's for the
 * values that do not fit in them. */
#include "stats/exact.h"

#include <gmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef __int128 i128;
typedef unsigned __int128 u128;

static const i128 I128_MAX = (i128)(((u128)1 << 127) - 1);

/* ---- the arena of large values -------------------------------------------- */

/* A value too large for 128 bits: a canonical GMP rational, kept in the
 * thread's arena until its outermost scope ends (exact.h). */
struct dossier_exact_big {
  mpq_t q;
  struct dossier_exact_big *next;
};

static _Thread_local struct dossier_exact_big *arena;
static _Thread_local int scope_depth;

static void arena_free(void) {
  while (arena) {
    struct dossier_exact_big *next = arena->next;
    mpq_clear(arena->q);
    free(arena);
    arena = next;
  }
}

void dossier_exact_scope_enter(void) { scope_depth++; }

void dossier_exact_scope_leave(void) {
  if (scope_depth > 0 && --scope_depth == 0) arena_free();
}

/* what the main thread computed outside any scope goes at exit */
__attribute__((destructor)) static void arena_free_at_exit(void) { arena_free(); }

static const dossier_exact INVALID = {1, 0, NULL};

static int is_invalid(dossier_exact a) { return a.den == 0; }

static void mpz_set_i128(mpz_t z, i128 v) {
  u128 m = v < 0 ? -(u128)v : (u128)v;
  uint64_t limbs[2] = {(uint64_t)m, (uint64_t)(m >> 64)};
  mpz_import(z, 2, -1, sizeof limbs[0], 0, 0, limbs);
  if (v < 0) mpz_neg(z, z);
}

/* z as a 128-bit integer (its magnitude below 2^127); -1 when larger. */
static int mpz_get_i128(const mpz_t z, i128 *out) {
  if (mpz_sizeinbase(z, 2) > 126) return -1;
  uint64_t limbs[2] = {0, 0};
  size_t count = 0;
  mpz_export(limbs, &count, -1, sizeof limbs[0], 0, 0, z);
  i128 m = (i128)(((u128)limbs[1] << 64) | limbs[0]);
  *out = mpz_sgn(z) < 0 ? -m : m;
  return 0;
}

static void to_mpq(mpq_t q, dossier_exact a) {
  if (a.big) {
    mpq_set(q, a.big->q);
  } else {
    mpz_set_i128(mpq_numref(q), a.num);
    mpz_set_i128(mpq_denref(q), a.den);
  }
}

/* *r = q (canonical): a 128-bit fraction when it fits, else a new arena
 * value (q is taken over). -1 when out of memory. */
static int from_mpq(dossier_exact *r, mpq_t q) {
  i128 num, den;
  if (mpz_get_i128(mpq_numref(q), &num) == 0 && mpz_get_i128(mpq_denref(q), &den) == 0) {
    r->num = num;
    r->den = den;
    r->big = NULL;
    return 0;
  }
  struct dossier_exact_big *big = malloc(sizeof *big);
  if (!big) return -1;
  mpq_init(big->q);
  mpq_swap(big->q, q);
  big->next = arena;
  arena = big;
  /* num and den keep the sign and the wholeness for the inline tests */
  r->num = mpq_sgn(big->q);
  r->den = mpz_cmp_ui(mpq_denref(big->q), 1) == 0 ? 1 : 2;
  r->big = big;
  return 0;
}

typedef void (*mpq_operation)(mpq_ptr, mpq_srcptr, mpq_srcptr);

static int big_operation(dossier_exact *r, dossier_exact a, dossier_exact b, mpq_operation op) {
  mpq_t x, y, z;
  mpq_inits(x, y, z, NULL);
  to_mpq(x, a);
  to_mpq(y, b);
  op(z, x, y);
  int status = from_mpq(r, z);
  mpq_clears(x, y, z, NULL);
  return status;
}

/* ---- 128-bit fractions ---------------------------------------------------- */

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
  r->big = NULL;
  return 0;
}

static int small_add(dossier_exact *r, dossier_exact a, dossier_exact b) {
  i128 g = gcd128(a.den, b.den);
  i128 bd = b.den / g, ad = a.den / g, x, y, num, den;
  if (__builtin_mul_overflow(a.num, bd, &x) || __builtin_mul_overflow(b.num, ad, &y) ||
      __builtin_add_overflow(x, y, &num) || __builtin_mul_overflow(a.den, bd, &den))
    return -1;
  return normalise(r, num, den);
}

static int small_mul(dossier_exact *r, dossier_exact a, dossier_exact b) {
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

/* ---- arithmetic ----------------------------------------------------------- */

dossier_exact dossier_exact_int(long long v) {
  dossier_exact r = {(i128)v, 1, NULL};
  return r;
}

int dossier_exact_add(dossier_exact *r, dossier_exact a, dossier_exact b) {
  if (is_invalid(a) || is_invalid(b)) return -1;
  if (!a.big && !b.big && small_add(r, a, b) == 0) return 0;
  return big_operation(r, a, b, mpq_add);
}

int dossier_exact_sub(dossier_exact *r, dossier_exact a, dossier_exact b) {
  if (is_invalid(a) || is_invalid(b)) return -1;
  if (!a.big && !b.big && b.num != -I128_MAX - 1) {
    dossier_exact minus_b = {-b.num, b.den, NULL};
    if (small_add(r, a, minus_b) == 0) return 0;
  }
  return big_operation(r, a, b, mpq_sub);
}

int dossier_exact_mul(dossier_exact *r, dossier_exact a, dossier_exact b) {
  if (is_invalid(a) || is_invalid(b)) return -1;
  if (!a.big && !b.big && small_mul(r, a, b) == 0) return 0;
  return big_operation(r, a, b, mpq_mul);
}

int dossier_exact_div(dossier_exact *r, dossier_exact a, dossier_exact b) {
  if (is_invalid(a) || is_invalid(b) || dossier_exact_is_zero(b)) return -1;
  if (!a.big && !b.big) {
    dossier_exact inverse;
    if (normalise(&inverse, b.den, b.num) == 0 && small_mul(r, a, inverse) == 0) return 0;
  }
  return big_operation(r, a, b, mpq_div);
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
  if (is_invalid(a) || is_invalid(b)) return is_invalid(a) - is_invalid(b);
  if (!a.big && !b.big) return cmp_fractions(a.num, a.den, b.num, b.den);
  mpq_t x, y;
  mpq_inits(x, y, NULL);
  to_mpq(x, a);
  to_mpq(y, b);
  int c = mpq_cmp(x, y);
  mpq_clears(x, y, NULL);
  return c < 0 ? -1 : c > 0;
}

int dossier_exact_sign(dossier_exact a) {
  if (is_invalid(a)) return 0;
  return a.num < 0 ? -1 : a.num > 0 ? 1 : 0;
}

dossier_exact dossier_exact_abs(dossier_exact a) {
  if (is_invalid(a) || a.num >= 0) return a;
  if (!a.big) {
    a.num = -a.num; /* normalise never keeps the most negative number */
    return a;
  }
  dossier_exact r;
  mpq_t q;
  mpq_init(q);
  mpq_abs(q, a.big->q);
  int status = from_mpq(&r, q);
  mpq_clear(q);
  return status == 0 ? r : INVALID;
}

int dossier_exact_decimal_places(dossier_exact a) {
  if (is_invalid(a)) return -1;
  if (a.big) {
    mpz_t d, two, five;
    mpz_inits(d, two, five, NULL);
    mpz_set(d, mpq_denref(a.big->q));
    mpz_set_ui(two, 2);
    mpz_set_ui(five, 5);
    mp_bitcnt_t twos = mpz_remove(d, d, two), fives = mpz_remove(d, d, five);
    int terminates = mpz_cmp_ui(d, 1) == 0;
    mpz_clears(d, two, five, NULL);
    if (!terminates) return -1;
    mp_bitcnt_t places = twos > fives ? twos : fives;
    return places > 1000000 ? -1 : (int)places;
  }
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

/* ---- reading -------------------------------------------------------------- */

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

/* A plain decimal of any length as dossier_exact_text writes it ("-12",
 * "0.000123"): 0, or -1 when it is not one or out of memory. */
static int parse_long_decimal(dossier_exact *out, const char *text, size_t length) {
  char *digits = malloc(length + 2);
  if (!digits) return -1;
  size_t n = 0, scale = 0, i = 0;
  int point = 0, ok = length > 0;
  if (i < length && text[i] == '-') digits[n++] = text[i++];
  size_t first = n;
  for (; i < length && ok; i++) {
    if (text[i] >= '0' && text[i] <= '9') {
      digits[n++] = text[i];
      scale += point;
    } else if (text[i] == '.' && !point) {
      point = 1;
    } else {
      ok = 0;
    }
  }
  ok = ok && n > first;
  digits[n] = '\0';
  int status = -1;
  if (ok) {
    mpq_t q;
    mpq_init(q);
    if (mpz_set_str(mpq_numref(q), digits, 10) == 0) {
      mpz_ui_pow_ui(mpq_denref(q), 10, scale);
      mpq_canonicalize(q);
      status = from_mpq(out, q);
    }
    mpq_clear(q);
  }
  free(digits);
  return status;
}

static int parse_part(dossier_exact *out, const char *text, size_t length) {
  if (dossier_exact_parse(out, text, length) == 0) return 0;
  return parse_long_decimal(out, text, length);
}

int dossier_exact_parse_text(dossier_exact *out, const char *text) {
  const char *slash = strchr(text, '/');
  if (!slash) return parse_part(out, text, strlen(text));
  dossier_exact n, d;
  if (parse_part(&n, text, (size_t)(slash - text)) != 0 ||
      parse_part(&d, slash + 1, strlen(slash + 1)) != 0)
    return -1;
  return dossier_exact_div(out, n, d);
}

/* ---- writing -------------------------------------------------------------- */

/* Appends `text` to buf (which holds `used` bytes); -1 if it does not fit. */
static int append(char *buf, size_t size, int used, const char *text) {
  size_t n = strlen(text);
  if (used < 0 || (size_t)used + n + 1 > size) return -1;
  memcpy(buf + used, text, n + 1);
  return used + (int)n;
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

/* The value of `a` as a GMP rational: a.big's own, or `scratch` set to it
 * (initialised by the caller). */
static mpq_srcptr as_mpq(dossier_exact a, mpq_t scratch) {
  if (a.big) return a.big->q;
  to_mpq(scratch, a);
  return scratch;
}

/* The integer part and `decimals` digits of |q|, the last rounded half away
 * from zero, as "123.45" in buf; *all_zero says whether every digit is 0. */
static int round_digits_mpq(char *buf, size_t size, mpq_srcptr q, int decimals, int *all_zero) {
  /* whole, rest = |num| × 10^decimals ÷ den; one more when 2·rest >= den */
  mpz_t scaled, whole, rest;
  mpz_inits(scaled, whole, rest, NULL);
  mpz_ui_pow_ui(scaled, 10, (unsigned long)decimals);
  mpz_mul(scaled, scaled, mpq_numref(q));
  mpz_abs(scaled, scaled);
  mpz_tdiv_qr(whole, rest, scaled, mpq_denref(q));
  mpz_mul_2exp(rest, rest, 1);
  if (mpz_cmp(rest, mpq_denref(q)) >= 0) mpz_add_ui(whole, whole, 1);
  *all_zero = mpz_sgn(whole) == 0;
  char *digits = malloc(mpz_sizeinbase(whole, 10) + (size_t)decimals + 3);
  int used = -1;
  if (digits) {
    mpz_get_str(digits, 10, whole);
    size_t n = strlen(digits);
    /* at least decimals + 1 digits, then the point before the last `decimals` */
    if (n < (size_t)decimals + 1) {
      size_t pad = (size_t)decimals + 1 - n;
      memmove(digits + pad, digits, n + 1);
      memset(digits, '0', pad);
      n += pad;
    }
    size_t integer = n - (size_t)decimals;
    if (integer + 1 <= size) {
      memcpy(buf, digits, integer);
      buf[integer] = '\0';
      used = (int)integer;
      if (decimals > 0) {
        used = append(buf, size, used, ".");
        used = append(buf, size, used, digits + integer);
      }
    }
    free(digits);
  }
  mpz_clears(scaled, whole, rest, NULL);
  return used;
}

/* round_digits_mpq for any value; 128-bit arithmetic when it cannot overflow
 * (a denominator below 2^123, so that ten times a remainder fits). */
static int round_digits(char *buf, size_t size, dossier_exact a, int decimals, int *all_zero) {
  if (!a.big && a.den < ((i128)1 << 123)) {
    u128 n = (u128)abs128(a.num), d = (u128)a.den;
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
  mpq_t scratch;
  mpq_init(scratch);
  int used = round_digits_mpq(buf, size, as_mpq(a, scratch), decimals, all_zero);
  mpq_clear(scratch);
  return used;
}

int dossier_exact_round(dossier_exact a, int decimals, char *buf, size_t size) {
  if (size > 0) buf[0] = '\0';
  if (is_invalid(a) || decimals < 0 || decimals > 20 || size < 2) return -1;
  char digits[DOSSIER_EXACT_TEXT];
  int zero = 0;
  if (round_digits(digits, sizeof digits, a, decimals, &zero) < 0) return -1;
  int used = 0;
  if (a.num < 0 && !zero) used = append(buf, size, used, "-");
  used = append(buf, size, used, digits);
  if (used < 0 && size > 0) buf[0] = '\0';
  return used;
}

dossier_exact dossier_exact_rounded(dossier_exact a, int decimals) {
  char text[DOSSIER_EXACT_TEXT];
  dossier_exact r;
  if (dossier_exact_round(a, decimals, text, sizeof text) < 0 ||
      dossier_exact_parse(&r, text, strlen(text)) != 0)
    return INVALID;
  return r;
}

/* The longest exact decimal written as one (more places: "num/den"). */
enum { MOST_PLACES = 38 };

char *dossier_exact_text_new(dossier_exact a) {
  if (is_invalid(a)) return NULL;
  int places = dossier_exact_decimal_places(a);
  mpq_t scratch;
  mpq_init(scratch);
  mpq_srcptr q = as_mpq(a, scratch);
  char *text;
  if (places >= 0 && places <= MOST_PLACES) { /* exact: nothing is rounded */
    int zero;
    size_t room = mpz_sizeinbase(mpq_numref(q), 10) + MOST_PLACES + 4;
    text = malloc(room);
    if (text) {
      int negative = mpq_sgn(q) < 0;
      text[0] = '-';
      if (round_digits_mpq(text + negative, room - (size_t)negative, q, places, &zero) < 0) {
        free(text);
        text = NULL;
      }
    }
  } else {
    text = malloc(mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3);
    if (text) mpq_get_str(text, 10, q);
  }
  mpq_clear(scratch);
  return text;
}

int dossier_exact_text(dossier_exact a, char *buf, size_t size) {
  char *text = dossier_exact_text_new(a);
  int used = text ? append(buf, size, 0, text) : -1;
  free(text);
  if (used < 0 && size > 0) buf[0] = '\0';
  return used;
}

int dossier_exact_json(dossier_exact a, char *buf, size_t size) {
  if (is_invalid(a)) return -1;
  int places = dossier_exact_decimal_places(a);
  if (places >= 0 && places <= 20) return dossier_exact_round(a, places, buf, size);
  /* 17 significant digits: find the decimal exponent of |a| first */
  if (dossier_exact_is_zero(a)) return dossier_exact_round(a, 0, buf, size);
  dossier_exact m = dossier_exact_abs(a), ten = dossier_exact_int(10);
  int exponent = 0; /* m = mantissa × 10^exponent, 1 <= mantissa < 10 */
  while (dossier_exact_cmp(m, ten) >= 0 && exponent < 400) {
    if (dossier_exact_div(&m, m, ten) != 0) return -1;
    exponent++;
  }
  while (dossier_exact_cmp(m, dossier_exact_int(1)) < 0 && exponent > -400) {
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

double dossier_exact_to_double(dossier_exact a) {
  if (is_invalid(a)) return NAN;
  /* through the exact decimal at 17 significant digits, which strtod rounds
   * correctly: (double)num / (double)den would round twice */
  char text[DOSSIER_EXACT_TEXT];
  if (dossier_exact_json(a, text, sizeof text) >= 0) return strtod(text, NULL);
  if (a.big) return mpq_get_d(a.big->q);
  return (double)a.num / (double)a.den;
}

/* ---- the figures tree ----------------------------------------------------- */

int dossier_exact_of(const cJSON *node, dossier_exact *out) {
  if (!cJSON_IsNumber(node) || !isfinite(node->valuedouble)) return -1;
  if (node->valuestring && dossier_exact_parse_text(out, node->valuestring) == 0) return 0;
  /* a number without its exact text was set from a double (a year, 2020; an
   * estimate): read it at 15 significant digits, which drops the noise of
   * its binary computation (7.4999999999999964 is the 7.5 it was meant as) */
  /* …but with two beyond its whole digits (up to 17, all a double has): a
   * forecast of 1228639309701390.5 rounds to 1.228.639.309.701.391 */
  double magnitude = fabs(node->valuedouble);
  int digits = 15;
  for (double whole = 1e13; digits < 17 && magnitude >= whole; whole *= 10) digits++;
  char text[40];
  snprintf(text, sizeof text, "%.*g", digits, node->valuedouble);
  return dossier_exact_parse(out, text, strlen(text));
}

cJSON *dossier_exact_node(dossier_exact a) {
  char *text = dossier_exact_text_new(a);
  if (!text) return NULL;
  cJSON *node = cJSON_CreateNumber(dossier_exact_to_double(a));
  if (!node) {
    free(text);
    return NULL;
  }
  node->valuestring = text; /* cJSON_Delete frees it */
  return node;
}
