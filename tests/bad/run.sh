#!/usr/bin/env bash
# run.sh: the bad-input catalogue, every mistake and hostile input a clerk may
# hand to dossier, as data (tests/bad/README.md is the user's side).
#
# A case is tests/bad/FOLDER/NAME.expected, with its input beside it: the one
# file NAME.EXT or the folder NAME/ (some cases, mostly of cli/, have none).
# The .expected holds, in order:
#
#   # comments                    (optional, only before `exit`)
#   needs non-root                (optional: skipped when run as root, who can
#                                  read and write any file)
#   setup SHELL-COMMAND           (zero or more: run by bash from the source folder
#                                  before the command, e.g. mkfifo {out})
#   run dossier ARGS...           (the command; by default the folder's, below)
#   exit N                        the exit status the command must end with
#   LINE...                       stderr, line by line, without the "dossier: "
#                                 that must begin every line (a line of `batch`'s
#                                 progress report has none and is written whole);
#                                 `(usage)` stands for the usage text printed after
#                                 a usage error; a last line `...` leaves the
#                                 remaining lines uncompared.
#
# Placeholders in setup and run lines (each replaced by a shell-quoted path):
#   {input}      the case's input          {demo}  fixtures/hai-duong-2015-2020.json
#   {committee}  fixtures/units/committee.json (a committee for --units-dir)
#   {dir}        a scratch folder, empty at the start of each case
#   {out}        {dir}/out.pdf
# The paths of {dir} and {out} in what the program prints are written back as
# {dir} and {out}, so an .expected does not depend on where the build is.
#
# Default commands, per folder (cli/ and batch/ state theirs):
#   dataset/   run dossier check {input}
#   template/  run dossier render {demo} -t {input} -o {out}
#   style/     run dossier render {demo} -s {input} -o {out}
#   units/     run dossier check {committee} --units-dir {input}
#
# Besides the exit status and stderr, every case must: write nothing on stdout;
# leave no PDF and no temporary behind (no new file with ".pdf" or "tmp" in its
# name in {dir}, no new file in the source folder or the input's folder); change
# nothing the user had (every file in {dir} before the command, and the input,
# byte for byte and mode); never crash (a signal, a sanitizer report) and never
# hang (each command is killed after $BAD_TIMEOUT seconds, default 20).
#
# tests/bad/known_wrong.txt lists the cases whose .expected says what the
# program should do while it still does something worse:
#   FOLDER/NAME TODAY why
# where TODAY is what the program does now: `message` (the exit status is
# right and checked; the message is not), `exit=N` (it exits N), `crash` or
# `hang`. The difference is shown and the case passes while the program does
# exactly TODAY; it fails once the program does what .expected says (remove
# the line then) or anything else (update the line).
#
# Usage (ctest runs one case per test, see tests/bad/bad.cmake):
#   run.sh                 every case, then --pairs
#   run.sh CASE...         those cases (dataset/x, tests/bad/dataset/x.json or .expected)
#   run.sh --pairs         every input has an .expected, every .expected its input,
#                          every known_wrong.txt line a case
#   run.sh --print CASE    what the program does now, in .expected form, with the
#                          case's comment/setup/run lines (to review before it
#                          replaces an .expected; never written by itself)
#   run.sh --list          the case names
# Environment: DOSSIER (the program), SOURCE_DIR, WORK_DIR (a scratch folder),
# BAD_TIMEOUT (seconds per command). Exit status: 0 passed, 1 failed, 77 every
# case asked for was skipped.
set -u
: "${DOSSIER:?DOSSIER must name the dossier program}" "${SOURCE_DIR:?}" "${WORK_DIR:?}"
cd "$SOURCE_DIR" || exit 1
case "$DOSSIER" in /*) ;; *) DOSSIER=$PWD/$DOSSIER ;; esac
case "$WORK_DIR" in /*) ;; *) WORK_DIR=$PWD/$WORK_DIR ;; esac
rm -rf "$WORK_DIR" && mkdir -p "$WORK_DIR" || exit 1
bad=tests/bad
demo=fixtures/hai-duong-2015-2020.json
committee=fixtures/units/committee.json
known_wrong=$bad/known_wrong.txt
timeout_s=${BAD_TIMEOUT:-20}
scratch=$WORK_DIR/scratch
failures=0 ran=0 skipped=0
fail() { echo "FAIL $*" >&2; failures=$((failures + 1)); }
note() { echo "note: $*" >&2; notes=$((notes + 1)); }

# the usage texts a usage error prints after its message
"$DOSSIER" --help 2>/dev/null | sed '/^$/,$d' >"$WORK_DIR/usage.main"
"$DOSSIER" batch --help >"$WORK_DIR/usage.batch" 2>/dev/null

# case_of ARG: FOLDER/NAME of a case given as FOLDER/NAME, its .expected or its input
case_of() {
  local c=${1%/}
  c=${c#./}
  c=${c#"$bad"/}
  case "$c" in *.expected) c=${c%.expected} ;; esac
  [ -e "$bad/$c.expected" ] || [ -d "$bad/$c" ] || c=${c%.*}
  echo "$c"
}

# input_of CASE: the case's input (a file NAME.EXT or a folder NAME/), or nothing
input_of() {
  local f found=
  for f in "$bad/$1".* "$bad/$1"; do
    case "$f" in *.expected | *.expected.*) continue ;; esac
    [ -e "$f" ] || [ -L "$f" ] || continue
    [ -z "$found" ] && found=$f
  done
  echo "$found"
}

default_run() {
  case "${1%%/*}" in
    dataset) echo 'run dossier check {input}' ;;
    template) echo 'run dossier render {demo} -t {input} -o {out}' ;;
    style) echo 'run dossier render {demo} -s {input} -o {out}' ;;
    units) echo 'run dossier check {committee} --units-dir {input}' ;;
  esac
}

all_cases() {
  local f
  for f in "$bad"/*/*.expected; do
    f=${f#"$bad"/}
    echo "${f%.expected}"
  done
}

