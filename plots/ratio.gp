# Processes against threads on one kernel: the throughput of each process
# model (fork, spawn, mpi; mpi+thread too, ranks of threads) divided by the
# throughput of threads at the same worker count (the ratio_vs_thread
# column). One number per point answers "which model is faster here, and by
# how much": above 1.0 the other model does more work per second, below it
# threads do.
#
#   tvp plot RUN --chart ratio --kernel cpu.primes --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernel, out, placement, scaling, machine, cores,
# pus. See plots/README.md.

chart = "ratio"; per_kernel = 1
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

# Thread rows hold 1 by definition: they are the line the others are read
# against, drawn as the 1.0 level, not as a series.
need = "ratio_vs_thread"; xm = "thread"
eval kernel_setup
MISSING = missing_entries(kernel, HAVE, "not drawn: no successful thread run at the same worker counts")
_procs = models_any(kernel)
# Pure process models are named as processes; a hybrid (ranks of threads)
# among them makes the wording "faster than threads" instead.
_isproc(m) = m eq "fork" || m eq "spawn" || m eq "mpi"
_allproc = (sum [_j=1:words(_procs)] (_isproc(word(_procs, _j)) ? 0 : 1)) == 0
_who = _allproc ? "Processes" : "Each model"

# The margin on the right (see below) narrows the plot, and gnuplot fits as
# many legend columns as the plot is wide: a chart of many series widens by
# that margin, or its legend runs down in one column and squeezes the plot.
eval open_output(n > 5 ? 1060 : 900, 600)
eval x_axis
eval core_marks
set title chart_title(sprintf("%s vs threads on %s: throughput ratio", _who, kernel))
set xlabel "workers (threads or processes)"
set grid ls 12
# 1.0 in the middle of the axis, so the eye does not read a 3 % difference
# as a large one and the sides of the line get equal room; ratios beyond 2
# or below 1/2 get a log axis, on which 2x faster and 2x slower lie equally
# far from 1.0, with tics at round ratios (0.5, 1, 2; 0.6, 0.8, 1.5 ... when
# the range is narrow) rather than at 1 alone.
col = "ratio_vs_thread"; _mm = ask("minmax", kernel); col = ""
_ybase = 0.9
_ylab = _allproc ? "process throughput / thread throughput" : "throughput / thread throughput"
set ylabel _ylab
if (_mm ne "") {
    _rlo = word(_mm, 1) + 0; _rhi = word(_mm, 2) + 0
    if (_rhi > 2 || (_rlo > 0 && _rlo < 0.5)) {
        _r = (_rhi > 1 / _rlo ? _rhi : 1 / _rlo) * 1.25
        set logscale y; set yrange [1 / _r:_r]; _ybase = 1 / _r
        _ltax = "y"; _ltlo = 1 / _r; _lthi = _r; eval log_tics
        set ylabel _ylab . " (log scale)"
    } else {
        _d = (_rhi - 1 > 1 - _rlo ? _rhi - 1 : 1 - _rlo) * 1.2
        _d = (_d < 0.1 ? 0.1 : _d)
        set yrange [1 - _d:1 + _d]; _ybase = 1 - _d
    }
}
FAILED = failed_points(kernel, _ybase)
set key below Left reverse samplen 3 width 2
# What the sides of 1.0 mean, in the right margin beside the line, where no
# data point can sit.
set rmargin 22
if (_allproc) {
    set label 3 "↑ processes faster" at graph 1, first 1 offset char 1, char 0.8 left tc rgb col_fork
} else {
    set label 3 "↑ faster than threads" at graph 1, first 1 offset char 1, char 0.8 left tc rgb "black"
}
set label 4 "↓ threads faster" at graph 1, first 1 offset char 1, char -0.8 left tc rgb col_thread

if (n == 0) {
    unset label 3; unset label 4; set rmargin
    eval nothing_to_draw(words(_procs) == 0 ? \
        sprintf("%s ran under threads only: no process rows to compare", kernel) : \
        sprintf("nothing to compare for %s: no process row has a successful thread row beside it", kernel))
} else {
    plot for [i=1:n] csv \
           using (xpos(column("workers"), i, n)):(sel(kernel, s_key(S, i), "ratio_vs_thread")) \
           with linespoints ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) title s_title(S, i), \
         1 with lines ls 10 title (_allproc ? "1.0: processes and threads equally fast" : "1.0: as fast as threads") @MISSING @FAILED
}
