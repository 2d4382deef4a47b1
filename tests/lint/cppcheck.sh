#!/usr/bin/env bash
# cppcheck over every file the build compiles (its compile_commands.json, so the
# same defines and include paths, the generated revision header among them);
# any finding fails. Usage: cppcheck.sh BUILD_DIR SOURCE_DIR
#
# A false positive is suppressed where it is, with a reason on the same line:
#   /* cppcheck-suppress ID ; why */
# The POSIX library configuration (--library=posix) is not used: cppcheck 2.10
# takes mmap's fd -1 with MAP_ANONYMOUS for an error and calls readdir unsafe.
set -euo pipefail
BUILD=${1:?usage: cppcheck.sh BUILD_DIR SOURCE_DIR}
SRC=${2:?usage: cppcheck.sh BUILD_DIR SOURCE_DIR}
command -v cppcheck >/dev/null || { echo "lint_cppcheck: skipped, cppcheck is not installed"; exit 77; }
db=$BUILD/compile_commands.json
[ -s "$db" ] || { echo "lint_cppcheck: FAIL: no $db (configure with CMake first)" >&2; exit 1; }
files=$(grep -c '"file":' "$db")
cd "$SRC"
cppcheck --project="$db" --enable=warning,style,performance,portability --inline-suppr \
  --error-exitcode=1 --quiet -j "$(nproc)" --template='{file}:{line}: {severity} [{id}] {message}' || {
  echo "lint_cppcheck: FAIL: the findings above (fix them, or suppress a false positive inline with its reason)" >&2
  exit 1
}
echo "lint_cppcheck: ok, $files files, no finding"
