#!/usr/bin/env bash
# tvp plot draws its charts with several gnuplot processes at once, each
# drawing chart after chart: the same files, byte for byte, as one process
# drawing them one after the other (--jobs 1); a chart that fails in the
# middle of a process's charts fails alone; the progress line is drawn on a
# terminal and never into a pipe or a file. gnuplot missing is a failure.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"
command -v gnuplot >/dev/null || fail "gnuplot is not installed (apt-get install gnuplot-nox)"
PLOTS=$SRC/plots
cp -r "$SRC/tests/fixtures/plot" "$WORK/one"
cp -r "$SRC/tests/fixtures/plot" "$WORK/many"
rm -rf "$WORK/one/plots" "$WORK/many/plots"

# --- The same charts, whatever the number of processes ---------------------------
run_plot() { # NAME ARGS...: tvp plot, its output in $WORK/NAME.out and .err, status in RC
  local name=$1
  shift
  RC=0
  TVP_PLOTS_DIR=${GP_DIR:-$PLOTS} "$TVP" plot "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
}
run_plot one "$WORK/one" --jobs 1
[ "$RC" -eq 0 ] && [ ! -s "$WORK/one.err" ] || { show "$WORK/one.err"; fail "tvp plot --jobs 1 exited $RC"; }
run_plot many "$WORK/many" --jobs 3
[ "$RC" -eq 0 ] && [ ! -s "$WORK/many.err" ] || { show "$WORK/many.err"; fail "tvp plot --jobs 3 exited $RC"; }
(cd "$WORK/one/plots" && ls -A) >"$WORK/one.list"
(cd "$WORK/many/plots" && ls -A) >"$WORK/many.list"
n=$(wc -l <"$WORK/one.list")
[ "$n" -gt 20 ] || fail "tvp plot --jobs 1 drew only $n files"
diff "$WORK/one.list" "$WORK/many.list" >"$WORK/list.diff" ||
  { show "$WORK/list.diff"; check_fail "--jobs 3 drew other files than --jobs 1"; }
grep -qx "$n chart files in $WORK/many/plots" "$WORK/many.out" ||
  { show "$WORK/many.out"; check_fail "tvp plot --jobs 3 did not say '$n chart files in DIR'"; }
# A process draws many charts, and gnuplot keeps some state from one to the
# next: the files must not show it.
while read -r f; do
  cmp -s "$WORK/one/plots/$f" "$WORK/many/plots/$f" || check_fail "$f differs between --jobs 1 and --jobs 3"
done <"$WORK/many.list"
# ... nor differ from a chart drawn by a gnuplot of its own.
mkdir -p "$WORK/alone"
alone() { # FILE CHART VAR=VALUE...: FILE drawn alone, compared
  local f=$1 chart=$2 v
  local -a vars=()
  shift 2
  for v in "$@"; do vars+=(--var "$v"); done
  TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$WORK/one" --chart "$chart" --format "${f##*.}" --commands \
    --var "out=$WORK/alone/$f" "${vars[@]}" | gnuplot 2>"$WORK/alone.err" ||
    { show "$WORK/alone.err"; check_fail "$f alone failed"; }
  cmp -s "$WORK/alone/$f" "$WORK/many/plots/$f" || check_fail "$f differs from the chart drawn by a gnuplot of its own"
}
alone footprint.svg footprint
alone latency.png latency
alone overview.png overview
alone ratio-cpu.primes-core.svg ratio kernel=cpu.primes placement=core
alone speedup-io.sleep.png speedup kernel=io.sleep placement=core
for bad in 0 x 1025; do
  run_plot "jobs$bad" "$WORK/one" --jobs "$bad"
  [ "$RC" -eq 2 ] && grep -q -- '--jobs' "$WORK/jobs$bad.err" ||
    { show "$WORK/jobs$bad.err"; check_fail "--jobs $bad: exit $RC, expected 2 and a word on --jobs"; }
done

# --- A chart that fails fails alone ------------------------------------------------
# speedup.gp fails for io.sleep after opening its output, as a real chart
# would; one process draws every PNG, so the failing chart is one of many.
mkdir -p "$WORK/broken"
cp "$PLOTS"/*.gp "$WORK/broken/"
{ printf '%s\n' 'if (kernel eq "io.sleep") { set terminal pngcairo; set output out; plot no_such_function(x) }'
  cat "$PLOTS/speedup.gp"; } >"$WORK/broken/speedup.gp"
for jobs in 1 2; do
  rm -rf "$WORK/one/plots"
  GP_DIR=$WORK/broken run_plot "broken$jobs" "$WORK/one" --jobs "$jobs" --format png
  GP_DIR=
  [ "$RC" -eq 1 ] || { show "$WORK/broken$jobs.err"; check_fail "--jobs $jobs with a failing chart exited $RC, expected 1"; }
  failed=$(sed -n 's/^tvp: plot: gnuplot failed on .* for .*\/plots\/\(.*\)$/\1/p' "$WORK/broken$jobs.err" | sort | tr '\n' ' ')
  want=$(grep '^speedup-io\.sleep.*\.png$' "$WORK/one.list" | sort | tr '\n' ' ')
  [ -n "$want" ] || fail "the fixture has no speedup chart of io.sleep"
  [ "$failed" = "$want" ] || { show "$WORK/broken$jobs.err"; check_fail "--jobs $jobs: failed '$failed', expected '$want'"; }
  (cd "$WORK/one/plots" && ls -A) >"$WORK/broken.list"
  grep '\.png$' "$WORK/one.list" | grep -v '^speedup-io\.sleep' | diff - "$WORK/broken.list" >"$WORK/broken.diff" ||
    { show "$WORK/broken.diff"; check_fail "--jobs $jobs with a failing chart drew other files than the rest"; }
  m=$(wc -l <"$WORK/broken.list")
  grep -qx "$m chart files in $WORK/one/plots (some failed, see above)" "$WORK/broken$jobs.out" ||
    { show "$WORK/broken$jobs.out"; check_fail "--jobs $jobs with a failing chart did not count $m files"; }
done

# --- The progress line: on a terminal only -------------------------------------------
command -v script >/dev/null || fail "script (util-linux) is needed to give tvp plot a terminal"
rm -rf "$WORK/one/plots"
TVP_PLOTS_DIR=$PLOTS script -qec "$(printf '%q ' "$TVP" plot "$WORK/one" --chart speedup)" /dev/null \
  >"$WORK/tty.out" 2>&1 || check_fail "tvp plot on a terminal failed"
grep -q 'charts drawn' "$WORK/tty.out" || { show "$WORK/tty.out"; check_fail "no progress line on a terminal"; }
grep -q '\[0/[0-9]*\] charts drawn' "$WORK/tty.out" || check_fail "the progress line does not start at 0"
rm -rf "$WORK/one/plots"
run_plot pipe "$WORK/one" --chart speedup
[ "$RC" -eq 0 ] || { show "$WORK/pipe.err"; check_fail "tvp plot into a file exited $RC"; }
! grep -q 'charts drawn' "$WORK/pipe.out" "$WORK/pipe.err" || check_fail "a progress line went into a file"
! grep -q $'\r' "$WORK/pipe.out" "$WORK/pipe.err" || check_fail "a carriage return went into a file"
finish
