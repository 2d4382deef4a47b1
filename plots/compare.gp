# compare.gp: run B against run A, one mark per configuration: the ratio of
# throughputs on a log scale (so 0.5 and 2 sit equally far from 1), marked by
# its verdict (analysis/verdict.h): filled where B or A is faster beyond the
# margin, hollow where there is no meaningful difference or no telling. The
# colours are none of the models' (style.gp), not even the grey of a model it
# does not know, so no mark reads as a model: indigo, wine, greys and olive.
#   gnuplot -e "csv='DIR/compare.csv'; out='DIR/compare.png'; n=5; lo=0.5; hi=2; verdicts='|faster|slower|'" plots/compare.gp
# csv is written by `tvp compare RUN_A RUN_B`, which also counts what the chart
# needs to know of it and passes it as numbers: n, its rows; lo and hi, the
# smallest and largest ratio with 1.0 among them; verdicts, those that occur,
# each between bars. The script starts no shell, so no path ever reaches one.

if (!exists("csv") || !exists("n") || !exists("lo") || !exists("hi") || !exists("verdicts")) {
    print "compare.gp: set csv, n, lo, hi and verdicts (tvp compare does)"
    exit status 1
}
if (!exists("out")) out = "compare.png"
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"

ext = out[strlen(out)-2:]
if (ext eq "svg") { set terminal svg size 1000,600 dynamic font "sans,11" } \
else { set terminal pngcairo size 1000,600 font "sans,11" }
set output out

set datafile separator comma
set datafile missing NaN
set datafile columnheaders
# Only the verdicts that occur are drawn: a series with no point would make
# gnuplot warn.
has(v) = strstrt(verdicts, "|" . v . "|") > 0

set title "Run B against run A: median throughput per configuration"
set ylabel "throughput B / A"
set logscale y 2
set xrange [-0.7:n-0.3]
set xtics rotate by 45 right font ",9" nomirror
set grid ytics ls 12
set key outside below horizontal
set arrow from graph 0, first 1 to graph 1, first 1 nohead ls 10
set label "no change" at graph 0.01, first 1 offset 0,0.6 font ",9" tc rgb col_ref
# Room for every ratio, and 1.0 always in view; tics at round ratios, never
# at 1 alone, however close together the ratios are.
set yrange [lo / 1.4 : hi * 1.4]
_ltax = "y"; _ltlo = lo / 1.4; _lthi = hi * 1.4; eval log_tics

lab(i) = sprintf("%s %s %dw", strcol("kernel"), strcol("model"), int(column("workers")))
pick(v) = strcol("verdict") eq v && strcol("ratio") ne "" ? column("ratio") : NaN

# One series per verdict that occurs, each with its own mark.
cmd = "plot csv using 0:(1):xticlabels(lab(0)) with points pt -1 notitle"
if (has("faster")) cmd = cmd . ", csv using 0:(pick('faster')) with points pt 7 ps 1.6 lc rgb '#332288' title 'B faster'"
if (has("slower")) cmd = cmd . ", csv using 0:(pick('slower')) with points pt 5 ps 1.5 lc rgb '#882255' title 'A faster'"
if (has("same")) cmd = cmd . ", csv using 0:(pick('same')) with points pt 6 ps 1.6 lc rgb '#8C8C8C' title 'no meaningful difference'"
if (has("inconclusive")) cmd = cmd . ", csv using 0:(pick('inconclusive')) with points pt 4 ps 1.6 lc rgb '#AAAAAA' title 'inconclusive'"
if (has("disturbed")) cmd = cmd . ", csv using 0:(strcol('verdict') eq 'disturbed' ? 1 : NaN) with points pt 2 ps 1.6 lc rgb '#999933' title 'disturbed (at 1: no ratio)'"
eval cmd
