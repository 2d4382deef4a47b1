#!/usr/bin/env bash
# Failure reasons under hostile conditions: whatever ends a configuration, its
# reason reaches summary.csv, and as one line. Each case names the promise of
# docs/reliability.md it holds.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# The mpi models, where this build has them and mpirun is installed.
HAVE_MPI=0
if [ -x "$(dirname "$TVP")/tvp-mpi-rank" ] && command -v mpirun >/dev/null; then
  HAVE_MPI=1
  if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  fi
fi

# --- A kernel's run-time failure reaches the CSV ("Every kernel's failure
# reason reaches the CSV"). io.write opens its file in setup and writes only
# in run(), so a full --tmpdir fails it where run() cannot return an error; a
# tmpfs of 1 MiB, in a mount namespace of its own, is full after 16 units.
mkdir -p "$WORK/disk"
if unshare -m bash -c 'mount -t tmpfs -o size=4k tvp-e2e "$1"' _ "$WORK/disk" 2>/dev/null; then
  RC=0
  unshare -m bash -c 'mount -t tmpfs -o size=1m tvp-e2e "$1" && shift && exec "$@"' _ "$WORK/disk" \
    "$TVP" run --kernels io.write --models thread,fork,spawn --workers 1,2 --size 100 --reps 1 \
    --warmup 0 --quiet --tmpdir "$WORK/disk" --out "$WORK/full" >"$WORK/full.out" 2>"$WORK/full.err" || RC=$?
  [ "$RC" -eq 1 ] || { show "$WORK/full.err"; fail "io.write on a full --tmpdir exited $RC, expected 1"; }
  csv_check "$WORK/full/summary.csv"
  rows=$(csv_cols "$WORK/full/summary.csv" model workers status reason)
  [ "$(echo "$rows" | wc -l)" -eq 6 ] || fail "summary.csv does not hold 6 configurations:"$'\n'"$rows"
  echo "$rows" | awk -F '\t' '$3 != "failed" || $4 !~ /^worker [0-9]+: io\.write: write failed: No space left on device$/' |
    grep . && fail "io.write on a full --tmpdir: a reason that is not the kernel's own (above)"
  echo "full tmpfs: io.write's run-time reason reaches summary.csv under thread, fork and spawn"
  # Under the mpi models the worker is a rank, perhaps on another host, whose
  # slot dies with it: the reason travels on the rank's stderr, through the
  # launcher, to the cell. 2 and 4 workers: ranks of one worker (mpi) and of
  # two threads (mpi+thread, where the reason names the worker too).
  if [ "$HAVE_MPI" -eq 1 ]; then
    RC=0
    unshare -m bash -c 'mount -t tmpfs -o size=1m tvp-e2e "$1" && shift && exec "$@"' _ "$WORK/disk" \
      "$TVP" run --kernels io.write --models mpi,mpi+thread --ranks 1,2 --threads 2 --size 100 \
      --reps 1 --warmup 0 --quiet --timeout 60 --tmpdir "$WORK/disk" --out "$WORK/fullmpi" \
      >"$WORK/fullmpi.out" 2>"$WORK/fullmpi.err" || RC=$?
    [ "$RC" -eq 1 ] || { show "$WORK/fullmpi.err"; fail "io.write under mpi on a full --tmpdir exited $RC, expected 1"; }
    csv_check "$WORK/fullmpi/summary.csv"
    rows=$(csv_cols "$WORK/fullmpi/summary.csv" model workers status reason)
    [ "$(echo "$rows" | wc -l)" -eq 4 ] || fail "summary.csv does not hold 4 mpi configurations:"$'\n'"$rows"
    echo "$rows" | awk -F '\t' '$3 != "failed" ||
      $4 !~ /^MPI rank [0-9]+ on [^:,]+(, worker [0-9]+)?: io\.write: write failed: No space left on device$/ ||
      ($1 == "mpi" && $4 ~ /worker/) || ($1 == "mpi+thread" && $4 !~ /worker/)' |
      grep . && fail "io.write under mpi on a full --tmpdir: a reason that is not the kernel's own (above)"
    echo "full tmpfs: io.write's run-time reason reaches summary.csv under mpi and mpi+thread"
  else
    echo "full tmpfs under mpi skipped: this build has no mpi models, or mpirun is not installed"
  fi
else
  echo "full tmpfs case skipped: mounting a tmpfs needs root (unshare -m)"
fi

# --- A reason is one line ("Reasons are one line"), whatever its source: here
# mpirun's own message, several lines between dashed rules, when it cannot
# reach the one host of its hostfile.
if [ "$HAVE_MPI" -eq 1 ]; then
  echo "tvp-no-such-host.invalid slots=2" >"$WORK/hosts"
  RC=0
  "$TVP" run --kernels cpu.primes --models mpi --workers 2 --size 1000 --reps 1 --warmup 0 --quiet \
    --timeout 20 --hostfile "$WORK/hosts" --out "$WORK/nohost" >"$WORK/nohost.out" 2>"$WORK/nohost.err" || RC=$?
  [ "$RC" -eq 1 ] || { show "$WORK/nohost.err"; fail "mpi on a host that does not exist exited $RC, expected 1"; }
  csv_check "$WORK/nohost/summary.csv"
  reason=$(csv_cols "$WORK/nohost/summary.csv" reason)
  case $reason in
  mpirun*) ;;
  *) fail "mpi on a host that does not exist: the reason is not mpirun's: $reason" ;;
  esac
  if [[ $reason == *'\n'* || $reason =~ [[:cntrl:]] || $reason == *'  '* ]]; then
    fail "mpi on a host that does not exist: the reason is not one line: $reason"
  fi
  echo "mpirun's message of several lines: one line in summary.csv"
else
  echo "mpirun case skipped: this build has no mpi models, or mpirun is not installed"
fi

finish
