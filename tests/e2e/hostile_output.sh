#!/usr/bin/env bash
# What tvp writes and draws when its input or its surroundings are hostile: run
# folders with shell syntax in their names, charts that gnuplot cannot draw, a
# plots folder that is a dangling link, files that never end, failures whose
# reasons span lines. Each case says which rule of docs/reliability.md it holds.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

SRC=$(cd "$SRC" && pwd)
FIX=$SRC/tests/fixtures
cp -r "$FIX/compare/runA" "$FIX/compare/runB" "$WORK/"
cd "$WORK"

# --- No path reaches a shell: a run folder named with quotes and $(...) --------
if command -v gnuplot >/dev/null; then
  evil="b'\$(touch PWN)'"
  cp -a runB "$evil"
  TVP_PLOTS_DIR=$SRC/plots run_tvp evil compare runA "$evil"
  [ ! -e PWN ] || check_fail "compare ran a command hidden in a folder's name"
  [ "$RC" -eq 0 ] || { check_fail "compare on a folder named $evil exited $RC"; show "$WORK/evil.err"; }
  [ -s "$evil/compare/compare.png" ] || { check_fail "compare drew no chart for a folder named $evil"; show "$WORK/evil.err"; }
  cp -a runB "bob's run"
  TVP_PLOTS_DIR=$SRC/plots run_tvp bob compare runA "bob's run"
  [ "$RC" -eq 0 ] || check_fail "compare on \"bob's run\" exited $RC"
  ! grep -v '^not compared:' "$WORK/bob.err" | grep -q . || { check_fail "compare on \"bob's run\" complained"; show "$WORK/bob.err"; }
  [ -s "bob's run/compare/compare.png" ] || check_fail "compare drew no chart for \"bob's run\""
else
  echo "$TEST: gnuplot is not installed; the chart cases are skipped" >&2
fi
# ... and tvp plot draws every kind of chart of run folders named so, and with
# a line break that starts a gnuplot shell command ('!'), without running
# anything: the chart scripts start no shell, and tvp writes a line break in a
# gnuplot string as an escape, so no name ends a command.
if command -v gnuplot >/dev/null; then
  kinds=$({ "$TVP" plot x --chart '?' 2>&1 || true; } | sed -n 's/.*(charts: \([^)]*\)).*/\1/p' | tr -d ',')
  [ -n "$kinds" ] || check_fail "tvp plot names no chart kinds in its error for an unknown chart"
  nl=$'\n'
  drawn=
  for fixture in plot plot-chunk plot-mpi; do
    for name in "p'\$(touch PWN)'-$fixture" "p${nl}!touch PWN2${nl}-$fixture"; do
      cp -r "$FIX/$fixture" "$name"
      RC=0
      TVP_PLOTS_DIR=$SRC/plots "$TVP" plot "$name" >"$WORK/evilplot.out" 2>"$WORK/evilplot.err" || RC=$?
      [ "$RC" -eq 0 ] && [ ! -s "$WORK/evilplot.err" ] ||
        { check_fail "tvp plot of a folder named $(printf %q "$name") exited $RC"; show "$WORK/evilplot.err"; }
      drawn="$drawn $(cd "$name/plots" && ls -A | tr '\n' ' ')"
    done
  done
  [ ! -e PWN ] && [ ! -e PWN2 ] || check_fail "tvp plot ran a command hidden in a folder's name"
  # A kind the fixtures' rows cannot show (Karp-Flatt on 2 PUs) must say so.
  for kind in $kinds; do
    grep -qE " $kind(-[^ ]*)?\.svg " <<<"$drawn " && continue
    cp -r "$FIX/plot" "why-$kind"
    TVP_PLOTS_DIR=$SRC/plots "$TVP" plot "why-$kind" --chart "$kind" >/dev/null 2>"$WORK/why.err" || true
    grep -q "^tvp: plot: no $kind chart: " "$WORK/why.err" ||
      { check_fail "no $kind chart was drawn of the folders named so, and tvp plot does not say why"; show "$WORK/why.err"; }
  done
fi

# --- A chart gnuplot fails to draw leaves no file, and the command fails -------
# A stand-in compare.gp that opens its output, as a real chart does, then fails.
if command -v gnuplot >/dev/null; then
  mkdir -p failplots
  printf '%s\n' 'set terminal pngcairo' 'set output out' 'plot no_such_function(x)' >failplots/compare.gp
  TVP_PLOTS_DIR=$WORK/failplots run_tvp gpfail compare runA runB --out "$WORK/gpfail"
  [ "$RC" -eq 1 ] || { check_fail "compare whose chart gnuplot failed exited $RC, expected 1"; show "$WORK/gpfail.err"; }
  grep -q '^tvp: compare: gnuplot failed' "$WORK/gpfail.err" || { check_fail "compare did not say gnuplot failed"; show "$WORK/gpfail.err"; }
  [ -z "$(ls -A gpfail | grep -v '^compare.csv$')" ] || check_fail "a failed chart left files: $(ls -A gpfail)"
  csv_check gpfail/compare.csv
fi

