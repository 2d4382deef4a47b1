# Speedup of one kernel against the number of workers, one line per model:
# how much faster N workers finish than one worker of the same model. The
# ideal line shows perfect scaling up to the PU count, where it stops; the
# vertical marks show where the workers start to share physical cores and
# then PUs, where the curve is expected to bend.
#
#   tvp plot RUN --chart speedup --kernel cpu.primes --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernel, out, placement, scaling, machine, cores,
# pus. See plots/README.md.

chart = "speedup"; per_kernel = 1
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

need = "speedup"
eval kernel_setup
FAILED = failed_points(kernel, 0)
MISSING = missing_entries(kernel, HAVE, "not drawn: no successful 1-worker run to compare with")

eval open_output(900, 600)
eval x_axis
eval core_marks
IDEAL = ideal_line(1)
set title chart_title(sprintf("Speedup of %s over one worker of the same model", kernel))
set xlabel "workers (threads or processes)"
set ylabel "speedup (throughput / throughput at 1 worker)"
set yrange [0:*]
set grid ls 12
set key below Left reverse samplen 3 width 2

if (n == 0) {
    eval nothing_to_draw(sprintf("no speedup to draw for %s: no successful 1-worker baseline", kernel))
} else {
    plot for [i=1:n] csv \
           using (xpos(column("workers"), i, n)):(_y = sel(kernel, s_key(S, i), "speedup")): \
                 (bound0("speedup_ci95_low", _y)):(bound("speedup_ci95_high", _y)) \
           with yerrorlines ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) title s_title(S, i) \
         @IDEAL @MISSING @FAILED
}
