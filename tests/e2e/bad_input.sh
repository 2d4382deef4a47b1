#!/usr/bin/env bash
# Bad input is refused before anything runs: exit status 2, exactly one line on
# stderr that names the problem, and no results folder left behind. Flags,
# suite files and topologies here; results folders in bad_output.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"
source "$HERE/refused.sh"

# The options of a run that would otherwise be fine and fast.
OK=(--size 20k --reps 1 --warmup 0 --quiet)

refused "unknown kernel" "'no.such.kernel'" "$WORK/o1" \
  "$TVP" run --kernels no.such.kernel --workers 1 "${OK[@]}" --out "$WORK/o1"
refused "unknown kernel among good ones" "'cpu.prime'" "$WORK/o1b" \
  "$TVP" run --kernels io.sleep,cpu.prime --workers 1 "${OK[@]}" --out "$WORK/o1b"
refused "unknown kernel group" "unknown kernel group 'cpux' (groups: cpu, mem, os," "$WORK/o1c" \
  "$TVP" run --kernels cpu.primes,cpux --workers 1 "${OK[@]}" --out "$WORK/o1c"
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
# A key set twice names both lines (docs/suites.md), also under its other name.
printf 'kernels cpu.primes\nworkers 1\nreps 1\nreps 2\n' >"$WORK/twice.suite"
refused "suite key set twice" "twice.suite:4: 'reps' is set twice (also on line 3)" "$WORK/o7d" \
  "$TVP" run "$WORK/twice.suite" --out "$WORK/o7d"
printf '[a]\nkernels cpu.primes\nsize 1k\nsizes 2k\n' >"$WORK/twice-alias.suite"
refused "suite key set twice, under both names" "twice-alias.suite:4: 'sizes' is set twice (also on line 3)" \
  "$WORK/o7e" "$TVP" run "$WORK/twice-alias.suite" --out "$WORK/o7e"
printf '[up]\nkernels cpu.primes\nworkers 4..1\n' >"$WORK/backwards.suite"
refused "suite range that runs backwards" "backwards.suite:3: range 4..1 runs backwards" "$WORK/o7f" \
  "$TVP" run "$WORK/backwards.suite" --out "$WORK/o7f"
printf 'kernels cpu.primes\nworkers 1..\n' >"$WORK/open-range.suite"
refused "suite range without its end" "malformed worker list '1..'" "$WORK/o7g" \
  "$TVP" run "$WORK/open-range.suite" --out "$WORK/o7g"
printf 'kernels cpu.primes\nworkers 1\ntimeout 700000\n' >"$WORK/long-timeout.suite"
refused "suite timeout past a week" "long-timeout.suite:3: timeout must be a time above 0 and at most a week" \
  "$WORK/o7h" "$TVP" run "$WORK/long-timeout.suite" --out "$WORK/o7h"
# A line of 1 MiB: refused by its length, not quoted back.
{ printf 'kernels cpu.primes\nworkers '; head -c 1040000 /dev/zero | tr '\0' 1; printf '\n'; } >"$WORK/long-line.suite"
refused "suite line of 1 MiB" "long-line.suite:2: the line is 1040008 bytes long" "$WORK/o7i" \
  "$TVP" run "$WORK/long-line.suite" --out "$WORK/o7i"
awk 'BEGIN { for (i = 0; i < 70000; i++) print "# a comment line" }' >"$WORK/big.suite"
refused "suite past 1 MiB" "larger than 1 MiB" "$WORK/o7j" \
  "$TVP" run "$WORK/big.suite" --out "$WORK/o7j"
# Binary junk: random bytes, NUL among them.
{ printf 'kernels cpu.primes\n'; head -c 4096 /dev/urandom; printf '\0\n'; } >"$WORK/junk.suite"
refused "suite of random bytes" "junk.suite' is not a text file" "$WORK/o7k" \
  "$TVP" run "$WORK/junk.suite" --out "$WORK/o7k"
