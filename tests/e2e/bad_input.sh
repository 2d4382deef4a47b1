#!/usr/bin/env bash
# Bad input is refused before anything runs: exit status 2, exactly one line on
# stderr that names the problem, and no results folder left behind.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# Runs happen in a folder of their own, so a default results/ folder would show.
CWD=$WORK/cwd
mkdir -p "$CWD"
cd "$CWD"

CASE=0
# refused "WHAT" "TEXT-THE-ERROR-NAMES" OUT ARGS...: tvp ARGS must exit 2 with
# one line on stderr holding TEXT, and neither OUT nor ./results may exist after.
refused() {
  local what=$1 text=$2 out=$3 err
  shift 3
  CASE=$((CASE + 1))
  err=$WORK/case$CASE.err
  RC=0
  "$@" >"$WORK/case$CASE.out" 2>"$err" || RC=$?
  if [ "$RC" -ne 2 ]; then
    check_fail "$what: exit status $RC, expected 2"
    show "$err"
  elif [ "$(wc -l <"$err")" -ne 1 ] || [ "$(wc -c <"$err")" -lt 10 ]; then
    check_fail "$what: stderr is not exactly one line"
    show "$err"
  elif ! grep -qF -- "$text" "$err"; then
    check_fail "$what: the error does not name the problem ('$text')"
    show "$err"
  fi
  if [ -n "$out" ] && [ -e "$out" ]; then
    check_fail "$what: the results folder $out was created"
    rm -rf "$out"
  fi
  if [ -e "$CWD/results" ]; then
    check_fail "$what: a default results folder was created in the working directory"
    rm -rf "$CWD/results"
  fi
}

# The options of a run that would otherwise be fine and fast.
OK=(--size 20k --reps 1 --warmup 0 --quiet)

refused "unknown kernel" "'no.such.kernel'" "$WORK/o1" \
  "$TVP" run --kernels no.such.kernel --workers 1 "${OK[@]}" --out "$WORK/o1"
refused "unknown kernel among good ones" "'cpu.prime'" "$WORK/o1b" \
  "$TVP" run --kernels io.sleep,cpu.prime --workers 1 "${OK[@]}" --out "$WORK/o1b"
refused "--workers 0" "0" "$WORK/o2" \
  "$TVP" run --kernels cpu.primes --workers 0 "${OK[@]}" --out "$WORK/o2"
refused "--workers -1" "-1" "$WORK/o3" \
  "$TVP" run --kernels cpu.primes --workers -1 "${OK[@]}" --out "$WORK/o3"
refused "--workers 100000" "100000" "$WORK/o4" \
  "$TVP" run --kernels cpu.primes --workers 100000 "${OK[@]}" --out "$WORK/o4"
refused "unknown placement" "'nowhere'" "$WORK/o5" \
  "$TVP" run --kernels cpu.primes --workers 1 --placement nowhere "${OK[@]}" --out "$WORK/o5"
refused "unknown model" "'green'" "$WORK/o6" \
  "$TVP" run --kernels cpu.primes --workers 1 --models green "${OK[@]}" --out "$WORK/o6"
refused "--chunk 0" "chunk must be at least 1" "$WORK/o6b" \
  "$TVP" run --kernels cpu.primes --workers 1 --chunk 4,0 "${OK[@]}" --out "$WORK/o6b"
refused "--chunks x" "bad chunk 'x'" "$WORK/o6c" \
  "$TVP" run --kernels cpu.primes --workers 1 --chunks x "${OK[@]}" --out "$WORK/o6c"
printf 'kernels cpu.primes\nworkers 1\nchunk 0\n' >"$WORK/chunk0.suite"
refused "suite chunk 0" "chunk must be at least 1" "$WORK/o6d" \
  "$TVP" run "$WORK/chunk0.suite" --out "$WORK/o6d" --size 20k --quiet

# A suite file with a malformed line: the error says FILE:LINE.
SUITE=$WORK/broken.suite
printf '# a suite with a typo on line 4\nkernels cpu.primes\nworkers 1\n= 3\nreps 1\n' >"$SUITE"
refused "malformed suite line" "$SUITE:4" "$WORK/o7" \
  "$TVP" run "$SUITE" --out "$WORK/o7" --size 20k --quiet
printf 'kernels cpu.primes\nworkers 1\nrepetitions 3\n' >"$WORK/unknown-key.suite"
refused "unknown suite key" "$WORK/unknown-key.suite:3" "$WORK/o7b" \
  "$TVP" run "$WORK/unknown-key.suite" --out "$WORK/o7b" --size 20k --quiet
