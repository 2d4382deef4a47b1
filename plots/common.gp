# What the chart scripts share besides their look (style.gp): the variables
# and their defaults, the terminal, the machine's description, and the
# questions that find which series a chart has before gnuplot plots them.
#
# A chart script sets `chart` (its name) and `per_kernel` (1 or 0), then loads
# style.gp and this file.

set encoding utf8
set micro
set datafile separator comma
# Filtered-out rows become NaN; as "missing" they are skipped without breaking
# the line between the rows kept on either side of them.
set datafile missing NaN
# summary.csv always has its header row; columns are looked up by name.
set datafile columnheaders

if (!exists("csv")) {
    print sprintf("%s.gp: say which summary.csv to draw: gnuplot -e \"csv='RUN/summary.csv'\" plots/%s.gp", chart, chart)
    exit status 2
}
if (!exists("answers")) {
    print sprintf("%s.gp: tvp reads summary.csv for what the chart asks of it (answers): draw it with tvp plot, or run what 'tvp plot RUN --commands' prints", chart)
    exit status 2
}

# --- the rows: what tvp answers ------------------------------------------------
#
# Which kernels, models, worker counts and series a selection of rows holds:
# questions gnuplot cannot ask a CSV. Asking first means no series is plotted
# empty, which gnuplot would warn about. tvp answers them before the script
# runs (src/report/chart_ask.c) and passes every answer the script will look
# for in `answers`; ask(what, only) looks one up. No shell is started and no
# path reaches one. A question tvp was not told the script asks (its row in
# src/report/chart_answers.c) stops the script with "undefined function:
# tvp_has_no_answer_to".
#
# A series is one model at one setting of the dimensions that can vary inside
# one kernel's rows (placement, scaling, size, footprint, chunk, duration). When a
# dimension does take several values, each value is its own series (a
# "variant", drawn dashed) rather than one line zigzagging between them.
#
# The questions (what), about the kernel only or, when only is "", every
# kernel of ks: kernels (of the file), dims (the columns of a series key),
# hascol (1 if the file has column col), series (key, model, variant and its
# label, four words each), rows and bars (ratiomap's rows, latency's bars),
# models, workers, values (of col), variants (their labels), unit, failed and
# failedbars (failed configurations, those with a bar beside them), count,
# minmax (of col) and context (the settings the rows share).

# The filters of the current question; a script sets those it needs before
# asking. ks: the kernels considered, space-separated; ms: models; need:
# columns that must be non-empty; wmin/wmax: worker bounds; pre: kernel name
# prefix; col: the column of "minmax", "values" and "hascol"; xm: a model left out.
ks = ""; ms = ""; xm = ""; need = ""; wmin = ""; wmax = ""; pre = ""; col = ""
# xdim: a column a chart puts on its x axis in place of the worker count (set
# before loading this file). It then splits no series and the worker count
# does, and failed rows without a value in it are not counted.
if (!exists("xdim")) xdim = ""
# answers holds, for each question, the byte 036, its key, the byte 037 and
# its answer, and a last 036 (src/report/chart_answers.h).
_akey(what, only) = what eq "kernels" ? what : what eq "dims" ? what . "|" . xdim : \
    what eq "hascol" ? what . "|" . col : \
    what . "|" . only . "|" . ks . "|" . ms . "|" . xm . "|" . need . "|" . wmin . "|" . wmax . "|" . pre . "|" . \
    (what eq "minmax" || what eq "values" ? col : "") . "|" . placement . "|" . scaling . "|" . xdim
ask(what, only) = (_ak = "\036" . _akey(what, only) . "\037", _ai = strstrt(answers, _ak), \
    _ai == 0 ? tvp_has_no_answer_to(what) : \
    (_at = answers[_ai + strlen(_ak):strlen(answers)], _at[1:strstrt(_at, "\036") - 1]))

# --- variables and their defaults ----------------------------------------------

if (!exists("placement")) placement = ""
if (!exists("scaling")) scaling = ""

