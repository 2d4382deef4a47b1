#!/usr/bin/env bash
# The order of measurement: interleaved rounds (the default) hold one
# repetition of every configuration of a point, in an order that the seed
# reproduces and that changes from round to round; --order blocked runs a
# configuration's repetitions back to back. The order changes when things are
# measured, never what: the checksums of every configuration are the same
# under both orders.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

ARGS=(--kernels cpu.primes,mem.chase,os.open --models thread,fork --workers 1,2 --reps 3 --warmup 1
  --disturbed-above 100 # rounds added for disturbed repetitions would change the order compared
  --size 3000 --quiet)
CONFIGS=12
for run in a:11 b:11 c:12; do
  run_tvp run run "${ARGS[@]}" --seed "${run#*:}" --out "$WORK/${run%%:*}"
  [ "$RC" -eq 0 ] || { show "$WORK/run.err"; fail "the interleaved run ${run%%:*} exited $RC"; }
done
run_tvp run run "${ARGS[@]}" --order blocked --out "$WORK/blocked"
[ "$RC" -eq 0 ] || { show "$WORK/run.err"; fail "the blocked run exited $RC"; }

# Every round is one repetition of each configuration of its point (4 of them).
rounds=$(csv_cols "$WORK/a/runs.csv" kernel round config | sort | uniq |
  awk -F '\t' '{n[$1 " " $2]++} END {for (k in n) if (n[k] != 4) print k, n[k]}')
[ -z "$rounds" ] || check_fail "interleaved rounds without one repetition of each configuration: $rounds"
# Rows of one round are consecutive: the round number never goes back within a kernel.
back=$(csv_cols "$WORK/a/runs.csv" kernel round | awk -F '\t' '$1 == k && $2 < r {print NR} {k = $1; r = $2}')
[ -z "$back" ] || check_fail "interleaved runs.csv goes back to an earlier round at rows $back"
[ "$(json_str "$WORK/a/meta.json" order)" = interleaved ] || check_fail "meta.json does not say interleaved"
[ "$(json_str "$WORK/a/meta.json" seed)" = 11 ] || check_fail "meta.json does not record --seed 11"

# The same seed, the same order; another seed, another order; a round's order changes.
order() { csv_cols "$1/runs.csv" config | tr '\n' ' '; }
[ "$(order "$WORK/a")" = "$(order "$WORK/b")" ] || check_fail "two runs with --seed 11 measured in different orders"
[ "$(order "$WORK/a")" != "$(order "$WORK/c")" ] || check_fail "--seed 11 and --seed 12 measured in the same order"
same=$(csv_cols "$WORK/a/runs.csv" kernel round config | awk -F '\t' '
  {o[$1 " " $2] = o[$1 " " $2] " " $3}
  END {for (k in o) {split(k, p, " "); seen[p[1] SUBSEP o[k]]++}
       for (s in seen) if (seen[s] == 4) {split(s, p, SUBSEP); print p[1]}}')
[ -z "$same" ] || check_fail "every round (all 4) of $same came in the same order"

# Blocked: each configuration's rows together, in plan order.
got=$(csv_cols "$WORK/blocked/runs.csv" config | uniq | tr '\n' ' ')
[ "$got" = "$(seq 0 $((CONFIGS - 1)) | tr '\n' ' ')" ] || check_fail "blocked runs.csv is not one block per configuration in plan order: $got"
[ "$(json_str "$WORK/blocked/meta.json" order)" = blocked ] || check_fail "meta.json does not say blocked"

# The same work under both orders: every measured repetition's checksum agrees.
sums() { csv_cols "$1/runs.csv" config warmup checksum | awk -F '\t' '$2 == 0 {print $1, $3}' | sort -n | uniq; }
[ "$(sums "$WORK/a")" = "$(sums "$WORK/blocked")" ] ||
  { diff <(sums "$WORK/a") <(sums "$WORK/blocked") >&2 || true; check_fail "checksums differ between the interleaved and the blocked order"; }
[ "$(sums "$WORK/a" | wc -l)" -eq $CONFIGS ] || check_fail "a configuration's repetitions disagree on their checksum"

# Bad values are refused before anything runs.
run_tvp bad run --kernels cpu.primes --order random --out "$WORK/bad1"
[ "$RC" -eq 2 ] && grep -q "order takes 'interleaved' or 'blocked'" "$WORK/bad.err" || check_fail "--order random was not refused clearly"
run_tvp bad run --kernels cpu.primes --seed -3 --out "$WORK/bad2"
[ "$RC" -eq 2 ] && grep -q "seed takes a whole number" "$WORK/bad.err" || check_fail "--seed -3 was not refused clearly"
[ ! -e "$WORK/bad1" ] && [ ! -e "$WORK/bad2" ] || check_fail "a refused run left a folder"
finish
