#!/bin/bash
# `dossier figures --format text` prints the seed 001 figures the Vietnamese way,
# and `dossier figures` (JSON) carries the unrounded contract paths.
set -u
fail=0
expect() { # expect TEXT PATTERN DESCRIPTION
  if ! grep -qF -- "$2" <<<"$1"; then echo "FAIL: $3: missing '$2'"; fail=1; fi
}
fixture="$SOURCE_DIR/fixtures/hai-duong-2015-2020.json"
text=$("$DOSSIER" figures --format text "$fixture") || { echo "FAIL: figures --format text exited $?"; exit 1; }
expect "$text" "vượt 30,3% so với chỉ tiêu" "admissions verdict"
expect "$text" "cao hơn chỉ tiêu 18,7 điểm phần trăm" "clean-strong rate verdict"
expect "$text" "4.925" "thousands dot"
expect "$text" "98,7" "decimal comma"
expect "$text" "Trong sạch vững mạnh" "pre-2018 rating label"
expect "$text" "Hoàn thành xuất sắc nhiệm vụ" "2018 rating label"
if grep -q ' $' <<<"$text"; then echo "FAIL: trailing blanks"; fail=1; fi
json=$("$DOSSIER" figures "$fixture") || { echo "FAIL: figures exited $?"; exit 1; }
expect "$json" '"attainment_pct":	130.26666666666' "unrounded attainment"
expect "$json" '"margin_unit":	"pp"' "rate margin in points"
if grep -qiE '\bnan\b|\binf\b' <<<"$json"; then echo "FAIL: NaN or Inf in figures"; fail=1; fi
# a bad dataset: exit 65 and a located message
err=$("$DOSSIER" figures "$SOURCE_DIR/fixtures/bad/string_number.json" 2>&1 >/dev/null); rc=$?
[ "$rc" = 65 ] || { echo "FAIL: bad dataset exit $rc, want 65"; fail=1; }
expect "$err" 'string_number.json:8:39: indicators.admissions.series.2017: expected a number such as 12.5, got the string "12,5"' "located error"
exit $fail
