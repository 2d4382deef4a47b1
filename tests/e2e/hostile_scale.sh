#!/usr/bin/env bash
# tvp at the edge of the machines it accepts: the largest topologies and plans
# must cost seconds, not minutes. Each case says which rule of
# docs/reliability.md it holds.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

cd "$WORK"

# --- A dry run of 1..N workers on 4,096 PUs lists in seconds ------------------
# `numa:2 pu:2048` is the largest machine tvp accepts: 8,192 configurations of
# up to 4,096 workers: planning every worker of every
# configuration took 74 s. The bound is generous (the fixed listing takes about
# a second), so it holds on a slow machine and still fails on the quadratic one.
RC=0
timeout 20 "$TVP" run --dry-run --topology 'numa:2 pu:2048' --kernels cpu.primes --workers 1..N \
  >"$WORK/big.out" 2>"$WORK/big.err" || RC=$?
if [ "$RC" -eq 124 ]; then
  check_fail "a dry run of 1..N workers on 4,096 PUs took more than 20 s"
elif [ "$RC" -ne 0 ]; then
  check_fail "a dry run of 1..N workers on 4,096 PUs exited $RC"
  show "$WORK/big.err"
else
  tail -n 1 "$WORK/big.out" | grep -q '^8192 configurations, 49152 cells' ||
    { check_fail "the dry run did not list 8192 configurations"; tail -n 1 "$WORK/big.out" >&2; }
  # The last configuration (4,096 workers) still shows the PUs of its first 64
  # workers, and says there are more.
  last=$(tail -n 2 "$WORK/big.out" | head -n 1)
  case "$last" in
  *' 4096 '*' 0 1 2 3 '*' 62 63 ...') ;;
  *) check_fail "the last configuration's line is not the first 64 of 4096 workers: ${last:0:120}" ;;
  esac
fi

# --- The same dry run under `--placement scatter` -----------------------------
# hwloc_distrib divided every configuration's workers over the whole tree (its
# shares depend on the count), a cpuset for each, to show 64 of them: as slow
# as the listing above was. The first 64 workers' shares are now worked out
# alone; the PUs must still be hwloc_distrib's (test_placement checks them
# against it): 2 workers on the two NUMA nodes, 4,096 on PUs 0 to 63 first.
RC=0
timeout 20 "$TVP" run --dry-run --topology 'numa:2 pu:2048' --kernels cpu.primes --workers 1..N \
  --placement scatter >"$WORK/scatter.out" 2>"$WORK/scatter.err" || RC=$?
if [ "$RC" -eq 124 ]; then
  check_fail "a dry run of 1..N workers on 4,096 PUs under scatter took more than 20 s"
elif [ "$RC" -ne 0 ]; then
  check_fail "a dry run of 1..N workers on 4,096 PUs under scatter exited $RC"
  show "$WORK/scatter.err"
else
  tail -n 1 "$WORK/scatter.out" | grep -q '^8192 configurations, 49152 cells' ||
    { check_fail "the scatter dry run did not list 8192 configurations"; tail -n 1 "$WORK/scatter.out" >&2; }
  two=$(awk '$3 == "thread" && $4 == "scatter" && $6 == 2' "$WORK/scatter.out")
  case "$two" in
  *' 0 2048') ;;
  *) check_fail "scatter does not put 2 workers on the two NUMA nodes (PUs 0 and 2048): $two" ;;
  esac
  last=$(tail -n 2 "$WORK/scatter.out" | head -n 1)
  case "$last" in
  *' scatter '*' 4096 '*' 0 1 2 3 '*' 62 63 ...') ;;
  *) check_fail "the last scatter configuration's line is not the first 64 of 4096 workers: ${last:0:120}" ;;
  esac
fi

finish
