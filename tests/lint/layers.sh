#!/usr/bin/env bash
# Holds src/ to src/layers.txt: every .c and .h file lies in a declared layer,
# and every #include "..." names a header of the same layer or a lower one.
# Usage: layers.sh SRC_DIR. Prints one line per violation; exit 1 if any.
set -euo pipefail
src=${1:?usage: layers.sh SRC_DIR}
[ -f "$src/layers.txt" ] || { echo "no $src/layers.txt" >&2; exit 2; }
# Headers made by the build, not found in src/.
generated=" tvp_revision.h "

declare -A rank
n=0
while IFS= read -r line; do
  line=${line%%#*}
  line=$(echo "$line" | tr -d '[:space:]')
  [ -n "$line" ] || continue
  [ -d "$src/$line" ] || { echo "layers.txt: '$line' is not a folder of $src"; exit 1; }
  rank[$line]=$n
  n=$((n + 1))
done <"$src/layers.txt"

# layer_of PATH (relative to src): sets `layer` to the longest declared folder
# that holds PATH, or to "" (no subshells: the test must stay under a second).
layer_of() {
  local d=${1%/*}
  layer=""
  [ "$d" = "$1" ] && d=""
  while [ -n "$d" ]; do
    if [ -n "${rank[$d]+x}" ]; then layer=$d; return; fi
    case $d in */*) d=${d%/*} ;; *) d="" ;; esac
  done
}

# Public header folders (a library's include/), searched after src/ itself.
mapfile -t public < <(cd "$src" && find . -type d -name include | sed 's#^\./##')

bad=0
cd "$src"
mapfile -t files < <(find . -name '*.[ch]' | sed 's#^\./##' | sort)
for f in "${files[@]}"; do
  layer_of "$f"
  [ -n "$layer" ] && continue
  echo "$f: in no layer of layers.txt"
  bad=1
done
# One grep for every quoted include: "FILE:HEADER" lines.
while IFS=: read -r f inc; do
  layer_of "$f"
  own=$layer
  [ -n "$own" ] || continue
  dir=${f%/*}
  [ "$dir" = "$f" ] && dir=.
  target=""
  if [ -f "$inc" ]; then
    target=$inc
  elif [ -f "$dir/$inc" ]; then
    target=$dir/$inc
    target=${target#./}
  else
    for p in "${public[@]}"; do
      [ -f "$p/$inc" ] && { target=$p/$inc; break; }
    done
  fi
  if [ -z "$target" ]; then
    case $generated in *" $inc "*) continue ;; esac
    echo "$f: includes \"$inc\", which is not in src/"
    bad=1
    continue
  fi
  layer_of "$target"
  if [ "${rank[$layer]}" -gt "${rank[$own]}" ]; then
    echo "$f ($own) includes $target ($layer), a higher layer"
    bad=1
  fi
done < <(grep -H '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "${files[@]}" |
         sed 's/^\([^:]*\):[^"]*"\([^"]*\)".*/\1:\2/')
[ "$bad" -eq 0 ] && echo "layers: ${#files[@]} files in $n layers, no include runs up"
exit "$bad"