# --- Ctrl-C while tvp plot draws leaves no hidden half-drawn chart ---------------
# Stand-in chart scripts that open their output and then take their time,
# three gnuplot processes drawing side by side when the signal comes: Ctrl-C
# (SIGINT to the whole process group, gnuplot too) or SIGTERM to tvp alone.
if command -v gnuplot >/dev/null; then
  mkdir -p slowplots
  for gp in "$SRC"/plots/*.gp; do
    printf '%s\n' 'set print out' 'print "half"' 'pause 3' >"slowplots/$(basename "$gp")"
  done
  # The gnuplot processes working in this test's folder (tvp's, which read
  # their commands on standard input and so name no file).
  gnuplots_here() {
    local p
    for p in $(ps -eo pid=,comm= | awk '$2 == "gnuplot" { print $1 }'); do
      [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" != "$WORK" ] || printf '%s ' "$p"
    done
  }
  for sig in INT TERM; do
    rm -rf slowrun
    cp -r "$FIX/report/run" slowrun
    # Job control gives tvp a process group of its own, as a terminal does, and
    # leaves it SIGINT (a background job of a script would ignore it).
    set -m
    TVP_PLOTS_DIR=$WORK/slowplots "$TVP" plot slowrun --jobs 3 >"$WORK/int.out" 2>"$WORK/int.err" &
    pid=$!
    set +m
    BG_PIDS+=("$pid")
    for _ in $(seq 50); do
      [ "$(ls -A slowrun/plots 2>/dev/null | grep -c '^\..*\.partial\.')" -ge 3 ] && break
      sleep 0.1
    done
    [ "$(ls -A slowrun/plots 2>/dev/null | grep -c '^\..*\.partial\.')" -ge 3 ] ||
      check_fail "tvp plot --jobs 3 was not drawing 3 charts at once within 5 s: $(ls -A slowrun/plots 2>/dev/null | tr '\n' ' ')"
    if [ "$sig" = INT ]; then kill -INT -- "-$pid"; else kill -TERM "$pid"; fi
    RC=0
    wait "$pid" || RC=$?
    want=$([ "$sig" = INT ] && echo 130 || echo 143)
    [ "$RC" -eq "$want" ] || { check_fail "tvp plot stopped by SIG$sig exited $RC, expected $want"; show "$WORK/int.err"; }
    [ -z "$(ls -A slowrun/plots)" ] || check_fail "SIG$sig during tvp plot left: $(ls -A slowrun/plots | tr '\n' ' ')"
    [ -z "$(gnuplots_here)" ] || check_fail "gnuplot is still running after SIG$sig: $(gnuplots_here)"
  done
fi

# --- A plots folder that is a dangling link: one refusal, before gnuplot -------
cp -r "$FIX/report/run" danglerun
ln -s "$WORK/nowhere/plots" danglerun/plots
run_tvp dangle plot danglerun
if [ "$RC" -ne 2 ] || [ "$(wc -l <"$WORK/dangle.err")" -ne 1 ] ||
  ! grep -qF "'danglerun/plots' is a link to nothing" "$WORK/dangle.err"; then
  check_fail "tvp plot with a dangling plots link: exit $RC, expected 2 and one line naming it"
  show "$WORK/dangle.err"
fi
[ ! -e "$WORK/nowhere" ] || check_fail "tvp plot made the folder a dangling link points to"

# --- CSV files are read up to a limit: one refusal, not all memory --------------
# refused_csv WHAT NAME ARGS...: tvp ARGS exits 2 within 10 s with one line that
# holds "summary.csv' is".
refused_csv() {
  local what=$1 name=$2
  shift 2
  RC=0
  timeout 10 "$TVP" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
  if [ "$RC" -ne 2 ] || [ "$(wc -l <"$WORK/$name.err")" -ne 1 ] || ! grep -q "summary.csv' is" "$WORK/$name.err"; then
    check_fail "$what: exit $RC, expected 2 and one line naming summary.csv"
    show "$WORK/$name.err"
  fi
}
cp -r "$FIX/report/run" bigrun
truncate -s 300M bigrun/summary.csv
refused_csv "report on a 300 MiB summary.csv" big report bigrun
refused_csv "plot on a 300 MiB summary.csv" bigp plot bigrun
cp -r runA zerorun
ln -sf /dev/zero zerorun/summary.csv
# Before the limit this took all memory; the address space limit keeps a
# regression from taking the machine's (sanitizer builds cannot start under it).
if (ulimit -v 2097152 && "$TVP" --version) >/dev/null 2>&1; then
  for cmd in report plot; do
    (CHECKS_FAILED=0 && ulimit -v 2097152 && refused_csv "$cmd on a summary.csv linked to /dev/zero" \
      "zero-$cmd" "$cmd" zerorun && [ "$CHECKS_FAILED" -eq 0 ]) ||
      CHECKS_FAILED=$((CHECKS_FAILED + 1))
  done
  (CHECKS_FAILED=0 && ulimit -v 2097152 && refused_csv "compare with a summary.csv linked to /dev/zero" \
    zero-cmp compare runA zerorun && [ "$CHECKS_FAILED" -eq 0 ]) ||
    CHECKS_FAILED=$((CHECKS_FAILED + 1))
fi

# No chart script hands anything to a shell: outside its comments, no
# system(), no `...` (gnuplot runs it as a shell command), no ! command, no
# "< command" or "| command" as a file name.
n=0
for gp in "$SRC"/plots/*.gp; do
  n=$((n + 1))
  ! grep -v '^[[:space:]]*#' "$gp" | grep -nE 'system *\(|`|^[[:space:]]*!|["'"'"'][<|] *[A-Za-z]' ||
    check_fail "$(basename "$gp") can start a shell"
done
[ "$n" -ge 10 ] || check_fail "only $n chart scripts in plots/"

finish
