#!/usr/bin/env bash
# A results folder that will not take tvp's files. When the folder cannot be
# made, or its first files cannot be written, tvp runs nothing: exit status 2,
# one line on stderr that names the folder, the reason and what to do, and
# nothing left behind. When a write fails part-way through a run (a full disk,
# a file size limit), tvp stops there with exit status 1: every CSV ends on a
# whole row, and meta.json is whole JSON that says the run failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"
source "$HERE/refused.sh"

note() { printf '%s: %s\n' "$TEST" "$*" >&2; }

# The options of a run that would otherwise be fine and fast.
OK=(--kernels cpu.primes --workers 1 --size 20k --reps 1 --warmup 0 --quiet)

# json_whole FILE: FILE is one whole JSON document.
json_whole() {
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null
  else
    [ "$(head -n 1 "$1")" = "{" ] && [ "$(tail -n 1 "$1")" = "}" ]
  fi
}

# stopped_whole WHAT NAME FOLDER ERRNO-TEXT HINT-TEXT: a run stopped part-way by
# a failed write exits 1, says on every stderr line what failed and on one of
# them what to do, and leaves CSV files that end on whole rows and a meta.json
# that is whole and says "failed".
stopped_whole() {
  local what=$1 name=$2 dir=$3 why=$4 hint=$5 f
  CASE=$((CASE + 1))
  if [ "$RC" -ne 1 ]; then
    check_fail "$what: exit status $RC, expected 1"
    show "$WORK/$name.err"
    return
  fi
  if grep -v '^tvp' "$WORK/$name.err" | grep -q .; then
    check_fail "$what: stderr holds more than tvp's own lines"
    show "$WORK/$name.err"
  fi
  grep -qF -- "$why" "$WORK/$name.err" || { check_fail "$what: stderr does not say '$why'"; show "$WORK/$name.err"; }
  grep -qF -- "$hint" "$WORK/$name.err" || { check_fail "$what: stderr does not say '$hint'"; show "$WORK/$name.err"; }
  for f in runs.csv workers.csv summary.csv; do
    [ "$f" = summary.csv ] && [ ! -e "$dir/$f" ] && continue # no room left for it
    csv_check "$dir/$f"
  done
  [ "$(csv_nrows "$dir/runs.csv")" -ge 1 ] || check_fail "$what: runs.csv holds no row, so the run did not stop part-way"
  if ! json_whole "$dir/meta.json"; then
    check_fail "$what: meta.json is not whole JSON"
    show "$dir/meta.json"
  elif [ "$(json_str "$dir/meta.json" state)" != failed ]; then
    check_fail "$what: meta.json says \"state\": \"$(json_str "$dir/meta.json" state)\", not \"failed\""
  fi
  if [ -e "$dir/summary.csv" ] &&
    ! csv_cols "$dir/summary.csv" status reason | grep -q "^failed	cut short: a results file could not be written$"; then
    check_fail "$what: summary.csv does not mark the configuration cut short as failed"
    show "$dir/summary.csv"
  fi
  [ -z "$(find "$dir" -name '*.tmp')" ] || check_fail "$what: temporary files left in $dir"
  rows_agree "$what" "$dir"
}