# header_of CASE: the lines before `exit` (comments, needs, setup, run), with
# the folder's run line when the case has none
header_of() {
  local e=$bad/$1.expected
  if [ -f "$e" ]; then
    sed '/^exit /,$d' "$e"
    grep -q '^run ' <(sed '/^exit /,$d' "$e") || default_run "$1"
  else
    default_run "$1"
  fi
}

# expand TEXT: the placeholders replaced by shell-quoted paths
expand() {
  local t=$1
  t=${t//\{input\}/$(printf '%q' "$input")}
  t=${t//\{demo\}/$(printf '%q' "$demo")}
  t=${t//\{committee\}/$(printf '%q' "$committee")}
  t=${t//\{out\}/$(printf '%q' "$scratch/out.pdf")}
  t=${t//\{dir\}/$(printf '%q' "$scratch")}
  echo "$t"
}

# snapshot FOLDER...: one line per file (type, mode, size, checksum, path)
snapshot() {
  local d
  for d in "$@"; do
    [ -e "$d" ] || continue
    find "$d" -printf '%y %m %s %p\n' 2>/dev/null | while read -r type mode size path; do
      if [ "$type" = f ] && [ -r "$path" ]; then
        echo "$type $mode $size $(sha256sum <"$path" | cut -c1-16) $path"
      else
        echo "$type $mode $size - $path"
      fi
    done
  done | sort
}
listing() { find "$@" -maxdepth 1 -printf '%p\n' 2>/dev/null | sort; }

# run_case CASE: runs the case's command. Its result in .expected form goes to
# $WORK_DIR/actual (after the `exit` line), stdout to $WORK_DIR/stdout; sets
# status, crashed (crash, hang or empty), notes (how many rules it broke) and
# skip (why it was not run, or empty).
run_case() {
  local c=$1 line cmd word usage_file n
  local -a setup=()
  input=$(input_of "$c")
  notes=0 crashed= skip= status=
  cmd=
  while IFS= read -r line; do
    case "$line" in
      'needs non-root') [ "$(id -u)" -eq 0 ] && skip="needs a user other than root" ;;
      'setup '*) setup+=("${line#setup }") ;;
      'run '*) cmd=${line#run } ;;
      '' | '#'*) ;;
      *) fail "$c: not a header line of an .expected: $line"; skip=error ;;
    esac
  done < <(header_of "$c")
  if [ -z "$cmd" ]; then fail "$c: no run line (the folder ${c%%/*}/ has no default command)"; skip=error; fi
  if [ -n "$skip" ]; then return; fi
  case "$cmd" in *'{input}'*) [ -n "$input" ] || { fail "$c: the command names {input} but $bad/$c.* does not exist"; skip=error; return; } ;; esac

  rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
  for line in "${setup[@]}"; do
    if ! bash -c "$(expand "$line")" >"$WORK_DIR/setup.log" 2>&1; then
      fail "$c: setup failed: $line: $(cat "$WORK_DIR/setup.log")"; skip=error; return
    fi
  done
  eval "set -- $(expand "$cmd")"
  if [ "${1:-}" != dossier ]; then fail "$c: a run line starts with \"dossier\": $cmd"; skip=error; return; fi
  shift
  local batch=0
  [ "${1:-}" = batch ] && batch=1

  local -a watch=("$scratch")
  [ -n "$input" ] && watch+=("$input")
  snapshot "${watch[@]}" >"$WORK_DIR/before"
  listing . "$(dirname "${input:-.}")" >"$WORK_DIR/listing.before"

  timeout -k 5 "$timeout_s" "$DOSSIER" "$@" </dev/null >"$WORK_DIR/stdout" 2>"$WORK_DIR/stderr"
  status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then crashed=hang
  elif [ "$status" -gt 128 ] && [ "$status" -le 192 ]; then crashed="crash (signal $((status - 128)))"
  elif grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error: ' "$WORK_DIR/stderr"; then
    crashed="crash (sanitizer report)"
  fi

  # stderr in .expected form: placeholders back, the usage text as (usage),
  # the "dossier: " of each line off
  sed -e "s#$scratch/out.pdf#{out}#g" -e "s#$scratch#{dir}#g" "$WORK_DIR/stderr" >"$WORK_DIR/stderr.1"
  for usage_file in "$WORK_DIR/usage.main" "$WORK_DIR/usage.batch"; do
    n=$(wc -l <"$usage_file")
    if [ "$n" -gt 0 ] && [ "$(wc -l <"$WORK_DIR/stderr.1")" -gt "$n" ] &&
      tail -n "$n" "$WORK_DIR/stderr.1" | cmp -s - "$usage_file"; then
      { head -n "-$n" "$WORK_DIR/stderr.1"; echo "(usage)"; } >"$WORK_DIR/stderr.2"
      mv "$WORK_DIR/stderr.2" "$WORK_DIR/stderr.1"
      break
    fi
  done
  if [ "$batch" -eq 0 ] && grep -v '^(usage)$' "$WORK_DIR/stderr.1" | grep -qv '^dossier: '; then
    note "$c: stderr lines without the \"dossier: \" prefix:"
    grep -v '^(usage)$' "$WORK_DIR/stderr.1" | grep -v '^dossier: ' | head -5 >&2
  fi
  { echo "exit $status"; sed 's/^dossier: //' "$WORK_DIR/stderr.1"; } >"$WORK_DIR/actual"

  if [ -s "$WORK_DIR/stdout" ]; then note "$c: wrote on stdout: $(head -c 300 "$WORK_DIR/stdout")"; fi
  snapshot "${watch[@]}" >"$WORK_DIR/after"
  local changed
  changed=$(comm -23 "$WORK_DIR/before" "$WORK_DIR/after")
  [ -n "$changed" ] && note "$c: changed or removed what was there: $(echo "$changed" | sed "s#$scratch#{dir}#g" | tr '\n' ';')"
  local left
  left=$(comm -13 "$WORK_DIR/before" "$WORK_DIR/after" | awk '{ print $5 }' | grep -vxF -f <(awk '{ print $5 }' "$WORK_DIR/before") |
    sed "s#^$scratch#{dir}#" | grep -E '^\{dir\}.*(\.pdf|tmp)')
  [ -n "$left" ] && note "$c: left behind: $(echo "$left" | tr '\n' ' ')"
  listing . "$(dirname "${input:-.}")" >"$WORK_DIR/listing.after"
  left=$(comm -13 "$WORK_DIR/listing.before" "$WORK_DIR/listing.after" | grep -E '\.pdf|tmp')
  [ -n "$left" ] && note "$c: left beside the sources: $(echo "$left" | tr '\n' ' ')"
  return 0
}

