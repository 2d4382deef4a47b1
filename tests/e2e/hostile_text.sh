#!/usr/bin/env bash
# Hostile text: names and values a person or a damaged file may hold (terminal
# escapes, line breaks, names that climb out of a folder) never reach the
# terminal, a file name or report.md as anything but text.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

ESC=$(printf '\033')

# no_escape WHAT FILE: FILE holds no escape byte and no carriage return.
no_escape() {
  if grep -q "[$ESC$(printf '\r')]" "$2"; then
    check_fail "$1: a control character reached the terminal"
    show "$2"
  fi
}

# --- Control characters in what an error quotes are shown as \xNN. -----------
run_tvp esc-kernel run --kernels $'\e[2J' --dry-run
no_escape "--kernels with an escape" "$WORK/esc-kernel.err"
grep -qF "unknown kernel '\\x1b[2J'" "$WORK/esc-kernel.err" ||
  { check_fail "--kernels with an escape: the error does not show it as \\x1b"; show "$WORK/esc-kernel.err"; }
run_tvp esc-plot plot "$WORK/no"$'\e[2J\r'"where"
no_escape "tvp plot on a folder named with an escape" "$WORK/esc-plot.err"
[ "$RC" -eq 2 ] || check_fail "tvp plot on a missing folder: exit status $RC, expected 2"
printf 'kernels cpu.primes\nworkers 1\rab\n' >"$WORK/cr.suite"
run_tvp cr-suite run "$WORK/cr.suite" --dry-run
no_escape "a carriage return inside a suite line" "$WORK/cr-suite.err"
[ "$RC" -eq 2 ] && grep -q "line 2 holds a carriage return" "$WORK/cr-suite.err" ||
  { check_fail "a carriage return inside a suite line is not refused at its line"; show "$WORK/cr-suite.err"; }

# --- A name given twice runs once. --------------------------------------------
run_tvp twice run --kernels cpu.primes,cpu.primes --placement core,core --models thread,thread \
  --sizes 1k,1000 --workers 1,1 --dry-run
grep -q '^1 configurations,' "$WORK/twice.out" ||
  { check_fail "a list with a name given twice plans it twice"; show "$WORK/twice.out"; }

# --- Names read from summary.csv name no file outside the run folder. ---------
# A run whose summary.csv names the kernel '/../../../TRAV': the speedup chart's
# name, plots/speedup-/../../../TRAV.png, would climb out once the folders the
# path passes through exist.
TRAV=$WORK/a/b/c/run
mkdir -p "$TRAV/plots/speedup-" "$TRAV/plots/.speedup-"
awk -F, -v OFS=, 'NR > 1 && $2 == "cpu.primes" { $2 = "/../../../TRAV" } { print }' \
  "$SRC/tests/fixtures/plot/summary.csv" >"$TRAV/summary.csv"
cp "$SRC/tests/fixtures/plot/meta.json" "$TRAV/"
run_tvp trav-plot plot "$TRAV"
if [ -n "$(find "$WORK" -name 'TRAV*' -print -quit)" ]; then
  check_fail "tvp plot wrote a chart named after a kernel '/../../../TRAV': $(find "$WORK" -name 'TRAV*')"
fi
[ "$RC" -eq 2 ] && [ "$(wc -l <"$WORK/trav-plot.err")" -eq 1 ] &&
  grep -qF "'/../../../TRAV' is not a kernel name" "$WORK/trav-plot.err" ||
  { check_fail "tvp plot on a kernel '/../../../TRAV': exit $RC, expected 2 and one line naming it"; show "$WORK/trav-plot.err"; }
sed 's/,core,/,..\/x,/' "$SRC/tests/fixtures/plot/summary.csv" >"$WORK/a/place.csv"
mkdir -p "$WORK/a/place" && mv "$WORK/a/place.csv" "$WORK/a/place/summary.csv"
run_tvp place-report report "$WORK/a/place"
[ "$RC" -eq 2 ] && grep -qF "'../x' is not a placement" "$WORK/place-report.err" ||
  { check_fail "tvp report on a placement '../x': exit $RC, expected 2 naming it"; show "$WORK/place-report.err"; }

# --- report.md: a line break in a path or a reason stays text. ----------------
NL=$WORK/run$'\n'dir$'\t'x
run_tvp nl-run run --kernels cpu.primes --workers 1 --size 20k --reps 1 --warmup 0 --quiet \
  --models thread --out "$NL"
[ "$RC" -eq 0 ] || { check_fail "a run into a folder with a newline in its name: exit $RC"; show "$WORK/nl-run.err"; }
# A failed configuration whose reason holds a line that reads as a heading.
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  { $c["status"] = "failed"; $c["reason"] = "\"bad\n## INJECTED\""; print }' \
  "$NL/summary.csv" >"$WORK/summary.csv" && mv "$WORK/summary.csv" "$NL/summary.csv"
run_tvp nl-report report "$NL"
MD=$NL/report.md
if [ "$RC" -ne 0 ] || [ ! -s "$MD" ]; then
  check_fail "tvp report on that folder: exit $RC"
  show "$WORK/nl-report.err"
else
  grep -q '^## INJECTED' "$MD" && check_fail "a newline in a reason opened a heading in report.md"
  grep -qF 'bad\\x0a\#\# INJECTED' "$MD" || grep -qF 'bad\\x0a## INJECTED' "$MD" ||
    { check_fail "report.md does not show the reason's newline as \\x0a"; grep -n INJECTED "$MD" >&2 || true; }
  grep -qF -- "--out \$'$WORK/run\\ndir\\tx'" "$MD" ||
    { check_fail "report.md's command line does not quote the newline and tab of --out"; grep -n -- '--out' "$MD" >&2 || true; }
fi

finish