printf 'kernels cpu.primes\nworkers 1\0\n' >"$WORK/nul.suite"
refused "suite with a NUL byte" "line 2 holds a NUL byte" "$WORK/o7l" \
  "$TVP" run "$WORK/nul.suite" --out "$WORK/o7l"
# A terminal escape would garble the screen if the error quoted it.
printf 'kernels cpu.primes\033[2J\n' >"$WORK/escape.suite"
refused "suite with a terminal escape" "line 1 holds the control character 0x1b" "$WORK/o7m" \
  "$TVP" run "$WORK/escape.suite" --out "$WORK/o7m"
: >"$WORK/empty.suite"
refused "empty suite" "names no kernels" "$WORK/o7n" \
  "$TVP" run "$WORK/empty.suite" --out "$WORK/o7n"
printf '# nothing but comments\n\n   \n' >"$WORK/comments.suite"
refused "suite of comments only" "names no kernels" "$WORK/o7o" \
  "$TVP" run "$WORK/comments.suite" --out "$WORK/o7o"
mkdir -p "$WORK/a-folder.suite"
refused "a folder given as the suite" "Is a directory" "$WORK/o7p" \
  "$TVP" run "$WORK/a-folder.suite" --out "$WORK/o7p"

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
refused "empty --topology" "bad synthetic topology ''" "$WORK/o9b" \
  "$TVP" run --dry-run --topology '' --kernels cpu.primes --workers 1 --out "$WORK/o9b"
refused "--topology level without its count" "'pack:2 core:'" "$WORK/o9c" \
  "$TVP" run --dry-run --topology 'pack:2 core:' --kernels cpu.primes --workers 1 --out "$WORK/o9c"
# hwloc would build a billion PUs for minutes: refused at once (timeout: a
# slow refusal fails the case with status 124).
refused "enormous synthetic topology" "has 1000000000 PUs, more than the 4096" "$WORK/o9d" \
  timeout 20 "$TVP" run --dry-run --topology 'pack:1000 core:1000 pu:1000' --kernels cpu.primes \
  --workers 1 --out "$WORK/o9d"
refused "enormous synthetic topology (tvp topo)" "more than the 4096" "" \
  timeout 20 "$TVP" topo --topology 'pack:64 core:64 pu:64'
refused "enormous HWLOC_SYNTHETIC" "in HWLOC_SYNTHETIC has 8192 PUs" "" \
  env HWLOC_SYNTHETIC='pack:0x10 core:0x100 pu:2' timeout 20 "$TVP" run --dry-run --kernels cpu.primes --workers 1
# Topology XML files.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<topology version="2.0">\n<object type="Machine"' >"$WORK/cut.xml"
refused "cut-off topology XML" "is not a topology XML file hwloc can read" "" \
  "$TVP" run --dry-run --topology "$WORK/cut.xml" --kernels cpu.primes --workers 1
: >"$WORK/empty.xml"
refused "empty topology XML" "empty.xml' is empty" "" \
  "$TVP" run --dry-run --topology "$WORK/empty.xml" --kernels cpu.primes --workers 1
refused "missing topology XML" "No such file or directory" "" \
  "$TVP" topo --topology "$WORK/absent.xml"
# 50 MiB of junk (a sparse file, so it costs no disk): refused by its size.
head -c 300 /dev/urandom >"$WORK/huge.xml"
truncate -s 50M "$WORK/huge.xml"
refused "50 MiB topology XML" "larger than 16 MiB" "" \
  timeout 20 "$TVP" run --dry-run --topology "$WORK/huge.xml" --kernels cpu.primes --workers 1
# More PUs than tvp plans for, counted before hwloc builds them.
awk 'BEGIN {
  print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  print "<topology version=\"2.0\">"
  print "<object type=\"Machine\" os_index=\"0\">"
  for (i = 0; i < 5000; i++) printf "<object type=\"PU\" os_index=\"%d\"/>\n", i
  print "</object>"
  print "</topology>"
}' >"$WORK/many-pus.xml"
refused "topology XML with 5000 PUs" "has 5000 PUs, more than the 4096" "" \
  timeout 20 "$TVP" topo --topology "$WORK/many-pus.xml"
