#!/usr/bin/env bash
# bench/python/interplock.py writes a results folder tvp reads as its own: the
# same CSV headers as a real tvp run, whole rows, the same checksum for the same
# work under every pool and worker count (and the same as tvp's cpu.primes, whose
# work py.cpu repeats), tvp's statistics (the median's interval, the t tests of
# the log ratios, no interval and an inconclusive verdict below 5 rounds), a
# checksum mismatch caught, and charts drawn without a gnuplot warning by tvp
# plot, plots/interplock.gp among them.
#
# Without python3 (3.8 or later) the test is skipped (exit 77, ctest SKIP).
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

SCRIPT=$SRC/bench/python/interplock.py
if ! command -v python3 >/dev/null 2>&1; then
  echo "$TEST: SKIP: python3 is not installed, so bench/python/interplock.py cannot run"
  exit 77
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 8))'; then
  echo "$TEST: SKIP: python3 is older than 3.8 ($(python3 --version 2>&1))"
  exit 77
fi
[ -s "$SCRIPT" ] || fail "$SCRIPT is missing"
# Importing the script must leave no __pycache__ beside the sources.
export PYTHONDONTWRITEBYTECODE=1

PY=$WORK/py
# --disturbed-above 100: on a busy machine no repetition is left out of the statistics read below.
TINY=(--workers 1,2 --reps 2 --warmup 0 --cpu-units 1000 --io-units 20 --disturbed-above 100 --quiet)
rc=0
python3 "$SCRIPT" "${TINY[@]}" --out "$PY" >"$WORK/py.out" 2>"$WORK/py.err" || rc=$?
[ "$rc" -eq 0 ] || { show "$WORK/py.out" "$WORK/py.err"; fail "interplock.py exited $rc"; }
grep -q "results: $PY" "$WORK/py.out" || { show "$WORK/py.out"; check_fail "interplock.py did not say where the results went"; }

# The reference: what tvp itself writes for the same kernel family, thread and
# fork at the same worker counts (also the C run for interplock.gp).
C=$WORK/c
run_tvp c run --kernels cpu.primes --models thread,fork --workers 1,2 --reps 1 --warmup 0 --size 1000 --out "$C" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/c.err"; fail "tvp run exited $RC"; }

for f in summary.csv runs.csv workers.csv; do
  csv_check "$PY/$f"
  if ! diff <(csv_header "$C/$f") <(csv_header "$PY/$f") >"$WORK/header.diff"; then
    show "$WORK/header.diff"
    check_fail "$f: the header differs from the one tvp run writes (< tvp, > interplock.py)"
  fi
done

# 2 kernels x 2 worker counts x 2 models; 2 repetitions each; 1 + 2 workers per
# repetition pair.
[ "$(csv_nrows "$PY/summary.csv")" -eq 8 ] || check_fail "summary.csv should have 8 rows, has $(csv_nrows "$PY/summary.csv")"
[ "$(csv_nrows "$PY/runs.csv")" -eq 16 ] || check_fail "runs.csv should have 16 rows, has $(csv_nrows "$PY/runs.csv")"
[ "$(csv_nrows "$PY/workers.csv")" -eq 24 ] || check_fail "workers.csv should have 24 rows, has $(csv_nrows "$PY/workers.csv")"

