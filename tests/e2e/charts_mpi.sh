#!/usr/bin/env bash
# The MPI models in the charts, and the message chart of the net.* kernels,
# drawn from the fixture run tests/fixtures/plot-mpi: cpu.primes under thread,
# fork, mpi and mpi+thread at 1, 2 and 4 workers (the thread and fork rows
# from a real run), and net.pingpong and net.allreduce at message sizes 8 B,
# 1 KiB, 64 KiB and 1 MiB under all four models at 2 and 4 workers
# (mpi+thread at 4 only), one of them failed.
#
# Each model's series must be drawn in the model's own colour and point shape
# of style.gp, read from style.gp here: mpi drawn in the grey of a model
# style.gp does not know, or in the colour of threads or fork, fails. The
# colour and shape are read from the SVG, where gnuplot puts each series in a
# group holding its legend text, its line and its points.
#
# gnuplot missing is a failure, not a skip, as in charts.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"
CHART_FORMATS=svg
source "$HERE/charts_lib.sh"
chart_fixture plot-mpi

for m in thread fork mpi mpi+thread; do
  csv_cols "$CSV" kernel model | grep -qxF "cpu.primes	$m" || fail "the fixture has no cpu.primes row of $m"
done

RGB_THREAD=$(style_rgb col_thread)
RGB_FORK=$(style_rgb col_fork)
RGB_MPI=$(style_rgb col_mpi)
RGB_MPITHREAD=$(style_rgb col_mpithread)
RGB_OTHER=$(style_rgb col_other)
[ "$(printf '%s\n' "$RGB_THREAD" "$RGB_FORK" "$RGB_MPI" "$RGB_MPITHREAD" "$RGB_OTHER" | sort -u | wc -l)" -eq 5 ] ||
  fail "style.gp gives two of thread, fork, mpi, mpi+thread and the unknown model one colour"


