#!/usr/bin/env bash
# The minimum timed region: a repetition under 10 ms is flagged short in
# runs.csv, and summary.csv counts the measured ones.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# --- a repetition under 10 ms is flagged short ------------------------------------------
run_tvp tiny run --kernels cpu.primes --models thread --workers 1 --size 10 --reps 3 --warmup 1 \
  --out "$WORK/tiny" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/tiny.err"; fail "the tiny run exited $RC"; }
[ "$(csv_cols "$WORK/tiny/runs.csv" short | sort -u)" = 1 ] || check_fail "a 10-unit repetition is not flagged short"
[ "$(csv_cols "$WORK/tiny/summary.csv" reps_short)" = 3 ] || check_fail "summary.csv does not count 3 short repetitions"
# A failed repetition has no time, so no flag.
TVP_TEST_KERNELS=1 run_tvp fault run --kernels test.exit --models thread --workers 1 --reps 1 --warmup 0 \
  --out "$WORK/fault" --quiet
[ "$RC" -eq 1 ] || { show "$WORK/fault.err"; fail "the failing run exited $RC, expected 1"; }
[ "$(csv_cols "$WORK/fault/runs.csv" status short)" = "$(printf 'failed\t')" ] ||
  check_fail "a failed repetition is flagged"

finish
