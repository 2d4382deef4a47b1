#!/usr/bin/env bash
# docs/csv.md documents every column of every CSV file, in the order tvp writes
# them: under the heading "## FILE", the table rows that start with "| `NAME`"
# list the columns; that list must equal the header of the file a real run writes.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

DOC=$SRC/docs/csv.md
[ -s "$DOC" ] || fail "$DOC is missing or empty"

OUT=$WORK/results
run_tvp run run --kernels io.sleep --models thread --workers 1 --size 1 --reps 1 --warmup 0 --out "$OUT" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/run.err"; fail "a one-cell run exited $RC"; }

# documented FILE: the backticked names in the first cell of the table rows in
# the section "## FILE" (or "## `FILE`"), up to the next "## " heading.
documented() {
  awk -v file="$1" '
    /^## / {
      h = substr($0, 4)
      gsub(/`/, "", h)
      split(h, words, " ")
      on = (words[1] == file)
      next
    }
    on && /^\| `/ {
      name = substr($0, 4)
      name = substr(name, 1, index(name, "`") - 1)
      print name
    }' "$DOC"
}

for f in summary.csv runs.csv workers.csv; do
  csv_check "$OUT/$f"
  doc=$(documented "$f")
  if [ -z "$doc" ]; then
    check_fail "$DOC has no column table under a '## $f' heading"
    continue
  fi
  written=$(csv_header "$OUT/$f")
  if [ "$doc" != "$written" ]; then
    check_fail "$f: the columns documented in docs/csv.md (---) differ from the header tvp writes (+++):"
    diff -u --label "docs/csv.md ## $f" --label "$f header" <(echo "$doc") <(echo "$written") >&2 || true
  else
    echo "$f: $(echo "$written" | wc -l) columns, documented in order"
  fi
done

# summary.json names its columns from summary.csv's header (results/summary_json.h):
# the same names, in the same order.
[ -s "$OUT/summary.json" ] || fail "tvp run wrote no summary.json beside summary.csv"
json_cols=$(sed -n 's/^  "columns": \[\(.*\)\],$/\1/p' "$OUT/summary.json" | sed 's/", "/\n/g; s/^"//; s/"$//')
[ "$json_cols" = "$(csv_header "$OUT/summary.csv")" ] ||
  check_fail "summary.json's columns differ from summary.csv's header: $(echo "$json_cols" | head -c 300)"

# The figures of a 1-worker thread row from one repetition: its own baseline and
# its own thread row, so speedup and ratio are exactly 1 (the speedup's interval
# too: each pair is x / x), one pair each; no interval of the median or of the
# ratio below 5 repetitions, no log ratios from one pair, no Karp-Flatt at 1
# worker, no verdict on a thread row, and not implausible.
got=$(csv_cols "$OUT/summary.csv" time_ci95_low_s throughput_ci95_high speedup speedup_ci95_low \
  speedup_ci95_high pairs_speedup karp_flatt ratio_vs_thread ratio_ci95_low pairs_ratio ratio_log_se \
  verdict verdict_why verdict_p implausible implausible_reason)
want=$(printf '\t\t1\t1\t1\t1\t\t1\t\t1\t\t\t\t\t0\t')
[ "$got" = "$want" ] || check_fail "summary.csv: figures of the 1-worker row are '$got', not '$want'"
[ "$(json_str "$OUT/meta.json" margin_pct)" = "" ] && grep -q '^  "margin_pct": 5,$' "$OUT/meta.json" ||
  check_fail "meta.json does not give the default margin_pct 5"

# From 5 repetitions on, every median has its interval around it, and a fork
# row its ratio's interval, log ratios and a verdict against threads (which
# one depends on the machine: only that it is one of the words is checked).
FIVE=$WORK/five
run_tvp five run --kernels io.sleep --models thread,fork --workers 1 --size 1 --reps 5 --warmup 0 \
  --disturbed-above 100 --out "$FIVE" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/five.err"; fail "a 5-repetition run exited $RC"; }
bad=$(csv_cols "$FIVE/summary.csv" model time_ci95_low_s time_median_s time_ci95_high_s throughput_ci95_low \
  throughput_median throughput_ci95_high ratio_ci95_low ratio_vs_thread ratio_ci95_high pairs_ratio \
  ratio_log_mean ratio_log_se verdict verdict_why verdict_p |
  awk -F '\t' '
    !($2 <= $3 && $3 <= $4 && $5 <= $6 && $6 <= $7) { print $1 ": a median outside its interval: " $0 }
    !($8 != "" && $8 <= $9 && $9 <= $10 && $11 == 5 && $12 != "" && $13 != "") { print $1 ": ratio figures " $8 " " $9 " " $10 " " $11 " " $12 " " $13 }
    $1 == "thread" && ($8 != 1 || $10 != 1 || $14 != "") { print "thread: ratio " $8 ".." $10 " and verdict \"" $14 "\", not 1..1 and none" }
    $1 == "fork" && ($14 !~ /^(faster|slower|same|inconclusive)$/ || $16 == "" || $16 < 0 || $16 > 1) { print "fork: verdict \"" $14 "\" (" $15 ") p " $16 }
    $1 == "fork" && (($14 == "inconclusive") != ($15 ~ /^(noise|many_tests)$/)) { print "fork: verdict " $14 " with the reason \"" $15 "\"" }')
[ -z "$bad" ] || { show "$FIVE/summary.csv"; check_fail "summary.csv of 5 repetitions: $bad"; }

finish
