#!/usr/bin/env bash
# `dossier batch` as the year-end office uses it: a folder of good and bad
# datasets, reruns that skip what is done, --force, shards that add up, a
# worker killed mid-run, leftovers of a killed run cleaned, manifests.
. "$(dirname "$0")/e2e-lib.bash"
# A worker this script kills cannot remove its chart engine's folder
# (TMPDIR/dossier-chart-*) and nothing removes it later: let those land in the
# scratch folder, not in /tmp.
export TMPDIR="$WORK_DIR/tmp"
mkdir -p "$TMPDIR"

in="$WORK_DIR/in"
mkdir -p "$in"
sh "$SOURCE_DIR/fixtures/gen-bloc.sh" -n 4 "$WORK_DIR/bloc" >/dev/null || fail "gen-bloc.sh failed"
cp "$SOURCE_DIR/fixtures/hai-duong-2015-2020.json" "$in/hai-duong.json"
for u in 01 02 03 04; do cp "$WORK_DIR/bloc/units/unit-$u.json" "$in/"; done
cp "$SOURCE_DIR/tests/bad/dataset/malformed.json" "$in/zz-malformed.json"
cp "$SOURCE_DIR/tests/bad/dataset/negative_count.json" "$in/zz-negative.json"
echo "not a dataset" >"$in/notes.txt" # not *.json: not an input
good="hai-duong unit-01 unit-02 unit-03 unit-04"
bad="zz-malformed zz-negative"

