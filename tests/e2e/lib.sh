# Shared helpers of the end-to-end tests, sourced by every tests/e2e/*.sh.
# A test is run as:  bash tests/e2e/NAME.sh PATH/TO/tvp SOURCE_DIR
# It uses only bash, coreutils, awk (mawk or gawk), grep, sed, diff and ps.
#
# After sourcing: TVP (the binary), SRC (the source tree), HERE (this folder),
# WORK (a private temporary folder, removed on exit), TEST (the test's name).

set -euo pipefail

TEST=$(basename "$0" .sh)
TVP=${1:-}
SRC=${2:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The reason, on stderr, and the test fails.
fail() {
  printf '%s: FAIL: %s\n' "$TEST" "$*" >&2
  exit 1
}

# A failed check that does not stop the test, so one run reports every broken
# case; finish turns any of them into a failure.
CHECKS_FAILED=0
check_fail() {
  printf '%s: FAIL: %s\n' "$TEST" "$*" >&2
  CHECKS_FAILED=$((CHECKS_FAILED + 1))
}
finish() {
  [ "$CHECKS_FAILED" -eq 0 ] || fail "$CHECKS_FAILED check(s) failed (see above)"
  printf '%s: ok\n' "$TEST"
}

# Prints a file on stderr, indented, to show what a failed check looked at.
show() {
  local f
  for f in "$@"; do
    printf -- '--- %s\n' "$f" >&2
    if [ -e "$f" ]; then sed 's/^/  | /' "$f" | head -n 60 >&2; else echo "  (missing)" >&2; fi
  done
}

[ -n "$TVP" ] && [ -x "$TVP" ] || fail "usage: $0 PATH/TO/tvp SOURCE_DIR (got tvp '$TVP')"
[ -n "$SRC" ] && [ -d "$SRC" ] || fail "usage: $0 PATH/TO/tvp SOURCE_DIR (got source dir '$SRC')"
TVP=$(cd "$(dirname "$TVP")" && pwd)/$(basename "$TVP")

# ctest runs tests side by side, so their workers wait on each other's run
# queues and would all be flagged disturbed, leaving no statistic for a test to
# read. The tests of the flag itself unset this (e2e_disturbance).
export TVP_DISTURBED_ABOVE=${TVP_DISTURBED_ABOVE:-100}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tvp-e2e-$TEST.XXXXXX")
# Background processes a test starts are listed here and ended on exit, each by
# its own id.
BG_PIDS=()
cleanup() {
  local p
  for p in "${BG_PIDS[@]+"${BG_PIDS[@]}"}"; do
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ "${TVP_E2E_KEEP:-0}" = 1 ]; then
    echo "$TEST: work folder kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# The tests must not depend on what the caller's environment says about topology
# or test kernels.
unset HWLOC_SYNTHETIC HWLOC_XMLFILE HWLOC_THISSYSTEM HWLOC_COMPONENTS HWLOC_FSROOT TVP_TEST_KERNELS

# run_tvp NAME ARGS...: runs tvp with ARGS, stdout in $WORK/NAME.out, stderr in
# $WORK/NAME.err, exit status in RC. Never trips set -e.
RC=0
run_tvp() {
  local name=$1
  shift
  RC=0
  "$TVP" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || RC=$?
}

# ---------------------------------------------------------------------------
# CSV (RFC 4180): fields separated by commas; a field may be quoted with double
# quotes, and then holds commas, line breaks and doubled quotes ("").

US=$(printf '\037')

# csv_records FILE: one line per record, fields separated by the unit separator
# (\037), quotes removed, a line break inside a field written as the two
# characters \n. A malformed file is reported on stderr with status 2.
csv_records() {
  awk -v us="$US" -v file="$1" '
    function bad(msg) {
      printf "%s: record %d (line %d): %s\n", file, rec + 1, NR, msg > "/dev/stderr"
      err = 1
      exit 2
    }
    {
      line = $0
      n = length(line)
      if (!inq) { atstart = 1; closed = 0 }
      for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        if (inq) {
          if (c == "\"") {
            if (substr(line, i + 1, 1) == "\"") { field = field "\""; i++ }
            else { inq = 0; closed = 1 }
          } else {
            field = field c
          }
          continue
        }
        if (c == ",") {
          out = out (nf ? us : "") field
          nf++
          field = ""; atstart = 1; closed = 0
          continue
        }
        if (c == "\r" && i == n) continue     # CRLF line end
        if (closed) bad("text after the closing quote of a field")
        if (c == "\"") {
          if (!atstart) bad("a quote inside an unquoted field")
          inq = 1; atstart = 0
          continue
        }
        field = field c
        atstart = 0
      }
      if (inq) { field = field "\\n"; next }   # the quoted field goes on
      out = out (nf ? us : "") field
      print out
      out = ""; field = ""; nf = 0; rec++
    }
    END {
      if (!err && inq) {
        printf "%s: record %d: unterminated quoted field at the end of the file\n", file, rec + 1 > "/dev/stderr"
        exit 2
      }
    }' "$1"
}

