#!/bin/sh
# run.sh: builds bench_charts against a dossier build and runs it on the demo
# dataset and on the generated bloc of 68 units (for unit_ranking).
#
# usage: bench/charts/run.sh [BUILD_DIR] [ROUNDS]   (defaults: build, 50)
# Run from the repository root after `cmake --build BUILD_DIR`.
set -eu
build=${1:-build}
rounds=${2:-50}
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-bench-charts.XXXXXX")
trap 'rm -rf "$work"' EXIT
cc -std=gnu11 -O2 -D_GNU_SOURCE -Irender -Istats $(pkg-config --cflags libcjson libxml-2.0) \
  -o "$work/bench_charts" bench/charts/bench_charts.c \
  "$build/libdossier_render.a" "$build/libdossier_stats.a" \
  $(pkg-config --libs libcjson libxml-2.0 libutf8proc libcmark gsl fontconfig) -lhpdf -lm
"$work/bench_charts" fixtures/hai-duong-2015-2020.json "$rounds"
echo
sh fixtures/gen-bloc.sh "$work/bloc" >/dev/null
"$work/bench_charts" "$work/bloc/bloc.json" "$rounds"
