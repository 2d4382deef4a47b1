#!/usr/bin/env bash
# Run folders under hostile conditions: a folder that already holds files of
# someone else's, results folders asked for in the same second, folder names
# too long for the file system or not UTF-8, and a run folder emptied before a
# resume. tvp removes only what the run created, overwrites nothing it did not
# write, and says what is wrong in one whole line.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"
source "$HERE/refused.sh"

# The options of a run that would otherwise be fine and fast.
OK=(--kernels cpu.primes --workers 1 --size 20k --reps 1 --warmup 0 --quiet)

# unchanged WHAT FILE TEXT: FILE still holds exactly TEXT.
unchanged() {
  [ -e "$2" ] || { check_fail "$1: $2 was removed"; return; }
  [ "$(cat "$2")" = "$3" ] || check_fail "$1: $2 was changed"
}

# --- A folder holding files tvp did not write (hostile input 3 and 12) -------------
# A refused run must not remove them, and no run may overwrite them.
mkdir "$WORK/theirs"
echo '{}' >"$WORK/theirs/meta.json"
echo t >"$WORK/theirs/topology.xml"
echo w >"$WORK/theirs/workers.csv"
refused "--out holding meta.json, topology.xml and workers.csv" "holds files tvp did not write" "" \
  "$TVP" run "${OK[@]}" --out "$WORK/theirs"
unchanged "a refused run" "$WORK/theirs/meta.json" '{}'
unchanged "a refused run" "$WORK/theirs/topology.xml" t
unchanged "a refused run" "$WORK/theirs/workers.csv" w
[ ! -e "$WORK/theirs/runs.csv" ] || check_fail "a refused run left runs.csv in a folder it did not make"

mkdir "$WORK/user"
echo user,data >"$WORK/user/summary.csv"
refused "--out holding a summary.csv of the user's" "holds files tvp did not write" "" \
  "$TVP" run "${OK[@]}" --out "$WORK/user"
unchanged "--out holding a user's summary.csv" "$WORK/user/summary.csv" user,data

# An empty folder made beforehand is still a fine place for a run.
mkdir "$WORK/empty"
run_tvp empty run "${OK[@]}" --out "$WORK/empty"
[ "$RC" -eq 0 ] || { check_fail "a run into an empty folder made beforehand exited $RC"; show "$WORK/empty.err"; }

# So is a folder kept in git by a .gitkeep or .gitignore and nothing else: the
# run writes beside them and leaves them as they were.
mkdir "$WORK/kept"
echo keep >"$WORK/kept/.gitkeep"
printf '*\n!.gitignore\n' >"$WORK/kept/.gitignore"
run_tvp kept run "${OK[@]}" --out "$WORK/kept"
[ "$RC" -eq 0 ] || { check_fail "a run into a folder holding only .gitkeep and .gitignore exited $RC"; show "$WORK/kept.err"; }
[ -s "$WORK/kept/summary.csv" ] || check_fail "a run into a folder holding .gitkeep wrote no summary.csv"
unchanged "a run beside .gitkeep" "$WORK/kept/.gitkeep" keep
unchanged "a run beside .gitignore" "$WORK/kept/.gitignore" $'*\n!.gitignore'
# Any other entry, hidden or not, is still someone else's.
mkdir "$WORK/kept2"
echo keep >"$WORK/kept2/.gitkeep"
echo x >"$WORK/kept2/.hidden"
refused "--out holding .gitkeep and another hidden file" "holds files tvp did not write" "" \
  "$TVP" run "${OK[@]}" --out "$WORK/kept2"
unchanged "a refused run" "$WORK/kept2/.hidden" x
unchanged "a refused run" "$WORK/kept2/.gitkeep" keep

# --- --out names too long for the paths of the files inside (hostile input 14, 15) ---
# long_name BASE LENGTH: BASE, then folders of at most 200 characters, LENGTH
# characters in all.
long_name() {
  local name=$1 part
  while [ ${#name} -lt "$2" ]; do
    part=$(($2 - ${#name} - 1))
    [ "$part" -le 200 ] || part=200
    [ "$part" -ge 1 ] || part=1
    name=$name/$(head -c "$part" /dev/zero | tr '\0' a)
  done
  printf '%s' "${name:0:$2}"
}
for n in 4090 5036; do
  mkdir "$WORK/long$n"
  out=$(long_name "$WORK/long$n" "$n")
  [ ${#out} -eq "$n" ] || fail "long_name made ${#out} characters, not $n"
  refused "--out of $n characters" "choose a shorter --out" "" "$TVP" run "${OK[@]}" --out "$out"
  left=$(find "$WORK/long$n" -mindepth 1 | head -n 3)
  [ -z "$left" ] || check_fail "--out of $n characters left $(find "$WORK/long$n" -mindepth 1 | wc -l) files or folders"
done

# --- Default folder names are unique (hostile input 13) -----------------------------
# Another run took the default name of this second and the next few (its
# runs.csv is there): a run without --out still starts, in a folder of its own.
mkdir -p "$WORK/same-second"
host=$(uname -n | tr '/ ' '__')
now=$(date +%s)
for i in 0 1 2 3 4 5; do
  taken=$WORK/same-second/results/$(date -u -d "@$((now + i))" +%Y%m%dT%H%M%SZ)-$host
  mkdir -p "$taken"
  echo theirs >"$taken/runs.csv"
done
RC=0
(cd "$WORK/same-second" && "$TVP" run "${OK[@]}") >"$WORK/same.out" 2>"$WORK/same.err" || RC=$?
if [ "$RC" -ne 0 ]; then
  check_fail "a run without --out, its default name taken, exited $RC"
  show "$WORK/same.err"
else
  [ "$(grep -l '^theirs$' "$WORK"/same-second/results/*/runs.csv | wc -l)" -eq 6 ] ||
    check_fail "a run without --out wrote into the folder of another run"
  [ "$(ls "$WORK/same-second/results" | wc -l)" -eq 7 ] || check_fail "a run without --out made no folder of its own"
fi

# --- An emptied runs.csv given to --resume (hostile input 21) ------------------------
# It is blamed on what happened to it, not on another version of tvp.
run_tvp emptied run "${OK[@]}" --out "$WORK/emptied"
[ "$RC" -eq 0 ] || { show "$WORK/emptied.err"; fail "a plain run exited $RC"; }
: >"$WORK/emptied/runs.csv"
refused "--resume with an emptied runs.csv" "runs.csv is empty" "" "$TVP" run --resume "$WORK/emptied"
! grep -q "another version" "$WORK/case$CASE.err" || check_fail "an emptied runs.csv is blamed on another version of tvp"

# --- A --out name that is not UTF-8 (hostile input 19) -----------------------------
# meta.json stays JSON: a byte that is no UTF-8 is escaped, not copied.
bad=$WORK/bad$'\xff'
run_tvp notutf8 run "${OK[@]}" --out "$bad"
if [ "$RC" -ne 0 ]; then
  check_fail "a run into a folder whose name is not UTF-8 exited $RC"
  show "$WORK/notutf8.err"
elif LC_ALL=C grep -q $'\xff' "$bad/meta.json"; then
  check_fail "meta.json holds a byte that is not UTF-8 (not JSON)"
elif command -v python3 >/dev/null &&
  ! python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$bad/meta.json" 2>/dev/null; then
  check_fail "meta.json of a folder whose name is not UTF-8 is not JSON"
fi

cases_done
