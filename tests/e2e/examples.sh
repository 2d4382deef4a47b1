#!/usr/bin/env bash
# The teaching examples (examples/) print what their header comments promise:
# children have pids of their own and threads share their process's, every
# worker's number appears once, a child's write stays private and a thread's
# does not, and the pool's map returns its results in input order.
# Run as:  bash tests/e2e/examples.sh PATH/TO/tvp SOURCE_DIR EXAMPLES_BUILD_DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

EX=${3:-}
[ -n "$EX" ] && [ -x "$EX/process_create" ] || fail "usage: $0 PATH/TO/tvp SOURCE_DIR EXAMPLES_BUILD_DIR (no process_create in '$EX')"

# run_example NAME PROGRAM ARGS...: stdout in $WORK/NAME.out, stderr in
# $WORK/NAME.err, exit status in RC. Never trips set -e.
run_example() {
  local name=$1 prog=$2
  shift 2
  RC=0
  "$EX/$prog" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
}

# ran_ok NAME: the example exited 0 and wrote nothing on stderr.
ran_ok() {
  [ "$RC" -eq 0 ] || { show "$WORK/$1.out" "$WORK/$1.err"; check_fail "$1 exited $RC, expected 0"; return 1; }
  [ ! -s "$WORK/$1.err" ] || { show "$WORK/$1.err"; check_fail "$1 wrote on stderr"; return 1; }
}

# line NAME N: line N of the example's output ($ for the last).
line() { sed -n "${2}p" "$WORK/$1.out"; }
nlines() { wc -l <"$WORK/$1.out" | tr -d ' '; }

# field NAME REGEX: the first parenthesised group of sed's REGEX, from the first line it matches.
field() { sed -nE "s/$2/\\1/p" "$WORK/$1.out" | head -n 1; }

# --- one process, one thread ------------------------------------------------------
for variant in "" square; do
  name=process_create${variant:+_$variant}
  label="process_create${variant:+ $variant}"
  run_example "$name" process_create $variant
  if ran_ok "$name"; then
    main=$(field "$name" '^main process \(pid ([0-9]+)\) starts a child$')
    if [ -n "$variant" ]; then what='square\(5\) = 25'; else what='42'; fi
    child=$(field "$name" "^child process \\(pid ([0-9]+)\\) prints $what\$")
    [ "$(nlines "$name")" -eq 3 ] && [ -n "$main" ] && [ -n "$child" ] ||
      { show "$WORK/$name.out"; check_fail "$label does not print the main line, the child's line and the final line"; }
    [ -z "$child" ] || [ "$child" != "$main" ] || check_fail "$label: the child has the parent's pid $main"
    [ "$(line "$name" '$')" = "Main process completed" ] || { show "$WORK/$name.out"; check_fail "$label does not end with 'Main process completed'"; }
  fi

  name=thread_create${variant:+_$variant}
  label="thread_create${variant:+ $variant}"
  run_example "$name" thread_create $variant
  if ran_ok "$name"; then
    main_pid=$(field "$name" '^main thread \(pid ([0-9]+), tid [0-9]+\) starts a thread$')
    main_tid=$(field "$name" '^main thread \(pid [0-9]+, tid ([0-9]+)\) starts a thread$')
    if [ -n "$variant" ]; then what='square\(5\) = 25'; else what='42'; fi
    pid=$(field "$name" "^thread \\(pid ([0-9]+), tid [0-9]+\\) prints $what\$")
    tid=$(field "$name" "^thread \\(pid [0-9]+, tid ([0-9]+)\\) prints $what\$")
    [ "$(nlines "$name")" -eq 3 ] && [ -n "$main_pid" ] && [ -n "$pid" ] ||
      { show "$WORK/$name.out"; check_fail "$label does not print the main line, the thread's line and the final line"; }
    [ "$pid" = "$main_pid" ] || check_fail "$label: the thread's pid $pid is not its process's $main_pid"
    [ -z "$tid" ] || [ "$tid" != "$main_tid" ] || check_fail "$label: the thread has the main thread's tid $tid"
    [ "$(line "$name" '$')" = "Main thread completed" ] || { show "$WORK/$name.out"; check_fail "$label does not end with 'Main thread completed'"; }
  fi