# The machine, as the meta.json beside csv describes it (tvp passes its
# cpu_model, host, cores and pus).
if (!exists("cores")) cores = 0
if (!exists("pus")) pus = 0
if (!exists("cpu_model")) cpu_model = ""
if (!exists("host")) host = ""
if (!exists("machine")) {
    machine = (cpu_model eq "" || cpu_model eq "unknown") ? "" : cpu_model
    if (host ne "") { machine = machine eq "" ? "host " . host : machine . " (host " . host . ")" }
    if (machine eq "") { machine = "unknown machine" }
}
# The machine line under every title: what ran it, and its core and PU counts
# (the numbers a reader needs to judge any speedup).
_counts = (cores > 0 ? sprintf("%d core%s", cores, cores == 1 ? "" : "s") : "")
_counts = _counts . (pus > 0 ? (_counts eq "" ? "" : ", ") . sprintf("%d PU%s", pus, pus == 1 ? "" : "s") : "")
machine_line = machine . (_counts eq "" ? "" : ": " . _counts)

if (per_kernel) {
    if (!exists("kernel")) { kernel = word(ask("kernels", ""), 1) }
    if (kernel eq "") {
        print sprintf("%s.gp: %s holds no rows: say which kernel to draw with kernel='NAME'", chart, csv)
        exit status 2
    }
    ks = kernel
    if (!exists("out")) { out = chart . "-" . kernel . ".png" }
} else {
    if (!exists("kernels")) { kernels = ask("kernels", "") }
    ks = kernels
    if (!exists("out")) { out = chart . ".png" }
}

# Dimensions the file has, and each row's series key built from them in the
# same order as the awk side builds it.
_dims = ask("dims", "")
_rk = 'strcol("model")'
do for [_d in _dims] { _rk = _rk . '."|".strcol("' . _d . '")' }
eval 'rowkey(x) = ' . _rk

# Value of column c when the row is ok, of kernel k and of series s; NaN hides
# every other row from the plot.
is_row(k, s) = strcol("status") eq "ok" && strcol("kernel") eq k && rowkey(0) eq s
sel(k, s, c) = is_row(k, s) ? column(c) : NaN
# A confidence bound, or the value itself where the interval is empty (fewer
# than 5 repetitions or pairs), so the point is still drawn, only without a bar.
bound(c, y) = (_b = strcol(c), _b eq "" ? y : real(_b))
# A lower bound clipped at 0 for axes that start there: the median's interval
# stays positive, but runs written by an older tvp (a mean's t interval) can
# reach below 0, and gnuplot leaves a point whose bar leaves a fixed range out
# of the autoscaling, cutting the top of its bar instead.
bound0(c, y) = (_b0 = bound(c, y), _b0 < 0 ? 0 : _b0)

# Series list from ask("series", k): four words per series.
s_key(S, i) = word(S, 4*i - 3)
s_model(S, i) = word(S, 4*i - 2)
s_var(S, i) = int(word(S, 4*i - 1))
s_vlab(S, i) = word(S, 4*i)
s_count(S) = words(S) / 4
s_title(S, i) = model_name(s_model(S, i)) . (s_vlab(S, i) eq "" ? "" : ", " . s_vlab(S, i))

# --- output ----------------------------------------------------------------------

_ext = strlen(out) >= 4 ? out[strlen(out)-3:] : ""
if (_ext ne ".png" && _ext ne ".svg" && _ext ne ".PNG" && _ext ne ".SVG") {
    print sprintf("%s.gp: out must end in .png or .svg (got '%s')", chart, out)
    exit status 2
}
is_svg = (_ext eq ".svg" || _ext eq ".SVG")
term_cmd(w, h) = is_svg ? \
    sprintf("set terminal svg size %d,%d dynamic font 'sans,%d' background rgb 'white'", w, h, font_size) : \
    sprintf("set terminal pngcairo size %d,%d font 'sans,%d' background rgb 'white'", w, h, font_size)
# Kernel names and hosts hold dots and underscores; enhanced text would turn
# an underscore into a subscript.
open_output(w, h) = term_cmd(w, h) . "; set termoption noenhanced; set output out"

