/* check.h: the tiny test harness of dossier's test programs.
 *
 * A test program defines cases with TEST(name) { ... } and includes this file
 * once. ctest runs `prog name` for each case (see tests.cmake); `prog` alone runs
 * them all. Assertions record a failure and go on, so one run shows every
 * broken expectation of a case. Every assertion (CHECK, CHECK_STR,
 * CHECK_CONTAINS, CHECK_INT, CHECK_NEAR, CHECK_FAIL_AT) is counted, and a case
 * that made none FAILs ("made no assertion"): a case that returned early, or
 * whose loop ran zero times, has proven nothing and must not pass. Exit
 * status: 0 when every case made an assertion and every assertion held. */
#ifndef DOSSIER_CHECK_H
#define DOSSIER_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*check_case_fn)(void);
static struct { const char *name; check_case_fn fn; } check_cases[256];
static int check_case_count;
static int check_failures;
static long check_assertions; /* assertions made so far, passed or failed */

static int check_cases_dropped; /* cases beyond the table: never silently unrun */

static void check_register(const char *name, check_case_fn fn) {
  if (check_case_count < 256) {
    check_cases[check_case_count].name = name;
    check_cases[check_case_count].fn = fn;
    check_case_count++;
  } else {
    check_cases_dropped++;
  }
}

#define TEST(name)                                                          \
  static void name(void);                                                   \
  __attribute__((constructor)) static void check_register_##name(void) {   \
    check_register(#name, name);                                            \
  }                                                                         \
  static void name(void)

/* An assertion that failed: the message says what was wrong. */
#define CHECK_FAIL_AT(...)                                                  \
  do {                                                                      \
    check_assertions++;                                                     \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                         \
    fprintf(stderr, __VA_ARGS__);                                           \
    fputc('\n', stderr);                                                    \
    check_failures++;                                                       \
  } while (0)

/* The counted-but-passed half of the macros below: CHECK_FAIL_AT counts itself,
 * so only a passing assertion adds one here. */
#define CHECK_PASSED_ check_assertions++

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (!(cond)) CHECK_FAIL_AT("expected %s", #cond);                       \
    else CHECK_PASSED_;                                                     \
  } while (0)

#define CHECK_STR(got, want)                                                \
  do {                                                                      \
    const char *check_g_ = (got), *check_w_ = (want);                       \
    if (!check_g_ || !check_w_ || strcmp(check_g_, check_w_) != 0)         \
      CHECK_FAIL_AT("%s: got \"%s\", want \"%s\"", #got,                    \
                    check_g_ ? check_g_ : "(null)", check_w_ ? check_w_ : "(null)"); \
    else CHECK_PASSED_;                                                     \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                                    \
  do {                                                                      \
    const char *check_h_ = (haystack), *check_n_ = (needle);                \
    if (!check_h_ || !strstr(check_h_, check_n_))                           \
      CHECK_FAIL_AT("%s: \"%s\" does not contain \"%s\"", #haystack,        \
                    check_h_ ? check_h_ : "(null)", check_n_);              \
    else CHECK_PASSED_;                                                     \
  } while (0)

#define CHECK_INT(got, want)                                                \
  do {                                                                      \
    long long check_g_ = (long long)(got), check_w_ = (long long)(want);    \
    if (check_g_ != check_w_)                                               \
      CHECK_FAIL_AT("%s: got %lld, want %lld", #got, check_g_, check_w_);   \
    else CHECK_PASSED_;                                                     \
  } while (0)

/* |got - want| <= tol, and neither is NaN. */
#define CHECK_NEAR(got, want, tol)                                          \
  do {                                                                      \
    double check_g_ = (double)(got), check_w_ = (double)(want);             \
    if (!(fabs(check_g_ - check_w_) <= (tol)))                              \
      CHECK_FAIL_AT("%s: got %.17g, want %.17g (tolerance %g)", #got,       \
                    check_g_, check_w_, (double)(tol));                     \
    else CHECK_PASSED_;                                                     \
  } while (0)

int main(int argc, char **argv) {
  int ran = 0;
  if (check_cases_dropped) {
    fprintf(stderr, "check.h: %d cases beyond the 256 it holds were not run\n",
            check_cases_dropped);
    return 2;
  }
  for (int i = 0; i < check_case_count; i++) {
    if (argc > 1 && strcmp(argv[1], check_cases[i].name) != 0) continue;
    int before = check_failures;
    long asserted = check_assertions;
    check_cases[i].fn();
    ran++;
    if (check_assertions == asserted) {
      check_failures++;
      printf("FAIL %s (made no assertion)\n", check_cases[i].name);
      continue;
    }
    printf("%s %s\n", check_failures == before ? "ok  " : "FAIL", check_cases[i].name);
  }
  if (ran == 0) {
    fprintf(stderr, "no test case named %s\n", argc > 1 ? argv[1] : "(any)");
    return 2;
  }
  return check_failures ? 1 : 0;
}

#endif
