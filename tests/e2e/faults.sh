#!/usr/bin/env bash
# A worker that crashes, aborts, exits early, hangs or loses its partner's pipe
# fails its configuration, with a reason that says what happened, and nothing
# else: the run goes on, exits 1, and leaves no process, no zombie, no
# descriptor and no temporary file behind. The fault kernels exist only with
# TVP_TEST_KERNELS=1 (test.oom has a test of its own: oom.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

OUT=$WORK/faults-results
TIMEOUT=2

# --- without TVP_TEST_KERNELS the fault kernels do not exist --------------------
for k in test.crash test.exit test.hang test.abort test.oom test.closepipe; do
  run_tvp hidden-$k run --kernels "$k" --workers 1 --reps 1 --warmup 0 --out "$WORK/hidden-$k"
  [ "$RC" -eq 2 ] || { show "$WORK/hidden-$k.err"; fail "$k without TVP_TEST_KERNELS: exit $RC, expected 2 (unknown kernel)"; }
  grep -qF "'$k'" "$WORK/hidden-$k.err" || { show "$WORK/hidden-$k.err"; fail "$k without TVP_TEST_KERNELS: the error does not name it"; }
  [ ! -e "$WORK/hidden-$k" ] || fail "$k without TVP_TEST_KERNELS: a results folder was created"
done
run_tvp list list
[ "$RC" -eq 0 ] || fail "tvp list exited $RC"
! grep -q 'test\.' "$WORK/list.out" || { show "$WORK/list.out"; fail "tvp list shows test kernels without TVP_TEST_KERNELS"; }
RC=0
TVP_TEST_KERNELS=1 "$TVP" list >"$WORK/list-test.out" 2>&1 || RC=$?
for k in test.crash test.exit test.hang test.abort test.oom test.closepipe; do
  grep -q "^ *$k " "$WORK/list-test.out" || { show "$WORK/list-test.out"; fail "tvp list with TVP_TEST_KERNELS=1 does not show $k"; }
done

# --- the faulty run ---------------------------------------------------------------
# I/O kernels' files go to --tmpdir, anything else to $TMPDIR: both point to a
# folder that must be as empty at the end as it was at the start.
mkdir "$WORK/tmp"
TMPDIR=$WORK/tmp TVP_TEST_KERNELS=1 "$TVP" run \
  --kernels test.crash,test.exit,test.hang,test.abort,test.closepipe,cpu.primes \
  --models thread,fork,spawn --workers 1,2 --timeout "$TIMEOUT" --reps 2 --warmup 0 --size 20k \
  --tmpdir "$WORK/tmp" --out "$OUT" >"$WORK/run.out" 2>"$WORK/run.err" &
pid=$!
BG_PIDS+=("$pid")

# While it runs, look for zombies among its processes: a zombie is legitimate
# for the moment between a child's exit and its reaping, so one that is still
# there more than 3 s later is a leak.
declare -A zombie_since=()
leaked=""
# test.closepipe's socket pair is made in its cell; every later cell is forked
# from the runner, so a socket the runner never holds cannot reach them.
runner_sockets=""
while kill -0 "$pid" 2>/dev/null; do
  s=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c 'socket:' || true)
  [ "${s:-0}" -eq 0 ] || runner_sockets="$runner_sockets $s"
  now=$(date +%s%N)
  ours=$(ps -eo pid=,args= | awk -v t="$OUT" 'index($0, t) && !/awk -v t=/ { printf "%s ", $1 }')
  # zombies whose parent is one of our processes (the runner or a cell)
  zs=$(ps -eo pid=,ppid=,stat= | awk -v ours=" $ours" '$3 ~ /^Z/ && index(ours, " " $2 " ") { print $1 }')
  for z in $zs; do
    if [ -z "${zombie_since[$z]:-}" ]; then
      zombie_since[$z]=$now
    elif [ $((now - zombie_since[$z])) -gt 3000000000 ]; then
      leaked="$leaked $z($(ps -o ppid=,args= -p "$z" 2>/dev/null || true))"
    fi
  done
  sleep 0.2