# rows_agree WHAT FOLDER: a repetition's rows are in runs.csv and workers.csv
# whole or not at all: an ok repetition has a workers.csv row per worker, and
# no workers.csv row belongs to a repetition runs.csv does not hold.
rows_agree() {
  local bad
  bad=$({
    csv_cols "$2/runs.csv" config rep warmup status workers | awk '{ print "R", $0 }'
    csv_cols "$2/workers.csv" config rep warmup | awk '{ print "W", $0 }'
  } | awk '
    $1 == "R" { k = $2 " " $3 " " $4; want[k] = $5 == "ok" ? $6 : 0 }
    $1 == "W" { k = $2 " " $3 " " $4; got[k]++ }
    END {
      for (k in want) if (got[k] + 0 != want[k]) print "repetition " k ": " got[k] + 0 " worker rows, " want[k] " expected"
      for (k in got) if (!(k in want)) print "repetition " k ": worker rows without a runs.csv row"
    }' | head -n 3)
  [ -z "$bad" ] || check_fail "$1: runs.csv and workers.csv disagree: $bad"
}

# --- Folders tvp cannot make or write: refused before anything runs ---------------
printf 'keep me\n' >"$WORK/a-file"
refused "--out naming a file" "the results folder '$WORK/a-file' is a file" "" \
  "$TVP" run "${OK[@]}" --out "$WORK/a-file"
[ "$(cat "$WORK/a-file")" = "keep me" ] || check_fail "--out naming a file: the file was changed"
refused "--out under a file, two levels down" "a file stands where a folder should be" "$WORK/a-file/x" \
  "$TVP" run "${OK[@]}" --out "$WORK/a-file/x/y"
refused "empty --out" "the results folder name is empty" "" \
  "$TVP" run "${OK[@]}" --out ''
run_tvp first run "${OK[@]}" --out "$WORK/done"
[ "$RC" -eq 0 ] || { show "$WORK/first.err"; fail "a plain run exited $RC"; }
sum=$(cksum "$WORK/done/runs.csv")
refused "--out that holds a run" "already holds a run" "" \
  "$TVP" run "${OK[@]}" --out "$WORK/done"
[ "$(cksum "$WORK/done/runs.csv")" = "$sum" ] || check_fail "--out that holds a run: its runs.csv was changed"

# No permission. root passes permission checks, so as root tvp runs as uid
# 65534 (setpriv), to which the folder, like to a user, is read-only.
PRIV=()
CAN_LOCK=1
mkdir -p "$WORK/locked" "$WORK/any-tmp"
chmod 555 "$WORK/locked"
chmod 1777 "$WORK/any-tmp"
if [ "$(id -u)" -eq 0 ]; then
  chmod 711 "$WORK"
  PRIV=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  if ! command -v setpriv >/dev/null || ! "${PRIV[@]}" "$TVP" --version >/dev/null 2>&1; then
    CAN_LOCK=0
    note "no-permission cases skipped: as root they need setpriv, and a tvp that uid 65534 can run"
  fi
fi
if [ "$CAN_LOCK" = 1 ]; then
  refused "no permission to write" "Permission denied (no permission to write there" "$WORK/locked/run" \
    "${PRIV[@]}" "$TVP" run "${OK[@]}" --tmpdir "$WORK/any-tmp" --out "$WORK/locked/run"
fi

# A read-only file system: a read-only bind mount, in a mount namespace of its
# own (root only).
mkdir -p "$WORK/ro"
ro_bind='mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
if unshare -m bash -c "$ro_bind" _ "$WORK/ro" true 2>/dev/null; then
  refused "read-only file system" "Read-only file system (the file system is read-only" "$WORK/ro/run" \
    unshare -m bash -c "$ro_bind" _ "$WORK/ro" "$TVP" run "${OK[@]}" --out "$WORK/ro/run"
else
  note "read-only file system case skipped: a bind mount needs root (unshare -m)"
fi

# --- A file size limit (ulimit -f, RLIMIT_FSIZE) -----------------------------------
# A probe run, as the limited ones make it, says how big the files written at
# the start are and how fast the CSV files grow. Eight workers make
# workers.csv grow fast, so few repetitions fill a disk; under a file size
# limit one worker, whose shared region (a file too) stays far below it.
SMALL=(run --kernels cpu.primes --models thread --size 1k --warmup 0 --quiet --placement none)
run_tvp probe "${SMALL[@]}" --workers 8 --reps 5 --out "$WORK/probe"
[ "$RC" -eq 0 ] || { show "$WORK/probe.err"; fail "the probe run exited $RC"; }
bytes() { wc -c <"$1"; }
start=$(bytes "$WORK/probe/meta.json")
[ "$(bytes "$WORK/probe/topology.xml")" -le "$start" ] || start=$(bytes "$WORK/probe/topology.xml")
# grows FILE: its bytes a repetition, the header left out.
grows() { echo $((($(bytes "$1") - $(head -n 1 "$1" | wc -c)) / 5)); }
rep_runs=$(grows "$WORK/probe/runs.csv")
rep_workers=$(grows "$WORK/probe/workers.csv")
# limited BLOCKS ARGS...: ARGS under ulimit -f BLOCKS (of 1024 bytes). Their
# stderr goes through a pipe: the limit would hold for a file there too.
limited() {
  bash -c 'ulimit -f "$1" && shift && exec "$@"' _ "$@" 2>&1 >&3 | cat >&2
} 3>&1

refused "ulimit -f 0: no room for a CSV header" "File too large (a file size limit is set: raise it with 'ulimit -f unlimited')" \
  "$WORK/f0" limited 0 "$TVP" run "${OK[@]}" --out "$WORK/f0/a/b"
# Room for the CSV headers, not for the largest file of the start: the folders
# tvp made go again, parents too.
refused "ulimit -f below topology.xml" "cannot write meta.json or topology.xml in '$WORK/f1/run': File too large" \
  "$WORK/f1" limited $(((start - 1) / 1024)) "$TVP" run "${OK[@]}" --out "$WORK/f1/run"

# Room for every file of the start, with a KiB to spare, and enough
# repetitions for runs.csv to pass the limit.
blocks=$((start / 1024 + 2))
reps=$((blocks * 1024 / rep_runs + 5))
[ "$reps" -le 10000 ] || fail "$rep_runs bytes a repetition need $reps repetitions to pass $blocks KiB"
RC=0
limited "$blocks" "$TVP" "${SMALL[@]}" --workers 1 --reps "$reps" --out "$WORK/fsize" \
  >"$WORK/fsize.out" 2>"$WORK/fsize.err" || RC=$?
stopped_whole "file size limit reached part-way" fsize "$WORK/fsize" "File too large" "ulimit -f"
[ "$(bytes "$WORK/fsize/runs.csv")" -le $((blocks * 1024)) ] || check_fail "runs.csv passed the file size limit"

# --- A full disk (ENOSPC): a small tmpfs, in a mount namespace of its own ---------
# small_fs BYTES COPY ARGS...: ARGS with a tmpfs of BYTES mounted at
# $WORK/disk; what tvp left in $WORK/disk/run is copied to COPY, as the tmpfs
# goes with the namespace.
mkdir -p "$WORK/disk"
small_fs() {
  unshare -m bash -c '
    bytes=$1 disk=$2 copy=$3
    shift 3
    mount -t tmpfs -o size="$bytes" tvp-e2e "$disk" || exit 99
    rc=0
    "$@" || rc=$?
    [ ! -e "$disk/run" ] || cp -a "$disk/run" "$copy"
    exit "$rc"' _ "$1" "$WORK/disk" "$2" "${@:3}"
}
if unshare -m bash -c 'mount -t tmpfs -o size=4k tvp-e2e "$1"' _ "$WORK/disk" 2>/dev/null; then
  page=$(getconf PAGESIZE)
  pages() { echo $((($(bytes "$1") + page - 1) / page)); }
  first=$(($(pages "$WORK/probe/meta.json") + $(pages "$WORK/probe/topology.xml") + 2))
  # Room for the CSV headers only: meta.json finds none.
  refused "disk full at the start" "No space left on device (the disk is full" "$WORK/tiny.copy" \
    small_fs $((2 * page)) "$WORK/tiny.copy" "$TVP" run "${OK[@]}" --out "$WORK/disk/run"
  # Room for the start and a page more: that page and what the pages of the
  # CSV headers leave free fill with rows.
  reps=$((3 * page / (rep_runs + rep_workers) + 5))
  RC=0
  small_fs $(((first + 1) * page)) "$WORK/full.copy" "$TVP" "${SMALL[@]}" --workers 8 --reps "$reps" \
    --out "$WORK/disk/run" >"$WORK/full.out" 2>"$WORK/full.err" || RC=$?
  stopped_whole "disk full part-way" full "$WORK/full.copy" "No space left on device" "the disk is full"
else
  note "full-disk cases skipped: mounting a small tmpfs needs root (unshare -m)"
fi

# --- tvp plot: where the charts go ------------------------------------------------
cp -a "$WORK/probe" "$WORK/plot-file"
: >"$WORK/plot-file/plots"
refused "tvp plot, plots/ is a file" "'$WORK/plot-file/plots' is a file, where the charts go" "" \
  "$TVP" plot "$WORK/plot-file"
if [ "$CAN_LOCK" = 1 ]; then
  cp -a "$WORK/probe" "$WORK/plot-locked"
  chmod 555 "$WORK/plot-locked"
  refused "tvp plot, run folder not writable" "cannot write the charts into '$WORK/plot-locked/plots'" "" \
    "${PRIV[@]}" "$TVP" plot "$WORK/plot-locked"
  [ ! -e "$WORK/plot-locked/plots" ] || check_fail "tvp plot into a locked folder made plots/"
fi
# A chart gnuplot could not finish is not left half-drawn.
if command -v gnuplot >/dev/null; then
  CASE=$((CASE + 1))
  cp -a "$WORK/probe" "$WORK/plot-fsize"
  RC=0
  limited 1 "$TVP" plot "$WORK/plot-fsize" >"$WORK/plot-fsize.out" 2>"$WORK/plot-fsize.err" || RC=$?
  [ "$RC" -eq 1 ] || { check_fail "tvp plot under ulimit -f 1: exit status $RC, expected 1"; show "$WORK/plot-fsize.err"; }
  left=$(ls -A "$WORK/plot-fsize/plots" 2>/dev/null || true)
  [ -z "$left" ] || check_fail "tvp plot under ulimit -f 1 left chart files cut short: $left"
else
  note "tvp plot under a file size limit skipped: gnuplot is not installed"
fi

cases_done
