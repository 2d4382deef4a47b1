#!/usr/bin/env bash
# The teaching examples (examples/) print what their header comments promise:
# every worker uses the argument it was handed (run with other values, the
# output follows them), children have pids of their own and threads share
# their process's, every worker's number appears once, a child's write stays
# private and a thread's does not, and the pool's map returns its results in
# input order.
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

# --- one process, one thread, each handed its argument -----------------------------
# "args|what the worker prints": the default 42, numbers of our own, the
# square of the default 5 and of a number of our own. A worker that printed a
# value of its own rather than the one handed to it fails every case with a
# number of ours.
for case in "|42" "7|7" "-13|-13" "square|square\\(5\\) = 25" "square 9|square\\(9\\) = 81"; do
  args=${case%%|*}
  what=${case#*|}
  arg=$(echo "$args" | awk '{ n = ($1 == "square") ? 5 : 42; for (i = 1; i <= NF; i++) if ($i != "square") n = $i; print n }')
  tag=$(echo "$args" | tr -c 'a-z0-9\n' _)

  name=process_create${tag:+_$tag}
  label="process_create${args:+ $args}"
  # shellcheck disable=SC2086 # the words of args are separate arguments
  run_example "$name" process_create $args
  if ran_ok "$name"; then
    main=$(field "$name" "^main process \\(pid ([0-9]+)\\) starts a child with the argument $arg\$")
    child=$(field "$name" "^child process \\(pid ([0-9]+)\\) prints $what\$")
    [ "$(nlines "$name")" -eq 3 ] && [ -n "$main" ] && [ -n "$child" ] ||
      { show "$WORK/$name.out"; check_fail "$label does not print the main line (argument $arg), the child's line ($what) and the final line"; }
    [ -z "$child" ] || [ "$child" != "$main" ] || check_fail "$label: the child has the parent's pid $main"
    [ "$(line "$name" '$')" = "Main process completed" ] || { show "$WORK/$name.out"; check_fail "$label does not end with 'Main process completed'"; }
  fi

  name=thread_create${tag:+_$tag}
  label="thread_create${args:+ $args}"
  # shellcheck disable=SC2086 # the words of args are separate arguments
  run_example "$name" thread_create $args
  if ran_ok "$name"; then
    main_pid=$(field "$name" "^main thread \\(pid ([0-9]+), tid [0-9]+\\) starts a thread with the argument $arg\$")
    main_tid=$(field "$name" "^main thread \\(pid [0-9]+, tid ([0-9]+)\\) starts a thread with the argument $arg\$")
    pid=$(field "$name" "^thread \\(pid ([0-9]+), tid [0-9]+\\) prints $what\$")
    tid=$(field "$name" "^thread \\(pid [0-9]+, tid ([0-9]+)\\) prints $what\$")
    [ "$(nlines "$name")" -eq 3 ] && [ -n "$main_pid" ] && [ -n "$pid" ] ||
      { show "$WORK/$name.out"; check_fail "$label does not print the main line (argument $arg), the thread's line ($what) and the final line"; }
    [ "$pid" = "$main_pid" ] || check_fail "$label: the thread's pid $pid is not its process's $main_pid"
    [ -z "$tid" ] || [ "$tid" != "$main_tid" ] || check_fail "$label: the thread has the main thread's tid $tid"
    [ "$(line "$name" '$')" = "Main thread completed" ] || { show "$WORK/$name.out"; check_fail "$label does not end with 'Main thread completed'"; }
  fi
done
for bad in cube "square x" "1 2"; do
  for prog in process_create thread_create; do
    # shellcheck disable=SC2086 # the words of bad are separate arguments
    run_example "${prog}_bad" "$prog" $bad
    [ "$RC" -eq 2 ] || check_fail "$prog $bad exited $RC, expected 2 (usage)"
  done
done

# --- four at once: each its own number, in whatever order ------------------------------
# With no arguments worker I prints I; with four numbers, worker I prints the
# I-th of them, which only the argument it was handed can tell it.
for numbers in "" "70 -5 31 8"; do
  tag=${numbers:+_given}
  want=$(if [ -n "$numbers" ]; then echo "$numbers"; else echo 1 2 3 4; fi | awk '{ for (i = 1; i <= NF; i++) printf "%d %s ", i, $i }')

  name=four_processes$tag
  label="four_processes${numbers:+ $numbers}"
  # shellcheck disable=SC2086 # the words of numbers are separate arguments
  run_example "$name" four_processes $numbers
  if ran_ok "$name"; then
    main=$(field "$name" '^main process \(pid ([0-9]+)\) starts 4 processes$')
    # "index pid number" for each line a child printed.
    kids=$(sed -nE 's/^process ([0-9]+) \(pid ([0-9]+)\) prints (-?[0-9]+)$/\1 \2 \3/p' "$WORK/$name.out")
    [ "$(nlines "$name")" -eq 6 ] && [ -n "$main" ] || { show "$WORK/$name.out"; check_fail "$label does not print 6 lines, the first naming the main pid"; }
    [ "$(echo "$kids" | sort -n | awk '{ printf "%s %s ", $1, $3 }')" = "$want" ] ||
      { show "$WORK/$name.out"; check_fail "$label: processes 1..4 do not print '$want' (index, number handed to it), once each"; }
    [ "$(echo "$kids" | awk '{ print $2 }' | sort -u | wc -l)" -eq 4 ] || check_fail "$label: the 4 processes do not have 4 different pids"
    ! echo "$kids" | awk -v m="$main" '$2 == m' | grep -q . || check_fail "$label: a child has the parent's pid $main"
    [ "$(line "$name" '$')" = "All 4 processes completed" ] || { show "$WORK/$name.out"; check_fail "$label does not end with its final line"; }
  fi

  name=four_threads$tag
  label="four_threads${numbers:+ $numbers}"
  # shellcheck disable=SC2086 # the words of numbers are separate arguments
  run_example "$name" four_threads $numbers
  if ran_ok "$name"; then
    main_pid=$(field "$name" '^main thread \(pid ([0-9]+), tid [0-9]+\) starts 4 threads$')
    main_tid=$(field "$name" '^main thread \(pid [0-9]+, tid ([0-9]+)\) starts 4 threads$')
    # "index pid tid number" for each line a thread printed.
    threads=$(sed -nE 's/^thread ([0-9]+) \(pid ([0-9]+), tid ([0-9]+)\) prints (-?[0-9]+)$/\1 \2 \3 \4/p' "$WORK/$name.out")
    [ "$(nlines "$name")" -eq 6 ] && [ -n "$main_pid" ] || { show "$WORK/$name.out"; check_fail "$label does not print 6 lines, the first naming the main pid"; }
    [ "$(echo "$threads" | sort -n | awk '{ printf "%s %s ", $1, $4 }')" = "$want" ] ||
      { show "$WORK/$name.out"; check_fail "$label: threads 1..4 do not print '$want' (index, number handed to it), once each"; }
    [ "$(echo "$threads" | awk -v m="$main_pid" '$2 == m' | wc -l)" -eq 4 ] || check_fail "$label: not every thread has its process's pid $main_pid"
    [ "$( (echo "$main_tid"; echo "$threads" | awk '{ print $3 }') | sort -u | wc -l)" -eq 5 ] ||
      check_fail "$label: the main thread and the 4 threads do not have 5 different tids"
    [ "$(line "$name" '$')" = "All 4 threads completed" ] || { show "$WORK/$name.out"; check_fail "$label does not end with its final line"; }
  fi
done
for prog in four_processes four_threads; do
  run_example "${prog}_bad" "$prog" 1 2 3
  [ "$RC" -eq 2 ] || check_fail "$prog 1 2 3 exited $RC, expected 2 (usage: four numbers or none)"
done

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
# Inputs of our own: the results are theirs, in their order, under both models.
for flag in "" --threads; do
  name=pool_given${flag:+_threads}
  # shellcheck disable=SC2086 # flag is one word or none
  run_example "$name" pool_map $flag 7 -3 10 0
  if ran_ok "$name"; then
    [ "$(line "$name" '$')" = "Result: [49, 9, 100, 0]" ] ||
      { show "$WORK/$name.out"; check_fail "pool_map${flag:+ $flag} 7 -3 10 0 does not end with 'Result: [49, 9, 100, 0]'"; }
  fi
  name=pool_given_cube${flag:+_threads}
  # shellcheck disable=SC2086 # flag is one word or none
  run_example "$name" pool_map cube $flag 6 2
  if ran_ok "$name"; then
    [ "$(sed -nE 's/^worker [0-2] \(pid [0-9]+\): (cube\(-?[0-9]+\) = -?[0-9]+)$/\1/p' "$WORK/$name.out" | sort | tr '\n' ' ')" = "cube(2) = 8 cube(6) = 216 " ] &&
      [ "$(line "$name" '$')" = "Result: [216, 8]" ] ||
      { show "$WORK/$name.out"; check_fail "pool_map cube${flag:+ $flag} 6 2 does not cube 6 and 2 into 'Result: [216, 8]'"; }
  fi
done
run_example pool_bad pool_map --processes
[ "$RC" -eq 2 ] || check_fail "pool_map --processes exited $RC, expected 2 (usage)"

finish