# field NAME STATUS-FILE: the value of "NAME": in each item of summary.json
# (cJSON prints one field per line), one per line, in item order
field() { sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*//p" "$2" | sed 's/,$//; s/^"//; s/"$//'; }
# item_status OUT NAME: the status of the item whose input ends in NAME.json
item_status() {
  awk -v want="/$2.json\"," '
    index($0, "\"input\":") && substr($0, length($0) - length(want) + 1) == want {hit = 1}
    hit && /"status":/ {gsub(/[",]/, "", $2); print $2; exit}' "$1/summary.json"
}
# no_temp_files OUT: nothing but final PDFs, summaries and the stamp folder
no_temp_files() {
  local strays
  strays=$(cd "$1" && ls -A | grep -v -e '\.pdf$' -e '^summary' -e '^\.dossier-stamps$')
  [ -z "$strays" ] && pass "no temporary files in $(basename "$1")" || fail "left in $(basename "$1"): $strays"
  local bad_name
  bad_name=$(cd "$1" && ls -A | grep '\.pdf$' | grep -v -E '^[a-z0-9-]+\.pdf$')
  [ -z "$bad_name" ] || fail "unexpected PDF names: $bad_name"
}
pdfs_valid() {
  local f
  for f in "$1"/*.pdf; do
    qpdf --check "$f" >/dev/null 2>&1 || fail "$(basename "$f") is not a valid PDF"
  done
}

# 1. a folder of good and bad datasets
out="$WORK_DIR/out"
expect_status 65 "$DOSSIER" batch "$in" -o "$out" -j 2
cp "$WORK_DIR/last.err" "$WORK_DIR/run1.err"
for n in $good; do
  [ -s "$out/$n.pdf" ] && pass "$n.pdf written" || fail "$n.pdf missing"
  [ "$(item_status "$out" "$n")" = ok ] || fail "$n not ok in summary.json: $(item_status "$out" "$n")"
done
for n in $bad; do
  [ -e "$out/$n.pdf" ] && fail "$n.pdf written for an invalid dataset"
  [ "$(item_status "$out" "$n")" = failed ] && pass "$n failed" || fail "$n not failed in summary.json"
done
pdfs_valid "$out"
no_temp_files "$out"
[ "$(field total "$out/summary.json")" = 7 ] && pass "7 items" || fail "summary total: $(field total "$out/summary.json")"
[ "$(field exit_status "$out/summary.json")" = 65 ] || fail "summary exit_status is not 65"
# the errors are the located messages of `dossier check`
grep -q 'zz-malformed.json:[0-9]*:[0-9]*: ' "$out/summary.json" && pass "summary.json has the located error" \
  || fail "summary.json lacks the located error of zz-malformed.json"
grep -q '"error":[[:space:]]*null' "$out/summary.json" || fail "no null error for good items"
grep -qF 'zz-malformed' "$WORK_DIR/run1.err" || fail "the failure was not reported on stderr"
# CSV: header, 7 rows, each with 8 fields (quoted fields may hold commas and quotes)
csv="$out/summary.csv"
head -1 "$csv" | tr -d '\r' | grep -qx 'input,output,status,pages,ms,exit_code,signal,error' \
  && pass "CSV header" || fail "CSV header: $(head -1 "$csv")"
awk 'BEGIN {RS = "\r\n"} NR > 1 && $0 != "" {
       n = 0; q = 0; f = 1
       for (i = 1; i <= length($0); i++) { c = substr($0, i, 1); if (c == "\"") q = !q; else if (c == "," && !q) f++ }
       if (f != 8 || q) bad++; rows++ }
     END {exit !(rows == 7 && !bad)}' "$csv" && pass "CSV: 7 rows of 8 fields" || fail "CSV malformed: $(cat "$csv")"
grep -q '^[^,]*zz-negative.json,,failed,,[0-9.]*,65,,' "$csv" && pass "CSV row of a failure" || fail "CSV row of zz-negative"
grep -q '^[^,]*unit-01.json,[^,]*unit-01.pdf,ok,[1-9][0-9]*,' "$csv" && pass "CSV row of a success" || fail "CSV row of unit-01"

# 2. a second run skips everything that is done; the failures fail again
stamp_before=$(stat -c %Y.%i "$out/unit-02.pdf")
expect_status 65 "$DOSSIER" batch "$in" -o "$out" -j 2
for n in $good; do [ "$(item_status "$out" "$n")" = skipped ] || fail "$n not skipped on rerun"; done
[ "$(field skipped "$out/summary.json")" = 5 ] && pass "rerun: 5 skipped" || fail "rerun skipped: $(field skipped "$out/summary.json")"
[ "$(stat -c %Y.%i "$out/unit-02.pdf")" = "$stamp_before" ] && pass "skipped PDF untouched" || fail "skipped PDF rewritten"
grep -q 'unit-02.pdf,skipped,[1-9]' "$csv" && pass "skipped items keep their page count" || fail "page count of a skipped item"

# 3. an edited dataset is redone, the rest still skipped
sed 's/"number": "102"/"number": "202"/' "$in/unit-02.json" >"$in/unit-02.json.new" && mv "$in/unit-02.json.new" "$in/unit-02.json"
expect_status 65 "$DOSSIER" batch "$in" -o "$out" -q
[ "$(item_status "$out" unit-02)" = ok ] && pass "edited dataset re-rendered" || fail "edited dataset: $(item_status "$out" unit-02)"
[ "$(item_status "$out" unit-03)" = skipped ] || fail "unedited dataset not skipped"
grep -v -e zz-malformed -e zz-negative -e '^    ' "$WORK_DIR/last.err" | grep -q . \
  && fail "--quiet printed more than failures: $(head -3 "$WORK_DIR/last.err")" || pass "--quiet prints only failures"

# 4. --force redoes everything
expect_status 65 "$DOSSIER" batch "$in" -o "$out" --force
[ "$(field ok "$out/summary.json")" = 5 ] && pass "--force: 5 rendered" || fail "--force rendered $(field ok "$out/summary.json")"
[ "$(grep -c '^ok ' "$WORK_DIR/last.err")" = 5 ] && pass "one plain line per rendered item" || fail "plain lines: $(cat "$WORK_DIR/last.err")"

# 5. a dataset that turns invalid takes its stale PDF with it
cp "$SOURCE_DIR/tests/bad/dataset/negative_count.json" "$in/unit-04.json"
expect_status 65 "$DOSSIER" batch "$in" -o "$out"
[ -e "$out/unit-04.pdf" ] && fail "stale unit-04.pdf kept after its dataset became invalid" || pass "stale PDF removed"
cp "$WORK_DIR/bloc/units/unit-04.json" "$in/unit-04.json"

# 6. shards 1/2 and 2/2 cover every item exactly once (each holds a bad dataset: 65)
for k in 1 2; do
  expect_status 65 "$DOSSIER" batch "$in" -o "$WORK_DIR/shards" --shard "$k/2" -q
  [ -s "$WORK_DIR/shards/summary-$k-of-2.json" ] || fail "no summary of shard $k"
done
all=$(cat "$WORK_DIR/shards"/summary-*-of-2.json | field input /dev/stdin | sort)
[ "$(echo "$all" | wc -l)" = 7 ] && [ "$(echo "$all" | sort -u | wc -l)" = 7 ] \
  && pass "shards: 7 items, each once" || fail "shards cover: $all"
[ "$(ls "$WORK_DIR/shards"/*.pdf | wc -l)" = 5 ] && pass "shards: 5 PDFs" || fail "shards made $(ls "$WORK_DIR/shards"/*.pdf | wc -l) PDFs"
expect_status 64 "$DOSSIER" batch "$in" -o "$WORK_DIR/shards" --shard 3/2

# 7. a worker killed mid-run: its item fails with the signal, the others are made
crash="$WORK_DIR/crash"
good_in="$WORK_DIR/good"
mkdir -p "$good_in" && for n in $good; do cp "$in/$n.json" "$good_in/"; done
DOSSIER_BATCH_TEST_CRASH_ON=unit-02 expect_status 70 "$DOSSIER" batch "$good_in" -o "$crash" -j 2
[ "$(item_status "$crash" unit-02)" = failed ] && pass "killed item failed" || fail "killed item: $(item_status "$crash" unit-02)"
grep -q 'signal 9' "$crash/summary.json" && pass "the signal is reported" || fail "signal not in summary"
grep -q 'unit-02.json,,failed,,[0-9.]*,70,9,' "$crash/summary.csv" || fail "CSV row of the killed item"
for n in hai-duong unit-01 unit-03 unit-04; do [ -s "$crash/$n.pdf" ] || fail "$n.pdf missing after a worker crash"; done
[ -e "$crash/unit-02.pdf" ] && fail "unit-02.pdf exists though its worker was killed"
# ... and killed at various moments of the render, writing included (SIGALRM
# MS milliseconds in): never a partial PDF under the final name, no temporary
# left behind, the earlier PDF kept (its stamp still matches)
before=$failures
for ms in 1 2 3 5 8 12 20 40 80; do
  # 70 when the signal came while unit-03 rendered, 0 when it had already finished
  rc=0
  DOSSIER_BATCH_TEST_CRASH_ON=unit-03@$ms "$DOSSIER" batch "$good_in" -o "$crash" --force -q 2>/dev/null || rc=$?
  [ "$rc" -eq 70 ] || [ "$rc" -eq 0 ] || fail "a render killed after $ms ms: exit $rc, want 70 or 0"
  pdfs_valid "$crash"
  no_temp_files "$crash" >/dev/null
  [ -s "$crash/unit-03.pdf" ] || fail "unit-03.pdf lost when its re-render was killed after $ms ms"
done
[ "$failures" -eq "$before" ] && pass "renders killed at 1..80 ms left whole PDFs only"
# leftovers of a killed run, as every atomic write names them
# (<target>.tmp-<pid>-XXXXXX, the pid of a process that is gone), beside the
# user's own files that only look alike: a detached signature, a backup
sh -c 'exit 0' & dead=$!; wait "$dead"
: >"$crash/unit-02.pdf.tmp-$dead-Ab12Cd" ; : >"$crash/.dossier-stamps/unit-01.tmp-$dead-Xy34Zw"
echo sig >"$crash/unit-02.pdf.sig" ; echo bak >"$crash/.unit-03.pdf.bak"
expect_status 0 "$DOSSIER" batch "$good_in" -o "$crash" -j 2
[ "$(field failed "$crash/summary.json")" = 0 ] && pass "rerun after the crash completes" || fail "rerun after crash failed items"
for n in $good; do [ -s "$crash/$n.pdf" ] || fail "$n.pdf missing after rerun"; done
[ -e "$crash/unit-02.pdf.tmp-$dead-Ab12Cd" ] && fail "a dead run's temporary PDF left" || pass "a dead run's temporary PDF removed"
ls -A "$crash/.dossier-stamps" | grep -q tmp && fail "stamp temporaries left" || pass "stamp temporaries cleaned"
[ "$(cat "$crash/unit-02.pdf.sig" 2>/dev/null)" = sig ] && [ "$(cat "$crash/.unit-03.pdf.bak" 2>/dev/null)" = bak ] \
  && pass "the user's unit-02.pdf.sig and .unit-03.pdf.bak are kept" || fail "a user's file beside the PDFs was removed"
rm -f "$crash/unit-02.pdf.sig" "$crash/.unit-03.pdf.bak"
no_temp_files "$crash"
pdfs_valid "$crash"

# 8. a manifest: paths relative to it, comments, blank lines
mkdir -p "$WORK_DIR/lists"
printf '# the two units of this office\n\n../good/unit-01.json\n  ../good/unit-03.json  \n' >"$WORK_DIR/lists/office.list"
expect_status 0 "$DOSSIER" batch "$WORK_DIR/lists/office.list" -o "$WORK_DIR/from-list"
[ "$(ls "$WORK_DIR/from-list"/*.pdf 2>/dev/null | xargs -n1 basename | tr '\n' ' ')" = "unit-01.pdf unit-03.pdf " ] \
  && pass "manifest: its two datasets" || fail "manifest rendered: $(ls "$WORK_DIR/from-list")"

# 9. two inputs that would write the same PDF are refused before anything is done
mkdir -p "$WORK_DIR/other" && cp "$in/unit-01.json" "$WORK_DIR/other/unit-01.json"
expect_status 64 "$DOSSIER" batch "$good_in" "$WORK_DIR/other" -o "$WORK_DIR/clash"
grep -q 'unit-01' "$WORK_DIR/last.err" && pass "the clash is named" || fail "clash message: $(cat "$WORK_DIR/last.err")"
[ -e "$WORK_DIR/clash/unit-01.pdf" ] && fail "rendered despite the clash"

# 10. a mistyped template fails every item without touching the PDFs already made
expect_status 66 "$DOSSIER" batch "$good_in" -o "$crash" -t no-such-template
[ "$(field failed "$crash/summary.json")" = 5 ] && pass "bad template: every item failed" || fail "bad template: $(field failed "$crash/summary.json") failed"
grep -q 'no-such-template' "$crash/summary.csv" || fail "the template error is not in summary.csv"
for n in $good; do [ -s "$crash/$n.pdf" ] || fail "$n.pdf removed because of a mistyped template"; done

# 11. a committee rolled up from its units' folder (--units-dir): same figures as
# with the units inline, rendered, and redone when a unit changes
bloc="$WORK_DIR/bloc"
expect_status 0 "$DOSSIER" figures "$bloc/bloc.json"
grep -v '"dataset":' "$WORK_DIR/last.out" >"$WORK_DIR/fig-inline.json"
expect_status 0 "$DOSSIER" figures "$bloc/bloc-head.json" --units-dir "$bloc/units"
grep -v '"dataset":' "$WORK_DIR/last.out" >"$WORK_DIR/fig-dir.json"
grep -q '"derived_from_units":' "$WORK_DIR/fig-dir.json" || fail "no figures from --units-dir: $(head -c 200 "$WORK_DIR/fig-dir.json")"
cmp -s "$WORK_DIR/fig-inline.json" "$WORK_DIR/fig-dir.json" && pass "gen-bloc: inline units and --units-dir give the same figures" \
  || fail "figures differ: $(diff "$WORK_DIR/fig-inline.json" "$WORK_DIR/fig-dir.json" | head -5)"
expect_status 0 "$DOSSIER" batch "$bloc/bloc-head.json" -o "$WORK_DIR/committee" --units-dir "$bloc/units"
[ -s "$WORK_DIR/committee/bloc-head.pdf" ] && pass "committee PDF from --units-dir" || fail "no committee PDF"
grep -q '"units_dir":[[:space:]]*"' "$WORK_DIR/committee/summary.json" || fail "summary lacks units_dir"
expect_status 0 "$DOSSIER" batch "$bloc/bloc-head.json" -o "$WORK_DIR/committee" --units-dir "$bloc/units"
[ "$(item_status "$WORK_DIR/committee" bloc-head)" = skipped ] || fail "committee not skipped on rerun"
sed 's/"number": "101"/"number": "901"/' "$bloc/units/unit-01.json" >"$WORK_DIR/u1" && mv "$WORK_DIR/u1" "$bloc/units/unit-01.json"
expect_status 0 "$DOSSIER" batch "$bloc/bloc-head.json" -o "$WORK_DIR/committee" --units-dir "$bloc/units"
[ "$(item_status "$WORK_DIR/committee" bloc-head)" = ok ] && pass "a changed unit redoes the committee" || fail "committee not redone after a unit changed"

# 12. on a terminal: a progress bar redrawn in place
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then # a pty is available
  script -qec "$DOSSIER batch $good_in -o $WORK_DIR/tty --force" /dev/null >"$WORK_DIR/tty.out" 2>&1
  grep -q $'\r.*\[[#.]*\] [0-9]*/5 .*/s' "$WORK_DIR/tty.out" && pass "progress bar on a terminal" \
    || fail "no progress bar: $(head -c 300 "$WORK_DIR/tty.out" | cat -v)"
  grep -q '^ok ' "$WORK_DIR/tty.out" && fail "plain lines on a terminal"
else
  echo "note: no pseudo-terminal here; the progress bar was not checked"
fi

# 13. the generator: same seed, same bytes; another seed, other figures; 68 units
sh "$SOURCE_DIR/fixtures/gen-bloc.sh" "$WORK_DIR/gen-a" >/dev/null || fail "gen-bloc.sh gen-a failed"
sh "$SOURCE_DIR/fixtures/gen-bloc.sh" "$WORK_DIR/gen-b" >/dev/null || fail "gen-bloc.sh gen-b failed"
sh "$SOURCE_DIR/fixtures/gen-bloc.sh" -s 7 "$WORK_DIR/gen-c" >/dev/null || fail "gen-bloc.sh -s 7 failed"
diff -r "$WORK_DIR/gen-a" "$WORK_DIR/gen-b" >/dev/null && pass "gen-bloc: same seed, same bytes" || fail "gen-bloc is not deterministic"
cmp -s "$WORK_DIR/gen-a/units/unit-01.json" "$WORK_DIR/gen-c/units/unit-01.json" && fail "gen-bloc ignores the seed"
[ "$(ls "$WORK_DIR/gen-a/units" | wc -l)" = 68 ] && pass "gen-bloc: 68 units" || fail "gen-bloc made $(ls "$WORK_DIR/gen-a/units" | wc -l) units"
expect_status 0 "$DOSSIER" check "$WORK_DIR/gen-a/bloc.json" "$WORK_DIR/gen-c/bloc.json" "$WORK_DIR"/gen-a/units/unit-6*.json

# 14. SIGTERM to the batch: the summary is still written, the rest listed as not
# rendered, exit 143; a rerun completes what is missing and skips what is done
"$DOSSIER" batch "$WORK_DIR/gen-a/units" -o "$WORK_DIR/term" -j 1 -q 2>"$WORK_DIR/term.err" &
batch_pid=$!
# as soon as the first PDF is in place, so the run is surely under way
for _ in $(seq 1000); do
  compgen -G "$WORK_DIR/term/*.pdf" >/dev/null && break
  sleep 0.005
done
kill -TERM "$batch_pid"
wait "$batch_pid"
got=$?
if [ "$got" = 143 ]; then
  pass "SIGTERM: exit 143"
  grep -q '"exit_status":[[:space:]]*143' "$WORK_DIR/term/summary.json" || fail "no summary after SIGTERM"
  grep -q 'interrupted' "$WORK_DIR/term/summary.csv" || fail "unrendered items not listed as interrupted"
  expect_status 0 "$DOSSIER" batch "$WORK_DIR/gen-a/units" -o "$WORK_DIR/term" -j 2 -q
  [ "$(field skipped "$WORK_DIR/term/summary.json")" -gt 0 ] && pass "rerun after SIGTERM skips what was done" \
    || fail "rerun after SIGTERM skipped nothing"
  [ "$(ls "$WORK_DIR/term"/*.pdf | wc -l)" = 68 ] || fail "rerun after SIGTERM: not 68 PDFs"
  no_temp_files "$WORK_DIR/term"
else
  echo "note: the batch ended (exit $got) before SIGTERM arrived; interruption not checked"
fi

# 14b. a run over its own output folder does not take its summaries for datasets
mkdir -p "$WORK_DIR/self"
cp "$SOURCE_DIR/fixtures/hai-duong-2015-2020.json" "$WORK_DIR/self/"
expect_status 0 "$DOSSIER" batch "$WORK_DIR/self" -o "$WORK_DIR/self" -q
expect_status 0 "$DOSSIER" batch "$WORK_DIR/self" -o "$WORK_DIR/self" -q
grep -q '"input":[^,]*summary' "$WORK_DIR/self/summary.json" && fail "a summary was taken for a dataset"

# 15. bad usage
expect_status 64 "$DOSSIER" batch "$good_in"
expect_status 64 "$DOSSIER" batch "$good_in" -o "$WORK_DIR/x" -j 0
expect_status 66 "$DOSSIER" batch "$WORK_DIR/no-such-folder" -o "$WORK_DIR/x"
mkdir -p "$WORK_DIR/empty"
expect_status 66 "$DOSSIER" batch "$WORK_DIR/empty" -o "$WORK_DIR/x"
grep -q 'no dataset found' "$WORK_DIR/last.err" || fail "empty folder message: $(cat "$WORK_DIR/last.err")"

# a style named by a path that ends in ".json" but not ".style.json" is the
# file itself for the batch's fingerprint as for the render: after an edit of
# that file the PDFs are rendered again, never reported up to date
styled="$WORK_DIR/styled"; mkdir -p "$styled"
cp "$SOURCE_DIR/templates/party.style.json" "$styled/custom.json"
(cd "$styled" && "$DOSSIER" batch "$good_in" -o out -s custom.json -q) >/dev/null 2>&1
[ "$(field ok "$styled/out/summary.json")" -gt 0 ] && pass "batch with -s custom.json rendered" || fail "batch -s custom.json rendered nothing"
(cd "$styled" && "$DOSSIER" batch "$good_in" -o out -s custom.json -q) >/dev/null 2>&1
[ "$(field ok "$styled/out/summary.json")" = 0 ] && pass "an unchanged custom.json: everything up to date" || fail "unchanged custom.json re-rendered"
sed -i 's/"orphans": *[0-9]*/"orphans": 3/' "$styled/custom.json"
cmp -s "$SOURCE_DIR/templates/party.style.json" "$styled/custom.json" && fail "the style edit did not change the file"
(cd "$styled" && "$DOSSIER" batch "$good_in" -o out -s custom.json -q) >/dev/null 2>&1
[ "$(field skipped "$styled/out/summary.json")" = 0 ] && pass "after an edit of custom.json nothing is skipped" \
  || fail "after an edit of custom.json $(field skipped "$styled/out/summary.json") stale PDF(s) were kept as up to date"
finish
