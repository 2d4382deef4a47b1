#!/usr/bin/env bash
# The measurement protocol, measured (not run by CI; docs/methodology.md has
# its result and the machine it came from).
#
#   bash bench/protocol.sh [--tvp PATH] [--runs N] [--out DIR] [--skip-busy]
#
# 1. A/A spread: N identical runs (5 by default) of cpu.primes and os.mmap
#    under thread and fork at 1 and 2 workers, each run once in the blocked
#    order and once interleaved, alternating, so both orders see the same
#    hours of the machine. Prints each run's fork/thread ratio at 2 workers
#    and cpu.primes's speedup at 2 workers, then max/min of each figure per
#    order. Both are read through summary.csv's speedup and ratio, medians of
#    per-round ratios: interleaved rounds pair repetitions taken together,
#    blocked runs the i-th repetitions, taken at different times.
# 2. Disturbance: cpu.primes with one worker bound to the first PU, beside a
#    busy loop the script starts on that PU and stops after, then alone: the
#    share of repetitions flagged `disturbed` in each case.
# 3. os.malloc at one worker: fork/thread, which equal warm arenas make ~1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TVP=$ROOT/build/tvp
RUNS=5
OUT=$ROOT/results/protocol-$(date -u +%Y%m%dT%H%M%SZ)
BUSY=1
while [ $# -gt 0 ]; do
  case $1 in
  --tvp) TVP=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  --out) OUT=$2; shift 2 ;;
  --skip-busy) BUSY=0; shift ;;
  -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "protocol.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$TVP" ] || { echo "protocol.sh: no tvp at '$TVP': build it first (cmake --build build)" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "protocol.sh: --runs takes a positive count, not '$RUNS'" >&2; exit 2; }
mkdir -p "$OUT"
exec > >(tee "$OUT/protocol.txt")

# col FILE NAME...: the named columns of a CSV file (no quoted commas in these), tab-separated.
col() {
  awk -F, -v want="$(IFS=,; echo "${*:2}")" '
    NR == 1 {n = split(want, w, ","); for (i = 1; i <= NF; i++) at[$i] = i; next}
    {line = ""; for (k = 1; k <= n; k++) line = line (k > 1 ? "\t" : "") (w[k] in at ? $at[w[k]] : ""); print line}' "$1"
}
# pick DIR KERNEL MODEL WORKERS COLUMN [FALLBACK]: one summary.csv figure.
pick() {
  local v
  v=$(col "$1/summary.csv" kernel model workers "$5" | awk -F '\t' -v k="$2" -v m="$3" -v w="$4" \
    '$1 == k && $2 == m && $3 == w {print $4}')
  if [ -z "$v" ] && [ -n "${6:-}" ]; then pick "$1" "$2" "$3" "$4" "$6"; else echo "${v:--}"; fi
}

echo "# protocol.sh on $(uname -n), $(nproc) PUs, $(date -u +%Y-%m-%dT%H:%MZ), tvp $("$TVP" --version 2>/dev/null | head -1)"
echo
echo "## 1. A/A spread: $RUNS identical runs per order (5 repetitions each)"
printf '%-12s %3s %14s %14s %14s %14s %6s\n' order run mmap_f/t@2 primes_f/t@2 primes_S_thr@2 primes_S_fork@2 flagged
for i in $(seq 1 "$RUNS"); do
  for order in blocked interleaved; do
    d=$OUT/aa-$order-$i
    "$TVP" run --kernels cpu.primes,os.mmap --models thread,fork --workers 1,2 --reps 5 --warmup 1 \
      --order "$order" --out "$d" --quiet >/dev/null 2>"$d.err" || { echo "run $d failed:"; cat "$d.err"; exit 1; }
    # Both orders' speedup and ratio are medians of per-round ratios; blocked
    # runs pair the i-th repetitions, taken at different times.
    r=ratio_vs_thread s=speedup
    flagged=$(col "$d/summary.csv" kernel workers implausible | awk -F '\t' '$1 == "cpu.primes" && $2 == 2 && $3 == 1' | wc -l)
    printf '%-12s %3d %14s %14s %14s %14s %6s\n' "$order" "$i" "$(pick "$d" os.mmap fork 2 $r ratio_vs_thread)" \
      "$(pick "$d" cpu.primes fork 2 $r ratio_vs_thread)" "$(pick "$d" cpu.primes thread 2 $s speedup)" \
      "$(pick "$d" cpu.primes fork 2 $s speedup)" "$flagged"
  done