# the line of CASE in known_wrong.txt: "TODAY reason", or nothing
known_wrong_of() {
  [ -f "$known_wrong" ] && awk -v c="$1" '$1 == c { $1 = ""; sub(/^ +/, ""); print; exit }' "$known_wrong"
}

# compare EXPECTED ACTUAL: 0 when ACTUAL says what EXPECTED does (a last
# line "..." in EXPECTED leaves the rest of ACTUAL uncompared)
compare() {
  local n
  if [ "$(tail -n 1 "$1")" = "..." ]; then
    n=$(($(wc -l <"$1") - 1))
    head -n "$n" "$1" | cmp -s - <(head -n "$n" "$2")
  else
    cmp -s "$1" "$2"
  fi
}

check_case() {
  local c expected known today reason
  c=$(case_of "$1")
  expected=$bad/$c.expected
  if [ ! -f "$expected" ]; then fail "$c: no $expected (run.sh --print $c shows what it would hold)"; return; fi
  sed -n '/^exit /,$p' "$expected" >"$WORK_DIR/expected"
  if ! head -1 "$WORK_DIR/expected" | grep -qE '^exit [0-9]+$'; then fail "$expected: no \"exit N\" line"; return; fi
  run_case "$c"
  if [ "$skip" = error ]; then return; fi
  if [ -n "$skip" ]; then echo "skip $c ($skip)"; skipped=$((skipped + 1)); return; fi
  ran=$((ran + 1))
  known=$(known_wrong_of "$c")
  if [ -n "$known" ]; then
    today=${known%% *} reason=${known#* }
    local does=message
    if [ -n "$crashed" ]; then does=${crashed%% *}
    elif [ "$(head -1 "$WORK_DIR/actual")" != "$(head -1 "$WORK_DIR/expected")" ]; then does="exit=$status"
    fi
    if [ -z "$crashed" ] && [ "$notes" -eq 0 ] && compare "$WORK_DIR/expected" "$WORK_DIR/actual"; then
      fail "$c: now does what $expected says; remove it from $known_wrong"
    elif case "|$today|" in *"|$does|"*) false ;; *) true ;; esac; then
      fail "$c: $known_wrong says it does \"$today\" today, but it does \"$does\" (${crashed:-exit $status}):"
      diff -u --label "$expected (should say)" --label "$c (says)" "$WORK_DIR/expected" "$WORK_DIR/actual" >&2
    else
      echo "known wrong: $c: ${crashed:-$today} ($reason); what it should say against what it says:"
      diff -u --label "$expected (should say)" --label "$c (says)" "$WORK_DIR/expected" "$WORK_DIR/actual"
      echo "ok   $c (known wrong: does what $known_wrong says it does today)"
    fi
    return
  fi
  if [ -n "$crashed" ]; then
    fail "$c: $crashed; stderr: $(head -c 600 "$WORK_DIR/stderr")"
    return
  fi
  if compare "$WORK_DIR/expected" "$WORK_DIR/actual"; then
    [ "$notes" -eq 0 ] && echo "ok   $c"
  else
    fail "$c: the result differs from $expected:"
    diff -u --label "$expected" --label "$c (now)" "$WORK_DIR/expected" "$WORK_DIR/actual" >&2
  fi
  [ "$notes" -eq 0 ] || fail "$c: see the notes above"
}

