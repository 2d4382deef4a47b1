# Throughput of one kernel against the number of workers, one line per model,
# in the kernel's own unit of work: the raw figure behind speedup, efficiency
# and the process/thread ratio, and the only one of them that compares the
# models at one worker.
#
#   tvp plot RUN --chart throughput --kernel cpu.primes --commands | gnuplot
#
# Variables: csv and answers (required: what tvp computes; tvp plot --commands
# prints the commands that set them), kernel, out, placement, scaling, machine, cores,
# pus. See plots/README.md.

chart = "throughput"; per_kernel = 1
_here(s) = (_hi = strstrt(s, "/")) ? s[1:_hi] . _here(s[_hi+1:]) : ""
load _here(ARG0) . "style.gp"
load _here(ARG0) . "common.gp"

need = "throughput_median"
eval kernel_setup
FAILED = ""
unit = ask("unit", kernel)
col = "throughput_median"; _mm = ask("minmax", kernel); col = ""

# Throughputs run from a few per second to billions of bytes per second; the
# axis is scaled by a power of 1000 so its tics stay short, and the label says
# which one (decimal prefixes for bytes, words for counted units).
_top = (_mm eq "" ? 1 : word(_mm, 2) + 0)
_e = (_top >= 1000 ? int(floor(log10(_top) / 3)) : 0)
_e = (_e > 4 ? 4 : _e)
tscale = 1000.0 ** _e
_pre = word("k M G T", _e)
_words = word("thousand million billion trillion", _e)
_isbytes = (strlen(unit) >= 2 && unit[1:2] eq "B/")
unit_label = (unit eq "" ? "units/s" : unit)
if (_e > 0) { unit_label = _isbytes ? _pre . unit : _words . " " . unit_label }

# Models that differ by orders of magnitude (fork against threads creating
# children, say) get a log axis, or the slow one lies flat on zero.
_bot = (_mm eq "" ? 1 : word(_mm, 1) + 0)
tlog = (_bot > 0 && _top / _bot > 50)
lowb(y) = (_lb = bound("throughput_ci95_low", y * tscale) / tscale, tlog ? (_lb > 0 ? _lb : y) : (_lb < 0 ? 0 : _lb))

eval open_output(900, 600)
eval x_axis
eval core_marks
set title chart_title(sprintf("Throughput of %s (higher is faster)", kernel))
set xlabel "workers (threads or processes)"
set ylabel sprintf("throughput (%s)", unit_label) . (tlog ? ", log scale" : "")
if (tlog) { set logscale y; set yrange [*:*] } else { set yrange [0:*] }
set grid ls 12
set key below Left reverse samplen 3 width 2

# On a log axis there is no 0 to put the crosses of failed runs on.
FAILED = failed_points(kernel, tlog ? (_bot / tscale) / 2 : 0)
if (n == 0) {
    eval nothing_to_draw(sprintf("no successful rows of %s to draw", kernel))
} else {
    plot for [i=1:n] csv \
           using (xpos(column("workers"), i, n)):(_y = sel(kernel, s_key(S, i), "throughput_median") / tscale): \
                 (lowb(_y)):(bound("throughput_ci95_high", _y * tscale) / tscale) \
           with yerrorlines ls model_style(s_model(S, i)) dt variant_dash(s_var(S, i)) title s_title(S, i) @FAILED
}
