# Shared by the two entry scripts: install what a fresh Debian or Ubuntu machine
# lacks, then configure and build with CMake. Sourced, not run.

# python3 runs the interpreter-lock contrast of tvp claims (bench/python/);
# Open MPI (openmpi-bin, libopenmpi-dev) the mpi models (docs/cluster.md).
TVP_PACKAGES="cmake gcc make pkg-config libhwloc-dev gnuplot-nox python3 openmpi-bin libopenmpi-dev"
# What only the tests need (bench/run-tests.sh): clang and its sanitizer and
# libFuzzer runtimes (libclang-rt-dev) for the ASan+UBSan build and the fuzz
# targets, valgrind, cppcheck and clang-tidy; python3-jsonschema for the JSON
# files' schemas, and Google Benchmark's compare.py (libbenchmark-tools, which
# imports scipy) to read tvp export's files; chromium opens report.html headless
# (e2e_html) and draws its screenshot (bench/screenshot.sh).
TVP_TEST_PACKAGES="clang libclang-rt-dev valgrind cppcheck clang-tidy python3-jsonschema libbenchmark-tools python3-scipy chromium"

# tvp_install_missing [PACKAGE...]: installs those not yet installed (default:
# $TVP_PACKAGES).
tvp_install_missing() {
  local missing=() p
  [ $# -gt 0 ] || set -- $TVP_PACKAGES
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# tvp_build: configures and builds build/; TVP_WERROR=ON turns warnings into errors.
tvp_build() {
  cmake -S "$TVP_ROOT" -B "$TVP_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTVP_WERROR="${TVP_WERROR:-OFF}" >/dev/null
  cmake --build "$TVP_ROOT/build" -j "$(nproc)"
}
