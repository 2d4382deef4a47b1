#!/usr/bin/env bash
# Soak test of the harness (not run by CI; docs/reliability.md has its result).
#
#   bash bench/soak.sh [--tvp PATH] [--suite FILE] [--rounds N] [--out DIR]
#
# Runs a suite (bench/soak.suite by default: 1,140 configurations with 1 to 256
# workers under every model) N times back to back (1 by default), and watches
# the runner from outside, once a second, through /proc: its open descriptors,
# its resident and virtual memory, its child processes (at most the one cell
# should be there between two samples) and zombies. Between rounds and at the
# end it counts what a leak would leave on the machine: processes of the run,
# files in its --tmpdir, entries in /dev/shm. It writes samples.csv and
# verdict.txt in DIR and exits 0 only when there is no growth and nothing left.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TVP=$ROOT/build/tvp
SUITE=$ROOT/bench/soak.suite
ROUNDS=1
OUT=$ROOT/results/soak-$(date -u +%Y%m%dT%H%M%SZ)
while [ $# -gt 0 ]; do
  case $1 in
  --tvp) TVP=$2; shift 2 ;;
  --suite) SUITE=$2; shift 2 ;;
  --rounds) ROUNDS=$2; shift 2 ;;
  --out) OUT=$2; shift 2 ;;
  -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "soak.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$TVP" ] || { echo "soak.sh: no tvp at '$TVP': build it first (cmake --build build)" >&2; exit 2; }
[ -r "$SUITE" ] || { echo "soak.sh: cannot read the suite '$SUITE'" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "soak.sh: --rounds takes a positive count, not '$ROUNDS'" >&2; exit 2; }
mkdir -p "$OUT/tmp"
SAMPLES=$OUT/samples.csv
VERDICT=$OUT/verdict.txt
echo "round,t_s,configs_done,fds,rss_kib,vsz_kib,children,zombies" >"$SAMPLES"
: >"$VERDICT"

shm_count() { find /dev/shm -maxdepth 1 -mindepth 1 2>/dev/null | wc -l; }
# tvp processes whose command line names this soak's folder: none may outlive a round.
ours() { ps -eo pid=,comm=,args= | awk -v t="$OUT" '$2 == "tvp" && index($0, t) { print $1 }'; }
say() { echo "$*" | tee -a "$VERDICT"; }

shm_before=$(shm_count)
failed=0
start=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
  run=$OUT/round-$round
  nice -n 10 "$TVP" run "$SUITE" --out "$run" --tmpdir "$OUT/tmp" --quiet >"$OUT/round-$round.out" \
    2>"$OUT/round-$round.err" &
  pid=$!
  t0=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    fds=$(find "/proc/$pid/fd" -mindepth 1 2>/dev/null | wc -l) || true
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || true
    vsz=$(awk '/^VmSize:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || true
    kids=$(ps -o stat= --ppid "$pid" 2>/dev/null) || true
    nkids=$(printf '%s' "$kids" | grep -c . || true)
    nzomb=$(printf '%s' "$kids" | grep -c '^Z' || true)
    done_=$( (tail -n +2 "$run/runs.csv" | cut -d, -f1 | sort -u | wc -l) 2>/dev/null || echo 0)
    [ -n "$rss" ] && echo "$round,$((SECONDS - t0)),$done_,$fds,$rss,$vsz,$nkids,$nzomb" >>"$SAMPLES"
    sleep 1
  done
  rc=0
  wait "$pid" || rc=$?
  configs=0 nfailed=0
  if [ -r "$run/summary.csv" ]; then
    configs=$(tail -n +2 "$run/summary.csv" | wc -l)
    nfailed=$(awk -F, 'NR > 1 && $13 == "failed"' "$run/summary.csv" | wc -l)
  fi
  say "round $round: exit $rc, $configs configurations in summary.csv, $nfailed failed, $((SECONDS - t0)) s"
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { say "  FAIL: tvp exited $rc"; failed=1; }
  [ "$nfailed" -eq 0 ] || awk -F, 'NR > 1 && $13 == "failed" { print "  failed: " $2 ", " $4 ", " $7 " workers: " $14 }' "$run/summary.csv" | tee -a "$VERDICT"
  sleep 1 # let the kernel finish tearing down the last cell
  left=$(ours | tr '\n' ' ')
  [ -z "$left" ] || { say "  FAIL: processes left after round $round: $left"; failed=1; }
  ntmp=$(find "$OUT/tmp" -mindepth 1 | wc -l)
  [ "$ntmp" -eq 0 ] || { say "  FAIL: $ntmp files left in the --tmpdir after round $round"; failed=1; }
  shm_now=$(shm_count)
  [ "$shm_now" -le "$shm_before" ] || { say "  FAIL: /dev/shm grew from $shm_before to $shm_now entries"; failed=1; }
done

# Growth within each round: the first samples after the first configuration
# against the last ones (medians of 5, so one sample taken mid-cell does not decide).
awk -F, -v out="$VERDICT" '
  NR == 1 { next }
  function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
  $3 >= 1 { r = $1; n[r]++; fd[r, n[r]] = $4; rss[r, n[r]] = $5; vsz[r, n[r]] = $6; if ($7 > maxkids[r]) maxkids[r] = $7; if ($8 > 0) z[r]++ }
  END {
    bad = 0
    for (r in n) {
      k = n[r] < 5 ? n[r] : 5
      for (m = 0; m < 3; m++) {
        split("", a); split("", b)
        for (i = 1; i <= k; i++) { a[i] = m == 0 ? fd[r, i] : m == 1 ? rss[r, i] : vsz[r, i]; b[i] = m == 0 ? fd[r, n[r] - k + i] : m == 1 ? rss[r, n[r] - k + i] : vsz[r, n[r] - k + i] }
        first[m] = med(a, k); last[m] = med(b, k)
      }
      printf "round %s: %d samples; descriptors %d -> %d; RSS %d -> %d KiB; virtual %d -> %d KiB; at most %d children at once; %d samples saw a zombie child\n", r, n[r], first[0], last[0], first[1], last[1], first[2], last[2], maxkids[r], z[r] + 0 | "tee -a " out
      if (last[0] > first[0]) { print "  FAIL: open descriptors grew" | "tee -a " out; bad = 1 }
      # The runner keeps each configuration'"'"'s repetitions for the summary (a few
      # hundred bytes each): 2 MiB over the run is that, not a leak per cell.
      if (last[1] - first[1] > 2048) { print "  FAIL: resident memory grew by more than 2 MiB" | "tee -a " out; bad = 1 }
      if (last[2] - first[2] > 8192) { print "  FAIL: virtual memory grew by more than 8 MiB (a mapping not unmapped?)" | "tee -a " out; bad = 1 }
    }
    exit bad
  }' "$SAMPLES" || failed=1
say "$ROUNDS round(s) in $((SECONDS - start)) s; samples in $SAMPLES"
if [ "$failed" -eq 0 ]; then say "soak: PASS"; else say "soak: FAIL"; fi
exit "$failed"
