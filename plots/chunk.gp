# Throughput of one kernel against the chunk size (the items a pool worker
# claims at a time, swept with --chunk): where the cost of handing out work
# stops mattering. One line per model and worker count.
#
#   tvp plot RUN --chart chunk --commands | gnuplot
#   tvp plot RUN --chart chunk --format svg --commands --var kernel=pool.map --var out=chunk.svg | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernel (default pool.map), out, placement,
# scaling, machine. See plots/README.md.

chart = "chunk"; per_kernel = 1
# The chunk is this chart's x axis, so it splits no series; the worker count,
# the x axis of the other charts, does instead.
xdim = "chunk_items"
if (!exists("kernel")) kernel = "pool.map"
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

# Rows run at the kernel's default chunk have no place on this axis.
need = "throughput_median chunk_items"
S = ask("series", kernel); n = s_count(S)
_ctx = ask("context", kernel); _fail = failed_note(kernel)
unit = ask("unit", kernel)
col = "throughput_median"; _mm = ask("minmax", kernel)
col = "chunk_items"; CH = ask("values", kernel); col = ""

# The throughput axis as in throughput.gp: scaled by a power of 1000 named in
# its label, and logarithmic when the lines lie orders of magnitude apart
# (chunks of 1 under several workers can be a hundred times slower).
_top = (_mm eq "" ? 1 : word(_mm, 2) + 0)
_e = (_top >= 1000 ? int(floor(log10(_top) / 3)) : 0)
_e = (_e > 4 ? 4 : _e)
tscale = 1000.0 ** _e
_pre = word("k M G T", _e)
_words = word("thousand million billion trillion", _e)
_isbytes = (strlen(unit) >= 2 && unit[1:2] eq "B/")
unit_label = (unit eq "" ? "units/s" : unit)
if (_e > 0) { unit_label = _isbytes ? _pre . unit : _words . " " . unit_label }
_bot = (_mm eq "" ? 1 : word(_mm, 1) + 0)
tlog = (_bot > 0 && _top / _bot > 50)
# A log axis autoscales to whole decades, which can leave most of the plot
# empty; it spans the error bars instead (a lower bound of 0 or less has no
# place on it: the bar stops at the point), with tics at round values
# (style.gp's log_tics) so a short span still has several.
col = "throughput_ci95_low"; _ml = ask("minmax", kernel)
col = "throughput_ci95_high"; _mh = ask("minmax", kernel); col = ""
_ylo = (_ml ne "" && word(_ml, 1) + 0 > 0 && word(_ml, 1) + 0 < _bot ? word(_ml, 1) + 0 : _bot) / tscale / 1.25
# Failed configurations are drawn below the lowest point (see FAILED).
_ybase_log = _bot / tscale / 2
if (_nf > 0 && _ylo > _ybase_log / 1.25) { _ylo = _ybase_log / 1.25 }
_yhi = (_mh ne "" && word(_mh, 2) + 0 > _top ? word(_mh, 2) + 0 : _top) / tscale * 1.25
y_log_axis = 'set yrange [_ylo:_yhi]; _ltax = "y"; _ltlo = _ylo; _lthi = _yhi; eval log_tics'
lowb(y) = (_lb = bound("throughput_ci95_low", y * tscale) / tscale, tlog ? (_lb > 0 ? _lb : y) : (_lb < 0 ? 0 : _lb))

# The chunk axis: chunks grow by factors (1, 4, 16 ... 16k), so it is
# logarithmic, padded so the outermost error bars are whole, with a tic at
# every chunk that ran, named as the CLI spells it (1k = 1000 items).
_nc = words(CH)
_clo = (_nc ? word(CH, 1) + 0 : 1); _chi = (_nc ? word(CH, _nc) + 0 : 1)
xlo = _clo / 1.5; xhi = _chi * 1.5
chunk_name(v) = (v >= 1000000 && v % 1000000 == 0) ? sprintf("%dM", v / 1000000) : \
    (v >= 1000 && v % 1000 == 0) ? sprintf("%dk", v / 1000) : sprintf("%d", v)
# Series i of n is nudged sideways by a fraction of the axis's octaves, so
# error bars at one chunk size do not hide each other.
xnudge(x, i, n) = x * 2 ** ((i - (n + 1) / 2.0) * 0.01 * log(xhi / xlo) / log(2))
# Only rows with a chunk: a default-chunk row of the same model and worker
# count belongs to the same series key, but to no point of this axis.
has_chunk(x) = strcol("chunk_items") ne ""
csel(k, s, c) = has_chunk(0) ? sel(k, s, c) : NaN

eval open_output(900, 600)
set logscale x 2
set xrange [xlo:xhi]
if (_nc > 0 && _nc <= 16) {
    _t = ""
    do for [_c in CH] { _t = _t . (_t eq "" ? "" : ", ") . sprintf('"%s" %s', chunk_name(int(_c)), _c) }
    eval "set xtics (" . _t . ")"
} else {
    set xtics 4
    set format x "%.0s%c"
}
set mxtics default
_title = chart_title(sprintf("Throughput of %s against the chunk size: where dispatch overhead stops mattering", kernel))
set title _title offset 0, 1
# Room between the title and the plot for the line on how to read it.
_lines(s) = (_li = strstrt(s, "\n")) ? 1 + _lines(s[_li+1:]) : 1
set tmargin _lines(_title) + 2.3
set xlabel "chunk size (items a worker claims at a time, log scale)"
set ylabel sprintf("throughput (%s)", unit_label) . (tlog ? ", log scale" : "")
if (tlog) { set logscale y; eval y_log_axis } else { set yrange [0:*] }
set grid ls 12
set key below Left reverse samplen 3 width 2
# How to read it, above the plot area where no data can be: where a line
# turns flat, claiming work no longer costs anything worth measuring.
set label 3 "← small chunks: each item pays for its claim" at graph 0, graph 1 offset 0, char 0.7 left tc rgb col_ref
set label 4 "large chunks: the claim is paid once per chunk →" at graph 1, graph 1 offset 0, char 0.7 right tc rgb col_ref

# Failed configurations as crosses on the bottom of the plot at their chunk
# (failed_note counts only those that have one); on a log axis there is no 0.
_ybase = tlog ? _ybase_log : 0
is_failed_chunk(k) = is_failed(k) && has_chunk(0)
FAILED = (_nf == 0 ? "" : \
    sprintf(', csv using (is_failed_chunk("%s") ? column("chunk_items") : NaN):(%.9g):(model_rgb(strcol("model"))) ', kernel, _ybase) . \
    'with points pt 2 ps 1.8 lw 2 lc rgb variable notitle, ' . \
    'NaN with points pt 2 ps 1.8 lw 2 lc rgb "black" title "failed configuration (no measurement)"')

if (n == 0) {
    unset label 3; unset label 4; unset key; unset ytics; unset logscale y
    if (_nc == 0) { unset xtics }
    set yrange [0:1]
    set label 99 sprintf("no successful rows of %s with a chunk size: sweep it with tvp run --chunk 1,4,16,64,256,1k", kernel) \
        at graph 0.5, graph 0.5 center
    plot NaN notitle
} else {
    plot for [i=1:n] csv \
           using (xnudge(column("chunk_items"), i, n)):(_y = csel(kernel, s_key(S, i), "throughput_median") / tscale): \
                 (lowb(_y)):(bound("throughput_ci95_high", _y * tscale) / tscale) \
           with yerrorlines ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) title s_title(S, i) @FAILED
}
