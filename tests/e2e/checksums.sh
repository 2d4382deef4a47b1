#!/usr/bin/env bash
# The same work gives the same checksum: for every kernel, under threads and
# processes and at every worker count (strong scaling, so the total work is
# fixed and only its split changes); and weak scaling with U units per worker at
# 2 workers does exactly the work of strong scaling with 2U units.
# The kernels and their sizes come from `tvp list kernels --tsv`: every kernel
# tvp lists is checked, by the rule its traits call for.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# mem.triad gives each worker arrays twice the last-level cache (64 MiB to 1 GiB)
# and touches them all before it starts; on a machine that reports a large L3
# that is seconds per worker. Its checksum depends on the units, not on the
# array length, so it runs on this machine's own topology with the caches
# shrunk: exported by tvp, edited, and declared this system (HWLOC_THISSYSTEM=1,
# so binding stays real).
run_tvp probe run --kernels io.sleep --models thread --workers 1 --size 1 --reps 1 --warmup 0 \
  --out "$WORK/probe" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/probe.err"; fail "a one-cell io.sleep run exited $RC"; }
sed -E 's/cache_size="[0-9]+"/cache_size="1048576"/g' "$WORK/probe/topology.xml" >"$WORK/small-caches.xml"

# one_checksum NAME: the checksum every ok row of NAME's summary.csv shares;
# fails if a row failed, is inconsistent across its repetitions, or differs.
one_checksum() {
  local out=$WORK/$1 rows bad sums
  csv_check "$out/summary.csv"
  rows=$(csv_cols "$out/summary.csv" kernel model workers scaling status checksum checksum_consistent)
  bad=$(echo "$rows" | awk -F '\t' '$5 != "ok" || $6 == "" || $7 != 1')
  [ -z "$bad" ] || fail "$1: rows not ok, without a checksum or inconsistent across repetitions:"$'\n'"$bad"
  sums=$(echo "$rows" | cut -f 6 | sort -u)
  [ "$(echo "$sums" | wc -l)" -eq 1 ] ||
    fail "$1: the same total work gave different checksums (kernel model workers scaling status checksum):"$'\n'"$rows"
  echo "$sums"
}

# Every kernel tvp lists, with its test size and traits (tvp list kernels --tsv),
# so a kernel added to the registry is checked here without anyone editing this
# file; test-only kernels are not listed (lib.sh unsets TVP_TEST_KERNELS).
run_tvp listing list kernels --tsv
[ "$RC" -eq 0 ] || { show "$WORK/listing.err"; fail "tvp list kernels --tsv exited $RC"; }
specs=$(awk -F '\t' 'NR > 1 { print $1 ":" $3 ":" $4 }' "$WORK/listing.out")
[ -n "$specs" ] || { show "$WORK/listing.out"; fail "tvp list kernels --tsv lists no kernel"; }
# TVP_E2E_QUICK=1 (set by the ThreadSanitizer test preset, where every kernel
# is many times slower): only the kernels whose workers share memory, a lock or
# a pool, or create threads, and smaller sizes (kernel:size-per-unit).
if [ "${TVP_E2E_QUICK:-0}" = 1 ]; then
  quick="cpu.primes:20000 sync.atomic:20000 sync.falseshare:20000 sync.mutex:10000 pool.map:20000
    spawn.create:4 io.pipe:50"
  all=$specs
  specs=
  for q in $quick; do
    spec=$(echo "$all" | awk -F : -v k="${q%%:*}" -v u="${q#*:}" '$1 == k { print $1 ":" u ":" $3 }')
    [ -n "$spec" ] || fail "TVP_E2E_QUICK names ${q%%:*}, which tvp list kernels --tsv does not list"
    specs="$specs $spec"
  done
fi

