#!/usr/bin/env bash
# tvp report and tvp compare on hand-written run folders whose answers are known
# (tests/fixtures/report, tests/fixtures/compare): the findings quote the
# verdicts summary.csv holds, ranked, and nothing else about models and threads;
# compare.csv holds the right ratios, intervals and verdicts (A/A, 10 % apart,
# disturbed, several runs a side, another margin); and bad input is refused
# with the right exit status.
# The fixtures are copied first, so nothing is written beside the sources.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

FIX=$SRC/tests/fixtures
for f in report/run/summary.csv report/run/meta.json report/verdicts/summary.csv \
  report/aa/summary.csv compare/runA/runs.csv compare/runB/runs.csv \
  compare/other/summary.csv compare/base/runs.csv compare/tenpct/runs.csv compare/runsA/r1/runs.csv \
  compare/runsB/r3/runs.csv; do
  [ -s "$FIX/$f" ] || fail "the fixture $FIX/$f is missing"
done
cp -r "$FIX/report/run" "$WORK/rep"
cp -r "$FIX/compare/runA" "$FIX/compare/runB" "$FIX/compare/other" "$FIX/compare/base" \
  "$FIX/compare/tenpct" "$FIX/compare/runsA" "$FIX/compare/runsB" "$WORK/"
A=$WORK/runA
B=$WORK/runB
# compare.gp, if the chart engineer's script exists, is checked at the end; until
# then every run looks in an empty folder so its output does not depend on it.
mkdir -p "$WORK/noplots"
export TVP_PLOTS_DIR=$WORK/noplots

# has FILE TEXT WHAT: FILE holds TEXT as a fixed string.
has() {
  grep -qF -- "$2" "$1" || { check_fail "$3: '$2' not in $(basename "$1")"; show "$1"; }
}
hasnt() {
  ! grep -qF -- "$2" "$1" || { check_fail "$3: '$2' should not be in $(basename "$1")"; show "$1"; }
}

# ---------------------------------------------------------------- compare
run_tvp cmp compare "$A" "$B"
[ "$RC" -eq 0 ] || { show "$WORK/cmp.err"; fail "compare exited $RC, expected 0"; }
CSV=$B/compare/compare.csv
csv_check "$CSV"

want_header="kernel model placement scaling workers units_requested duration_s reps_a reps_b \
throughput_median_a throughput_median_b throughput_unit ratio ratio_ci95_low ratio_ci95_high \
p_adjusted verdict verdict_why"
got_header=$(csv_header "$CSV" | head -n 18 | tr '\n' ' ' | sed 's/ $//')
[ "$got_header" = "$want_header" ] || check_fail "compare.csv header: got '$got_header'"

# Ratio and its interval to 3 significant digits; the rest exactly.
csv_cols "$CSV" kernel model workers reps_a reps_b ratio ratio_ci95_low ratio_ci95_high verdict verdict_why |
  awk -F '\t' -v OFS='\t' '{ for (i = 6; i <= 8; i++) $i = sprintf("%.3g", $i); print }' >"$WORK/cmp.rows"
# thread at 1 worker: the same values (warm-ups of 10000 and 500000 ignored).
# fork at 1 worker: 2 against 2 is too few, whatever they say.
# fork at 2 workers: B is 2x A throughout; fork at 4 workers: half.
printf '%s\n' \
  $'cpu.primes\tthread\t1\t5\t5\t1\t0.956\t1.05\tsame\t' \
  $'cpu.primes\tfork\t1\t2\t2\t1.99\t1.86\t2.13\tinconclusive\ttoo_few' \
  $'cpu.primes\tthread\t2\t5\t5\t1\t0.982\t1.03\tsame\t' \
  $'cpu.primes\tfork\t2\t5\t5\t2\t1.95\t2.05\tfaster\t' \
  $'cpu.primes\tfork\t4\t5\t5\t0.5\t0.486\t0.52\tslower\t' \
  >"$WORK/cmp.want"
