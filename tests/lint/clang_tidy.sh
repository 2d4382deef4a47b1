#!/usr/bin/env bash
# clang-tidy with the checked-in .clang-tidy over every file the build compiles
# (its compile_commands.json), one clang-tidy a CPU; any warning fails.
# Usage: clang_tidy.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
BUILD=${1:?usage: clang_tidy.sh BUILD_DIR SOURCE_DIR}
SRC=${2:?usage: clang_tidy.sh BUILD_DIR SOURCE_DIR}
TIDY=${CLANG_TIDY:-clang-tidy}
command -v "$TIDY" >/dev/null || { echo "lint_clang_tidy: skipped, $TIDY is not installed"; exit 77; }
db=$BUILD/compile_commands.json
[ -s "$db" ] || { echo "lint_clang_tidy: FAIL: no $db (configure with CMake first)" >&2; exit 1; }
[ -s "$SRC/.clang-tidy" ] || { echo "lint_clang_tidy: FAIL: no $SRC/.clang-tidy" >&2; exit 1; }
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/tvp-clang-tidy.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT

# Each file's report goes to a log of its own, so parallel output does not mix;
# a file that fails leaves a .failed mark. -Wno-unknown-warning-option: the
# database may come from gcc, whose warning flags clang does not all know.
sed -n 's/^ *"file": "\(.*\)",\{0,1\}$/\1/p' "$db" | sort -u >"$LOGS/files"
n=$(wc -l <"$LOGS/files")
[ "$n" -gt 0 ] || { echo "lint_clang_tidy: FAIL: $db lists no file" >&2; exit 1; }
export TIDY BUILD SRC LOGS
xargs -P "$(nproc)" -I{} bash -c '
  log=$LOGS/$(printf %s "$1" | tr / _)
  "$TIDY" -p "$BUILD" --config-file="$SRC/.clang-tidy" --quiet \
    --extra-arg=-Wno-unknown-warning-option "$1" >"$log" 2>&1 || touch "$log.failed"' _ {} <"$LOGS/files"

failed=$(find "$LOGS" -name '*.failed' | wc -l)
if [ "$failed" -gt 0 ]; then
  for f in "$LOGS"/*.failed; do
    grep -E -A3 '(warning|error):' "${f%.failed}" | grep -v -E '^[0-9]+ (warnings?|errors?) generated' >&2 || cat "${f%.failed}" >&2
  done
  echo "lint_clang_tidy: FAIL: $failed of $n files have findings (above); fix them, or turn a" \
    "false positive off in .clang-tidy or with // NOLINT(check): why" >&2
  exit 1
fi
echo "lint_clang_tidy: ok, $n files, no finding"
