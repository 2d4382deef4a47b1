#!/usr/bin/env bash
# Ctrl-C in the middle of a run: tvp stops, exits 130, says "interrupted" in
# meta.json (by what, and where), writes a summary.csv of what finished, leaves
# only whole rows in runs.csv, names the command that continues the run (tvp
# run --resume DIR, DIR quoted as a shell needs it), and leaves no process
# behind. SIGTERM does the same with exit status 143; a second Ctrl-C stops at
# once, still leaving no process behind.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

OUT=$WORK/interrupted-results

# resume_dir ERR: the folder of the command the stopped run's message names,
# read as a shell reads it; fails unless the command is "tvp run --resume DIR".
resume_dir() {
  local cmd
  cmd=$(sed -n 's/.*; continue it with: //p' "$1" | tail -n 1)
  [ -n "$cmd" ] || return 1
  eval "set -- $cmd"
  [ "$#" -eq 4 ] && [ "$1 $2 $3" = "tvp run --resume" ] || return 1
  printf '%s\n' "$4"
}

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
[ "$(json_str "$OUT/meta.json" interrupted_by)" = SIGINT ] || fail "meta.json does not say SIGINT stopped the run"
json_str "$OUT/meta.json" interrupted_at | grep -Eq '^configuration [0-9]+ of 4 \(cpu\.primes, (thread|fork), [12] workers?\)$' ||
  { show "$OUT/meta.json"; fail "meta.json does not say where the run stopped"; }

# The message names the command that continues the run, word for word.
grep -qF "continue it with: tvp run --resume $OUT" "$WORK/run.err" ||
  { show "$WORK/run.err"; fail "Ctrl-C: stderr does not name 'tvp run --resume $OUT'"; }
[ "$(resume_dir "$WORK/run.err")" = "$OUT" ] || { show "$WORK/run.err"; fail "Ctrl-C: the resume command does not name the run's folder"; }

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

# Starts a long run into $1 in its own process group; waits for 2 repetitions.
start_long_run() {
  setsid "$TVP" run --kernels cpu.primes --workers 2 --reps 50 --size 400k --out "$1" \
    >"$WORK/run2.out" 2>"$WORK/run2.err" &
  pid=$!
  BG_PIDS+=("$pid")
  local deadline=$((SECONDS + 60))
  while [ "$( (wc -l <"$1/runs.csv") 2>/dev/null || echo 0)" -lt 3 ]; do
    kill -0 "$pid" 2>/dev/null || { show "$WORK/run2.err"; fail "tvp ended before 2 repetitions"; }
    [ "$SECONDS" -lt "$deadline" ] || fail "no 2 repetitions in $1/runs.csv after 60 s"
    sleep 0.1
  done
}
# Waits up to $2 seconds for pid $1 to end; its exit status in RC.
reap() {
  local deadline=$((SECONDS + $2))
  while kill -0 "$1" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
  kill -0 "$1" 2>/dev/null && fail "tvp still runs $2 s after the signal"
  RC=0
  wait "$1" || RC=$?
  BG_PIDS=()
}

# SIGTERM (what a batch system sends): the same clean stop, exit status 143.
# The folder's name needs quoting, which the resume command must give it.
T="$WORK/terminated run's \$HOME"
start_long_run "$T"
kill -TERM "$pid"
reap "$pid" 30
[ "$RC" -eq 143 ] || { show "$WORK/run2.err"; fail "SIGTERM: exit $RC, expected 143"; }
[ "$(json_str "$T/meta.json" state)" = interrupted ] || fail "SIGTERM: meta.json state is not interrupted"
[ "$(json_str "$T/meta.json" interrupted_by)" = SIGTERM ] || fail "SIGTERM: meta.json does not name SIGTERM"
csv_check "$T/summary.csv"
csv_check "$T/runs.csv"
grep -q 'interrupted by SIGTERM' "$WORK/run2.err" || fail "SIGTERM: stderr does not say what stopped the run"
[ "$(resume_dir "$WORK/run2.err")" = "$T" ] ||
  { show "$WORK/run2.err"; fail "SIGTERM: the resume command, as a shell reads it, does not name the folder '$T'"; }
sleep 0.2
left=$(procs_with "$T")
[ -z "$left" ] || fail "processes survive SIGTERM:"$'\n'"$left"

# GNU timeout sends SIGTERM to tvp and then to its whole process group: one
# request delivered twice within microseconds. It must stop the run cleanly
# (meta.json "interrupted", summary.csv written), not as a second Ctrl-C,
# which exits at once. First as timeout does it, then two back to back.
G=$WORK/timed
RC=0
timeout -s TERM 3 "$TVP" run --kernels cpu.primes --workers 2 --reps 50 --size 400k --out "$G" \
  >"$WORK/timed.out" 2>"$WORK/timed.err" || RC=$?
[ "$RC" -eq 124 ] || { show "$WORK/timed.err"; fail "under timeout: exit $RC, expected timeout's 124"; }
[ "$(json_str "$G/meta.json" state)" = interrupted ] ||
  { show "$WORK/timed.err"; fail "under timeout: meta.json state is not interrupted"; }
csv_check "$G/summary.csv"
G2=$WORK/twice-at-once
start_long_run "$G2"
kill -TERM "$pid"
kill -TERM "$pid" 2>/dev/null || true # tvp may be gone already
reap "$pid" 30
[ "$RC" -eq 143 ] || { show "$WORK/run2.err"; fail "SIGTERM twice at once: exit $RC, expected 143"; }
[ "$(json_str "$G2/meta.json" state)" = interrupted ] ||
  { show "$WORK/run2.err"; fail "SIGTERM twice at once: meta.json state is not interrupted"; }
csv_check "$G2/summary.csv"

# A second Ctrl-C does not wait for the cell: tvp exits at once, and kills it
# (or the first one's clean stop has ended it already: 130 either way).
D=$WORK/twice
start_long_run "$D"
pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
kill -INT "$pid"
sleep 0.1
kill -INT "$pid" 2>/dev/null || true # the clean stop may have ended it already
reap "$pid" 5
[ "$RC" -eq 130 ] || { show "$WORK/run2.err"; fail "two Ctrl-C: exit $RC, expected 130"; }
csv_check "$D/runs.csv"
sleep 0.3
left=$(procs_with "$D")
[ -z "$left" ] || fail "processes survive a second Ctrl-C:"$'\n'"$left"

finish