bad=$(csv_cols "$PY/summary.csv" kernel model workers status reps_ok checksum_consistent speedup ratio_vs_thread \
  speedup_ci95_low pairs_speedup verdict verdict_why time_ci95_low_s |
  awk -F '\t' '
    $4 != "ok" || $5 != 2 || $6 != 1 { print "row " NR ": status " $4 ", reps_ok " $5 ", checksum_consistent " $6 }
    $3 == 1 && ($7 != 1 || $9 != 1 || $10 != 2) { print "row " NR ": speedup at 1 worker is " $7 " [" $9 "] over " $10 " pairs, not 1 [1] over 2" }
    $2 == "py-thread" && ($8 != 1 || $11 != "") { print "row " NR ": a py-thread row has ratio_vs_thread " $8 " and verdict \"" $11 "\", not 1 and none" }
    $2 == "py-process" && $8 == "" { print "row " NR ": ratio_vs_thread of a py-process row is empty" }
    $2 == "py-process" && ($11 != "inconclusive" || $12 != "too_few") { print "row " NR ": 2 rounds gave the verdict " $11 " (" $12 "), not inconclusive (too_few)" }
    $13 != "" { print "row " NR ": 2 repetitions gave a time interval, which needs 5" }')
[ -z "$bad" ] || { show "$PY/summary.csv"; check_fail "summary.csv: $bad"; }

# The statistics are tvp's: these per-round ratios give, in src/analysis/verdict.c,
# the median 0.95 [0.937333333, 0.998], log mean -0.0386014101, its standard error
# 0.0122540786, p_same 0.218772938: inconclusive, for noise.
rc=0
python3 - "$SCRIPT" >"$WORK/stats.out" 2>&1 <<'EOF' || rc=$?
import os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import interplock
e = interplock.ratio_estimate([0.94, 0.99, 0.95, 0.948, 0.96, 1.02, 0.93])
got = [e[k] for k in ("median", "lo", "hi", "log_mean", "log_se", "p_diff", "p_same")]
want = [0.95, 0.937333333, 0.998, -0.0386014101, 0.0122540786, 1, 0.218772938]
bad = [(g, w) for g, w in zip(got, want) if abs(g - w) > 1e-8 * max(1, abs(w))]
verdict = interplock.verdict_of(e, e["p_diff"], e["p_same"])
few = interplock.ratio_estimate([1.2, 1.3, 1.25, 1.22])
if bad or verdict != ("inconclusive", "noise") or few["lo"] is not None:
    sys.exit("got %s, verdict %s, 4 values' interval %s" % (got, verdict, few["lo"]))
EOF
[ "$rc" -eq 0 ] || { show "$WORK/stats.out"; check_fail "interplock.py's statistics differ from tvp's"; }

# The same work gives one checksum per kernel in every row of every file; py.cpu
# sums the same primes as tvp's cpu.primes, py.io counts its waits.
c_sum=$(csv_cols "$C/summary.csv" checksum | sort -u)
[ "$(printf '%s\n' "$c_sum" | wc -l)" -eq 1 ] || fail "tvp's own cpu.primes checksums differ: $c_sum"
for file in summary.csv runs.csv; do
  got=$(csv_cols "$PY/$file" kernel checksum | sort -u)
  want=$(printf 'py.cpu\t%s\npy.io\t20' "$c_sum")
  [ "$got" = "$want" ] || check_fail "$file: checksums per kernel are $(echo $got), expected $(echo $want)"
done
wsum=$(csv_cols "$PY/workers.csv" config rep checksum | awk -F '\t' '{ s[$1 " " $2] += $3 } END { for (k in s) print s[k] }' | sort -u)
[ "$(printf '%s\n' "$wsum" | wc -l)" -eq 2 ] || check_fail "workers.csv: per-repetition sums of worker checksums should take 2 values (one per kernel), got $(echo $wsum)"

# meta.json: one key a line, as the chart scripts and tvp report read it.
json_has_key "$PY/meta.json" cores && json_has_key "$PY/meta.json" pus && json_has_key "$PY/meta.json" host ||
  { show "$PY/meta.json"; check_fail "meta.json lacks cores, pus or host"; }
[ "$(json_str "$PY/meta.json" state)" = complete ] || check_fail "meta.json state is '$(json_str "$PY/meta.json" state)', not complete"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$PY/meta.json" 2>"$WORK/json.err" ||
  { show "$WORK/json.err"; check_fail "meta.json is not valid JSON"; }

# A folder that already holds a run is refused, as tvp refuses it.
rc=0
python3 "$SCRIPT" "${TINY[@]}" --out "$PY" >/dev/null 2>"$WORK/again.err" || rc=$?
[ "$rc" -eq 2 ] && grep -q "already holds a run" "$WORK/again.err" ||
  { show "$WORK/again.err"; check_fail "a second run into $PY exited $rc instead of refusing with 2"; }

# A kernel whose work depends on the split must be caught: the second worker's
# share adds one to its checksum, so 2 workers disagree with 1.
rc=0
python3 - "$SCRIPT" "$WORK/skewed" >"$WORK/skewed.out" 2>"$WORK/skewed.err" <<'EOF' || rc=$?
import os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import interplock
bound, run, units, unit, what = interplock.KERNELS["py.cpu"]
interplock.KERNELS["py.cpu"] = (bound, lambda first, count: run(first, count) + (first > 0), units, unit, what)
sys.exit(interplock.main(["interplock.py", "--kernels", "py.cpu", "--models", "py-thread", "--workers", "1,2", "--reps", "1",
                          "--warmup", "0", "--cpu-units", "200", "--quiet", "--out", sys.argv[2]]))
EOF
[ "$rc" -eq 1 ] && grep -q "checksums differ" "$WORK/skewed.err" ||
  { show "$WORK/skewed.err"; check_fail "a checksum that changes with the worker count exited $rc, not 1 with 'checksums differ'"; }

# tvp report reads the folder; tvp plot draws it, and interplock.gp beside the
# C run, silently.
run_tvp report report "$PY"
[ "$RC" -eq 0 ] && [ -s "$PY/report.md" ] || { show "$WORK/report.err"; check_fail "tvp report on the Python run exited $RC"; }
grep -q "py-process" "$PY/report.md" || check_fail "report.md does not mention py-process"

if command -v gnuplot >/dev/null 2>&1; then
  rc=0
  TVP_PLOTS_DIR=$SRC/plots "$TVP" plot --format png "$PY" >"$WORK/plot.out" 2>"$WORK/plot.err" || rc=$?
  [ "$rc" -eq 0 ] && [ ! -s "$WORK/plot.err" ] || { show "$WORK/plot.err"; check_fail "tvp plot on the Python run exited $rc or warned"; }
  [ -s "$PY/plots/speedup-py.cpu.png" ] || check_fail "tvp plot drew no speedup-py.cpu.png"
  # interplock.gp, with what tvp computes of both files: tvp plot --python.
  rc=0
  TVP_PLOTS_DIR=$SRC/plots "$TVP" plot "$C" --python "$PY" >"$WORK/il.out" 2>"$WORK/il.err" || rc=$?
  [ "$rc" -eq 0 ] && [ ! -s "$WORK/il.err" ] || { show "$WORK/il.err"; check_fail "tvp plot --python exited $rc or warned"; }
  [ "$(ls -A "$C/plots" | tr '\n' ' ')" = "interplock.png interplock.svg " ] ||
    check_fail "tvp plot --python drew: $(ls -A "$C/plots" | tr '\n' ' ')"
  [ "$(head -c 8 "$C/plots/interplock.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    check_fail "interplock.png is not a PNG"
  grep -q 'Python threads' "$C/plots/interplock.svg" || check_fail "interplock.svg draws no Python threads"
  # The ideal line stops at the PU count as on the speedup chart: on a machine
  # of at most 2 PUs (the C run's workers are 1 and 2) its legend says where.
  pus=$(sed -n 's/.*"pus": *\([0-9]*\).*/\1/p' "$C/meta.json" | head -1)
  if [ -n "$pus" ] && [ "$pus" -le 2 ]; then
    grep -qF "ideal: speedup = workers, up to $pus PU" "$C/plots/interplock.svg" ||
      check_fail "interplock.svg's ideal line does not stop at the $pus PUs"
  else
    grep -qF 'ideal: speedup = workers' "$C/plots/interplock.svg" || check_fail "interplock.svg has no ideal line"
  fi
  # Without what tvp computes, interplock.gp says what it needs instead of
  # drawing half a chart.
  rc=0
  gnuplot -e "csv='$C/summary.csv'; pycsv='$PY/summary.csv'; out='$WORK/none.png'" "$SRC/plots/interplock.gp" \
    >"$WORK/none.out" 2>&1 || rc=$?
  [ "$rc" -ne 0 ] && grep -q 'answers' "$WORK/none.out" && [ ! -e "$WORK/none.png" ] ||
    { show "$WORK/none.out"; check_fail "interplock.gp without answers exited $rc"; }
else
  echo "$TEST: gnuplot is not installed: the charts were not checked"
fi

finish