# --- the worker axis ---------------------------------------------------------------
#
# Needs W, the worker counts ascending. Counts that double over a wide span
# (1, 2, 4 ... 64) get a log2 axis, or the small counts crowd into one corner.
# The range is padded so the outermost error bars are not cut in half. Tics
# sit at the counts that ran, not at fractions of a worker.
x_axis = '_n = words(W); _lo = (_n ? word(W, 1) + 0 : 1); _hi = (_n ? word(W, _n) + 0 : 1); ' . \
  'xlog = (_hi >= 16 * _lo && _n <= 2 * log(_hi / _lo) / log(2) + 2); ' . \
  'if (xlog) { set logscale x 2; xlo = _lo / 1.3; xhi = _hi * 1.3 } ' . \
  'else { unset logscale x; _p = (_hi > _lo ? 0.06 * (_hi - _lo) : 0.5); _p = (_p < 0.35 ? 0.35 : _p); xlo = _lo - _p; xhi = _hi + _p }; ' . \
  'set xrange [xlo:xhi]; set mxtics default; ' . \
  'if (_n > 0 && _n <= 16) { _t = ""; do for [_w in W] { _t = _t . (_t eq "" ? "" : ", ") . _w }; eval "set xtics (" . _t . ")" } ' . \
  'else { set xtics autofreq }'
# Series i of n is nudged sideways so error bars at one worker count do not
# hide each other; the nudge is a small fraction of the axis, smaller per
# series past five so that many series (four models at four message sizes)
# stay inside the axis's padding.
_nudge(n) = n <= 5 ? 1.0 : 5.0 / n
xpos(w, i, n) = xlog ? w * 2 ** ((i - (n + 1) / 2.0) * 0.035 * _nudge(n)) : w + (i - (n + 1) / 2.0) * 0.018 * _nudge(n) * (xhi - xlo)

# Vertical marks where the workers outnumber the physical cores, then the PUs,
# labelled above the plot area where no data can be. Only inside the range.
_in_x(v) = v > 0 && v >= xlo && v <= xhi
core_marks = 'unset arrow 1; unset arrow 2; unset label 1; unset label 2; ' . \
  'if (_in_x(cores)) { set arrow 1 from first cores, graph 0 to first cores, graph 1 nohead ls 11 back }; ' . \
  'if (_in_x(pus) && pus != cores) { set arrow 2 from first pus, graph 0 to first pus, graph 1 nohead ls 13 back }; ' . \
  'if (_in_x(cores) && pus == cores) { set label 1 sprintf("%d cores = %d PUs", cores, pus) at first cores, graph 1 offset 0, char 0.6 center tc rgb col_ref }; ' . \
  'if (_in_x(cores) && pus != cores) { set label 1 sprintf("%d physical cores", cores) at first cores, graph 1 offset 0, char 0.6 right tc rgb col_ref }; ' . \
  'if (_in_x(pus) && pus != cores) { set label 2 sprintf("%d PUs", pus) at first pus, graph 1 offset 0, char 0.6 left tc rgb col_ref }'

# Title of a chart: what, of which kernel; then the machine, the setting the
# rows share, and how many failed configurations are missing from it. The
# second line splits in two when it would run past title_chars characters.
_ctx = ""
_fail = ""
title_chars = 105
_nf = 0
failed_note(k) = (_nf = int(ask("failed", k) + 0), _nf == 0 ? "" : \
    sprintf("%d failed configuration%s", _nf, _nf == 1 ? "" : "s"))
add_note(s, t) = t eq "" ? s : (s eq "" ? t : s . " · " . t)
chart_title(what) = (_l3 = add_note(_ctx, _fail), \
    what . "\n" . (strlen(machine_line) + strlen(_l3) + 3 > title_chars ? machine_line . "\n" . _l3 : add_note(machine_line, _l3)))

# Models that have successful rows of kernel k but nothing this chart can draw
# (a failed 1-worker baseline leaves a model without any speedup). The chart
# says so, or the model would vanish without a word.
_without(list, m) = (sum [_j2=1:words(list)] (word(list, _j2) eq m ? 1 : 0)) == 0
models_any(k) = (_sv = need, need = "", _ma = ask("models", k), need = _sv, _ma)
missing_models(k, have) = (_mm2 = "", _all = models_any(k), \
    sum [_j=1:words(_all)] (_m = word(_all, _j), (_m ne xm && _without(have, _m)) ? (_mm2 = _mm2 . _m . " ", 1) : 0), _mm2)
