# Shared by the chart tests (charts.sh, charts_mpi.sh), sourced after lib.sh:
# the fixture run they draw, and rendering one gnuplot script with what tvp
# tells it, with the file checked.

# chart_fixture NAME: copies tests/fixtures/NAME (summary.csv, meta.json) to
# RUN, so nothing is ever written beside the sources, and sets PLOTS, FIXTURE,
# RUN and CSV. gnuplot missing is a failure, not a skip: charts are a product.
chart_fixture() {
  PLOTS=$SRC/plots
  FIXTURE=$SRC/tests/fixtures/$1
  command -v gnuplot >/dev/null 2>&1 ||
    fail "gnuplot is not installed (apt-get install gnuplot-nox); the chart scripts cannot be checked"
  [ -s "$PLOTS/style.gp" ] || fail "$PLOTS/style.gp is missing"
  [ -s "$FIXTURE/summary.csv" ] && [ -s "$FIXTURE/meta.json" ] || fail "the fixture $FIXTURE is incomplete"
  RUN=$WORK/run
  mkdir -p "$RUN" "$WORK/out"
  cp "$FIXTURE/summary.csv" "$FIXTURE/meta.json" "$RUN/"
  CSV=$RUN/summary.csv
  csv_check "$CSV"
}

# A value as a gnuplot single-quoted string.
gp() { printf "'%s'" "${1//\'/\'\'}"; }

PNG_MAGIC='89504e470d0a1a0a'

# checked_render NAME SCRIPT [VAR=VALUE...]: renders SCRIPT into
# $WORK/out/NAME.EXT for each EXT of CHART_FORMATS (png and svg unless set) as a
# user runs one script alone: the commands `tvp plot --commands` prints for it,
# with out and the VARs set (tvp computes what the script asks of the CSV, for
# the kernels, placement and scaling given), run by gnuplot. Checks each: exit
# status 0, empty stderr, a real PNG or SVG. RENDERED counts the files that
# passed. The run folder is the one CSV (a summary.csv) is in.
RENDERED=0
CHART_FORMATS=${CHART_FORMATS:-png svg}
checked_render() {
  local name=$1 script=$2 ext out rc v
  local -a vars=()
  shift 2
  for v in "$@"; do vars+=(--var "$v"); done
  for ext in $CHART_FORMATS; do
    out=$WORK/out/$name.$ext
    rc=0
    TVP_PLOTS_DIR=$PLOTS "$TVP" plot "$(dirname "$CSV")" --chart "$script" --format "$ext" --commands \
      --var "out=$out" "${vars[@]}" >"$WORK/$name.$ext.gp" 2>"$WORK/$name.$ext.stderr" || rc=$?
    [ "$rc" -ne 0 ] || gnuplot <"$WORK/$name.$ext.gp" >"$WORK/$name.$ext.stdout" 2>"$WORK/$name.$ext.stderr" || rc=$?
    if [ "$rc" -ne 0 ]; then
      show "$WORK/$name.$ext.stderr"
      check_fail "$script.gp ($name.$ext) exited $rc"
      continue
    fi
    if [ -s "$WORK/$name.$ext.stderr" ]; then
      show "$WORK/$name.$ext.stderr"
      check_fail "$script.gp ($name.$ext) wrote on stderr"
    fi
    if [ ! -s "$out" ]; then
      check_fail "$script.gp wrote no $out"
      continue
    fi
    if [ "$ext" = png ]; then
      [ "$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')" = "$PNG_MAGIC" ] ||
        check_fail "$out does not start with the PNG signature"
    else
      grep -q '<svg' "$out" || check_fail "$out holds no <svg element"
    fi
    RENDERED=$((RENDERED + 1))
  done
}

# A colour of style.gp ("#56B4E9") as the SVG terminal writes it: "rgb(86,180,233)".
style_rgb() {
  local hex
  hex=$(sed -n "s/^$1 *= *\"#\([0-9A-Fa-f]\{6\}\)\".*/\1/p" "$PLOTS/style.gp")
  [ -n "$hex" ] || fail "style.gp defines no colour $1"
  printf 'rgb(%d,%d,%d)' "0x${hex:0:2}" "0x${hex:2:2}" "0x${hex:4:2}"
}

# svg_series FILE: one line per plotted series of an SVG chart: its legend text
# (empty for a series without one), its colour as rgb(R,G,B) and its point
# symbol (gpPtN, or none), tab-separated.
svg_series() {
  awk '
    function flush() { if (open) printf "%s\t%s\t%s\n", text, rgb, (pt == "" ? "none" : pt); open = 0 }
    /<g id="gnuplot_plot_/ { flush(); open = 1; text = ""; rgb = ""; pt = ""; next }
    !open { next }
    text == "" && /<text>/ { t = $0; sub(/.*<text>/, "", t); sub(/<\/text>.*/, "", t); text = t }
    rgb == "" && /(stroke|color)=.rgb\(/ { c = $0; sub(/.*(stroke|color)=.rgb\(/, "", c); sub(/\).*/, "", c); gsub(/ /, "", c); rgb = "rgb(" c ")" }
    pt == "" && /xlink:href=.#gpPt/ { p = $0; sub(/.*xlink:href=.#/, "", p); sub(/[^A-Za-z0-9].*/, "", p); pt = p }
    END { flush() }' "$1"
}
# The texts of an SVG chart, one a line (in a tspan of their own where the
# chart has enhanced text).
svg_texts() { sed -n 's/.*<text[^>]*>\(<tspan[^>]*>\)\{0,1\}\([^<]*\)<.*/\2/p' "$1" | sed 's/^ *//; s/ *$//'; }