done
RC=0
wait "$pid" || RC=$?
BG_PIDS=()
[ -z "$leaked" ] || check_fail "zombies left unreaped for more than 3 s during the run:$leaked"
[ -z "$runner_sockets" ] || check_fail "the runner held sockets during the run (counts seen:$runner_sockets)"

[ "$RC" -eq 1 ] || { show "$WORK/run.err"; fail "the run with faulty kernels exited $RC, expected 1"; }
csv_check "$OUT/summary.csv"
csv_check "$OUT/runs.csv"
csv_check "$OUT/workers.csv"
n=$(csv_nrows "$OUT/summary.csv")
[ "$n" -eq 36 ] || fail "summary.csv has $n rows, expected 36: every configuration, failed or not"

# expect KERNEL MODEL WORKERS TEXT: that configuration failed, and its reason holds TEXT.
ROWS=$(csv_cols "$OUT/summary.csv" kernel model workers status reason)
expect() {
  local row
  row=$(echo "$ROWS" | awk -F '\t' -v k="$1" -v m="$2" -v w="$3" '$1 == k && $2 == m && $3 == w')
  if [ -z "$row" ]; then
    check_fail "$1/$2/$3 workers: no row in summary.csv"
  elif [ "$(echo "$row" | cut -f 4)" != failed ]; then
    check_fail "$1/$2/$3 workers: status '$(echo "$row" | cut -f 4)', expected failed"
  else
    case "$(echo "$row" | cut -f 5)" in
    *"$4"*) ;;
    *) check_fail "$1/$2/$3 workers: reason '$(echo "$row" | cut -f 5)' does not say '$4'" ;;
    esac
  fi
}
for w in 1 2; do
  last=$((w - 1)) # the fault kernels strike in the last worker
  expect test.crash fork "$w" "worker $last killed by SIGSEGV"
  expect test.crash thread "$w" "cell killed by SIGSEGV"
  expect test.exit fork "$w" "worker $last exited with status 3"
  expect test.exit thread "$w" "status 3"
  expect test.hang fork "$w" "timeout after $TIMEOUT s"
  expect test.hang thread "$w" "timeout after $TIMEOUT s"
  expect test.crash spawn "$w" "worker $last killed by SIGSEGV"
  expect test.exit spawn "$w" "worker $last exited with status 3"
  expect test.hang spawn "$w" "timeout after $TIMEOUT s"
  expect test.abort thread "$w" "cell killed by SIGABRT"
  expect test.abort fork "$w" "worker $last killed by SIGABRT"
  expect test.abort spawn "$w" "worker $last killed by SIGABRT"
  # The last worker shuts its end of the pair down; its partner (worker 0 here,
  # or itself alone) reads the end of the stream, answers and dies of SIGPIPE.
  expect test.closepipe thread "$w" "cell killed by SIGPIPE"
  expect test.closepipe fork "$w" "worker 0 killed by SIGPIPE"
  expect test.closepipe spawn "$w" "worker 0 killed by SIGPIPE"
done
# A reason is one line.
bad=$(echo "$ROWS" | awk -F '\t' '$5 ~ /\\n/')
[ -z "$bad" ] || check_fail "reasons that span lines: $bad"

