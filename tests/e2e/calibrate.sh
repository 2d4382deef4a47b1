#!/usr/bin/env bash
# tvp calibrate measures every model it can and says why it skips one: as
# root without Open MPI's consent the mpi models are skipped with the
# refusal's own line and the rest measured (exit 0); with the consent they are
# measured. --out writes calibrate.csv (a row per model and worker count) and
# calibrate.txt (what was printed); each row reaches stdout as soon as it is
# measured; a terminal sees a progress line, a pipe none; Ctrl-C keeps the
# rows measured and exits 130.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

HAVE_MPI=0
[ -x "$(dirname "$TVP")/tvp-mpi-rank" ] && command -v mpirun >/dev/null && HAVE_MPI=1
NO_CONSENT=(env -u OMPI_ALLOW_RUN_AS_ROOT -u OMPI_ALLOW_RUN_AS_ROOT_CONFIRM)
CONSENT=(env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1)
ROOT_REFUSAL="Open MPI refuses to run as root"

# run_cmd NAME COMMAND...: as run_tvp, for a command that runs tvp itself.
run_cmd() {
  local name=$1
  shift
  RC=0
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
}

# rows DIR: "model workers status" for each row of DIR/calibrate.csv.
rows() { csv_cols "$1/calibrate.csv" model workers status | tr '\t' ' '; }
# expect_rows NAME DIR WORKERS MPI_STATUS: a row per model and worker count, in
# that order, thread, fork and spawn measured, the mpi models MPI_STATUS.
expect_rows() {
  local name=$1 dir=$2 want="" w m
  for w in $3; do
    for m in thread fork spawn; do want+="$m $w ok"$'\n'; done
    for m in mpi mpi+thread; do want+="$m $w $4"$'\n'; done
  done
  csv_check "$dir/calibrate.csv"
  [ "$(rows "$dir")"$'\n' = "$want" ] || { show "$dir/calibrate.csv"; check_fail "$name: calibrate.csv rows are not '$want'"; }
}

# --- without consent: the mpi models skipped, as root, with the refusal's line --------
run_cmd plain "${NO_CONSENT[@]}" "$TVP" calibrate --reps 2 --workers 1,2 --out "$WORK/plain"
[ "$RC" -eq 0 ] || { show "$WORK/plain.out" "$WORK/plain.err"; check_fail "calibrate without consent exited $RC, expected 0"; }
if [ "$(id -u)" -eq 0 ] && [ "$HAVE_MPI" = 1 ]; then
  grep -q "^mpi, mpi+thread: skipped: $ROOT_REFUSAL: run tvp as another user, or set OMPI_ALLOW_RUN_AS_ROOT=1" "$WORK/plain.out" ||
    { show "$WORK/plain.out"; check_fail "as root without consent, calibrate does not skip the mpi models with the refusal's line"; }
  expect_rows plain "$WORK/plain" "1 2" skipped
  reasons=$(csv_cols "$WORK/plain/calibrate.csv" model reason | awk -F '\t' '$1 ~ /^mpi/ { print $2 }' | sort -u)
  case $reasons in "$ROOT_REFUSAL"*) ;; *) check_fail "the skipped mpi rows do not give the refusal as their reason: '$reasons'" ;; esac
elif [ "$HAVE_MPI" = 0 ]; then
  grep -q "^mpi, mpi+thread: skipped: this tvp was built without MPI" "$WORK/plain.out" ||
    { show "$WORK/plain.out"; check_fail "a build without MPI does not say why calibrate skips the mpi models"; }
  expect_rows plain "$WORK/plain" "1 2" skipped
fi
# Every row measured or said why not; a measured row has its figures.
bad=$(csv_cols "$WORK/plain/calibrate.csv" status reps skew_median_us setup_median_ms reason |
  awk -F '\t' '($1 == "ok" && ($2 != 2 || $3 == "" || !($4 > 0))) || ($1 == "skipped" && $5 == "") || ($1 != "ok" && $1 != "skipped")')
