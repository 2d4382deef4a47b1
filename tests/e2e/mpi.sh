#!/usr/bin/env bash
# The mpi models: the same checksums as thread and fork for every kernel that
# runs as MPI ranks, complete CSV at 2 and 4 ranks (and 2 ranks of 2 threads),
# a rank that crashes or hangs fails its configuration and nothing else, and
# no rank, launcher or daemon is left behind. Skipped (77) in a build without MPI.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

[ -x "$(dirname "$TVP")/tvp-mpi-rank" ] || { echo "skipped: this build has no mpi models (tvp-mpi-rank)"; exit 77; }
command -v mpirun >/dev/null || { echo "skipped: mpirun is not installed"; exit 77; }
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

# A private --tmpdir marks this test's ranks: the job argument every rank gets
# holds it (as hex), so leftovers are found without touching another test's.
mkdir -p "$WORK/tmp"
MARK=$(printf '%s' "$WORK/tmp" | od -An -tx1 | tr -d ' \n')
no_leftovers() {
  local left
  sleep 0.5
  left=$(procs_with "$MARK" || true)
  [ -z "$left" ] || fail "$1: processes left behind:"$'\n'"$left"
}

# --- tvp list says the model is there -----------------------------------------
run_tvp list list models
[ "$RC" -eq 0 ] || fail "tvp list models exited $RC"
grep -Eq '^  mpi +MPI ranks' "$WORK/list.out" || { show "$WORK/list.out"; fail "tvp list does not show mpi as built"; }
grep -q 'not built' "$WORK/list.out" && fail "tvp list says an mpi model is not built in a build with MPI"

# --- checksums: every kernel that runs as ranks, thread vs fork vs mpi --------
# Sizes keep each cell short; mem.triad and mem.chase size their arrays from
# the caches, shrunk here as in checksums.sh.
run_tvp probe run --kernels io.sleep --models thread --workers 1 --size 1 --reps 1 --warmup 0 \
  --out "$WORK/probe" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/probe.err"; fail "a one-cell io.sleep run exited $RC"; }
sed -E 's/cache_size="[0-9]+"/cache_size="1048576"/g' "$WORK/probe/topology.xml" >"$WORK/small-caches.xml"

declare -A size=([cpu.primes]=40000 [cpu.nbody]=400 [cpu.matmul]=800 [cpu.hash]=40000
  [mem.triad]=4000000 [mem.chase]=80000 [mem.cache]=2000000 [os.pagefault]=40 [os.mmap]=4000
  [os.malloc]=4000 [os.syscall]=10000 [os.tlb]=80 [sched.yield]=4000 [io.sleep]=40 [io.fsync]=20
  [io.write]=200 [io.read]=400 [net.pingpong]=400 [net.allreduce]=40)
"$TVP" list kernels --verbose >"$WORK/kernels.out"
kernels=$(awk '/^  [a-z]+\.[a-z0-9_]+ / { k = $1 } /runs as MPI ranks: yes/ { print k }' "$WORK/kernels.out")
[ -n "$kernels" ] || fail "tvp list --verbose names no kernel that runs as MPI ranks"
{
  echo "models thread,fork,mpi"
  echo "workers 2,4"
  echo "scaling strong"
  echo "reps 1"
  echo "warmup 0"
  echo "placement core"
  for k in $kernels; do
    [ -n "${size[$k]:-}" ] || fail "no test size for $k, a kernel that runs as MPI ranks: add one here"
    printf '[%s]\nkernels %s\nsize %s\n' "$k" "$k" "${size[$k]}"
  done
} >"$WORK/ranks.suite"
nk=$(echo "$kernels" | wc -w)
RC=0
HWLOC_XMLFILE="$WORK/small-caches.xml" HWLOC_THISSYSTEM=1 "$TVP" run "$WORK/ranks.suite" \
  --tmpdir "$WORK/tmp" --out "$WORK/sums" --quiet >"$WORK/sums.out" 2>"$WORK/sums.err" || RC=$?