diff -u "$WORK/cmp.want" "$WORK/cmp.rows" >"$WORK/cmp.diff" ||
  { check_fail "compare.csv rows differ from the known answers"; show "$WORK/cmp.diff"; }

# The table on stdout says the same, in the verdict function's words.
has "$WORK/cmp.out" "5 configurations tested; Benjamini-Hochberg at 5 %; margin 5 %" "compare stdout"
grep -Eq '^cpu\.primes +fork +core +strong +2 .* B faster by 2\.00x \[1\.95, 2\.05\]$' "$WORK/cmp.out" ||
  { check_fail "the table has no 'fork 2 workers ... B faster by 2.00x' line"; show "$WORK/cmp.out"; }
grep -Eq '^cpu\.primes +fork +core +strong +4 .* A faster by 2\.00x' "$WORK/cmp.out" ||
  { check_fail "the table has no 'fork 4 workers ... A faster' line"; show "$WORK/cmp.out"; }
grep -Eq '^cpu\.primes +fork +core +strong +1 .* 2/2 .* rests on 2 measurements, and 5 are needed' "$WORK/cmp.out" ||
  { check_fail "the table has no 'fork 1 worker ... too few' line"; show "$WORK/cmp.out"; }
has "$WORK/cmp.out" "compare.csv: $CSV" "compare stdout"
# Configurations on one side only: one line on stderr, with why; left out of the CSV.
has "$WORK/cmp.err" "not compared: 1 configuration only in A (1 whose combination of values B did not run), 1 configuration only in B (kernels io.sleep not in A" "compare stderr"
[ "$(grep -c 'only in' "$WORK/cmp.err")" -eq 1 ] || { check_fail "unpaired configurations on more than one line"; show "$WORK/cmp.err"; }
hasnt "$CSV" "io.sleep" "compare.csv"
[ "$(ls -A "$B/compare")" = "compare.csv" ] || check_fail "$B/compare holds more than compare.csv: $(ls -A "$B/compare")"

# verdicts FILE: compare.csv's kernel, model, workers and verdict, one line each.
verdicts() { csv_cols "$1" kernel model workers verdict | tr '\t' ' '; }
# want_verdicts NAME TEXT: run NAME's compare.csv has those verdicts.
want_verdicts() {
  [ "$(verdicts "$WORK/$1/compare.csv")" = "$2" ] ||
    { check_fail "$1: verdicts '$(verdicts "$WORK/$1/compare.csv" | tr '\n' '|')'"; show "$WORK/$1.out"; }
}
# A/A: a run against itself calls nothing different.
run_tvp aa compare "$WORK/base" "$WORK/base" --out "$WORK/aa"
want_verdicts aa $'cpu.primes thread 1 same\ncpu.primes fork 1 same\nmem.stream thread 2 same'
# 10 % apart with tight repetitions: B faster at the 5 % margin (B's first
# attempt, half as fast, does not count); mem.stream all disturbed in B.
run_tvp ten compare "$WORK/base" "$WORK/tenpct" --out "$WORK/ten"
want_verdicts ten $'cpu.primes thread 1 faster\ncpu.primes fork 1 faster\nmem.stream thread 2 disturbed'
has "$WORK/ten.out" "2 configurations tested; Benjamini-Hochberg at 5 %; margin 5 %" "compare of 10 % apart"
has "$WORK/ten.out" "B faster by 1.10x [1.09, 1.11]" "compare of 10 % apart"
run_tvp ten_r compare "$WORK/tenpct" "$WORK/base" --out "$WORK/ten_r"
want_verdicts ten_r $'cpu.primes thread 1 slower\ncpu.primes fork 1 slower\nmem.stream thread 2 disturbed'
# At a 15 % margin, 10 % is no meaningful difference.
run_tvp ten15 compare "$WORK/base" "$WORK/tenpct" --margin 15 --out "$WORK/ten15"
want_verdicts ten15 $'cpu.primes thread 1 same\ncpu.primes fork 1 same\nmem.stream thread 2 disturbed'
has "$WORK/ten15.out" "no meaningful difference (B/A 1.10x [1.09, 1.11], within 15 %)" "compare --margin 15"
# Several runs a side, named one by one and as a folder of runs.
run_tvp many compare "$WORK/runsA/r1" "$WORK/runsA/r2" "$WORK/runsA/r3" -- "$WORK/runsB" --out "$WORK/many"
want_verdicts many $'cpu.primes thread 1 faster\ncpu.primes fork 1 faster\nmem.stream thread 2 faster'
has "$WORK/many.out" "B: 3 runs: $WORK/runsB/r1, $WORK/runsB/r2, $WORK/runsB/r3" "compare of several runs"
has "$WORK/many.out" "B faster by 1.10x [1.08, 1.13]" "compare of several runs"
# One run against three: too few runs on A's side for a verdict.
run_tvp few compare "$WORK/runsA/r1" -- "$WORK/runsB" --out "$WORK/few"
want_verdicts few $'cpu.primes thread 1 inconclusive\ncpu.primes fork 1 inconclusive\nmem.stream thread 2 inconclusive'

