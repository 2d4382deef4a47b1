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
# The texts of an SVG chart, one a line.
svg_texts() { sed -n 's/.*<text[^>]*>\([^<]*\)<\/text>.*/\1/p' "$1" | sed 's/^ *//; s/ *$//'; }
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

[ "$RENDERED" -gt 0 ] || fail "nothing rendered"
echo "$TEST: $RENDERED chart files checked"
finish
