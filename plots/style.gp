# The look every chart shares. A model keeps one colour and one point shape in
# every chart, so a reader who learnt "blue circles are threads" on one chart
# can read the next without its legend. The colours are from the Okabe-Ito
# set, which stays distinguishable for the common kinds of colour blindness,
# and the shapes differ too, so a grey-scale print still tells models apart.
#
# Line styles 1 to 4 belong to the models (see model_style); scripts never
# redefine them. Styles 5 and 6 are Python's pools (bench/python/): open
# shapes, so circles still mean threads and squares processes. Styles 7 and 8
# are the MPI models: black diamonds for ranks (one process each), sky-blue
# pentagons for ranks of several threads, a lighter blue than threads' as
# they are threads too. Styles 10 and up are the reference lines.

col_thread = "#0072B2"
col_fork   = "#D55E00"
col_spawn  = "#009E73"
col_other  = "#7F7F7F"
col_pythread  = "#CC79A7"
col_pyprocess = "#E69F00"
col_mpi       = "#000000"
col_mpithread = "#56B4E9"
col_ref    = "#505050"

set style line 1 lc rgb col_thread lw 2 pt 7 ps 1.3    # thread: blue, circles
set style line 2 lc rgb col_fork   lw 2 pt 5 ps 1.2    # fork: vermilion, squares
set style line 3 lc rgb col_spawn  lw 2 pt 9 ps 1.5    # spawn: green, triangles
set style line 4 lc rgb col_other  lw 2 pt 3 ps 1.4    # a model this file does not know yet: grey stars
set style line 5 lc rgb col_pythread  lw 2 pt 6 ps 1.3 # py-thread: reddish purple, open circles
set style line 6 lc rgb col_pyprocess lw 2 pt 4 ps 1.2 # py-process: orange, open squares
set style line 7 lc rgb col_mpi       lw 2 pt 13 ps 1.5 # mpi: black, diamonds
set style line 8 lc rgb col_mpithread lw 2 pt 15 ps 1.5 # mpi+thread: sky blue, pentagons

# Reference lines: 10 ideal scaling and the 1.0 levels, 11 the physical core
# count, 13 the PU count, 12 the grid.
set style line 10 lc rgb col_ref lw 1.5 dt 2
set style line 11 lc rgb col_ref lw 1.2 dt 3
set style line 12 lc rgb "#DDDDDD" lw 1 dt 1
set style line 13 lc rgb col_ref lw 1.2 dt 4

# The ideal speedup (speedup = workers) as a plot element, ", " first, for a
# worker axis from xlo to xhi: it stops at the PU count (pus, 0 when not
# known), since past it the workers share PUs and no CPU-bound kernel can
# keep up with the line; a kernel that waits (io.sleep) may, and then the
# chart shows it above where the line ends. "" when no worker count of the
# axis is within the PUs. keyed: with its legend entry.
_ideal_to(x) = (pus > 0 && pus < xhi) ? pus : xhi
ideal_title(x) = (pus > 0 ? sprintf("ideal: speedup = workers, up to %d PU%s", pus, pus == 1 ? "" : "s") : \
    "ideal: speedup = workers")
ideal_line(keyed) = _ideal_to(0) <= xlo ? "" : \
    sprintf(", [_it=%.9g:%.9g] '+' using (_it):(_it) with lines ls 10 ", xlo, _ideal_to(0)) . \
    (keyed ? sprintf('title "%s"', ideal_title(0)) : "notitle")

model_style(m) = m eq "thread" ? 1 : m eq "fork" ? 2 : m eq "spawn" ? 3 : \
                 m eq "py-thread" ? 5 : m eq "py-process" ? 6 : \
                 m eq "mpi" ? 7 : m eq "mpi+thread" ? 8 : 4
model_colour(m) = m eq "thread" ? col_thread : m eq "fork" ? col_fork : m eq "spawn" ? col_spawn : \
                  m eq "py-thread" ? col_pythread : m eq "py-process" ? col_pyprocess : \
                  m eq "mpi" ? col_mpi : m eq "mpi+thread" ? col_mpithread : col_other
