#!/usr/bin/env bash
# The README's second command (and CI's): install what is missing, build, and
# run every test through ctest.
set -euo pipefail
TVP_ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$TVP_ROOT/bench/lib-setup.sh"
tvp_install_missing
tvp_build
cd "$TVP_ROOT/build"
ctest --output-on-failure -j "$(nproc)"
