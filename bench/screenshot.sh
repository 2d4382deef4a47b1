#!/usr/bin/env bash
# The first screen of a run's report.html as a PNG, drawn by headless Chromium:
#
#   bash bench/screenshot.sh RUN_DIR [OUT.png]
#
# OUT.png is RUN_DIR/report.png unless given: a window of 1280x1000 pixels, no
# scrollbars, what a reader sees on opening the page (the title and the first
# section). RUN_DIR/report.html must exist: `tvp report RUN_DIR` writes it.
# Chromium is $TVP_CHROMIUM, else chromium on PATH (Debian: apt-get install
# chromium; bench/run-tests.sh installs it).
set -euo pipefail
case ${1:-} in
-h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: bash bench/screenshot.sh RUN_DIR [OUT.png] (see --help)" >&2; exit 2; }
run=$1
out=${2:-$run/report.png}
page=$run/report.html
[ -f "$page" ] || { echo "screenshot.sh: no $page: run 'tvp report $run' first" >&2; exit 2; }
chromium=${TVP_CHROMIUM:-$(command -v chromium || true)}
[ -n "$chromium" ] || { echo "screenshot.sh: no chromium on PATH (apt-get install chromium, or set TVP_CHROMIUM)" >&2; exit 2; }

abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
page=$(abs "$page")
mkdir -p "$(dirname "$out")"
out=$(abs "$out")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvp-screenshot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Chromium's sandbox refuses root; the page loads nothing, so it runs without.
flags=(--headless --disable-gpu --hide-scrollbars --window-size=1280,1000
  --force-device-scale-factor=1 --virtual-time-budget=5000 --no-first-run
  --user-data-dir="$tmp/profile")
[ "$(id -u)" -ne 0 ] || flags+=(--no-sandbox)
# The file's URL: every byte but letters, digits and "/._~-" percent-encoded.
url_path() {
  local LC_ALL=C s=$1 i c out=""
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
    [A-Za-z0-9/._~-]) out+=$c ;;
    *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}
url=file://$(url_path "$page")
rm -f "$out"
if ! timeout 120 "$chromium" "${flags[@]}" --screenshot="$out" "$url" >"$tmp/log" 2>&1 || [ ! -s "$out" ]; then
  echo "screenshot.sh: chromium drew no $out:" >&2
  tail -n 20 "$tmp/log" >&2
  exit 1
fi
echo "$out"
