#!/usr/bin/env bash
# A worker that the OOM killer ends fails its configuration, under every model,
# with a reason that says it was killed and hints at memory; the runner itself
# survives, runs the next configuration and writes its files. test.oom takes
# memory until it is killed, so it runs only inside a memory cgroup of its own
# (about 256 MiB, no swap), where the OOM killer acts on tvp's processes alone.
# Skipped (77) where no such cgroup can be made (not root, read-only cgroupfs).
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

LIMIT=$((256 * 1024 * 1024))
OUT=$WORK/oom-results
skip() {
  printf '%s: SKIP: %s\n' "$TEST" "$*" >&2
  exit 77
}

# mount_of FSTYPE [OPTION]: mount point and root of the first FSTYPE mount
# whose super options hold OPTION, as "MOUNTPOINT ROOT".
mount_of() {
  awk -v fs="$1" -v opt="${2:-}" '{
      for (i = 7; i <= NF && $i != "-"; i++) ;
      if ($(i + 1) != fs) next
      if (opt != "" && index("," $(i + 3) ",", "," opt ",") == 0) next
      print $5, $4; exit
    }' /proc/self/mountinfo
}

# The cgroup that holds this shell, as a folder under MOUNT (whose root is ROOT).
cgroup_dir() {
  local mount=$1 root=$2 path=$3
  [ "$root" = / ] || path=${path#"$root"}
  printf '%s%s\n' "${mount%/}" "$path"
}

# Makes a child cgroup of this shell's memory cgroup, limited to $LIMIT bytes
# with no swap. Sets CG and CG_EVENTS (the file with the oom_kill count), or
# sets CG_WHY to why it cannot and returns 1.
CG=""
CG_EVENTS=""
CG_WHY=""
make_cgroup() {
  local m root dir path name=tvp-oom-$$
  # cgroup v2: the memory controller must be available and enabled for children.
  read -r m root < <(mount_of cgroup2) || true
  if [ -n "${m:-}" ]; then
    path=$(awk -F: '$1 == "0" { print $3; exit }' /proc/self/cgroup)
    dir=$(cgroup_dir "$m" "$root" "$path")
    if grep -qw memory "$dir/cgroup.controllers" 2>/dev/null; then
      grep -qw memory "$dir/cgroup.subtree_control" 2>/dev/null ||
        echo +memory >"$dir/cgroup.subtree_control" 2>/dev/null || true
      if mkdir "$dir/$name" 2>/dev/null; then
        CG=$dir/$name
        if [ -e "$CG/memory.max" ] && echo "$LIMIT" >"$CG/memory.max" 2>/dev/null; then
          [ ! -e "$CG/memory.swap.max" ] || echo 0 >"$CG/memory.swap.max"
          # Kill the one process the OOM killer picks, not the whole cgroup.
          [ ! -e "$CG/memory.oom.group" ] || echo 0 >"$CG/memory.oom.group"
          CG_EVENTS=$CG/memory.events
          return 0
        fi
        rmdir "$CG"
        CG=""
      fi
    fi
  fi
  # cgroup v1: a child of this shell's cgroup in the memory hierarchy.
  read -r m root < <(mount_of cgroup memory) || true
  if [ -z "${m:-}" ]; then
    CG_WHY="no cgroup v2 with the memory controller enabled and no cgroup v1 memory hierarchy"
    return 1
  fi
  path=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3; exit }' /proc/self/cgroup)
  dir=$(cgroup_dir "$m" "$root" "$path")
  if ! mkdir "$dir/$name" 2>/dev/null; then
    CG_WHY="cannot create a memory cgroup under $dir (needs root and a writable cgroupfs)"
    return 1
  fi
  CG=$dir/$name
  if ! echo "$LIMIT" >"$CG/memory.limit_in_bytes" 2>/dev/null; then
    CG_WHY="cannot set memory.limit_in_bytes in $CG"
    return 1
  fi
  # With swap accounting the limit covers swap too; without it, swappiness 0
  # keeps the cgroup's memory out of swap.
  [ ! -e "$CG/memory.memsw.limit_in_bytes" ] || echo "$LIMIT" >"$CG/memory.memsw.limit_in_bytes"
  [ ! -e "$CG/memory.swappiness" ] || echo 0 >"$CG/memory.swappiness" 2>/dev/null || true
  CG_EVENTS=$CG/memory.oom_control
  return 0
}

