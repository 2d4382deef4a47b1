#!/usr/bin/env bash
# A worker pinned to the PU of a busy loop waits on a run queue: its
# repetitions are flagged `disturbed` in runs.csv (thread, fork and spawn
# workers alike, and MPI ranks where this build has them), summary.csv counts
# them in reps_disturbed and uses none of them, and a resumed run reads the
# flag back. --disturbed-above (flag or suite key) moves the threshold. With
# the loop stopped the figures are still recorded; nothing is asserted of the
# flag then, as another process may share the machine. The flag is asserted
# on, never a time. Skipped (77) only where nothing can be pinned.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"
unset TVP_DISTURBED_ABOVE # this test is about the flag: the default threshold, as a user gets it

skip() {
  echo "$TEST: SKIP: $*"
  exit 77
}
command -v taskset >/dev/null || skip "taskset is not installed, so no busy loop can be pinned"

# The PU tvp gives worker 0 under placement pu: the last column of the dry run.
run_tvp dry run --dry-run --kernels cpu.primes --models thread --workers 1 --placement pu
[ "$RC" -eq 0 ] || { show "$WORK/dry.err"; fail "tvp run --dry-run exited $RC"; }
PU=$(awk '$1 == "0" && $2 == "cpu.primes" { print $NF }' "$WORK/dry.out")
[[ "$PU" =~ ^[0-9]+$ ]] || { show "$WORK/dry.out"; fail "no PU for worker 0 in the dry run"; }
taskset -c "$PU" true 2>/dev/null || skip "this process may not pin itself to PU $PU (taskset refused)"

# Exact: `disturbed` is 1 on every data row of runs.csv (and the run was ok).
all_flagged() {
  local bad
  bad=$(csv_cols "$1/runs.csv" config model status disturbed | awk -F '\t' '$3 != "ok" || $4 != 1')
  [ -z "$bad" ] || { show "$1/runs.csv"; check_fail "$2: runs.csv rows not ok and disturbed: $bad"; }
}
# Every worker read its run-queue wait, on PU $PU when pinned.
waits_read() {
  local bad
  bad=$(csv_cols "$1/workers.csv" config cpuset oncpu_ms runq_wait_ms timeslices |
    awk -F '\t' -v pu="$2" '(pu != "" && $2 != pu) || $3 == "" || $4 == "" || $5 == ""')
  [ -z "$bad" ] || { show "$1/workers.csv"; check_fail "$3: workers.csv rows off PU $2 or without their figures: $bad"; }
}

# The kernel must keep scheduler statistics: without them there is nothing to
# flag, and that is the empty column, not this test's business.
[ -r /proc/self/schedstat ] || skip "this kernel has no /proc/PID/schedstat"

LOOP=$WORK/loop.sh
printf 'while :; do :; done\n' >"$LOOP"
taskset -c "$PU" sh "$LOOP" &
BG_PIDS+=("$!")
LOOP_PID=$!
sleep 0.2

# --- beside the busy loop -----------------------------------------------------------
OUT=$WORK/busy
ARGS=(--kernels cpu.primes --workers 1 --placement pu --size 30k --reps 3 --warmup 1 --quiet)
run_tvp busy run "${ARGS[@]}" --models thread,fork,spawn --out "$OUT"
if [ "$RC" -ne 0 ] && grep -q "could not bind" "$OUT/summary.csv" 2>/dev/null; then
  skip "tvp could not bind a worker to PU $PU here"
fi
[ "$RC" -eq 0 ] || { show "$WORK/busy.err" "$OUT/summary.csv"; fail "the run beside the busy loop exited $RC"; }
csv_check "$OUT/runs.csv"
all_flagged "$OUT" "beside the busy loop"
waits_read "$OUT" "$PU" "beside the busy loop"
# Summary: every measured repetition counted as disturbed (the 3 asked for and
# up to 3 rounds more, run to make up for them), and no statistic drawn from them.
bad=$(csv_cols "$OUT/summary.csv" model reps_ok reps_disturbed time_median_s throughput_median |
  awk -F '\t' '$2 != 0 || $3 < 3 || $3 > 6 || $4 != "" || $5 != ""')
[ -z "$bad" ] || { show "$OUT/summary.csv"; check_fail "summary.csv used disturbed repetitions: $bad"; }
# The report says so rather than showing empty figures.
run_tvp report report "$OUT"
grep -q "Disturbed in every round, so not shown: thread at 1 worker" "$OUT/report.md" ||
  { show "$WORK/report.err"; check_fail "report.md does not say the configurations were disturbed in every round"; }
grep -q '^  "disturbed_above_pct": 5,$' "$OUT/meta.json" ||
  { show "$OUT/meta.json"; check_fail "meta.json does not record the default threshold, 5"; }

# --- resumed: the flag comes back from runs.csv -------------------------------------
# The folder as a run interrupted in its last configuration leaves it; the
# resumed run's summary of the first two must be the one the whole run wrote.
RES=$WORK/resumed
cp -r "$OUT" "$RES"
awk -F, '$1 != 2' "$OUT/runs.csv" >"$RES/runs.csv"
awk -F, '$1 != 2' "$OUT/workers.csv" >"$RES/workers.csv"
rm "$RES/summary.csv"
run_tvp resume run --resume "$RES" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/resume.err"; fail "tvp run --resume exited $RC"; }
cols=(config reps_ok reps_disturbed time_median_s speedup)
if ! diff <(csv_cols "$OUT/summary.csv" "${cols[@]}" | head -n 2) \
          <(csv_cols "$RES/summary.csv" "${cols[@]}" | head -n 2) >"$WORK/resume.diff"; then
  show "$WORK/resume.diff"
  check_fail "the resumed run's summary of the configurations it kept differs from the whole run's"
