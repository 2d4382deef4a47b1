# Memory of every kernel against the number of workers, per model: what a
# configuration holds while it runs. Threads share one address space, while
# each process carries its own page tables and private copies, so this is
# where the models differ even when their speed does not.
#
# The figure is PSS (proportional set size: a page shared by k processes
# counts 1/k in each) where summary.csv has it, as it is the honest
# process-versus-thread comparison; peak RSS counts shared pages once per
# process and overstates what processes use. Files without PSS get peak RSS.
#
#   tvp plot RUN --chart footprint --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernels, out, placement, scaling, machine, cores,
# pus. See plots/README.md.

chart = "footprint"; per_kernel = 0
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

col = "pss_kib_median"
_pss = (ask("hascol", "") eq "1")
col = ""
if (_pss) { need = "pss_kib_median"; _pss = (int(ask("count", "")) > 0) }
mem = (_pss ? "pss_kib_median" : "peak_rss_kib_median")
mem_what = (_pss ? "PSS (proportional set size)" : "peak RSS (resident set size)")
need = mem
MODELS = ask("models", "")
VARS = ask("variants", "")
W = ask("workers", "")
_wall = (words(W) ? word(W, words(W)) + 0 : 0)
_ctx = ask("context", "")
_fail = failed_note("")

why = "no memory figure"
title_chars = int(mp_w / 9.5)
LEGEND = mark_entries(_wall) . fail_entry("")
_z = mp_fit(LEGEND)
eval open_output(mp_w, mp_h)
set multiplot title chart_title(sprintf("Memory held by each configuration: %s of the cell and all its workers", mem_what)) font ",12"
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
    set ylabel (mp_left(p) ? (_pss ? "PSS (MiB)" : "peak RSS (MiB)") : "")
    set yrange [0:*]; set ytics autofreq
    if (n == 0) {
        eval nothing_to_draw("no memory figure: no successful run")
    } else {
        _nf = int(ask("failed", kernel))
        eval 'plot for [i=1:n] csv ' . \
               'using (xpos(column("workers"), i, n)):(sel(kernel, s_key(S, i), mem) / 1024.0) ' . \
               'with linespoints ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) notitle' . failed_points(kernel, 0)
    }
}
if (words(MODELS) > 0) {
    eval mp_legend(LEGEND)
}
unset multiplot
