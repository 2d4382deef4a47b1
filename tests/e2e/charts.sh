#!/usr/bin/env bash
# Every gnuplot script of plots/ renders the fixture run (tests/fixtures/plot)
# as PNG and SVG without a word on stderr: gnuplot reports empty series, bad
# ranges and unknown columns as warnings, not as failures, so a silent stderr
# is the check that a chart drew what it meant to. Per-kernel charts are drawn
# for every kernel of the fixture, the one that ran under threads only
# included, and the run-level charts with the kernels read from the file.
#
# gnuplot missing is a failure, not a skip: CI installs it, and a skipped test
# would hide a broken chart.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"
source "$HERE/charts_lib.sh"
chart_fixture plot

KERNELS=$(csv_cols "$CSV" kernel | awk '!seen[$0]++')
[ "$(printf '%s\n' "$KERNELS" | wc -l)" -ge 5 ] || fail "the fixture should hold several kernels, got: $KERNELS"

# Per kernel, as tvp plot calls them: with the kernel's first placement as
# the filter, and, where the kernel ran under several placements, once with
# no filter (the placements then become dashed variants of each model).
for k in $KERNELS; do
  places=$(csv_cols "$CSV" kernel placement | awk -F '\t' -v k="$k" '$1 == k && !seen[$2]++ { print $2 }')
  first=$(printf '%s\n' "$places" | head -n 1)
  for chart in speedup throughput efficiency ratio; do
    checked_render "$chart-$k-$first" "$chart" "kernel=$k" "placement=$first"
    if [ "$(printf '%s\n' "$places" | wc -l)" -gt 1 ]; then
      checked_render "$chart-$k" "$chart" "kernel=$k"
    fi
  done
done

# Per run, the kernels read from the file.
for chart in overview ratiomap latency karpflatt footprint; do
  checked_render "$chart" "$chart"
done
# ... and named, with the variables a user may give.
checked_render "overview-named" overview "kernels=cpu.primes mem.triad io.sleep" placement=core "machine=test box" cores=2 pus=4
checked_render "speedup-scaling" speedup kernel=cpu.primes scaling=strong cores=2 pus=4

# A file from before PSS was measured: the footprint falls back to peak RSS.
OLD=$WORK/old
mkdir -p "$OLD"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "pss_kib_median") drop = i }
  { s = ""; for (i = 1; i <= NF; i++) if (i != drop) s = s (s == "" ? "" : ",") $i; print s }' \
  "$CSV" >"$OLD/summary.csv"
cp "$RUN/meta.json" "$OLD/"
CSV_SAVED=$CSV
CSV=$OLD/summary.csv
checked_render "footprint-rss" footprint
grep -q 'peak RSS' "$WORK/out/footprint-rss.svg" || check_fail "footprint of a file without pss_kib_median does not say peak RSS"
CSV=$CSV_SAVED
grep -q 'PSS' "$WORK/out/footprint.svg" || check_fail "footprint of the fixture does not say PSS"

# Alone, as a user runs one: the commands `tvp plot --commands` prints, given
# to gnuplot, draw the charts tvp plot draws, straight into their names (no
# hidden file), with the machine of meta.json in the title.
mkdir -p "$WORK/alone"
cp "$RUN/summary.csv" "$RUN/meta.json" "$WORK/alone/"
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$WORK/alone" --kernel cpu.primes --chart speedup --commands \
  >"$WORK/alone.gp" 2>"$WORK/alone.stderr" || rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$WORK/alone.stderr" ] || { show "$WORK/alone.stderr"; check_fail "tvp plot --commands exited $rc"; }
[ -z "$(ls -A "$WORK/alone/plots")" ] || check_fail "tvp plot --commands drew: $(ls -A "$WORK/alone/plots")"
grep -q 'partial' "$WORK/alone.gp" && check_fail "the commands draw into hidden names"
gnuplot <"$WORK/alone.gp" >"$WORK/alone.stdout" 2>"$WORK/alone.stderr" || rc=$?
[ "$rc" -eq 0 ] || { show "$WORK/alone.stderr"; check_fail "the commands of tvp plot --commands exited $rc in gnuplot"; }
[ ! -s "$WORK/alone.stderr" ] || { show "$WORK/alone.stderr"; check_fail "the commands of tvp plot --commands wrote on stderr"; }
for f in speedup-cpu.primes-core.png speedup-cpu.primes-pu.png speedup-cpu.primes-core.svg; do
  [ -s "$WORK/alone/plots/$f" ] || check_fail "the commands of tvp plot --commands did not draw $f"
