/* vnfmt.h: numbers, dates and the required phrasing of Vietnamese reports.
 *
 * Numbers: thousands dot, decimal comma, no space before % ("4.925", "98,7%").
 * Rounding is dossier_decimal_round's: half away from zero on the decimal value.
 * Dates: "ngày 14 tháng 8 năm 2020"; a day below 10 and months 1–2 take a
 * leading zero ("ngày 05 tháng 02 năm 2018").
 * Every function writes a NUL-terminated UTF-8 string into buf (size bytes)
 * and returns its length in bytes, or -1 when the value cannot be written (NaN,
 * a bad date, buf too small), leaving "" in buf. */
#ifndef DOSSIER_VNFMT_H
#define DOSSIER_VNFMT_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* 4925 → "4.925"; (98.7, 1) → "98,7"; (-1234.5, 1) → "-1.234,5". */
int dossier_vnfmt_number(char *buf, size_t size, double value, int decimals);

/* (98.7, 1) → "98,7%". */
int dossier_vnfmt_percent(char *buf, size_t size, double value, int decimals);

/* (2020, 8, 14) → "ngày 14 tháng 8 năm 2020"; (2018, 2, 5) → "ngày 05 tháng 02 năm 2018". */
int dossier_vnfmt_date(char *buf, size_t size, int year, int month, int day);

/* (2016, 5, 15) → "15/5/2016", as when citing a document. */
int dossier_vnfmt_date_short(char *buf, size_t size, int year, int month, int day);

/* The target sentence of an indicator node of the figures tree (DOMAIN.md,
 * "Required phrasing"): "vượt 30,3% so với chỉ tiêu", "đạt chỉ tiêu",
 * "chưa đạt chỉ tiêu (đạt 94,2%)", "cao hơn chỉ tiêu 18,7 điểm phần trăm",
 * "thấp hơn chỉ tiêu 2,5 điểm phần trăm", … "chưa đủ số liệu để đánh giá" when
 * the target's `met` is null or a count lists `missing_years` (no verdict on a
 * partial sum); a count with a yearly target says the engine's year-by-year
 * verdict. Returns -1 when the indicator has no target or its figures are null. */
int dossier_vnfmt_target_phrase(char *buf, size_t size, const cJSON *indicator);

#endif