fi

# --- the threshold: --disturbed-above 100 never flags; a suite sets it too ------------
run_tvp off run "${ARGS[@]}" --models thread --reps 2 --disturbed-above 100 --out "$WORK/off"
[ "$RC" -eq 0 ] || { show "$WORK/off.err"; fail "--disturbed-above 100 exited $RC"; }
bad=$(csv_cols "$WORK/off/runs.csv" disturbed runq_wait_share | awk -F '\t' '$1 != 0 || $2 == ""')
[ -z "$bad" ] || { show "$WORK/off/runs.csv"; check_fail "--disturbed-above 100 still flagged: $bad"; }
bad=$(csv_cols "$WORK/off/summary.csv" reps_disturbed time_median_s | awk -F '\t' '$1 != 0 || $2 == ""')
[ -z "$bad" ] || check_fail "--disturbed-above 100: summary without its statistics: $bad"
cat >"$WORK/off.suite" <<'SUITE'
disturbed-above 100
kernels cpu.primes
[only]
models thread
SUITE
run_tvp suite run "$WORK/off.suite" "${ARGS[@]}" --reps 1 --out "$WORK/suite"
[ "$RC" -eq 0 ] || { show "$WORK/suite.err"; fail "a suite with disturbed-above exited $RC"; }
[ "$(csv_cols "$WORK/suite/runs.csv" disturbed | sort -u)" = 0 ] ||
  check_fail "the suite's disturbed-above 100 did not reach the runner"
grep -q '^  "disturbed_above_pct": 100,$' "$WORK/suite/meta.json" ||
  { show "$WORK/suite/meta.json"; check_fail "meta.json does not record the suite's threshold"; }
# TVP_DISTURBED_ABOVE sets it where neither the flag nor a suite does; a bad one is refused.
RC=0
TVP_DISTURBED_ABOVE=100 "$TVP" run "${ARGS[@]}" --models thread --reps 1 --out "$WORK/env" >/dev/null 2>"$WORK/env.err" || RC=$?
[ "$RC" -eq 0 ] && grep -q '^  "disturbed_above_pct": 100,$' "$WORK/env/meta.json" ||
  { show "$WORK/env.err"; check_fail "TVP_DISTURBED_ABOVE=100 did not reach the run"; }
RC=0
TVP_DISTURBED_ABOVE=abc "$TVP" run "${ARGS[@]}" --models thread --out "$WORK/env-bad" >/dev/null 2>"$WORK/env-bad.err" || RC=$?
[ "$RC" -eq 2 ] && grep -q "TVP_DISTURBED_ABOVE" "$WORK/env-bad.err" && [ ! -e "$WORK/env-bad" ] ||
  check_fail "TVP_DISTURBED_ABOVE=abc was not refused clearly (exit $RC)"

# --- MPI ranks run the same worker code ---------------------------------------------
RANK=$(dirname "$TVP")/tvp-mpi-rank
if [ -x "$RANK" ] && command -v mpirun >/dev/null; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  run_tvp mpi run "${ARGS[@]}" --models mpi --reps 1 --out "$WORK/mpi"
  if [ "$RC" -eq 0 ]; then
    waits_read "$WORK/mpi" "" "mpi"
  else
    echo "$TEST: note: the mpi run exited $RC here; its figures are not checked" >&2
  fi
fi

# --- with the loop stopped: the figures are there, the flag is whatever it is --------
kill -KILL "$LOOP_PID"
wait "$LOOP_PID" 2>/dev/null || true
BG_PIDS=()
run_tvp quiet run "${ARGS[@]}" --models thread --reps 1 --out "$WORK/quiet"
[ "$RC" -eq 0 ] || { show "$WORK/quiet.err"; fail "the run without the busy loop exited $RC"; }
bad=$(csv_cols "$WORK/quiet/runs.csv" runq_wait_share oncpu_share skew_share disturbed |
  awk -F '\t' '$1 == "" || $2 == "" || $3 == "" || ($4 != 0 && $4 != 1)')
[ -z "$bad" ] || { show "$WORK/quiet/runs.csv"; check_fail "runs.csv without its disturbance figures: $bad"; }
waits_read "$WORK/quiet" "$PU" "without the busy loop"

# --- bad values are refused before anything runs ------------------------------------
for v in 0 101 -5 abc 1e1 nan; do
  run_tvp bad run "${ARGS[@]}" --disturbed-above "$v" --out "$WORK/bad"
  [ "$RC" -eq 2 ] && grep -q "disturbed-above must be a percentage" "$WORK/bad.err" ||
    { show "$WORK/bad.err"; check_fail "--disturbed-above $v: exit $RC, not refused"; }
  [ ! -e "$WORK/bad" ] || check_fail "--disturbed-above $v made a results folder"
done

finish
