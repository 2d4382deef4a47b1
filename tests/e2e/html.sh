#!/usr/bin/env bash
# report.html, as a browser shows it: tvp report on the fixture run with its
# charts drawn, in a folder whose name, meta.json and failure reason hold HTML
# of their own, writes one self-contained page beside report.md. As text: one
# script (its own), every image a data: URI, every hostile string escaped, a
# chart file that is not a PNG shown as its name. In headless Chromium (the
# page copied alone into another folder): it renders with the title and the
# folder's name as text, every image loads, nothing is fetched, no console
# message, the sections fold and unfold for printing, a click on a header
# sorts its table; without JavaScript it still shows its content; and
# bench/screenshot.sh draws its first screen. The test also shows that its
# checks catch a broken image and a script error.
#
# Chromium missing (TVP_CHROMIUM, else chromium on PATH): the text checks run,
# then the test is skipped (77); bench/run-tests.sh installs it, so CI runs all.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

skip() {
  printf '%s: SKIP: %s\n' "$TEST" "$*" >&2
  exit 77
}
command -v gnuplot >/dev/null || fail "gnuplot is missing (bench/lib-setup.sh installs it): no chart to embed"

# --- The run: the report fixture, its charts drawn, hostile text in it. ----
NAME=$'run <b>&amp; "q" \'s\''
RUN=$WORK/$NAME
cp -r "$SRC/tests/fixtures/report/run" "$RUN"
sed -i -e 's|"cpu_model": "[^"]*"|"cpu_model": "<script>document.title=\\"PWNED\\"</script> \& co"|' \
  -e 's|"host": "[^"]*"|"host": "<img src=x onerror=\\"document.title=1\\">"|' "$RUN/meta.json"
sed -i 's|worker 3 killed by SIGSEGV|worker 3 <svg/onload=alert(1)> \& killed|' "$RUN/summary.csv"
grep -q 'svg/onload' "$RUN/summary.csv" || fail "the fixture's failure reason was not replaced"
run_tvp plot plot "$RUN"
[ "$RC" -eq 0 ] || { show "$WORK/plot.err"; fail "tvp plot on the fixture exited $RC"; }
# A chart file that is not a PNG: report.md names it, the page must not show it broken.
BAD=efficiency-os.pagefault
[ -f "$RUN/plots/$BAD.png" ] || fail "tvp plot drew no plots/$BAD.png"
printf 'not a png\n' >"$RUN/plots/$BAD.png"
rm -f "$RUN/plots/$BAD.svg"

run_tvp report report "$RUN"
[ "$RC" -eq 0 ] || { show "$WORK/report.err"; fail "tvp report exited $RC"; }
HTML=$RUN/report.html
MD=$RUN/report.md
printf '%s\n%s\n' "$MD" "$HTML" | cmp -s - "$WORK/report.out" ||
  { show "$WORK/report.out"; check_fail "tvp report did not print report.md's path, then report.html's"; }
[ -s "$HTML" ] || fail "no report.html beside report.md"
[ -z "$(find "$RUN" -name '*.tmp')" ] || check_fail "a temporary file was left: $(find "$RUN" -name '*.tmp')"

# --- The page as text. ------------------------------------------------------
[ "$(head -c 16 "$HTML")" = "<!DOCTYPE html>" ] || check_fail "report.html does not start with <!DOCTYPE html>"
n=$(grep -o '<script' "$HTML" | wc -l)
[ "$n" -eq 1 ] || check_fail "report.html holds $n <script> elements, expected its own one"
grep -o '<img [^>]*>' "$HTML" | grep -v ' src="data:image/\(png\|svg+xml\);base64,[A-Za-z0-9+/=]*">$' >"$WORK/bad-img" &&
  { show "$WORK/bad-img"; check_fail "an <img> whose source is not an embedded chart"; }
grep -Eo '(src|href)="[a-z]+:[^"]{0,40}' "$HTML" | grep -v '^src="data:image/' >"$WORK/links" &&
  { show "$WORK/links"; check_fail "report.html names something outside itself"; }
grep -Eq '<(link|iframe|object|embed)[ >]' "$HTML" && check_fail "report.html loads another document"
charts_md=$(grep -c '^!\[' "$MD" || true)
charts_html=$(grep -o '<img ' "$HTML" | wc -l)
[ "$charts_md" -ge 5 ] || check_fail "report.md embeds $charts_md charts, expected those tvp plot drew"
[ "$charts_html" -eq $((charts_md - 1)) ] ||
  check_fail "report.html embeds $charts_html charts, expected $((charts_md - 1)): report.md's but the broken one"
grep -qF "efficiency of os.pagefault [chart not found: plots/$BAD.png]" "$HTML" ||
  check_fail "the chart that is not a PNG does not show as its alt text"