# The same colours as numbers, for "lc rgb variable".
model_rgb(m) = m eq "thread" ? 0x0072B2 : m eq "fork" ? 0xD55E00 : m eq "spawn" ? 0x009E73 : \
               m eq "py-thread" ? 0xCC79A7 : m eq "py-process" ? 0xE69F00 : \
               m eq "mpi" ? 0x000000 : m eq "mpi+thread" ? 0x56B4E9 : 0x7F7F7F

# Legends name what a model is, not its CLI spelling alone: a student reading
# "fork" may not know that it means processes.
model_name(m) = m eq "thread" ? "threads" : \
                m eq "fork" ? "processes (fork)" : \
                m eq "spawn" ? "processes (spawn)" : \
                m eq "py-thread" ? "Python threads" : \
                m eq "py-process" ? "Python processes" : \
                m eq "mpi" ? "MPI ranks (processes)" : \
                m eq "mpi+thread" ? "MPI ranks x threads" : m

# Variants of one model (another placement, size or footprint in the same
# chart) keep the model's colour and shape and differ by dash pattern. The
# patterns are long and thick so they cannot be taken for the thin grey
# reference lines, which use gnuplot's own dashes 2 to 4.
set dashtype 12 (14, 6)
set dashtype 13 (14, 5, 3, 5)
set dashtype 14 (6, 5)
set dashtype 15 (14, 5, 3, 5, 3, 5)
set dashtype 16 (3, 4)
variant_dash(v) = v <= 1 ? 1 : (v <= 6 ? 10 + v : 16)

font_size = 11

# Tics of a log axis at round values that a reader can place a point
# between, however narrow or wide its range: a log axis left to gnuplot
# labels only the powers of 10, so one spanning 0.4 to 2.5 would show "1"
# alone. The sparsest of these sets of steps per decade that puts five tics
# or more in the range is used, unless it puts more than _ltmax and the set
# before it two or more (the densest, for a range narrower than that; over
# ten decades, every second or third power of 10 alone). Set _ltlo and _lthi
# (the axis range) and _ltax ("y", "cb", ...), then eval log_tics. A short
# axis (a colour bar) lowers _ltmax; a script whose axis has a unit
# redefines lt_label(v), the text of the tic at v.
_ltmax = 12
lt_label(v) = sprintf("%g", v)
_lt_steps(i) = i == 1 ? "1" : i == 2 ? "1 2 5" : i == 3 ? "1 2 3 5" : i == 4 ? "1 1.5 2 3 4 5 6 8" : \
    i == 5 ? "1 1.2 1.5 2 2.5 3 4 5 6 7 8 9" : "1 1.1 1.2 1.3 1.4 1.5 1.6 1.8 2 2.2 2.5 3 3.5 4 4.5 5 6 7 8 9"
log_tics = '_ltok = 0; _ltd = int(ceil(log10(_lthi / _ltlo) / 10)); _lt = ""; _ltn = 0; ' . \
  'do for [_li = 1:6] { if (!_ltok) { _ltp = _lt; _ltpn = _ltn; _lt = ""; _ltn = 0; _lts = _lt_steps(_li); ' . \
  'do for [_ld = floor(log10(_ltlo)):ceil(log10(_lthi))] { do for [_lf in _lts] { _lv = (_lf + 0) * 10.0 ** _ld; ' . \
  'if (_lv >= _ltlo * 0.99999 && _lv <= _lthi * 1.00001 && (_li > 1 || _ld % _ltd == 0)) { ' . \
  '_lt = _lt . (_lt eq "" ? "" : ", ") . sprintf("\"%s\" %.9g", lt_label(_lv), _lv); _ltn = _ltn + 1 } } }; ' . \
  '_ltok = (_ltn >= 5) } }; if (_ltn > _ltmax && _ltpn >= 2) { _lt = _ltp }; ' . \
  'eval "set " . _ltax . "tics (" . _lt . ")"; eval "unset m" . _ltax . "tics"'
