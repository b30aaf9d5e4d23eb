#include "check.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <string.h>

#include "render/text/vnfmt.h"

static char buf[256];

/* What a formatter wrote into buf, given what it returned: "(refused)" for
 * -1, "(bad return)" for any other negative value or a length that is not
 * buf's. */
static const char *written(int n) {
  if (n == -1) return "(refused)";
  return n < 0 || (size_t)n != strlen(buf) ? "(bad return)" : buf;
}

static const char *number(double v, int decimals) {
  return written(dossier_vnfmt_number(buf, sizeof buf, v, decimals));
}

/* An exact value given as its decimal text ("87.35"). */
static const char *exact(const char *text, int decimals) {
  dossier_exact v;
  if (dossier_exact_parse(&v, text, strlen(text)) != 0) return "(bad number)";
  return written(dossier_vnfmt_exact(buf, sizeof buf, v, decimals));
}

static const char *date(int year, int month, int day) {
  return written(dossier_vnfmt_date(buf, sizeof buf, year, month, day));
}

static const char *date_short(int year, int month, int day) {
  return written(dossier_vnfmt_date_short(buf, sizeof buf, year, month, day));
}

TEST(number_uses_thousands_dot) {
  CHECK_INT(dossier_vnfmt_number(buf, sizeof buf, 4925, 0), 5);
  CHECK_STR(buf, "4.925");
  CHECK_STR(number(3658, 0), "3.658");
  CHECK_STR(number(1234567, 0), "1.234.567");
  CHECK_STR(number(977, 0), "977");
  CHECK_STR(number(0, 0), "0");
}

TEST(number_uses_decimal_comma_and_rounds_half_away) {
  CHECK_STR(number(98.7, 1), "98,7");
  CHECK_STR(number(-1234.5, 1), "-1.234,5");
  CHECK_STR(number(30.2666666, 1), "30,3");
  CHECK_STR(number(87.35, 1), "87,4");
  CHECK_STR(number(5.25, 1), "5,3");
  CHECK_STR(number(2.5, 0), "3");
  CHECK_STR(number(-0.04, 1), "0,0");
}

TEST(number_refuses_nan_and_small_buffers) {
  CHECK_INT(dossier_vnfmt_number(buf, sizeof buf, NAN, 1), -1);
  CHECK_STR(buf, "");
  char tiny[4];
  CHECK_INT(dossier_vnfmt_number(tiny, sizeof tiny, 4925, 0), -1);
  CHECK_STR(tiny, "");
  CHECK_INT(dossier_vnfmt_number(tiny, sizeof tiny, 492, 0), 3);
}

TEST(exact_values_round_half_away_from_zero_on_their_decimals) {
  CHECK_STR(exact("87.35", 1), "87,4");
  CHECK_STR(exact("2.35", 1), "2,4");   /* 87,35 − 85: never 2,3 */
  CHECK_STR(exact("-2.35", 1), "-2,4");
  CHECK_STR(exact("0.05", 1), "0,1");
  CHECK_STR(exact("-0.04", 1), "0,0"); /* a zero has no sign */
  CHECK_STR(exact("4500000000000005", 0), "4.500.000.000.000.005");
  CHECK_STR(exact("0.00000000000001", 1), "0,0"); /* far below any place: no overflow */
  CHECK_STR(exact("99.95", 2), "99,95");
  CHECK_STR(exact("1234.5", 0), "1.235");
}

TEST(date_pads_small_days_and_early_months) {
  CHECK_STR(date(2020, 8, 14), "ngày 14 tháng 8 năm 2020");
  CHECK_STR(date(2018, 2, 5), "ngày 05 tháng 02 năm 2018");
  CHECK_STR(date(2019, 12, 31), "ngày 31 tháng 12 năm 2019");
  CHECK_STR(date(2017, 1, 10), "ngày 10 tháng 01 năm 2017");
}

TEST(date_rejects_impossible_dates) {
  CHECK_INT(dossier_vnfmt_date(buf, sizeof buf, 2019, 2, 29), -1);
  CHECK_STR(buf, "");
  CHECK(dossier_vnfmt_date(buf, sizeof buf, 2020, 2, 29) > 0);
  CHECK_STR(date(2020, 13, 1), "(refused)");
  CHECK_STR(date(2020, 4, 31), "(refused)");
  CHECK_STR(date_short(2020, 0, 1), "(refused)");
}

TEST(short_date_cites_a_document) {
  CHECK_STR(date_short(2016, 5, 15), "15/5/2016");
  CHECK_STR(date_short(2020, 8, 14), "14/8/2020");
}

