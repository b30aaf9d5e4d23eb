#!/usr/bin/env bash
# `dossier batch` and `dossier render` against a hostile or shared output
# folder and against signals (docs/batch.md, "What it writes"): the lock is
# never a link and no dataset name can reach it, every file is written
# through a temporary of the run's private folder, a signal leaves no
# temporary (PDF, chart folder, private folder) and keeps its exit status, and
# the user's own files in OUTDIR are never removed or replaced.
. "$(dirname "$0")/e2e-lib.bash"
# Background jobs in their own process group (the way a terminal runs a
# command, so a signal can go to the batch and its workers at once), and not
# ignoring SIGINT as those of a shell without job control do.
set -m
export TMPDIR="$WORK_DIR/tmp"
mkdir -p "$TMPDIR"
sh "$SOURCE_DIR/fixtures/gen-bloc.sh" -n 12 "$WORK_DIR/bloc" >/dev/null || fail "gen-bloc.sh failed"
units="$WORK_DIR/bloc/units"
two="$WORK_DIR/two"
mkdir -p "$two" && cp "$units/unit-01.json" "$units/unit-02.json" "$two/"
four="$WORK_DIR/four"
mkdir -p "$four" && cp "$units"/unit-0[1-4].json "$four/"

# leftovers DIR...: the temporaries of a run found under the folders: atomic
# writes' (NAME.tmp-PID-XXXXXX), the private folder (.S.tmp-XXXXXX), chart
# folders, the workers' TMPDIR
leftovers() {
  find "$@" \( -name '*.tmp-[0-9]*-??????' -o -type d -name '.*.tmp-??????' \
    -o -name 'dossier-chart-*' -o -name 'dossier-batch-*' \) -print 2>/dev/null
}
expect_no_leftovers() { # WHAT DIR...
  local what=$1 left
  shift
  left=$(leftovers "$@")
  [ -z "$left" ] && pass "$what: no temporary left" || fail "$what left: $left"
}
# wait_until CMD...: polls CMD every 5 ms, up to 10 s
wait_until() {
  local _
  for _ in $(seq 2000); do "$@" && return 0; sleep 0.005; done
  return 1
}
has_pdf() { compgen -G "$1/*.pdf" >/dev/null; }
has_chart_folder() { compgen -G "$TMPDIR/dossier-chart-*" >/dev/null; }
is_stamped() { grep -qs '^dossier-stamp/1 ' "$1"; }
process_state() { cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null; }
is_stopped() { [ "$(process_state "$1")" = T ]; }
stopped_or_ended() { case $(process_state "$1") in T | Z | "") return 0 ;; *) return 1 ;; esac; }
signal_number() { kill -l "$1"; }
field() { sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*//p" "$2" | sed 's/,$//; s/^"//; s/"$//'; }

# ---- 1. the lock is never followed through a link -----------------------------------
# the lock of earlier versions, .dossier-stamps/lock-summary, planted as a link:
# nothing is created where it points
out="$WORK_DIR/lock-old-link"
mkdir -p "$out/.dossier-stamps"
ln -s "$WORK_DIR/victim-old" "$out/.dossier-stamps/lock-summary"
expect_status 0 "$DOSSIER" batch "$two" -o "$out" -q
[ -e "$WORK_DIR/victim-old" ] && fail "the batch created the file a planted lock link points to" \
  || pass "a link where the lock used to be is not followed"
# the lock itself planted as a link, a folder, a FIFO: refused, named, nothing written
for kind in link folder fifo; do
  out="$WORK_DIR/lock-$kind"
  mkdir -p "$out"
  case $kind in
  link) ln -s "$WORK_DIR/victim-lock" "$out/summary.lock" ;;
  folder) mkdir "$out/summary.lock" ;;
  fifo) mkfifo "$out/summary.lock" ;;
  esac
  expect_status 73 timeout 20 "$DOSSIER" batch "$two" -o "$out" -q
  grep -qF "$out/summary.lock: the lock of the run " "$WORK_DIR/last.err" \
    && pass "a lock that is a $kind is refused, naming it" \
    || fail "lock that is a $kind: $(head -c 300 "$WORK_DIR/last.err")"
  has_pdf "$out" && fail "PDFs written beside a lock that is a $kind"