for s in '&lt;script&gt;document.title=&quot;PWNED&quot;&lt;/script&gt; &amp; co' \
  '&lt;img src=x onerror=&quot;document.title=1&quot;&gt;' \
  'worker 3 &lt;svg/onload=alert(1)&gt; &amp; killed' \
  '<h1 id="tvp-report-run-bamp-q-s">tvp report: run &lt;b&gt;&amp;amp; &quot;q&quot; &#39;s&#39;</h1>'; do
  grep -qF -- "$s" "$HTML" || check_fail "report.html does not show, escaped: $s"
done
grep -Eq '<(b|svg)[ >/]|<[a-z]+ [^>]* on[a-z]+=' "$HTML" && check_fail "a hostile string reached report.html as markup"

CHROMIUM=${TVP_CHROMIUM:-$(command -v chromium || true)}
if [ -z "$CHROMIUM" ]; then
  [ "$CHECKS_FAILED" -eq 0 ] || fail "$CHECKS_FAILED check(s) failed (see above)"
  skip "no chromium (apt-get install chromium, or set TVP_CHROMIUM): report.html was checked as text only"
fi

# --- The page in Chromium. --------------------------------------------------
# browse NAME URL [FLAG...]: the DOM Chromium ends with in $WORK/NAME.dom, its
# log (console messages included) in $WORK/NAME.log. No network: every host
# resolves to nothing.
BROWSER_RUNS=0
browse() {
  local name=$1 url=$2
  shift 2
  BROWSER_RUNS=$((BROWSER_RUNS + 1))
  local flags=(--headless --disable-gpu --no-first-run --disable-extensions
    --user-data-dir="$WORK/chrome-$BROWSER_RUNS" --host-resolver-rules='MAP * ~NOTFOUND'
    --allow-file-access-from-files --virtual-time-budget=10000
    --enable-logging=stderr --v=0 --window-size=1280,1000)
  [ "$(id -u)" -ne 0 ] || flags+=(--no-sandbox)
  timeout 90 "$CHROMIUM" "${flags[@]}" "$@" --dump-dom "$url" >"$WORK/$name.dom" 2>"$WORK/$name.log" ||
    { show "$WORK/$name.log"; fail "chromium failed on $url"; }
}
# The harness's result lines, the DOM's escapes undone.
result() {
  sed -n '/<pre id="result">/,/<\/pre>/p' "$WORK/$1.dom" | sed -e 's/.*<pre id="result">//' -e 's/<\/pre>.*//' \
    -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e 's/&amp;/\&/g'
}
field() { result "$1" | sed -n "s/^$2=//p"; }
consoled() { grep -F ':CONSOLE' "$WORK/$1.log" || true; }

# The page is copied alone: what it shows comes from itself.
VIEW=$WORK/view
mkdir -p "$VIEW"
cp "$HTML" "$VIEW/report.html"
cat >"$VIEW/harness.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head><body>
<pre id="result">no result: the page did not load</pre>
<iframe id="page" width="1280" height="1000"></iframe>
<script>
var frame = document.getElementById("page");
frame.addEventListener("load", function () {
  var out = [], w = frame.contentWindow, d = frame.contentDocument, i;
  function put(k, v) { out.push(k + "=" + v); }
  function folded() { return d.querySelectorAll("details:not([open])").length; }
  function column(t) { return Array.prototype.map.call(t.tBodies[0].rows, function (r) { return r.cells[0].textContent; }).join(","); }
  put("title", d.title);
  put("scripted", d.querySelector("table.sortable th").title !== "" ? "yes" : "no");
  put("shown", [d.querySelector("section.first"), d.querySelector("details.part > summary")].map(function (e) {
    return e && e.offsetHeight > 0 ? "yes" : "no"; }).join(" ") + " " + (d.body.innerText.indexOf("6.1.0-fixture") >= 0 ? "yes" : "no"));
  put("h1", d.querySelector("h1") ? d.querySelector("h1").textContent : "(none)");
  var broken = [];
  for (i = 0; i < d.images.length; i++)
    if (!(d.images[i].complete && d.images[i].naturalWidth > 0)) broken.push(d.images[i].alt);
  put("images", d.images.length);
  put("broken", broken.length + (broken.length ? " (" + broken.join("; ") + ")" : ""));
  put("scripts", d.scripts.length);
  var handlers = 0, all = d.getElementsByTagName("*");
  for (i = 0; i < all.length; i++)
    Array.prototype.forEach.call(all[i].attributes, function (a) { if (/^on/i.test(a.name)) handlers++; });
  put("handlers", handlers);
  var loads = w.performance.getEntriesByType("resource").map(function (e) { return e.name; })
    .filter(function (n) { return n.indexOf("data:") !== 0; });
  put("loads", loads.length + (loads.length ? " (" + loads.join(" ") + ")" : ""));
  var total = d.querySelectorAll("details").length, before = folded();
  w.dispatchEvent(new Event("beforeprint"));
  var printing = folded();
  w.dispatchEvent(new Event("afterprint"));
  put("folding", total + " " + before + " " + printing + " " + folded());
  /* A kernel's table (the summary's opens the page, in no section). */
  var t = d.querySelector("details table.sortable");
  if (t) {
    var start = column(t), th = t.tHead.rows[0].cells[0];
    th.click();
    var up = column(t);
    th.click();
    put("sort", start + " | " + up + " | " + column(t) + " | " + th.getAttribute("aria-sort"));
  }
  document.getElementById("result").textContent = out.join("\n");
});
/* ?nojs: the page in a frame that runs no script, as a browser without JavaScript. */
if (location.search === "?nojs") frame.sandbox = "allow-same-origin";
frame.src = "report.html";
</script>
</body></html>
EOF
browse page "file://$VIEW/harness.html"
[ "$(field page title)" = "tvp report: $NAME" ] || { result page >&2; check_fail "the page's title is not the run's name as text"; }
[ "$(field page h1)" = "tvp report: $NAME" ] || check_fail "the page's heading is not the run's name as text"
[ "$(field page images)" = "$charts_html" ] || { result page >&2; check_fail "the browser found $(field page images) images, expected $charts_html"; }
[ "$(field page broken)" = 0 ] || check_fail "images that did not load: $(field page broken)"
[ "$(field page scripts)" = 1 ] && [ "$(field page handlers)" = 0 ] ||
  check_fail "the page holds $(field page scripts) scripts and $(field page handlers) event handler attributes, expected its one script and none"
