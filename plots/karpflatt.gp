# The Karp-Flatt metric of every kernel: the serial fraction e that, put into
# Amdahl's law, would give the speedup measured at each worker count. If e
# stays flat as workers grow, a fixed serial part explains the lost speedup;
# if it climbs, the loss grows with the workers (contention, sharing, more
# workers than cores). Negative e means superlinear speedup. Undefined at
# one worker, so the panels start at two.
#
#   tvp plot RUN --chart karpflatt --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernels, out, placement, scaling, machine, cores,
# pus. See plots/README.md.

chart = "karpflatt"; per_kernel = 0
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

need = "karp_flatt"; wmin = "2"
MODELS = ask("models", "")
VARS = ask("variants", "")
W = ask("workers", "")
_wall = (words(W) ? word(W, words(W)) + 0 : 0)
_ctx = ask("context", "")
_fail = failed_note("")

why = "no speedup at 2+ workers"
title_chars = int(mp_w / 9.5)
LEGEND = ', NaN with lines ls 10 title "e = 0: no serial part (perfect scaling)"' . mark_entries(_wall)
_z = mp_fit(LEGEND)
eval open_output(mp_w, mp_h)
set multiplot title chart_title("Karp-Flatt serial fraction e = (1/speedup - 1/workers) / (1 - 1/workers), per kernel") font ",12"
set grid ls 12
unset key
if (np == 0) { eval mp_place(1); eval nothing_to_draw("no rows to draw") }
do for [p=1:np] {
    kernel = word(ks, p)
    eval mp_place(p)
    S = ask("series", kernel); n = s_count(S); W = ask("workers", kernel)
    eval x_axis
    eval core_lines
    eval panel_note
    set title kernel font ",12"
    set xlabel "workers"
    set ylabel (mp_left(p) ? "serial fraction e" : "")
    set yrange [*:*]; set ytics autofreq
    if (n == 0) {
        eval nothing_to_draw("no Karp-Flatt value:\\nneeds a speedup at 2+ workers")
    } else {
        plot for [i=1:n] csv \
               using (xpos(column("workers"), i, n)):(sel(kernel, s_key(S, i), "karp_flatt")) \
               with linespoints ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) notitle, \
             0 with lines ls 10 notitle
    }
}
if (words(MODELS) > 0) {
    eval mp_legend(LEGEND)
}
unset multiplot
