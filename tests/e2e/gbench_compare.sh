#!/usr/bin/env bash
# Google Benchmark's own tools/compare.py reads what tvp export --format gbench
# writes: two runs compared configuration by configuration (every repetition,
# the aggregates and the U test), and the models of one run compared through
# its name filters, as docs/csv.md shows.
#
# compare.py is Debian's libbenchmark-tools (/usr/share/benchmark/compare.py;
# $TVP_GBENCH_COMPARE names another) and needs python3 with scipy and numpy
# (python3-scipy); bench/run-tests.sh installs both. Without them the test
# reports itself skipped (77).
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

skip() {
  printf '%s: SKIP: %s\n' "$TEST" "$*" >&2
  exit 77
}

COMPARE=${TVP_GBENCH_COMPARE:-}
if [ -z "$COMPARE" ] && command -v dpkg >/dev/null 2>&1; then
  COMPARE=$(dpkg -L libbenchmark-tools 2>/dev/null | grep '/compare\.py$' | head -n 1 || true)
fi
[ -n "$COMPARE" ] || COMPARE=/usr/share/benchmark/compare.py
[ -f "$COMPARE" ] || skip "Google Benchmark's tools/compare.py is not installed (Debian: libbenchmark-tools)"
PY=""
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import scipy.stats, numpy' 2>/dev/null; then
    PY=$py
    break
  fi
done
[ -n "$PY" ] || skip "no python3 with scipy and numpy, which $COMPARE imports (Debian: python3-scipy)"
export PYTHONDONTWRITEBYTECODE=1

for side in a b; do
  run_tvp "run-$side" run --kernels cpu.primes --models thread,fork --workers 1,2 --size 5k --reps 3 \
    --warmup 0 --quiet --out "$WORK/$side"
  [ "$RC" -eq 0 ] || { show "$WORK/run-$side.err"; fail "run $side exited $RC"; }
  run_tvp "exp-$side" export --out "$WORK/$side.json" "$WORK/$side"
  [ "$RC" -eq 0 ] || { show "$WORK/exp-$side.err"; fail "export of run $side exited $RC"; }
done
NAMES=$(sed -n 's/^      "run_name": "\(.*\)",$/\1/p' "$WORK/a.json" | uniq)
[ "$(echo "$NAMES" | wc -l)" -eq 4 ] || fail "the export of run a names $(echo "$NAMES" | wc -l) configurations, not 4"

# --- compare.py benchmarks A B ---------------------------------------------------
RC=0
"$PY" "$COMPARE" --no-color -d "$WORK/diff.json" benchmarks "$WORK/a.json" "$WORK/b.json" \
  >"$WORK/cmp.out" 2>"$WORK/cmp.err" || RC=$?
[ "$RC" -eq 0 ] || { show "$WORK/cmp.err"; fail "compare.py benchmarks exited $RC"; }
while read -r name; do
  for suffix in "" _pvalue _mean _median _stddev _cv; do
    grep -qF -- "$name$suffix " "$WORK/cmp.out" || check_fail "compare.py printed no line for $name$suffix"
  done
  [ "$(grep -cF -- "$name " "$WORK/cmp.out")" -eq 3 ] || check_fail "compare.py did not print 3 repetitions of $name"
done <<<"$NAMES"
# Its figures are the exports': every repetition of A against the same of B.
bad=$("$PY" - "$WORK/a.json" "$WORK/b.json" "$WORK/diff.json" <<'EOF'
import json, sys
a, b, diff = (json.load(open(p)) for p in sys.argv[1:4])
def times(doc, name):
    return [(x["real_time"], x["cpu_time"]) for x in doc["benchmarks"] if x["name"] == name]
for d in diff:
    if d["name"] == "OVERALL_GEOMEAN":
        continue
    got = [(m["real_time"], m["cpu_time"]) for m in d["measurements"]]
    other = [(m["real_time_other"], m["cpu_time_other"]) for m in d["measurements"]]
    if got != times(a, d["name"]) or other != times(b, d["name"]) or d["time_unit"] != "ms":
        print("%s: compare.py read %s / %s" % (d["name"], got, other))
names = {x["name"] for x in a["benchmarks"]}
if names - {d["name"] for d in diff}:
    print("not compared: %s" % sorted(names - {d["name"] for d in diff}))
EOF
)
[ -z "$bad" ] || check_fail "compare.py's dump disagrees with the exports: $bad"

# --- compare.py filters RUN model:thread model:fork --------------------------------
RC=0
"$PY" "$COMPARE" --no-color filters "$WORK/a.json" model:thread model:fork >"$WORK/filt.out" 2>"$WORK/filt.err" || RC=$?
[ "$RC" -eq 0 ] || { show "$WORK/filt.err"; fail "compare.py filters exited $RC"; }
for w in 1 2; do
  grep -qF "cpu.primes/[model:thread vs. model:fork]/placement:core/scaling:strong/workers:$w/size:5000_median " \
    "$WORK/filt.out" || { check_fail "compare.py filters did not pair thread and fork at $w workers"; show "$WORK/filt.out"; }
done
finish