csv_check "$WORK/sums/summary.csv"
rows=$(csv_cols "$WORK/sums/summary.csv" kernel model workers status checksum reason)
[ "$(echo "$rows" | wc -l)" -eq $((nk * 6)) ] || fail "summary.csv has $(echo "$rows" | wc -l) rows, expected $((nk * 6))"
# Under AddressSanitizer malloc is the sanitizer's, which refuses glibc's
# mallopt: os.malloc then fails every configuration, saying so, by design
# (as in checksums.sh); its rows are left out here.
if echo "$rows" | grep -q $'^os.malloc\t.*mallopt refused'; then
  echo "os.malloc: skipped, this build's malloc is not glibc's (a sanitizer build)"
  rows=$(echo "$rows" | grep -v $'^os.malloc\t')
  [ "$RC" -eq 1 ] && RC=0
fi
[ "$RC" -eq 0 ] || { show "$WORK/sums.err"; show "$WORK/sums.out"; fail "the checksum run exited $RC"; }
bad=$(echo "$rows" | awk -F '\t' '$4 != "ok" || $5 == ""')
[ -z "$bad" ] || fail "rows that did not finish:"$'\n'"$bad"
differ=$(echo "$rows" | awk -F '\t' '{ k = $1 " " $3; if (k in sum && sum[k] != $5) print k; sum[k] = $5 }' | sort -u)
[ -z "$differ" ] || fail "mpi, thread and fork gave different checksums for:"$'\n'"$differ"$'\n'"$rows"
echo "checksums: $nk kernels agree under thread, fork and mpi at 2 and 4 workers"

# --- complete CSV at 2 and 4 ranks --------------------------------------------
csv_check "$WORK/sums/runs.csv"
csv_check "$WORK/sums/workers.csv"
[ "$(csv_nrows "$WORK/sums/runs.csv")" -eq $((nk * 6)) ] || fail "runs.csv lacks rows"
# Every mpi configuration has one workers.csv row per rank, its rank number
# equal to the worker index, a host and, under core placement, a cpuset.
mpi_configs=$(csv_cols "$WORK/sums/summary.csv" config model workers status |
  awk -F '\t' '$2 == "mpi" && $4 == "ok" { print $1 " " $3 }')
while read -r config n; do
  got=$(csv_cols "$WORK/sums/workers.csv" config worker rank host cpuset pid |
    awk -F '\t' -v c="$config" '$1 == c')
  [ "$(echo "$got" | wc -l)" -eq "$n" ] || fail "config $config: $(echo "$got" | wc -l) workers.csv rows for $n ranks"
  wrong=$(echo "$got" | awk -F '\t' '$2 != $3 || $4 == "" || $5 == "" || $6 == ""')
  [ -z "$wrong" ] || fail "config $config: rows without their rank, host, cpuset or pid:"$'\n'"$wrong"
  [ "$(echo "$got" | cut -f 6 | sort -u | wc -l)" -eq "$n" ] || fail "config $config: ranks share a pid"
done <<<"$mpi_configs"
# The local models write the host too, and no rank.
local_configs=$(csv_cols "$WORK/sums/summary.csv" config model | awk -F '\t' '$2 != "mpi" { print $1 }')
wrong=$(csv_cols "$WORK/sums/workers.csv" config rank host |
  awk -F '\t' 'NR == FNR { local[$1] = 1; next } ($1 in local) && ($2 != "" || $3 == "")' <(echo "$local_configs") -)
[ -z "$wrong" ] || fail "thread or fork rows with a rank or without a host:"$'\n'"$wrong"
echo "complete CSV at 2 and 4 ranks"

# --- mpi+thread: 2 ranks of 2 threads = 4 workers -----------------------------
run_tvp hybrid run --kernels cpu.primes --models thread,mpi+thread --ranks 2 --threads 2 \
  --size 40000 --reps 1 --warmup 0 --tmpdir "$WORK/tmp" --out "$WORK/hybrid" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/hybrid.err"; fail "the mpi+thread run exited $RC"; }
rows=$(csv_cols "$WORK/hybrid/summary.csv" model workers status checksum)
[ "$(echo "$rows" | awk -F '\t' '$2 == 4 && $3 == "ok"' | cut -f 4 | sort -u | wc -l)" -eq 1 ] &&
  [ "$(echo "$rows" | wc -l)" -eq 2 ] || fail "mpi+thread at 2 ranks x 2 threads:"$'\n'"$rows"
