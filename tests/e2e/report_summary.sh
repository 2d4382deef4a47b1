#!/usr/bin/env bash
# report.md answers first: its summary (the machine, the noise, a row per
# kernel by group with each process model's verdict against threads per worker
# count, what the words mean, the ratio heatmap when drawn) is in its first 60
# lines, quotes the verdicts summary.csv holds (tests/fixtures/report/summary:
# three process models and one whose name holds Markdown marks, a kernel in
# two series, disturbed, failed, thread only), and escapes the names it shows.
# Every table of the page has as many cells in each row as in its header, on
# the fixtures and on the reference runs (mpi's included).
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

FIX=$SRC/tests/fixtures/report
[ -s "$FIX/summary/summary.csv" ] || fail "the fixture $FIX/summary/summary.csv is missing"
cp -r "$FIX/summary" "$WORK/sum"
cp -r "$FIX/verdicts" "$WORK/ver"
mkdir -p "$WORK/refs"
for run in 2cpu-epyc-kvm 2cpu-epyc-kvm-pool 2cpu-epyc-kvm-mpi; do
  cp -a "$SRC/results/reference/$run" "$WORK/refs/"
  rm -f "$WORK/refs/$run/report.md"
done

# report DIR: tvp report on DIR, or the test fails.
report() {
  run_tvp rep report "$1"
  [ "$RC" -eq 0 ] && [ -s "$1/report.md" ] || { show "$WORK/rep.err"; fail "tvp report $1 exited $RC"; }
}

# summary_rows MD: the summary table's rows, without header and rule.
summary_rows() {
  awk '/^\| group \| kernel \|/ { t = 1; getline; next } t && !/^\|/ { exit } t' "$1"
}

# tables_consistent MD: every row of every table has its header's cell count.
tables_consistent() {
  md_tables_consistent "$1" || check_fail "$(basename "$(dirname "$1")")/report.md has a table row unlike its header"
}

# first_screen MD KERNELS: the summary opens the page and fits its first 60
# lines; its rows name KERNELS (space-separated) in that order, one each.
first_screen() {
  local md=$1 want=$2 name
  name=$(basename "$(dirname "$md")")
  [ "$(grep -m1 '^## ' "$md")" = "## Summary" ] || check_fail "$name: the page does not open with its summary"
  local legend
  legend=$(grep -n -m1 '^Each cell: ' "$md" | cut -d: -f1 || true)
  [ -n "$legend" ] && [ "$legend" -le 60 ] ||
    check_fail "$name: the summary's table and its legend end at line ${legend:-none}, past the first 60"
  grep -n '^## Machine' "$md" | cut -d: -f1 | { read -r m; [ "${m:-0}" -gt "${legend:-0}" ]; } ||
    check_fail "$name: the machine's section comes before the summary's end"
  local got
  got=$(summary_rows "$md" | awk -F' [|] ' '{ print $2 }' | tr '\n' ' ' | sed 's/ $//' || true)
  [ "$got" = "$want" ] || check_fail "$name: summary rows name '$got', expected '$want'"
}

# ---------------------------------------------------------------- the fixture
report "$WORK/sum"
MD=$WORK/sum/report.md
first_screen "$MD" "cpu.primes cpu.hash os.mmap net.pingpong sync.mutex"
tables_consistent "$MD"
# The group once, on its first row: cpu.hash, later in summary.csv than os.mmap, joins cpu.
summary_rows "$MD" >"$WORK/sum.rows"
printf '%s\n' \
  '| cpu | cpu.primes | same | ? | processes: mpi 1.20 [1.12, 1.28]; fork same, spawn ? | |' \
  '|  | cpu.hash | processes: my\|model\_\*x 1.50 [1.40, 1.60] | | | threads: my\|model\_\*x 0.80 [0.75, 0.85] |' \
  '| os | os.mmap | processes: fork 3.01 [2.74, 3.51], spawn 2.81 [2.67, 3.40]; threads: mpi 0.50 [0.45, 0.55] | fork disturbed, spawn failed, mpi - | | |' \
  '| net | net.pingpong | | threads: fork 0.03 to 0.04, mpi 0.65 [0.56, 0.70] (1 of 2 series); mpi ? (1 of 2 series) | | |' \
  '| sync | sync.mutex | thread only | | | |' >"$WORK/sum.want"
diff -u "$WORK/sum.want" "$WORK/sum.rows" >"$WORK/sum.diff" ||
  { check_fail "the summary's rows differ from the fixture's verdicts"; show "$WORK/sum.diff"; }
grep -qF '| group | kernel | 1 worker | 2 workers | 4 workers | 8 workers |' "$MD" ||
  check_fail "the summary's header does not name every worker count"
# The machine in one line (its name's marks escaped), the noise in one.
grep -qxF 'Machine: Fixture\_CPU \*9000\*; 1 package, 1 NUMA node, 4 cores, 4 PUs; 16 GiB; Linux 6.1.0-fixture x86\_64; host fixturehost.' "$MD" ||
  check_fail "no machine line, or one with its marks unescaped"
grep -qxF 'Noise: 5 of 150 measured repetitions disturbed (3.3 %), left out and made up for with more rounds, 1 configuration disturbed in every round; 0 of 31 configurations implausible (0 %); 1 failed or interrupted.' "$MD" ||
  { check_fail "the noise line is not the fixture's"; grep -n '^Noise' "$MD" >&2 || true; }
