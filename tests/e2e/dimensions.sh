#!/usr/bin/env bash
# The dimension table (tvp list dimensions) and what lists it again outside the C
# code: the chart scripts' series key (plots/common.gp) and tvp run's flags.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

"$TVP" list dimensions >"$WORK/dims.out" 2>"$WORK/dims.err" || { show "$WORK/dims.err"; fail "tvp list dimensions failed"; }
# The CSV columns of the point dimensions, in table order.
table=$(awk '$1 != "dimensions:" && $1 != "name" && $NF == "yes" { printf "%s ", $4 }' "$WORK/dims.out")
[ -n "$table" ] || { show "$WORK/dims.out"; fail "tvp list dimensions names no point dimension"; }
# common.gp's list: split("placement scaling ...", d0, " ").
gp=$(sed -n 's/.*nd0 = split("\([^"]*\)", d0.*/\1/p' "$SRC/plots/common.gp")
[ -n "$gp" ] || fail "plots/common.gp has no series key list (split(\"...\", d0, \" \"))"
[ "${table% }" = "$gp" ] || check_fail "plots/common.gp's series key is '$gp', the dimension table's '${table% }'"

# Every dimension's flag is one tvp run documents.
"$TVP" run --help >"$WORK/run-help.out"
for flag in $(awk '$1 != "dimensions:" && $1 != "name" { print $3 }' "$WORK/dims.out"); do
  grep -q -- "^  $flag " "$WORK/run-help.out" || check_fail "tvp run --help does not document $flag"
done
finish
