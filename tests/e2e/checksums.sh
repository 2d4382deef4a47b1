#!/usr/bin/env bash
# The same work gives the same checksum: for every kernel, under threads and
# processes and at every worker count (strong scaling, so the total work is
# fixed and only its split changes); and weak scaling with U units per worker at
# 2 workers does exactly the work of strong scaling with 2U units.
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

# kernel:size-per-unit; the sizes keep each run well under a second.
specs="cpu.primes:20000 cpu.nbody:200 cpu.matmul:400 cpu.hash:20000 mem.triad:2000000
  mem.chase:40000 mem.cache:1000000 os.pagefault:20 os.mmap:2000 os.malloc:2000 os.open:2000
  os.syscall:5000 os.tlb:40 sync.atomic:200000 sync.falseshare:1000000 sync.padded:1000000
  sync.mutex:100000 sched.yield:2000 pool.map:100000 io.sleep:20 io.fsync:10 io.write:100 io.read:200
  spawn.create:20 spawn.rss:4 spawn.cow:2 spawn.exec:4"
pair_specs="io.pipe:200 io.tcp:200"
# TVP_E2E_QUICK=1 (set by the ThreadSanitizer test preset, where every kernel
# is many times slower): only the kernels whose workers share memory, a lock or
# a pool, or create threads, and smaller sizes.
if [ "${TVP_E2E_QUICK:-0}" = 1 ]; then
  specs="cpu.primes:20000 sync.atomic:20000 sync.falseshare:20000 sync.mutex:10000 pool.map:20000
    spawn.create:4"
  pair_specs="io.pipe:50"
fi
for spec in $specs; do
  kernel=${spec%%:*}
  u=${spec#*:}
  envs=()
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
    continue
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
done

# Pair kernels take even worker counts: 2 and 4 workers, every model, one checksum.
for spec in $pair_specs; do
  kernel=${spec%%:*}
  u=${spec#*:}
  name=pairs-$kernel
  run_tvp "$name" run --kernels "$kernel" --models thread,fork,spawn --workers 2,4 --size "$u" \
    --reps 2 --warmup 0 --out "$WORK/$name" --quiet
  [ "$RC" -eq 0 ] || { show "$WORK/$name.err"; fail "$name: tvp run exited $RC"; }
  n=$(csv_nrows "$WORK/$name/summary.csv")
  [ "$n" -eq 6 ] || fail "$name: summary.csv has $n rows, expected 6 (2 worker counts x 3 models)"
  sum=$(one_checksum "$name")
  echo "$kernel: checksum $sum under thread, fork and spawn at 2 and 4 workers"
done

# Different work must show: a different total gives a different checksum.
run_tvp other run --kernels cpu.primes --models thread --workers 1 --size 30000 --reps 1 --warmup 0 \
  --out "$WORK/other" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/other.err"; fail "cpu.primes with 30000 units exited $RC"; }
other=$(one_checksum other)
[ "$other" != "$(one_checksum strong-cpu.primes)" ] ||
  fail "cpu.primes: 30000 and 40000 units gave the same checksum $other"

finish
