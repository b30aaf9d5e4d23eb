/* test_date: dates as datasets write them (base/date.h), read in one way by
 * the validator, the date filters and the header. */
#include "base/date.h"
#include "check.h"

static int parses(const char *text) {
  int y = 0, m = 0, d = 0;
  return dossier_date_parse(text, &y, &m, &d) == 0;
}

TEST(a_date_is_exactly_yyyy_mm_dd_of_a_real_day) {
  int y = 0, m = 0, d = 0;
  CHECK_INT(dossier_date_parse("2020-08-14", &y, &m, &d), 0);
  CHECK_INT(y, 2020);
  CHECK_INT(m, 8);
  CHECK_INT(d, 14);
  CHECK(parses("2024-02-29")); /* a leap day */
  CHECK(!parses("2021-02-29"));
  CHECK(!parses("2100-02-29")); /* not a leap year */
  CHECK(parses("2000-02-29"));
  CHECK(!parses("2020-04-31"));
  CHECK(!parses("2020-13-01"));
  CHECK(!parses("2020-00-10"));
  CHECK(!parses("2020-01-00"));
}

TEST(anything_but_ten_digits_and_two_dashes_is_no_date) {
  /* sscanf("%4d-%2d-%2d") once took all of these */
  CHECK(!parses("2020-+8-+1"));
  CHECK(!parses("2020- 8- 1"));
  CHECK(!parses("+202-08-14"));
  CHECK(!parses("2020-8-14"));
  CHECK(!parses(" 2020-08-14"));
  CHECK(!parses("2020-08-14 "));
  CHECK(!parses("2020/08/14"));
  CHECK(!parses("14/08/2020"));
  CHECK(!parses(""));
  CHECK(!parses(NULL));
}

TEST(a_date_lies_in_the_years_a_dossier_speaks_of) {
  CHECK(!parses("0000-02-29")); /* once accepted, then the date line vanished */
  CHECK(!parses("1929-12-31"));
  CHECK(parses("1930-01-01"));
  CHECK(parses("2200-12-31"));
  CHECK(!parses("2201-01-01"));
  CHECK(!dossier_date_valid(9999, 12, 31));
}
