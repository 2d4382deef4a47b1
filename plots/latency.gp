# What it costs to start a child under each model: the spawn.* kernels at
# one worker, where one unit of work is one child created and joined (or one
# program run), so 1 / throughput is the time that one costs. One bar per
# kernel and model, on a log axis because thread creation, fork and exec sit
# orders of magnitude apart. The bars show the median; the whiskers the 95 %
# interval carried over from the throughput's (1/high .. 1/low).
#
#   tvp plot RUN --chart latency --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernels, out, placement, scaling, machine. See
# plots/README.md.

chart = "latency"; per_kernel = 0
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

# Every spawn.* kernel's unit is one operation (rate_per_unit 1), so the
# reciprocal of its throughput is seconds per operation.
pre = "spawn."; wmax = "1"; need = "throughput_median"
BARS = ask("bars", "")
nb = words(BARS) / 4
MODELS = ask("models", "")
nm = words(MODELS)
col = "throughput_median"; _mm = ask("minmax", ""); col = ""
_ctx = ask("context", "")
_fail = failed_note("")
ng = 0
do for [_b=1:nb] { _g = int(word(BARS, 4 * _b - 2)); ng = (_g > ng ? _g : ng) }

bidx(k) = sum [_b=1:nb] (word(BARS, 4 * _b - 3) eq k ? _b : 0)
mslot(m) = sum [_s=1:nm] (word(MODELS, _s) eq m ? _s : 0)
bw = 0.8 / (nm > 0 ? nm : 1)
# x of this row's bar for model m, NaN for every other row.
barx(m) = (strcol("status") eq "ok" && strcol("model") eq m && column("workers") == 1 && \
           (_bi = bidx(strcol("kernel") . "|" . rowkey(0))) > 0) ? \
          int(word(BARS, 4 * _bi - 2)) + (mslot(m) - (nm + 1) / 2.0) * bw : NaN
secs(c) = 1.0 / column(c)
# A failed 1-worker configuration gets a cross in its model's slot, in the
# group of the kernel's other models with the same settings.
_dimsof(x) = (_rk0 = rowkey(0), _rk0[strlen(strcol("model")) + 1:])
_gof(x) = (_gk = strcol("kernel") . "|", _gd = _dimsof(0), _g = 0, \
    sum [_s2=1:nm] (_g == 0 ? (_bb = bidx(_gk . word(MODELS, _s2) . _gd), _g = (_bb > 0 ? int(word(BARS, 4 * _bb - 2)) : 0), 0) : 0), _g)
failx(x) = (strcol("status") ne "ok" && column("workers") == 1 && strstrt(strcol("kernel"), pre) == 1 && \
            (_fs = mslot(strcol("model"))) > 0 && (_fg = _gof(0)) >= 1) ? _fg + (_fs - (nm + 1) / 2.0) * bw : NaN
# The throughput interval can reach zero or below with few repetitions; the
# time has no upper bound there, and the whisker stops at the bar.
slow(x) = (_l = bound("throughput_ci95_low", column("throughput_median")), _l > 0 ? 1.0 / _l : secs("throughput_median"))
sfast(x) = (_u = bound("throughput_ci95_high", column("throughput_median")), _u > 0 ? 1.0 / _u : secs("throughput_median"))
fmt_s(v) = v >= 1 ? sprintf("%.3g s", v) : v >= 1e-3 ? sprintf("%.3g ms", v * 1e3) : \
           v >= 1e-6 ? sprintf("%.3g µs", v * 1e6) : sprintf("%.3g ns", v * 1e9)

title_chars = 105
_w = 260 + ng * (nm > 0 ? nm : 1) * 70
_w = (_w < 900 ? 900 : _w)
eval open_output(_w, 600)
set title chart_title("Cost of starting a child: time per operation of the spawn.* kernels at 1 worker (lower is cheaper)")
set xlabel ""
set ylabel "time per operation (1 / throughput, log scale)"
set logscale y
set format y "%.0s %cs"
set grid ytics ls 12
# Tic labels can take two or three lines (kernel, variant, footprint); the
# legend goes under them at a fixed place, as "below" does not count them.
set key at screen 0.5, screen 0.02 center bottom horizontal Left reverse samplen 2 width 2
set bmargin 8
set style fill solid 0.85 border -1
# Whiskers as flat-ended vectors: error bars would cut a gap at the bar's top.
set style arrow 1 heads size screen 0.006, 90 lw 1 lc rgb "black"
set boxwidth bw * 0.95 absolute
set xrange [0.4:ng + 0.6]
set tics scale 0.5
if (ng > 0) {
    _t = ""
    do for [_g=1:ng] {
        _lab = ""
        do for [_b=1:nb] { if (_lab eq "" && int(word(BARS, 4 * _b - 2)) == _g) { _lab = word(BARS, 4 * _b) } }
        _t = _t . (_g > 1 ? ", " : "") . sprintf('"%s" %d', _lab, _g)
    }
    eval "set xtics (" . _t . ")"
}
# Bars start at the bottom of a log axis, so the range is set by hand: a
# decade of room under the fastest bar's end and above the slowest for its
# value label.
if (_mm ne "") {
    _tlo = word(_mm, 1) + 0; _thi = word(_mm, 2) + 0
    ylo = 10 ** floor(log10(1.0 / _thi) - 0.3)
    set yrange [ylo:10 ** ceil(log10(1.0 / _tlo) + 0.3)]
    # Tics at round times (10 µs, 20 µs, 50 µs ...), each with its unit.
    lt_label(v) = fmt_s(v)
    _ltax = "y"; _ltlo = ylo; _lthi = 10 ** ceil(log10(1.0 / _tlo) + 0.3); eval log_tics
}

# Crosses only when some failed row has a slot to sit in: an empty series
# would be a warning.
_nfx = int(ask("failedbars", ""))
FAILED = ""
if (_nfx > 0) {
    FAILED = sprintf(', csv using (failx(0)):(%.9g):(model_rgb(strcol("model"))) with points pt 2 ps 2 lw 2 lc rgb variable notitle, NaN with points pt 2 ps 1.8 lw 2 lc rgb "black" title "failed (no measurement)"', ylo * 1.25)
}

if (nb == 0) {
    unset logscale y; set bmargin; set yrange [0:1]; set xrange [0:1]; unset xtics; unset ytics; unset key
    set label 99 "no spawn.* kernel with a successful 1-worker run in this file" at graph 0.5, graph 0.5 center
    plot NaN notitle
} else {
    plot for [m in MODELS] csv using (barx(m)):(secs("throughput_median")) \
             with boxes ls model_style(m) fc rgb model_colour(m) title model_name(m), \
         for [m in MODELS] csv using (barx(m)):(sfast(0)):(0):(slow(0) - sfast(0)) \
             with vectors arrowstyle 1 notitle, \
         for [m in MODELS] csv using (barx(m)):(slow(0)):(fmt_s(secs("throughput_median"))) \
             with labels offset 0, char 0.7 font ",9" notitle @FAILED
}
