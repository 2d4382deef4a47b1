# compare.gp: run B against run A, one mark per configuration: the ratio of
# median throughputs on a log scale (so 0.5 and 2 sit equally far from 1), filled
# where the Mann-Whitney U test finds a difference, hollow where it does not.
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
set ylabel "throughput B / A (median of repetitions)"
set logscale y 2
set xrange [-0.7:n-0.3]
set xtics rotate by 45 right font ",9" nomirror
set grid ytics ls 12
set key outside below horizontal
set arrow from graph 0, first 1 to graph 1, first 1 nohead ls 10
set label "no change" at graph 0.01, first 1 offset 0,0.6 font ",9" tc rgb col_ref
# Room for every ratio, and 1.0 always in view.
set yrange [lo / 1.4 : hi * 1.4]

lab(i) = sprintf("%s %s %dw", strcol("kernel"), strcol("model"), int(column("workers")))
pick(v) = strcol("verdict") eq v && strcol("ratio_b_over_a") ne "" ? column("ratio_b_over_a") : NaN

# One series per verdict that occurs, each with its own mark.
cmd = "plot csv using 0:(1):xticlabels(lab(0)) with points pt -1 notitle"
if (has("faster")) cmd = cmd . ", csv using 0:(pick('faster')) with points pt 7 ps 1.6 lc rgb '#009E73' title 'B faster (significant, Mann-Whitney U)'"
if (has("slower")) cmd = cmd . ", csv using 0:(pick('slower')) with points pt 7 ps 1.6 lc rgb '#D55E00' title 'B slower (significant, Mann-Whitney U)'"
if (has("no significant difference")) cmd = cmd . ", csv using 0:(pick('no significant difference')) with points pt 6 ps 1.6 lc rgb '#7F7F7F' title 'no significant difference'"
if (has("too few repetitions")) cmd = cmd . ", csv using 0:(pick('too few repetitions')) with points pt 4 ps 1.6 lc rgb '#7F7F7F' title 'too few repetitions to test'"
eval cmd
