/* check.h: the tiny test harness of dossier's test programs.
 *
 * A test program defines cases with TEST(name) { ... } and includes this file
 * once. ctest runs `prog name` for each case (see tests.cmake); `prog` alone runs
 * them all. Assertions record a failure and go on, so one run shows every
 * broken expectation of a case. Exit status: 0 when every assertion held. */
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

static void check_register(const char *name, check_case_fn fn) {
  if (check_case_count < 256) {
    check_cases[check_case_count].name = name;
    check_cases[check_case_count].fn = fn;
    check_case_count++;
  }
}

#define TEST(name)                                                          \
  static void name(void);                                                   \
  __attribute__((constructor)) static void check_register_##name(void) {   \
    check_register(#name, name);                                            \
  }                                                                         \
  static void name(void)

#define CHECK_FAIL_AT(...)                                                  \
  do {                                                                      \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                         \
    fprintf(stderr, __VA_ARGS__);                                           \
    fputc('\n', stderr);                                                    \
    check_failures++;                                                       \
  } while (0)

#define CHECK(cond)                                                         \
  do { if (!(cond)) CHECK_FAIL_AT("expected %s", #cond); } while (0)

#define CHECK_STR(got, want)                                                \
  do {                                                                      \
    const char *check_g_ = (got), *check_w_ = (want);                       \
    if (!check_g_ || !check_w_ || strcmp(check_g_, check_w_) != 0)         \
      CHECK_FAIL_AT("%s: got \"%s\", want \"%s\"", #got,                    \
                    check_g_ ? check_g_ : "(null)", check_w_ ? check_w_ : "(null)"); \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                                    \
  do {                                                                      \
    const char *check_h_ = (haystack), *check_n_ = (needle);                \
    if (!check_h_ || !strstr(check_h_, check_n_))                           \
      CHECK_FAIL_AT("%s: \"%s\" does not contain \"%s\"", #haystack,        \
                    check_h_ ? check_h_ : "(null)", check_n_);              \
  } while (0)

#define CHECK_INT(got, want)                                                \
  do {                                                                      \
    long long check_g_ = (long long)(got), check_w_ = (long long)(want);    \
    if (check_g_ != check_w_)                                               \
      CHECK_FAIL_AT("%s: got %lld, want %lld", #got, check_g_, check_w_);   \
  } while (0)

/* |got - want| <= tol, and neither is NaN. */
#define CHECK_NEAR(got, want, tol)                                          \
  do {                                                                      \
    double check_g_ = (double)(got), check_w_ = (double)(want);             \
    if (!(fabs(check_g_ - check_w_) <= (tol)))                              \
      CHECK_FAIL_AT("%s: got %.17g, want %.17g (tolerance %g)", #got,       \
                    check_g_, check_w_, (double)(tol));                     \
  } while (0)

int main(int argc, char **argv) {
  int ran = 0;
  for (int i = 0; i < check_case_count; i++) {
    if (argc > 1 && strcmp(argv[1], check_cases[i].name) != 0) continue;
    int before = check_failures;
    check_cases[i].fn();
    ran++;
    printf("%s %s\n", check_failures == before ? "ok  " : "FAIL", check_cases[i].name);
  }
  if (ran == 0) {
    fprintf(stderr, "no test case named %s\n", argc > 1 ? argv[1] : "(any)");
    return 2;
  }
  return check_failures ? 1 : 0;
}

#endif
