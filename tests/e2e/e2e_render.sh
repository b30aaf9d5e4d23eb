#!/usr/bin/env bash
# The demo dossier, read back as a user would: its text (diacritics exact), its
# figures in the required phrasing, its fonts, its structure, its page numbers.
. "$(dirname "$0")/e2e-lib.bash"
pdf="$WORK_DIR/hai-duong.pdf"
expect_status 0 "$DOSSIER" render "$SOURCE_DIR/fixtures/hai-duong-2015-2020.json" -o "$pdf"
[ -s "$pdf" ] || { fail "no PDF written"; finish; }

pdftotext "$pdf" "$WORK_DIR/raw.txt" 2>"$WORK_DIR/pdftotext.err" || fail "pdftotext exited $?"
[ -s "$WORK_DIR/pdftotext.err" ] && fail "pdftotext warned: $(head -c 300 "$WORK_DIR/pdftotext.err")"
# one line per paragraph fragment is enough for phrases that may wrap: join lines
tr '\n' ' ' <"$WORK_DIR/raw.txt" | tr -s ' ' >"$WORK_DIR/joined.txt"

for phrase in "ĐẢNG BỘ TỈNH HẢI DƯƠNG" "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH" "Số 125-BC/ĐUK" \
  "ĐẢNG CỘNG SẢN VIỆT NAM" "Hải Dương, ngày 14 tháng 8 năm 2020" "BÁO CÁO" \
  "T/M BAN THƯỜNG VỤ" "BÍ THƯ" "Vũ Tiến Phụng" "Nơi nhận:" "- Ban Thường vụ Tỉnh ủy," \
  "- Lưu Văn phòng Đảng ủy Khối." \
  "tổng số đảng viên là 4.925 đồng chí" \
  "đã kết nạp được 977 quần chúng ưu tú vào Đảng, vượt 30,3% so với chỉ tiêu." \
  "bình quân hằng năm đạt 98,7% (chỉ tiêu Đại hội đề ra là 80%), cao hơn chỉ tiêu 18,7 điểm phần trăm." \
  "có 95,0% số đảng viên hoàn thành tốt nhiệm vụ trở lên, đạt chỉ tiêu."; do
  expect_contains "$WORK_DIR/joined.txt" "$phrase"
done
# each figure in the sentence that judges it, never beside a missed target
expect_verdict "$WORK_DIR/joined.txt" "977" "vượt 30,3% so với chỉ tiêu"
expect_verdict "$WORK_DIR/joined.txt" "98,7%" "cao hơn chỉ tiêu 18,7 điểm phần trăm"
expect_verdict "$WORK_DIR/joined.txt" "95,0%" "đạt chỉ tiêu"
expect_absent "$WORK_DIR/joined.txt" "chưa đạt chỉ tiêu"
# a rate against a rate is never a percentage margin
expect_absent "$WORK_DIR/joined.txt" "vượt 23,4%"

# fonts: only Liberation Serif, all embedded and subset (and pdffonts did list some)
if pdffonts "$pdf" >"$WORK_DIR/fonts.txt" 2>&1; then
  awk 'NR > 2 { fonts++; if ($1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+LiberationSerif/ || $(NF-4) != "yes") bad++ }
       END { exit !(fonts > 0 && !bad) }' "$WORK_DIR/fonts.txt" \
    && pass "fonts: $(tail -n +3 "$WORK_DIR/fonts.txt" | awk '{print $1}' | sort -u | tr '\n' ' ')" \
    || fail "fonts other than embedded Liberation Serif subsets, or none: $(cat "$WORK_DIR/fonts.txt")"
else
  fail "pdffonts exited $?: $(cat "$WORK_DIR/fonts.txt")"
fi

qpdf --check "$pdf" >"$WORK_DIR/qpdf.txt" 2>&1 && pass "qpdf --check" || fail "qpdf --check: $(tail -3 "$WORK_DIR/qpdf.txt")"

# page numbers: none on page 1, "2" alone on the first line of page 2
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -ge 2 ] && pass "$pages pages" || fail "expected several pages, got ${pages:-?}"
first_line_of_page() { pdftotext -f "$1" -l "$1" -layout "$pdf" - 2>/dev/null | grep -m1 . | tr -d ' '; }
# (page 1 starts with the header block, never with a number)
[ "$(first_line_of_page 1)" = "ĐẢNGBỘTỈNHHẢIDƯƠNGĐẢNGCỘNGSẢNVIỆTNAM" ] \
  || fail "page 1 does not start with the header: $(first_line_of_page 1)"
for p in $(seq 2 "${pages:-1}"); do
  [ "$(first_line_of_page "$p")" = "$p" ] || fail "page $p does not start with its number"
done

# default output: the dataset's name with .pdf, in the current folder
(cd "$WORK_DIR" && "$DOSSIER" render "$SOURCE_DIR/fixtures/hai-duong-2015-2020.json" >/dev/null 2>&1) \
  || fail "render without -o exited $?"
[ -s "$WORK_DIR/hai-duong-2015-2020.pdf" ] && pass "default output name" || fail "no hai-duong-2015-2020.pdf in the current folder"
# same inputs, same bytes
cmp -s "$pdf" "$WORK_DIR/hai-duong-2015-2020.pdf" && pass "deterministic output" || fail "two renders of the same dataset differ"
finish