# Removes the cgroup, ending any process still in it (each by its own id):
# after a passing run there is none.
remove_cgroup() {
  [ -n "$CG" ] && [ -d "$CG" ] || return 0
  local p i
  for i in 1 2 3 4 5 6 7 8 9 10; do
    for p in $(cat "$CG/cgroup.procs" 2>/dev/null); do
      kill -KILL "$p" 2>/dev/null || true
    done
    rmdir "$CG" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$TEST: could not remove the cgroup $CG" >&2
}
trap 'remove_cgroup; cleanup' EXIT

make_cgroup || skip "$CG_WHY"
# Moving a process into it must work, or nothing below would be limited.
(echo "$BASHPID" >"$CG/cgroup.procs") 2>/dev/null || skip "cannot move a process into $CG"
oom_kills() { awk '$1 == "oom_kill" { print $2; exit }' "$CG_EVENTS" 2>/dev/null; }
kills_before=$(oom_kills)

# --- test.oom under every model, inside the cgroup ---------------------------------
# Two workers: the OOM killer takes the last one (or, under thread, the cell),
# and tvp must stop its partner. Each kill costs about 256 MiB of page faults.
mkdir "$WORK/tmp"
RC=0
(
  echo "$BASHPID" >"$CG/cgroup.procs" || exit 99
  exec env TMPDIR="$WORK/tmp" TVP_TEST_KERNELS=1 "$TVP" run --kernels test.oom,cpu.primes \
    --models thread,fork,spawn --workers 2 --reps 1 --warmup 0 --size 20k --timeout 30 \
    --tmpdir "$WORK/tmp" --out "$OUT"
) >"$WORK/run.out" 2>"$WORK/run.err" || RC=$?
[ "$RC" -ne 99 ] || fail "could not move the run into $CG"

# The runner survived: it exited 1 (some configurations failed) and wrote its files.
[ "$RC" -eq 1 ] || { show "$WORK/run.err" "$WORK/run.out"; fail "the run exited $RC, expected 1"; }
[ -s "$OUT/meta.json" ] || fail "no meta.json: the runner did not finish its run"
csv_check "$OUT/summary.csv"
[ "$(json_str "$OUT/meta.json" state)" = complete ] || check_fail "meta.json state is not \"complete\""

ROWS=$(csv_cols "$OUT/summary.csv" kernel model workers status reason)
n=$(echo "$ROWS" | wc -l)
[ "$n" -eq 6 ] || { show "$OUT/summary.csv"; fail "summary.csv has $n rows, expected 6"; }
for model in thread fork spawn; do
  row=$(echo "$ROWS" | awk -F '\t' -v m="$model" '$1 == "test.oom" && $2 == m && $3 == 2')
  status=$(echo "$row" | cut -f 4)
  reason=$(echo "$row" | cut -f 5)
  # A thread takes its whole cell down; a process worker (the last, 1) goes alone.
  if [ "$model" = thread ]; then who="cell"; else who="worker 1"; fi
  if [ "$status" != failed ]; then
    check_fail "test.oom/$model/2 workers: status '$status', expected failed"
  else
    case "$reason" in
    "$who killed by SIGKILL"*"out of memory?"*) ;;
    *) check_fail "test.oom/$model/2 workers: reason '$reason', expected '$who killed by SIGKILL (out of memory?)'" ;;
    esac
  fi
done
bad=$(echo "$ROWS" | awk -F '\t' '$1 == "cpu.primes" && $4 != "ok"')
[ -z "$bad" ] || check_fail "cpu.primes did not run ok after the OOM kills: $bad"
n=$(echo "$ROWS" | awk -F '\t' '$1 == "cpu.primes" && $4 == "ok"' | wc -l)
[ "$n" -eq 3 ] || check_fail "$n of 3 cpu.primes configurations ran ok"

# The kills were the OOM killer's: the cgroup counts one per test.oom configuration.
kills_after=$(oom_kills)
if [ -n "$kills_before" ] && [ -n "$kills_after" ]; then
  [ $((kills_after - kills_before)) -ge 3 ] ||
    check_fail "the cgroup counts $((kills_after - kills_before)) OOM kills, expected at least 3"
fi

# --- nothing is left behind --------------------------------------------------------
left=$(procs_with "$OUT")
[ -z "$left" ] || check_fail "processes of the run are still alive after it ended:"$'\n'"$left"
left=$(cat "$CG/cgroup.procs")
[ -z "$left" ] || check_fail "processes left in the cgroup after the run: $left"
left=$(ls -A "$WORK/tmp")
[ -z "$left" ] || check_fail "files left in --tmpdir / \$TMPDIR after the run: $left"

finish