# Runs from before meta.json recorded the environment: nothing said about it.
hasnt "$WORK/cmp.out" "environment" "compare stdout of runs without an environment"
hasnt "$WORK/cmp.err" "environment" "compare stderr of runs without an environment"

# --------------------------------------------------- compare: the environment
# with_environment DIR THP L1TF: DIR's meta.json given an environment as tvp
# writes it (docs/csv.md), with thp_enabled THP and the l1tf mitigation L1TF
# (JSON: a quoted text or null).
with_environment() {
  local meta=$1/meta.json
  sed -i -e '$d' "$meta"
  sed -i -e '$s/$/,/' "$meta"
  cat >>"$meta" <<EOF
  "environment": {
    "thp_enabled": "$2",
    "thp_defrag": "madvise",
    "cpu_governors": ["performance", "powersave"],
    "cpu_boost": true,
    "smt_control": "on",
    "smt_active": true,
    "mitigations": {
      "l1tf": $3,
      "spectre_v2": "Mitigation: Retpolines"
    },
    "kernel_command_line": "BOOT_IMAGE=/vmlinuz quiet",
    "clocksource": "tsc",
    "hypervisor_type": null,
    "hypervisor_cpu_flag": false,
    "dmi_sys_vendor": null,
    "dmi_product_name": null,
    "cgroup_version": 2,
    "cgroup_cpu_max": "max 100000",
    "cgroup_memory_max": "max",
    "load_average_start": [$4],
    "load_average_end": [0.61, 0.6, 0.59]
  }
}
EOF
}
cp -r "$FIX/compare/runA" "$WORK/envA"
cp -r "$FIX/compare/runB" "$WORK/envB"
cp -r "$FIX/compare/runB" "$WORK/envB_same"
with_environment "$WORK/envA" madvise '"Not affected"' "0.52, 0.58, 0.59"
with_environment "$WORK/envB" always null "0.52, 0.58, 0.59"
with_environment "$WORK/envB_same" madvise '"Not affected"' "3.1, 2.2, 1.5"

# Two fields differ: each named once, with A's value and B's, and no other.
run_tvp envdiff compare "$WORK/envA" "$WORK/envB"
[ "$RC" -eq 0 ] || { show "$WORK/envdiff.err"; check_fail "compare of runs with environments exited $RC"; }
has "$WORK/envdiff.out" "  thp_enabled: A 'madvise', B 'always'" "compare names a differing field"
has "$WORK/envdiff.out" "  mitigations.l1tf: A 'Not affected', B absent" "compare names a field absent in B"
n_env=$(grep -c "^  [a-z_.0-9]*: A " "$WORK/envdiff.out" || true)
[ "$n_env" -eq 2 ] || { check_fail "compare named $n_env environment fields, expected 2"; show "$WORK/envdiff.out"; }
# The comparison of the configurations goes on as before.
grep -Eq '^cpu\.primes +fork +core +strong +2 .* B faster by 2\.00x' "$WORK/envdiff.out" ||
  { check_fail "with environments, the table lost its 'fork 2 workers ... faster' line"; show "$WORK/envdiff.out"; }

