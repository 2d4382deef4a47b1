#!/usr/bin/env bash
# No function in src/ longer than a limit (100 lines by default): a long
# function is several ideas that want names of their own.
# Usage: function_length.sh SRC_DIR [LIMIT]. Prints each function over the
# limit as FILE:LINE NAME LINES; exit 1 if any. A function is what the code's
# format makes one: a signature at column 0 whose last line ends in "{", up
# to the next "}" at column 0.
set -euo pipefail
src=${1:?usage: function_length.sh SRC_DIR [LIMIT]}
limit=${2:-100}
find "$src" -name '*.[ch]' | sort | xargs awk -v limit="$limit" -v top="$src/" '
  FNR == 1 { name = ""; cand = "" }
  # A signature starts at column 0 with a name and "(", and may wrap; the body
  # opens where a line of it ends in "{".
  name == "" && cand == "" && /^[A-Za-z_][^=;]*\(/ && !/^(typedef|struct|union|enum)/ {
    cand = $0; sub(/\(.*/, "", cand); n = split(cand, w, /[ *]+/); cand = w[n]; cstart = FNR
  }
  cand != "" && /;[ ]*$/ { cand = "" }
  cand != "" && /\{[ ]*$/ { name = cand; start = cstart; cand = ""; next }
  name != "" && /^\}/ {
    len = FNR - start + 1
    if (len > limit) { f = FILENAME; sub(top, "", f); printf "%s:%d %s %d lines\n", f, start, name, len; bad = 1 }
    if (len > longest) { longest = len; lname = name }
    name = ""
  }
  END { printf "longest function: %s, %d lines (limit %d)\n", lname, longest, limit > "/dev/stderr"; exit bad }
'
