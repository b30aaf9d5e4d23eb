#!/usr/bin/env bash
# Bad input: a located message, the documented exit status, and never a PDF —
# nor the loss of a good PDF that was already there.
. "$(dirname "$0")/e2e-lib.bash"
demo="$SOURCE_DIR/fixtures/hai-duong-2015-2020.json"

# malformed JSON: FILE:LINE:COL, exit 65, no PDF
printf '{\n  "format": "dossier-dataset/1",\n  "period": {"from": 2015 "to": 2020}\n}\n' >"$WORK_DIR/broken.json"
expect_status 65 "$DOSSIER" render "$WORK_DIR/broken.json" -o "$WORK_DIR/broken.pdf"
grep -qE 'broken\.json:3:[0-9]+: ' "$WORK_DIR/last.err" && pass "syntax error located" \
  || fail "syntax error not located as FILE:LINE:COL: $(cat "$WORK_DIR/last.err")"
[ -e "$WORK_DIR/broken.pdf" ] && fail "a PDF was written for a malformed dataset"

# an invalid field: the file and the field's place, exit 65
sed 's/"2018": 204/"2018": "204"/' "$demo" >"$WORK_DIR/string-number.json"
expect_status 65 "$DOSSIER" render "$WORK_DIR/string-number.json" -o "$WORK_DIR/bad.pdf"
grep -qE 'string-number\.json:[0-9]+:[0-9]+: .*admissions.*2018' "$WORK_DIR/last.err" && pass "field located" \
  || fail "invalid field not located: $(cat "$WORK_DIR/last.err")"

# a failure never overwrites a good PDF that was there
expect_status 0 "$DOSSIER" render "$demo" -o "$WORK_DIR/good.pdf"
cp "$WORK_DIR/good.pdf" "$WORK_DIR/good.copy"
expect_status 65 "$DOSSIER" render "$WORK_DIR/string-number.json" -o "$WORK_DIR/good.pdf"
cmp -s "$WORK_DIR/good.pdf" "$WORK_DIR/good.copy" && pass "good PDF kept after a failure" \
  || fail "the good PDF was changed by a failed render"
ls "$WORK_DIR" | grep -q 'tmp' && fail "temporary files left behind: $(ls "$WORK_DIR")"

# the output is never the dataset, nor anything but a .pdf
cp "$demo" "$WORK_DIR/keep.json"
expect_status 64 "$DOSSIER" render "$WORK_DIR/keep.json" -o "$WORK_DIR/keep.json"
cmp -s "$demo" "$WORK_DIR/keep.json" && pass "dataset kept when named as output" || fail "the dataset was overwritten"
expect_status 64 "$DOSSIER" render "$WORK_DIR/keep.json" -o "$WORK_DIR/report.docx"
[ -e "$WORK_DIR/report.docx" ] && fail "wrote a non-.pdf output"

# a line separator typed into a name is a space, not an error about the font
sed 's/"Vũ Tiến Phụng"/"Vũ Tiến\\u2028Phụng"/' "$demo" >"$WORK_DIR/separator.json"
expect_status 0 "$DOSSIER" render "$WORK_DIR/separator.json" -o "$WORK_DIR/separator.pdf"
pdftotext "$WORK_DIR/separator.pdf" - | grep -qF "Vũ Tiến Phụng" && pass "U+2028 in a name prints as a space" \
  || fail "name with U+2028 not printed with a space"

# missing input: 66; bad usage: 64 with a usage line
expect_status 66 "$DOSSIER" render "$WORK_DIR/no-such.json" -o "$WORK_DIR/x.pdf"
grep -qF "$WORK_DIR/no-such.json: cannot open" "$WORK_DIR/last.err" && pass "missing file named" \
  || fail "missing file not named: $(cat "$WORK_DIR/last.err")"
expect_status 64 "$DOSSIER" render
grep -q '^usage: ' "$WORK_DIR/last.err" && pass "usage line" || fail "no usage line"
expect_status 64 "$DOSSIER" frobnicate
expect_status 64 "$DOSSIER" render "$demo" --no-such-option
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