# ... as legend entries of a one-kernel chart,
missing_entries(k, have, why) = (_me = "", _mis = missing_models(k, have), \
    sum [_j=1:words(_mis)] (_m = word(_mis, _j), \
        _me = _me . sprintf(', NaN with points ls %d title "%s: %s"', model_style(_m), model_name(_m), why), 1), _me)
# ... or as a line under a panel's title.
missing_note(k, have, why) = (_mn = "", _mis = missing_models(k, have), \
    sum [_j=1:words(_mis)] (_mn = _mn . (_mn eq "" ? "" : ", ") . model_name(word(_mis, _j)), 1), \
    _mn eq "" ? "" : _mn . " not drawn: " . why)
# A panel with nothing drawn at all says why in its middle instead (see
# nothing_to_draw), so the note is left out there.
panel_note = 'unset label 5; _ph = ask("models", kernel); _pn = (words(_ph) == 0 ? "" : missing_note(kernel, _ph, why)); ' . \
  'if (_pn ne "") { set label 5 _pn at graph 0.5, graph 1 offset 0, char 0.7 center font ",9" tc rgb col_ref }'

# Failed configurations of the chart's kernel, drawn as crosses in the model's
# colour on the bottom of the plot: a line that runs past a worker count
# without a point there would otherwise look measured. Only when there are
# some, as an empty series is a warning. The legend's cross is black: it
# stands for the crosses of every model.
is_failed(k) = strcol("kernel") eq k && strcol("status") ne "ok" && \
    (placement eq "" || strcol("placement") eq placement) && (scaling eq "" || strcol("scaling") eq scaling)
failed_points(k, ybase) = _nf == 0 ? "" : \
    sprintf(', csv using (is_failed(%s) ? column("workers") : NaN):(%.9g):(model_rgb(strcol("model"))) ', '"' . k . '"', ybase) . \
    'with points pt 2 ps 1.8 lw 2 lc rgb variable notitle' . \
    (per_kernel ? ', NaN with points pt 2 ps 1.8 lw 2 lc rgb "black" title "failed configuration (no measurement)"' : '')

# ... and its entry in the legend of a figure of panels, which draws the
# crosses of every panel with one entry.
fail_entry(k) = int(ask("failed", k)) == 0 ? "" : \
    ', NaN with points pt 2 ps 1.8 lw 2 lc rgb "black" title "failed configuration (no measurement)"'

# The usual start of a one-kernel chart: its series, worker counts, context.
kernel_setup = 'S = ask("series", kernel); n = s_count(S); W = ask("workers", kernel); ' . \
  'HAVE = ask("models", kernel); _ctx = ask("context", kernel); _fail = failed_note(kernel)'
_fail = ""

# The worker counts of every successful row of kernel k, whatever the chart
# needs: the axis of an empty chart still shows what ran.
all_workers(k) = (_sn = need, _sx = xm, _sw = wmin, need = "", xm = "", wmin = "", _aw = ask("workers", k), \
    need = _sn, xm = _sx, wmin = _sw, _aw)

# An empty chart that says why, instead of a gnuplot warning about no data.
_filters = (placement ne "" ? "placement " . placement : "") . \
    (placement ne "" && scaling ne "" ? ", " : "") . (scaling ne "" ? scaling . " scaling" : "")
_no_rows(k) = sprintf("no successful rows%s%s", k eq "" ? "" : " of " . k, _filters eq "" ? "" : " with " . _filters)
nothing_to_draw(msg) = sprintf("_k = (exists(\"kernel\") ? kernel : \"\"); W = all_workers(_k); eval x_axis; " . \
    "if (words(W) == 0) { unset xtics }; unset key; " . \
    "set label 99 (words(W) == 0 ? _no_rows(_k) : %s) at graph 0.5, graph 0.5 center; " . \
    "set yrange [0:1]; unset ytics; plot NaN notitle; unset label 99", '"' . msg . '"')

