#!/usr/bin/env bash
# How long does `tvp plot` take on a run folder? (not run by CI; plots/README.md
# has the result and the machine it came from).
#
#   bash bench/plot-speed.sh [--runs N] RUN_DIR TVP_A [TVP_B ...]
#
# Each TVP is a tvp binary, optionally followed by ':JOBS' to pass --jobs JOBS
# (build/tvp:1 draws with one gnuplot at a time). The binaries take turns, N
# rounds (5 by default), each drawing every chart of a fresh copy of RUN_DIR
# with the chart scripts of its own tree (the plots/ beside its build folder),
# so that the machine's drift falls on all of them alike. Prints each time,
# then the median and range per binary, and the chart files each drew.
set -euo pipefail
RUNS=5
if [ "${1:-}" = --runs ]; then RUNS=$2; shift 2; fi
[ $# -ge 2 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
RUN=$1
shift
[ -f "$RUN/summary.csv" ] || { echo "plot-speed: $RUN is not a run folder" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for r in $(seq "$RUNS"); do
  for spec in "$@"; do
    bin=${spec%:*}
    jobs=
    [ "$bin" = "$spec" ] || jobs="--jobs ${spec##*:}"
    plots=$(cd "$(dirname "$bin")/.." && pwd)/plots
    rm -rf "$TMP/run"
    cp -a "$RUN" "$TMP/run"
    rm -rf "$TMP/run/plots"
    t0=$(date +%s%N)
    # shellcheck disable=SC2086 # $jobs is empty or two words
    files=$(TVP_PLOTS_DIR=$plots "$bin" plot "$TMP/run" $jobs </dev/null 2>/dev/null | tail -1 | cut -d' ' -f1)
    t1=$(date +%s%N)
    printf '%s\t%s\t%d.%03d\t%s\n' "$r" "$spec" $(((t1 - t0) / 1000000000)) $((((t1 - t0) / 1000000) % 1000)) "$files"
  done
done | tee "$TMP/times"
echo
for spec in "$@"; do
  awk -F'\t' -v s="$spec" '$2 == s { print $3 }' "$TMP/times" | sort -n >"$TMP/sorted"
  files=$(awk -F'\t' -v s="$spec" '$2 == s { f = $4 } END { print f }' "$TMP/times")
  awk -v s="$spec" -v f="$files" '{ t[++n] = $1 }
    END { m = n % 2 ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
          printf "%s: median %.2f s (%.2f-%.2f, %d runs), %s chart files\n", s, m, t[1], t[n], n, f }' "$TMP/sorted"
done
