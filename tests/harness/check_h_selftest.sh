#!/usr/bin/env bash
# check_h_selftest.sh PROGRAM: check.h must report a case that made no
# assertion as failed. PROGRAM is harness/empty_case.c built with check.h.
set -u
prog=${1:?usage: check_h_selftest.sh PROGRAM}
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run CASE: its stdout in $out, its exit status in $rc
run() { out=$("$prog" "$@" 2>&1); rc=$?; }

for c in a_case_without_any_assertion a_case_that_returns_before_its_first_assertion \
         a_case_whose_loop_asserts_nothing_because_it_runs_zero_times; do
  run "$c"
  [ "$rc" -eq 1 ] || fail "$c: exit $rc, want 1 (output: $out)"
  [ "$out" = "FAIL $c (made no assertion)" ] || fail "$c: output \"$out\", want \"FAIL $c (made no assertion)\""
done

run a_case_with_one_passing_assertion
[ "$rc" -eq 0 ] && [ "$out" = "ok   a_case_with_one_passing_assertion" ] \
  || fail "a case with an assertion: exit $rc, output \"$out\""

# the whole program: three failures, one pass, exit 1
run
[ "$rc" -eq 1 ] || fail "whole program: exit $rc, want 1"
[ "$(grep -c '(made no assertion)$' <<<"$out")" -eq 3 ] || fail "whole program: $out"

if [ "$failures" -eq 0 ]; then echo "check.h fails every case that made no assertion"; exit 0; fi
exit 1