done
f=$WORK/alone/plots/speedup-cpu.primes-core.png
[ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = "$PNG_MAGIC" ] || check_fail "$f is not a PNG"
machine=$(json_str "$RUN/meta.json" cpu_model)
grep -qF "$machine" "$WORK/alone/plots/speedup-cpu.primes-core.svg" 2>/dev/null ||
  check_fail "the title does not name the machine of meta.json ($machine)"

# Without csv, without what tvp computes for it, or with a bad out, a script
# stops with a message and a failure.
rc=0
gnuplot "$PLOTS/speedup.gp" >/dev/null 2>"$WORK/nocsv.err" || rc=$?
[ "$rc" -ne 0 ] && grep -q csv "$WORK/nocsv.err" || { show "$WORK/nocsv.err"; check_fail "speedup.gp without csv: exit $rc"; }
rc=0
gnuplot -e "csv=$(gp "$CSV")" "$PLOTS/speedup.gp" >/dev/null 2>"$WORK/noanswers.err" || rc=$?
[ "$rc" -ne 0 ] && grep -q 'tvp plot RUN --commands' "$WORK/noanswers.err" ||
  { show "$WORK/noanswers.err"; check_fail "speedup.gp without answers: exit $rc"; }
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$RUN" --chart overview --commands --var out=x.pdf >"$WORK/badout.gp"
gnuplot <"$WORK/badout.gp" >/dev/null 2>"$WORK/badout.err" || rc=$?
[ "$rc" -ne 0 ] && grep -q 'out must end in .png or .svg' "$WORK/badout.err" ||
  { show "$WORK/badout.err"; check_fail "overview.gp accepted out='x.pdf' (exit $rc)"; }

# tvp plot runs these scripts for a run folder, with the variables it sets;
# one per-kernel chart (one file per placement) and one run-level chart are
# enough to hold the two to the same names.
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot --kernel cpu.primes --chart speedup "$RUN" >"$WORK/tvp-plot.out" 2>"$WORK/tvp-plot.err" || rc=$?
TVP_PLOTS_DIR=$PLOTS "$TVP" plot --chart latency "$RUN" >>"$WORK/tvp-plot.out" 2>>"$WORK/tvp-plot.err" || rc=$?
[ "$rc" -eq 0 ] || { show "$WORK/tvp-plot.err"; check_fail "tvp plot on the fixture exited $rc"; }
[ ! -s "$WORK/tvp-plot.err" ] || { show "$WORK/tvp-plot.err"; check_fail "tvp plot on the fixture wrote on stderr"; }
for f in speedup-cpu.primes-core.png speedup-cpu.primes-pu.svg latency.png latency.svg; do
  [ -s "$RUN/plots/$f" ] || check_fail "tvp plot did not write $RUN/plots/$f"
done

# The chunk chart, throughput against the chunk size, from a run that swept
# it (tests/fixtures/plot-chunk: pool.map at four chunk sizes, threads and
# fork at 1 and 2 workers, one failed configuration, one row at the default
# chunk, and cpu.primes, run without a chunk).
CHUNK_RUN=$WORK/chunk-run
mkdir -p "$CHUNK_RUN" "$WORK/one"
cp "$SRC/tests/fixtures/plot-chunk/summary.csv" "$SRC/tests/fixtures/plot-chunk/meta.json" "$CHUNK_RUN/"
CSV=$CHUNK_RUN/summary.csv
csv_check "$CSV"
checked_render chunk-pool.map chunk kernel=pool.map
texts=$(svg_texts "$WORK/out/chunk-pool.map.svg")
# A series per model and worker count, the chunk on the axis and never in the
# legend (the default-chunk row has no place on the axis).
for want in 'threads, 1 worker' 'threads, 2 workers' 'processes (fork), 1 worker' \
  'processes (fork), 2 workers' 'failed configuration (no measurement)'; do
  grep -qxF "$want" <<<"$texts" || check_fail "the chunk chart's legend lacks '$want'"
done
grep -q 'chunk [0-9]\|default chunk' <<<"$texts" && check_fail "the chunk chart splits its series by chunk"
[ "$(grep -xE '16|1k|16k' <<<"$texts" | tr '\n' ' ')" = "16 1k 16k " ] ||
  check_fail "the chunk axis is not labelled 1, 16, 1k, 16k as the chunks are spelt"