ranks=$(csv_cols "$WORK/hybrid/workers.csv" config worker rank pid | awk -F '\t' '$1 == 1 { print $2, $3, $4 }')
[ "$(echo "$ranks" | awk '{ print $2 }' | tr '\n' ' ')" = "0 0 1 1 " ] ||
  fail "mpi+thread workers are not threads 0,1 of rank 0 and 2,3 of rank 1:"$'\n'"$ranks"
[ "$(echo "$ranks" | awk '{ print $3 }' | sort -u | wc -l)" -eq 2 ] || fail "mpi+thread: not two rank processes"
echo "mpi+thread: 2 ranks x 2 threads, same checksum as 4 threads"

# --- a hostfile and launcher options pass through to mpirun --------------------
# One host here, named in a hostfile as a cluster's would be, and mpirun's own
# options (only the shared-memory transport) given with --launcher.
printf 'localhost slots=1\n' >"$WORK/hosts"
run_tvp hostfile run --kernels cpu.primes,net.pingpong --models mpi --workers 2 --size 4000 --reps 1 \
  --warmup 0 --hostfile "$WORK/hosts" --launcher "mpirun --mca btl self,vader" --tmpdir "$WORK/tmp" \
  --out "$WORK/hostfile" --quiet
[ "$RC" -eq 0 ] || { show "$WORK/hostfile.err"; fail "a run with --hostfile and --launcher options exited $RC"; }
[ "$(csv_cols "$WORK/hostfile/summary.csv" status | sort -u)" = ok ] || fail "the hostfile run has rows not ok"
grep -q -- '--hostfile' "$WORK/hostfile/meta.json" || fail "meta.json does not record --hostfile"
echo "hostfile and launcher options: passed through"

# --- a rank that crashes, exits or hangs fails its configuration only ----------
export TVP_TEST_KERNELS=1
start=$(date +%s)
run_tvp crash run --kernels test.crash,test.exit,cpu.primes --models mpi --workers 2,4 --size 40000 \
  --reps 1 --warmup 0 --timeout 60 --tmpdir "$WORK/tmp" --out "$WORK/crash"
took=$(($(date +%s) - start))
[ "$RC" -eq 1 ] || { show "$WORK/crash.err"; fail "a run with crashing ranks exited $RC, expected 1"; }
# The launcher ends the job when a rank dies, long before the 60 s timeout.
[ "$took" -lt 40 ] || fail "crashing ranks took ${took}s: the launcher did not end the job"
rows=$(csv_cols "$WORK/crash/summary.csv" kernel workers status reason)
echo "$rows" | awk -F '\t' '$1 == "test.crash"' | grep -Eq $'\tfailed\tMPI rank [0-9]+ on .+ killed by SIGSEGV$' ||
  fail "test.crash: no 'MPI rank N on HOST killed by SIGSEGV':"$'\n'"$rows"
echo "$rows" | awk -F '\t' '$1 == "test.exit"' | grep -Eq $'\tfailed\tMPI rank [0-9]+ exited with status 3$' ||
  fail "test.exit: no 'MPI rank N exited with status 3':"$'\n'"$rows"
[ "$(echo "$rows" | awk -F '\t' '$1 == "cpu.primes" && $3 == "ok"' | wc -l)" -eq 2 ] ||
  fail "the configurations after the crashes did not run:"$'\n'"$rows"
no_leftovers "crashing ranks"

start=$(date +%s)
run_tvp hang run --kernels test.hang,cpu.primes --models mpi --workers 2 --size 40000 --reps 1 \
  --warmup 0 --timeout 3 --tmpdir "$WORK/tmp" --out "$WORK/hang"
took=$(($(date +%s) - start))
[ "$RC" -eq 1 ] || { show "$WORK/hang.err"; fail "a run with a hanging rank exited $RC, expected 1"; }
[ "$took" -lt 30 ] || fail "a hanging rank held the run for ${took}s with --timeout 3"
rows=$(csv_cols "$WORK/hang/summary.csv" kernel status reason)
echo "$rows" | grep -q $'^test.hang\tfailed\ttimeout after 3 s' || fail "test.hang:"$'\n'"$rows"
echo "$rows" | grep -q $'^cpu.primes\tok' || fail "the configuration after the hang did not run:"$'\n'"$rows"
no_leftovers "a hanging rank"