[ -z "$bad" ] || { show "$WORK/plain/calibrate.csv"; check_fail "rows neither measured whole nor skipped with a reason: $bad"; }
# calibrate.txt is what was printed, up to the line naming the files.
grep -v '^written: ' "$WORK/plain.out" | diff - "$WORK/plain/calibrate.txt" >"$WORK/txt.diff" ||
  { show "$WORK/txt.diff"; check_fail "calibrate.txt is not what calibrate printed"; }
grep -qF "written: $WORK/plain/calibrate.csv" "$WORK/plain.out" || check_fail "calibrate does not say where --out wrote"
# Not a terminal: no progress line, nothing on stderr.
[ ! -s "$WORK/plain.err" ] || { show "$WORK/plain.err"; check_fail "calibrate wrote on stderr with no terminal"; }

# --- with consent: the mpi models measured -----------------------------------------------
if [ "$HAVE_MPI" = 1 ]; then
  run_cmd consent "${CONSENT[@]}" "$TVP" calibrate --reps 2 --workers 1 --out "$WORK/consent"
  [ "$RC" -eq 0 ] || { show "$WORK/consent.out" "$WORK/consent.err"; check_fail "calibrate with consent exited $RC, expected 0"; }
  grep -q 'skipped' "$WORK/consent.out" && { show "$WORK/consent.out"; check_fail "calibrate with consent skips a model"; }
  expect_rows consent "$WORK/consent" 1 ok
fi

# --- a terminal sees the progress line ---------------------------------------------------
if command -v script >/dev/null; then
  "${NO_CONSENT[@]}" script -qec "$(printf '%q ' "$TVP" calibrate --reps 2 --workers 1)" "$WORK/tty.log" >/dev/null 2>&1 || true
  grep -aEq '\[1/[0-9]+\] thread 1 worker, repetition 1 of 2, about .* left' "$WORK/tty.log" ||
    { show "$WORK/tty.log"; check_fail "calibrate on a terminal draws no progress line"; }
fi

# --- rows as they are measured, and Ctrl-C --------------------------------------------------
# Enough repetitions to last well past the first row; tvp leads its own process
# group (setsid), as a terminal's foreground job does.
setsid "${NO_CONSENT[@]}" "$TVP" calibrate --reps 400 --workers 1..4 --out "$WORK/int" >"$WORK/int.out" 2>"$WORK/int.err" &
pid=$!
BG_PIDS+=("$pid")
deadline=$((SECONDS + 60))
until grep -q '^thread  *1 core' "$WORK/int.out"; do
  kill -0 "$pid" 2>/dev/null || { show "$WORK/int.out" "$WORK/int.err"; fail "calibrate ended before its first row reached a pipe"; }
  [ "$SECONDS" -lt "$deadline" ] || fail "no row on stdout after 60 s"
  sleep 0.05
done
kill -0 "$pid" 2>/dev/null || fail "the first row reached the pipe only at the end"
kill -INT -- "-$pid"
RC=0
deadline=$((SECONDS + 30))
while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "calibrate still runs 30 s after SIGINT"
wait "$pid" || RC=$?
BG_PIDS=()
[ "$RC" -eq 130 ] || { show "$WORK/int.out" "$WORK/int.err"; check_fail "interrupted calibrate exited $RC, expected 130"; }
grep -q '^interrupted by SIGINT' "$WORK/int.out" || { show "$WORK/int.out"; check_fail "calibrate does not say it was interrupted"; }
csv_check "$WORK/int/calibrate.csv"
[ "$(rows "$WORK/int" | head -n 1)" = "thread 1 ok" ] || { show "$WORK/int/calibrate.csv"; check_fail "the interrupted calibrate's CSV lacks its first row"; }

# --- bad input --------------------------------------------------------------------------------
run_tvp badout calibrate --out ""
[ "$RC" -eq 2 ] || check_fail "calibrate --out '' exited $RC, expected 2"
: >"$WORK/afile"
run_tvp fileout calibrate --out "$WORK/afile/sub"
[ "$RC" -eq 2 ] && grep -q "afile/sub" "$WORK/fileout.err" || { show "$WORK/fileout.err"; check_fail "calibrate --out under a file exited $RC, expected 2 naming it"; }

finish
