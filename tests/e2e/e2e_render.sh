#!/usr/bin/env bash
# The demo dossier, read back as a user would: its text (diacritics exact), its
# figures in the required phrasing, its fonts, its structure, its page numbers.
. "$(dirname "$0")/e2e-lib.bash"
pdf="$WORK_DIR/hai-duong.pdf"
expect_status 0 "$DOSSIER" render "$SOURCE_DIR/fixtures/hai-duong-2015-2020.json" -o "$pdf"
[ -s "$pdf" ] || { fail "no PDF written"; finish; }

pdftotext -layout "$pdf" "$WORK_DIR/layout.txt" 2>"$WORK_DIR/pdftotext.err"
pdftotext "$pdf" "$WORK_DIR/raw.txt" 2>>"$WORK_DIR/pdftotext.err"
[ -s "$WORK_DIR/pdftotext.err" ] && fail "pdftotext warned: $(head -c 300 "$WORK_DIR/pdftotext.err")"
# one line per paragraph fragment is enough for phrases that may wrap: join lines
tr '\n' ' ' <"$WORK_DIR/raw.txt" | tr -s ' ' >"$WORK_DIR/joined.txt"

for phrase in "ĐẢNG BỘ TỈNH HẢI DƯƠNG" "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH" "Số 125-BC/ĐUK" \
  "ĐẢNG CỘNG SẢN VIỆT NAM" "Hải Dương, ngày 14 tháng 8 năm 2020" "BÁO CÁO" \
  "vượt 30,3% so với chỉ tiêu" "977" "98,7%" "4.925" "T/M BAN THƯỜNG VỤ" "BÍ THƯ" \
  "Vũ Tiến Phụng" "Nơi nhận:" "- Ban Thường vụ Tỉnh ủy," "- Lưu Văn phòng Đảng ủy Khối." \
  "cao hơn chỉ tiêu 18,7 điểm phần trăm" "đạt chỉ tiêu"; do
  expect_contains "$WORK_DIR/joined.txt" "$phrase"
done
# a rate against a rate is never a percentage margin
grep -qF "vượt 23,4%" "$WORK_DIR/joined.txt" && fail "rate margin written as a percentage"

# fonts: only Liberation Serif, all embedded and subset
pdffonts "$pdf" >"$WORK_DIR/fonts.txt" 2>&1
tail -n +3 "$WORK_DIR/fonts.txt" | awk '{print $1}' | grep -v '^[A-Z]\{6\}+LiberationSerif' \
  | grep -q . && fail "a font other than Liberation Serif: $(cat "$WORK_DIR/fonts.txt")"
awk 'NR>2 && $(NF-4) != "yes" {bad=1} END {exit bad}' "$WORK_DIR/fonts.txt" \
  || fail "a font is not embedded: $(cat "$WORK_DIR/fonts.txt")"
pass "fonts: $(tail -n +3 "$WORK_DIR/fonts.txt" | awk '{print $1}' | sort -u | tr '\n' ' ')"

qpdf --check "$pdf" >"$WORK_DIR/qpdf.txt" 2>&1 && pass "qpdf --check" || fail "qpdf --check: $(tail -3 "$WORK_DIR/qpdf.txt")"

# page numbers: none on page 1, "2" alone on the first line of page 2
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -ge 2 ] && pass "$pages pages" || fail "expected several pages, got ${pages:-?}"
first_line_of_page() { pdftotext -f "$1" -l "$1" -layout "$pdf" - 2>/dev/null | grep -m1 . | tr -d ' '; }
[ "$(first_line_of_page 1)" != "1" ] || fail "page 1 carries a number"
for p in $(seq 2 "${pages:-1}"); do
  [ "$(first_line_of_page "$p")" = "$p" ] || fail "page $p does not start with its number"
done

# default output: the dataset's name with .pdf, in the current folder
(cd "$WORK_DIR" && "$DOSSIER" render "$SOURCE_DIR/fixtures/hai-duong-2015-2020.json" >/dev/null 2>&1)
[ -s "$WORK_DIR/hai-duong-2015-2020.pdf" ] && pass "default output name" || fail "no hai-duong-2015-2020.pdf in the current folder"
# same inputs, same bytes
cmp -s "$pdf" "$WORK_DIR/hai-duong-2015-2020.pdf" && pass "deterministic output" || fail "two renders of the same dataset differ"
finish
