#!/usr/bin/env bash
# A run of a tiny suite writes a complete, self-consistent results folder:
# the five files, one summary row per configuration, one runs.csv row per
# repetition (warm-ups flagged), one workers.csv row per worker per repetition,
# rectangular CSV, provenance in meta.json, and a folder that is never reused.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

SUITE=$HERE/tiny.suite
OUT=$WORK/results
CONFIGS=8 # 2 kernels x 2 worker counts x 2 models
REPS=2
WARMUP=1

run_tvp first run "$SUITE" --out "$OUT" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/first.err"; fail "tvp run of tiny.suite exited $RC, expected 0"; }

# --- the files ---------------------------------------------------------------
for f in summary.csv runs.csv workers.csv meta.json topology.xml; do
  [ -s "$OUT/$f" ] || fail "$f is missing or empty in the results folder"
done
leftover=$(find "$OUT" -name '*.tmp')
[ -z "$leftover" ] || fail "temporary files left in the results folder: $leftover"

for f in summary.csv runs.csv workers.csv; do
  csv_check "$OUT/$f"
done

# --- summary.csv: one row per configuration, all ok ----------------------------
n=$(csv_nrows "$OUT/summary.csv")
[ "$n" -eq "$CONFIGS" ] || fail "summary.csv has $n rows, expected $CONFIGS (one per configuration)"

points=$(csv_cols "$OUT/summary.csv" kernel model workers | sort)
expected=$(printf '%s\n' "cpu.primes	fork	1" "cpu.primes	fork	2" "cpu.primes	thread	1" \
  "cpu.primes	thread	2" "io.sleep	fork	1" "io.sleep	fork	2" "io.sleep	thread	1" \
  "io.sleep	thread	2" | sort)
[ "$points" = "$expected" ] || {
  diff <(echo "$expected") <(echo "$points") >&2 || true
  fail "summary.csv does not hold exactly the 8 configurations of tiny.suite"
}

bad=$(csv_cols "$OUT/summary.csv" config status reason | awk -F '\t' '$2 != "ok"')
[ -z "$bad" ] || fail "configurations not ok in summary.csv: $bad"

bad=$(csv_cols "$OUT/summary.csv" config reps reps_ok time_median_s |
  awk -F '\t' -v r="$REPS" '$2 != r || $3 != r || !($4 > 0)')
[ -z "$bad" ] || fail "summary rows without $REPS good repetitions and a median time above 0 (config reps reps_ok time_median_s): $bad"

bad=$(csv_cols "$OUT/summary.csv" config workers speedup | awk -F '\t' '$2 == 1 && ($3 == "" || $3 + 0 != 1)')
[ -z "$bad" ] || fail "speedup at 1 worker is not 1 (config workers speedup): $bad"

bad=$(csv_cols "$OUT/summary.csv" config checksum checksum_consistent |
  awk -F '\t' '$2 == "" || $3 != 1')
[ -z "$bad" ] || fail "checksum missing or inconsistent (config checksum checksum_consistent): $bad"

# --- runs.csv: every repetition, warm-ups flagged ------------------------------
n=$(csv_nrows "$OUT/runs.csv")
want=$((CONFIGS * (REPS + WARMUP)))
[ "$n" -eq "$want" ] || fail "runs.csv has $n rows, expected $want (configurations x (reps + warmup))"

# Per configuration: warm-up rows 0..WARMUP-1 flagged 1, then reps 0..REPS-1 flagged 0.
got=$(csv_cols "$OUT/runs.csv" config warmup rep | sort)
expected=$(for ((c = 0; c < CONFIGS; c++)); do
  for ((r = 0; r < WARMUP; r++)); do printf '%s\t1\t%s\n' "$c" "$r"; done
  for ((r = 0; r < REPS; r++)); do printf '%s\t0\t%s\n' "$c" "$r"; done
done | sort)
[ "$got" = "$expected" ] || {
  diff <(echo "$expected") <(echo "$got") >&2 || true
  fail "runs.csv (config, warmup, rep) rows are not one warm-up then $REPS measured repetitions per configuration"
}
# The warm-ups come first in time: in file order, no warm-up row after a measured one.
bad=$(csv_cols "$OUT/runs.csv" config warmup | awk -F '\t' '$2 == 0 { m[$1] = 1 } $2 == 1 && m[$1] { print $1 }')
[ -z "$bad" ] || fail "runs.csv has a warm-up row after a measured repetition of config(s): $bad"

bad=$(csv_cols "$OUT/runs.csv" config rep status wall_s | awk -F '\t' '$3 != "ok" || !($4 > 0)')
[ -z "$bad" ] || fail "runs.csv rows not ok or with wall_s <= 0 (config rep status wall_s): $bad"

# runs.csv names each configuration as summary.csv does.
s=$(csv_cols "$OUT/summary.csv" config kernel model placement scaling workers units_requested | sort -u)
r=$(csv_cols "$OUT/runs.csv" config kernel model placement scaling workers units_requested | sort -u)
[ "$s" = "$r" ] || {
  diff <(echo "$s") <(echo "$r") >&2 || true
  fail "runs.csv and summary.csv disagree on what the configurations are"
}

