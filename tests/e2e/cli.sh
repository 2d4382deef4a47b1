#!/usr/bin/env bash
# The command line as a user meets it: help everywhere, a version, the lists,
# placement shown on another machine's topology, and a dry run that plans for it
# and runs nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

cd "$WORK" # a default results/ folder would show here

# --- help and version ----------------------------------------------------------
for args in "--help" "-h" "run --help" "list --help" "topo --help" "calibrate --help"; do
  # shellcheck disable=SC2086 # the words of args are separate arguments
  run_tvp help $args
  [ "$RC" -eq 0 ] || { show "$WORK/help.err"; check_fail "tvp $args exited $RC, expected 0"; continue; }
  grep -qi usage "$WORK/help.out" || { show "$WORK/help.out"; check_fail "tvp $args prints no usage"; }
done
run_tvp version --version
[ "$RC" -eq 0 ] || check_fail "tvp --version exited $RC"
grep -Eq '^tvp [0-9]+\.[0-9]+\.[0-9]+' "$WORK/version.out" || { show "$WORK/version.out"; check_fail "tvp --version prints no version"; }
run_tvp noargs
[ "$RC" -eq 2 ] || check_fail "tvp without a command exited $RC, expected 2"
grep -qi usage "$WORK/noargs.err" || check_fail "tvp without a command prints no usage on stderr"
[ ! -e "$WORK/results" ] || fail "help or version created a results folder"

# --- list --------------------------------------------------------------------------
run_tvp list list
[ "$RC" -eq 0 ] || fail "tvp list exited $RC"
# section NAME: the names listed under "NAME:" (first word of each indented line).
section() {
  awk -v s="$1:" '$0 == s { on = 1; next } /^[^ ]/ { on = 0 } on && NF && $1 != "name" { print $1 }' "$WORK/list.out"
}
# The catalogue and the program agree: every kernel tvp lists has its section in
# docs/kernels.md ("## group.name"), and every section names a kernel tvp lists.
listed=$(section kernels | sort | tr '\n' ' ')
documented=$(grep -E '^## [a-z]+\.[a-z0-9_]+$' "$SRC/docs/kernels.md" | grep -v '^## test\.' | cut -c4- | sort | tr '\n' ' ')
[ -n "$listed" ] && [ "$listed" = "$documented" ] ||
  { show "$WORK/list.out"; check_fail "tvp list names '$listed' but docs/kernels.md documents '$documented'"; }
# The kernels' table lines up: the bound column starts at one place on every
# line, the longest name (sync.falseshare) included.
starts=$(awk '$0 == "kernels:" { on = 1; next } /^[^ ]/ { on = 0 }
  on && NF && match($0, /^  [^ ]+ +/) { print RLENGTH }' "$WORK/list.out" | sort -u | wc -l)
[ "$starts" -eq 1 ] || { show "$WORK/list.out"; check_fail "tvp list's kernel table does not line up ($starts column starts)"; }
# The groups line names each group of the listed kernels once, in their order.
groups=$(sed -n 's/^groups (--kernels GROUP runs each kernel of one)://p' "$WORK/list.out" | xargs)
expected=$(section kernels | cut -d. -f1 | awk '!seen[$0]++' | xargs)
[ -n "$groups" ] && [ "$groups" = "$expected" ] ||
  { show "$WORK/list.out"; check_fail "tvp list's groups are '$groups', the kernels' are '$expected'"; }
# The form for scripts (tests/e2e/checksums.sh reads it) names the same kernels,
# each with a test size.
run_tvp tsv list kernels --tsv
[ "$RC" -eq 0 ] || { show "$WORK/tsv.err"; check_fail "tvp list kernels --tsv exited $RC"; }
[ "$(head -n 1 "$WORK/tsv.out")" = "$(printf 'name\tbound\ttest_units\ttraits')" ] ||
  { show "$WORK/tsv.out"; check_fail "tvp list kernels --tsv: unexpected header"; }
tsv_names=$(awk -F '\t' 'NR > 1 { print $1 }' "$WORK/tsv.out" | sort | tr '\n' ' ')
[ "$tsv_names" = "$listed" ] || check_fail "tvp list kernels --tsv names '$tsv_names', tvp list '$listed'"
bad=$(awk -F '\t' 'NR > 1 && (NF != 4 || $3 !~ /^[1-9][0-9]*$/ || $4 == "")' "$WORK/tsv.out")
[ -z "$bad" ] || check_fail "tvp list kernels --tsv: lines without a test size or traits: $bad"
run_tvp tsv-all list --tsv
[ "$RC" -eq 2 ] || check_fail "tvp list --tsv (no kind) exited $RC, expected 2"
for k in cpu.primes cpu.nbody mem.triad io.sleep; do
  case " $listed " in *" $k "*) ;; *) check_fail "tvp list lacks $k" ;; esac
