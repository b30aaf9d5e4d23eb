/* empty_case.c: check.h's own regression case, built as check_h_empty_case
 * and run by check_h_selftest.sh (not a test_*.c: its failing case is the
 * point, so it is not registered as a test of its own). A case that makes no
 * assertion must be reported FAIL, whether it is empty, returns before its
 * first CHECK, or loops over nothing; a case with one passing CHECK is ok. */
#include "check.h"

TEST(a_case_without_any_assertion) {}

static int setup_failed(void) { return 1; } /* as when a temp dir cannot be made */

TEST(a_case_that_returns_before_its_first_assertion) {
  if (setup_failed()) return;
  CHECK(1);
}

TEST(a_case_whose_loop_asserts_nothing_because_it_runs_zero_times) {
  const char *const none[] = {NULL};
  for (size_t i = 0; none[i]; i++) CHECK(none[i] != NULL);
}

TEST(a_case_with_one_passing_assertion) { CHECK_INT(1 + 1, 2); }