refused "missing suite file" "$WORK/absent.suite" "$WORK/o7c" \
  "$TVP" run "$WORK/absent.suite" --out "$WORK/o7c"

# Output folders that cannot be written.
refused "--out under /proc" "/proc/tvp-test" "/proc/tvp-test" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --out /proc/tvp-test
: >"$WORK/a-file"
refused "--out under a regular file" "$WORK/a-file/results" "$WORK/a-file/results" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --out "$WORK/a-file/results"

# Topologies.
refused "bad --topology string" "'pack:two'" "$WORK/o8" \
  "$TVP" run --dry-run --topology 'pack:two' --kernels cpu.primes --workers 1 --out "$WORK/o8"
refused "--topology without --dry-run" "--dry-run" "$WORK/o9" \
  "$TVP" run --topology 'pack:2 core:8 pu:2' --kernels cpu.primes --workers 1 "${OK[@]}" --out "$WORK/o9"

# Options.
refused "unknown option" "--bogus" "$WORK/o10" \
  "$TVP" run --kernels cpu.primes --workers 1 --bogus "${OK[@]}" --out "$WORK/o10"
refused "option without its value (last)" "--reps" "" \
  "$TVP" run --kernels cpu.primes --workers 1 --reps
refused "option without its value (--out last)" "--out" "" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --out
refused "bad --reps" "'two'" "$WORK/o11" \
  "$TVP" run --kernels cpu.primes --workers 1 --reps two --out "$WORK/o11"
refused "unknown command" "nosuchcommand" "" \
  "$TVP" nosuchcommand

# A topology from the environment is another machine's: a real run is refused
# (binding on it would do nothing), a dry run plans for it.
refused "HWLOC_SYNTHETIC for a real run" "HWLOC_SYNTHETIC" "$WORK/o12" \
  env HWLOC_SYNTHETIC='pack:2 core:2 pu:1' "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --out "$WORK/o12"
refused "HWLOC_SYNTHETIC for a real run (no pu level)" "HWLOC_SYNTHETIC" "$WORK/o13" \
  env HWLOC_SYNTHETIC='pack:2 core:2' "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --out "$WORK/o13"

RC=0
HWLOC_SYNTHETIC='pack:2 core:2 pu:1' "$TVP" run --dry-run --kernels cpu.primes --workers N \
  --out "$WORK/o14" >"$WORK/dry.out" 2>"$WORK/dry.err" || RC=$?
if [ "$RC" -ne 0 ]; then
  check_fail "HWLOC_SYNTHETIC with --dry-run: exit status $RC, expected 0"
  show "$WORK/dry.err"
elif ! grep -q '4 cores, 4 PUs' "$WORK/dry.out"; then
  check_fail "HWLOC_SYNTHETIC='pack:2 core:2 pu:1' with --dry-run does not plan for its 4 cores"
  show "$WORK/dry.out"
fi
[ ! -e "$WORK/o14" ] && [ ! -e "$CWD/results" ] || check_fail "a dry run created a results folder"

# The same string as the environment's with --dry-run: tvp either refuses it, as
# it refuses it in --topology, or plans for what it describes (4 cores) - never
# for this machine under the synthetic description's name.
RC=0
HWLOC_SYNTHETIC='pack:2 core:2' "$TVP" run --dry-run --kernels cpu.primes --workers N \
  >"$WORK/dry2.out" 2>"$WORK/dry2.err" || RC=$?
if [ "$RC" -eq 0 ] && ! grep -q '4 cores' "$WORK/dry2.out"; then
  check_fail "HWLOC_SYNTHETIC='pack:2 core:2' with --dry-run plans for another topology than it names"
  show "$WORK/dry2.out"
elif [ "$RC" -ne 0 ] && [ "$RC" -ne 2 ]; then
  check_fail "HWLOC_SYNTHETIC='pack:2 core:2' with --dry-run: exit status $RC"
fi
RC=0
HWLOC_SYNTHETIC='pack:2 core:2' "$TVP" topo >"$WORK/topo.out" 2>"$WORK/topo.err" || RC=$?
if [ "$RC" -eq 0 ] && ! grep -q '^packages: *2$' "$WORK/topo.out"; then
  check_fail "HWLOC_SYNTHETIC='pack:2 core:2' tvp topo shows another topology than the 2 packages it names"
  show "$WORK/topo.out"
fi

finish
