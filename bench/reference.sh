#!/usr/bin/env bash
# Measures the committed reference runs again on this machine (not run by CI):
#
#   bash bench/reference.sh [--tvp PATH] [--name PREFIX] [--only default|mpi|pool|claims]...
#
# writes results/reference/PREFIX{,-mpi,-pool,-claims} (PREFIX by default
# 2cpu-epyc-kvm), each measured into a fresh folder first and moved into place
# only when it finished: bench/default.suite with its charts and report,
# bench/mpi.suite (skipped without mpirun), bench/pool.suite, and tvp claims
# with the Python contrast. A folder that git tracks keeps only the charts it
# tracked before (the ones the docs show) plus report.md, which links the rest;
# `git status` then shows what changed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TVP=$ROOT/build/tvp
NAME=2cpu-epyc-kvm
ONLY=()
while [ $# -gt 0 ]; do
  case $1 in
  --tvp) TVP=$2; shift 2 ;;
  --name) NAME=$2; shift 2 ;;
  --only) ONLY+=("$2"); shift 2 ;;
  -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "reference.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$TVP" ] || { echo "reference.sh: no tvp at '$TVP': build it first (cmake --build build)" >&2; exit 2; }
wanted() { [ ${#ONLY[@]} -eq 0 ] || [[ " ${ONLY[*]} " == *" $1 "* ]]; }
cd "$ROOT"
REF=results/reference
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tvp-reference.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# place NEW DEST: DEST's files replaced by NEW's; of the charts, only those git tracked in DEST.
place() {
  local new=$1 dest=$2 keep
  keep=$(git ls-files "$dest" | grep -E '\.(png|svg)$' | sed "s|^$dest/||" || true)
  if [ -n "$keep" ]; then
    find "$new" -name '*.png' -o -name '*.svg' | while read -r f; do
      rel=${f#"$new"/}
      grep -qxF "$rel" <<<"$keep" || rm -f "$f"
    done
  fi
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$new" "$dest"
  echo "reference.sh: $dest written"
}

suite_run() { # suite_run SUITE SUFFIX
  local out=$TMP/run$2
  "$TVP" run "$1" --out "$out" --quiet
  "$TVP" plot "$out" >/dev/null
  "$TVP" report "$out" >/dev/null
  place "$out" "$REF/$NAME$2"
  # The report names its folder: written again where it now lives.
  "$TVP" report "$REF/$NAME$2" >/dev/null
}

wanted default && suite_run bench/default.suite ""
if wanted mpi; then
  if command -v mpirun >/dev/null; then suite_run bench/mpi.suite -mpi
  else echo "reference.sh: no mpirun on PATH: the mpi reference is left as it was"; fi
fi
wanted pool && suite_run bench/pool.suite -pool
if wanted claims; then
  "$TVP" claims --out "$TMP/claims" >"$TMP/claims.log" 2>&1
  place "$TMP/claims" "$REF/$NAME-claims"
fi
