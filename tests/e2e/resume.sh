#!/usr/bin/env bash
# tvp run --resume DIR continues an interrupted run: the rounds complete in DIR
# keep their rows byte for byte, the round the interrupt cut short loses its
# partial rows and runs again in the order it first had, the rest run, and the
# folder ends as if the run had never stopped. It runs the run's own command
# line in the folder the run began in (so relative paths still mean what they
# meant), refuses to resume a run that is still going or one whose plan changed,
# and resuming a complete run changes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# A suite and an output folder given by relative paths, resumed from elsewhere.
mkdir -p "$WORK/began-here" "$WORK/elsewhere"
cat >"$WORK/began-here/small.suite" <<'EOF'
kernels  cpu.primes
disturbed-above 100  # a busy machine must not empty the summary this test reads
size     40k
models   thread, fork
workers  1, 2
reps     3
warmup   1
EOF
CONFIGS=4          # one point: thread and fork at 1 and 2 workers
ROWS_PER_CONFIG=4  # 1 warm-up + 3 measured
OUT=$WORK/began-here/res

# wait_rows FILE N PID: until FILE has N data rows, while PID lives.
wait_rows() {
  local deadline=$((SECONDS + 60))
  while [ "$( (wc -l <"$1") 2>/dev/null || echo 0)" -le "$2" ]; do
    kill -0 "$3" 2>/dev/null || { show "$WORK/run.err"; fail "tvp ended before $2 rows were in $1"; }
    [ "$SECONDS" -lt "$deadline" ] || fail "fewer than $2 rows in $1 after 60 s"
    sleep 0.05
  done
}

# interrupt PID: SIGINT to its group, and its exit status in RC.
interrupt() {
  kill -INT -- "-$1"
  RC=0
  wait "$1" || RC=$?
  BG_PIDS=()
}

# each_once FILE: every configuration has its warm-up and its 3 measured
# repetitions once, and every round has one row of each configuration.
each_once() {
  local got want
  got=$(csv_cols "$1" config warmup rep status | sort -n | tr '\t' ' ')
  want=$(for c in $(seq 0 $((CONFIGS - 1))); do
    echo "$c 0 0 ok"; echo "$c 0 1 ok"; echo "$c 0 2 ok"; echo "$c 1 0 ok"
  done | sort -n)
  [ "$got" = "$want" ] || { show "$1"; check_fail "$1 is not each repetition of each configuration once"; }
  got=$(csv_cols "$1" round config | sort -n | awk -F '\t' '{n[$1]++} END {for (r in n) print r, n[r]}' | sort -n | tr '\n' ' ')
  [ "$got" = "0 4 1 4 2 4 3 4 " ] || { show "$1"; check_fail "$1: rounds are not one row of each configuration ($got)"; }
}

# --- interrupt in the middle of the measured rounds --------------------------------
(cd "$WORK/began-here" && exec setsid "$TVP" run small.suite --out res >"$WORK/run.out" 2>"$WORK/run.err") &
pid=$!
BG_PIDS+=("$pid")
wait_rows "$OUT/runs.csv" $((CONFIGS * 2 + 1)) "$pid"
interrupt "$pid"
[ "$RC" -eq 130 ] || { show "$WORK/run.err"; fail "the interrupted run exited $RC, expected 130"; }
rows_before=$(csv_nrows "$OUT/runs.csv")
rounds_before=$((rows_before / CONFIGS)) # complete rounds, the warm-up round first
[ "$rounds_before" -ge 2 ] && [ "$rounds_before" -lt $ROWS_PER_CONFIG ] ||
  fail "$rounds_before rounds complete at the interrupt: the test needs 2 to $((ROWS_PER_CONFIG - 1))"
# The rows of the complete rounds, to compare after the resume.
keep_runs=$(head -n $((rounds_before * CONFIGS + 1)) "$OUT/runs.csv")
keep_wrows=$(csv_cols "$OUT/runs.csv" workers | head -n $((rounds_before * CONFIGS)) | awk '{s += $1} END {print s + 0}')
keep_workers=$(head -n $((keep_wrows + 1)) "$OUT/workers.csv")
start=$(json_str "$OUT/meta.json" start_time_utc)
command=$(grep '"command_line"' "$OUT/meta.json")
seed=$(json_str "$OUT/meta.json" seed)
[ -n "$seed" ] || check_fail "meta.json does not record the seed the run drew"

# --- resume from another folder -----------------------------------------------------
RC=0
(cd "$WORK/elsewhere" && exec "$TVP" run --resume ../began-here/res) >"$WORK/resume.out" 2>"$WORK/resume.err" || RC=$?
[ "$RC" -eq 0 ] || { show "$WORK/resume.out" "$WORK/resume.err"; fail "the resumed run exited $RC, expected 0"; }
grep -q "resuming .*: $(((rounds_before - 1) * CONFIGS)) measured repetitions of complete rounds kept there" "$WORK/resume.out" ||
  { show "$WORK/resume.out"; check_fail "the resumed run does not say what it keeps"; }
