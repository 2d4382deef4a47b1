#!/usr/bin/env bash
# The JSON files: summary.json beside summary.csv (the same columns, in the
# same order, the same values, meta.json inside) and tvp export --format gbench
# (Google Benchmark's layout, its figures those of runs.csv), both valid
# against their schemas in docs/schemas/, and both valid JSON whatever bytes a
# path or a reason holds: quotes, backslashes, control characters, bytes that
# are no UTF-8. tvp report gives an older run folder its summary.json.
#
# The schema checks need python3 with the jsonschema module (Debian:
# python3-jsonschema, which bench/run-tests.sh installs); without it the checks
# that need no python run, and the test then reports itself skipped (77).
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

SCHEMAS=$SRC/docs/schemas
CHECK=$SRC/tests/e2e/json_check.py
export PYTHONDONTWRITEBYTECODE=1
PY=""
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import jsonschema' 2>/dev/null; then
    PY=$py
    break
  fi
done
# py_check WHAT ARGS...: json_check.py ARGS, its problems a failed check.
py_check() {
  local what=$1 out
  shift
  [ -n "$PY" ] || return 0
  out=$("$PY" "$CHECK" "$@" 2>&1) || { check_fail "$what:"; printf '%s\n' "$out" | sed 's/^/  | /' >&2; }
}

# --- A run: two kernels (one counted in bytes), a crashing one, 1 and 2 workers.
R=$WORK/run
TVP_TEST_KERNELS=1 run_tvp run run --kernels cpu.primes,mem.triad,test.crash --models thread,fork \
  --workers 1,2 --size 2k --reps 2 --warmup 1 --quiet --out "$R"
[ "$RC" -eq 1 ] || { show "$WORK/run.err"; fail "a run with test.crash exited $RC, expected 1"; }
[ -s "$R/summary.json" ] || fail "tvp run wrote no summary.json beside summary.csv"
[ -z "$(tail -c 1 "$R/summary.json")" ] || check_fail "summary.json does not end with a line break"
[ -z "$(find "$R" -name '*.tmp')" ] || check_fail "a temporary file is left: $(find "$R" -name '*.tmp')"
py_check "summary.json of a run" summary "$SCHEMAS/summary.schema.json" "$R"

# --- tvp export --format gbench -------------------------------------------------
run_tvp exp export --format gbench "$R"
[ "$RC" -eq 0 ] && [ ! -s "$WORK/exp.err" ] || { show "$WORK/exp.err"; check_fail "export exited $RC"; }
py_check "the export in ms" gbench "$SCHEMAS/gbench.schema.json" "$WORK/exp.out" "$R" ms
py_check "the gbench schema" teeth "$SCHEMAS/gbench.schema.json" "$WORK/exp.out"
grep -q '"error_message": "warm-up: .*killed by SIGSEGV' "$WORK/exp.out" ||
  check_fail "the crashed configurations have no error entry with their reason"
grep -q '"bytes_per_second": ' "$WORK/exp.out" && grep -q '"items_per_second": ' "$WORK/exp.out" ||
  check_fail "mem.triad's throughput is not bytes_per_second, or cpu.primes' not items_per_second"
run_tvp exp-us export --time-unit us --out "$WORK/us.json" "$R"
[ "$RC" -eq 0 ] && [ ! -s "$WORK/exp-us.out" ] && [ -s "$WORK/us.json" ] ||
  check_fail "export --out: exit $RC, or it printed on stdout, or wrote no file"
py_check "the export in us" gbench "$SCHEMAS/gbench.schema.json" "$WORK/us.json" "$R" us
run_tvp exp-dash export --out - "$R"
cmp -s "$WORK/exp-dash.out" "$WORK/exp.out" || check_fail "export --out - is not the export on stdout"

# --- Its command line ----------------------------------------------------------
run_tvp help --help
grep -q '^  export ' "$WORK/help.out" || check_fail "tvp --help does not list export"
run_tvp exp-help export --help
[ "$RC" -eq 0 ] && grep -q 'compare.py' "$WORK/exp-help.out" && grep -q -- '--time-unit' "$WORK/exp-help.out" ||
  check_fail "tvp export --help: exit $RC, or it says nothing of compare.py and --time-unit"
mkdir -p "$WORK/no-runs" "$WORK/no-wall"
cp "$R/summary.csv" "$R/meta.json" "$WORK/no-runs/"
cp "$R/summary.csv" "$R/meta.json" "$WORK/no-wall/"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_s") $i = "wall" } { print }' \
  "$R/runs.csv" >"$WORK/no-wall/runs.csv"
for bad in "format:--format csv $R:the format tvp writes is gbench" \
  "unit:--time-unit min $R:give ns, us, ms or s" \
  "none::name one run folder" \
  "missing:$WORK/missing:is not a folder" \
  "no-runs:$WORK/no-runs:runs.csv" \
  "no-wall:$WORK/no-wall:has no column 'wall_s'"; do
  IFS=: read -r name args want <<<"$bad"
  # shellcheck disable=SC2086 # the arguments are words
  run_tvp "bad-$name" export $args
  [ "$RC" -eq 2 ] && grep -qF "$want" "$WORK/bad-$name.err" && [ ! -s "$WORK/bad-$name.out" ] ||
    { check_fail "export $args: exit $RC, expected 2 and '$want'"; show "$WORK/bad-$name.err"; }
