#!/usr/bin/env bash
# tvp run under hostile conditions: closed standard descriptors, a runner that
# is killed or hung up on, a signal in its first milliseconds, and limits on
# open files and the stack. Each case names the promise of docs/reliability.md
# it holds.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# The options of a run that would otherwise be fine and fast.
OK=(--kernels cpu.primes --workers 1 --size 20k --reps 1 --warmup 0 --quiet)

# Closed stdout or stderr (a cron job's >&- or 2>&-): tvp's own files must not
# take descriptor 1 or 2, or the progress lines and messages land in runs.csv.
"$TVP" run --kernels cpu.primes --workers 1,2 --size 20k --reps 2 --warmup 0 \
  --out "$WORK/closed1" 2>"$WORK/closed1.err" >&- || check_fail "closed stdout: exit status $?"
# A failing configuration, so that tvp has something to say on the closed stderr.
TVP_TEST_KERNELS=1 "$TVP" run --kernels cpu.primes,test.exit --models thread,fork --size 20k --reps 2 \
  --warmup 0 --out "$WORK/closed2" >"$WORK/closed2.out" 2>&- && check_fail "closed stderr: test.exit passed"
for d in closed1 closed2; do
  for f in runs.csv workers.csv summary.csv; do
    csv_check "$WORK/$d/$f"
    if grep -Eq 'tvp|configurations|results:' "$WORK/$d/$f"; then
      check_fail "$d: tvp's words landed in $f"
      show "$WORK/$d/$f"
    fi
  done
done
[ "$(csv_nrows "$WORK/closed1/runs.csv")" -eq 8 ] ||
  check_fail "closed1: runs.csv does not hold 8 rows (4 configurations, 2 repetitions)"
# With stderr closed, a refusal still has nowhere to go but must not land in a file.
"$TVP" run "${OK[@]}" --reps 0 --out "$WORK/closed3" 2>&- && check_fail "--reps 0 with stderr closed: accepted"
[ ! -e "$WORK/closed3" ] || check_fail "--reps 0 with stderr closed left $WORK/closed3"

# wait_gone PID SECONDS: waits for PID to end and sets RC to its exit status;
# fails the test if it still runs after SECONDS.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
  kill -0 "$pid" 2>/dev/null && fail "tvp (pid $pid) still runs $2 s after it was told to stop"
  RC=0
  wait "$pid" 2>/dev/null || RC=$?
}

# SIGHUP (the terminal or ssh session closing) stops a run as SIGTERM does: the
# cell is killed, summary.csv and meta.json say so, and tvp exits 129.
OUT=$WORK/hup
TVP_TEST_KERNELS=1 "$TVP" run --kernels test.hang --models fork --workers 2 --timeout 30 --out "$OUT" \
  >"$WORK/hup.out" 2>"$WORK/hup.err" &
pid=$!
BG_PIDS+=("$pid")
deadline=$((SECONDS + 10))
until [ "$(procs_with "$OUT" | wc -l)" -ge 4 ]; do # tvp, its cell and the two workers
  [ "$SECONDS" -lt "$deadline" ] || fail "SIGHUP: no cell with two workers after 10 s"
  sleep 0.05
done
kill -HUP "$pid"
wait_gone "$pid" 10
[ "$RC" -eq 129 ] || { show "$WORK/hup.err"; check_fail "SIGHUP: exit status $RC, expected 129"; }
[ "$(json_str "$OUT/meta.json" state)" = interrupted ] || check_fail "SIGHUP: meta.json state is not interrupted"
[ "$(json_str "$OUT/meta.json" interrupted_by)" = SIGHUP ] || check_fail "SIGHUP: meta.json does not name SIGHUP"
[ -s "$OUT/summary.csv" ] || check_fail "SIGHUP: no summary.csv"
grep -q 'interrupted by SIGHUP' "$WORK/hup.err" || { show "$WORK/hup.err"; check_fail "SIGHUP: no word on stderr"; }
grep -qF "continue it with: tvp run --resume $OUT" "$WORK/hup.err" ||
  { show "$WORK/hup.err"; check_fail "SIGHUP: stderr does not name 'tvp run --resume $OUT'"; }
sleep 0.2
left=$(procs_with "$OUT")
if [ -n "$left" ]; then
  check_fail "SIGHUP: processes left behind: $left"
  procs_with "$OUT" | awk '{print $1}' | xargs -r kill -KILL
fi

