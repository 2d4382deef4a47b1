#!/usr/bin/env bash
# Ctrl-C in the middle of a run: tvp stops, exits 130, says "interrupted" in
# meta.json, writes a summary.csv of what finished, leaves only whole rows in
# runs.csv, and leaves no process behind.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

OUT=$WORK/interrupted-results

# setsid gives tvp a process group of its own, as a terminal gives a foreground
# job: Ctrl-C is SIGINT to that group. (A script's background job is no group
# leader, so setsid runs tvp in this very process: $! is tvp, and its group.)
setsid "$TVP" run --kernels cpu.primes --workers 1,2 --reps 20 --size 200k --out "$OUT" \
  >"$WORK/run.out" 2>"$WORK/run.err" &
pid=$!
BG_PIDS+=("$pid")

# Wait for 3 finished repetitions (the header is line 1).
deadline=$((SECONDS + 60))
while [ "$( (wc -l <"$OUT/runs.csv") 2>/dev/null || echo 0)" -lt 4 ]; do
  kill -0 "$pid" 2>/dev/null || { show "$WORK/run.err"; fail "tvp ended before 3 repetitions were written"; }
  [ "$SECONDS" -lt "$deadline" ] || fail "no 3 repetitions in runs.csv after 60 s"
  sleep 0.1
done
pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
[ "$pgid" = "$pid" ] || fail "tvp is not the leader of its own process group (pgid '$pgid', pid $pid)"
rows_before=$(($(wc -l <"$OUT/runs.csv") - 1))

kill -INT -- "-$pgid"
RC=0
deadline=$((SECONDS + 30))
while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "tvp still runs 30 s after SIGINT"
wait "$pid" || RC=$?
BG_PIDS=()

[ "$RC" -eq 130 ] || { show "$WORK/run.err"; fail "an interrupted run exited $RC, expected 130"; }
[ "$(json_str "$OUT/meta.json" state)" = interrupted ] || { show "$OUT/meta.json"; fail "meta.json state is not \"interrupted\""; }
[ -n "$(json_str "$OUT/meta.json" end_time_utc)" ] || fail "meta.json of the interrupted run has no end_time_utc"

# What finished is written, whole.
[ -s "$OUT/summary.csv" ] || fail "no summary.csv after the interrupt"
csv_check "$OUT/summary.csv"
csv_check "$OUT/runs.csv"
csv_check "$OUT/workers.csv"
n=$(csv_nrows "$OUT/runs.csv")
[ "$n" -ge "$rows_before" ] || fail "runs.csv lost rows: $rows_before before the interrupt, $n after"
bad=$(csv_cols "$OUT/runs.csv" config rep status wall_s | awk -F '\t' '$3 != "ok" || !($4 > 0)')
[ -z "$bad" ] || fail "runs.csv rows that are not whole, ok repetitions (an interrupted repetition is no result): $bad"
# The summary covers the configurations begun, the last one marked interrupted.
rows=$(csv_cols "$OUT/summary.csv" config status)
[ -n "$rows" ] || fail "summary.csv has no rows"
echo "$rows" | tail -n 1 | grep -q 'interrupted$' || { show "$OUT/summary.csv"; fail "the last summary row is not marked interrupted"; }
# Every configuration that has rows in runs.csv has a summary row.
missing=$(comm -23 <(csv_cols "$OUT/runs.csv" config | sort -u) <(echo "$rows" | cut -f 1 | sort -u))
[ -z "$missing" ] || fail "configurations in runs.csv without a summary row: $missing"

# Nothing survives: no cell, no worker.
sleep 0.2
left=$(procs_with "$OUT")
[ -z "$left" ] || fail "processes of the interrupted run survive:"$'\n'"$left"

finish
