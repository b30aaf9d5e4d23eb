/* date.c: reading and checking dates (date.h). */
#include "base/date.h"

#include <string.h>

int dossier_date_valid(int year, int month, int day) {
  static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < DOSSIER_DATE_FIRST_YEAR || year > DOSSIER_DATE_LAST_YEAR || month < 1 || month > 12 ||
      day < 1 || day > days[month - 1])
    return 0;
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

int dossier_date_parse(const char *text, int *year, int *month, int *day) {
  if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-') return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return -1;
  int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  int m = (text[5] - '0') * 10 + (text[6] - '0');
  int d = (text[8] - '0') * 10 + (text[9] - '0');
  if (!dossier_date_valid(y, m, d)) return -1;
  *year = y;
  *month = m;
  *day = d;
  return 0;
}
