/* decimal.h: rounding a figure the way a Vietnamese report writes it.
 *
 * Figures are computed in binary floating point, but a report rounds the
 * decimal value a person would write: half away from zero on the decimal
 * digits (30,2666… → 30,3; 5,25 → 5,3; a mean of exactly 87,35 → 87,4), never
 * through a binary artefact (printf("%.1f", 5.25) gives "5.2" on some inputs,
 * and 87.35 is stored as 87.34999…). The value is first read back at 15
 * significant digits (DBL_DIG), which removes the representation noise, and the
 * resulting decimal string is rounded digit by digit. */
#ifndef DOSSIER_DECIMAL_H
#define DOSSIER_DECIMAL_H

#include <stddef.h>

/* Writes `value` rounded to `decimals` places (0..15) into `buf` as a plain
 * ASCII decimal: optional '-', digits, and '.' followed by exactly `decimals`
 * digits when decimals > 0 ("30.3", "4925", "-2.5"). A result that rounds to
 * zero has no sign. Returns the length written, or -1 when `value` is not
 * finite, `decimals` is out of range or `buf` (size `size`) is too small; on -1
 * buf holds "" if size > 0. */
int dossier_decimal_round(double value, int decimals, char *buf, size_t size);

/* Returns `value` rounded to `decimals` places by the same rule, as a double
 * (the nearest double to the rounded decimal). NaN/Inf pass through. */
double dossier_decimal_round_value(double value, int decimals);

#endif
