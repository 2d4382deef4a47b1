#!/usr/bin/env bash
# Every model starts its workers from the same warm state (src/cell/warm.h and
# each kernel's setup): at one worker, the timed region of every kernel whose
# work is not itself faulting takes no page fault under thread, fork or spawn,
# so no model pays a first touch (a stack page, an arena's growth, a page of
# code or of the shared region) that another does not. Counted from
# workers.csv's minflt: nothing here is timed.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

# Under AddressSanitizer the shadow memory and fake stacks fault on their own
# schedule, and os.malloc refuses to run (its mallopt is not glibc's).
run_tvp probe run --kernels os.malloc --models thread --workers 1 --size 10 --reps 1 --warmup 0 \
  --out "$WORK/probe" --quiet
if grep -q 'mallopt refused' "$WORK/probe/summary.csv" 2>/dev/null; then
  echo "$TEST: skipped, this build's malloc is not glibc's (a sanitizer build)"
  exit 77
fi

# Left out: the kernels whose work is page faults (os.pagefault, os.tlb), those
# that create children (spawn.*: a forked child's writes fault copy-on-write),
# and the pair kernels, which need two workers.
run_tvp listing list kernels --tsv
[ "$RC" -eq 0 ] || { show "$WORK/listing.err"; fail "tvp list kernels --tsv exited $RC"; }
specs=$(awk -F '\t' 'NR > 1 && $4 !~ /paired/ && $1 !~ /^spawn\./ && $1 != "os.pagefault" &&
  $1 != "os.tlb" { print $1 ":" $3 }' "$WORK/listing.out")
[ -n "$specs" ] || { show "$WORK/listing.out"; fail "tvp list kernels --tsv lists no kernel"; }
echo "$specs" | grep -q '^os\.malloc:' || fail "os.malloc is not among the kernels checked"

for spec in $specs; do
  kernel=${spec%%:*} units=${spec#*:}
  name=run-$kernel
  # os.malloc at ten times its test size, where an arena left to grow by itself
  # would still be growing; the others at their test size.
  [ "$kernel" != os.malloc ] || units=$((10 * units))
  run_tvp "$name" run --kernels "$kernel" --models thread,fork,spawn --workers 1 \
    --size "$units" --reps 2 --warmup 0 --disturbed-above 100 --out "$WORK/$name" --quiet
  [ "$RC" -eq 0 ] || { show "$WORK/$name.err" "$WORK/$name/summary.csv"; check_fail "$kernel: tvp run exited $RC"; continue; }
  models=$(csv_cols "$WORK/$name/summary.csv" config model)
  faults=$(csv_cols "$WORK/$name/workers.csv" config rep minflt)
  n=$(echo "$faults" | grep -c .)
  [ "$n" -eq 6 ] || { check_fail "$kernel: workers.csv has $n rows, expected 6 (3 models x 2 repetitions)"; continue; }
  bad=$(awk -F '\t' 'NR == FNR { model[$1] = $2; next } $3 != 0 { print "  " model[$1] ", repetition " $2 ": " $3 " faults" }' \
    <(echo "$models") <(echo "$faults"))
  [ -z "$bad" ] || check_fail "$kernel: page faults in the timed region at one worker:"$'\n'"$bad"
done
finish
