# What a message costs by its size: the net.* kernels run at several message
# sizes (tvp run --footprint 8,1Ki,64Ki,1Mi), one line per model and worker
# count, the size on a log axis.
#
# net.pingpong (workers 2k and 2k+1 bounce a message of footprint_bytes; one
# unit is one round trip; the pairs run side by side): two panels, per pair,
# so worker counts compare directly:
#   one-way latency (µs) = 1e6 / (throughput / pairs) / 2   (half a round trip)
#   bandwidth (MB/s)     = throughput / pairs * 2 * footprint_bytes / 1e6
#                          (a round trip carries the message there and back)
# net.allreduce (every worker all-reduces a vector of footprint_bytes; one unit
# is one all-reduce of all the workers): one panel,
#   time per all-reduce (µs) = 1e6 / throughput
#
#   tvp plot RUN --chart message --commands | gnuplot
#   tvp plot RUN --chart message --format svg --commands --var kernel=net.allreduce --var out=m.svg | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernel (default net.pingpong), out, placement,
# scaling, machine. See plots/README.md.

chart = "message"; per_kernel = 1
# The message size is this chart's x axis, so it splits no series; the worker
# count does instead.
xdim = "footprint_bytes"
if (!exists("kernel")) kernel = "net.pingpong"
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

pingpong = (strstrt(kernel, "pingpong") > 0)
allreduce = (!pingpong && strstrt(kernel, "allreduce") > 0)

# Rows run at the kernel's default size have no place on this axis.
need = "throughput_median footprint_bytes"
S = ask("series", kernel); n = s_count(S)
_ctx = ask("context", kernel); _fail = failed_note(kernel)
# "size 20k" in the title is the number of units, which a reader of a chart
# over message sizes would take for a message size: it is named for what
# the units are.
_si = strstrt(_ctx, "size ")
_units = pingpong ? "round trips" : "all-reduces"
if (_si > 0 && (pingpong || strstrt(kernel, "allreduce") > 0)) {
    _se = _si + 5; while (_se <= strlen(_ctx) && _ctx[_se:_se] ne ",") { _se = _se + 1 }
    _ctx = _ctx[1:_si - 1] . _ctx[_si + 5:_se - 1] . " " . _units . (strstrt(_ctx, "weak scaling") > 0 ? " per worker" : "") . _ctx[_se:]
}
col = "footprint_bytes"; FP = ask("values", kernel); col = ""
if (!pingpong && !allreduce) { n = 0 }

# --- the quantities -----------------------------------------------------------
#
# q = 1: one-way latency per pair, 2: bandwidth per pair, 3: time per
# all-reduce. t is the row's throughput (units/s over all workers).
pairs(w) = w >= 2 ? floor(w / 2) : 1
qv(q, t) = q == 1 ? 1e6 * pairs(column("workers")) / t / 2 : \
           q == 2 ? t / pairs(column("workers")) * 2 * column("footprint_bytes") / 1e6 : 1e6 / t
# The 95 % interval carried over from the throughput's; latency and time fall
# as the throughput rises. A lower throughput bound of 0 or less has no place
# on a log axis: that side of the bar stops at the point.
_tlo(t) = (_l = bound("throughput_ci95_low", t), _l > 0 ? _l : t)
q_lo(q, t) = q == 2 ? qv(q, _tlo(t)) : qv(q, bound("throughput_ci95_high", t))
q_hi(q, t) = q == 2 ? qv(q, bound("throughput_ci95_high", t)) : qv(q, _tlo(t))
has_fp(x) = strcol("footprint_bytes") ne ""
thr(s) = has_fp(0) ? sel(kernel, s, "throughput_median") : NaN

# A pair count beside each worker count in the legend of the ping-pong:
# "4 workers" is "4 workers (2 pairs)".
_pw(l) = strstrt(l, " workers")
_np(l) = int(l[1:_pw(l) - 1]) / 2
pair_label(l) = (pingpong && _pw(l) > 1 && substr(word(l, 2), 1, 7) eq "workers") ? \
    l[1:_pw(l) + 7] . sprintf(" (%d pair%s)", _np(l), _np(l) == 1 ? "" : "s") . l[_pw(l) + 8:] : l
