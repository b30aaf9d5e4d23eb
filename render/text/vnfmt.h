/* vnfmt.h: numbers and dates written the Vietnamese way.
 *
 * Numbers: thousands dot, decimal comma, no space before % ("4.925", "98,7%"),
 * rounded half away from zero on the exact decimal value (stats/exact.h):
 * 30,2666… → 30,3; 5,25 → 5,3; 87,35 → 87,4 — never through a binary
 * artefact. Dates: "ngày 14 tháng 8 năm 2020"; a day below 10 and months 1–2
 * take a leading zero ("ngày 05 tháng 02 năm 2018").
 * Every function writes a NUL-terminated UTF-8 string into buf (size bytes)
 * and returns its length in bytes, or -1 when the value cannot be written (a
 * bad date, decimals out of 0..20, buf too small), leaving "" in buf. */
#ifndef DOSSIER_RENDER_TEXT_VNFMT_H
#define DOSSIER_RENDER_TEXT_VNFMT_H

#include <stddef.h>

#include "stats/exact.h"

/* 4925 → "4.925"; (98.7, 1) → "98,7"; (-1234.5, 1) → "-1.234,5". */
int dossier_vnfmt_exact(char *buf, size_t size, dossier_exact value, int decimals);

/* The same for a double that is not a figure of the dataset (an axis tick, an
 * estimate): read at 15 significant digits, then rounded. NaN and Inf give -1. */
int dossier_vnfmt_number(char *buf, size_t size, double value, int decimals);

/* (2020, 8, 14) → "ngày 14 tháng 8 năm 2020"; (2018, 2, 5) → "ngày 05 tháng 02 năm 2018". */
int dossier_vnfmt_date(char *buf, size_t size, int year, int month, int day);

/* (2016, 5, 15) → "15/5/2016", as when citing a document. */
int dossier_vnfmt_date_short(char *buf, size_t size, int year, int month, int day);

#endif
