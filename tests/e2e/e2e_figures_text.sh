#!/bin/bash
# `dossier figures --format text` prints the seed 001 figures the Vietnamese way,
# and `dossier figures` (JSON) carries the unrounded contract paths.
set -u
fail=0
expect() { # expect TEXT PATTERN DESCRIPTION
  if ! grep -qF -- "$2" <<<"$1"; then echo "FAIL: $3: missing '$2'"; fail=1; fi
}
fixture="$SOURCE_DIR/fixtures/hai-duong-2015-2020.json"
# expect_row TEXT LABEL TERM VERDICT: the table row of LABEL (columns are set
# apart by two spaces or more) has TERM as a whole column and VERDICT as its
# whole last column (VERDICT "" for none): "đạt chỉ tiêu" never passes for
# "chưa đạt chỉ tiêu", nor 4.925 for 14.925.
expect_row() {
  local row
  row=$(awk -F '  +' -v label="$2" '$1 == label { print; exit }' <<<"$1")
  if [ -z "$row" ]; then echo "FAIL: no row \"$2\""; fail=1; return; fi
  if ! awk -F '  +' -v term="$3" -v verdict="$4" '
      { for (i = 2; i < NF; i++) if ($i == term) has = 1 }
      END { exit !(has && (verdict == "" ? $NF !~ /chỉ tiêu/ : $NF == verdict)) }' <<<"$row"; then
    echo "FAIL: row \"$2\" should have $3 and end with \"$4\": $row"; fail=1
  fi
}
text=$("$DOSSIER" figures --format text "$fixture") || { echo "FAIL: figures --format text exited $?"; exit 1; }
expect_row "$text" "Kết nạp đảng viên mới" "977" "vượt 30,3% so với chỉ tiêu"
expect_row "$text" "Tỷ lệ TCCS đảng đạt trong sạch, vững mạnh, hoàn thành tốt nhiệm vụ trở lên" \
  "98,7" "cao hơn chỉ tiêu 18,7 điểm phần trăm" # decimal comma
expect_row "$text" "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên" "95,0" "đạt chỉ tiêu"
expect_row "$text" "Số đảng viên" "4.925" "" # thousands dot, no target
expect "$text" "Trong sạch vững mạnh" "pre-2018 rating label"
expect "$text" "Hoàn thành xuất sắc nhiệm vụ" "2018 rating label"
if grep -q ' $' <<<"$text"; then echo "FAIL: trailing blanks"; fail=1; fi
json=$("$DOSSIER" figures "$fixture") || { echo "FAIL: figures exited $?"; exit 1; }
expect "$json" '"attainment_pct":	130.26666666666' "unrounded attainment"
expect "$json" '"margin_unit":	"pp"' "rate margin in points"
if grep -qiE '\bnan\b|\binf\b' <<<"$json"; then echo "FAIL: NaN or Inf in figures"; fail=1; fi
# a bad dataset: exit 65 and a located message
err=$("$DOSSIER" figures "$SOURCE_DIR/tests/bad/dataset/string_number.json" 2>&1 >/dev/null); rc=$?
[ "$rc" = 65 ] || { echo "FAIL: bad dataset exit $rc, want 65"; fail=1; }
expect "$err" 'string_number.json:8:39: indicators.admissions.series.2017: expected a number such as 12.5, got the string "12,5"' "located error"
exit $fail