# check_models FILE MODEL_NAME:RGB...: each legend entry that starts with
# MODEL_NAME is drawn in RGB; every name must have one such entry. The
# colour and shape of mpi's entries must differ from threads' and fork's and
# from the unknown model's.
check_models() {
  local file=$1 pair name want series got
  shift
  series=$(svg_series "$file")
  for pair in "$@"; do
    name=${pair%%:*}
    want=${pair#*:}
    got=$(awk -F '\t' -v n="$name" 'index($1, n) == 1 && (length($1) == length(n) || substr($1, length(n) + 1, 1) == ",") { print $2 }' <<<"$series" | sort -u)
    if [ -z "$got" ]; then
      check_fail "$(basename "$file"): no legend entry '$name'"
    elif [ "$got" != "$want" ]; then
      check_fail "$(basename "$file"): '$name' drawn in $(tr '\n' ' ' <<<"$got")instead of $want"
    fi
  done
}
# The point symbol of the first legend entry starting with NAME.
entry_pt() { svg_series "$1" | awk -F '\t' -v n="$2" 'index($1, n) == 1 { print $3; exit }'; }

# Every chart as tvp plot draws it, PNG and SVG, with no word on stderr
# (gnuplot's warnings), the message chart for each net.* kernel run at two
# message sizes or more and for no other kernel.
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$RUN" >"$WORK/plot.out" 2>"$WORK/plot.err" || rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$WORK/plot.err" ] || { show "$WORK/plot.err"; check_fail "tvp plot on the fixture exited $rc"; }
for f in "$RUN"/plots/*.png; do
  [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = "$PNG_MAGIC" ] || check_fail "$f is not a PNG"
done
for k in cpu.primes net.pingpong net.allreduce; do
  for chart in speedup throughput efficiency ratio; do
    # The net.* kernels ran at 2 and 4 workers: no speedup over one worker.
    if [ "$k" != cpu.primes ] && { [ $chart = speedup ] || [ $chart = efficiency ]; }; then
      [ ! -e "$RUN/plots/$chart-$k.svg" ] || check_fail "tvp plot drew $chart-$k.svg, of a kernel never run at 1 worker"
    else
      [ -s "$RUN/plots/$chart-$k.svg" ] || check_fail "tvp plot did not draw $chart-$k.svg"
    fi
  done
done
got=$(ls "$RUN/plots" | grep '^message-' | tr '\n' ' ')
[ "$got" = "message-net.allreduce.png message-net.allreduce.svg message-net.pingpong.png message-net.pingpong.svg " ] ||
  check_fail "tvp plot drew these message charts: '$got'"
cp "$RUN"/plots/*.svg "$WORK/out/"
# The Karp-Flatt chart, which tvp plot leaves out here (one worker count
# within the 2 PUs), as its script draws it alone.
[ ! -e "$RUN/plots/karpflatt.svg" ] || check_fail "tvp plot drew the Karp-Flatt chart of a run at one worker count within the PUs"
checked_render karpflatt karpflatt

# mpi and mpi+thread are series of their own, in their own colours, beside
# threads and fork, in every chart that draws a series per model.
ALL4=("threads:$RGB_THREAD" "processes (fork):$RGB_FORK" "MPI ranks (processes):$RGB_MPI" "MPI ranks x threads:$RGB_MPITHREAD")
for chart in speedup throughput efficiency; do
  check_models "$WORK/out/$chart-cpu.primes.svg" "${ALL4[@]}"
done
for chart in overview karpflatt footprint message-net.pingpong message-net.allreduce throughput-net.pingpong; do
  check_models "$WORK/out/$chart.svg" "${ALL4[@]}"
done
# The ratio has no thread series: threads are its 1.0 line.
check_models "$WORK/out/ratio-cpu.primes.svg" "${ALL4[@]:1}"
# Shapes: mpi's points are not those of threads, fork or an unknown model.
f=$WORK/out/speedup-cpu.primes.svg
pt_mpi=$(entry_pt "$f" "MPI ranks (processes)")
pt_hyb=$(entry_pt "$f" "MPI ranks x threads")
for other in threads "processes (fork)"; do
  pt=$(entry_pt "$f" "$other")
  [ "$pt" != "$pt_mpi" ] && [ "$pt" != "$pt_hyb" ] || check_fail "mpi or mpi+thread share the point shape of $other ($pt)"
done
[ "$pt_mpi" != "$pt_hyb" ] && [ "$pt_mpi" != none ] || check_fail "mpi and mpi+thread share a point shape ($pt_mpi)"
# A model style.gp does not know falls back to grey: the test above would
# catch mpi there; this holds the fallback itself to grey.
mkdir -p "$WORK/unknown"
sed 's/,mpi,/,mpi-new,/' "$CSV" >"$WORK/unknown/summary.csv"
cp "$RUN/meta.json" "$WORK/unknown/"
CSV_SAVED=$CSV
CSV=$WORK/unknown/summary.csv
checked_render speedup-unknown speedup kernel=cpu.primes
check_models "$WORK/out/speedup-unknown.svg" "mpi-new:$RGB_OTHER" "threads:$RGB_THREAD"
CSV=$CSV_SAVED
# Panels draw the mpi line itself, not only its legend entry: more series of
# mpi's colour than the one legend sample.
pt_mpi=$(entry_pt "$WORK/out/overview.svg" "MPI ranks (processes)")
n=$(svg_series "$WORK/out/overview.svg" | awk -F '\t' -v c="$RGB_MPI" -v p="$pt_mpi" '$1 == "" && $2 == c && $3 == p' | wc -l)
[ "$n" -ge 1 ] || check_fail "the overview's panels draw no series in mpi's colour and shape"
# The ratio of a run with a hybrid among the models says "faster than threads".
grep -q 'faster than threads' "$WORK/out/ratio-cpu.primes.svg" ||
  check_fail "the ratio chart with mpi+thread rows does not say 'faster than threads'"
grep -q 'faster than threads' "$WORK/out/ratiomap.svg" ||
  check_fail "the ratio map with mpi+thread rows does not say 'faster than threads'"
grep -q 'cpu.primes, mpi<' "$WORK/out/ratiomap.svg" || check_fail "the ratio map has no row of mpi"

# The message chart of net.pingpong: the message size across in bytes, latency
# and bandwidth per pair up, a pair count beside each worker count.
texts=$(svg_texts "$WORK/out/message-net.pingpong.svg")
for want in 'message size (bytes, log scale)' '8 B' '1 KiB' '64 KiB' '1 MiB' \
  'one-way latency = round trip / 2 (µs, log scale)' \
  'bandwidth per pair = 2 x size / round trip (MB/s, log scale)' \
  'MPI ranks (processes), 2 workers (1 pair)' 'MPI ranks (processes), 4 workers (2 pairs)' \
  'MPI ranks x threads, 4 workers (2 pairs)'; do
  grep -qxF "$want" <<<"$texts" || check_fail "the ping-pong chart lacks the text '$want'"
done
grep -q 'size 20k' <<<"$texts" && check_fail "the ping-pong chart calls its round trips a size"
grep -q '20k round trips' <<<"$texts" || check_fail "the ping-pong chart's title does not count its round trips"
# The value axes follow from the fixture's numbers and the formulas: the
# fastest one-way latency is 0.2 µs (threads, 8 B), the slowest 550 µs (fork,
# 2 pairs, 1 MiB), so the latency axis runs from a 0.2 tic to a 500 tic; the
# best bandwidth per pair is 10 GB/s (threads, 1 MiB), a 10000 MB/s tic and no
# 100000. A latency of a whole round trip, or a bandwidth counting the message
# once, would move these ends.
for want in 0.2 500 10000; do
  grep -qxF "$want" <<<"$texts" || check_fail "the ping-pong chart has no axis tic $want"
done
for unwanted in 0.1 100000; do
  grep -qxF "$unwanted" <<<"$texts" && check_fail "the ping-pong chart has an axis tic $unwanted"
done

# ... and of net.allreduce: time per all-reduce, from 0.5 µs (threads, 2
# workers, 8 B) to 1.4 ms (fork, 4 workers, 1 MiB); the failed mpi
# configuration is a cross in mpi's colour.
texts=$(svg_texts "$WORK/out/message-net.allreduce.svg")
for want in 'vector size (bytes each worker contributes, log scale)' '8 B' '1 MiB' \
  'time per all-reduce = 1 / throughput (µs, log scale)' 'failed configuration (no measurement)' \
  '0.5' '1000'; do
  grep -qxF "$want" <<<"$texts" || check_fail "the all-reduce chart lacks the text '$want'"
done
for unwanted in 0.2 2000; do
  grep -qxF "$unwanted" <<<"$texts" && check_fail "the all-reduce chart has an axis tic $unwanted"
done
# (the legend's cross is black, so a black mpi makes two)
n=$(sed -n "s/.*xlink:href='#gpPt1'.*color='\(rgb([^)]*)\)'.*/\1/p" "$WORK/out/message-net.allreduce.svg" | tr -d ' ' | grep -cxF "$RGB_MPI" || true)
[ "$n" -ge "$([ "$RGB_MPI" = 'rgb(0,0,0)' ] && echo 2 || echo 1)" ] ||
  check_fail "the failed mpi configuration is not a cross in mpi's colour"

