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
  ! grep -v '^only in' "$WORK/bob.err" | grep -q . || { check_fail "compare on \"bob's run\" complained"; show "$WORK/bob.err"; }
  [ -s "bob's run/compare/compare.png" ] || check_fail "compare drew no chart for \"bob's run\""
else
  echo "$TEST: gnuplot is not installed; the chart cases are skipped" >&2
fi
# No chart script hands anything to a shell.
for gp in "$SRC"/plots/compare.gp; do
  ! grep -n 'system(' "$gp" || check_fail "$(basename "$gp") calls system()"
done

finish