m_title(i) = model_name(s_model(S, i)) . (s_vlab(S, i) eq "" ? "" : ", " . pair_label(s_vlab(S, i)))

# --- the axes -----------------------------------------------------------------
#
# The size axis: sizes grow by factors, so it is log2, padded so the outermost
# error bars are whole, with a tic at every size that ran, named in bytes as
# a student reads them (8 B, 1 KiB, 1 MiB); past 12 sizes every other one.
_nfp = words(FP)
_flo = (_nfp ? word(FP, 1) + 0 : 1); _fhi = (_nfp ? word(FP, _nfp) + 0 : 1024)
xlo = _flo / 1.6; xhi = _fhi * 1.6
_sn(v, u, n) = (v >= u && v % u == 0) ? sprintf("%d %s", v / u, n) : ""
size_name(x) = (_iv = int(x), _s = _sn(_iv, 1073741824, "GiB"), _s ne "" ? _s : \
    (_s = _sn(_iv, 1048576, "MiB"), _s ne "" ? _s : (_s = _sn(_iv, 1024, "KiB"), _s ne "" ? _s : \
    (_s = _sn(_iv, 1000000, "MB"), _s ne "" ? _s : (_s = _sn(_iv, 1000, "kB"), _s ne "" ? _s : sprintf("%d B", _iv))))))
size_axis = 'set logscale x 2; set xrange [xlo:xhi]; unset mxtics; ' . \
  'if (_nfp > 0) { _t = ""; _k = 0; _step = (_nfp > 12 ? 2 : 1); ' . \
  'do for [_f in FP] { _lab = (_k % _step == 0 ? size_name(_f + 0) : ""); ' . \
  '_t = _t . (_t eq "" ? "" : ", ") . sprintf("\"%s\" %s", _lab, _f); _k = _k + 1 }; eval "set xtics (" . _t . ")"; ' . \
  'if (_nfp > 6) { set xtics rotate by -30 offset -1.5,-0.2 } } ' . \
  'else { set xtics autofreq }'
# Series i of n is nudged sideways by a fraction of the axis's octaves, so
# error bars at one size do not hide each other.
xnudge(x, i, n) = x * 2 ** ((i - (n + 1) / 2.0) * 0.008 * _nudge(n) * log(xhi / xlo) / log(2))

# The value axis of quantity q: log, as latency and bandwidth span decades
# from the smallest message to the largest, over the error bars of every
# series, with tics at round values (style.gp's log_tics: 1, 2 and 5 of each
# decade over a few decades, 1 alone over more). Sets _ylo and _yhi.
_ylo = 1; _yhi = 10
# stats leaves out values outside the current ranges, and its x is the row
# number: both axes are reset first, and the size axis set after.
y_range(q) = sprintf('unset logscale; set autoscale xy; _ylo = 0; _yhi = 0; do for [_i=1:n] { ' . \
  'stats csv using (_t = thr(s_key(S, _i)), _t > 0 ? q_lo(%d, _t) : NaN) nooutput prefix "YL"; ' . \
  'stats csv using (_t = thr(s_key(S, _i)), _t > 0 ? q_hi(%d, _t) : NaN) nooutput prefix "YH"; ' . \
  '_ylo = (_ylo == 0 || YL_min < _ylo ? YL_min : _ylo); _yhi = (YH_max > _yhi ? YH_max : _yhi) }; ' . \
  '_ylo = _ylo / 1.4; _yhi = _yhi * 1.4; ' . \
  'if (_nf > 0) { _ylo = _ylo / 1.4 }', q, q)
y_axis = 'set logscale y 10; set yrange [_ylo:_yhi]; _ltax = "y"; _ltlo = _ylo; _lthi = _yhi; eval log_tics'

# Failed configurations as crosses on the bottom of a panel at their size
# (failed_note counts only those that have one).
is_failed_fp(k) = is_failed(k) && has_fp(0)
failed_at(y) = (_nf == 0 ? "" : \
    sprintf(', csv using (is_failed_fp("%s") ? column("footprint_bytes") : NaN):(%.9g):(model_rgb(strcol("model"))) ', kernel, y) . \
    'with points pt 2 ps 1.8 lw 2 lc rgb variable notitle')
