#!/usr/bin/env bash
# The dimension table (tvp list dimensions) and what lists it again outside the C
# code: the charts' series key (what tvp plot tells the scripts) and tvp run's
# flags.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

"$TVP" list dimensions >"$WORK/dims.out" 2>"$WORK/dims.err" || { show "$WORK/dims.err"; fail "tvp list dimensions failed"; }
# The CSV columns of the point dimensions, in table order.
table=$(awk '$1 != "dimensions:" && $1 != "name" && $NF == "yes" { printf "%s ", $4 }' "$WORK/dims.out")
[ -n "$table" ] || { show "$WORK/dims.out"; fail "tvp list dimensions names no point dimension"; }
# The series key tvp plot gives the chart scripts (the answer to "dims", in
# the commands it prints) for a run with every column: the same columns.
cp -r "$SRC/tests/fixtures/plot" "$WORK/run"
for col in ${table% }; do
  head -n 1 "$WORK/run/summary.csv" | tr ',' '\n' | grep -qx "$col" || fail "the fixture run has no column $col"
done
TVP_PLOTS_DIR=$SRC/plots "$TVP" plot "$WORK/run" --chart overview --commands >"$WORK/cmds.gp" ||
  fail "tvp plot --commands failed"
gp=$(tr '\036' '\n' <"$WORK/cmds.gp" | sed -n 's/^dims|\x1f\(.*\) $/\1/p' | head -n 1)
[ -n "$gp" ] || fail "tvp plot --commands tells the scripts no series key (dims)"
[ "${table% }" = "$gp" ] || check_fail "the charts' series key is '$gp', the dimension table's '${table% }'"

# Every dimension's flag is one tvp run documents.
"$TVP" run --help >"$WORK/run-help.out"
for flag in $(awk '$1 != "dimensions:" && $1 != "name" { print $3 }' "$WORK/dims.out"); do
  grep -q -- "^  $flag " "$WORK/run-help.out" || check_fail "tvp run --help does not document $flag"
done
finish
