#!/usr/bin/env bash
# --min-time: a probe before the run grows a kernel's size until its 1-worker
# repetition lasts the min-time; every model and worker count of the kernel then
# runs that size (summary.csv, runs.csv and meta.json say which), fixed-time
# sweeps and kernels whose length does not follow their size are left alone and
# said so, Ctrl-C during the probe leaves nothing, `tvp run --resume` puts the
# recorded sizes back rather than probing again, bad values are refused, and a
# repetition under 10 ms is flagged short.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# json_size FILE KERNEL MEMBER: MEMBER of KERNEL's object in min_time_sizes.
json_size() {
  grep "{\"kernel\": \"$2\"" "$1" | head -n 1 | sed -n "s/.*\"$3\": \"\\{0,1\\}\\([^,\"]*\\)\"\\{0,1\\}[,}].*/\\1/p"
}

# --- the probe grows the size, and every configuration runs it ----------------------
# (disturbed-above 100: rounds added for disturbed repetitions would change the row count read below)
cat >"$WORK/mixed.suite" <<'EOF'
models    thread, fork
workers   1, 2
reps      2
warmup    0
min-time  20ms
disturbed-above 100
[grow]
kernels   cpu.primes
size      1k
[fixed]
kernels   cpu.hash
duration  30ms
workers   1
[fault]
kernels   test.exit
models    thread
workers   1
EOF
OUT=$WORK/mixed
RC=0
TVP_TEST_KERNELS=1 "$TVP" run "$WORK/mixed.suite" --out "$OUT" >"$WORK/mixed.out" 2>"$WORK/mixed.err" || RC=$?
# test.exit fails its configuration on purpose: exit 1, and the rest ran.
[ "$RC" -eq 1 ] || { show "$WORK/mixed.out" "$WORK/mixed.err"; fail "the run exited $RC, expected 1"; }
grep -q '^tvp .*: min-time 0.02 s: probing 1 size at 1 worker' "$WORK/mixed.out" ||
  { show "$WORK/mixed.out"; check_fail "no line says what the probe does"; }
grep -Eq '^  cpu\.primes: 1000 -> [0-9]+ units \(a probe of [0-9]+ took .* s; [0-9]+ runs\)$' "$WORK/mixed.out" ||
  { show "$WORK/mixed.out"; check_fail "no line says what size cpu.primes grew to"; }
grep -q '^  cpu\.hash: left alone: in a fixed-time sweep the duration sets' "$WORK/mixed.out" ||
  check_fail "the fixed-time sweep is not said to be left alone"
grep -q '^  test\.exit: left alone: its repetitions do not last longer for a larger size' "$WORK/mixed.out" ||
  check_fail "the kernel whose length does not follow its size is not said to be left alone"

META=$OUT/meta.json
grep -q '^  "min_time_s": 0.02,$' "$META" || { show "$META"; check_fail "meta.json has no min_time_s 0.02"; }
units=$(json_size "$META" cpu.primes units)
[ "$(json_size "$META" cpu.primes from)" = 1000 ] || check_fail "meta.json: cpu.primes does not start from 1000"
[ "$(json_size "$META" cpu.primes outcome)" = grown ] || { show "$META"; check_fail "meta.json: cpu.primes was not grown"; }
[ -n "$units" ] && [ "$units" -gt 1000 ] || { show "$META"; fail "meta.json: cpu.primes's size '$units' did not grow"; }
[ "$(json_size "$META" cpu.hash outcome)" = duration ] || check_fail "meta.json: cpu.hash is not left alone as fixed-time"
[ "$(json_size "$META" test.exit outcome)" = untimed ] || check_fail "meta.json: test.exit is not left alone as untimed"
[ "$(json_size "$META" test.exit units)" = 1000 ] || check_fail "meta.json: test.exit's size changed"
# The probe's own runs are untimed: only the plan's repetitions are in runs.csv.
# (Attempt 1 only: a point whose speedup came out impossible on a busy machine runs a second.)
[ "$(csv_cols "$OUT/runs.csv" attempt | grep -c '^1$')" -eq $((4 * 2 + 2 * 2 + 1)) ] || check_fail "runs.csv holds rows of the probe"
# Every model and worker count of cpu.primes ran the size chosen, with one checksum.
got=$(csv_cols "$OUT/summary.csv" kernel units_requested checksum | awk -F'\t' '$1 == "cpu.primes"' | sort -u)
[ "$(echo "$got" | wc -l)" -eq 1 ] && [ "$(echo "$got" | cut -f2)" = "$units" ] ||
  { echo "$got" >&2; check_fail "cpu.primes's configurations did not all run $units units with one checksum"; }
