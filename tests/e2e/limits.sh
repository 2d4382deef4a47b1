#!/usr/bin/env bash
# A resource limit that stops tvp from creating all its workers fails that
# configuration, with a reason that names the call and the limit; the workers
# already started are stopped and reaped, a smaller configuration of the same
# run still succeeds, and the run goes on (--on-error continue) or stops there
# (--on-error stop). Two limits: RLIMIT_NPROC (ulimit -u, every thread and
# process of a user counts; root ignores it, so that part runs as an unused uid
# and needs root and setpriv) and RLIMIT_AS (ulimit -v: thread stacks cannot be
# mapped; a sanitizer build, which reserves terabytes, cannot run under it).
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

TESTED=0
note() { printf '%s: %s\n' "$TEST" "$*" >&2; }

# expect_row FILE KERNEL MODEL WORKERS STATUS [TEXT...]: that configuration has
# STATUS, and its reason holds every TEXT.
expect_row() {
  local file=$1 k=$2 m=$3 w=$4 st=$5 row reason t
  shift 5
  row=$(csv_cols "$file" kernel model workers status reason |
    awk -F '\t' -v k="$k" -v m="$m" -v w="$w" '$1 == k && $2 == m && $3 == w')
  if [ -z "$row" ]; then
    check_fail "$k/$m/$w workers: no row in $file"
    return
  fi
  [ "$(echo "$row" | cut -f 4)" = "$st" ] ||
    { check_fail "$k/$m/$w workers: status '$(echo "$row" | cut -f 4)', expected $st (reason: $(echo "$row" | cut -f 5))"; return; }
  reason=$(echo "$row" | cut -f 5)
  for t in "$@"; do
    case "$reason" in
    *"$t"*) ;;
    *) check_fail "$k/$m/$w workers: reason '$reason' does not say '$t'" ;;
    esac
  done
}