done
[ "$(section models | sort | tr '\n' ' ')" = "fork mpi mpi+thread spawn thread " ] ||
  { show "$WORK/list.out"; check_fail "tvp list does not name exactly the models thread, fork, spawn, mpi and mpi+thread"; }
# Whether the mpi models are there is said, not left to a failed run: a build
# with MPI has tvp-mpi-rank beside tvp (e2e_mpi tests it); one without (the
# tsan preset's) lists them as not built and refuses them before anything runs.
if [ ! -x "$(dirname "$TVP")/tvp-mpi-rank" ]; then
  for m in mpi mpi+thread; do
    awk -v m="$m" '$1 == m && /not built: this tvp was built without MPI/ { found = 1 } END { exit !found }' "$WORK/list.out" ||
      { show "$WORK/list.out"; check_fail "a build without MPI does not list $m as not built"; }
  done
  run_tvp nompi run --kernels cpu.primes --models thread,mpi --out "$WORK/nompi"
  [ "$RC" -eq 2 ] && grep -q "model mpi: this tvp was built without MPI: install Open MPI" "$WORK/nompi.err" &&
    [ ! -e "$WORK/nompi" ] || { show "$WORK/nompi.err"; check_fail "a build without MPI did not refuse --models mpi (exit $RC)"; }
fi
[ "$(section placements | sort | tr '\n' ' ')" = "core none pu scatter " ] ||
  { show "$WORK/list.out"; check_fail "tvp list does not name exactly the placements none core pu scatter"; }