# check_single KERNEL U: the same checksum for 2U units under strong scaling at
# 1, 2 and 3 workers and U units a worker under weak scaling at 2 workers.
check_single() {
  local kernel=$1 u=$2 name strong weak n envs=()
  case $kernel in
    mem.triad | mem.chase) envs=("HWLOC_XMLFILE=$WORK/small-caches.xml" HWLOC_THISSYSTEM=1) ;;
  esac

  # Strong scaling: 2U units split over 1, 2 and 3 workers (3 leaves a remainder).
  name=strong-$kernel
  RC=0
  env ${envs[@]+"${envs[@]}"} "$TVP" run --kernels "$kernel" --models thread,fork,spawn --workers 1,2,3 --scaling strong --footprint 4Mi \
    --size $((2 * u)) --reps 2 --warmup 0 --out "$WORK/$name" --quiet >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
  # Under AddressSanitizer malloc is the sanitizer's, which refuses glibc's
  # mallopt: os.malloc then fails every configuration, saying so, by design.
  if [ "$kernel" = os.malloc ] && grep -q 'mallopt refused' "$WORK/$name/summary.csv" 2>/dev/null; then
    echo "$kernel: skipped, this build's malloc is not glibc's (a sanitizer build)"
    skipped="$skipped $kernel"
    return
  fi
  [ "$RC" -eq 0 ] || { show "$WORK/$name.err"; fail "$name: tvp run exited $RC"; }
  n=$(csv_nrows "$WORK/$name/summary.csv")
  [ "$n" -eq 9 ] || fail "$name: summary.csv has $n rows, expected 9 (3 worker counts x 3 models)"
  strong=$(one_checksum "$name")

  # Weak scaling: U units for each of 2 workers.
  name=weak-$kernel
  RC=0
  env ${envs[@]+"${envs[@]}"} "$TVP" run --kernels "$kernel" --models thread,fork,spawn --workers 2 --scaling weak --footprint 4Mi \
    --size "$u" --reps 2 --warmup 0 --out "$WORK/$name" --quiet >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
  [ "$RC" -eq 0 ] || { show "$WORK/$name.err"; fail "$name: tvp run exited $RC"; }
  n=$(csv_nrows "$WORK/$name/summary.csv")
  [ "$n" -eq 3 ] || fail "$name: summary.csv has $n rows, expected 3"
  weak=$(one_checksum "$name")

  [ "$weak" = "$strong" ] ||
    fail "$kernel: weak scaling with $u units at 2 workers gave checksum $weak, strong scaling with $((2 * u)) units gave $strong"
  # The checksum is a checksum: not zero or empty, and not the same for other work.
  [ -n "$strong" ] && [ "$strong" != 0 ] || fail "$kernel: checksum is '$strong'"
  echo "$kernel: checksum $strong under thread and fork at 1, 2, 3 workers (strong) and 2 workers (weak)"
  checked="$checked $kernel"
}

# check_pairs KERNEL U: pair kernels take even worker counts: 2 and 4 workers,
# every model, one checksum.
check_pairs() {
  local kernel=$1 u=$2 name=pairs-$1 n sum
  run_tvp "$name" run --kernels "$kernel" --models thread,fork,spawn --workers 2,4 --size "$u" \
    --reps 2 --warmup 0 --out "$WORK/$name" --quiet
  [ "$RC" -eq 0 ] || { show "$WORK/$name.err"; fail "$name: tvp run exited $RC"; }
  n=$(csv_nrows "$WORK/$name/summary.csv")
  [ "$n" -eq 6 ] || fail "$name: summary.csv has $n rows, expected 6 (2 worker counts x 3 models)"
  sum=$(one_checksum "$name")
  echo "$kernel: checksum $sum under thread, fork and spawn at 2 and 4 workers"
  checked="$checked $kernel"
}