# --- RLIMIT_NPROC: fork, posix_spawn and pthread_create -----------------------------
# A uid that no user has and no process runs as, so the limit counts tvp's own
# processes only (a shared one such as nobody may be busy in another test).
pick_uid() {
  local u
  for u in $(seq $((60000 + $$ % 4000)) 64999); do
    if [ -z "$(ps -o pid= -u "$u" 2>/dev/null)" ] && ! getent passwd "$u" >/dev/null 2>&1; then
      echo "$u"
      return 0
    fi
  done
  return 1
}
nproc_part() {
  local uid dir s rc
  if [ "$(id -u)" -ne 0 ]; then
    note "RLIMIT_NPROC part skipped: root ignores the limit, so it needs root to become another user"
    return 0
  fi
  if ! command -v setpriv >/dev/null; then
    note "RLIMIT_NPROC part skipped: no setpriv (util-linux) to run tvp as another user"
    return 0
  fi
  uid=$(pick_uid) || { note "RLIMIT_NPROC part skipped: no unused uid in 60000-64999"; return 0; }
  if ! setpriv --reuid="$uid" --regid="$uid" --clear-groups test -x "$TVP"; then
    note "RLIMIT_NPROC part skipped: another user cannot run $TVP (a folder above it is closed)"
    return 0
  fi
  # The runner, the cell and two workers: 1 worker fits, 8 do not (worker 2
  # is the first refused).
  local limit=4
  chmod 711 "$WORK"
  dir=$WORK/nproc
  mkdir -p "$dir/tmp"
  chown -R "$uid:$uid" "$dir"
  as_user() { # as_user NAME ARGS...: tvp ARGS as $uid under ulimit -u $limit
    local name=$1
    shift
    RC=0
    TMPDIR=$dir/tmp setpriv --reuid="$uid" --regid="$uid" --clear-groups \
      bash -c 'ulimit -u "$1" && shift && exec "$@"' _ "$limit" "$TVP" "$@" \
      >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
  }
  left_of_uid() {
    local p
    p=$(ps -o pid=,stat=,args= -u "$uid" 2>/dev/null || true)
    [ -z "$p" ] || check_fail "$1: processes of uid $uid left after the run:"$'\n'"$p"
  }

  # --on-error continue: every configuration runs; the 8-worker ones fail,
  # naming the call and the limit, and the next kernel's still succeed.
  as_user nproc run --kernels cpu.primes,cpu.hash --models thread,fork,spawn --workers 1,8 \
    --reps 1 --warmup 0 --size 20k --timeout 20 --tmpdir "$dir/tmp" --out "$dir/run"
  [ "$RC" -eq 1 ] || { show "$WORK/nproc.err"; fail "RLIMIT_NPROC run exited $RC, expected 1"; }
  s=$dir/run/summary.csv
  csv_check "$s"
  [ "$(csv_nrows "$s")" -eq 12 ] || check_fail "RLIMIT_NPROC run: $(csv_nrows "$s") rows, expected 12"
  local k
  for k in cpu.primes cpu.hash; do
    expect_row "$s" "$k" thread 1 ok
    expect_row "$s" "$k" fork 1 ok
    expect_row "$s" "$k" spawn 1 ok
    expect_row "$s" "$k" thread 8 failed "pthread_create failed for worker 2 of 8: Resource temporarily unavailable" "RLIMIT_NPROC (ulimit -u) is $limit"
    expect_row "$s" "$k" fork 8 failed "fork failed for worker 2 of 8: Resource temporarily unavailable" "RLIMIT_NPROC (ulimit -u) is $limit"
    expect_row "$s" "$k" spawn 8 failed "posix_spawn failed for worker 2 of 8: Resource temporarily unavailable" "RLIMIT_NPROC (ulimit -u) is $limit"
  done
  [ "$(json_str "$dir/run/meta.json" state)" = complete ] || check_fail "RLIMIT_NPROC run: meta.json state is not \"complete\""
  left_of_uid "RLIMIT_NPROC run"

  # --on-error stop: the run ends at the first refused configuration (in the
  # blocked order, so which one comes first does not depend on a shuffle).
  as_user nproc-stop run --kernels cpu.primes --models fork,spawn --workers 1,8 --reps 1 \
    --warmup 0 --size 20k --timeout 20 --on-error stop --order blocked --tmpdir "$dir/tmp" --out "$dir/stop"
  [ "$RC" -eq 1 ] || { show "$WORK/nproc-stop.err"; check_fail "RLIMIT_NPROC --on-error stop: exit $RC, expected 1"; }
  s=$(csv_cols "$dir/stop/summary.csv" model workers status | tr '\t' ' ' | tr '\n' ';')
  [ "$s" = "fork 1 ok;spawn 1 ok;fork 8 failed;" ] || check_fail "RLIMIT_NPROC --on-error stop: summary rows '$s'"
  [ "$(json_str "$dir/stop/meta.json" state)" = stopped ] ||
    check_fail "RLIMIT_NPROC --on-error stop: meta.json state is not \"stopped\""
  grep -q 'RLIMIT_NPROC' "$WORK/nproc-stop.err" ||
    { show "$WORK/nproc-stop.err"; check_fail "RLIMIT_NPROC --on-error stop: stderr does not name the limit"; }
  left_of_uid "RLIMIT_NPROC --on-error stop run"

  s=$(ls -A "$dir/tmp")
  [ -z "$s" ] || check_fail "RLIMIT_NPROC runs left files in --tmpdir: $s"
  TESTED=1
}