# csv_check FILE: the file parses, has a header, ends with a line break, and
# every record has as many fields as the header. Fails the test otherwise.
csv_check() {
  local file=$1 recs bad
  [ -s "$file" ] || fail "$file is missing or empty"
  [ -z "$(tail -c 1 "$file")" ] || fail "$file does not end with a line break (a cut-off row?)"
  recs=$(csv_records "$file") || fail "$file is not valid CSV (see above)"
  bad=$(printf '%s\n' "$recs" | awk -F "$US" '
    NR == 1 { h = NF; if (h < 2) print "header has " NF " field(s)"; next }
    NF != h { print "record " NR - 1 " has " NF " fields, the header " h }' | head -n 5)
  [ -z "$bad" ] || { show "$file"; fail "$file: $bad"; }
}

# csv_header FILE: the column names, one a line.
csv_header() {
  csv_records "$1" | awk -F "$US" 'NR == 1 { for (i = 1; i <= NF; i++) print $i; exit }'
}

# csv_nrows FILE: the number of data records (the header not counted).
csv_nrows() {
  csv_records "$1" | awk 'END { print (NR > 0 ? NR - 1 : 0) }'
}

# csv_cols FILE COLUMN...: the named fields of every data record, separated by
# tabs, one record a line. An unknown column fails with status 3.
csv_cols() {
  local file=$1
  shift
  csv_records "$file" | awk -F "$US" -v want="$*" -v file="$file" '
    NR == 1 {
      n = split(want, w, " ")
      for (i = 1; i <= NF; i++) idx[$i] = i
      for (j = 1; j <= n; j++)
        if (!(w[j] in idx)) { printf "%s has no column %s\n", file, w[j] > "/dev/stderr"; exit 3 }
      next
    }
    {
      s = ""
      for (j = 1; j <= n; j++) s = s (j > 1 ? "\t" : "") $(idx[w[j]])
      print s
    }'
}

# json_has_key FILE KEY: meta.json names KEY at its top level.
json_has_key() {
  grep -Eq "^  \"$2\": " "$1"
}

# json_str FILE KEY: the value of a top-level string KEY of meta.json.
json_str() {
  sed -n "s/^  \"$2\": \"\\(.*\\)\",\{0,1\}\$/\\1/p" "$1" | head -n 1
}

# procs_with TEXT: processes whose command line holds TEXT (this shell's own
# pipeline excluded), as "pid stat args".
procs_with() {
  ps -eo pid=,stat=,args= | awk -v t="$1" -v me="$$" 'index($0, t) && $1 != me && !/awk -v t=/'
}

# md_tables_consistent FILE: every row of every Markdown table in FILE has as
# many cells as its header (an escaped '\|' is text, not a cell's end); the
# rows that do not, on stderr. Status 1 if any.
md_tables_consistent() {
  awk -v md="$1" '
    function cells(s) { gsub(/\\\|/, "", s); return gsub(/\|/, "", s) - 1 }
    /^\|/ { n = cells($0)
            if (!intable) { intable = 1; want = n; head = NR }
            else if (n != want) { printf "%s:%d: %d cells under a header of %d (line %d)\n", md, NR, n, want, head; bad = 1 }
            next }
    { intable = 0 }
    END { exit bad }' "$1" >&2
}
