#!/usr/bin/env bash
# tvp run and tvp report under valgrind's memcheck: no invalid read or write, no
# use of an uninitialised value and no definite leak, in the runner and in every
# process it forks (cells, fork workers, pool workers: valgrind follows fork, and
# each child writes its own log). Spawned workers exec tvp afresh and are not
# followed (--trace-children=no): the thread and fork models are what it covers.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

command -v valgrind >/dev/null || { echo "$TEST: skipped, valgrind is not installed"; exit 77; }
# A sanitizer's runtime and valgrind cannot share a process.
if grep -aq -e __asan_init -e __tsan_init "$TVP"; then
  echo "$TEST: skipped, $TVP is a sanitizer build"
  exit 77
fi

# memcheck RUN_NAME ARGS...: tvp ARGS under memcheck, one log a process in
# $WORK/RUN_NAME/; the exit status in RC. A definite leak counts as an error.
memcheck() {
  local name=$1
  shift
  mkdir -p "$WORK/$name"
  RC=0
  valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
    --trace-children=no --log-file="$WORK/$name/vg.%p.log" \
    "$TVP" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
}

# check_logs RUN_NAME MIN: at least MIN processes wrote a log, and each reports no error.
check_logs() {
  local name=$1 min=$2 logs bad f
  logs=$(find "$WORK/$name" -name 'vg.*.log' | wc -l)
  [ "$logs" -ge "$min" ] || check_fail "$name: $logs valgrind logs, expected at least $min (one a process)"
  bad=0
  for f in "$WORK/$name"/vg.*.log; do
    if ! grep -q 'ERROR SUMMARY: 0 errors' "$f"; then
      # The first two logs say enough: a leak in the runner is in every child too.
      # valgrind's own notes (--PID-- lines: a syscall it does not know) left out.
      [ "$bad" -ge 2 ] || { grep -v -e '^--[0-9]*-- ' "$f" >"$f.errors" || true; show "$f.errors"; }
      bad=$((bad + 1))
    fi
  done
  [ "$bad" -eq 0 ] || check_fail "$name: memcheck found errors or definite leaks in $bad of $logs processes (logs above)"
}

# Cheap kernels that cover the harness's paths: shared state and a process-shared
# mutex, the worker pool (threads, and forked workers), pairs over pipes, and files
# under --tmpdir made in prepare and removed in cleanup. 2 workers, 1 repetition.
memcheck run run --kernels cpu.hash,sync.mutex,pool.map,io.pipe,io.write --models thread,fork \
  --workers 2 --size 200 --reps 1 --warmup 0 --tmpdir "$WORK" --out "$WORK/out" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/run.err"; check_fail "tvp run under valgrind exited $RC (99: memcheck found an error in the runner)"; }
# The runner, 10 cells and 2 forked workers in each of the 5 fork cells.
check_logs run 21
if [ -s "$WORK/out/summary.csv" ]; then
  bad=$(csv_cols "$WORK/out/summary.csv" kernel model status reason | awk -F '\t' '$3 != "ok"')
  [ -z "$bad" ] || check_fail "configurations failed under valgrind (a child's memcheck error exits 99):"$'\n'"$bad"
else
  check_fail "tvp run under valgrind wrote no summary.csv"
fi

# tvp report reads every CSV of the run back and writes Markdown.
memcheck report report "$WORK/out"
[ "$RC" -eq 0 ] || { show "$WORK/report.err"; check_fail "tvp report under valgrind exited $RC"; }
check_logs report 1

finish