# --- RLIMIT_AS: pthread_create, and memory that a kernel is refused ----------------
# as_run KIB NAME ARGS...: tvp ARGS under ulimit -v KIB, with 8 MiB thread
# stacks whatever the caller's ulimit -s.
as_run() {
  local kib=$1 name=$2
  shift 2
  RC=0
  (
    ulimit -S -s 8192 2>/dev/null || true
    ulimit -v "$kib"
    # Not exec'd: this shell reports a death by signal into the .err file.
    timeout 60 "$TVP" "$@"
    exit $?
  ) >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
}
as_part() {
  local need lo hi mid limit s
  mkdir -p "$WORK/as-tmp"
  # The address space the 1-worker thread runs below need, to 4 MiB: what tvp
  # maps (hwloc, the C library, the shared region) differs between builds and machines.
  one() { as_run "$1" as-probe run --kernels cpu.primes,cpu.hash --models thread --workers 1 \
    --reps 1 --warmup 0 --size 2000 --tmpdir "$WORK/as-tmp" --out "$WORK/as-probe-$1"; }
  hi=$((4 * 1024 * 1024))
  one "$hi"
  if [ "$RC" -ne 0 ]; then
    note "RLIMIT_AS part skipped: tvp cannot run under a 4 GiB RLIMIT_AS (exit $RC; a sanitizer" \
      "build reserves terabytes of address space): $(head -c 300 "$WORK/as-probe.err")"
    return 0
  fi
  lo=0
  one $((256 * 1024)) # usually enough: fewer steps from here
  [ "$RC" -ne 0 ] || hi=$((256 * 1024))
  while [ $((hi - lo)) -gt 4096 ]; do
    mid=$(((lo + hi) / 2))
    one "$mid"
    if [ "$RC" -eq 0 ]; then hi=$mid; else lo=$mid; fi
  done
  need=$hi
  note "a 1-worker thread run needs RLIMIT_AS of about $((need / 1024)) MiB"

  # 48 MiB more: room for the 1-worker configuration and a few 8 MiB stacks,
  # not for 64.
  limit=$((need + 48 * 1024))
  as_run "$limit" as-threads run --kernels cpu.primes,cpu.hash --models thread --workers 1,64 \
    --reps 1 --warmup 0 --size 2000 --timeout 20 --tmpdir "$WORK/as-tmp" --out "$WORK/as-threads"
  [ "$RC" -eq 1 ] || { show "$WORK/as-threads.err"; fail "RLIMIT_AS run exited $RC, expected 1"; }
  s=$WORK/as-threads/summary.csv
  csv_check "$s"
  local k
  for k in cpu.primes cpu.hash; do
    expect_row "$s" "$k" thread 1 ok
    expect_row "$s" "$k" thread 64 failed "pthread_create failed for worker " " of 64: " \
      "RLIMIT_AS (ulimit -v) is $limit KiB"
  done
  [ "$(json_str "$WORK/as-threads/meta.json" state)" = complete ] || check_fail "RLIMIT_AS run: meta.json state is not \"complete\""

  as_run "$limit" as-stop run --kernels cpu.primes,cpu.hash --models thread --workers 1,64 \
    --reps 1 --warmup 0 --size 2000 --timeout 20 --on-error stop --order blocked --tmpdir "$WORK/as-tmp" \
    --out "$WORK/as-stop"
  [ "$RC" -eq 1 ] || check_fail "RLIMIT_AS --on-error stop: exit $RC, expected 1"
  s=$(csv_cols "$WORK/as-stop/summary.csv" kernel workers status | tr '\t' ' ' | tr '\n' ';')
  [ "$s" = "cpu.primes 1 ok;cpu.primes 64 failed;" ] || check_fail "RLIMIT_AS --on-error stop: summary rows '$s'"
  [ "$(json_str "$WORK/as-stop/meta.json" state)" = stopped ] ||
    check_fail "RLIMIT_AS --on-error stop: meta.json state is not \"stopped\""

  # test.oom's memory is refused, not OOM-killed, under RLIMIT_AS: its worker
  # fails with the amount it got, and the memory is given back.
  limit=$((need + 128 * 1024))
  RC=0
  TVP_TEST_KERNELS=1 as_run "$limit" as-oom run --kernels test.oom,cpu.primes \
    --models thread,fork,spawn --workers 1 --reps 1 --warmup 0 --size 2000 --timeout 20 \
    --tmpdir "$WORK/as-tmp" --out "$WORK/as-oom"
  [ "$RC" -eq 1 ] || { show "$WORK/as-oom.err"; fail "test.oom under RLIMIT_AS exited $RC, expected 1"; }
  s=$WORK/as-oom/summary.csv
  local m reason
  for m in thread fork spawn; do
    expect_row "$s" test.oom "$m" 1 failed "worker 0: out of memory after " " MiB (mmap: Cannot allocate memory)"
    expect_row "$s" cpu.primes "$m" 1 ok
  done
  reason=$(csv_cols "$s" kernel reason | awk -F '\t' '$1 == "test.oom" { print $2; exit }')
  note "test.oom under RLIMIT_AS $((limit / 1024)) MiB: $reason"

  s=$(procs_with "$WORK/as-")
  [ -z "$s" ] || check_fail "RLIMIT_AS runs left processes:"$'\n'"$s"
  s=$(ls -A "$WORK/as-tmp")
  [ -z "$s" ] || check_fail "RLIMIT_AS runs left files in --tmpdir: $s"
  TESTED=1
}

nproc_part
as_part
[ "$TESTED" -eq 1 ] || { note "SKIP: neither limit could be tested here (see above)"; exit 77; }
finish