grep -q 'chunk size (items' <<<"$texts" || check_fail "the chunk chart's x axis has no label"
grep -q 'throughput (.*items/s' <<<"$texts" || check_fail "the chunk chart's y axis does not give its unit"
# One worker count: a line per model, the count in the title, not the legend.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "workers") w = i } NR == 1 || $w == 1' \
  "$CHUNK_RUN/summary.csv" >"$WORK/one/summary.csv"
cp "$CHUNK_RUN/meta.json" "$WORK/one/"
CSV=$WORK/one/summary.csv
checked_render chunk-one chunk
texts=$(svg_texts "$WORK/out/chunk-one.svg")
grep -qx 'threads' <<<"$texts" && grep -qx 'processes (fork)' <<<"$texts" ||
  check_fail "the chunk chart of one worker count does not name one line per model"
grep -q ' · 1 worker, ' <<<"$texts" || check_fail "the chunk chart of one worker count does not say so in its title"
# A file without a chunk sweep: the chart says so instead of warning.
CSV=$CSV_SAVED
checked_render chunk-none chunk kernel=cpu.primes
grep -q 'no successful rows of cpu.primes with a chunk size' "$WORK/out/chunk-none.svg" ||
  check_fail "the chunk chart of a run without chunks does not say why it is empty"

# tvp plot draws it for the kernels that ran at two chunk sizes or more, and
# for no other.
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot --chart chunk "$CHUNK_RUN" >"$WORK/tvp-chunk.out" 2>"$WORK/tvp-chunk.err" || rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$WORK/tvp-chunk.err" ] || { show "$WORK/tvp-chunk.err"; check_fail "tvp plot --chart chunk exited $rc"; }
for f in chunk-pool.map.png chunk-pool.map.svg; do
  [ -s "$CHUNK_RUN/plots/$f" ] || check_fail "tvp plot did not write $CHUNK_RUN/plots/$f"
done
[ -z "$(ls "$CHUNK_RUN/plots" | grep -v '^chunk-pool\.map\.')" ] ||
  check_fail "tvp plot --chart chunk drew a chunk chart for a kernel run without chunks: $(ls "$CHUNK_RUN/plots")"
rm -rf "$RUN/plots"
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot --chart chunk "$RUN" >"$WORK/tvp-nochunk.out" 2>"$WORK/tvp-nochunk.err" || rc=$?
[ "$rc" -eq 0 ] || { show "$WORK/tvp-nochunk.err"; check_fail "tvp plot --chart chunk on a run without chunks exited $rc"; }
[ -z "$(ls "$RUN/plots")" ] || check_fail "tvp plot drew a chunk chart for a run without chunks: $(ls "$RUN/plots")"
grep -q 'no chunk chart' "$WORK/tvp-nochunk.err" || { show "$WORK/tvp-nochunk.err"; check_fail "tvp plot --chart chunk does not say why it drew nothing"; }

# ---------------------------------------------------------------- read right
# What a student could misread: a log axis labelled at 1 alone, an ideal line
# running past the PUs, compare's marks in the models' colours, an empty panel
# of a kernel that never runs one worker, a Karp-Flatt chart of one dot.

# A ratio chart whose range asks for a log axis (0.54 to 2.17) is labelled at
# 0.5, 1 and 2, not at 1 alone.
LOGR=$WORK/logratio
mkdir -p "$LOGR"
cp "$RUN/meta.json" "$LOGR/"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  $c["kernel"] == "cpu.primes" && $c["model"] == "fork" && $c["placement"] == "core" && $c["workers"] != 1 {
    $c["ratio_vs_thread"] = ($c["workers"] == 2 ? 0.54 : 2.17) } 1' "$CSV_SAVED" >"$LOGR/summary.csv"
CSV=$LOGR/summary.csv
checked_render ratio-log ratio kernel=cpu.primes placement=core
texts=$(svg_texts "$WORK/out/ratio-log.svg")
grep -q '(log scale)' <<<"$texts" || check_fail "the ratio chart of 0.54 to 2.17 has no log axis"
for want in 0.5 1 2; do
  grep -qxF "$want" <<<"$texts" || check_fail "the ratio chart's log axis has no tic $want"
done
CSV=$CSV_SAVED