done

# A run folder without meta.json still exports, its context empty, and says so.
mkdir -p "$WORK/no-meta"
cp "$R/summary.csv" "$R/runs.csv" "$WORK/no-meta/"
run_tvp no-meta export --out "$WORK/no-meta.json" "$WORK/no-meta"
[ "$RC" -eq 0 ] && grep -q 'meta.json.*the context will be incomplete' "$WORK/no-meta.err" ||
  { check_fail "export without meta.json: exit $RC, or no word of it on stderr"; show "$WORK/no-meta.err"; }
py_check "the export of a run without meta.json" gbench "$SCHEMAS/gbench.schema.json" "$WORK/no-meta.json" \
  "$WORK/no-meta" ms

# --- tvp report gives a run folder without summary.json one, the same ----------
cp -r "$R" "$WORK/old"
rm "$WORK/old/summary.json"
run_tvp old-report report "$WORK/old"
[ "$RC" -eq 0 ] || { show "$WORK/old-report.err"; check_fail "report on a run without summary.json exited $RC"; }
cmp -s "$WORK/old/summary.json" "$R/summary.json" ||
  check_fail "report wrote a summary.json unlike the one tvp run wrote from the same files"
echo mine >"$WORK/old/summary.json"
run_tvp old-report2 report "$WORK/old"
[ "$(cat "$WORK/old/summary.json")" = mine ] || check_fail "report overwrote a summary.json that was there"

# --- Hostile bytes: a run folder named with quotes, a backslash, control
# characters and a byte that is no UTF-8. -------------------------------------
H=$WORK/$'q"uo\\te\x01\tc\x1b[2J\xffz'
run_tvp hostile run --kernels cpu.primes --models thread --workers 1 --size 1k --reps 2 --warmup 0 --quiet --out "$H"
[ "$RC" -eq 0 ] || { show "$WORK/hostile.err"; fail "a run into a folder named with hostile bytes exited $RC"; }
run_tvp hostile-exp export --out "$WORK/hostile.json" "$H"
[ "$RC" -eq 0 ] || { show "$WORK/hostile-exp.err"; check_fail "export of a run folder named with hostile bytes exited $RC"; }
py_check "summary.json of a hostile folder" summary "$SCHEMAS/summary.schema.json" "$H"
py_check "the export of a hostile folder" gbench "$SCHEMAS/gbench.schema.json" "$WORK/hostile.json" "$H" ms
py_check "the folder's name in summary.json" equals "$H/summary.json" "$H" meta command_line -1
py_check "the folder's name in the export" equals "$WORK/hostile.json" "$H" context tvp_run_folder

# A reason and a model name with the same bytes (summary.csv is text anyone can
# edit), for a configuration whose repetitions all failed.
E=$WORK/edited
cp -r "$R" "$E"
rm "$E/summary.json"
REASON=$'said "no", then \\ back\x01\x1b[2J\ttab \xff\xfe end'
MODEL=$'fo"rk\xff'
csvq() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }
REASON_Q=$(csvq "$REASON") MODEL_Q=$(csvq "$MODEL") awk -F, -v OFS=, '
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  $1 == 1 { $c["status"] = "failed"; $c["reason"] = ENVIRON["REASON_Q"]; $c["model"] = ENVIRON["MODEL_Q"] }
  { print }' "$R/summary.csv" >"$E/summary.csv"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  $1 == 1 { $c["status"] = "failed" } { print }' "$R/runs.csv" >"$E/runs.csv"
run_tvp edited-report report "$E"
[ "$RC" -eq 0 ] && [ -s "$E/summary.json" ] ||
  { show "$WORK/edited-report.err"; check_fail "report on a folder with hostile reasons: exit $RC, or no summary.json"; }
run_tvp edited-exp export --out "$WORK/edited.json" "$E"
[ "$RC" -eq 0 ] || { show "$WORK/edited-exp.err"; check_fail "export of a folder with hostile reasons exited $RC"; }
py_check "summary.json with hostile text" summary "$SCHEMAS/summary.schema.json" "$E"
py_check "the export with hostile text" gbench "$SCHEMAS/gbench.schema.json" "$WORK/edited.json" "$E" ms
py_check "the reason in summary.json" equals "$E/summary.json" "$REASON" configurations 1 reason
py_check "the model in summary.json" equals "$E/summary.json" "$MODEL" configurations 1 model
py_check "the reason in the export" equals "$WORK/edited.json" "$REASON" benchmarks 6 error_message

if [ -z "$PY" ]; then
  [ "$CHECKS_FAILED" -eq 0 ] || finish
  printf '%s: SKIP: no python3 with the jsonschema module (Debian: python3-jsonschema), so the files were not checked against docs/schemas/\n' "$TEST" >&2
  exit 77
fi
finish