# The same environment but for the load averages, which always differ: no
# warning, the load shown for information only.
run_tvp envsame compare "$WORK/envA" "$WORK/envB_same"
[ "$RC" -eq 0 ] || { show "$WORK/envsame.err"; check_fail "compare of runs with one environment exited $RC"; }
hasnt "$WORK/envsame.out" "environment" "compare stdout when no field differs"
has "$WORK/envsame.out" "For information (these differ between any two runs):" "compare stdout, load averages"
has "$WORK/envsame.out" "  load_average_start: A " "compare stdout, load averages"
[ "$(grep -c ": A " "$WORK/envsame.out")" -eq 1 ] || { check_fail "compare named more than the load"; show "$WORK/envsame.out"; }
hasnt "$WORK/envsame.err" "environment" "compare stderr when no field differs"

# One run from before the environment was recorded: it still compares, and
# stderr says why no field is named.
run_tvp envold compare "$A" "$WORK/envB"
[ "$RC" -eq 0 ] || { show "$WORK/envold.err"; check_fail "compare of an older run with a newer one exited $RC"; }
has "$WORK/envold.err" "environment not compared: A's meta.json records none" "compare of an older run"
hasnt "$WORK/envold.out" ": A " "compare of an older run"

# --out and --alpha, options after the folders: at alpha 1e-12 nothing is proven.
run_tvp alpha compare "$A" "$B" --out "$WORK/strict" --alpha 1e-12
[ "$RC" -eq 0 ] || { show "$WORK/alpha.err"; check_fail "compare --alpha 1e-12 exited $RC"; }
if [ -s "$WORK/strict/compare.csv" ]; then
  verdicts=$(csv_cols "$WORK/strict/compare.csv" verdict | sort -u | tr '\n' ' ')
  [ "$verdicts" = "inconclusive " ] || check_fail "at alpha 1e-12 the verdicts are: $verdicts"
else
  check_fail "--out $WORK/strict: no compare.csv there"
fi

# No configuration in common: exit 1, and no CSV.
run_tvp nocommon compare "$A" "$WORK/other"
[ "$RC" -eq 1 ] || check_fail "compare with nothing in common exited $RC, expected 1"
has "$WORK/nocommon.err" "no configuration in common" "compare with nothing in common"
[ ! -e "$WORK/other/compare/compare.csv" ] || check_fail "compare with nothing in common wrote a CSV"

# Bad input: exit 2 and a message that names the problem.
refused() {
  local what=$1 text=$2
  shift 2
  run_tvp bad "$@"
  if [ "$RC" -ne 2 ]; then
    check_fail "$what: exit status $RC, expected 2"
    show "$WORK/bad.err"
  elif ! grep -qF -- "$text" "$WORK/bad.err"; then
    check_fail "$what: the error does not say '$text'"
    show "$WORK/bad.err"
  fi
}
mkdir -p "$WORK/norun" "$WORK/onlysummary"
cp "$A/summary.csv" "$WORK/onlysummary/"
refused "compare, missing folder" "is not a folder" compare "$A" "$WORK/missing"
refused "compare, folder without CSV" "summary.csv" compare "$WORK/norun" "$B"
refused "compare, folder without runs.csv" "runs.csv" compare "$A" "$WORK/onlysummary"
refused "compare, one folder" "two run folders" compare "$A"
refused "compare, bad alpha" "--alpha" compare "$A" "$B" --alpha 1.5
refused "compare, bad margin" "--margin" compare "$A" "$B" --margin five
refused "compare, empty side" "each side of '--'" compare "$A" --
refused "compare, unknown option" "--bogus" compare --bogus "$A" "$B"
refused "report, missing folder" "is not a folder" report "$WORK/missing"
refused "report, folder without summary.csv" "summary.csv" report "$WORK/norun"
refused "report, no folder" "one run folder" report