# --- kernel groups ---------------------------------------------------------------------
# A group's name ("cpu") runs every kernel tvp lists in it, each once however
# often it is named, from the flag and from a suite alike.
# planned NAME: the kernels a dry run's plan rows name, in order, each once.
planned() { awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[a-z0-9_]+[.][a-z0-9_]+$/ && !seen[$2]++ { print $2 }' "$WORK/$1.out" | tr '\n' ' '; }
cpu_kernels=$(section kernels | grep '^cpu\.' | tr '\n' ' ')
[ -n "$cpu_kernels" ] || check_fail "tvp list names no cpu.* kernel"
run_tvp group run --dry-run --kernels cpu,cpu.primes,cpu --models thread --workers 1
[ "$RC" -eq 0 ] || { show "$WORK/group.err"; check_fail "--kernels cpu exited $RC"; }
[ "$(planned group)" = "$cpu_kernels" ] ||
  { show "$WORK/group.out"; check_fail "--kernels cpu,cpu.primes,cpu plans '$(planned group)', expected '$cpu_kernels' once each"; }
printf 'kernels mem.triad, sched\nmodels thread\nworkers 1\n' >"$WORK/group.suite"
run_tvp group-suite run --dry-run "$WORK/group.suite"
[ "$RC" -eq 0 ] || { show "$WORK/group-suite.err"; check_fail "a suite's 'kernels mem.triad, sched' exited $RC"; }
[ "$(planned group-suite)" = "mem.triad $(section kernels | grep '^sched\.' | tr '\n' ' ')" ] ||
  { show "$WORK/group-suite.out"; check_fail "a suite's 'kernels mem.triad, sched' plans '$(planned group-suite)'"; }

# --- topo on another machine ---------------------------------------------------------
# hwloc synthetic: 2 packages x 2 NUMA nodes x 8 cores x 2 PUs = 32 cores, 64 PUs.
SPEC='pack:2 numa:2 core:8 pu:2'
run_tvp topo topo --topology "$SPEC" --placement core --workers 4
[ "$RC" -eq 0 ] || { show "$WORK/topo.err"; fail "tvp topo --topology '$SPEC' --placement core --workers 4 exited $RC"; }
grep -Eq '^cores: +32$' "$WORK/topo.out" || { show "$WORK/topo.out"; check_fail "tvp topo does not count the 32 cores of '$SPEC'"; }
grep -Eq '^PUs: +64 ' "$WORK/topo.out" || { show "$WORK/topo.out"; check_fail "tvp topo does not count the 64 PUs of '$SPEC'"; }
# The placement table: "worker  PU P#  PU L#  core L#  package", one row per worker.
table=$(awk '/^placement core, 4 workers/ { on = 1; next } on && $1 == "worker" { next } on && NF == 0 { on = 0 } on' "$WORK/topo.out")
[ "$(echo "$table" | grep -c .)" -eq 4 ] || { show "$WORK/topo.out"; fail "tvp topo does not place 4 workers"; }
[ "$(echo "$table" | awk '{ print $1 }' | tr '\n' ' ')" = "0 1 2 3 " ] || { show "$WORK/topo.out"; check_fail "the placement rows are not workers 0 1 2 3"; }
cores=$(echo "$table" | awk '$4 ~ /^[0-9]+$/ { print $4 }' | sort -u | wc -l)
[ "$cores" -eq 4 ] || { show "$WORK/topo.out"; check_fail "placement core puts 4 workers on $cores distinct cores, expected 4"; }
pus=$(echo "$table" | awk '{ print $2 }' | sort -u | wc -l)
[ "$pus" -eq 4 ] || check_fail "placement core puts 4 workers on $pus distinct PUs"

# --- a dry run on another machine --------------------------------------------------------
# 1..2N with N = 32 cores: worker counts 1..64, each under both models.
run_tvp dry run --dry-run --topology "$SPEC" --kernels cpu.primes --workers 1..2N
[ "$RC" -eq 0 ] || { show "$WORK/dry.err"; fail "the dry run exited $RC"; }
grep -q '32 cores, 64 PUs' "$WORK/dry.out" || { show "$WORK/dry.out"; check_fail "the dry run does not plan for the 32 cores and 64 PUs of '$SPEC'"; }
# Plan rows: "#  kernel  model  place  scaling  workers ...".
plan=$(awk '$1 ~ /^[0-9]+$/ && $2 == "cpu.primes" { print $3, $6 }' "$WORK/dry.out")
n=$(echo "$plan" | grep -c .)
[ "$n" -eq 128 ] || check_fail "the dry run plans $n configurations, expected 128 (64 worker counts x 2 models)"
grep -q '^128 configurations' "$WORK/dry.out" || check_fail "the dry run does not say it plans 128 configurations"
expected=$(for w in $(seq 1 64); do echo "fork $w"; echo "thread $w"; done | sort)
[ "$(echo "$plan" | sort)" = "$expected" ] || check_fail "the dry run does not plan worker counts 1..64 under thread and fork once each"
grep -q 'nothing was run' "$WORK/dry.out" || check_fail "the dry run does not say that nothing was run"
[ ! -e "$WORK/results" ] || check_fail "the dry run created a results folder"

# With --out, too, a dry run writes nothing.
run_tvp dry-out run --dry-run --kernels cpu.primes --workers 1 --out "$WORK/dry-results"
[ "$RC" -eq 0 ] || { show "$WORK/dry-out.err"; check_fail "a dry run on this machine exited $RC"; }
[ ! -e "$WORK/dry-results" ] || check_fail "a dry run created its --out folder"

finish
