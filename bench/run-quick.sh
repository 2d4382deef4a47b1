#!/usr/bin/env bash
# The README's first command: install what is missing, build, run the quick
# suite, draw its charts and write its report. Prints where the results went,
# a table of what it found, and the path of the report.
set -euo pipefail
TVP_ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$TVP_ROOT/bench/lib-setup.sh"
tvp_install_missing
tvp_build
cd "$TVP_ROOT"
out="results/$(date -u +%Y%m%dT%H%M%SZ)-$(hostname)"
rc=0
./build/tvp run bench/quick.suite --out "$out" "$@" || rc=$?
# A failed configuration (exit 1) still leaves a run worth drawing; bad input
# (2) or Ctrl-C (130) does not.
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || exit "$rc"
./build/tvp plot "$out"
./build/tvp report "$out"
exit "$rc"