[ ! -e "$WORK/elsewhere/res" ] && [ ! -e "$WORK/elsewhere/results" ] ||
  check_fail "the resumed run wrote into the folder it was called from"
csv_check "$OUT/runs.csv"
csv_check "$OUT/workers.csv"
csv_check "$OUT/summary.csv"
# Complete rounds are kept byte for byte, first in each file.
[ "$(head -n $((rounds_before * CONFIGS + 1)) "$OUT/runs.csv")" = "$keep_runs" ] ||
  check_fail "runs.csv rows of the rounds complete before the interrupt changed"
[ "$(head -n $((keep_wrows + 1)) "$OUT/workers.csv")" = "$keep_workers" ] ||
  check_fail "workers.csv rows of the rounds complete before the interrupt changed"
# No partial round survives: each repetition once, each round whole.
each_once "$OUT/runs.csv"
[ "$(json_str "$OUT/meta.json" seed)" = "$seed" ] || check_fail "the resume changed the recorded seed"
# The round redone came in the order the seed gives it: the same as a run with that seed.
"$TVP" run "$WORK/began-here/small.suite" --seed "$seed" --out "$WORK/same-seed" --quiet >/dev/null 2>&1 ||
  check_fail "a run with the resumed run's seed failed"
[ "$(csv_cols "$OUT/runs.csv" round config | tr '\n' ' ')" = "$(csv_cols "$WORK/same-seed/runs.csv" round config | tr '\n' ' ')" ] ||
  check_fail "the resumed run's order is not the order its seed gives"
wrows=$(csv_nrows "$OUT/workers.csv")
[ "$wrows" -eq 24 ] || check_fail "workers.csv has $wrows rows, expected 24 (4 repetitions x (1+2+1+2) workers)"
[ "$(csv_nrows "$OUT/summary.csv")" -eq $CONFIGS ] || check_fail "summary.csv does not have a row per configuration"
bad=$(csv_cols "$OUT/summary.csv" config status reps_ok speedup | awk -F '\t' '$2 != "ok" || $3 != 3 || $4 == ""')
[ -z "$bad" ] || { show "$OUT/summary.csv"; check_fail "summary.csv rows not ok with 3 repetitions and a speedup: $bad"; }
[ "$(json_str "$OUT/meta.json" state)" = complete ] || check_fail "meta.json state is not complete after the resume"
[ "$(json_str "$OUT/meta.json" start_time_utc)" = "$start" ] || check_fail "the resume changed the run's start time"
[ "$(grep '"command_line"' "$OUT/meta.json")" = "$command" ] || check_fail "the resume changed the recorded command line"
grep -q '"resumes": 1,' "$OUT/meta.json" || { show "$OUT/meta.json"; check_fail "meta.json does not count the resume"; }
! grep -q '"interrupted_by"' "$OUT/meta.json" || check_fail "meta.json still says the run is interrupted"

# --- a round cut in its middle, by hand: the same as an interrupt there ---------------
cp -r "$OUT" "$WORK/cut-round"
head -n $((2 * CONFIGS + 2 + 1)) "$OUT/runs.csv" >"$WORK/cut-round/runs.csv" # 2 rounds and half a third
cut_wrows=$(csv_cols "$WORK/cut-round/runs.csv" workers | awk '{s += $1} END {print s + 0}')
head -n $((cut_wrows + 1)) "$OUT/workers.csv" >"$WORK/cut-round/workers.csv"
RC=0
"$TVP" run --resume "$WORK/cut-round" --quiet >"$WORK/cut.out" 2>"$WORK/cut.err" || RC=$?
[ "$RC" -eq 0 ] || { show "$WORK/cut.err"; check_fail "resuming a run cut in the middle of a round exited $RC"; }
grep -q ": $CONFIGS measured repetitions of complete rounds kept there" "$WORK/cut.out" ||
  { show "$WORK/cut.out"; check_fail "resuming a round cut short does not keep exactly the complete rounds"; }
[ "$(head -n $((2 * CONFIGS + 1)) "$WORK/cut-round/runs.csv")" = "$(head -n $((2 * CONFIGS + 1)) "$OUT/runs.csv")" ] ||
  check_fail "the complete rounds before the cut changed"
each_once "$WORK/cut-round/runs.csv"