# The ideal speedup stops at the PU count (2): its line ends under the mark.
f=$WORK/out/speedup-cpu.primes-core.svg
mark_x=$(awk '/<text>2 cores = 2 PUs<\/text>/ { print prev; exit } { if (match($0, /translate\([0-9.]+/)) prev = substr($0, RSTART + 10, RLENGTH - 10) }' "$f")
bottom=$(sed -n "s/.*d='M[0-9.]*,[0-9.]* L[0-9.]*,\([0-9.]*\) L[0-9.]*,[0-9.]* L[0-9.]*,[0-9.]* L[0-9.]*,[0-9.]* Z.*/\1/p" "$f" | head -n 1)
ideal_x=$(awk '/<text>ideal/ { f = 1 } f && /d=/ { p = 1 } p { print } p && /\/>/ { exit }' "$f" |
  grep -o '[ML][0-9.]*,[0-9.]*' | awk -F '[ML,]' -v b="$bottom" '$3 + 0 <= b + 0 && $2 + 0 > m { m = $2 + 0 } END { print m }')
grep -qF 'ideal: speedup = workers, up to 2 PUs' "$f" || check_fail "the speedup chart's ideal line does not say it stops at the PUs"
awk -v a="$mark_x" -v b="$ideal_x" 'BEGIN { d = a - b; exit !(a != "" && b != "" && d < 1.5 && d > -1.5) }' ||
  check_fail "the ideal line ends at x=$ideal_x, not at the PU mark (x=$mark_x)"

# compare's chart: marks in none of the models' colours, a log axis labelled
# at several ratios however close they are.
CMP=$WORK/compare.csv
printf '%s\n' kernel,model,workers,ratio,verdict cpu.primes,thread,1,1.08,faster cpu.primes,fork,1,0.93,slower \
  cpu.primes,thread,2,1.01,same cpu.primes,fork,2,0.97,inconclusive cpu.primes,fork,4,,disturbed >"$CMP"
rc=0
gnuplot -e "csv=$(gp "$CMP"); out=$(gp "$WORK/out/compare.svg"); n=5; lo=0.93; hi=1.08; verdicts='|faster|slower|same|inconclusive|disturbed|'" \
  "$PLOTS/compare.gp" >"$WORK/compare.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$WORK/compare.out" ] || { show "$WORK/compare.out"; check_fail "compare.gp exited $rc or warned"; }
texts=$(svg_texts "$WORK/out/compare.svg")
[ "$(grep -cxE '[0-9.]+' <<<"$texts")" -ge 3 ] && grep -qxF 1 <<<"$texts" ||
  check_fail "the compare chart's log axis of 0.93 to 1.08 has fewer than 3 tics: $(grep -xE '[0-9.]+' <<<"$texts" | tr '\n' ' ')"
models_rgb=$(for c in col_thread col_fork col_spawn col_other col_pythread col_pyprocess col_mpi col_mpithread; do style_rgb $c; echo; done)
series=$(svg_series "$WORK/out/compare.svg" | awk -F '\t' '$1 != ""')
[ "$(wc -l <<<"$series")" -eq 5 ] || check_fail "the compare chart does not have a legend entry per verdict: $series"
while IFS=$'\t' read -r name rgb _; do
  ! grep -qxF "$rgb" <<<"$models_rgb" || check_fail "compare's '$name' is drawn in a model's colour ($rgb)"
done <<<"$series"

# A kernel never run at 1 worker (io.pipe pairs its workers: 2 and 4): no
# speedup or efficiency chart and no overview panel, rather than an empty
# one that reads as a failure; the report says why.
PAIR=$WORK/pair
mkdir -p "$PAIR"
cp "$RUN/meta.json" "$PAIR/"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  $c["kernel"] == "io.sleep" { if ($c["workers"] == 1) next; $c["kernel"] = "io.pipe"
    $c["speedup"] = $c["speedup_ci95_low"] = $c["speedup_ci95_high"] = $c["efficiency"] = $c["karp_flatt"] = "" } 1' \
  "$CSV_SAVED" >"$PAIR/summary.csv"
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$PAIR" >"$WORK/pair.out" 2>"$WORK/pair.err" || rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$WORK/pair.err" ] || { show "$WORK/pair.err"; check_fail "tvp plot of a pair kernel exited $rc"; }
for f in speedup-io.pipe.svg efficiency-io.pipe.svg; do
  [ ! -e "$PAIR/plots/$f" ] || check_fail "tvp plot drew $f for a kernel that never ran at 1 worker"
done
for f in throughput-io.pipe.svg ratio-io.pipe.svg speedup-cpu.primes-core.svg overview.svg; do
  [ -s "$PAIR/plots/$f" ] || check_fail "tvp plot did not draw $f"