done
run_example process_create_bad process_create cube
[ "$RC" -eq 2 ] || check_fail "process_create cube exited $RC, expected 2 (usage)"

# --- four at once: each number once, in whatever order ------------------------------
run_example four_processes four_processes
if ran_ok four_processes; then
  main=$(field four_processes '^main process \(pid ([0-9]+)\) starts 4 processes$')
  # "number pid" for each line a child printed.
  kids=$(sed -nE 's/^process ([0-9]+) \(pid ([0-9]+)\) prints ([0-9]+)$/\1 \2 \3/p' "$WORK/four_processes.out")
  [ "$(nlines four_processes)" -eq 6 ] && [ -n "$main" ] || { show "$WORK/four_processes.out"; check_fail "four_processes does not print 6 lines, the first naming the main pid"; }
  [ "$(echo "$kids" | awk '$1 == $3 { print $1 }' | sort | tr '\n' ' ')" = "1 2 3 4 " ] ||
    { show "$WORK/four_processes.out"; check_fail "four_processes does not print each of 1..4 exactly once"; }
  [ "$(echo "$kids" | awk '{ print $2 }' | sort -u | wc -l)" -eq 4 ] || check_fail "four_processes: the 4 processes do not have 4 different pids"
  ! echo "$kids" | awk -v m="$main" '$2 == m' | grep -q . || check_fail "four_processes: a child has the parent's pid $main"
  [ "$(line four_processes '$')" = "All 4 processes completed" ] || { show "$WORK/four_processes.out"; check_fail "four_processes does not end with its final line"; }
fi

run_example four_threads four_threads
if ran_ok four_threads; then
  main_pid=$(field four_threads '^main thread \(pid ([0-9]+), tid [0-9]+\) starts 4 threads$')
  main_tid=$(field four_threads '^main thread \(pid [0-9]+, tid ([0-9]+)\) starts 4 threads$')
  # "number pid tid number" for each line a thread printed.
  threads=$(sed -nE 's/^thread ([0-9]+) \(pid ([0-9]+), tid ([0-9]+)\) prints ([0-9]+)$/\1 \2 \3 \4/p' "$WORK/four_threads.out")
  [ "$(nlines four_threads)" -eq 6 ] && [ -n "$main_pid" ] || { show "$WORK/four_threads.out"; check_fail "four_threads does not print 6 lines, the first naming the main pid"; }
  [ "$(echo "$threads" | awk '$1 == $4 { print $1 }' | sort | tr '\n' ' ')" = "1 2 3 4 " ] ||
    { show "$WORK/four_threads.out"; check_fail "four_threads does not print each of 1..4 exactly once"; }
  [ "$(echo "$threads" | awk -v m="$main_pid" '$2 == m' | wc -l)" -eq 4 ] || check_fail "four_threads: not every thread has its process's pid $main_pid"
  [ "$( (echo "$main_tid"; echo "$threads" | awk '{ print $3 }') | sort -u | wc -l)" -eq 5 ] ||
    check_fail "four_threads: the main thread and the 4 threads do not have 5 different tids"
  [ "$(line four_threads '$')" = "All 4 threads completed" ] || { show "$WORK/four_threads.out"; check_fail "four_threads does not end with its final line"; }
fi

