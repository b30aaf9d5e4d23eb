#!/usr/bin/env bash
# bench/batch.sh: wall time of one dossier and of 68 dossiers at -j 1 and -j 2,
# and the peak memory of a worker, for our generated bloc (fixtures/gen-bloc.sh)
# and for the peers' workload in the dataset contract, side by side in one run.
#
# usage: bench/batch.sh [DOSSIER] [PEER_DIR]
#   DOSSIER   the program (default: build/dossier, then build-*/dossier)
#   PEER_DIR  68 datasets of the peers (default /work/shared/peer-bench/data-contract;
#             skipped when missing)
# env: RUNS (default 5) hyperfine runs per measurement; OUT (default a temp dir).
# Prints a Markdown table (bench/README.md, "Batch", has the reference numbers).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dossier=${1:-}
if [ -z "$dossier" ]; then
  for c in "$here/build/dossier" "$here"/build-*/dossier; do [ -x "$c" ] && { dossier=$c; break; }; done
fi
[ -x "${dossier:-}" ] || { echo "bench/batch.sh: no dossier program (give its path)" >&2; exit 66; }
peer=${2:-/work/shared/peer-bench/data-contract}
runs=${RUNS:-5}
command -v hyperfine >/dev/null || { echo "bench/batch.sh: hyperfine is needed (apt-get install hyperfine)" >&2; exit 69; }
work=${OUT:-$(mktemp -d /tmp/dossier-bench.XXXXXX)}
mkdir -p "$work"
sh "$here/fixtures/gen-bloc.sh" "$work/bloc" >/dev/null

# mean_ms CSV: the mean of hyperfine's --export-csv, in ms
mean_ms() { awk -F, 'NR == 2 {printf "%.1f", $2 * 1000}' "$1"; }
sd_ms() { awk -F, 'NR == 2 {printf "%.1f", $3 * 1000}' "$1"; }
# field NAME FILE: the numbers of "NAME": in a summary.json
field() { sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\([0-9.]*\),*$/\1/p" "$2"; }

row() { # row LABEL DIR FIRST_DATASET
  local label=$1 dir=$2 first=$3 n
  n=$(ls "$dir"/*.json | wc -l)
  hyperfine -N --warmup 1 --runs "$runs" --export-csv "$work/one.csv" \
    "$dossier render $first -o $work/one.pdf" >/dev/null 2>&1
  for j in 1 2; do
    hyperfine -N --warmup 1 --runs "$runs" --export-csv "$work/j$j.csv" \
      "$dossier batch $dir -o $work/out-$label-j$j -j $j --force -q" >/dev/null 2>&1
  done
  local s="$work/out-$label-j2/summary.json"
  local pages peak gpeak item failed
  pages=$(field pages "$s" | sort -n | uniq | tr '\n' '/' | sed 's,/$,,')
  peak=$(field worker_peak_kib "$s" | sort -n | tail -1)
  gpeak=$(field gnuplot_peak_kib "$s" | sort -n | tail -1)
  item=$(field ms "$work/out-$label-j1/summary.json" | awk '{s += $1} END {printf "%.1f", s / NR}')
  failed=$(field failed "$s" | head -1)
  local j2 cpu
  j2=$(awk -F, -v n="$n" 'NR == 2 {printf "%.1f", $2 * 1000 / n}' "$work/j2.csv")
  # user + system of every process the run waited for (workers, their gnuplots):
  # what a dossier costs, less sensitive than wall time to a busy machine
  cpu=$(awk -F, -v n="$n" 'NR == 2 {printf "%.1f", ($5 + $6) * 1000 / n}' "$work/j2.csv")
  printf '| %s | %s | %s ± %s | %s ± %s | %s ± %s | **%s** | %s | %s | %s | %s MiB + %s MiB | %s |\n' \
    "$label" "$n" "$(mean_ms "$work/one.csv")" "$(sd_ms "$work/one.csv")" \
    "$(mean_ms "$work/j1.csv")" "$(sd_ms "$work/j1.csv")" \
    "$(mean_ms "$work/j2.csv")" "$(sd_ms "$work/j2.csv")" "$j2" "$cpu" "$item" "$pages" \
    "$(awk -v k="${peak:-0}" 'BEGIN {printf "%.1f", k / 1024}')" \
    "$(awk -v k="${gpeak:-0}" 'BEGIN {printf "%.1f", k / 1024}')" "${failed:-?}"
}

echo "dossier: $("$dossier" --version) ($(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')), $(nproc) processors, load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| workload | n | 1 dossier (render) ms | n at -j 1 ms | n at -j 2 ms | per dossier at -j 2 ms | CPU ms per dossier | worker ms/item at -j 1 | pages | peak RSS: worker + its gnuplot | failed |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row gen-bloc "$work/bloc/units" "$work/bloc/units/unit-01.json"
if [ -d "$peer" ]; then
  row peers "$peer" "$(ls "$peer"/*.json | head -1)"
fi
echo
# the committee's own dossier: 68 units rolled up, inline or from the folder
hyperfine -N --warmup 1 --runs "$runs" --export-csv "$work/bloc.csv" \
  "$dossier render $work/bloc/bloc.json -o $work/bloc.pdf" \
  "$dossier render $work/bloc/bloc-head.json --units-dir $work/bloc/units -o $work/bloc-head.pdf" >/dev/null 2>&1
pages=$(pdfinfo "$work/bloc.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
awk -F, -v pages="${pages:-?}" 'NR == 2 {printf "committee of 68 units (%s pages): render %.1f ± %.1f ms with the units inline", pages, $2 * 1000, $3 * 1000}
     NR == 3 {printf ", %.1f ± %.1f ms with --units-dir (68 files)\n", $2 * 1000, $3 * 1000}' "$work/bloc.csv"
echo
echo "reproduce: bench/batch.sh $dossier $peer   (scratch: $work)"
