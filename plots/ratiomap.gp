# Processes against threads across a whole run, as a heat map: one row per
# kernel, one column per worker count, each cell coloured by the process
# throughput divided by the thread throughput (ratio_vs_thread) and labelled
# with that number. The palette is diverging and centred on 1.0 on a log
# scale, so "2x faster" and "2x slower" are equally strong colours of the two
# models' own hues. Blank cells were not measured or failed.
#
#   tvp plot RUN --chart ratiomap --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernels, out, placement, scaling, machine. See
# plots/README.md. Each model other than thread present (fork, spawn, mpi,
# mpi+thread) gets its own rows.

chart = "ratiomap"; per_kernel = 0
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

need = "ratio_vs_thread"; xm = "thread"
ROWS = ask("rows", "")
nr = words(ROWS) / 2
W = ask("workers", "")
nw = words(W)
col = "ratio_vs_thread"; _mm = ask("minmax", ""); col = ""
MODELS = ask("models", "")
_ctx = ask("context", "")
_fail = failed_note("")
_cells = int(ask("count", ""))
_fail = add_note(_fail, _cells < nr * nw ? "blank cell: not measured, failed or disturbed in every round" : "")

# Cells are placed by rank, not value: worker counts 1, 2, 4, 64 get columns
# of equal width.
ridx(k) = sum [_r=1:nr] (word(ROWS, 2 * _r - 1) eq k ? _r : 0)
widx(w) = sum [_c=1:nw] (word(W, _c) + 0 == w ? _c : 0)
is_cell(x) = strcol("status") eq "ok" && strcol("model") ne "thread" && \
             (_ri = ridx(strcol("kernel") . "|" . rowkey(0))) > 0
cx(x) = is_cell(0) ? widx(column("workers")) : NaN
cy(x) = _ri
_ri = 0

# Symmetric around 1 on the log scale, and never narrower than +-25 %, so a
# run where the models tie shows pale cells, not a saturated palette.
_rlo = (_mm eq "" ? 1 : word(_mm, 1) + 0); _rhi = (_mm eq "" ? 1 : word(_mm, 2) + 0)
_rlo = (_rlo <= 0 ? 1e-3 : _rlo)
rng = (_rhi > 1 / _rlo ? _rhi : 1 / _rlo) * 1.05
rng = (rng < 1.25 ? 1.25 : rng)
# Two decimals from 0.1 up, two significant digits below (0.0046 is not 0.00).
fmt_ratio(r) = r >= 10 ? sprintf("%.0f", r) : r >= 0.0995 ? sprintf("%.2f", r) : sprintf("%.2g", r)
# Dark cells get white numbers.
ink(r) = abs(log(r)) > 0.45 * log(rng) ? 0xFFFFFF : 0x000000

title_chars = 90
_h = 250 + (nr < 4 ? 4 : nr) * 48
# Long row names (a kernel, a model and a footprint) push the map to the
# right: the figure widens with them so the cells keep their width, and the
# title, which gnuplot centres over the map, is moved back to the middle of
# the figure by half the names' width so its ends stay on it.
_lmax = 0
do for [_r=1:nr] { _l = strlen(word(ROWS, 2 * _r)); _lmax = (_l > _lmax ? _l : _lmax) }
_w = 900 + (_lmax > 33 ? int((_lmax - 33) * 7.5) : 0)
eval open_output(_w, _h)
_lc = "abcdefghijklmnopqrstuvwxyz"; _uc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
cap(s) = (_ci = strstrt(_lc, s[1:1])) ? _uc[_ci:_ci] . s[2:] : s
# Pure process models are "processes"; a hybrid (ranks of threads) among
# them makes it "each model" and "faster than threads".
_isproc(m) = m eq "fork" || m eq "spawn" || m eq "mpi"
_allproc = (sum [_j=1:words(MODELS)] (_isproc(word(MODELS, _j)) ? 0 : 1)) == 0
_who = (words(MODELS) == 1 ? model_name(word(MODELS, 1)) : _allproc ? "processes" : "each model")
set title chart_title(sprintf("%s vs threads: throughput ratio per kernel and worker count", cap(_who))) \
    offset char -(_lmax - 2) / 2.0, 0
set xlabel "workers (threads or processes)"
set ylabel ""
unset key
unset grid
set tics scale 0
set xrange [0.5:nw + 0.5]
set yrange [nr + 0.5:0.5]
if (nw > 0) { _t = ""; do for [_c=1:nw] { _t = _t . (_c > 1 ? ", " : "") . sprintf('"%s" %d', word(W, _c), _c) }; eval "set xtics (" . _t . ")" }
if (nr > 0) { _t = ""; do for [_r=1:nr] { _t = _t . (_r > 1 ? ", " : "") . sprintf('"%s" %d', word(ROWS, 2 * _r), _r) }; eval "set ytics (" . _t . ")" }
set logscale cb
set cbrange [1 / rng:rng]
set palette defined (0 col_thread, 0.5 "#F4F4F4", 1 col_fork)
set palette maxcolors 0
# Readable ratios as colour-bar tics (style.gp's log_tics), whatever the
# range; few, as the bar is short.
_ltax = "cb"; _ltlo = 1 / rng; _lthi = rng; _ltmax = 6; eval log_tics
# The colour bar sits in the bottom margin at a fixed distance in pixels, however
# tall the map grows with its rows, so it never covers a cell.
_px(p) = p / (_h + 0.0)
eval sprintf("set colorbox horizontal user origin graph 0.25, screen %g size graph 0.5, screen %g", _px(62), _px(22))
# Said beside the colour bar, in the models' own colours.
eval sprintf("set label 6 \"← threads faster\" at graph 0.24, screen %g right tc rgb col_thread", _px(73))
eval sprintf("set label 7 \"%s / thread throughput (log scale)\" at graph 0.5, screen %g center", \
    _allproc ? "process throughput" : "throughput", _px(18))
eval sprintf("set label 8 \"%s →\" at graph 0.76, screen %g left tc rgb col_fork", \
    _allproc ? "processes faster" : "faster than threads", _px(73))
set bmargin 10
# Room on the right for "faster than threads →", longer than "processes faster →".
if (!_allproc) { set rmargin 8 }

if (nr == 0) {
    unset colorbox; unset label 6; unset label 7; unset label 8; set bmargin; set xrange [0:1]; set yrange [0:1]; unset xtics; unset ytics
    eval nothing_to_draw("nothing to compare: no process row has a successful thread row at its worker count")
} else {
    plot csv using (cx(0)):(cy(0)):(0.5):(0.5):(column("ratio_vs_thread")) \
             with boxxyerror fs solid 1.0 border lc rgb "white" fc palette, \
         csv using (cx(0)):(cy(0)):(strcol("ratio_vs_thread") eq "" ? "" : fmt_ratio(column("ratio_vs_thread"))):(ink(column("ratio_vs_thread"))) \
             with labels tc rgb variable font ",11"
}