[ "$(csv_cols "$OUT/runs.csv" kernel units_requested | awk -F'\t' '$1 == "cpu.primes" && $2 != '"$units"'' | wc -l)" -eq 0 ] ||
  check_fail "runs.csv has cpu.primes rows at another size than $units"

# --- --min-time 0 lays sizes as written over a suite's min-time ---------------------
printf 'kernels cpu.primes\nsize 1k\nmodels thread\nworkers 1\nreps 1\nwarmup 0\nmin-time 20ms\n' >"$WORK/off.suite"
run_tvp off run "$WORK/off.suite" --min-time 0 --out "$WORK/off"
[ "$RC" -eq 0 ] || { show "$WORK/off.err"; fail "the run with --min-time 0 exited $RC"; }
! json_has_key "$WORK/off/meta.json" min_time_s || check_fail "--min-time 0 still recorded a min-time"
[ "$(csv_cols "$WORK/off/summary.csv" units_requested)" = 1000 ] || check_fail "--min-time 0 changed the size"
! grep -q probing "$WORK/off.out" || check_fail "--min-time 0 still probed"

# --- a repetition under 10 ms is flagged short ------------------------------------------
run_tvp tiny run --kernels cpu.primes --models thread --workers 1 --size 10 --reps 3 --warmup 1 \
  --out "$WORK/tiny" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/tiny.err"; fail "the tiny run exited $RC"; }
[ "$(csv_cols "$WORK/tiny/runs.csv" short | sort -u)" = 1 ] || check_fail "a 10-unit repetition is not flagged short"
[ "$(csv_cols "$WORK/tiny/summary.csv" reps_short)" = 3 ] || check_fail "summary.csv does not count 3 short repetitions"
# A failed repetition has no time, so no flag.
[ "$(csv_cols "$OUT/runs.csv" kernel status short | awk -F'\t' '$1 == "test.exit"')" = "$(printf 'test.exit\tfailed\t')" ] ||
  check_fail "a failed repetition is flagged"

# --- bad values are refused before anything runs ----------------------------------------
refused() { # refused WANT ARGS...: exit 2, WANT on stderr, no folder
  local want=$1
  shift
  run_tvp bad run --kernels cpu.primes --out "$WORK/bad" "$@"
  [ "$RC" -eq 2 ] || check_fail "tvp run $* exited $RC, expected 2"
  grep -qF -- "$want" "$WORK/bad.err" || { show "$WORK/bad.err"; check_fail "tvp run $*: stderr does not say '$want'"; }
  [ ! -e "$WORK/bad" ] || check_fail "tvp run $* made a results folder"
}
refused "--min-time: min-time must be a time from 0 (off) to a week, such as 0.1, 100ms or 1s, not '-1'" --min-time -1
refused "not 'soon'" --min-time soon
refused "not 'nan'" --min-time nan
refused "not '0x10'" --min-time 0x10
refused "min-time 40 s does not fit the timeout of 60 s" --min-time 40
refused "min-time 1 s does not fit the timeout of 2 s" --min-time 1 --timeout 2
printf 'kernels cpu.primes\nmin-time = often\n' >"$WORK/bad.suite"
refused "bad.suite:2: min-time must be a time" "$WORK/bad.suite"
refused "option '--min-time' needs a value" --min-time

# --- Ctrl-C during the probe: nothing measured, no folder ------------------------------
(exec setsid "$TVP" run --kernels io.sleep --models thread --workers 1 --size 1 --min-time 5 \
  --timeout 30 --out "$WORK/cut" >"$WORK/cut.out" 2>"$WORK/cut.err") &
