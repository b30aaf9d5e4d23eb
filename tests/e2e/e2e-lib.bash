# Shared helpers of the end-to-end scripts (sourced, not a test itself).
set -u
: "${DOSSIER:?DOSSIER must name the dossier program}"
: "${SOURCE_DIR:?}" "${WORK_DIR:?}"
rm -rf "$WORK_DIR" && mkdir -p "$WORK_DIR"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok   $*"; }

# expect_contains FILE TEXT: the text file contains TEXT (fixed string). Give
# the whole fragment, figure and words around it: a short one may match
# inside a longer phrase that says the opposite ("đạt chỉ tiêu" is in "chưa
# đạt chỉ tiêu").
expect_contains() {
  if grep -qF -- "$2" "$1"; then pass "$(basename "$1") has \"$2\""; else fail "$(basename "$1") lacks \"$2\""; fi
}

# expect_absent FILE TEXT: the text file does not contain TEXT (fixed string)
expect_absent() {
  if grep -qF -- "$2" "$1"; then fail "$(basename "$1") has \"$2\""; else pass "$(basename "$1") has no \"$2\""; fi
}

# expect_verdict FILE FIGURE VERDICT: some sentence of the text (pieces ended
# by ". " or "; ") holds FIGURE and VERDICT, and none that holds FIGURE says
# "chưa VERDICT": the figure is stated with its verdict, not a missed one.
expect_verdict() {
  local why
  why=$(awk -v fig="$2" -v verdict="$3" '
    { text = text " " $0 }
    END {
      n = split(text, sentence, /[.;] /)
      for (i = 1; i <= n; i++) {
        if (!index(sentence[i], fig)) continue
        if (index(sentence[i], "chưa " verdict)) { print "says a miss:" sentence[i]; exit 1 }
        if (index(sentence[i], verdict)) found = 1
      }
      if (!found) { print "no sentence with both"; exit 1 }
    }' "$1")
  if [ $? -eq 0 ]; then pass "$(basename "$1") states $2 with \"$3\""
  else fail "$(basename "$1"): $2 with \"$3\": $why"; fi
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
