# Speedup of every kernel of a run on one page: small multiples, one panel per
# kernel, both models in each, the ideal line in each. Panels share the look
# and the legend, so the eye compares shapes across kernels: which scale, which
# flatten at the core count, where processes and threads part.
#
#   tvp plot RUN --chart overview --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernels, out, placement, scaling, machine, cores,
# pus. See plots/README.md.

chart = "overview"; per_kernel = 0
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

need = "speedup"
MODELS = ask("models", "")
VARS = ask("variants", "")
W = ask("workers", "")
_wall = (words(W) ? word(W, words(W)) + 0 : 0)
_ctx = ask("context", "")
_fail = failed_note("")

why = "no successful 1-worker run"
title_chars = int(mp_w / 9.5)
LEGEND = sprintf(', NaN with lines ls 10 title "%s"', ideal_title(0)) . mark_entries(_wall) . fail_entry("")
_z = mp_fit(LEGEND)
eval open_output(mp_w, mp_h)
set multiplot title chart_title("Speedup of every kernel over one worker of the same model") font ",12"
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
    set ylabel (mp_left(p) ? "speedup (vs 1 worker)" : "")
    set yrange [0:*]; set ytics autofreq
    if (n == 0) {
        eval nothing_to_draw("no speedup: no successful 1-worker run")
    } else {
        # Built as a string: a macro inside a loop would be expanded once, for
        # the first panel.
        _nf = int(ask("failed", kernel))
        eval 'plot for [i=1:n] csv ' . \
               'using (xpos(column("workers"), i, n)):(_y = sel(kernel, s_key(S, i), "speedup")): ' . \
                     '(bound0("speedup_ci95_low", _y)):(bound("speedup_ci95_high", _y)) ' . \
               'with yerrorlines ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) notitle' . \
             ideal_line(0) . failed_points(kernel, 0)
    }
}
if (words(MODELS) > 0) {
    eval mp_legend(LEGEND)
}
unset multiplot
