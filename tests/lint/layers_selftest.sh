#!/usr/bin/env bash
# layers.sh must catch what it is there to catch: on a small tree of its own,
# an include that runs up a layer and a file in no layer each fail it, with a
# line that names them; the same tree without them passes.
set -uo pipefail
check=${1:?usage: layers_selftest.sh LAYERS_SH}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/low" "$tmp/src/high" "$tmp/src/high/inner"
printf '# a comment\nlow\nhigh\n' >"$tmp/src/layers.txt"
printf '#include "low/a.h"\n' >"$tmp/src/high/b.h"
printf '#include "e.h"\n#include "low/a.h"\n' >"$tmp/src/high/inner/c.c"
printf '#include "high/b.h"\n' >"$tmp/src/high/inner/e.h"
printf '#include <stdio.h>\n' >"$tmp/src/low/a.h"
fail=0
expect() { # expect RC PATTERN: the last run's status and a line of its output
  if [ "$rc" -ne "$1" ] || ! grep -q -- "$2" "$tmp/out"; then
    echo "FAIL: wanted status $1 and a line matching '$2', got $rc:"
    sed 's/^/  /' "$tmp/out"
    fail=1
  fi
}
bash "$check" "$tmp/src" >"$tmp/out" 2>&1; rc=$?
expect 0 "no include runs up"
printf '#include "high/b.h"\n' >"$tmp/src/low/up.c"
bash "$check" "$tmp/src" >"$tmp/out" 2>&1; rc=$?
expect 1 "low/up.c (low) includes high/b.h (high), a higher layer"
rm "$tmp/src/low/up.c"
printf 'int x;\n' >"$tmp/src/stray.c"
bash "$check" "$tmp/src" >"$tmp/out" 2>&1; rc=$?
expect 1 "stray.c: in no layer"
rm "$tmp/src/stray.c"
printf '#include "low/missing.h"\n' >"$tmp/src/high/d.c"
bash "$check" "$tmp/src" >"$tmp/out" 2>&1; rc=$?
expect 1 'includes "low/missing.h", which is not in src/'
[ "$fail" -eq 0 ] && echo "layers.sh catches upward includes, files in no layer and unknown headers"
exit "$fail"