[ "$(field page loads)" = 0 ] || check_fail "the page fetched: $(field page loads)"
# Every section after the first folded; all unfolded for printing, folded again after.
read -r total before printing after <<<"$(field page folding)"
[ "${total:-0}" -ge 3 ] && [ "$before" = "$total" ] && [ "$printing" = 0 ] && [ "$after" = "$total" ] ||
  check_fail "sections (details, folded, folded while printing, after): '$(field page folding)'"
[ "$(field page sort)" = "1,2,4,8 | 1,2,4,8 | 8,4,2,1 | descending" ] ||
  check_fail "a click on the first header does not sort by it: '$(field page sort)'"
[ -z "$(consoled page)" ] || { consoled page >&2; check_fail "the page wrote to the console"; }

[ "$(field page scripted)" = yes ] && [ "$(field page shown)" = "yes yes yes" ] ||
  check_fail "the page's script did not run, or its first section, a folded one or the machine is not shown"

# Without JavaScript, the content is all there; nothing sorts.
browse nojs "file://$VIEW/harness.html?nojs"
[ "$(field nojs scripted)" = no ] || { result nojs >&2; check_fail "the page's script ran in a frame without scripts"; }
[ "$(field nojs shown)" = "yes yes yes" ] && [ "$(field nojs images)" = "$charts_html" ] && [ "$(field nojs broken)" = 0 ] ||
  { result nojs >&2; check_fail "without JavaScript the page does not show its sections and charts"; }
# (The one message there: the frame's refusal to run the page's script.)
[ -z "$(consoled nojs | grep -v 'Blocked script execution')" ] ||
  { consoled nojs >&2; check_fail "the page without JavaScript wrote to the console"; }

# --- The checks catch what they are for. ------------------------------------
# An image whose data is broken is reported as not loaded...
sed '0,/src="data:image\/png;base64,/s//src="data:image\/png;base64,AAAA/' "$HTML" >"$VIEW/report.html"
browse broken "file://$VIEW/harness.html"
case $(field broken broken) in
1\ \(*) ;;
*) result broken >&2; check_fail "a broken image was not caught: broken=$(field broken broken)" ;;
esac
# ... and a script error reaches the log the test reads.
sed 's|</body>|<script>window.tvpNoSuchFunction();</script></body>|' "$HTML" >"$VIEW/report.html"
browse scripterror "file://$VIEW/harness.html"
consoled scripterror | grep -q 'tvpNoSuchFunction' || { show "$WORK/scripterror.log"; check_fail "a script error did not reach the console log"; }

# --- bench/screenshot.sh: the first screen, 1280x1000. ----------------------
SHOT=$WORK/shot.png
if TVP_CHROMIUM=$CHROMIUM bash "$SRC/bench/screenshot.sh" "$RUN" "$SHOT" >"$WORK/shot.out" 2>&1; then
  [ "$(od -An -tx1 -N4 "$SHOT" | tr -d ' \n')" = 89504e47 ] &&
    [ "$(od -An -tx1 -j16 -N8 "$SHOT" | tr -d ' \n')" = 00000500000003e8 ] ||
    check_fail "bench/screenshot.sh did not write a 1280x1000 PNG"
else
  show "$WORK/shot.out"
  check_fail "bench/screenshot.sh failed"
fi
finish