# check_collective KERNEL U: every worker takes part in every unit, so the sum
# depends on the worker count: at 2 and 4 workers one checksum per count under
# every model, and weak scaling with U units at 2 workers gives strong's 2U.
check_collective() {
  local kernel=$1 u=$2 name=collective-$1 n rows bad strong weak
  run_tvp "$name" run --kernels "$kernel" --models thread,fork,spawn --workers 2,4 --size $((2 * u)) \
    --reps 2 --warmup 0 --out "$WORK/$name" --quiet
  [ "$RC" -eq 0 ] || { show "$WORK/$name.err"; fail "$name: tvp run exited $RC"; }
  n=$(csv_nrows "$WORK/$name/summary.csv")
  [ "$n" -eq 6 ] || fail "$name: summary.csv has $n rows, expected 6 (2 worker counts x 3 models)"
  csv_check "$WORK/$name/summary.csv"
  rows=$(csv_cols "$WORK/$name/summary.csv" kernel model workers scaling status checksum checksum_consistent)
  bad=$(echo "$rows" | awk -F '\t' '$5 != "ok" || $6 == "" || $7 != 1')
  [ -z "$bad" ] || fail "$name: rows not ok, without a checksum or inconsistent across repetitions:"$'\n'"$bad"
  bad=$(echo "$rows" | awk -F '\t' '{ print $3, $6 }' | sort -u | awk '{ c[$1]++ } END { for (w in c) if (c[w] != 1) print w }')
  [ -z "$bad" ] || fail "$name: models disagree at worker count(s) $bad (kernel model workers scaling status checksum):"$'\n'"$rows"
  strong=$(echo "$rows" | awk -F '\t' '$3 == 2 { print $6; exit }')
  name=weak-$kernel
  run_tvp "$name" run --kernels "$kernel" --models thread,fork,spawn --workers 2 --scaling weak --size "$u" \
    --reps 2 --warmup 0 --out "$WORK/$name" --quiet
  [ "$RC" -eq 0 ] || { show "$WORK/$name.err"; fail "$name: tvp run exited $RC"; }
  weak=$(one_checksum "$name")
  [ "$weak" = "$strong" ] ||
    fail "$kernel: weak scaling with $u units at 2 workers gave checksum $weak, strong scaling with $((2 * u)) units gave $strong"
  echo "$kernel: one checksum per worker count under thread, fork and spawn at 2 and 4 workers"
  checked="$checked $kernel"
}

# Each check_* adds its kernel to `checked` only once it has checked it; the one
# deliberate skip (os.malloc under a sanitizer's malloc) goes to `skipped`, said.
checked=
skipped=
for spec in $specs; do
  IFS=: read -r kernel u traits <<<"$spec"
  [ "$u" -gt 0 ] 2>/dev/null || fail "$kernel has no test size: set .test_units in its descriptor"
  case ",$traits," in
    *,collective,*) check_collective "$kernel" "$u" ;;
    *,paired,*) check_pairs "$kernel" "$u" ;;
    *) check_single "$kernel" "$u" ;;
  esac
done
# Every kernel meant for this run was checked, or skipped with its reason said.
want=$(for spec in $specs; do echo "${spec%%:*}"; done | sort | tr '\n' ' ')
got=$(echo $checked $skipped | tr ' ' '\n' | sort | tr '\n' ' ')
[ "$want" = "$got" ] || fail "kernels listed but not checked: want '$want', checked '$got'"

# Different work must show: a different total gives a different checksum.
# cpu.primes ran above with 2U units; here 3U/2.
u=$(echo "$specs" | tr ' ' '\n' | awk -F : '$1 == "cpu.primes" { print $2 }')
[ -n "$u" ] || fail "cpu.primes was not checked above"
run_tvp other run --kernels cpu.primes --models thread --workers 1 --size $((3 * u / 2)) --reps 1 --warmup 0 \
  --out "$WORK/other" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/other.err"; fail "cpu.primes with $((3 * u / 2)) units exited $RC"; }
other=$(one_checksum other)
[ "$other" != "$(one_checksum strong-cpu.primes)" ] ||
  fail "cpu.primes: $((3 * u / 2)) and $((2 * u)) units gave the same checksum $other"

finish
