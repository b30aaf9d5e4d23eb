#!/usr/bin/env bash
# phrases.sh: what a report must print — and must never print — for a dataset,
# as data: the rules of docs/figures.md ("the ten rules") each with cases.
#
# Each case is tests/golden/phrases/NAME.json (a valid dataset) with
# NAME.expected beside it:
#
#   # a comment
#   render term-report            the PDF of this stock template (or any -t NAME)
#   + a fragment that must appear
#   - a fragment that must not appear
#   figures-text                  `dossier figures --format text`
#   figures                       `dossier figures` (JSON)
#   + …
#
# Fragments are compared with the text pdftotext reads back, every run of
# white space (line ends included) folded into one space, so a sentence that
# wraps is still one fragment. A fragment is matched exactly (grep -F): write
# the whole phrase with its figure ("đạt 99,95% chỉ tiêu nhiệm kỳ"), never a
# word a negation also contains.
#
# Usage: phrases.sh [NAME.json…]   (all cases by default); ctest runs one
# case per test (tests/tests.cmake). Environment: DOSSIER, SOURCE_DIR, WORK_DIR.
set -u -o pipefail
: "${DOSSIER:?DOSSIER must name the dossier program}" "${SOURCE_DIR:?}" "${WORK_DIR:?}"
cd "$SOURCE_DIR" || exit 1
rm -rf "$WORK_DIR" && mkdir -p "$WORK_DIR" || exit 1
failures=0
fail() { echo "FAIL $*" >&2; failures=$((failures + 1)); }

fold() { tr '\n\f\t' '   ' | sed 's/  */ /g'; }

run_case() {
  local dataset=$1 expected=${1%.json}.expected name
  name=$(basename "${1%.json}")
  [ -f "$expected" ] || { fail "$name: no $(basename "$expected")"; return; }
  local text="$WORK_DIR/$name.txt" line=0 source="(no render or figures line yet)"
  : >"$text"
  while IFS= read -r row || [ -n "$row" ]; do
    line=$((line + 1))
    case "$row" in
      ''|'#'*) continue ;;
      'render '*)
        local tpl=${row#render }
        source="render $tpl"
        if ! "$DOSSIER" render "$dataset" -t "$tpl" -o "$WORK_DIR/$name.pdf" >/dev/null 2>"$WORK_DIR/err"; then
          fail "$name:$line: render $tpl failed: $(cat "$WORK_DIR/err")"
          : >"$text"
        else
          pdftotext "$WORK_DIR/$name.pdf" - | fold >"$text"
        fi ;;
      'figures-text'|'figures')
        source=$row
        local args=(figures "$dataset")
        [ "$row" = figures-text ] && args+=(--format text)
        if ! "$DOSSIER" "${args[@]}" 2>"$WORK_DIR/err" | fold >"$text"; then
          fail "$name:$line: $row failed: $(cat "$WORK_DIR/err")"
        fi ;;
      '+ '*)
        grep -qF -- "${row#+ }" "$text" || fail "$name:$line: $source lacks \"${row#+ }\"" ;;
      '- '*)
        grep -qF -- "${row#- }" "$text" && fail "$name:$line: $source prints \"${row#- }\"" ;;
      *) fail "$name:$line: not a line of an .expected file: $row" ;;
    esac
  done <"$expected"
}

if [ $# -eq 0 ]; then set -- tests/golden/phrases/*.json; fi
for dataset in "$@"; do run_case "$dataset"; done
if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all phrases as expected"