# Marks without their labels, for small panels where a label above each panel
# would collide with its title: the figure's legend names them instead.
core_lines = 'unset arrow 1; unset arrow 2; unset label 1; unset label 2; ' . \
  'if (_in_x(cores)) { set arrow 1 from first cores, graph 0 to first cores, graph 1 nohead ls 11 back }; ' . \
  'if (_in_x(pus) && pus != cores) { set arrow 2 from first pus, graph 0 to first pus, graph 1 nohead ls 13 back }'

# --- small multiples ---------------------------------------------------------------
#
# One panel per kernel of ks, up to three columns (four panels make 2 x 2), in
# a figure tall enough for every row; a band at the top for the title and one
# at the bottom for the single legend of the figure. Panels get fixed margins
# so their plot areas line up.
np = words(ks)
mp_cols = np <= 3 ? (np < 1 ? 1 : np) : (np == 4 ? 2 : 3)
mp_rows = np < 1 ? 1 : int((np + mp_cols - 1) / mp_cols)
mp_w = mp_cols * 440 < 900 ? 900 : mp_cols * 440
mp_ph = 350; mp_top = 95; mp_bot = 80
mp_h = mp_top + mp_rows * mp_ph + mp_bot
mp_place(i) = sprintf("set origin %g,%g; set size %g,%g; set lmargin 10; set rmargin 3; set tmargin 3.2; set bmargin 3.5", \
    ((i - 1) % mp_cols) * 1.0 / mp_cols, (mp_bot + (mp_rows - 1 - (i - 1) / mp_cols) * mp_ph) * 1.0 / mp_h, \
    1.0 / mp_cols, mp_ph * 1.0 / mp_h)
mp_left(i) = (i - 1) % mp_cols == 0

# The legend band grows with the entries, about mp_kcols to a row (what
# gnuplot fits across the figure with these legend texts); call mp_fit
# with the legend's extra entries (a string of ", NaN ..." plot elements)
# before opening the output.
mp_kcols = (mp_w >= 1300 ? 3 : 2)
_nans(s) = (_ni = strstrt(s, "NaN")) ? 1 + _nans(s[_ni + 3:]) : 0
mp_fit(extra) = (_ne = words(MODELS) + (words(VARS) > 1 ? words(VARS) : 0) + _nans(extra), \
    mp_bot = 36 + 22 * int((_ne + mp_kcols - 1) / mp_kcols), mp_h = mp_top + mp_rows * mp_ph + mp_bot, 0)

# Legend entries for the core and PU marks, when some panel can show them.
mark_entries(wmax_all) = \
    (cores > 0 && cores <= wmax_all && pus == cores) ? sprintf(', NaN with lines ls 11 title "%d cores = %d PUs"', cores, pus) : \
    ((cores > 0 && cores <= wmax_all) ? sprintf(', NaN with lines ls 11 title "%d physical cores"', cores) : "") . \
    ((pus > 0 && pus <= wmax_all && pus != cores) ? sprintf(', NaN with lines ls 13 title "%d PUs"', pus) : "")

# The figure's one legend: an empty plot over the whole figure whose key sits
# in the bottom band. MODELS: the models drawn; VARS: the variant labels (shown
# when there are several: the dash tells them apart); extra: more entries.
mp_legend(extra) = "unset title; unset xlabel; unset ylabel; unset label; unset arrow; unset object; " . \
    "unset border; unset tics; unset grid; unset logscale; unset colorbox; set origin 0,0; set size 1,1; " . \
    "set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0; " . \
    sprintf("set key at screen 0.5, screen %g center center horizontal Left reverse samplen 3 width 2 maxcols %d; ", mp_bot * 0.5 / mp_h, mp_kcols) . \
    "plot [0:1][0:1] for [_m in MODELS] NaN with linespoints ls model_style(_m) title model_name(_m), " . \
    "for [_v=1:(words(VARS) > 1 ? words(VARS) : 0)] NaN with lines lc rgb 'black' lw 2 dt variant_dash(_v) title word(VARS, _v)" . extra