# every input has its .expected, every .expected its input when it names one,
# every known_wrong.txt line a case; fixtures/bad/ and fixtures/templates/bad-*
# hold only links to cases (kept for unit tests that name those paths)
check_pairs() {
  local f c bad_pairs=0
  for f in "$bad"/*/*; do
    case "$f" in *.expected) continue ;; esac
    c=${f#"$bad"/}
    [ -f "$bad/${c%.*}.expected" ] || [ -f "$bad/$c.expected" ] ||
      { fail "$f has no .expected"; bad_pairs=1; }
  done
  for c in $(all_cases); do
    if grep -q '{input}' <(header_of "$c") && [ -z "$(input_of "$c")" ]; then
      fail "$bad/$c.expected names {input} but there is no $bad/$c.* nor $bad/$c/"; bad_pairs=1
    fi
  done
  if [ -f "$known_wrong" ]; then
    while read -r c today _; do
      case "$c" in '' | '#'*) continue ;; esac
      [ -f "$bad/$c.expected" ] || { fail "$known_wrong names $c, which is not a case"; bad_pairs=1; }
      local alt
      for alt in ${today//|/ }; do
        case "$alt" in message | crash | hang | exit=[0-9]*) ;;
          *) fail "$known_wrong: $c: \"$alt\" is not message, crash, hang or exit=N"; bad_pairs=1 ;; esac
      done
    done <"$known_wrong"
  fi
  for f in fixtures/bad/* fixtures/templates/bad-*; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    case "$(realpath -e "$f" 2>/dev/null)" in "$(realpath "$bad")"/*) [ -L "$f" ] && continue ;; esac
    fail "$f: a bad input lives in $bad/ only (here at most a link to one)"; bad_pairs=1
  done
  [ "$bad_pairs" -eq 0 ] && echo "ok   every input has an .expected and every .expected its input"
}

case "${1:-}" in
  --pairs) check_pairs ;;
  --list) all_cases; exit 0 ;;
  --print)
    [ $# -eq 2 ] || { echo "usage: run.sh --print CASE" >&2; exit 64; }
    c=$(case_of "$2")
    run_case "$c"
    [ -n "$skip" ] && { echo "not run: $skip" >&2; exit 1; }
    header_of "$c" | grep -vxF "$(default_run "$c")"
    cat "$WORK_DIR/actual"
    [ -n "$crashed" ] && echo "note: $crashed" >&2
    exit 0 ;;
  "")
    for c in $(all_cases); do check_case "$c"; done
    check_pairs ;;
  *) for c in "$@"; do check_case "$c"; done ;;
esac

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
[ "$ran" -eq 0 ] && [ "$skipped" -gt 0 ] && exit 77
exit 0
