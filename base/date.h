/* date.h: calendar dates as the dataset writes them ("2020-08-14"), read and
 * checked in one place for the validator, the template filters and the
 * header. */
#ifndef DOSSIER_BASE_DATE_H
#define DOSSIER_BASE_DATE_H

/* The years a dossier speaks of: a period and a document date lie in them. */
#define DOSSIER_DATE_FIRST_YEAR 1930
#define DOSSIER_DATE_LAST_YEAR 2200

/* Whether year-month-day is a day of the Gregorian calendar (29 February in
 * leap years only) with the year from DOSSIER_DATE_FIRST_YEAR to
 * DOSSIER_DATE_LAST_YEAR. */
int dossier_date_valid(int year, int month, int day);

/* Reads exactly "YYYY-MM-DD" — ten characters, digits and the two dashes,
 * nothing else ("2020-8-14", "2020-+8-+1", " 2020-08-14" are not dates) — of
 * a valid day. Returns 0 and the parts, or -1 (the parts unchanged). */
int dossier_date_parse(const char *text, int *year, int *month, int *day);

#endif
