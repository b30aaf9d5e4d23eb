# Shared helpers of the end-to-end scripts (sourced, not a test itself).
set -u
: "${DOSSIER:?DOSSIER must name the dossier program}"
: "${SOURCE_DIR:?}" "${WORK_DIR:?}"
rm -rf "$WORK_DIR" && mkdir -p "$WORK_DIR"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok   $*"; }

# expect_contains FILE TEXT: the text file contains TEXT (fixed string)
expect_contains() {
  if grep -qF -- "$2" "$1"; then pass "$(basename "$1") has \"$2\""; else fail "$(basename "$1") lacks \"$2\""; fi
}

# expect_status WANT CMD...: runs CMD, compares its exit status with WANT
expect_status() {
  local want=$1; shift
  "$@" >"$WORK_DIR/last.out" 2>"$WORK_DIR/last.err"
  local got=$?
  if [ "$got" -eq "$want" ]; then pass "exit $want: $*"; else fail "exit $got (want $want): $* -- $(head -c 400 "$WORK_DIR/last.err")"; fi
}

finish() {
  if [ "$failures" -eq 0 ]; then echo "all checks passed"; exit 0; fi
  echo "$failures check(s) failed" >&2
  exit 1
}