pid=$!
BG_PIDS+=("$pid")
deadline=$((SECONDS + 30))
until grep -q probing "$WORK/cut.out" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { show "$WORK/cut.out" "$WORK/cut.err"; fail "tvp ended before it probed"; }
  [ "$SECONDS" -lt "$deadline" ] || fail "no probe after 30 s"
  sleep 0.05
done
sleep 0.5
kill -INT -- "-$pid"
RC=0
wait "$pid" || RC=$?
BG_PIDS=()
[ "$RC" -eq 130 ] || { show "$WORK/cut.err"; check_fail "Ctrl-C during the probe exited $RC, expected 130"; }
grep -q 'interrupted by SIGINT while --min-time chose the sizes: nothing was measured and no results folder was made' "$WORK/cut.err" ||
  { show "$WORK/cut.err"; check_fail "Ctrl-C during the probe is not reported"; }
[ ! -e "$WORK/cut" ] || check_fail "Ctrl-C during the probe left a results folder"

# --- --resume puts the recorded sizes back --------------------------------------------
cat >"$WORK/resume.suite" <<'EOF'
kernels   cpu.primes
size      1k
models    thread, fork
workers   1, 2
reps      4
warmup    1
min-time  30ms
EOF
RES=$WORK/res
(exec setsid "$TVP" run "$WORK/resume.suite" --out "$RES" >"$WORK/first.out" 2>"$WORK/first.err") &
pid=$!
BG_PIDS+=("$pid")
deadline=$((SECONDS + 60))
while [ "$( (wc -l <"$RES/runs.csv") 2>/dev/null || echo 0)" -le 6 ]; do
  kill -0 "$pid" 2>/dev/null || { show "$WORK/first.out" "$WORK/first.err"; fail "tvp ended before 6 rows"; }
  [ "$SECONDS" -lt "$deadline" ] || fail "fewer than 6 rows in runs.csv after 60 s"
  sleep 0.05
done
kill -INT -- "-$pid"
RC=0
wait "$pid" || RC=$?
BG_PIDS=()
[ "$RC" -eq 130 ] || { show "$WORK/first.err"; fail "the interrupted run exited $RC, expected 130"; }
chosen=$(json_size "$RES/meta.json" cpu.primes units)
digest=$(json_str "$RES/meta.json" plan_digest)
cp "$RES/meta.json" "$WORK/meta.first"
run_tvp resumed run --resume "$RES"
[ "$RC" -eq 0 ] || { show "$WORK/resumed.out" "$WORK/resumed.err"; fail "the resumed run exited $RC, expected 0"; }
! grep -q 'probing' "$WORK/resumed.out" || { show "$WORK/resumed.out"; check_fail "the resumed run probed again"; }
[ "$(json_size "$RES/meta.json" cpu.primes units)" = "$chosen" ] || check_fail "the resumed run recorded another size"
[ "$(json_str "$RES/meta.json" plan_digest)" = "$digest" ] || check_fail "the resumed run's plan digest changed"
[ "$(csv_cols "$RES/runs.csv" units_requested | sort -u)" = "$chosen" ] ||
  check_fail "the resumed run's repetitions did not all run the recorded $chosen units"
[ "$(csv_nrows "$RES/summary.csv")" -eq 4 ] || check_fail "the resumed run did not finish its 4 configurations"

# A run whose meta.json lost its sizes cannot be made again: refused, untouched.
cp -r "$RES" "$WORK/lost"
cp "$WORK/meta.first" "$WORK/lost/meta.json"
sed -i '/"min_time_sizes"/,/^  \],$/d' "$WORK/lost/meta.json"
cp "$WORK/lost/runs.csv" "$WORK/lost.runs"
run_tvp lost run --resume "$WORK/lost"
[ "$RC" -eq 2 ] || check_fail "resuming a run without its recorded sizes exited $RC, expected 2"
grep -q "meta.json records no size that --min-time 0.03 s chose for cpu.primes from 1000 units (footprint 0, chunk 0)" "$WORK/lost.err" ||
  { show "$WORK/lost.err"; check_fail "the refusal does not say which size is missing"; }
cmp -s "$WORK/lost/runs.csv" "$WORK/lost.runs" || check_fail "the refused resume changed runs.csv"

finish
