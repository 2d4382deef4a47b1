# tvp claims, end to end in quick mode: every claim printed with a verdict and
# its evidence, claims.md and the run it rests on written, the charts drawn
# when gnuplot is there, the Python contrast run or its absence said, and a
# folder that already holds claims refused. The verdicts themselves are tested
# on known runs in tests/unit/test_claims.c (quick sizes are too small to judge).
. "$(dirname "$0")/lib.sh"

OUT="$WORK/claims"
"$TVP" claims --quick --out "$OUT" >"$WORK/out" 2>"$WORK/err" || { show "$WORK/err"; fail "tvp claims --quick exited $?"; }

for n in 1 2 3 4 5 6 7; do
  grep -q "^Claim $n: " "$WORK/out" || check_fail "claim $n is not printed"
done
verdicts=$(grep -c -E '^  verdict:  (holds|does not hold|holds only under a condition|inconclusive \((noise|disturbed|too few repetitions|many tests)\)|not measured)$' "$WORK/out" || true)
[ "$verdicts" = 7 ] || { show "$WORK/out"; check_fail "7 verdicts expected, found $verdicts"; }
evidence=$(grep -c -E '^  evidence: .*[0-9]' "$WORK/out" || true)
[ "$evidence" = 7 ] || check_fail "every claim's evidence should name numbers; $evidence of 7 do"
# Two repetitions cannot give a 95 % interval: quick mode's measured claims say so.
grep -q '^  verdict:  inconclusive (too few repetitions)$' "$WORK/out" || check_fail "quick mode should be inconclusive for too few repetitions"
grep -q "^claims: $OUT/claims.md$" "$WORK/out" || check_fail "the path of claims.md is not printed"
[ "$(grep -c '^## Claim ' "$OUT/claims.md")" = 7 ] || check_fail "claims.md should hold 7 claims"
[ -s "$OUT/claims.suite" ] || check_fail "claims.suite (what was run) is missing"
[ -s "$OUT/run/summary.csv" ] && [ -s "$OUT/run/meta.json" ] || check_fail "the run folder is incomplete"
grep -q '"state": "complete"' "$OUT/run/meta.json" || check_fail "the claims run did not complete"

if command -v gnuplot >/dev/null; then
  for chart in footprint speedup-cpu.primes throughput-io.sleep latency ratio-os.mmap; do
    [ -s "$OUT/run/plots/$chart.png" ] || check_fail "chart $chart.png was not drawn"
  done
  grep -q '(not drawn)' "$WORK/out" && check_fail "a chart a claim names was not drawn"
fi

if command -v python3 >/dev/null; then
  [ -s "$OUT/python/summary.csv" ] || check_fail "python3 is here but the Python contrast did not run"
  grep -q 'In Python the same work' "$WORK/out" || check_fail "claim 3 does not report the Python contrast"
  if command -v gnuplot >/dev/null; then
    [ -s "$OUT/interplock.png" ] || check_fail "interplock.png was not drawn"
    # ... with what tvp computes for it, so gnuplot has nothing to say.
    ! grep -v '^tvp claims: running ' "$WORK/err" | grep -q . || { show "$WORK/err"; check_fail "tvp claims wrote more than its steps on stderr"; }
  fi
fi

# Without Python, claim 3 says why.
"$TVP" claims --quick --no-python --out "$WORK/nopy" >"$WORK/out2" 2>/dev/null || check_fail "--no-python run failed"
grep -q 'The Python contrast did not run: skipped with --no-python' "$WORK/out2" || check_fail "claim 3 does not say the contrast was skipped"
[ -e "$WORK/nopy/python" ] && check_fail "--no-python still ran Python"

# A folder that already holds claims is refused, and bad flags are usage errors.
set +e
"$TVP" claims --quick --out "$OUT" >/dev/null 2>"$WORK/err3"; rc=$?
[ $rc = 2 ] && grep -q 'already holds claims.md' "$WORK/err3" || check_fail "a second run into $OUT: exit $rc, $(cat "$WORK/err3")"
"$TVP" claims --bogus >/dev/null 2>"$WORK/err4"; rc=$?
[ $rc = 2 ] && grep -q "see 'tvp claims --help'" "$WORK/err4" || check_fail "an unknown flag: exit $rc"
"$TVP" claims --help | grep -q '^usage: tvp claims' || check_fail "--help"
set -e
# How long the claims take is one figure, said alike by --help, the README,
# the guide and methodology.md.
"$TVP" claims --help >"$WORK/help" || check_fail "tvp claims --help exited $?"
figure=$(tr '\n' ' ' <"$WORK/help" | grep -oE 'about [0-9]+ s on a 2-core machine' | head -n 1)
[ -n "$figure" ] || { show "$WORK/help"; check_fail "tvp claims --help does not say how long the claims take ('about N s on a 2-core machine')"; }
for doc in README.md docs/guide.md docs/methodology.md; do
  text=$(tr '\n' ' ' <"$SRC/$doc" | tr -s ' ')
  [[ $text == *"claims"*"$figure"* ]] || check_fail "$doc does not give the claims' time as '$figure'"
  others=$(printf '%s' "$text" | grep -oiE 'claims[^.]{0,160}' | grep -oiE 'about (a|one|two|[0-9]+) (minutes?|s)\b' |
    grep -vxF "${figure% on a 2-core machine}" || true)
  [ -z "$others" ] || check_fail "$doc gives the claims another time: $others"
done

finish