refused "empty HWLOC_XMLFILE for a dry run" "from HWLOC_XMLFILE is empty" "" \
  env HWLOC_XMLFILE="$WORK/empty.xml" "$TVP" run --dry-run --kernels cpu.primes --workers 1

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
refused "--workers without its value (last)" "'--workers' needs a value" "" \
  "$TVP" run --kernels cpu.primes "${OK[@]}" --workers
refused "--reps past 64 bits" "'99999999999999999999'" "$WORK/o15" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --reps 99999999999999999999 --out "$WORK/o15"
refused "--reps 0" "from 1 to 10000, not '0'" "$WORK/o16" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --reps 0 --out "$WORK/o16"
refused "--warmup -1" "not '-1'" "$WORK/o17" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --warmup -1 --out "$WORK/o17"
refused "--size 1e400" "'1e400'" "$WORK/o18" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --size 1e400 --out "$WORK/o18"
refused "--size past 64 bits" "'99999999999999999999'" "$WORK/o19" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --size 99999999999999999999 --out "$WORK/o19"
refused "--size 0" "size must be at least 1" "$WORK/o20" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --size 0 --out "$WORK/o20"
for t in -1 nan inf 1e400 0; do
  refused "--timeout $t" "timeout must be a time above 0 and at most a week" "$WORK/o21" \
    "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --timeout "$t" --out "$WORK/o21"
done
# Past a week a time is a typo, and in nanoseconds it would overflow.
refused "--timeout past a week" "not '10081min'" "$WORK/o22" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --timeout 10081min --out "$WORK/o22"
refused "--duration 1e300" "not '1e300'" "$WORK/o23" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --duration 1e300 --out "$WORK/o23"
refused "--on-error maybe" "'maybe'" "$WORK/o24" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --on-error maybe --out "$WORK/o24"
refused "--tmpdir that does not exist" "$WORK/no-such-tmp" "$WORK/o25" \
  "$TVP" run --kernels cpu.primes --workers 1 "${OK[@]}" --tmpdir "$WORK/no-such-tmp" --out "$WORK/o25"

# Worker lists.
refused "--workers 1..0" "worker count 0 in '1..0'" "$WORK/o26" \
  "$TVP" run --kernels cpu.primes --workers 1..0 "${OK[@]}" --out "$WORK/o26"
for w in 1.. ..4 1..4..2 a 1..N..2 2x; do
  refused "--workers $w" "malformed worker list '$w'" "$WORK/o27" \
    "$TVP" run --kernels cpu.primes --workers "$w" "${OK[@]}" --out "$WORK/o27"
done
refused "--workers 1,,2" "malformed item '' in worker list '1,,2'" "$WORK/o28" \
  "$TVP" run --kernels cpu.primes --workers 1,,2 "${OK[@]}" --out "$WORK/o28"
refused "--workers 1..4:0" "step must be at least 1" "$WORK/o29" \
  "$TVP" run --kernels cpu.primes --workers 1..4:0 "${OK[@]}" --out "$WORK/o29"
refused "--workers past 64 bits" "more than the 4096 tvp allows" "$WORK/o30" \
  "$TVP" run --kernels cpu.primes --workers 99999999999999999999 "${OK[@]}" --out "$WORK/o30"
refused "tvp topo --workers 0" "counts start at 1" "" \
  "$TVP" topo --placement core --workers 0

# More workers than the process limit (ulimit -u) lets this user have: every
# worker, thread or process, and tvp and its cell count. Refused for root too,
# whom Linux does not hold to the limit.
refused "--workers 64 under ulimit -u 50" "'ulimit -u 66'" "$WORK/o31" \
  bash -c 'ulimit -S -u 50 && exec "$@"' _ "$TVP" run --kernels cpu.primes --workers 64 \
  --models fork "${OK[@]}" --out "$WORK/o31"

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

cases_done