run_tvp help_c compare --help
[ "$RC" -eq 0 ] && grep -q '^usage: tvp compare' "$WORK/help_c.out" || check_fail "compare --help"
run_tvp help_r report --help
[ "$RC" -eq 0 ] && grep -q '^usage: tvp report' "$WORK/help_r.out" || check_fail "report --help"

# ---------------------------------------------------------------- report
RUN=$WORK/rep
MD=$RUN/report.md
run_tvp rep report "$RUN"
[ "$RC" -eq 0 ] || { show "$WORK/rep.err"; fail "report exited $RC, expected 0"; }
[ "$(cat "$WORK/rep.out")" = "$MD"$'\n'"$RUN/report.html" ] ||
  check_fail "report printed '$(cat "$WORK/rep.out")', not $MD and $RUN/report.html"
[ -s "$MD" ] || fail "no $MD"
# report.md, report.html, and the summary.json a run folder from before it lacked.
[ "$(ls -A "$RUN" | sort | tr '\n' ' ')" = "meta.json report.html report.md summary.csv summary.json " ] ||
  check_fail "the run folder holds more than expected: $(ls -A "$RUN")"

# The machine, from meta.json, and the command line quoted as a shell needs it.
has "$MD" "| CPU | Fixture CPU 9000 @ 3.00GHz |" "machine"
has "$MD" "1 package, 1 NUMA node, 4 cores, 8 PUs" "machine"
has "$MD" "L3 16 MiB x1, L2 512 KiB x4, L1d 32 KiB x4" "caches"
has "$MD" "/usr/bin/tvp run bench/fixture.suite --out 'results/fixture dir'" "command line"
has "$MD" "| Suite | \`bench/fixture.suite\` |" "suite"
has "$MD" "| Workers | 1, 2, 4, 8 |" "sweep"
# A section and a table per kernel; failed cells say so.
has "$MD" "### os.pagefault" "kernel section"
has "$MD" "### cpu.primes" "kernel section"
n_tables=$(grep -c '^| workers |' "$MD" || true)
[ "$n_tables" -eq 2 ] || check_fail "report.md has $n_tables kernel tables, expected 2"
# Medians with their intervals; the speedup at 1 worker has none, and a legend says why.
has "$MD" "| 2 | 8.333 [8.126, 8.54] | 1.2 k [1.15 k, 1.25 k] | 1.20 [1.15, 1.25] | 0.60 | 5.263 [5.132, 5.394] | 1.9 k [1.85 k, 1.95 k] | 1.88 [1.80, 1.95] | 0.94 | 1.58 [1.50, 1.66] faster |" "os.pagefault table"
has "$MD" "| 4 | 7.576 [6.447, 8.704] | 1.32 k [1 k, 1.6 k] | 1.32 [1.00, 1.60] | 0.33 | 6.667 [6.501, 6.832] | 1.5 k [1.45 k, 1.55 k] | 1.49 [1.45, 1.53] | 0.37 | 1.14 [0.98, 1.30] ? |" "os.pagefault table"
has "$MD" "| 8 | 7.407 [7.223, 7.591] | 1.35 k [1.3 k, 1.4 k] | 1.35 [1.30, 1.40] | 0.17 | failed | - | - | - | - |" "os.pagefault table"
has "$MD" "A median alone: no interval below 5 repetitions." "legend of a median without interval"
has "$MD" "?: inconclusive" "legend of the verdicts"
# Findings from the fixture's verdicts, under the kernel's table: fork faster
# at 2 workers, the same at 1, inconclusive at 4 (counted, not listed); the
# test and margin said once, under the summary.
has "$MD" "3 comparisons of each model with threads at the same point, Benjamini-Hochberg at 5 %, margin 5 %" "tests stated"
has "$MD" "- At 2 workers, fork faster by 1.58x [1.50, 1.66]." "finding"
has "$MD" "- No meaningful difference from threads (within 5 %): fork at 1 worker (1.01x [0.99, 1.03])." "finding"
has "$MD" "- 1 comparison inconclusive (noise: the interval straddles the margin of 5 %)" "inconclusive counted"
hasnt "$MD" "At 4 workers, fork" "finding on an inconclusive verdict"
hasnt "$MD" "At 8 workers, fork" "finding on a failed configuration"
hasnt "$MD" "overlap" "the interval-overlap rule"
has "$MD" "- Best speedup: thread 1.35x [1.30, 1.40] at 8 workers, past the 4 cores; fork 1.88x [1.80, 1.95] at 2 workers, within the 4 cores." "best speedup"
has "$MD" "- Efficiency at the core count, 4 workers: thread 0.33, fork 0.37." "efficiency"
has "$MD" "- Failed: fork at 8 workers: worker 3 killed by SIGSEGV (workers not finished: 1)." "failed configuration"
has "$MD" "- Noisy (time CV above 5 %): thread at 4 workers (CV 12 %)" "noisy configuration"
has "$MD" "Only the thread model ran, so there is no process/thread comparison." "one model"
# No charts yet: said once, under the summary.
has "$MD" "No charts yet: run \`tvp plot $RUN\` to draw them." "charts note"
[ "$(grep -c 'tvp plot' "$MD")" -eq 1 ] || check_fail "report.md says more than once how to draw the charts"
hasnt "$MD" "![" "images before any chart exists"