# --- workers.csv: one row per worker per repetition ----------------------------
runs_keys=$(csv_cols "$OUT/runs.csv" config rep warmup workers units)
expected=$(echo "$runs_keys" | awk -F '\t' '{ for (w = 0; w < $4; w++) print $1 "\t" $2 "\t" $3 "\t" w }' | sort)
got=$(csv_cols "$OUT/workers.csv" config rep warmup worker | sort)
[ "$got" = "$expected" ] || {
  diff <(echo "$expected") <(echo "$got") | head -n 20 >&2 || true
  fail "workers.csv does not hold exactly one row per worker per repetition (workers 0..N-1)"
}
n=$(csv_nrows "$OUT/workers.csv")
want=$(echo "$runs_keys" | awk -F '\t' '{ s += $4 } END { print s }')
[ "$n" -eq "$want" ] || fail "workers.csv has $n rows, expected $want"

# The workers of a repetition did its units between them, and each took time.
bad=$( (echo "$runs_keys" | sed 's/^/R\t/'; csv_cols "$OUT/workers.csv" config rep warmup units wall_s | sed 's/^/W\t/') |
  awk -F '\t' '
    $1 == "R" { want[$2 " " $3 " " $4] = $6; next }
    { got[$2 " " $3 " " $4] += $5; if (!($6 > 0)) print "worker wall_s " $6 " in config " $2 " rep " $3 }
    END { for (k in want) if (got[k] != want[k]) print "config/rep/warmup " k ": workers did " got[k] " units, runs.csv says " want[k] }')
[ -z "$bad" ] || fail "workers.csv disagrees with runs.csv: $bad"

# --- meta.json ------------------------------------------------------------------
META=$OUT/meta.json
for k in tvp_version git_revision command_line start_time_utc end_time_utc cpu_model packages \
  cores pus numa_nodes caches hwloc_version compiler state; do
  json_has_key "$META" "$k" || { show "$META"; fail "meta.json lacks the key \"$k\""; }
done
[ "$(json_str "$META" state)" = complete ] || { show "$META"; fail "meta.json state is not \"complete\""; }
version=$("$TVP" --version)
case "$version" in
*"$(json_str "$META" tvp_version)"*) ;;
*) fail "meta.json tvp_version '$(json_str "$META" tvp_version)' is not in 'tvp --version': $version" ;;
esac
for k in start_time_utc end_time_utc; do
  v=$(json_str "$META" "$k")
  [[ $v =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] || fail "meta.json $k is not an ISO 8601 UTC time: '$v'"
done
[[ ! "$(json_str "$META" end_time_utc)" < "$(json_str "$META" start_time_utc)" ]] ||
  fail "meta.json end_time_utc is before start_time_utc"
[ "$(grep -c '{' "$META")" -eq "$(grep -c '}' "$META")" ] || fail "meta.json braces do not balance"
# The environment: every key, always (null where this machine has no such
# file), the load average read again at the end, and the seed.
json_has_key "$META" seed || check_fail "meta.json lacks the key \"seed\""
json_has_key "$META" environment || check_fail "meta.json lacks the key \"environment\""
for k in thp_enabled thp_defrag cpu_governors cpu_boost smt_control smt_active mitigations \
  kernel_command_line clocksource hypervisor_type hypervisor_cpu_flag dmi_sys_vendor dmi_product_name \
  cgroup_version cgroup_cpu_max cgroup_memory_max load_average_start load_average_end; do
  grep -Eq "^    \"$k\": " "$META" || check_fail "meta.json's environment lacks the key \"$k\""
done
grep -Eq '^    "load_average_end": \[[0-9.]+, [0-9.]+, [0-9.]+\],?$' "$META" ||
  { grep load_average "$META" >&2; check_fail "meta.json's load_average_end is not three numbers at the end of the run"; }
if command -v python3 >/dev/null; then
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$META" 2>"$WORK/json.err" ||
    { show "$WORK/json.err"; check_fail "meta.json is not valid JSON"; }
fi
# The command line is the one given, in the order given (a suite file, then flags).
grep -qF "\"command_line\": [\"$TVP\", \"run\", \"$SUITE\", \"--out\", \"$OUT\", \"--quiet\"]" "$META" || {
  grep '"command_line"' "$META" >&2
  check_fail "meta.json command_line is not the command as given: tvp run $SUITE --out $OUT --quiet"
}

# --- topology.xml ---------------------------------------------------------------
grep -q '<topology' "$OUT/topology.xml" || fail "topology.xml is not hwloc XML (no <topology element)"
grep -q 'type="PU"' "$OUT/topology.xml" || fail "topology.xml names no PU"

# --- a results folder is never reused ---------------------------------------------
sums=$(cd "$OUT" && cksum summary.csv runs.csv workers.csv meta.json)
run_tvp again run "$SUITE" --out "$OUT" --quiet
[ "$RC" -eq 2 ] || { show "$WORK/again.err"; fail "a second run into the same --out folder exited $RC, expected 2"; }
[ "$(wc -l <"$WORK/again.err")" -eq 1 ] || { show "$WORK/again.err"; fail "the refusal is not one line on stderr"; }
grep -qF "$OUT" "$WORK/again.err" || { show "$WORK/again.err"; fail "the refusal does not name the folder"; }
[ "$sums" = "$(cd "$OUT" && cksum summary.csv runs.csv workers.csv meta.json)" ] ||
  fail "the refused second run changed the files of the first"

finish
