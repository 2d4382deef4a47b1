# Python's interpreter lock against C on CPU-bound work: the speedup of C
# threads and C processes from a tvp run beside the speedup of Python threads
# and Python processes from a run of bench/python/interplock.py. C threads and
# all processes scale with the cores; Python threads take turns holding the
# interpreter lock (GIL), so on CPU-bound work they stay near 1.
#
#   tvp plot C_RUN --python PY_RUN          (C_RUN/plots/interplock.png and .svg)
#   tvp plot C_RUN --python PY_RUN --commands | gnuplot
#
# Variables: csv (the tvp run, required), pycsv (the Python run, required),
# answers and pyanswers (what tvp computes from each file, required: see
# plots/README.md), kernel (of csv, default cpu.primes), pykernel (of pycsv,
# default py.cpu), out (default interplock.png), machine, cores, pus,
# cpu_model, host (of the meta.json
# beside csv), pyhost and python (its host and "CPython 3.11.2", of the
# meta.json beside pycsv). `tvp plot --python` and `tvp claims` pass them all. See
# bench/python/README.md.

chart = "interplock"; per_kernel = 1
if (!exists("kernel")) kernel = "cpu.primes"
if (!exists("pykernel")) pykernel = "py.cpu"
if (!exists("out")) out = "interplock.png"
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

if (!exists("pycsv") || !exists("pyanswers")) {
    print "interplock.gp: say which Python run to draw: gnuplot -e \"csv='C_RUN/summary.csv'; pycsv='PY_RUN/summary.csv'; answers=...; pyanswers=...\" plots/interplock.gp (tvp plot C_RUN --python PY_RUN does)"
    exit status 2
}

# The same questions, asked of the Python run: its rows are unbound
# (placement none), so the C rows' placement filter is not applied to them.
pyask(what) = (_sv_csv = csv, _sv_ks = ks, _sv_pl = placement, _sv_an = answers, \
    csv = pycsv, ks = pykernel, placement = "", answers = pyanswers, \
    _pa = ask(what, pykernel), csv = _sv_csv, ks = _sv_ks, placement = _sv_pl, answers = _sv_an, _pa)

need = "speedup"
ms = "thread fork"
S = ask("series", kernel); n = s_count(S)
HAVE = ask("models", kernel); _ctx = ask("context", kernel); _fail = failed_note(kernel)
ms = "py-thread py-process"
PS = pyask("series"); pn = s_count(PS)
PHAVE = pyask("models"); _pyctx = pyask("context")
ms = ""

# A Python row's series key, from the Python file's own columns (a tvp run
# from another version may have other ones).
_prk = 'strcol("model")'
do for [_d in pyask("dims")] { _prk = _prk . '."|".strcol("' . _d . '")' }
eval 'pyrowkey(x) = ' . _prk
py_sel(s, c) = strcol("status") eq "ok" && strcol("kernel") eq pykernel && pyrowkey(0) eq s ? column(c) : NaN

# The worker axis holds the counts of both runs: two ascending lists merged.
_wc = ask("workers", kernel); _wp = pyask("workers")
W = ""; _i = 1; _j = 1
while (_i <= words(_wc) || _j <= words(_wp)) {
    _x = (_i <= words(_wc) ? word(_wc, _i) + 0 : 1e300); _y = (_j <= words(_wp) ? word(_wp, _j) + 0 : 1e300)
    _v = (_x < _y ? _x : _y)
    W = W . sprintf("%.15g ", _v)
    if (_x == _v) { _i = _i + 1 }
    if (_y == _v) { _j = _j + 1 }
}

# What the Python run says of itself, from the meta.json beside pycsv.
if (!exists("pyhost")) pyhost = ""
if (!exists("python")) python = "Python"
_chost = host