# The faults cost their own configurations only: cpu.primes ran after them.
bad=$(echo "$ROWS" | awk -F '\t' '$1 == "cpu.primes" && $4 != "ok"')
[ -z "$bad" ] || check_fail "cpu.primes configurations did not run ok after the faults: $bad"
n=$(csv_cols "$OUT/summary.csv" kernel reps_ok | awk -F '\t' '$1 == "cpu.primes" && $2 == 2' | wc -l)
[ "$n" -eq 6 ] || check_fail "$n of 6 cpu.primes configurations have 2 good repetitions"
# runs.csv has the failed repetitions, with their reasons, as well.
n=$(csv_cols "$OUT/runs.csv" kernel status reason | awk -F '\t' '$1 ~ /^test\./ && $2 == "failed" && $3 != ""' | wc -l)
[ "$n" -ge 30 ] || check_fail "runs.csv holds $n failed repetitions with a reason, expected at least one per faulty configuration (30)"
# docs/csv.md: a failed configuration stops at its first failed repetition, so a
# hang costs one timeout, not one per repetition.
bad=$(csv_cols "$OUT/runs.csv" config kernel | awk -F '\t' '$2 ~ /^test\./ { n[$1]++ } END { for (c in n) if (n[c] != 1) print "config " c ": " n[c] " rows" }')
[ -z "$bad" ] || check_fail "faulty configurations went on after their first failed repetition: $bad"
# Every configuration ran (docs/csv.md: "complete" even when some failed), 30 failed.
[ "$(json_str "$OUT/meta.json" state)" = complete ] || check_fail "meta.json state is not \"complete\" after a run that went to its end"
grep -q '"configurations_failed": 30,' "$OUT/meta.json" || check_fail "meta.json does not count 30 failed configurations"

# --- nothing is left behind --------------------------------------------------------
left=$(procs_with "$OUT")
[ -z "$left" ] || check_fail "processes of the run are still alive after it ended:"$'\n'"$left"
zombies=$(ps -eo pid=,ppid=,stat= | awk -v me="$$" '$3 ~ /^Z/ && $2 == me')
[ -z "$zombies" ] || check_fail "zombies left to this shell: $zombies"
left=$(ls -A "$WORK/tmp")
[ -z "$left" ] || check_fail "files left in --tmpdir / \$TMPDIR after the run: $left"

# --- --on-error stop: the run ends at the first failed configuration ---------------
for model in thread fork spawn; do
  S=$WORK/stop-$model
  rc=0
  TVP_TEST_KERNELS=1 "$TVP" run --kernels cpu.primes,test.crash --models "$model" --workers 1,2 \
    --reps 1 --warmup 0 --size 2000 --on-error stop --out "$S" >/dev/null 2>"$WORK/stop.err" || rc=$?
  [ "$rc" = 1 ] || check_fail "--on-error stop ($model): exit $rc, expected 1"
  # Points in plan order: cpu.primes (1 and 2 workers), then test.crash, whose
  # round runs its 1 and 2 workers in a shuffled order: the first fails, the
  # run ends there, and the other has no row.
  got=$(csv_cols "$S/summary.csv" kernel workers status | tr '\t' ' ' | tr '\n' ';')
  [[ "$got" =~ ^"cpu.primes 1 ok;cpu.primes 2 ok;test.crash "[12]" failed;"$ ]] ||
    check_fail "--on-error stop ($model): summary rows '$got'"
  [ "$(json_str "$S/meta.json" state)" = stopped ] || check_fail "--on-error stop ($model): meta.json state is not \"stopped\""
  json_str "$S/meta.json" stopped_at | grep -Eq "^configuration [34] of 4 \(test.crash, $model, [12] workers?\)$" ||
    check_fail "--on-error stop ($model): meta.json stopped_at is '$(json_str "$S/meta.json" stopped_at)'"
  grep -Eq 'stopped \(--on-error stop\) at configuration [34] of 4.*killed by SIGSEGV.*; 1 configuration not run' "$WORK/stop.err" ||
    { show "$WORK/stop.err"; check_fail "--on-error stop ($model): stderr does not say where and why it stopped"; }
done
rc=0
"$TVP" run --kernels cpu.primes --on-error sometimes >/dev/null 2>"$WORK/oe.err" || rc=$?
[ "$rc" = 2 ] && grep -q "'continue' or 'stop'" "$WORK/oe.err" || check_fail "--on-error sometimes: exit $rc"

finish