fail_key = 'NaN with points pt 2 ps 1.8 lw 2 lc rgb "black" title "failed configuration (no measurement)"'

# One panel of quantity q, its series drawn without a legend entry (the
# figure has one legend) or with one (a chart of one panel).
panel(q, keyed) = 'plot for [i=1:n] csv ' . \
  sprintf('using (xnudge(column("footprint_bytes"), i, n)):(_t = thr(s_key(S, i)), qv(%d, _t)):(q_lo(%d, _t)):(q_hi(%d, _t)) ', q, q, q) . \
  'with yerrorlines ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) ' . \
  (keyed ? 'title m_title(i)' : 'notitle') . failed_at(_ylo * 1.2) . (keyed && _nf > 0 ? ', ' . fail_key : '')

empty_msg = !pingpong && !allreduce ? \
    sprintf("message.gp draws net.pingpong and net.allreduce; %s is neither", kernel) : \
    sprintf("no successful rows of %s with a message size:\nsweep it with tvp run --footprint 8,1Ki,64Ki,1Mi", kernel)
empty_panel = 'unset key; unset ytics; unset logscale y; set yrange [0:1]; if (_nfp == 0) { unset xtics }; ' . \
  'set label 99 empty_msg at graph 0.5, graph 0.5 center; plot NaN notitle; unset label 99'

xlab = allreduce ? "vector size (bytes each worker contributes, log scale)" : "message size (bytes, log scale)"

if (!pingpong || n == 0) {
    # One panel: the time one all-reduce of every worker takes, or why there
    # is nothing to draw.
    eval open_output(900, 600)
    set title chart_title(pingpong ? sprintf("Ping-pong (%s): what one message costs by its size", kernel) : \
        allreduce ? sprintf("Time per all-reduce of %s against the vector size (lower is faster)", kernel) : \
        sprintf("What one message of %s costs by its size", kernel))
    set xlabel xlab
    set ylabel (allreduce ? "time per all-reduce = 1 / throughput (µs, log scale)" : "")
    set grid ls 12
    set key below Left reverse samplen 3 width 2
    if (n == 0) {
        eval size_axis
        eval empty_panel
    } else {
        eval y_range(3)
        eval size_axis
        eval y_axis
        eval panel(3, 1)
    }
} else {
    # Two panels side by side, one legend for both in a band under them that
    # grows with its entries, three to a row.
    _ne = n + (_nf > 0 ? 1 : 0)
    pw = 1200; ptop = 90; ph = 470
    pbot = 40 + 22 * int((_ne + 2) / 3)
    phh = ptop + ph + pbot
    title_chars = 125
    eval open_output(pw, phh)
    set multiplot title chart_title(sprintf("Ping-pong (%s) between workers 2k and 2k+1: what one message costs by its size, per pair", kernel)) font ",12"
    set grid ls 12
    unset key
    do for [q=1:2] {
        eval sprintf("set origin %g,%g; set size 0.5,%g", (q - 1) * 0.5, pbot * 1.0 / phh, ph * 1.0 / phh)
        set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
        set xlabel xlab
        if (q == 1) {
            set title "One-way latency of one message (lower is faster)" font ",11"
            set ylabel "one-way latency = round trip / 2 (µs, log scale)"
        } else {
            set title "Bandwidth of one pair (higher is faster)" font ",11"
            set ylabel "bandwidth per pair = 2 x size / round trip (MB/s, log scale)"
        }
        eval y_range(q)
        eval size_axis
        eval y_axis
        eval panel(q, 0)
    }
    unset title; unset xlabel; unset ylabel; unset label; unset arrow; unset object
    unset border; unset tics; unset grid; unset logscale
    set origin 0,0; set size 1,1; set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
    eval sprintf("set key at screen 0.5, screen %g center center horizontal Left reverse samplen 3 width 2 maxcols 3", pbot * 0.5 / phh)
    eval 'plot [0:1][0:1] for [i=1:n] NaN with linespoints ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) title m_title(i)' . \
        (_nf > 0 ? ', ' . fail_key : '')
    unset multiplot
}
