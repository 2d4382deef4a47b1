#!/usr/bin/env bash
# function_length.sh must catch what it is there to catch: on a tree of its
# own, a function one line over the limit fails it, by name, whether its
# signature fits one line or wraps; functions at the limit pass.
set -uo pipefail
check=${1:?usage: function_length_selftest.sh FUNCTION_LENGTH_SH}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/layer"
# body LINES: a function body making the whole function LINES lines long.
body() { for ((i = 0; i < $1 - 2; i++)); do echo "  x++;"; done; }
{
  echo "static int x;"
  echo "int at_limit(void) {"; body 10; echo "}"
  echo "static const char *wrapped_at_limit(int a,"; echo "                                  int b) {"; body 9; echo "}"
} >"$tmp/src/layer/ok.c"
fail=0
bash "$check" "$tmp/src" 10 >"$tmp/out" 2>&1 || { echo "FAIL: functions at the limit were refused:"; cat "$tmp/out"; fail=1; }
{
  echo "int one_over(void) {"; body 11; echo "}"
  echo "static void wrapped_over(int a,"; echo "                         int b) {"; body 10; echo "}"
} >"$tmp/src/layer/long.c"
if bash "$check" "$tmp/src" 10 >"$tmp/out" 2>&1; then
  echo "FAIL: functions over the limit passed"; fail=1
fi
grep -q "layer/long.c:1 one_over 11 lines" "$tmp/out" || { echo "FAIL: one_over not named:"; cat "$tmp/out"; fail=1; }
grep -q "layer/long.c:12 wrapped_over 11 lines" "$tmp/out" || { echo "FAIL: wrapped_over not named:"; cat "$tmp/out"; fail=1; }
[ "$fail" -eq 0 ] && echo "function_length.sh catches functions over the limit, with wrapped signatures too"
exit "$fail"
