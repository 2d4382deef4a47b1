#!/usr/bin/env bash
# Do tvp's verdicts survive a rerun? (not run by CI; docs/methodology.md has
# the result and the machine it came from).
#
#   bash bench/verdicts.sh [--tvp PATH] [--suite FILE] [--aa-runs N] [--claims N]
#                          [--out DIR] [--skip-aa] [--skip-claims] [--skip-busy]
#
# 1. A/A: the suite (bench/quick.suite by default) run 2N times back to back
#    (N = 3 by default), alternately into side a and side b; then
#    `tvp compare` of a1 against b1 (one run a side) and of all a against all
#    b (N runs a side): the share of configurations called faster or slower
#    (an identical thing measured twice: ideally none), and how many of the
#    run's own verdicts (each model against threads) differ between a1 and
#    b1, and how many of those say the opposite.
# 2. Beside a busy loop bound to the first CPU (unless --skip-busy): the suite
#    once more, compared with a1: its disturbed configurations should be
#    called disturbed, not slower.
# 3. Claims: `tvp claims --no-python` N times back to back (5 by default),
#    then N times beside a busy loop bound to the first CPU: each claim's
#    verdict in each run. Quiet runs should all agree; a busy run may say
#    inconclusive but never the opposite of the quiet verdict.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TVP=$ROOT/build/tvp
SUITE=$ROOT/bench/quick.suite
CLAIMS=5
AA_RUNS=3
OUT=$ROOT/results/verdicts-$(date -u +%Y%m%dT%H%M%SZ)
AA=1 DO_CLAIMS=1 BUSY=1
while [ $# -gt 0 ]; do
  case $1 in
  --tvp) TVP=$2; shift 2 ;;
  --suite) SUITE=$2; shift 2 ;;
  --claims) CLAIMS=$2; shift 2 ;;
  --aa-runs) AA_RUNS=$2; shift 2 ;;
  --out) OUT=$2; shift 2 ;;
  --skip-aa) AA=0; shift ;;
  --skip-claims) DO_CLAIMS=0; shift ;;
  --skip-busy) BUSY=0; shift ;;
  -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "verdicts.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$TVP" ] || { echo "verdicts.sh: no tvp at '$TVP': build it first (cmake --build build)" >&2; exit 2; }
[[ "$CLAIMS" =~ ^[0-9]+$ ]] || { echo "verdicts.sh: --claims takes a count, not '$CLAIMS'" >&2; exit 2; }
[[ "$AA_RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "verdicts.sh: --aa-runs takes a positive count, not '$AA_RUNS'" >&2; exit 2; }
mkdir -p "$OUT"
exec > >(tee "$OUT/verdicts.txt")
echo "verdicts.sh on $(uname -n), $(nproc) CPUs, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"

# col FILE NAME...: the named columns of a CSV file (no quoted commas in these), tab-separated.
col() {
  local f=$1; shift
  awk -F, -v want="$*" 'NR == 1 { n = split(want, w, " "); for (i = 1; i <= NF; i++) at[$i] = i; next }
    { line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? "\t" : "") $(at[w[j]]); print line }' "$f"
}

# called OUTDIR LABEL: the verdicts compare.csv holds, and the share called different.
called() {
  echo "== A/A, $2"
  col "$1/compare.csv" verdict | sort | uniq -c | sed 's/^/  /'
  col "$1/compare.csv" verdict |
    awk '{ n++ } $1 == "faster" || $1 == "slower" { d++ } END { printf "  called different: %d of %d (%.1f %%)\n", d, n, n ? 100 * d / n : 0 }'
}

if [ "$AA" = 1 ]; then
  for i in $(seq 1 "$AA_RUNS"); do
    for side in a b; do
      "$TVP" run "$SUITE" --out "$OUT/aa-$side$i" --quiet >/dev/null
    done
  done
  echo
  "$TVP" compare "$OUT/aa-a1" "$OUT/aa-b1" --out "$OUT/aa-compare-1" >"$OUT/aa-compare-1.txt" 2>&1 || true
  called "$OUT/aa-compare-1" "one run a side ($(basename "$SUITE"))"
  if [ "$AA_RUNS" -gt 1 ]; then
    a=() b=()
    for i in $(seq 1 "$AA_RUNS"); do a+=("$OUT/aa-a$i"); b+=("$OUT/aa-b$i"); done
    "$TVP" compare "${a[@]}" -- "${b[@]}" --out "$OUT/aa-compare-$AA_RUNS" >"$OUT/aa-compare-$AA_RUNS.txt" 2>&1 || true
    called "$OUT/aa-compare-$AA_RUNS" "$AA_RUNS runs a side"
  fi
  echo "== the runs' own verdicts (each model against threads), a1 against b1"
  paste <(col "$OUT/aa-a1/summary.csv" kernel model workers verdict) <(col "$OUT/aa-b1/summary.csv" verdict) |
    awk -F '\t' '$4 != "" { n++; if ($4 != $5) { d++; print "  " $1 " " $2 " at " $3 ": " $4 " then " $5 }
        if ($4 $5 ~ /fasterslower|slowerfaster|samefaster|sameslower|fastersame|slowersame/) o++ }
      END { printf "  verdicts that differ: %d of %d; that say the opposite: %d\n", d, n, o }'
fi

start_busy() {
  taskset -c 0 sh -c 'while :; do :; done' &
  busy=$!
  trap 'kill $busy 2>/dev/null || true' EXIT
}

if [ "$AA" = 1 ] && [ "$BUSY" = 1 ]; then
  start_busy
  "$TVP" run "$SUITE" --out "$OUT/aa-busy" --quiet >/dev/null || true
  kill "$busy"
  "$TVP" compare "$OUT/aa-a1" "$OUT/aa-busy" --out "$OUT/aa-compare-busy" >"$OUT/aa-compare-busy.txt" 2>&1 || true
  called "$OUT/aa-compare-busy" "a1 against a run beside a busy loop on CPU 0"
fi

# verdict_line DIR: each claim's verdict in claims.md, as "1:holds 2:..." .
verdict_line() {
  awk '/^## Claim [0-9]+:/ { n = $3; sub(":", "", n) }
    /^\*\*Verdict: / { v = $0; sub(/^\*\*Verdict: /, "", v); sub(/\.?\*\*.*$/, "", v); gsub(/ /, "_", v); printf "%s:%s ", n, v }
    END { print "" }' "$1/claims.md"
}

claims_runs() { # claims_runs LABEL
  for i in $(seq 1 "$CLAIMS"); do
    local dir=$OUT/claims-$1-$i start=$SECONDS
    "$TVP" claims --no-python --out "$dir" >"$dir.log" 2>&1 || echo "  (run $i exited $?)"
    echo "  $1 $i ($((SECONDS - start)) s): $(verdict_line "$dir")"
  done
}

if [ "$DO_CLAIMS" = 1 ] && [ "$CLAIMS" -gt 0 ]; then
  echo
  echo "== tvp claims, $CLAIMS times back to back"
  claims_runs quiet
  if [ "$BUSY" = 1 ]; then
    start_busy
    echo "== tvp claims, $CLAIMS times beside a busy loop on CPU 0"
    claims_runs busy
    kill "$busy"
  fi
fi
echo
echo "results: $OUT"
