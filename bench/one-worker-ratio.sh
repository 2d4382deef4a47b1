#!/usr/bin/env bash
# One worker, fork against thread: a check that every model starts from the
# same warm state (docs/kernels.md, "One worker: fork against thread").
#
#   bash bench/one-worker-ratio.sh [--tvp PATH] [--reps N] [--kernels LIST] [--out DIR]
#
# Runs every kernel that `tvp list kernels --tsv` lists, but those that create
# children (spawn.*) and the pair kernels (which need two workers), or the
# kernels of LIST (comma-separated), at one worker under thread and fork, in
# N interleaved rounds of one repetition of each model (5 by default, at least
# 5), and prints a table: the kernel, the median time under thread and under
# fork, fork/thread (fork's throughput over thread's: the thread's median time
# over the fork's), and the same ratio of the median CPU time (user + system),
# which other work on the machine disturbs less. A ratio outside 0.9-1.1 is
# marked '*'. With one worker nothing is shared, so the two models should do
# the same work in the same time; docs/kernels.md explains each kernel that
# does not. Without --tvp it builds tvp first, as bench/run-quick.sh does.
# Each round's run folders go in DIR (results/one-worker-<UTC time> by
# default), and the table to DIR/ratio.txt, with the machine, the date and the
# load. Exit status: 0, 1 when a configuration failed (its row says so), 2 for
# bad arguments.
set -euo pipefail
TVP_ROOT=$(cd "$(dirname "$0")/.." && pwd)
TVP=
REPS=5
KERNELS=
OUT=$TVP_ROOT/results/one-worker-$(date -u +%Y%m%dT%H%M%SZ)
while [ $# -gt 0 ]; do
  case $1 in
  --tvp) [ $# -ge 2 ] || { echo "one-worker-ratio.sh: --tvp needs a path" >&2; exit 2; }; TVP=$2; shift 2 ;;
  --reps) [ $# -ge 2 ] || { echo "one-worker-ratio.sh: --reps needs a count" >&2; exit 2; }; REPS=$2; shift 2 ;;
  --kernels) [ $# -ge 2 ] || { echo "one-worker-ratio.sh: --kernels needs a list" >&2; exit 2; }; KERNELS=$2; shift 2 ;;
  --out) [ $# -ge 2 ] || { echo "one-worker-ratio.sh: --out needs a folder" >&2; exit 2; }; OUT=$2; shift 2 ;;
  -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  *) echo "one-worker-ratio.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$REPS" =~ ^[0-9]+$ ]] && [ "$REPS" -ge 5 ] ||
  { echo "one-worker-ratio.sh: --reps takes a count of 5 or more (a median of fewer says little), not '$REPS'" >&2; exit 2; }
if [ -z "$TVP" ]; then
  . "$TVP_ROOT/bench/lib-setup.sh"
  tvp_install_missing
  tvp_build >/dev/null
  TVP=$TVP_ROOT/build/tvp
fi
[ -x "$TVP" ] || { echo "one-worker-ratio.sh: no tvp at '$TVP': build it first (cmake --build build)" >&2; exit 2; }
[ ! -e "$OUT" ] || { echo "one-worker-ratio.sh: '$OUT' exists: give another --out" >&2; exit 2; }

# The kernels: name in column 1, traits (paired, ...) in column 4.
kernels=$("$TVP" list kernels --tsv |
  awk -F '\t' 'NR > 1 && $4 !~ /paired/ && $1 !~ /^spawn\./ { printf "%s%s", sep, $1; sep = "," }')
[ -z "$KERNELS" ] || kernels=$KERNELS # tvp run names any kernel it does not know
[ -n "$kernels" ] || { echo "one-worker-ratio.sh: tvp list kernels --tsv lists no kernel to run" >&2; exit 1; }

load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
start=$SECONDS
status=0
mkdir -p "$OUT"
# Interleaved: each round runs every kernel once under each model, thread first
# in odd rounds and fork first in even ones, so that other work on the machine,
# which comes and goes over minutes, falls on both models alike instead of on
# whichever ran its repetitions during it.
for round in $(seq 1 "$REPS"); do
  models="thread fork"
  [ $((round % 2)) -eq 1 ] || models="fork thread"
  for model in $models; do
    run=$OUT/round-$round-$model
    rc=0
    "$TVP" run --kernels "$kernels" --models "$model" --workers 1 --reps 1 --warmup 0 --out "$run" \
      --quiet >"$run.log" 2>&1 || rc=$?
    # A failed configuration (exit 1) still leaves the others' rows.
    [ "$rc" -ne 1 ] || status=1
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
      echo "one-worker-ratio.sh: tvp run exited $rc (round $round, $model):" >&2
      cat "$run.log" >&2
      exit "$rc"
    fi
  done
done
load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)

{
  echo "machine: $(hostname), ${cpu:-unknown CPU}, $(nproc) PUs; $(uname -sr)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ); $REPS interleaved rounds of one repetition a model, 1 worker," \
    "placement core, default sizes; $((SECONDS - start)) s"
  echo "load average (1, 5, 15 min): $load_before before, $load_after after"
  echo
  # Every round's runs.csv: the fields named in its header; a quoted field (a
  # failure's reason) may hold commas, never a line break.
  awk '
    function split_csv(line, f,   n, i, c, q, cur) {
      n = 0; cur = ""; q = 0
      for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) { if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ } else q = 0 } else cur = cur c }
        else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = cur; cur = "" }
        else cur = cur c
      }
      f[++n] = cur
      return n
    }
    function median(a, n,   i, j, x) {
      for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    FNR == 1 { split("", col); split_csv($0, h); for (i in h) col[h[i]] = i; next }
    {
      split_csv($0, f)
      k = f[col["kernel"]]; m = f[col["model"]]
      if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
      if (f[col["status"]] != "ok" || f[col["warmup"]] != 0) { failed[k] = 1; next }
      n[k, m]++
      wall[k, m, n[k, m]] = f[col["wall_s"]]
      cpu[k, m, n[k, m]] = f[col["user_s"]] + f[col["sys_s"]]
    }
    END {
      printf "%-16s %10s %10s %8s %8s\n", "kernel", "thread s", "fork s", "fork/thr", "cpu f/t"
      for (i = 1; i <= nk; i++) {
        k = order[i]
        if (failed[k] || !n[k, "thread"] || !n[k, "fork"]) { printf "%-16s %10s %10s %8s %8s  failed (see the summary.csv of the rounds)\n", k, "-", "-", "-", "-"; continue }
        for (mi = 1; mi <= 2; mi++) {
          m = mi == 1 ? "thread" : "fork"
          split("", a); split("", b)
          for (j = 1; j <= n[k, m]; j++) { a[j] = wall[k, m, j]; b[j] = cpu[k, m, j] }
          t[m] = median(a, n[k, m]); c[m] = median(b, n[k, m])
        }
        r = (t["fork"] > 0) ? t["thread"] / t["fork"] : 0
        rc = (c["fork"] > 0) ? sprintf("%.2f", c["thread"] / c["fork"]) : "-"
        flag = (r < 0.9 || r > 1.1) ? "  *" : ""
        printf "%-16s %10.4f %10.4f %8.2f %8s%s\n", k, t["thread"], t["fork"], r, rc, flag
      }
    }' "$OUT"/round-*/runs.csv
} | tee "$OUT/ratio.txt"
echo "(* outside 0.9-1.1; the rounds' run folders are in $OUT)"
exit "$status"