# With charts drawn, they are embedded by relative path, only those that exist.
mkdir -p "$RUN/plots"
printf 'png' >"$RUN/plots/speedup-os.pagefault.png"
printf 'png' >"$RUN/plots/overview.png"
run_tvp rep2 report "$RUN"
[ "$RC" -eq 0 ] || { show "$WORK/rep2.err"; check_fail "report (with charts) exited $RC"; }
has "$MD" "![speedup of os.pagefault](plots/speedup-os.pagefault.png)" "chart"
has "$MD" "![overview](plots/overview.png)" "run-level chart"
hasnt "$MD" "plots/ratio-os.pagefault.png" "chart that does not exist"
hasnt "$MD" "No charts yet" "charts note"

# A point summary.csv marks implausible: its table cells and ratio say so, a
# line under the table gives the reason, and no finding rests on it (the
# kernel has no verdict left to report, so it has no findings).
IMP=$WORK/imp
mkdir -p "$IMP"
cp "$RUN/meta.json" "$IMP/"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
     /,cpu\.primes,/ { $col["implausible"] = 1
                        $col["implausible_reason"] = "\"thread at 2 workers: speedup [2.6, 2.7] above the 2 PUs in use\"" }
     { print }' "$RUN/summary.csv" >"$IMP/summary.csv"
run_tvp imp report "$IMP"
[ "$RC" -eq 0 ] || { show "$WORK/imp.err"; check_fail "report of an implausible point exited $RC"; }
has "$IMP/report.md" "| 2 | implausible | - | - | - |" "implausible table row"
has "$IMP/report.md" "Implausible, so not shown: thread at 2 workers: speedup \\[2.6, 2.7\\] above the 2 PUs in use" "implausible note"
hasnt "$IMP/report.md" "1.98x" "a finding from an implausible row"
# The other kernel's findings are untouched.
has "$IMP/report.md" "- Best speedup: thread 1.35x [1.30, 1.40] at 8 workers, past the 4 cores; fork 1.88x [1.80, 1.95] at 2 workers, within the 4 cores." "best speedup"
# A run without implausible points: only the summary's noise line names them, with its 0.
has "$MD" "; 0 of 10 configurations implausible (0 %)" "noise line"
grep -v '^Noise: ' "$MD" >"$WORK/rep.notnoise"
hasnt "$WORK/rep.notnoise" "mplausible" "report of a run without implausible points"