# A line under the table says what each word means, and the tests behind them.
legend=$(grep -m1 '^Each cell: ' "$MD" || true)
for word in "processes: " "threads: " "same: no meaningful difference (within the 5 % margin)" \
  "?: inconclusive" "a range (" "series): " "disturbed: " "failed, interrupted: " "-: no verdict" \
  "thread only: " "model throughput / thread throughput" \
  "18 comparisons of each model with threads at the same point, Benjamini-Hochberg at 5 %, margin 5 %"; do
  case $legend in *"$word"*) ;; *) check_fail "the summary's legend does not explain '$word'" ;; esac
done
# No chart drawn: said once; the heatmap appears, in the summary, only once drawn.
grep -qF "No charts yet: run \`tvp plot $WORK/sum\` to draw them." "$MD" || check_fail "no note on drawing the charts"
! grep -q 'ratiomap' "$MD" || check_fail "report.md embeds a ratio heatmap that was not drawn"
mkdir -p "$WORK/sum/plots"
printf 'png' >"$WORK/sum/plots/ratiomap.png"
report "$WORK/sum"
img=$(grep -n -m1 '^!\[.*\](plots/ratiomap.png)$' "$MD" | cut -d: -f1 || true)
legend=$(grep -n -m1 '^Each cell: ' "$MD" | cut -d: -f1 || true)
[ -n "$img" ] && [ -n "$legend" ] && [ "$img" -gt "$legend" ] && [ "$img" -le 60 ] ||
  check_fail "the ratio heatmap is not under the summary's table within the first 60 lines (line ${img:-none})"
n=$(grep -c 'plots/ratiomap.png' "$MD" || true)
[ "$n" -eq 1 ] || check_fail "the ratio heatmap is embedded $n times, not once"
! grep -q 'No charts yet' "$MD" || check_fail "'No charts yet' with a chart drawn"
# The kernels' sections after it: the appendix keeps its tables, says the
# legend once, and has findings only where a verdict is to report.
n=$(grep -c '^| workers |' "$MD" || true)
[ "$n" -eq 6 ] || check_fail "the kernels' sections hold $n tables, expected 6"
n=$(grep -c 'time s: median wall time' "$MD" || true)
[ "$n" -eq 1 ] || check_fail "the tables' legend is said $n times, not once"
sed -n '/^### net.pingpong/,/^### sync.mutex/p' "$MD" >"$WORK/ping"
grep -qF '#### core placement, strong scaling, 20000 units, footprint 64 bytes' "$WORK/ping" || check_fail "net.pingpong's second series has no heading"
n=$(grep -c '^- At 2 workers, fork slower' "$WORK/ping" || true)
[ "$n" -eq 2 ] || check_fail "net.pingpong: $n findings on fork, expected one per series"
grep -qF -- '- Failed: spawn at 2 workers: worker 1 killed by SIGKILL.' "$MD" || check_fail "the failure is not named"

# ------------------------------------------------- the verdicts fixture
report "$WORK/ver"
first_screen "$WORK/ver/report.md" "os.mmap"
tables_consistent "$WORK/ver/report.md"
grep -qxF '| os | os.mmap | processes: fork 2.10 [1.90, 2.30]; threads: spawn 0.40 [0.37, 0.43] | processes: fork 1.32 [1.25, 1.40]; threads: spawn 0.32 [0.30, 0.33] | fork same, spawn disturbed | implausible |' "$WORK/ver/report.md" ||
  { check_fail "the verdicts fixture's summary row differs"; summary_rows "$WORK/ver/report.md" >&2; }
grep -q '^Noise: .*; 3 of 12 configurations implausible (25 %)' "$WORK/ver/report.md" || check_fail "the implausible share is not 3 of 12"

# ----------------------------------------------------- the reference runs
for run in 2cpu-epyc-kvm 2cpu-epyc-kvm-pool 2cpu-epyc-kvm-mpi; do
  report "$WORK/refs/$run"
  kernels=$(csv_cols "$WORK/refs/$run/summary.csv" kernel | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//' || true)
  # summary.csv lists each group's kernels together, so the run's order is the summary's.
  first_screen "$WORK/refs/$run/report.md" "$kernels"
  tables_consistent "$WORK/refs/$run/report.md"
done
# mpi.suite's cpu.primes: three models beside threads, threads measured twice.
MPI=$WORK/refs/2cpu-epyc-kvm-mpi/report.md
grep -qxF '| cpu | cpu.primes | same | fork same, mpi ?, mpi+thread ? | fork same, mpi ?, mpi+thread ? |' "$MPI" ||
  { check_fail "mpi reference: cpu.primes's summary row"; summary_rows "$MPI" >&2; }

# A speedup or an efficiency below 0.1 keeps two significant digits in the
# kernels' tables, as in the console table: 0.0036, never 0.00.
cp -r "$FIX/run" "$WORK/small"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  $c["status"] == "ok" && $c["workers"] == 2 { $c["speedup"] = 0.0036; $c["speedup_ci95_low"] = 0.0031
    $c["speedup_ci95_high"] = 0.0042; $c["efficiency"] = 0.0018 } 1' \
  "$FIX/run/summary.csv" >"$WORK/small/summary.csv"
report "$WORK/small"
grep -qF '| 0.0036 [0.0031, 0.0042] | 0.0018 |' "$WORK/small/report.md" ||
  check_fail "a speedup of 0.0036 with its interval and an efficiency of 0.0018 are not shown with their figures"
grep -qE '\| 0\.00 (\[|\|)' "$WORK/small/report.md" && check_fail "report.md shows a small speedup or efficiency as 0.00"

[ ! -e "$FIX/summary/report.md" ] || check_fail "something was written into the fixtures"
finish
