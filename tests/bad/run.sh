#!/usr/bin/env bash
# bad_inputs.sh: every bad input a clerk may hand to dossier, as data.
#
# Each bad dataset fixtures/bad/NAME.json and each bad template
# fixtures/templates/bad-NAME.md has its expected result beside it, in
# NAME.expected (bad-NAME.expected):
#
#   exit 65
#   fixtures/bad/NAME.json:LINE:COL: PATH: message
#   ...
#
# The first line is `exit N`, the exit status of the command; every line after
# it is one line the command writes to stderr, exactly and in order, each
# beginning with the input's path as given (relative to the source folder).
# The command is, for a dataset,
#   dossier check fixtures/bad/NAME.json
# and for a template
#   dossier render fixtures/hai-duong-2015-2020.json -t fixtures/templates/bad-NAME.md -o WORK/x.pdf
# run from the source folder. dossier starts each line of stderr with its name,
# "dossier: "; that prefix is required on every line and is not written in the
# .expected files. A case also fails when the command writes anything on
# stdout, and a template case when it leaves a PDF (or a temporary of one).
#
# Cases listed in tests/golden/known_wrong.txt have an .expected that says
# what the message should be while the program still says something worse:
# their exit status is checked, their difference is shown, and they fail as
# soon as the program says what .expected says (remove the line then).
#
# Usage (ctest runs one case per test, see tests/tests.cmake):
#   bad_inputs.sh                  every case, then --pairs
#   bad_inputs.sh INPUT...         those cases (fixtures/bad/x.json, fixtures/templates/bad-x.md)
#   bad_inputs.sh --pairs          every bad input has an .expected and every .expected an input
#   bad_inputs.sh --print INPUT    what the program does now, in .expected form (to review
#                                  before it replaces an .expected; never written by itself)
# Environment: DOSSIER (the program), SOURCE_DIR, WORK_DIR (a scratch folder).
set -u
: "${DOSSIER:?DOSSIER must name the dossier program}" "${SOURCE_DIR:?}" "${WORK_DIR:?}"
cd "$SOURCE_DIR" || exit 1
rm -rf "$WORK_DIR" && mkdir -p "$WORK_DIR" || exit 1
demo=fixtures/hai-duong-2015-2020.json
known_wrong=tests/golden/known_wrong.txt
failures=0
fail() { echo "FAIL $*" >&2; failures=$((failures + 1)); }

expected_of() {
  case "$1" in
    *.json) echo "${1%.json}.expected" ;;
    *.md) echo "${1%.md}.expected" ;;
  esac
}