# A run with every kind of verdict (tests/fixtures/report/verdicts, 2 cores
# and 2 PUs): the faster and slower ones, largest difference first; the same
# ones in one line; the disturbed and implausible ones named; a speedup above
# the PUs without an interval (thread at 3 workers, 2.40x) is no finding.
VER=$WORK/verdicts
cp -r "$FIX/report/verdicts" "$VER"
run_tvp ver report "$VER"
[ "$RC" -eq 0 ] || { show "$WORK/ver.err"; check_fail "report of the verdicts fixture exited $RC"; }
sed -n '/^### os.mmap/,$p' "$VER/report.md" >"$WORK/ver.findings"
grep '^- At ' "$WORK/ver.findings" >"$WORK/ver.ranked" || true
printf '%s\n' \
  '- At 2 workers, spawn slower: thread faster by 3.16x [3.03, 3.33].' \
  '- At 1 worker, spawn slower: thread faster by 2.50x [2.33, 2.70].' \
  '- At 1 worker, fork faster by 2.10x [1.90, 2.30].' \
  '- At 2 workers, fork faster by 1.32x [1.25, 1.40].' >"$WORK/ver.want"
diff -u "$WORK/ver.want" "$WORK/ver.ranked" >"$WORK/ver.diff" ||
  { check_fail "the verdicts fixture's findings, largest first, differ"; show "$WORK/ver.diff"; }
has "$VER/report.md" "5 comparisons of each model with threads at the same point, Benjamini-Hochberg at 5 %, margin 5 %" "tests stated"
has "$WORK/ver.findings" "- No meaningful difference from threads (within 5 %): fork at 3 workers (1.02x [0.99, 1.04])." "same verdicts"
has "$WORK/ver.findings" "Disturbed in every round, so not shown: spawn at 3 workers" "disturbed named"
has "$WORK/ver.findings" "Implausible, so not shown: thread at 4 workers" "implausible named"
has "$WORK/ver.findings" "- Best speedup: thread 1.90x [1.85, 1.95] at 2 workers, within the 2 cores;" "best speedup"
hasnt "$WORK/ver.findings" "2.40x" "a speedup above the PUs without an interval"
hasnt "$WORK/ver.findings" "2.61x" "an implausible speedup"
has "$VER/report.md" "| 1.32 [1.25, 1.40] faster |" "ratio cell"
has "$VER/report.md" "| 0.32 [0.30, 0.33] slower |" "ratio cell"

# A/A: fork and threads doing the same work, margin 10 % in meta.json: no
# model is called faster or slower.
AA=$WORK/rep-aa
cp -r "$FIX/report/aa" "$AA"
run_tvp rep-aa report "$AA"
[ "$RC" -eq 0 ] || { show "$WORK/rep-aa.err"; check_fail "report of the A/A fixture exited $RC"; }
sed -n '/^### cpu.primes/,$p' "$AA/report.md" >"$WORK/rep-aa.findings"
! grep -qE '^ *- .*(faster|slower)' "$WORK/rep-aa.findings" ||
  { check_fail "the A/A fixture has a faster or slower finding"; show "$WORK/rep-aa.findings"; }
has "$AA/report.md" "3 comparisons of each model with threads at the same point, Benjamini-Hochberg at 5 %, margin 10 %" "margin from meta.json"
has "$WORK/rep-aa.findings" "- 2 comparisons inconclusive (1 too few rounds for 95 %; 1 noise: the interval straddles the margin of 10 %)" "inconclusive counted"
has "$WORK/rep-aa.findings" "Efficiency at the core count, 2 workers: thread 0.99, fork 1.00." "efficiency"

