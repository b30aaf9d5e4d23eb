/* exact.h: exact numbers — every figure derived from a dataset's decimals.
 *
 * A dataset writes decimals (87,35; 4.925); sums, differences, means, ratios,
 * shares and margins of them are rationals, computed here exactly and
 * rounded once, when printed, half away from zero on the decimal value. No
 * binary floating point is involved: 87,35 − 85 is 2,35 and prints 2,4, never
 * 2,3499999999999943 → 2,3. Binary floating point (GSL) is left to the
 * estimates: the trend, the forecast and its interval.
 *
 * Range: there is none to think of. A value is a fraction num/den of two
 * 128-bit integers (den > 0, in lowest terms) — sums and ratios of in-range
 * inputs are — and, when an operation's result does not fit (the mean of
 * twenty yearly rates given as numerator/denominator has a denominator of up
 * to 10^300), a GMP rational of any size. Operations fail (return -1) only
 * when memory runs out.
 *
 * Lifetime: a dossier_exact is a value, copied freely. Its large form lives
 * in the calling thread's arena until the outermost
 * dossier_exact_scope_enter/leave pair around it ends (the library opens one
 * around computing figures and around binding and laying out a template);
 * values made outside any scope stay until the next outermost scope ends or
 * the program exits. An exact value is never kept across a scope: the
 * figures tree keeps the text.
 *
 * In the figures tree an exact figure is a cJSON number whose valuedouble is
 * the nearest double (for charts and comparisons in templates) and whose
 * valuestring holds the exact value as text: a decimal ("87.35", "-2") when
 * it terminates in at most 38 places, else a fraction ("1747/3").
 * dossier_exact_of reads it back; a number without that text (a year, an
 * estimate) is read from its double. */
#ifndef DOSSIER_STATS_EXACT_H
#define DOSSIER_STATS_EXACT_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct dossier_exact_big;

typedef struct {
  /* the value num/den when big is NULL; for a large value, the sign of it in
   * num (±1) and in den 1 when it is whole, 2 when not. den 0: no value (what
   * an operation that ran out of memory returns; every operation on it fails) */
  __int128 num;
  __int128 den; /* > 0; gcd(num, den) = 1 */
  const struct dossier_exact_big *big;
} dossier_exact;

/* Opens and closes a scope of large values (see Lifetime above); scopes nest,
 * per thread. */
void dossier_exact_scope_enter(void);
void dossier_exact_scope_leave(void);

/* A buffer for dossier_exact_round and for the dossier_exact_text of an input
 * figure (at most 10^15 with 6 decimals) or a rounded one (with NUL). */
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

/* The decimals of `a` when it terminates (0 for a whole number), else -1 (1/3). */
int dossier_exact_decimal_places(dossier_exact a);

/* Writes `a` exactly: a plain decimal ("87.35", "-2", "0.45") when it
 * terminates in at most 38 places, else "num/den". Returns the length, or -1
 * when buf (size) is too small. */
int dossier_exact_text(dossier_exact a, char *buf, size_t size);

/* The same text in a new string of its own length (the caller frees it);
 * NULL when out of memory or `a` is no value. */
char *dossier_exact_text_new(dossier_exact a);

/* Writes `a` rounded half away from zero to `decimals` places (0 to 20), as
 * ASCII with '.' and exactly `decimals` digits after it ("87.4", "4925",
 * "-2.50"); a value that rounds to zero has no sign. Returns the length or -1. */
int dossier_exact_round(dossier_exact a, int decimals, char *buf, size_t size);

/* `a` rounded half away from zero to `decimals` places (0 to 20), exactly;
 * no value (den 0) when that fails. */
dossier_exact dossier_exact_rounded(dossier_exact a, int decimals);

/* Writes `a` as JSON prints a figure: the exact decimal when it terminates,
 * else 17 significant digits (rounded half away from zero), in the plain or
 * exponent form JSON allows. Returns the length or -1. */
int dossier_exact_json(dossier_exact a, char *buf, size_t size);

/* Reads the exact value of a cJSON number node: its exact text when it has
 * one (see above), else its double read at 15 significant digits (a year; an
 * estimate, whose last binary digits are noise of its computation), or at
 * two more than its whole part has when that is more (up to 17). Returns
 * 0, or -1 when the node is not a finite number. */
int dossier_exact_of(const cJSON *node, dossier_exact *out);

/* A new cJSON number node holding `a` (valuedouble and the exact text), or
 * NULL when out of memory. */
cJSON *dossier_exact_node(dossier_exact a);

#endif
