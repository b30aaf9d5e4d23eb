#!/usr/bin/env bash
# e2e_layout.sh: the demo dataset rendered by the real program, measured the
# way a reviewer of a signed report would: fonts, PDF structure, the text read
# back with its diacritics, every word inside the margins, page numbers, the
# header block's place, and the same bytes for the same inputs.
# Environment (from ctest): DOSSIER, SOURCE_DIR, WORK_DIR.
set -euo pipefail

: "${DOSSIER:?}" "${SOURCE_DIR:?}" "${WORK_DIR:?}"
mkdir -p "$WORK_DIR"
cd "$WORK_DIR"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

dataset="$SOURCE_DIR/fixtures/hai-duong-2015-2020.json"
"$DOSSIER" render "$dataset" -o party.pdf >/dev/null
"$DOSSIER" render "$dataset" -o party-again.pdf >/dev/null
"$DOSSIER" render "$dataset" -s state -o state.pdf >/dev/null

# Same inputs, same bytes (libharu's own /ID would follow the clock).
cmp -s party.pdf party-again.pdf || fail "two renders of the same dataset differ"

# The PDF is well-formed.
qpdf --check party.pdf >qpdf.txt 2>&1 || fail "qpdf --check: $(tail -1 qpdf.txt)"

# Only Liberation Serif, embedded, subset, with a ToUnicode map.
pdffonts party.pdf | tail -n +3 >fonts.txt
[ -s fonts.txt ] || fail "pdffonts lists no font"
while read -r line; do
  case "$line" in
    *LiberationSerif*"CID TrueType"*"yes yes yes"*) ;;
    *) fail "unexpected font line: $line" ;;
  esac
done <fonts.txt

# The text reads back exactly, and poppler has nothing to warn about.
pdftotext -layout party.pdf text.txt 2>warnings.txt
[ ! -s warnings.txt ] || fail "pdftotext warned: $(head -1 warnings.txt)"
for phrase in "ĐẢNG CỘNG SẢN VIỆT NAM" "BÁO CÁO" "Nơi nhận:" "Phụ lục 1" \
              "vượt 30,3% so với chỉ tiêu" "4.925"; do
  grep -qF "$phrase" text.txt || fail "the text lacks \"$phrase\""
done
pdftotext -layout state.pdf state.txt 2>/dev/null
for phrase in "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" "Số:"; do
  grep -qF "$phrase" state.txt || fail "the state layout lacks \"$phrase\""
done

# Geometry, from pdftotext -bbox (points from the top-left corner). Party
# style: A4, margins top 20, bottom 20, left 30, right 15 mm.
pdftotext -bbox party.pdf bbox.html 2>/dev/null
awk -v mm=2.834645669 '
  /<page / { page++; match($0, /width="[0-9.]+"/); w = substr($0, RSTART + 7, RLENGTH - 8) + 0
             match($0, /height="[0-9.]+"/); h = substr($0, RSTART + 8, RLENGTH - 9) + 0 }
  /<word / {
    split($0, a, "\""); x0 = a[2] + 0; y0 = a[4] + 0; x1 = a[6] + 0; y1 = a[8] + 0
    t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t)
    if (y1 <= 20 * mm) {                       # the top margin: page numbers only
      numbers[page]++; if (page == 1 || t != page) bad_number++
      centre = (x0 + x1) / 2; want = 30 * mm + (w - 45 * mm) / 2
      if (centre - want > mm || want - centre > mm) off_centre++
      next
    }
    if (x0 < 30 * mm - 0.5 || x1 > w - 15 * mm + 0.5 || y1 > h - 20 * mm + 0.5) {
      outside++; if (outside < 4) print "outside the margins: page " page " \"" t "\"" > "/dev/stderr"
    }
  }
  END {
    for (p = 2; p <= page; p++) if (numbers[p] != 1) missing++
    printf "pages=%d outside=%d bad_number=%d off_centre=%d missing_number=%d\n", \
           page, outside, bad_number, off_centre, missing
    exit (page < 2 || outside || bad_number || off_centre || missing) ? 1 : 0
  }' bbox.html >geometry.txt || fail "geometry: $(cat geometry.txt)"

# The header block: "ĐẢNG CỘNG SẢN VIỆT NAM" centred on its column (x 81..165 mm
# of the text block in party.style.json), within 1 mm.
awk -v mm=2.834645669 '
  /<page / { page++ }
  page == 1 && /<word / {
    split($0, a, "\""); t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t)
    if (t == "ĐẢNG" && a[2] > 100 * mm && !start) start = a[2] + 0
    if (t == "NAM" && start && !end) end = a[6] + 0
  }
  END {
    want = 30 * mm + 81 * mm + 84 * mm / 2; got = (start + end) / 2
    printf "motto centre %.1f mm, style %.1f mm\n", got / mm, want / mm
    exit (got - want > mm || want - got > mm) ? 1 : 0
  }' bbox.html >header.txt || fail "header: $(cat header.txt)"

# A failed render (a missing style: exit 66) leaves no file and no temporary behind.
rc=0
"$DOSSIER" render "$dataset" -s "$SOURCE_DIR/no-such.style.json" -o failed.pdf >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 66 ] || fail "a missing style: exit $rc, expected 66"
[ ! -e failed.pdf ] || fail "a failed render left failed.pdf"
ls ./*.tmp-* >/dev/null 2>&1 && fail "a temporary file was left behind"

# An output that must not be replaced is refused (exit 73) and left as it was:
# a read-only signed PDF and a symbolic link.
rm -f signed.pdf link.pdf
printf 'signed' >signed.pdf && chmod 444 signed.pdf
rc=0
"$DOSSIER" render "$dataset" -o signed.pdf >/dev/null 2>err.txt || rc=$?
[ "$rc" -eq 73 ] || fail "a read-only output: exit $rc, expected 73"
grep -q "is read-only" err.txt || fail "a read-only output: message was: $(cat err.txt)"
[ "$(cat signed.pdf)" = signed ] || fail "the read-only output was changed"
ln -s party.pdf link.pdf
rc=0
"$DOSSIER" render "$dataset" -o link.pdf >/dev/null 2>err.txt || rc=$?
[ "$rc" -eq 73 ] || fail "a symbolic link output: exit $rc, expected 73"
[ -L link.pdf ] || fail "the symbolic link was replaced"

if [ "$failures" -ne 0 ]; then
  echo "e2e_layout: $failures failure(s)" >&2
  exit 1
fi
echo "e2e_layout: ok ($(cat geometry.txt))"