done
[ -e "$WORK_DIR/victim-lock" ] && fail "the batch created the file the lock link points to"
# the stamp folder planted as a link: refused (stamps are named after items)
out="$WORK_DIR/stamps-link"
mkdir -p "$out" "$WORK_DIR/stamps-target"
ln -s "$WORK_DIR/stamps-target" "$out/.dossier-stamps"
expect_status 73 "$DOSSIER" batch "$two" -o "$out" -q
grep -qF "$out/.dossier-stamps: the stamp folder is a symbolic link" "$WORK_DIR/last.err" \
  && pass "a stamp folder that is a link is refused" || fail "stamp folder link: $(cat "$WORK_DIR/last.err")"
[ -z "$(ls -A "$WORK_DIR/stamps-target")" ] || fail "files written through the stamp folder link"

# ---- 2. no dataset name reaches the lock or the summaries -----------------------------
names=".dossier-stamps .summary .summary.tmp-Ab12Cd lock-summary lock-summary-1-of-2 summary
summary-1-of-2 summary.csv summary.json summary.lock"
coll="$WORK_DIR/collide"
mkdir -p "$coll"
for n in $names; do cp "$units/unit-01.json" "$coll/$n.json"; done
cp "$two"/*.json "$coll/"
total=$(ls -A "$coll" | wc -l)
out="$WORK_DIR/collide-out"
checked=0
for attempt in 1 2 3; do
  rm -f "$out/.dossier-stamps/lock-summary" # an earlier attempt's
  "$DOSSIER" batch "$coll"/.??* "$coll"/* -o "$out" -j 1 -q --force 2>"$WORK_DIR/collide.err" &
  first=$!
  # once the stamp of lock-summary is written (renamed over the lock file of
  # earlier versions) and the items after it in sorted order still render,
  # freeze the run holding its lock, and start a second one
  wait_until is_stamped "$out/.dossier-stamps/lock-summary"
  kill -STOP -- -"$first" 2>/dev/null
  wait_until stopped_or_ended "$first" # SIGSTOP takes effect asynchronously
  if is_stopped "$first"; then
    expect_status 75 "$DOSSIER" batch "$two" -o "$out" -q
    grep -q 'another dossier batch is writing this folder' "$WORK_DIR/last.err" || fail "second batch: $(cat "$WORK_DIR/last.err")"
    checked=1
  fi
  kill -CONT -- -"$first" 2>/dev/null
  wait "$first"
  rc=$?
  [ "$rc" = 0 ] || fail "batch over look-alike names: exit $rc: $(head -c 300 "$WORK_DIR/collide.err")"
  [ "$checked" = 1 ] && break
done
[ "$checked" = 1 ] && pass "datasets named like the lock or the summaries do not break the lock" \
  || fail "the batch ended before it could be frozen, three times"
[ "$(field format "$out/summary.json")" = dossier-batch-summary/1 ] && [ "$(field total "$out/summary.json")" = "$total" ] \
  && [ "$(field ok "$out/summary.json")" = "$total" ] && pass "summary.json is the run's, with its $total items" \
  || fail "summary.json overwritten or short: $(head -c 300 "$out/summary.json")"
head -1 "$out/summary.csv" | grep -q '^input,output,status,' || fail "summary.csv overwritten: $(head -1 "$out/summary.csv")"
for n in $names; do [ -s "$out/$n.pdf" ] || fail "$n.pdf missing"; done
[ -f "$out/summary.lock" ] && [ ! -s "$out/summary.lock" ] || fail "summary.lock is not the empty lock file"
expect_status 0 "$DOSSIER" batch "$coll"/.??* "$coll"/* -o "$out" -q
[ "$(field skipped "$out/summary.json")" = "$total" ] && pass "every look-alike item has its own stamp (all up to date)" \
  || fail "rerun skipped $(field skipped "$out/summary.json") of $total"
expect_no_leftovers "look-alike names" "$out" "$TMPDIR"

# ---- 3. every file goes through a temporary of the run's private folder --------------
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
  out="$WORK_DIR/traced"
  mkdir -p "$out"
  echo old >"$out/summary.json"
  # -ff: one file per process, so no call is split by another's
  strace -ff -qq -o "$WORK_DIR/trace" -e trace=open,openat,creat,rename,renameat,renameat2 \
    "$DOSSIER" batch "$two" -o "$out" -q 2>/dev/null
  cat "$WORK_DIR"/trace.* >"$WORK_DIR/trace"
  # every creation in OUTDIR: O_EXCL in .summary.tmp-XXXXXX/, or the lock, not followed
  bad=$(grep -F "\"$out/" "$WORK_DIR/trace" | grep -E 'O_CREAT|creat\(' |
    grep -v -E "\"$out/\\.summary\\.tmp-[A-Za-z0-9]{6}/[^/\"]+\\.tmp-[0-9]+-[A-Za-z0-9]{6}\", [^)]*O_EXCL" |
    grep -v -E "\"$out/summary\\.lock\", [^)]*O_NOFOLLOW")
  [ -z "$bad" ] && pass "every file of the batch is created O_EXCL in its private folder (the lock O_NOFOLLOW)" \
    || fail "created otherwise: $bad"
  renames=$(grep -c -E "rename.*\"$out/\\.summary\\.tmp-[A-Za-z0-9]{6}/" "$WORK_DIR/trace")
  [ "$renames" -ge 6 ] && ! grep -E 'rename' "$WORK_DIR/trace" | grep -v -qF "\"$out/.summary.tmp-" \
    && pass "every output is renamed into place from the private folder ($renames)" \
    || fail "renames: $(grep rename "$WORK_DIR/trace" | head -5)"
  grep -qF 'dossier-batch-summary/1' "$out/summary.json" || fail "summary.json not replaced"
  expect_no_leftovers "a traced run" "$out" "$TMPDIR"
else
  echo "note: no usable strace here; how files are created was not traced"
fi
# the private folder a killed run left is removed by the next run of its stem,
# whatever process made its temporaries; another shard's, and a look-alike
# folder holding a file of someone else's, are not
out="$WORK_DIR/stale"
mkdir -p "$out/.summary.tmp-Ab12Cd" "$out/.summary-1-of-2.tmp-Cd34Ef" "$out/.summary.tmp-Zz99Zz"
: >"$out/.summary.tmp-Ab12Cd/unit-01.pdf.tmp-$$-Xy12ab"
: >"$out/.summary.tmp-Ab12Cd/summary.json.tmp-1-Qw12er"
: >"$out/.summary-1-of-2.tmp-Cd34Ef/unit-01.pdf.tmp-1-Xy12ab"
echo mine >"$out/.summary.tmp-Zz99Zz/notes.txt"
expect_status 0 "$DOSSIER" batch "$two" -o "$out" -q
[ -e "$out/.summary.tmp-Ab12Cd" ] && fail "a killed run's private folder was left: $(ls -A "$out/.summary.tmp-Ab12Cd")" \
  || pass "a killed run's private folder is removed by the next run"
[ -e "$out/.summary-1-of-2.tmp-Cd34Ef/unit-01.pdf.tmp-1-Xy12ab" ] && pass "another shard's private folder is kept" \
  || fail "the run removed another shard's private folder"
[ "$(cat "$out/.summary.tmp-Zz99Zz/notes.txt" 2>/dev/null)" = mine ] && pass "a look-alike folder with a user's file is kept" \
  || fail "a user's file in a look-alike folder was removed"
rm -rf "$out/.summary-1-of-2.tmp-Cd34Ef" "$out/.summary.tmp-Zz99Zz"

# ---- 4. signals leave no temporary and keep their exit status ------------------------
# dossier render, stopped while its chart folder exists: a gnuplot that never
# answers holds it there
cat >"$WORK_DIR/mute-gnuplot" <<'EOF'
#!/bin/sh
exec cat >/dev/null
EOF
chmod +x "$WORK_DIR/mute-gnuplot"
for sig in INT TERM HUP; do
  out="$WORK_DIR/render-$sig"
  mkdir -p "$out"
  rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
  DOSSIER_GNUPLOT="$WORK_DIR/mute-gnuplot" "$DOSSIER" render "$units/unit-01.json" -o "$out/r.pdf" \
    >/dev/null 2>"$WORK_DIR/render.err" &
  pid=$!
  wait_until has_chart_folder || fail "render: no chart folder appeared"
  kill -"$sig" "$pid"
  wait "$pid" 2>/dev/null
  rc=$?
  [ "$rc" = $((128 + $(signal_number "$sig"))) ] && pass "render: SIG$sig ends it with status $rc" \
    || fail "render: SIG$sig gave status $rc: $(cat "$WORK_DIR/render.err")"
  expect_no_leftovers "render after SIG$sig" "$out" "$TMPDIR"
  [ -e "$out/r.pdf" ] && fail "render after SIG$sig left a PDF"
done
# dossier batch, stopped once its first PDF is in place (its workers hold
# chart folders, maybe a PDF's temporary): the signal to the whole process
# group, as a terminal sends Ctrl-C or a hangup, then to the batch alone
for target in group batch; do
  for sig in INT TERM HUP; do
    out="$WORK_DIR/batch-$target-$sig"
    rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
    "$DOSSIER" batch "$units" -o "$out" -j 2 -q 2>"$WORK_DIR/batch.err" &
    pid=$!
    wait_until has_pdf "$out" || fail "batch: no PDF appeared"
    if [ "$target" = group ]; then kill -"$sig" -- -"$pid"; else kill -"$sig" "$pid"; fi
    wait "$pid" 2>/dev/null
    rc=$?
    want=$((128 + $(signal_number "$sig")))
    [ "$rc" = "$want" ] && pass "batch: SIG$sig to the $target: status $rc" \
      || fail "batch: SIG$sig to the $target: status $rc, want $want: $(head -c 300 "$WORK_DIR/batch.err")"
    expect_no_leftovers "batch after SIG$sig to the $target" "$out" "$TMPDIR"
    [ "$(field exit_status "$out/summary.json")" = "$want" ] || fail "no summary with status $want after SIG$sig"
    # (a PDF renamed into place by a worker the signal ended before its stamp
    # was written is removed, like any PDF nothing vouches for)
    for f in "$out"/*.pdf; do
      [ -e "$f" ] || continue
      qpdf --check "$f" >/dev/null 2>&1 || fail "$(basename "$f") is broken after SIG$sig"
    done
  done
done
# a worker killed with SIGKILL cannot clean up: its chart folder goes with the
# workers' TMPDIR at the end of the run
out="$WORK_DIR/batch-kill9"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
DOSSIER_BATCH_TEST_CRASH_ON=unit-03 expect_status 70 "$DOSSIER" batch "$four" -o "$out" -j 1 -q
grep -q 'unit-03.json,,failed,,[0-9.]*,70,9,' "$out/summary.csv" || fail "the killed worker's item is not reported"
expect_no_leftovers "a worker killed by SIGKILL" "$out" "$TMPDIR"

# ---- 5. the user's files in OUTDIR are never removed or replaced ---------------------
out="$WORK_DIR/users"
expect_status 0 "$DOSSIER" batch "$four" -o "$out" -q
for f in unit-01.pdf.sig .unit-01.pdf.bak summary.json.bak summary.lock.bak .dossier-stamps/unit-01.bak; do
  echo "user's $f" >"$out/$f"
done
check_users_files() {
  local f ok=1
  for f in unit-01.pdf.sig .unit-01.pdf.bak summary.json.bak summary.lock.bak .dossier-stamps/unit-01.bak; do
    [ "$(cat "$out/$f" 2>/dev/null)" = "user's $f" ] || { ok=0; fail "$1: the user's $f was changed or removed"; }
  done
  [ "$ok" = 1 ] && pass "$1: the user's .sig, .bak files are untouched"
}
expect_status 0 "$DOSSIER" batch "$four" -o "$out" -q --force
check_users_files "--force"
DOSSIER_BATCH_TEST_CRASH_ON=unit-01 expect_status 70 "$DOSSIER" batch "$four" -o "$out" -q --force
check_users_files "a killed worker"
# a signed PDF is read-only: refused, never replaced, nor removed as stale
cp "$out/unit-02.pdf" "$WORK_DIR/signed.pdf"
chmod 444 "$out/unit-02.pdf"
sed 's/"number": "102"/"number": "902"/' "$four/unit-02.json" >"$WORK_DIR/unit-02.json"
cp "$WORK_DIR/unit-02.json" "$four/unit-02.json"
expect_status 73 "$DOSSIER" batch "$four" -o "$out" -q
grep -q 'unit-02.pdf: the output is read-only' "$WORK_DIR/last.err" || fail "read-only refusal: $(cat "$WORK_DIR/last.err")"
cmp -s "$out/unit-02.pdf" "$WORK_DIR/signed.pdf" && pass "a read-only PDF is refused, not replaced" \
  || fail "the read-only unit-02.pdf was replaced or removed"
printf '{"organization": \n' >"$four/unit-02.json" # now invalid
expect_status 65 "$DOSSIER" batch "$four" -o "$out" -q
cmp -s "$out/unit-02.pdf" "$WORK_DIR/signed.pdf" && pass "a read-only PDF whose dataset turned invalid is kept" \
  || fail "the read-only unit-02.pdf was removed when its dataset failed"
grep -qF "unit-02.pdf does not reflect these inputs; it was kept: it is read-only" "$out/summary.json" \
  || fail "the error does not say the kept PDF is stale: $(grep -A2 unit-02.json "$out/summary.json" | head -5)"
chmod 644 "$out/unit-02.pdf"
# a PDF the batch did not make (no stamp) is kept when its dataset fails
rm -f "$out/.dossier-stamps/unit-02"
cp "$WORK_DIR/signed.pdf" "$out/unit-02.pdf"
expect_status 65 "$DOSSIER" batch "$four" -o "$out" -q
cmp -s "$out/unit-02.pdf" "$WORK_DIR/signed.pdf" && pass "a PDF without a stamp of the batch is not removed" \
  || fail "a PDF the batch did not make was removed"
grep -qF 'it was kept: no stamp shows that dossier batch made it' "$out/summary.json" || fail "no word on the kept PDF"
cp "$WORK_DIR/unit-02.json" "$four/unit-02.json"
# links planted where a PDF and the summary go: refused, never followed
echo "victim" >"$WORK_DIR/victim-pdf"
echo "victim" >"$WORK_DIR/victim-summary"
rm -f "$out/unit-03.pdf" && ln -s "$WORK_DIR/victim-pdf" "$out/unit-03.pdf"
mv "$out/summary.json" "$out/summary.json.old" && ln -s "$WORK_DIR/victim-summary" "$out/summary.json"
expect_status 73 "$DOSSIER" batch "$four" -o "$out" -q
[ "$(cat "$WORK_DIR/victim-pdf")" = victim ] && [ "$(cat "$WORK_DIR/victim-summary")" = victim ] \
  && pass "links planted as a PDF and as summary.json are not followed" || fail "a file behind a planted link was changed"
grep -q 'summary.json: the output is a symbolic link' "$WORK_DIR/last.err" || fail "summary link: $(cat "$WORK_DIR/last.err")"
grep -q 'unit-03.pdf: the output is a symbolic link' "$WORK_DIR/last.err" \
  && pass "a link planted as an up-to-date PDF is not taken for it" || fail "PDF link: $(cat "$WORK_DIR/last.err")"
check_users_files "planted links"
expect_no_leftovers "the user's folder" "$out" "$TMPDIR"
finish