done
texts=$(svg_texts "$PAIR/plots/overview.svg")
grep -qxF io.pipe <<<"$texts" && check_fail "the overview has a panel of io.pipe, which never ran at 1 worker"
grep -q '^no speedup' <<<"$texts" && check_fail "the overview has an empty panel that says a 1-worker run failed"
grep -qxF mem.triad <<<"$texts" || check_fail "the overview lost the panel of mem.triad"
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$PAIR" --chart speedup --kernel io.pipe >/dev/null 2>"$WORK/pair-one.err" || rc=$?
[ "$rc" -eq 0 ] && grep -q 'no speedup chart of io.pipe: io.pipe pairs its workers' "$WORK/pair-one.err" ||
  { show "$WORK/pair-one.err"; check_fail "tvp plot --chart speedup --kernel io.pipe does not say why it draws none"; }
"$TVP" report "$PAIR" >/dev/null 2>"$WORK/pair-report.err" || { show "$WORK/pair-report.err"; check_fail "tvp report failed"; }
grep -q '^No speedup or efficiency chart: io.pipe pairs its workers' "$PAIR/report.md" ||
  check_fail "report.md does not say why io.pipe has no speedup chart"
grep -q '^Not in the overview chart, as never run at 1 worker: io.pipe\.$' "$PAIR/report.md" ||
  check_fail "report.md does not say io.pipe has no overview panel"

# Karp-Flatt: values at one worker count within the PUs (2 on 2 PUs) draw no
# chart, and the report says why; at two (2 and 4 on 4 PUs: three counts
# with 1) a panel for each kernel that has them, and no other.
[ ! -e "$PAIR/plots/karpflatt.svg" ] || check_fail "tvp plot drew a Karp-Flatt chart from one worker count within the PUs"
grep -q '^No Karp-Flatt chart: no kernel was measured at three worker counts or more within the 2 PUs' "$PAIR/report.md" ||
  check_fail "report.md does not say why there is no Karp-Flatt chart"
KF=$WORK/kf3
mkdir -p "$KF"
sed 's/"cores": 2,/"cores": 4,/; s/"pus": 2,/"pus": 4,/' "$RUN/meta.json" >"$KF/meta.json"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  $c["kernel"] == "cpu.primes" && $c["workers"] == 4 && $c["speedup"] != "" {
    $c["karp_flatt"] = (1 / $c["speedup"] - 0.25) / 0.75 } 1' "$CSV_SAVED" >"$KF/summary.csv"
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$KF" --chart karpflatt >/dev/null 2>"$WORK/kf3.err" || rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$WORK/kf3.err" ] && [ -s "$KF/plots/karpflatt.svg" ] ||
  { show "$WORK/kf3.err"; check_fail "tvp plot drew no Karp-Flatt chart from three worker counts within 4 PUs"; }
texts=$(svg_texts "$KF/plots/karpflatt.svg")
grep -qxF cpu.primes <<<"$texts" || check_fail "the Karp-Flatt chart has no panel of cpu.primes"
grep -qxE 'mem.triad|spawn.create' <<<"$texts" && check_fail "the Karp-Flatt chart has a panel of a kernel with one value"
"$TVP" report "$KF" >/dev/null 2>"$WORK/kf3-report.err" || { show "$WORK/kf3-report.err"; check_fail "tvp report failed"; }
grep -q '^Not in the Karp-Flatt chart, as not measured at three worker counts or more within the PUs: io.sleep, mem.triad, ' \
  "$KF/report.md" || check_fail "report.md does not name the kernels left out of the Karp-Flatt chart"

[ "$RENDERED" -gt 0 ] || fail "nothing rendered"
echo "$TEST: $RENDERED chart files checked"
# A configuration disturbed in every round has no ratio: its ratiomap cell is
# blank, never "nan", and the chart's note says what a blank cell means.
GAP=$WORK/gap
mkdir -p "$GAP"
cp "$RUN/meta.json" "$GAP/"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  $c["kernel"] == "cpu.primes" && $c["workers"] == 2 { $c["ratio_vs_thread"] = "" } 1' "$CSV_SAVED" >"$GAP/summary.csv"
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$GAP" --chart ratiomap --format svg >/dev/null 2>"$WORK/gap.err" || rc=$?
[ "$rc" -eq 0 ] || { show "$WORK/gap.err"; check_fail "tvp plot of a ratio map with an empty ratio exited $rc"; }
texts=$(svg_texts "$GAP/plots/ratiomap.svg")
grep -qix 'nan' <<<"$texts" && check_fail "the ratio map labels a cell with no ratio 'nan'"
grep -q 'blank cell: not measured, failed or disturbed' <<<"$texts" ||
  check_fail "the ratio map does not say what a blank cell means"

finish