# --- memory: a child's copy, a thread's sharing ----------------------------------------
run_example shared shared_vs_private
if ran_ok shared; then
  main=$(field shared '^main \(pid ([0-9]+)\): counter = 0$')
  child=$(field shared '^child process \(pid ([0-9]+)\) sets counter to 1$')
  thread=$(field shared '^thread \(pid ([0-9]+)\) sets counter to 1$')
  [ -n "$main" ] && [ -n "$child" ] && [ -n "$thread" ] || { show "$WORK/shared.out"; check_fail "shared_vs_private does not print the main, child and thread lines"; }
  [ -z "$child" ] || [ "$child" != "$main" ] || check_fail "shared_vs_private: the child has the parent's pid"
  [ "$thread" = "$main" ] || check_fail "shared_vs_private: the thread's pid $thread is not its process's $main"
  [ "$(line shared 3)" = "after the child process: counter = 0" ] || { show "$WORK/shared.out"; check_fail "the parent does not see counter = 0 after the child process"; }
  [ "$(line shared 5)" = "after the thread: counter = 1" ] || { show "$WORK/shared.out"; check_fail "the parent does not see counter = 1 after the thread"; }
fi

# --- the pool: results in input order under both models ---------------------------------
for model in processes threads; do
  flag=""
  [ "$model" = threads ] && flag=--threads
  with=${flag:+ $flag}

  name=pool_square_$model
  run_example "$name" pool_map $flag
  if ran_ok "$name"; then
    grep -Eq "^main \\(pid [0-9]+\\): a pool of 3 worker $model\$" "$WORK/$name.out" || { show "$WORK/$name.out"; check_fail "pool_map$with does not say it uses 3 worker $model"; }
    [ "$(nlines "$name")" -eq 2 ] && [ "$(line "$name" '$')" = "Result: [1, 4, 9, 16, 25]" ] ||
      { show "$WORK/$name.out"; check_fail "pool_map$with does not print just 'Result: [1, 4, 9, 16, 25]' after its first line"; }
  fi

  name=pool_cube_$model
  run_example "$name" pool_map cube $flag
  if ran_ok "$name"; then
    main=$(field "$name" "^main \\(pid ([0-9]+)\\): a pool of 3 worker $model\$")
    # "worker pid x value" for each line a worker printed.
    work=$(sed -nE 's/^worker ([0-9]+) \(pid ([0-9]+)\): cube\(([0-9]+)\) = ([0-9]+)$/\1 \2 \3 \4/p' "$WORK/$name.out")
    [ -n "$main" ] && [ "$(nlines "$name")" -eq 7 ] || { show "$WORK/$name.out"; check_fail "pool_map cube$with does not print the main line, 5 worker lines and the result"; }
    [ "$(echo "$work" | awk '$1 <= 2 && $4 == $3 * $3 * $3 { print $3 }' | sort | tr '\n' ' ')" = "1 2 3 4 5 " ] ||
      { show "$WORK/$name.out"; check_fail "pool_map cube$with does not print one correct line per input 1..5 from workers 0..2"; }
    if [ "$model" = processes ]; then
      ! echo "$work" | awk -v m="$main" '$2 == m' | grep -q . || check_fail "pool_map cube: a worker process has the main pid $main"
      # A worker is one process: its index always comes with the same pid.
      [ "$(echo "$work" | awk '{ print $1, $2 }' | sort -u | wc -l)" -eq "$(echo "$work" | awk '{ print $1 }' | sort -u | wc -l)" ] ||
        { show "$WORK/$name.out"; check_fail "pool_map cube: one worker index shows several pids"; }
    else
      [ "$(echo "$work" | awk -v m="$main" '$2 == m' | wc -l)" -eq 5 ] || check_fail "pool_map cube --threads: not every worker thread has the main pid $main"
    fi
    [ "$(line "$name" '$')" = "Result: [1, 8, 27, 64, 125]" ] || { show "$WORK/$name.out"; check_fail "pool_map cube$with does not end with 'Result: [1, 8, 27, 64, 125]'"; }
  fi
done
run_example pool_bad pool_map --processes
[ "$RC" -eq 2 ] || check_fail "pool_map --processes exited $RC, expected 2 (usage)"

finish
