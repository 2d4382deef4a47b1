#!/usr/bin/env bash
# Without gnuplot, tvp plot says so in one line, names the package to install,
# exits non-zero, and leaves the run's CSV as it was.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

cp -r "$SRC/tests/fixtures/plot" "$WORK/run"
before=$(cksum <"$WORK/run/summary.csv")
# An empty folder as PATH: the plot command finds no gnuplot anywhere.
mkdir "$WORK/empty-path"
RC=0
PATH="$WORK/empty-path" "$TVP" plot "$WORK/run" >"$WORK/out" 2>"$WORK/err" || RC=$?
[ "$RC" -ne 0 ] || fail "tvp plot without gnuplot exited 0"
[ "$(wc -l <"$WORK/err")" -eq 1 ] || { show "$WORK/err"; fail "expected one line on stderr"; }
grep -q "gnuplot-nox" "$WORK/err" || { show "$WORK/err"; fail "the message does not name the package gnuplot-nox"; }
[ "$(cksum <"$WORK/run/summary.csv")" = "$before" ] || fail "summary.csv changed"
[ ! -e "$WORK/run/plots" ] || fail "a plots folder was created although nothing could be drawn"
echo "plot without gnuplot: one line naming gnuplot-nox, exit $RC, CSV untouched"
finish
