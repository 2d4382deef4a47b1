#!/usr/bin/env bash
# The README's second command (and CI's): install what is missing, then build
# and run the tests three times, each with ctest:
#   1. plain: the optimised build (build/, warnings are errors), every test,
#      valgrind's memcheck, cppcheck, clang-tidy and the fuzz corpus included;
#   2. asan: the asan preset (build-asan/, clang, AddressSanitizer and
#      UndefinedBehaviorSanitizer), every test but valgrind and lint, and short
#      fuzz runs;
#   3. tsan: the tsan preset (build-tsan/, ThreadSanitizer), the tests labelled
#      tsan: the unit tests and those of the thread model and the pool.
# All three run even if one fails; the exit status is non-zero if any failed.
set -uo pipefail
TVP_ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$TVP_ROOT/bench/lib-setup.sh"
tvp_install_missing $TVP_PACKAGES $TVP_TEST_PACKAGES || exit 1
cd "$TVP_ROOT"
# CI runs as root, where Open MPI's mpirun refuses to start without this
# consent; the tests of the mpi models start 2 and 4 ranks on this machine.
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
jobs=$(nproc)
t_start=$SECONDS
summary=()
failed=0

mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# stage NAME TITLE COMMAND...: runs COMMAND under a header, records its result.
stage() {
  local name=$1 title=$2 t0=$SECONDS rc
  shift 2
  printf '\n==== %s: %s ====\n' "$name" "$title"
  # Not `|| rc=$?`: that would switch set -e off inside.
  (
    set -e
    "$@"
  )
  rc=$?
  local took=$((SECONDS - t0))
  if [ "$rc" -eq 0 ]; then
    summary+=("$name passed ($(mmss $took))")
  else
    summary+=("$name FAILED ($(mmss $took))")
    failed=1
  fi
  printf '==== %s: %s in %s ====\n' "$name" "$([ "$rc" -eq 0 ] && echo passed || echo FAILED)" "$(mmss $took)"
}

plain() {
  TVP_WERROR=ON tvp_build
  (cd build && ctest --output-on-failure -j "$jobs")
}
preset() {
  cmake --preset "$1" -DTVP_WERROR=ON >/dev/null
  cmake --build --preset "$1" -j "$jobs"
  ctest --preset "$1" -j "$jobs"
}

stage plain "optimised build, warnings as errors; every test with valgrind and lint" plain
stage asan "clang, AddressSanitizer + UBSan (preset asan); the tests and short fuzz runs" preset asan
stage tsan "ThreadSanitizer (preset tsan); the tests labelled tsan" preset tsan

printf '\ntvp tests: %s; total %s\n' "$(IFS=,; echo "${summary[*]}" | sed 's/,/, /g')" "$(mmss $((SECONDS - t_start)))"
exit "$failed"
