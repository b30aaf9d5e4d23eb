#!/usr/bin/env bash
# bench/profile.sh [DOSSIER] [PEER_DIR]: where a batch dossier's time goes.
#
# Times `dossier batch` on the peers' 68 datasets and on N copies of the demo
# dataset (fixtures/hai-duong-2015-2020.json: 7 pages, 4 charts, tables) at -j 1
# and -j 2 with hyperfine, and prints ms per dossier (wall) and CPU ms per
# dossier (user + system of dossier, its workers and their gnuplots). With
# CALLGRIND=1 it also counts the instructions of one batch worker rendering
# 6 copies of the demo dataset (repeatable, unlike wall times on a shared
# machine) and prints the top inclusive costs. See bench/PROFILE.md.
#
# Environment: RUNS (hyperfine runs, default 5), COPIES (demo copies, default
# 40), OUT (scratch folder, default a new temporary one), CALLGRIND=1.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
dossier=${1:-$here/build/dossier}
peers=${2:-/work/shared/peer-bench/data-contract}
runs=${RUNS:-5}
copies=${COPIES:-40}
out=${OUT:-$(mktemp -d /tmp/dossier-profile.XXXXXX)}
demo=$here/fixtures/hai-duong-2015-2020.json

command -v hyperfine >/dev/null || { echo "profile.sh: needs hyperfine" >&2; exit 69; }
[ -x "$dossier" ] || { echo "profile.sh: no program at $dossier" >&2; exit 66; }

mkdir -p "$out/demo" "$out/demo6"
for i in $(seq -w 1 "$copies"); do ln -sf "$demo" "$out/demo/hd-$i.json"; done
for i in 1 2 3 4 5 6; do ln -sf "$demo" "$out/demo6/hd-$i.json"; done

echo "| workload | n | -j | wall ms (mean ± sd) | ms per dossier | CPU ms per dossier |"
echo "|---|---:|---:|---:|---:|---:|"
for workload in peers demo; do
  if [ "$workload" = peers ]; then dir=$peers; else dir=$out/demo; fi
  n=$(find "$dir" -maxdepth 1 -name '*.json' | wc -l)
  for j in 1 2; do
    json=$out/$workload-$j.json
    hyperfine -N -w 1 -r "$runs" --export-json "$json" \
      "$dossier batch $dir -o $out/pdf-$workload -j $j -q --force" >/dev/null 2>&1
    python3 - "$json" "$workload" "$n" "$j" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
n = int(sys.argv[3])
sd = r['stddev'] or 0
print(f"| {sys.argv[2]} | {n} | {sys.argv[4]} | {r['mean']*1000:.0f} ± {sd*1000:.0f} "
      f"| {r['mean']*1000/n:.1f} | {(r['user']+r['system'])*1000/n:.1f} |")
EOF
  done
done

if [ "${CALLGRIND:-0}" = 1 ]; then
  rm -f "$out"/cg.*
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" \
    "$dossier" batch "$out/demo6" -o "$out/pdf-cg" -j 1 -q --force >/dev/null 2>&1
  worker=$(ls -S "$out"/cg.* | head -1) # the forked worker has the largest profile
  total=$(callgrind_annotate "$worker" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  echo
  echo "callgrind: one worker, 6 demo dossiers: $total instructions ($((total / 6)) per dossier, one-time costs included)"
  callgrind_annotate --inclusive=yes "$worker" | grep -E "^ *[0-9,]+ \(" | sed -n '2,40p'
fi
echo "(scratch: $out)"
