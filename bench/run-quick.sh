#!/usr/bin/env bash
# The README's first command: install what is missing, build, run the quick
# suite. Prints where the results went and a table of what it found.
set -euo pipefail
TVP_ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$TVP_ROOT/bench/lib-setup.sh"
tvp_install_missing
tvp_build
cd "$TVP_ROOT"
exec ./build/tvp run bench/quick.suite "$@"