# The title states the contrast only when the runs show it: C threads gain at
# least 1.5x somewhere past one worker and Python threads nowhere reach 1.3x.
col = "speedup"; wmin = "2"
ms = "thread"; _ct = ask("minmax", kernel)
ms = "py-thread"; _pt = pyask("minmax")
ms = ""; wmin = ""; col = ""
contrast = (_ct ne "" && word(_ct, 2) + 0 >= 1.5 && _pt ne "" && word(_pt, 2) + 0 < 1.3)
headline = contrast ? "CPU-bound work: C threads scale, Python threads do not" : \
    "CPU-bound work in C and in Python: speedup over one worker"

# One line per run under the machine line: what each ran, and how.
_none(k, f) = "no speedup of " . k . " in " . f
run_lines = "C (tvp): " . (n == 0 ? _none(kernel, csv) : kernel . (_ctx eq "" ? "" : ", " . _ctx)) . \
    (_fail eq "" ? "" : " · " . _fail) . \
    "\n" . python . ": " . (pn == 0 ? _none(pykernel, pycsv) : pykernel . (_pyctx eq "" ? "" : ", " . _pyctx)) . \
    (pyhost ne "" && _chost ne "" && pyhost ne _chost ? " · run on host " . pyhost : "")

# Models of the chart that ran but have no speedup to draw (the other models of
# the C run, spawn say, are simply not part of this chart).
ms = "thread fork"
MISSING = missing_entries(kernel, HAVE, "not drawn: no successful 1-worker run to compare with")
ms = "py-thread py-process"; _sv_csv = csv; csv = pycsv; ks = pykernel; _sv_pl = placement; placement = ""
_sv_an = answers; answers = pyanswers
MISSING = MISSING . missing_entries(pykernel, PHAVE, "not drawn: no successful 1-worker run to compare with")
csv = _sv_csv; ks = kernel; placement = _sv_pl; ms = ""; answers = _sv_an
FAILED = failed_points(kernel, 0)

eval open_output(900, 640)
eval x_axis
eval core_marks
set title headline . "\n" . machine_line . "\n" . run_lines
# Room for the four title lines and, above the plot, the core mark's label.
set tmargin 6.5
set xlabel "workers (threads or processes)"
set ylabel "speedup (throughput / throughput at 1 worker)"
set yrange [0:*]
set grid ls 12
set key below Left reverse samplen 3 width 2 maxrows 3
if (contrast) {
    set label 20 "Python threads share one interpreter lock (GIL):\nonly one of them runs Python code at a time." \
        at graph 0.02, graph 0.95 left front font ",10" tc rgb col_pythread
}

c_title(i) = "C " . s_title(S, i)
p_title(i) = s_title(PS, i)
# Each run's lines only when it has some: gnuplot reads the style of an empty
# "for" once all the same, and an empty series list has no style to read.
C_LINES = n == 0 ? "" : 'for [i=1:n] csv ' . \
    'using (xpos(column("workers"), i, N)):(_y = sel(kernel, s_key(S, i), "speedup")):' . \
    '(bound0("speedup_ci95_low", _y)):(bound("speedup_ci95_high", _y)) ' . \
    'with yerrorlines ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) title c_title(i), '
PY_LINES = pn == 0 ? "" : 'for [i=1:pn] pycsv ' . \
    'using (xpos(column("workers"), n + i, N)):(_y = py_sel(s_key(PS, i), "speedup")):' . \
    '(bound0("speedup_ci95_low", _y)):(bound("speedup_ci95_high", _y)) ' . \
    'with yerrorlines ls model_style(s_model(PS, i)) dt variant_dash(s_var(PS, i)) title p_title(i), '
N = n + pn
# The ideal line stops at the PU count (style.gp); in the plot, NaN holds the
# place of a first element for it.
IDEAL = ideal_line(1)
if (N == 0) {
    eval nothing_to_draw(sprintf("no speedup to draw: no successful 1-worker baseline of %s or %s", kernel, pykernel))
} else {
    plot @C_LINES @PY_LINES NaN notitle @IDEAL @MISSING @FAILED
}
