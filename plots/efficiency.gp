# Parallel efficiency of one kernel against the number of workers: speedup
# divided by workers, the share of each added worker that turns into extra
# throughput. 1.0 is perfect scaling; the fall below it shows what the
# workers lose to sharing cores, memory bandwidth, locks or the scheduler.
#
#   tvp plot RUN --chart efficiency --kernel cpu.primes --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernel, out, placement, scaling, machine, cores,
# pus. See plots/README.md.

chart = "efficiency"; per_kernel = 1
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

need = "efficiency"
eval kernel_setup
FAILED = failed_points(kernel, 0)
MISSING = missing_entries(kernel, HAVE, "not drawn: no successful 1-worker run to compare with")

eval open_output(900, 600)
eval x_axis
eval core_marks
set title chart_title(sprintf("Parallel efficiency of %s", kernel))
set xlabel "workers (threads or processes)"
set ylabel "efficiency (speedup / workers)"
set yrange [0:*]
set grid ls 12
set key below Left reverse samplen 3 width 2

# The summary has no interval for efficiency; the speedup's, divided by the
# worker count like the speedup itself, is the same interval on this scale.
if (n == 0) {
    eval nothing_to_draw(sprintf("no efficiency to draw for %s: no successful 1-worker baseline", kernel))
} else {
    plot for [i=1:n] csv \
           using (xpos(column("workers"), i, n)):(_y = sel(kernel, s_key(S, i), "efficiency")): \
                 (bound0("speedup_ci95_low", _y * column("workers")) / column("workers")): \
                 (bound("speedup_ci95_high", _y * column("workers")) / column("workers")) \
           with yerrorlines ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) title s_title(S, i), \
         1 with lines ls 10 title "perfect scaling (1.0)" @MISSING @FAILED
}
