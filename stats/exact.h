/* exact.h: exact numbers — every figure derived from a dataset's decimals.
 *
 * A dataset writes decimals (87,35; 4.925); sums, differences, means, ratios,
 * shares and margins of them are rationals, computed here exactly as a
 * fraction num/den of two 128-bit integers (den > 0, in lowest terms), and
 * rounded once, when printed, half away from zero on the decimal value. No
 * binary floating point is involved: 87,35 − 85 is 2,35 and prints 2,4, never
 * 2,3499999999999943 → 2,3. Binary floating point (GSL) is left to the
 * estimates: the trend, the forecast and its interval.
 *
 * Range: the inputs are at most 10^15 with at most 6 decimals (the dataset
 * contract), so sums of millions of them and the ratios the figures take
 * stay far inside 127 bits. An operation that would overflow anyway fails
 * (returns -1) rather than give a wrong number.
 *
 * In the figures tree an exact figure is a cJSON number whose valuedouble is
 * the nearest double (for charts and comparisons in templates) and whose
 * valuestring holds the exact value as text: a decimal ("87.35", "-2") when
 * it terminates, else a fraction ("1747/3"). dossier_exact_of reads it back;
 * a number without that text (a year, an estimate) is read from its double. */
#ifndef DOSSIER_STATS_EXACT_H
#define DOSSIER_STATS_EXACT_H

#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct {
  __int128 num;
  __int128 den; /* > 0; gcd(num, den) = 1 */
} dossier_exact;

/* The longest text dossier_exact_text and dossier_exact_round write (with NUL). */
#define DOSSIER_EXACT_TEXT 96

/* The whole number `v`. */
dossier_exact dossier_exact_int(long long v);

/* Parses `length` bytes of a JSON number literal (-12, 87.35, 1.5e3) into *out.
 * Returns 0, or -1 when it is not one or has more than 36 significant digits
 * or an exponent beyond ±30. */
int dossier_exact_parse(dossier_exact *out, const char *text, size_t length);

/* Parses what dossier_exact_text writes (a decimal or "num/den"). 0 or -1. */
int dossier_exact_parse_text(dossier_exact *out, const char *text);

/* *r = a + b, a − b, a × b, a ÷ b. Return 0, or -1 on overflow or a division
 * by zero (*r is then left unchanged). r may alias a or b. */
int dossier_exact_add(dossier_exact *r, dossier_exact a, dossier_exact b);
int dossier_exact_sub(dossier_exact *r, dossier_exact a, dossier_exact b);
int dossier_exact_mul(dossier_exact *r, dossier_exact a, dossier_exact b);
int dossier_exact_div(dossier_exact *r, dossier_exact a, dossier_exact b);

/* The same as expressions for chains of arithmetic: the result, with
 * *overflow set to 1 (and `a` returned) when the operation fails; a caller
 * checks the flag once at the end. */
static inline dossier_exact dossier_q_add(dossier_exact a, dossier_exact b, int *overflow) {
  dossier_exact r = a;
  if (dossier_exact_add(&r, a, b) != 0) *overflow = 1;
  return r;
}
static inline dossier_exact dossier_q_sub(dossier_exact a, dossier_exact b, int *overflow) {
  dossier_exact r = a;
  if (dossier_exact_sub(&r, a, b) != 0) *overflow = 1;
  return r;
}
static inline dossier_exact dossier_q_mul(dossier_exact a, dossier_exact b, int *overflow) {
  dossier_exact r = a;
  if (dossier_exact_mul(&r, a, b) != 0) *overflow = 1;
  return r;
}
static inline dossier_exact dossier_q_div(dossier_exact a, dossier_exact b, int *overflow) {
  dossier_exact r = a;
  if (dossier_exact_div(&r, a, b) != 0) *overflow = 1;
  return r;
}

/* −1, 0 or 1 as a <, =, > b; exact, never overflows. */
int dossier_exact_cmp(dossier_exact a, dossier_exact b);

/* −1, 0 or 1 as a is negative, zero, positive. */
int dossier_exact_sign(dossier_exact a);

/* Whether a is zero; whether a is a whole number. */
static inline int dossier_exact_is_zero(dossier_exact a) { return a.num == 0; }
static inline int dossier_exact_is_whole(dossier_exact a) { return a.den == 1; }

/* |a|. */
dossier_exact dossier_exact_abs(dossier_exact a);

/* The nearest double (for charts and GSL, never for a printed figure). */
double dossier_exact_to_double(dossier_exact a);

/* The decimals of `a` when it terminates (0 for a whole number; at most 38),
 * else -1 (1/3). */
int dossier_exact_decimal_places(dossier_exact a);

/* Writes `a` exactly: a plain decimal ("87.35", "-2", "0.45") when it
 * terminates, else "num/den". Returns the length, or -1 when buf (size) is
 * too small. */
int dossier_exact_text(dossier_exact a, char *buf, size_t size);

/* Writes `a` rounded half away from zero to `decimals` places (0 to 20), as
 * ASCII with '.' and exactly `decimals` digits after it ("87.4", "4925",
 * "-2.50"); a value that rounds to zero has no sign. Returns the length or -1. */
int dossier_exact_round(dossier_exact a, int decimals, char *buf, size_t size);

/* `a` rounded half away from zero to `decimals` places (0 to 20), exactly. */
dossier_exact dossier_exact_rounded(dossier_exact a, int decimals);

/* Writes `a` as JSON prints a figure: the exact decimal when it terminates,
 * else 17 significant digits (rounded half away from zero), in the plain or
 * exponent form JSON allows. Returns the length or -1. */
int dossier_exact_json(dossier_exact a, char *buf, size_t size);

/* Reads the exact value of a cJSON number node: its exact text when it has
 * one (see above), else its double read at 15 significant digits (a year; an
 * estimate, whose last binary digits are noise of its computation). Returns
 * 0, or -1 when the node is not a finite number. */
int dossier_exact_of(const cJSON *node, dossier_exact *out);

/* A new cJSON number node holding `a` (valuedouble and the exact text), or
 * NULL when out of memory. */
cJSON *dossier_exact_node(dossier_exact a);

#endif