# A stop signal while tvp creates the folder: the folder must end whole (no
# temporary file, a summary.csv, and meta.json not "running"). The signal is
# sent the moment runs.csv appears, before meta.json and topology.xml are
# written: a handler installed any later lets it kill tvp half-way, about one
# try in two. SIGINT cannot be sent here (a script's background job ignores it
# until tvp's handler exists), so SIGTERM and SIGHUP stand for it: the same
# handler catches all three.
for i in $(seq 1 10); do
  OUT=$WORK/early$i
  sig=TERM
  [ $((i % 2)) -eq 0 ] || sig=HUP
  "$TVP" run "${OK[@]}" --out "$OUT" >/dev/null 2>"$WORK/early$i.err" &
  pid=$!
  BG_PIDS+=("$pid")
  until [ -e "$OUT/runs.csv" ] || ! kill -0 "$pid" 2>/dev/null; do :; done
  kill -"$sig" "$pid" 2>/dev/null || true
  wait_gone "$pid" 10
  BG_PIDS=()
  tmp=$(find "$OUT" -name '*.tmp')
  [ -z "$tmp" ] || check_fail "SIG$sig as runs.csv appeared: temporary files left: $tmp"
  state=$(json_str "$OUT/meta.json" state 2>/dev/null || true)
  case $state in
  interrupted | complete) ;;
  *) check_fail "SIG$sig as runs.csv appeared: meta.json state is '$state', not interrupted (exit status $RC)" ;;
  esac
  [ -s "$OUT/summary.csv" ] || check_fail "SIG$sig as runs.csv appeared: no summary.csv (exit status $RC)"
done

# A runner killed outright (kill -9, the OOM killer): its cell and the cell's
# workers die with it, and none holds runs.csv's lock, so --resume can go on.
for model in fork spawn; do
  OUT=$WORK/killed-$model
  TVP_TEST_KERNELS=1 "$TVP" run --kernels test.hang --models "$model" --workers 2 --timeout 30 \
    --out "$OUT" >/dev/null 2>&1 &
  pid=$!
  BG_PIDS+=("$pid")
  deadline=$((SECONDS + 10))
  cell='' workers=''
  until [ -n "$cell" ] && [ "$(echo "$workers" | wc -w)" -ge 2 ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$model: no cell with two workers after 10 s"
    sleep 0.05
    cell=$(ps -o pid= --ppid "$pid" | tr -d ' ' | head -n 1 || true) # none yet: ps says 1, and pipefail
    workers=$([ -z "$cell" ] || ps -o pid= --ppid "$cell" || true) # none yet: ps says 1
  done
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  BG_PIDS=()
  left='' deadline=$((SECONDS + 3))
  for p in $cell $workers; do
    while kill -0 "$p" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
    ! kill -0 "$p" 2>/dev/null || left="$left $p"
  done
  [ -z "$left" ] || check_fail "$model: the killed runner left its cell or workers behind:$left"
  if command -v flock >/dev/null; then
    flock -n "$OUT/runs.csv" true || check_fail "$model: runs.csv is still locked after the runner was killed"
  fi
  for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
done

# Out of descriptors in some workers: the reason names the worker that failed
# and why, not the first one that merely did not finish because of it.
OUT=$WORK/nofile
(
  ulimit -n 16
  "$TVP" run --kernels io.write --models thread --workers 16 --size 50 --reps 1 --warmup 0 --quiet \
    --tmpdir "$WORK" --out "$OUT" >/dev/null 2>&1
) || true
reason=$(csv_cols "$OUT/summary.csv" reason)
echo "$reason" | grep -q "Too many open files (raise the open-file limit (ulimit -n)" ||
  check_fail "ulimit -n 16: the reason is '$reason', not too many open files and what to do"

# Too few descriptors for the results files: the message says which limit, not
# to choose another folder; and nothing is left behind.
(
  # Descriptors the test's caller left open (ctest's) would count against the 4.
  for fd in $(ls /proc/$BASHPID/fd); do [ "$fd" -le 2 ] || eval "exec $fd>&-"; done
  ulimit -n 4
  exec "$TVP" run "${OK[@]}" --out "$WORK/nofile4"
) >"$WORK/nofile4.out" 2>"$WORK/nofile4.err" && check_fail "ulimit -n 4: tvp run succeeded"
if ! grep -q 'ulimit -n' "$WORK/nofile4.err" || grep -q -- '--out' "$WORK/nofile4.err"; then
  show "$WORK/nofile4.err"
  check_fail "ulimit -n 4: the message does not point at the open-file limit"
fi
[ ! -e "$WORK/nofile4" ] || check_fail "ulimit -n 4: a results folder was left behind"

# A stack too small to run on is refused up front, with a message, and leaves
# nothing (it used to die of SIGSEGV with meta.json.tmp left behind).
RC=0
(
  ulimit -s 24
  "$TVP" run "${OK[@]}" --out "$WORK/stack" >"$WORK/stack.out" 2>"$WORK/stack.err"
) || RC=$?
if [ "$RC" -ne 2 ] || ! grep -q 'ulimit -s' "$WORK/stack.err"; then
  show "$WORK/stack.err"
  check_fail "ulimit -s 24: exit status $RC, expected 2 and a message about ulimit -s"
fi
[ ! -e "$WORK/stack" ] || check_fail "ulimit -s 24: a results folder was left behind"

finish
