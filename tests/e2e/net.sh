#!/usr/bin/env bash
# The message kernels: net.pingpong and net.allreduce run under thread, fork
# and spawn at 2 and 4 workers with one checksum per worker count, messages
# large and small go through whole, and what they cannot run is refused with a
# reason.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# Smaller work under ThreadSanitizer (the tsan test preset sets TVP_E2E_QUICK=1),
# where every copy is checked and many times slower.
PING_UNITS=200
RED_UNITS=300
REPS=2
if [ "${TVP_E2E_QUICK:-0}" = 1 ]; then
  PING_UNITS=20
  RED_UNITS=30
  REPS=1
fi

# rows NAME: kernel, model, workers, footprint, status, checksum of every row.
rows() {
  csv_check "$WORK/$1/summary.csv"
  csv_cols "$WORK/$1/summary.csv" kernel model workers footprint_bytes status checksum checksum_consistent
}

# every_ok NAME ROWS: fails unless every row is ok, with a checksum that its
# repetitions agree on.
every_ok() {
  local bad
  bad=$(echo "$2" | awk -F '\t' '$5 != "ok" || $6 == "" || $7 != 1')
  [ -z "$bad" ] || { show "$WORK/$1.err"; fail "$1: rows not ok, without a checksum or inconsistent (kernel model workers footprint status checksum consistent):"$'\n'"$bad"; }
}

# distinct ROWS KEYCOLS: the number of distinct checksums for each key.
checksums_per() {
  echo "$1" | awk -F '\t' -v keys="$2" '
    { n = split(keys, k, " "); key = ""; for (i = 1; i <= n; i++) key = key $k[i] " "
      if (!((key, $6) in seen)) { seen[key, $6] = 1; count[key]++ } }
    END { for (key in count) print key count[key] }'
}

# 1. Ping-pong: small messages, a message over the 64 KiB a pipe holds by
# default (several writes and reads per message, not a whole number of pages)
# and a short one that carries only part of its stamp.
name=ping
run_tvp "$name" run --kernels net.pingpong --models thread,fork,spawn --workers 2,4 \
  --footprint 3,8,4Ki,100000 --size "$PING_UNITS" --reps "$REPS" --warmup 0 --out "$WORK/$name" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/$name.err"; fail "$name: tvp run exited $RC"; }
r=$(rows "$name")
n=$(echo "$r" | wc -l)
[ "$n" -eq 24 ] || fail "$name: summary.csv has $n rows, expected 24 (4 sizes x 2 worker counts x 3 models)"
every_ok "$name" "$r"
# A unit is a round trip whatever its size and whoever leads it: one checksum
# for every model, worker count and message size.
sums=$(echo "$r" | cut -f 6 | sort -u)
[ "$(echo "$sums" | wc -l)" -eq 1 ] ||
  check_fail "$name: the same round trips gave different checksums (kernel model workers footprint status checksum):"$'\n'"$r"
# Both kernels add tvp_mix64(u) once per unit u: io.pipe over the same units
# is an independent count of the same work.
run_tvp pipe run --kernels io.pipe --models fork --workers 2 --size "$PING_UNITS" --reps 1 --warmup 0 \
  --out "$WORK/pipe" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/pipe.err"; fail "io.pipe exited $RC"; }
pipe_sum=$(csv_cols "$WORK/pipe/summary.csv" checksum)
[ "$sums" = "$pipe_sum" ] ||
  check_fail "$name: checksum $sums, but io.pipe over the same $PING_UNITS units gives $pipe_sum"
# Each worker of a pair leads its own share: at 2 workers, half the units each.
half=$((PING_UNITS / 2))
bad=$(csv_cols "$WORK/$name/summary.csv" config workers | awk -F '\t' '$2 == 2 { print $1 }' |
  while read -r cfg; do
    csv_cols "$WORK/$name/workers.csv" config units | awk -F '\t' -v c="$cfg" -v h="$half" '$1 == c && $2 != h'
  done)
[ -z "$bad" ] || check_fail "$name: at 2 workers each worker should lead $half round trips; rows (config units): $bad"
echo "net.pingpong: checksum $sums under thread, fork and spawn, 2 and 4 workers, 3 B to 100000 B"