# A model whose name holds Markdown marks: escaped in the tables' header as in
# their text, so that a '|' adds no column the rows do not have.
MARKS=$WORK/rep-marks
mkdir -p "$MARKS"
cp "$RUN/meta.json" "$MARKS/"
sed 's/,fork,/,my|model_*x,/' "$RUN/summary.csv" >"$MARKS/summary.csv"
run_tvp marks report "$MARKS"
[ "$RC" -eq 0 ] || { show "$WORK/marks.err"; check_fail "report of a model named with marks exited $RC"; }
has "$MARKS/report.md" "| my\\|model\\_\\*x time s |" "escaped model name in a table header"
md_tables_consistent "$MARKS/report.md" || check_fail "a table row of report.md is unlike its header (a model named with marks)"

# The mpi reference run: bench/mpi.suite measures threads at 2 and 4 workers
# twice (beside the processes and beside the hybrid ranks). Its tables are
# whole, the table says which of the two it shows, and the efficiency line
# names threads once, with both figures.
cp -a "$SRC/results/reference/2cpu-epyc-kvm-mpi" "$WORK/mpi"
rm -f "$WORK/mpi/report.md"
run_tvp mpi report "$WORK/mpi"
[ "$RC" -eq 0 ] || { show "$WORK/mpi.err"; check_fail "report of the mpi reference run exited $RC"; }
md_tables_consistent "$WORK/mpi/report.md" || check_fail "a table row of the mpi reference's report.md is unlike its header"
has "$WORK/mpi/report.md" "Measured more than once, so the table shows the first: thread at 2 workers (configuration 3, again as 9); thread at 4 workers (configuration 6, again as 11)." "repeated configurations"
has "$WORK/mpi/report.md" "Efficiency at the core count, 2 workers: thread 0.96 and 0.97, fork 0.95, mpi 0.98, mpi+thread not known (no 1-worker baseline)." "efficiency, threads measured twice"
hasnt "$WORK/mpi/report.md" "thread 0.96, thread" "efficiency, threads measured twice"

# Without meta.json the report is still written, and says what is missing.
rm "$RUN/meta.json"
run_tvp rep3 report "$RUN"
[ "$RC" -eq 0 ] || check_fail "report without meta.json exited $RC, expected 0"
has "$WORK/rep3.err" "meta.json" "report without meta.json"
has "$MD" "meta.json could not be read" "report without meta.json"

# ---------------------------------------------------------------- compare.gp
# The chart is drawn by plots/compare.gp with csv and out set. A stand-in
# script checks the wiring: it writes the csv path into out.
if command -v gnuplot >/dev/null 2>&1; then
  mkdir -p "$WORK/stubplots"
  printf '%s\n' 'set print out' 'print csv' >"$WORK/stubplots/compare.gp"
  TVP_PLOTS_DIR=$WORK/stubplots run_tvp stub compare "$A" "$B" --out "$WORK/stub"
  [ "$RC" -eq 0 ] || { show "$WORK/stub.err"; check_fail "compare with a compare.gp exited $RC"; }
  [ "$(cat "$WORK/stub/compare.png" 2>/dev/null)" = "$WORK/stub/compare.csv" ] ||
    check_fail "compare did not run compare.gp with csv and out set"
  has "$WORK/stub.out" "chart: $WORK/stub/compare.png" "compare stdout"
  if [ -s "$SRC/plots/compare.gp" ]; then
    TVP_PLOTS_DIR=$SRC/plots run_tvp real compare "$A" "$B" --out "$WORK/real"
    [ "$RC" -eq 0 ] || check_fail "compare with plots/compare.gp exited $RC"
    [ "$(head -c 8 "$WORK/real/compare.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
      { check_fail "plots/compare.gp drew no PNG"; show "$WORK/real.err"; }
    grep -qi 'warning' "$WORK/real.err" && { check_fail "plots/compare.gp warned"; show "$WORK/real.err"; }
  fi
else
  echo "$TEST: gnuplot not installed: the compare.gp call is not checked" >&2
fi

# The sources stay clean.
[ ! -e "$FIX/compare/runB/compare" ] && [ ! -e "$FIX/report/run/report.md" ] ||
  check_fail "something was written into the fixtures"
finish
