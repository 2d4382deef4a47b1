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

# The paired figures of a 1-worker thread row: its own baseline, exactly 1,
# one pair per repetition, and not implausible.
got=$(csv_cols "$OUT/summary.csv" speedup_paired pairs_speedup ratio_vs_thread_paired pairs_ratio implausible implausible_reason)
want=$(printf '1\t1\t1\t1\t0\t')
[ "$got" = "$want" ] || check_fail "summary.csv: paired figures of the 1-worker row are '$got', not '$want'"

finish