# 2. All-reduce: the sum depends on the worker count, so one checksum per
# count, the same under every model, and different between the counts.
name=reduce
run_tvp "$name" run --kernels net.allreduce --models thread,fork,spawn --workers 2,4 \
  --footprint 8,4Ki,100000 --size "$RED_UNITS" --reps "$REPS" --warmup 0 --out "$WORK/$name" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/$name.err"; fail "$name: tvp run exited $RC"; }
r=$(rows "$name")
n=$(echo "$r" | wc -l)
[ "$n" -eq 18 ] || fail "$name: summary.csv has $n rows, expected 18 (3 sizes x 2 worker counts x 3 models)"
every_ok "$name" "$r"
bad=$(checksums_per "$r" "3 4" | awk '$NF != 1')
[ -z "$bad" ] ||
  check_fail "$name: models disagree at one worker count and size (workers footprint checksums):"$'\n'"$bad"$'\n'"$r"
same=$(echo "$r" | awk -F '\t' '{ print $4, $6 }' | sort -u | awk '{ c[$1]++ } END { for (f in c) if (c[f] != 2) print f }')
[ -z "$same" ] || check_fail "$name: 2 and 4 workers gave the same sum's checksum at footprint(s) $same"
# Worker 0 counts every all-reduce, the others none: the units add up to the size.
bad=$(csv_cols "$WORK/$name/workers.csv" worker units |
  awk -F '\t' -v u="$RED_UNITS" '($1 == 0 && $2 != u) || ($1 != 0 && $2 != 0)')
[ -z "$bad" ] || check_fail "$name: worker 0 should count all $RED_UNITS units and the others none (worker units): $bad"
# Weak scaling at 2 workers does the units of strong scaling with twice as many.
run_tvp weak run --kernels net.allreduce --models fork --workers 2 --scaling weak --size "$RED_UNITS" \
  --reps 1 --warmup 0 --out "$WORK/weak" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/weak.err"; fail "weak: tvp run exited $RC"; }
run_tvp strong run --kernels net.allreduce --models thread --workers 2 --size $((2 * RED_UNITS)) \
  --reps 1 --warmup 0 --out "$WORK/strong" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/strong.err"; fail "strong: tvp run exited $RC"; }
weak=$(csv_cols "$WORK/weak/summary.csv" checksum)
strong=$(csv_cols "$WORK/strong/summary.csv" checksum)
[ -n "$weak" ] && [ "$weak" = "$strong" ] ||
  check_fail "net.allreduce: weak scaling, $RED_UNITS units at 2 workers, gave '$weak'; strong, $((2 * RED_UNITS)) units, '$strong'"
echo "net.allreduce: one checksum per worker count under thread, fork and spawn, 8 B to 100000 B"

# 3. Refused, each with its reason in summary.csv and exit status 1.
# refused NAME TEXT ARGS...: the run fails every configuration, saying TEXT.
refused() {
  local name=$1 text=$2 reasons
  shift 2
  run_tvp "$name" run "$@" --reps 1 --warmup 0 --out "$WORK/$name" --quiet
  [ "$RC" -eq 1 ] || { show "$WORK/$name.err"; check_fail "$name: exit status $RC, expected 1"; return; }
  reasons=$(csv_cols "$WORK/$name/summary.csv" status reason)
  if echo "$reasons" | awk -F '\t' -v t="$text" '$1 != "failed" || index($2, t) == 0' | grep -q .; then
    check_fail "$name: expected every configuration failed with '$text', got:"$'\n'"$reasons"
  fi
}
refused odd "net.pingpong pairs workers: give an even worker count" \
  --kernels net.pingpong --models thread,fork --workers 3 --size 10
refused ping-big "net.pingpong takes a --footprint (the message size) from 1 to 64Mi bytes, not 67108865" \
  --kernels net.pingpong --models thread,fork --workers 2 --footprint 67108865 --size 10
refused reduce-odd "net.allreduce takes a --footprint (the vector size) from 8 to 64Mi bytes, a multiple of 8" \
  --kernels net.allreduce --models thread,fork --workers 2 --footprint 4,12 --size 10
# A fixed-time run would let one worker stop while the others wait: refused
# before anything runs.
run_tvp dur run --kernels net.allreduce --workers 2 --duration 1 --out "$WORK/dur" --quiet
[ "$RC" -eq 2 ] && grep -q "does not run in fixed-time mode" "$WORK/dur.err" ||
  { show "$WORK/dur.err"; check_fail "net.allreduce --duration: exit $RC, expected 2 with a reason"; }

finish
