#!/usr/bin/env bash
# tvp report on a copy of each committed reference run gives, byte for byte,
# the report.md committed beside it: the report is a function of the run folder,
# and a change to the code that reads it back must not change what it says.
. "$(dirname "$0")/lib.sh"
for run in 2cpu-epyc-kvm 2cpu-epyc-kvm-pool 2cpu-epyc-kvm-mpi; do
  ref=$SRC/results/reference/$run
  [ -f "$ref/report.md" ] || { check_fail "$ref/report.md is missing"; continue; }
  # The same relative path as in the repository, so the report names its folder alike.
  mkdir -p "$WORK/$run/results/reference"
  cp -a "$ref" "$WORK/$run/results/reference/"
  rm -f "$WORK/$run/results/reference/$run/report.md"
  if ! (cd "$WORK/$run" && "$TVP" report "results/reference/$run" >"$WORK/$run.out" 2>&1); then
    show "$WORK/$run.out"
    check_fail "tvp report failed on a copy of $run"
    continue
  fi
  if ! diff "$ref/report.md" "$WORK/$run/results/reference/$run/report.md" >"$WORK/$run.diff"; then
    show "$WORK/$run.diff"
    check_fail "the report of $run differs from the committed one"
  fi
done
finish
