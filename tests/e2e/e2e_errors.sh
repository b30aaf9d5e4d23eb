#!/usr/bin/env bash
# Errors across commands: check lists every problem of every file at once, a
# failed write of stdout is exit 74, a line separator in a name is no error.
# (Each bad input alone, with its exact message, is a case of tests/bad/.)
. "$(dirname "$0")/e2e-lib.bash"
demo="$SOURCE_DIR/fixtures/hai-duong-2015-2020.json"

# two bad datasets for `check` below
printf '{\n  "format": "dossier-dataset/1",\n  "period": {"from": 2015 "to": 2020}\n}\n' >"$WORK_DIR/broken.json"
sed 's/"2018": 204/"2018": "204"/' "$demo" >"$WORK_DIR/string-number.json"

# a line separator typed into a name is a space, not an error about the font
sed 's/"Vũ Tiến Phụng"/"Vũ Tiến\\u2028Phụng"/' "$demo" >"$WORK_DIR/separator.json"
expect_status 0 "$DOSSIER" render "$WORK_DIR/separator.json" -o "$WORK_DIR/separator.pdf"
pdftotext "$WORK_DIR/separator.pdf" - | grep -qF "Vũ Tiến Phụng" && pass "U+2028 in a name prints as a space" \
  || fail "name with U+2028 not printed with a space"

expect_status 0 "$DOSSIER" --version
grep -qE '^dossier [0-9]+\.[0-9]+\.[0-9]+' "$WORK_DIR/last.out" && pass "version" || fail "no version"
expect_status 0 "$DOSSIER" --help

# check lists every problem of every file at once
expect_status 65 "$DOSSIER" check "$demo" "$WORK_DIR/broken.json" "$WORK_DIR/string-number.json"
grep -qF "hai-duong-2015-2020.json: ok" "$WORK_DIR/last.out" && pass "check: good file ok" || fail "check: good file not reported ok"
grep -qE 'broken\.json:3:[0-9]+: ' "$WORK_DIR/last.err" \
  && grep -qE 'string-number\.json:[0-9]+:[0-9]+: .*admissions.*2018' "$WORK_DIR/last.err" \
  && pass "check: both bad files reported" || fail "check did not report both bad files: $(cat "$WORK_DIR/last.err")"
# what a command prints on stdout is its result: a write that fails (a full
# disk, here /dev/full) is exit 74 with the reason, never a silent success
if [ -w /dev/full ]; then
  for cmd in "figures $demo" "figures $demo --format text" "check $demo" "templates" "--help" "--version"; do
    # shellcheck disable=SC2086
    "$DOSSIER" $cmd >/dev/full 2>"$WORK_DIR/full.err"; rc=$?
    [ "$rc" -eq 74 ] && grep -q "cannot write the output" "$WORK_DIR/full.err" \
      && pass "dossier $cmd > /dev/full: exit 74, said so" || fail "dossier $cmd > /dev/full: exit $rc, $(cat "$WORK_DIR/full.err")"
  done
fi
finish