# Alone, as a user runs it: told no kernel, it draws net.pingpong, into the
# out given, relative to the current folder.
mkdir -p "$WORK/alone"
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$RUN" --chart message --format png --commands --var out=m.png \
  >"$WORK/alone.gp" 2>"$WORK/alone.err" || rc=$?
(cd "$WORK/alone" && gnuplot) <"$WORK/alone.gp" >/dev/null 2>>"$WORK/alone.err" || rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$WORK/alone.err" ] || { show "$WORK/alone.err"; check_fail "message.gp alone exited $rc"; }
[ -s "$WORK/alone/m.png" ] || check_fail "message.gp alone did not write m.png"
grep -q "kernel='net.pingpong'" "$WORK/alone.gp" || check_fail "message.gp alone was not told to draw net.pingpong"
# A kernel that is no message kernel, or one without sizes: a chart that says why.
checked_render message-primes message kernel=cpu.primes
grep -q 'draws net.pingpong and net.allreduce' "$WORK/out/message-primes.svg" ||
  check_fail "the message chart of cpu.primes does not say what it draws"

# One message size of net.pingpong: no chart for it; --chart message says why
# when none is drawn.
ONE=$WORK/one
mkdir -p "$ONE"
awk -F, 'NR == 1 || $2 != "net.pingpong" || $9 == 8' "$CSV" | awk -F, 'NR == 1 || $2 != "net.allreduce"' >"$ONE/summary.csv"
cp "$RUN/meta.json" "$ONE/"
[ "$(csv_header "$ONE/summary.csv" | sed -n 9p)" = footprint_bytes ] || fail "footprint_bytes is not column 9 of the fixture"
rc=0
TVP_PLOTS_DIR=$PLOTS "$TVP" plot --chart message "$ONE" >"$WORK/one.out" 2>"$WORK/one.err" || rc=$?
[ "$rc" -eq 0 ] || { show "$WORK/one.err"; check_fail "tvp plot --chart message on one size exited $rc"; }
[ ! -d "$ONE/plots" ] || [ -z "$(ls "$ONE/plots")" ] || check_fail "tvp plot drew a message chart of one size: $(ls "$ONE/plots")"
grep -q 'no message chart' "$WORK/one.err" || { show "$WORK/one.err"; check_fail "tvp plot --chart message does not say why it drew nothing"; }

finish