# A runner killed outright (kill -9, the OOM killer): its cell dies with it,
# the launcher with the cell, the ranks with the launcher, within seconds; and
# --resume is not told the run is still going.
"$TVP" run --kernels test.hang --models mpi --workers 2 --timeout 600 --tmpdir "$WORK/tmp" \
  --out "$WORK/killed" >"$WORK/killed.out" 2>&1 &
runner=$!
BG_PIDS+=("$runner")
cell='' launcher='' ranks='' deadline=$((SECONDS + 30))
until [ -n "$launcher" ] && [ "$(echo "$ranks" | wc -w)" -ge 2 ]; do
  [ "$SECONDS" -lt "$deadline" ] || { show "$WORK/killed.out"; fail "no launcher with two ranks after 30 s"; }
  sleep 0.1
  cell=$(ps -o pid= --ppid "$runner" | tr -d ' ' | head -n 1)
  launcher=$([ -z "$cell" ] || ps -o pid= --ppid "$cell" | tr -d ' ' | head -n 1)
  ranks=$(procs_with "$MARK" | awk '$3 ~ /tvp-mpi-rank$/ { print $1 }' || true)
done
kill -KILL "$runner"
wait "$runner" 2>/dev/null || true
BG_PIDS=()
left='' deadline=$((SECONDS + 5))
for p in $cell $launcher $ranks; do
  while kill -0 "$p" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
  ! kill -0 "$p" 2>/dev/null || left="$left $p"
done
if [ -n "$left" ]; then
  ps -o pid=,ppid=,comm= -p "${left# }" >&2 || true
  for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
  fail "a runner killed by SIGKILL left its cell, launcher or ranks (above) behind"
fi
no_leftovers "a runner killed by SIGKILL"
# --resume goes on: it takes the folder (and is stopped here by one SIGTERM).
"$TVP" run --resume "$WORK/killed" >"$WORK/resumed.out" 2>"$WORK/resumed.err" &
resumer=$!
BG_PIDS+=("$resumer")
deadline=$((SECONDS + 30))
until grep -q '^tvp .*: resuming ' "$WORK/resumed.out" || ! kill -0 "$resumer" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || break
  sleep 0.1
done
kill -TERM "$resumer" 2>/dev/null || true
RC=0
wait "$resumer" || RC=$?
BG_PIDS=()
if ! grep -q '^tvp .*: resuming ' "$WORK/resumed.out" || [ "$RC" -ne 143 ]; then
  show "$WORK/resumed.err"
  fail "--resume after the runner was killed exited $RC without resuming, expected to resume until stopped"
fi
no_leftovers "a resumed run stopped by SIGTERM"
unset TVP_TEST_KERNELS
echo "faults: crash, exit and hang each fail their configuration; nothing left behind"

# --- what the mpi models refuse, before anything runs -------------------------
refuse() {
  local what=$1 want=$2
  shift 2
  run_tvp refused run "$@" --out "$WORK/refused"
  [ "$RC" -eq 2 ] || fail "$what: exit $RC, expected 2"
  grep -q -- "$want" "$WORK/refused.err" || { show "$WORK/refused.err"; fail "$what: no '$want'"; }
  [ ! -e "$WORK/refused" ] || fail "$what: a results folder was made"
}
refuse "a kernel with shared memory" "sync.atomic needs memory shared between its workers" \
  --kernels sync.atomic --models mpi
refuse "mpi+thread without --threads" "mpi+thread needs the threads per rank" \
  --kernels cpu.primes --models mpi+thread
refuse "an unknown launcher" "unknown launcher 'mpprun'" --kernels cpu.primes --models mpi --launcher mpprun
refuse "a missing hostfile" "cannot read the hostfile" --kernels cpu.primes --models mpi --hostfile "$WORK/none"
refuse "srun with a hostfile" "hostfile is for mpirun" --kernels cpu.primes --models mpi --launcher srun \
  --hostfile "$WORK/probe/meta.json"
if [ "$(id -u)" -eq 0 ]; then
  RC=0
  env -u OMPI_ALLOW_RUN_AS_ROOT "$TVP" run --kernels cpu.primes --models mpi --out "$WORK/refused" \
    >/dev/null 2>"$WORK/root.err" || RC=$?
  [ "$RC" -eq 2 ] && grep -q "OMPI_ALLOW_RUN_AS_ROOT" "$WORK/root.err" || fail "root without Open MPI's consent was not refused"
fi
echo "refusals: each gives exit 2 and a reason"
finish