done | tee "$OUT/aa.txt"
echo
awk '$1 == "blocked" || $1 == "interleaved" {
       for (c = 3; c <= 6; c++) if ($c != "-") {
         k = $1 SUBSEP c
         if (!(k in lo) || $c < lo[k]) lo[k] = $c
         if (!(k in hi) || $c > hi[k]) hi[k] = $c
       }
       if ($1 == "interleaved") for (c = 5; c <= 6; c++) if ($c != "-") {
         n++; if (($c >= 1.85 && $c <= 2.05) || $7 > 0) good++ }
     }
     END {
       split("mmap_f/t@2 primes_f/t@2 primes_S_thr@2 primes_S_fork@2", name, " ")
       printf "%-16s %18s %18s\n", "max/min", "blocked", "interleaved"
       for (c = 3; c <= 6; c++)
         printf "%-16s %18.3f %18.3f\n", name[c - 2], hi["blocked" SUBSEP c] / lo["blocked" SUBSEP c],
                hi["interleaved" SUBSEP c] / lo["interleaved" SUBSEP c]
       printf "interleaved cpu.primes speedups at 2 workers within 1.85-2.05 or flagged: %d of %d\n", good, n
     }' "$OUT/aa.txt"

# share DIR: repetitions flagged disturbed among the measured ones, as "k of n".
share() { col "$1/runs.csv" warmup status disturbed | awk -F '\t' '$1 == 0 && $2 == "ok" {n++; k += $3 == 1} END {printf "%d of %d\n", k, n}'; }
if [ "$BUSY" = 1 ]; then
  echo
  echo "## 2. Disturbance: one worker on PU 0, beside a busy loop on PU 0, then alone"
  first_pu=$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')
  taskset -c "$first_pu" sh -c 'while :; do :; done' &
  busy=$!
  trap 'kill $busy 2>/dev/null || true' EXIT
  sleep 0.5
  "$TVP" run --kernels cpu.primes --models thread,fork --workers 1 --placement pu --reps 10 --warmup 1 \
    --out "$OUT/busy" --quiet >/dev/null 2>"$OUT/busy.err" || true
  kill "$busy" 2>/dev/null || true
  wait "$busy" 2>/dev/null || true
  sleep 1
  "$TVP" run --kernels cpu.primes --models thread,fork --workers 1 --placement pu --reps 10 --warmup 1 \
    --out "$OUT/quiet" --quiet >/dev/null 2>"$OUT/quiet.err" || true
  echo "beside the busy loop: $(share "$OUT/busy") repetitions flagged disturbed"
  echo "alone:                $(share "$OUT/quiet") repetitions flagged disturbed"
  col "$OUT/busy/runs.csv" warmup runq_wait_share | awk -F '\t' '$1 == 0 && $2 != "" {print $2}' | sort -g |
    awk '{v[NR] = $1} END {if (NR) printf "run-queue wait share beside the loop: median %.3f (min %.3f, max %.3f)\n", v[int((NR + 1) / 2)], v[1], v[NR]}'
  col "$OUT/quiet/runs.csv" warmup runq_wait_share | awk -F '\t' '$1 == 0 && $2 != "" {print $2}' | sort -g |
    awk '{v[NR] = $1} END {if (NR) printf "run-queue wait share alone:           median %.5f (min %.5f, max %.5f)\n", v[int((NR + 1) / 2)], v[1], v[NR]}'
fi

echo
echo "## 3. os.malloc at one worker, fork/thread"
"$TVP" run --kernels os.malloc --models thread,fork --workers 1 --reps 10 --warmup 1 --out "$OUT/malloc" --quiet \
  >/dev/null 2>"$OUT/malloc.err" || { cat "$OUT/malloc.err"; exit 1; }
fork_med=$(pick "$OUT/malloc" os.malloc fork 1 throughput_median)
thread_med=$(pick "$OUT/malloc" os.malloc thread 1 throughput_median)
echo "paired (median per-round) ratio: $(pick "$OUT/malloc" os.malloc fork 1 ratio_vs_thread)" \
  "[$(pick "$OUT/malloc" os.malloc fork 1 ratio_ci95_low), $(pick "$OUT/malloc" os.malloc fork 1 ratio_ci95_high)];" \
  "ratio of medians: $(awk -v a="$fork_med" -v b="$thread_med" 'BEGIN { if (b > 0) printf "%.4g", a / b; else print "-" }')"
echo
echo "folder: $OUT"