# --- resuming a complete run changes nothing -----------------------------------------
cp "$OUT/runs.csv" "$WORK/runs.before"
RC=0
"$TVP" run --resume "$OUT" --quiet >"$WORK/again.out" 2>"$WORK/again.err" || RC=$?
[ "$RC" -eq 0 ] || { show "$WORK/again.err"; check_fail "resuming a complete run exited $RC, expected 0"; }
grep -q ": $((CONFIGS * 3)) measured repetitions of complete rounds kept there" "$WORK/again.out" ||
  { show "$WORK/again.out"; check_fail "resuming a complete run does not say it keeps everything"; }
cmp -s "$OUT/runs.csv" "$WORK/runs.before" || check_fail "resuming a complete run changed runs.csv"
grep -q '"resumes": 2,' "$OUT/meta.json" || check_fail "meta.json does not count the second resume"

# --- a row cut by a crash, after a second Ctrl-C (no summary, state running) ---------
OUT2=$WORK/cut
setsid "$TVP" run --kernels cpu.primes --size 40k --workers 1 --models thread,fork --reps 3 \
  --warmup 0 --disturbed-above 100 --out "$OUT2" >"$WORK/run2.out" 2>"$WORK/run2.err" &
pid=$!
BG_PIDS+=("$pid")
wait_rows "$OUT2/runs.csv" 3 "$pid"
kill -INT -- "-$pid"
sleep 0.01
kill -INT -- "-$pid" 2>/dev/null || true
RC=0
wait "$pid" || RC=$?
BG_PIDS=()
[ "$RC" -eq 130 ] || check_fail "the run stopped by two Ctrl-C exited $RC, expected 130"
printf '1,cpu.primes,fork,core,str' >>"$OUT2/runs.csv" # a row a crash cut in half
RC=0
"$TVP" run --resume "$OUT2" --quiet >"$WORK/resume2.out" 2>"$WORK/resume2.err" || RC=$?
[ "$RC" -eq 0 ] || { show "$WORK/resume2.err"; check_fail "resuming after a cut row exited $RC, expected 0"; }
csv_check "$OUT2/runs.csv"
[ "$(csv_cols "$OUT2/runs.csv" config rep | sort -n | tr '\t' ' ' | tr '\n' ' ')" = "0 0 0 1 0 2 1 0 1 1 1 2 " ] ||
  { show "$OUT2/runs.csv"; check_fail "after resuming a run with a cut row, runs.csv is not each repetition once"; }

# --- refusals: exit 2, one line, the folder untouched ----------------------------------
# refused WHAT TEXT ARGS...
refused() {
  local what=$1 text=$2
  shift 2
  cp "$OUT/runs.csv" "$WORK/runs.before"
  RC=0
  "$TVP" run "$@" >"$WORK/refused.out" 2>"$WORK/refused.err" || RC=$?
  if [ "$RC" -ne 2 ]; then
    check_fail "$what: exit $RC, expected 2"
    show "$WORK/refused.err"
  elif [ "$(wc -l <"$WORK/refused.err")" -ne 1 ] || ! grep -qF -- "$text" "$WORK/refused.err"; then
    check_fail "$what: stderr is not one line saying '$text'"
    show "$WORK/refused.err"
  fi
  cmp -s "$OUT/runs.csv" "$WORK/runs.before" || check_fail "$what: runs.csv changed"
}
refused "--resume with a plan option" "give it no suite and no option" --resume "$OUT" --reps 9
refused "--resume with a suite" "give it no suite" "$WORK/began-here/small.suite" --resume "$OUT"
refused "--resume of a missing folder" "No such file or directory" --resume "$WORK/nowhere"
refused "--resume of a file" "not a folder" --resume "$OUT/runs.csv"
mkdir -p "$WORK/empty"
refused "--resume of a folder that is no run" "meta.json" --resume "$WORK/empty"
# A plan that changed: the suite now asks for more repetitions.
sed -i 's/^reps .*/reps 5/' "$WORK/began-here/small.suite"
refused "--resume after the suite changed" "changed since the run began" --resume "$OUT"
sed -i 's/^reps .*/reps 3/' "$WORK/began-here/small.suite"
# A run that is still going.
OUT3=$WORK/going
"$TVP" run --kernels io.sleep --size 200 --workers 1 --reps 100 --warmup 0 --out "$OUT3" \
  >/dev/null 2>&1 &
pid=$!
BG_PIDS+=("$pid")
wait_rows "$OUT3/runs.csv" 1 "$pid"
RC=0
"$TVP" run --resume "$OUT3" >"$WORK/going.out" 2>"$WORK/going.err" || RC=$?
[ "$RC" -eq 2 ] && grep -q "still going" "$WORK/going.err" ||
  { show "$WORK/going.err"; check_fail "resuming a run that is still going: exit $RC, not refused"; }
kill -INT "$pid" 2>/dev/null || true
wait "$pid" || true
BG_PIDS=()

finish