# run_case INPUT: runs the command of INPUT; its result in .expected form goes
# to $WORK_DIR/actual, stdout to $WORK_DIR/stdout. Returns 1 when a template
# left a PDF behind.
run_case() {
  local input=$1 status left=0
  rm -f "$WORK_DIR"/x.pdf*
  case "$input" in
    fixtures/bad/*.json)
      "$DOSSIER" check "$input" >"$WORK_DIR/stdout" 2>"$WORK_DIR/stderr" ;;
    fixtures/templates/bad-*.md)
      "$DOSSIER" render "$demo" -t "$input" -o "$WORK_DIR/x.pdf" >"$WORK_DIR/stdout" 2>"$WORK_DIR/stderr" ;;
    *)
      echo "not a bad input: $input" >"$WORK_DIR/stderr"; false ;;
  esac
  status=$?
  { echo "exit $status"
    # each line without its "dossier: "; a line without it is kept whole, so it differs
    sed 's/^dossier: //' "$WORK_DIR/stderr"
  } >"$WORK_DIR/actual"
  if grep -qv '^dossier: ' "$WORK_DIR/stderr"; then
    echo "note: stderr lines without the \"dossier: \" prefix:" >&2
    grep -v '^dossier: ' "$WORK_DIR/stderr" >&2
    left=1
  fi
  if compgen -G "$WORK_DIR/x.pdf*" >/dev/null; then
    echo "note: left behind: $(cd "$WORK_DIR" && ls x.pdf*)" >&2
    left=1
  fi
  return "$left"
}

known_wrong_reason() { # the reason INPUT is listed in known_wrong.txt, or nothing
  [ -f "$known_wrong" ] && awk -v c="$1" '$1 == c { $1 = ""; sub(/^ +/, ""); print; exit }' "$known_wrong"
}

check_case() {
  local input=$1 expected reason clean=0
  expected=$(expected_of "$input")
  if [ ! -f "$input" ]; then fail "$input: no such bad input"; return; fi
  if [ ! -f "$expected" ]; then fail "$input: no $expected (bad_inputs.sh --print $input shows what it would hold)"; return; fi
  if ! head -1 "$expected" | grep -qE '^exit [0-9]+$'; then fail "$expected: the first line is not \"exit N\""; return; fi
  run_case "$input" || clean=1
  if [ -s "$WORK_DIR/stdout" ]; then
    echo "note: $input: wrote on stdout: $(head -c 300 "$WORK_DIR/stdout")" >&2
    clean=1
  fi
  reason=$(known_wrong_reason "$input")
  if [ -n "$reason" ]; then
    if [ "$(head -1 "$WORK_DIR/actual")" != "$(head -1 "$expected")" ]; then
      fail "$input: $(head -1 "$WORK_DIR/actual"), want $(head -1 "$expected")"
    elif cmp -s "$expected" "$WORK_DIR/actual"; then
      fail "$input: now says what $expected says; remove it from $known_wrong"
    else
      echo "known wrong $input ($reason); what it says against what it should say:"
      diff -u --label "$expected (should say)" --label "$input (says)" "$expected" "$WORK_DIR/actual"
      [ "$clean" -eq 0 ] && echo "ok   $input (exit status as expected; message known wrong)"
    fi
    return
  fi
  if cmp -s "$expected" "$WORK_DIR/actual"; then
    [ "$clean" -eq 0 ] && echo "ok   $input"
  else
    fail "$input: the result differs from $expected:"
    diff -u --label "$expected" --label "$input (now)" "$expected" "$WORK_DIR/actual" >&2
  fi
  [ "$clean" -eq 0 ] || fail "$input: see the notes above"
}

# every bad input has its .expected, every .expected its input, every
# known_wrong.txt line a case
check_pairs() {
  local f bad=0
  for f in fixtures/bad/*.json fixtures/templates/bad-*.md; do
    [ -f "$(expected_of "$f")" ] || { fail "$f has no $(expected_of "$f")"; bad=1; }
  done
  for f in fixtures/bad/*.expected; do
    [ -f "${f%.expected}.json" ] || { fail "$f has no ${f%.expected}.json"; bad=1; }
  done
  for f in fixtures/templates/*.expected; do
    case "$f" in fixtures/templates/bad-*) ;; *) fail "$f: only fixtures/templates/bad-*.md have an .expected"; bad=1; continue ;; esac
    [ -f "${f%.expected}.md" ] || { fail "$f has no ${f%.expected}.md"; bad=1; }
  done
  if [ -f "$known_wrong" ]; then
    while read -r f _; do
      case "$f" in ''|'#'*) continue ;; esac
      [ -f "$f" ] || { fail "$known_wrong names $f, which is not a bad input"; bad=1; }
    done <"$known_wrong"
  fi
  [ "$bad" -eq 0 ] && echo "ok   every bad input has an .expected and every .expected a bad input"
}

case "${1:-}" in
  --pairs) check_pairs ;;
  --print)
    [ $# -eq 2 ] || { echo "usage: bad_inputs.sh --print INPUT" >&2; exit 64; }
    run_case "$2"
    cat "$WORK_DIR/actual"
    exit 0 ;;
  "")
    for f in fixtures/bad/*.json fixtures/templates/bad-*.md; do check_case "$f"; done
    check_pairs ;;
  *) for f in "$@"; do check_case "$f"; done ;;
esac

if [ "$failures" -eq 0 ]; then exit 0; fi
echo "$failures check(s) failed" >&2
exit 1
