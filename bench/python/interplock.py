#!/usr/bin/env python3
# Python's interpreter lock, measured: one CPU-bound and one I/O-bound kernel under a
# process pool and a thread pool, written as a tvp results folder so tvp plots it.
"""Runs py.cpu and py.io under multiprocessing.Pool (fork) and a thread pool,
over the same worker counts, and writes summary.csv, runs.csv, workers.csv and
meta.json in tvp's schema (docs/csv.md), so `tvp plot DIR` and `tvp report DIR`
read the folder like one of tvp's own, and plots/interplock.gp draws it beside
a tvp run.

Strong scaling: a fixed total of units is split over the workers, one task per
worker. The pool is created before each repetition's timed region; each task
waits at a barrier, so the timed region is tvp's: from the barrier's release to
the last worker's end.
"""
import argparse
import datetime
import math
import multiprocessing
import multiprocessing.pool
import os
import platform
import resource
import signal
import socket
import subprocess
import sys
import threading
import time

# --- the kernels ---------------------------------------------------------------

# The same range as tvp's cpu.primes, so the same units give the same checksum:
# numbers near 10^9 keep every test a few thousand divisions.
PRIMES_BASE = 1000000001
SLEEP_S = 0.001  # one unit of py.io, as one unit of tvp's io.sleep


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    # The divisors cpu.primes tries (odd d while d * d <= n), as a range loop,
    # the fastest way plain Python has to try them one by one.
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def cpu_run(first, count):
    total = 0
    for u in range(first, first + count):
        n = PRIMES_BASE + u
        if is_prime(n):
            total += n  # the sum of the primes found: a wrong split changes it
    return total % 2**64


def io_run(first, count):
    for _ in range(count):
        time.sleep(SLEEP_S)
    return count  # the work is time: the checksum counts the waits done


KERNELS = {
    # name: (bound, run, default units, throughput unit, what one unit is)
    "py.cpu": ("cpu", cpu_run, 12000, "numbers/s", "a number tested for primality by trial division"),
    "py.io": ("io", io_run, 400, "waits/s", "a blocking 1 ms sleep"),
}
MODELS = ("py-thread", "py-process")

# --- one worker's task ---------------------------------------------------------

# Set in each worker by the pool's initializer: a barrier of as many parties as
# the pool has workers, so every task runs on its own worker and all start
# together.
_start_barrier = None


def _init_worker(barrier, own_process):
    global _start_barrier
    _start_barrier = barrier
    if own_process:  # Ctrl-C and SIGTERM are the main process's to handle: it ends the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _current_cpu():
    """The CPU this thread last ran on (field 39 of /proc/thread-self/stat), -1 if unknown."""
    try:
        with open("/proc/thread-self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return int(fields[36])
    except (OSError, IndexError, ValueError):
        return -1


def _rss_kib_peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _schedstat(fd):
    """(run-queue wait ns, timeslices) from /proc/thread-self/schedstat, or None when
    the kernel keeps no statistics (no file, or "0 0 0"), as tvp's src/cell/schedstat.c."""
    try:
        oncpu, wait, slices = (int(x) for x in os.pread(fd, 96, 0).split())
    except (OSError, TypeError, ValueError):
        return None
    return None if oncpu == wait == slices == 0 else (wait, slices)


def run_task(kernel, first, count, barrier_timeout):
    """One worker's share: wait at the barrier, then do units [first, first + count)."""
    run = KERNELS[kernel][1]
    try:  # opened before the barrier, so the timed region pays only for a read
        sched_fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except OSError:
        sched_fd = -1
    _start_barrier.wait(barrier_timeout)
    r0 = resource.getrusage(resource.RUSAGE_THREAD)
    cpu_start = _current_cpu()
    q0, c0 = _schedstat(sched_fd), time.thread_time_ns()
    start = time.monotonic_ns()
    checksum = run(first, count)
    end = time.monotonic_ns()
    c1, q1 = time.thread_time_ns(), _schedstat(sched_fd)
    cpu_end = _current_cpu()
    r1 = resource.getrusage(resource.RUSAGE_THREAD)
    if sched_fd >= 0:
        os.close(sched_fd)
    return {
        "pid": os.getpid(),
        "tid": threading.get_native_id(),
        "cpuset": cpu_list(os.sched_getaffinity(0)),
        "cpu_start": cpu_start,
        "cpu_end": cpu_end,
        "start_ns": start,
        "end_ns": end,
        "units": count,
        "checksum": checksum,
        "user_s": r1.ru_utime - r0.ru_utime,
        "sys_s": r1.ru_stime - r0.ru_stime,
        "vcsw": r1.ru_nvcsw - r0.ru_nvcsw,
        "ivcsw": r1.ru_nivcsw - r0.ru_nivcsw,
        "minflt": r1.ru_minflt - r0.ru_minflt,
        "majflt": r1.ru_majflt - r0.ru_majflt,
        "maxrss_kib": _rss_kib_peak(),
        "oncpu_ns": c1 - c0,
        "runq_wait_ns": q1[0] - q0[0] if q0 and q1 else None,
        "timeslices": q1[1] - q0[1] if q0 and q1 else None,
    }


def host_load():
    """(1-minute load average, runnable tasks, steal ticks) now, each None when unreadable."""
    load1 = running = steal = None
    try:
        load1 = float(_read("/proc/loadavg").split()[0])
    except (IndexError, ValueError):
        pass
    for line in _read("/proc/stat").splitlines():
        f = line.split()
        if f and f[0] == "cpu" and len(f) > 8:
            steal = int(f[8])
        elif f and f[0] == "procs_running":
            running = int(f[1])
    return load1, running, steal


def disturbance(samples, wall, oversubscribed, above):
    """runs.csv's runq_wait_share, oncpu_share and disturbed, by tvp's rule
    (src/run/disturbance.c): these workers are unbound, so each has a PU of its
    own unless the repetition is oversubscribed."""
    waits = [s["runq_wait_ns"] / 1e9 for s in samples if s["runq_wait_ns"] is not None]
    share = max(waits) / wall if waits and wall > 0 else None
    oncpu = sum(s["oncpu_ns"] for s in samples) / 1e9 / (wall * len(samples)) if wall > 0 else None
    disturbed = 1 if share is not None and not oversubscribed and share > above else 0
    return share, oncpu, disturbed


def shares(total, workers):
    """tvp's split: total / workers each, the remainder one unit each to the first workers."""
    base, extra = divmod(total, workers)
    first = 0
    for w in range(workers):
        count = base + (1 if w < extra else 0)
        yield first, count
        first += count


# --- the machine ---------------------------------------------------------------


def cpu_list(cpus):
    """A set of CPU numbers in hwloc's list form: 0-3,6."""
    cpus = sorted(cpus)
    parts, i = [], 0
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        parts.append(str(cpus[i]) if i == j else "%d-%d" % (cpus[i], cpus[j]))
        i = j + 1
    return ",".join(parts)


def _read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def _parse_cpu_list(text):
    cpus = set()
    for part in text.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            cpus.update(range(int(lo), int(hi) + 1))
        elif part:
            cpus.add(int(part))
    return cpus


def machine():
    """What tvp's meta.json says of the machine, as far as the standard library sees it."""
    pus = sorted(os.sched_getaffinity(0))
    cores, packages = set(), set()
    for c in pus:
        topo = "/sys/devices/system/cpu/cpu%d/topology/" % c
        pkg = _read(topo + "physical_package_id", "0")
        cores.add((pkg, _read(topo + "core_id", str(c))))
        packages.add(pkg)
    nodes = [d for d in os.listdir("/sys/devices/system/node")
             if d.startswith("node") and d[4:].isdigit()] if os.path.isdir("/sys/devices/system/node") else []
    model = "unknown"
    for line in _read("/proc/cpuinfo").splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Model"):
            model = value.strip()
            break
    caches = []
    base = "/sys/devices/system/cpu/cpu%d/cache" % pus[0] if pus else ""
    if base and os.path.isdir(base):
        for index in sorted(os.listdir(base)):
            d = os.path.join(base, index)
            kind = _read(d + "/type")
            if not index.startswith("index") or kind not in ("Data", "Unified"):
                continue
            level = int(_read(d + "/level", "0") or 0)
            size = _read(d + "/size", "0")
            mult = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(size[-1:], 1)
            size_bytes = int(size.rstrip("KMG") or 0) * mult
            # One cache of this level per distinct set of CPUs sharing it.
            sharers = {_read("/sys/devices/system/cpu/cpu%d/cache/%s/shared_cpu_list" % (c, index))
                       for c in pus}
            caches.append({"type": ("L%dd" % level) if kind == "Data" else "L%d" % level, "level": level,
                           "size_bytes": size_bytes,
                           "line_bytes": int(_read(d + "/coherency_line_size", "0") or 0),
                           "count": len(sharers)})
        caches.sort(key=lambda c: -c["level"])
    uname = os.uname()
    return {
        "host": socket.gethostname(),
        "os": uname.sysname,
        "os_release": uname.release,
        "os_version": uname.version,
        "arch": uname.machine,
        "cpu_model": model,
        "topology_source": "this machine",
        "packages": max(len(packages), 1),
        "numa_nodes": max(len(nodes), 1),
        "cores": max(len(cores), 1),
        "pus": max(len(pus), 1),
        "memory_bytes": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"),
        "caches": caches,
    }


def pss_kib(pids):
    """Proportional set size of these processes, summed; None when one cannot be read."""
    total = 0
    for pid in pids:
        text = _read("/proc/%d/smaps_rollup" % pid, None)
        if text is None:
            return None
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
                break
        else:
            return None
    return total


# --- worker lists ----------------------------------------------------------------


def parse_workers(spec, cores, pus):
    """tvp's worker lists: 1,2,4  1..8  1..8:2  1..2N  1..4N*2  N  P/2."""

    def value(text):
        text = text.strip()
        for sym, n in (("N", cores), ("P", pus)):
            if text.startswith(sym + "/"):
                div = int(text[2:])
                if div <= 0:
                    raise ValueError("division by %d" % div)
                return max(n // div, 1)
            if text.endswith(sym):
                return (int(text[:-1]) if text[:-1] else 1) * n
        return int(text)

    counts = set()
    for item in spec.split(","):
        item = item.strip()
        if not item:
            raise ValueError("an empty item")
        if ".." in item:
            lo_text, rest = item.split("..", 1)
            step, factor = 1, None
            if ":" in rest:
                rest, step_text = rest.split(":", 1)
                step = int(step_text)
            elif "*" in rest:
                rest, factor_text = rest.split("*", 1)
                factor = int(factor_text)
            lo, hi = value(lo_text), value(rest)
            if lo > hi or step < 1 or (factor is not None and factor < 2):
                raise ValueError("'%s' is not an ascending range" % item)
            w = lo
            while w < hi:
                counts.add(w)
                w = w * factor if factor else w + step
            counts.add(hi)
        else:
            counts.add(value(item))
    if min(counts) < 1 or max(counts) > 4096:
        raise ValueError("worker counts run from 1 to 4096")
    return sorted(counts)


# --- statistics, as tvp's src/analysis/stats.c and verdict.c ------------------------

MIN_INTERVAL_N = 5  # below it even min..max covers the median less than 94 % of the time
MARGIN = 0.05  # tvp's default margin: smaller differences are "no meaningful difference"
ALPHA = 0.05


def median(x):
    if not x:
        return None
    s = sorted(x)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _binomial_half_below(n, k):
    """P(B < k) for B ~ Binomial(n, 1/2)."""
    return sum(math.comb(n, i) for i in range(min(k, n + 1))) / 2.0 ** n


def _ci95_rank(n):
    k = 1
    while k + 1 <= (n + 1) // 2 and 1 - 2 * _binomial_half_below(n, k + 1) >= 0.95:
        k += 1
    return k


def median_interval(x):
    """The distribution-free 95 % interval of the median (order statistics with
    Hettmansperger and Sheather's interpolation); (None, None) below 5 values."""
    n = len(x)
    if n < MIN_INTERVAL_N:
        return None, None
    s = sorted(x)
    k = _ci95_rank(n)
    cover = 1 - 2 * _binomial_half_below(n, k)
    lo, hi = s[k - 1], s[n - k]
    if cover > 0.95 and k + 1 <= n - k:
        nxt = 1 - 2 * _binomial_half_below(n, k + 1)
        share = (cover - 0.95) / (cover - nxt)
        w = (n - k) * share / (k + (n - 2 * k) * share)
        lo, hi = (1 - w) * s[k - 1] + w * s[k], (1 - w) * s[n - k] + w * s[n - k - 1]
    return lo, hi


def stats(x):
    """median, mean, sd, min, max, cv, ci95_low, ci95_high; None where tvp leaves a cell empty."""
    out = dict.fromkeys(("median", "mean", "sd", "min", "max", "cv", "ci95_low", "ci95_high"))
    if not x:
        return out
    n = len(x)
    mean = sum(x) / n
    lo, hi = median_interval(x)
    out.update(median=median(x), mean=mean, min=min(x), max=max(x), ci95_low=lo, ci95_high=hi)
    if n >= 2:
        sd = math.sqrt(sum((v - mean) ** 2 for v in x) / (n - 1))
        out.update(sd=sd, cv=sd / mean if mean != 0 else None)
    return out


def karp_flatt(speedup, workers):
    if workers <= 1 or speedup is None or not speedup > 0:
        return None
    p = float(workers)
    return (1 / speedup - 1 / p) / (1 - 1 / p)


def _beta_fraction(a, b, x):
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    fix = lambda v: tiny if abs(v) < tiny else v
    c, d = 1.0, 1 / fix(1 - (a + b) * x / (a + 1))
    h = d
    for m in range(1, 301):
        aa = m * (b - m) * x / ((a - 1 + 2 * m) * (a + 2 * m))
        d, c = 1 / fix(1 + aa * d), fix(1 + aa / c)
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1 + 2 * m))
        d, c = 1 / fix(1 + aa * d), fix(1 + aa / c)
        h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h


def _incomplete_beta(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def t_upper(t, df):
    """P(T > t) for Student's t with df degrees of freedom."""
    tail = 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1 - tail


def ratio_estimate(x):
    """The estimate of a ratio from per-round ratios x: median, interval, the mean and
    standard error of their logarithms, and the p-values of the t tests at the margin
    (p_diff: beyond it; p_same: within it)."""
    lo, hi = median_interval(x)
    e = {"median": median(x), "lo": lo, "hi": hi, "n": len(x), "log_mean": None, "log_se": None,
         "p_diff": None, "p_same": None, "disturbed": False}
    if len(x) >= 2 and all(v > 0 and math.isfinite(v) for v in x):
        logs = [math.log(v) for v in x]
        m = sum(logs) / len(logs)
        se = math.sqrt(sum((v - m) ** 2 for v in logs) / (len(logs) - 1) / len(logs))
        e.update(log_mean=m, log_se=se)
        df, up = len(x) - 1.0, math.log1p(MARGIN)
        above = lambda mm, bound: (0.0 if mm > bound else 1.0 if mm < bound else 0.5) if se == 0 \
            else t_upper((mm - bound) / se, df)
        e["p_diff"] = min(1.0, 2 * min(above(m, up), above(-m, up)))
        e["p_same"] = max(above(-m, -up), above(m, -up))
    return e


def bh_adjust(p):
    """Benjamini-Hochberg adjusted p-values; None is no test and does not count."""
    ranked = sorted((v, i) for i, v in enumerate(p) if v is not None)
    adj, run = list(p), 1.0
    for rank in range(len(ranked), 0, -1):
        v, i = ranked[rank - 1]
        run = min(run, v * len(ranked) / rank)
        adj[i] = run
    return adj


def verdict_of(e, p_diff_adj, p_same_adj):
    """(verdict, why) as tvp's tvp_verdict_of words them."""
    if e["disturbed"]:
        return "disturbed", ""
    if e["median"] is None:
        return "", ""
    if e["lo"] is None or e["n"] < MIN_INTERVAL_N:
        return "inconclusive", "too_few"
    up, down = 1 + MARGIN, 1 / (1 + MARGIN)
    unproven = lambda raw: "many_tests" if raw is not None and raw <= ALPHA else "noise"
    if e["lo"] > up or e["hi"] < down:
        if p_diff_adj is not None and p_diff_adj <= ALPHA:
            return ("faster" if e["lo"] > up else "slower"), ""
        return "inconclusive", unproven(e["p_diff"])
    if e["lo"] >= down and e["hi"] <= up:
        if p_same_adj is not None and p_same_adj <= ALPHA:
            return "same", ""
        return "inconclusive", unproven(e["p_same"])
    return "inconclusive", "noise"


# --- CSV in tvp's format ----------------------------------------------------------

RUNS_COLUMNS = [
    "config", "kernel", "model", "placement", "scaling", "workers", "units_requested",
    "footprint_bytes", "chunk_items", "duration_s", "rep", "warmup", "round", "attempt", "status", "reason",
    "wall_s", "start_skew_us", "setup_ms",
    "units", "throughput", "throughput_unit", "checksum", "user_s", "sys_s", "vcsw", "ivcsw",
    "minflt", "majflt", "peak_rss_kib", "pss_kib", "off_cpuset_workers", "short",
    "runq_wait_share", "oncpu_share", "skew_share", "load1", "procs_running", "steal_ms", "disturbed"]
WORKERS_COLUMNS = [
    "config", "rep", "warmup", "worker", "pid", "tid", "cpuset", "cpu_start", "cpu_end",
    "off_cpuset", "start_offset_us", "wall_s", "units", "checksum", "user_s", "sys_s",
    "vcsw", "ivcsw", "minflt", "majflt", "host", "rank", "oncpu_ms", "runq_wait_ms", "timeslices"]
SUMMARY_COLUMNS = [
    "config", "kernel", "bound", "model", "placement", "scaling", "workers", "units_requested",
    "footprint_bytes", "chunk_items", "duration_s", "oversubscribed", "status", "reason", "reps", "reps_ok",
    "reps_disturbed", "time_median_s", "time_mean_s", "time_sd_s", "time_min_s", "time_max_s", "time_cv",
    "time_ci95_low_s", "time_ci95_high_s", "throughput_median", "throughput_ci95_low",
    "throughput_ci95_high", "throughput_unit", "speedup", "speedup_ci95_low",
    "speedup_ci95_high", "pairs_speedup", "efficiency", "karp_flatt", "ratio_vs_thread",
    "ratio_ci95_low", "ratio_ci95_high", "pairs_ratio", "ratio_log_mean", "ratio_log_se", "verdict",
    "verdict_why", "verdict_p", "implausible", "implausible_reason", "start_skew_median_us",
    "setup_median_ms", "user_s_median", "sys_s_median", "vcsw_median", "ivcsw_median",
    "minflt_median", "majflt_median", "peak_rss_kib_median", "pss_kib_median", "off_cpuset_workers", "checksum",
    "checksum_consistent", "reps_short"]


# A repetition under this is flagged short, as tvp flags it (TVP_SHORT_REP_S).
SHORT_REP_S = 0.010


def num(v, digits):
    """A double as tvp writes it: %.{digits}g in the C locale, empty when not finite."""
    if v is None or not math.isfinite(v):
        return ""
    return "%.*g" % (digits, v + 0.0)


def field(v):
    if v is None:
        return ""
    s = str(v)
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_line(values):
    return ",".join(field(v) for v in values) + "\n"


class Results:
    """The results folder: runs.csv and workers.csv grow a row per repetition;
    summary.csv and meta.json are written whole, to a temporary name, then renamed."""

    def __init__(self, folder):
        self.dir = folder
        if os.path.exists(os.path.join(folder, "runs.csv")):
            raise RuntimeError("'%s' already holds a run: choose another --out folder or remove it" % folder)
        try:
            os.makedirs(folder, exist_ok=True)
            self.runs = self._open("runs.csv", RUNS_COLUMNS)
            self.workers = self._open("workers.csv", WORKERS_COLUMNS)
        except OSError as e:
            raise RuntimeError("cannot write the results folder '%s': %s (choose another with --out)"
                               % (folder, e.strerror or e))

    def _open(self, name, columns):
        fd = os.open(os.path.join(self.dir, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o666)
        os.write(fd, csv_line(columns).encode())
        return fd

    def append(self, fd, rows):
        # One write for the rows of a repetition: an interrupted run leaves whole rows only.
        width = len(RUNS_COLUMNS if fd == self.runs else WORKERS_COLUMNS)
        assert all(len(r) == width for r in rows), "a row does not match its header"
        if rows:
            os.write(fd, "".join(csv_line(r) for r in rows).encode())

    def write_whole(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.rename(path + ".tmp", path)


def json_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(json_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (json_value(k), json_value(x)) for k, x in v.items()) + "}"
    s = str(v).replace("\\", "\\\\").replace('"', '\\"')
    s = "".join(c if ord(c) >= 0x20 else "\\u%04x" % ord(c) for c in s)
    return '"' + s + '"'


def meta_text(meta):
    # One key a line, as tvp writes it: the chart scripts read meta.json with awk.
    lines = []
    for key, value in meta.items():
        if key == "caches":
            inner = ",\n".join("    " + json_value(c) for c in value)
            lines.append('  "caches": [\n%s\n  ]' % inner if value else '  "caches": []')
        else:
            lines.append("  %s: %s" % (json_value(key), json_value(value)))
    return "{\n" + ",\n".join(lines) + "\n}\n"


# --- running ----------------------------------------------------------------------


class Failure(Exception):
    pass


def run_repetition(kernel, model, workers, units, timeout):
    """One repetition in a fresh pool. Returns (samples, setup_s, pss_kib)."""
    tasks = [(kernel, first, count, timeout) for first, count in shares(units, workers)]
    t0 = time.monotonic_ns()
    if model == "py-process":
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(workers)
        pool = ctx.Pool(workers, initializer=_init_worker, initargs=(barrier, True))
    else:
        barrier = threading.Barrier(workers)
        pool = multiprocessing.pool.ThreadPool(workers, initializer=_init_worker, initargs=(barrier, False))
    finished = False
    try:
        pending = pool.starmap_async(run_task, tasks, chunksize=1)
        try:
            samples = pending.get(timeout)
        except multiprocessing.TimeoutError:
            raise Failure("timeout after %g s (workers not finished)" % timeout)
        except threading.BrokenBarrierError:
            raise Failure("a worker never reached the start barrier")
        except Exception as e:  # a worker's exception comes back here
            raise Failure("worker raised %s: %s" % (type(e).__name__, e))
        # Measured while every worker process still holds its memory.
        pids = {os.getpid()} | {s["pid"] for s in samples}
        pss = pss_kib(sorted(pids))
        finished = True
    finally:
        barrier.abort()  # workers still waiting to start give up
        pool.terminate()
        # A thread cannot be killed: after a failure one may still be running
        # its task, and joining it would hang the run.
        if finished or model == "py-process":
            pool.join()
    if len({(s["pid"], s["tid"]) for s in samples}) != workers:
        raise Failure("two tasks ran on one worker")
    setup_s = (min(s["start_ns"] for s in samples) - t0) / 1e9
    return samples, setup_s, pss


def main(argv):
    ap = argparse.ArgumentParser(
        prog="interplock.py",
        description="Runs a CPU-bound (py.cpu) and an I/O-bound (py.io) Python kernel under "
                    "multiprocessing.Pool (fork) and a thread pool over the same worker counts, "
                    "and writes a results folder in tvp's schema (docs/csv.md): summary.csv, "
                    "runs.csv, workers.csv, meta.json. `tvp plot DIR` draws it; `tvp plot C_RUN "
                    "--python DIR` draws it beside a tvp run (plots/interplock.gp).",
        epilog="Exit status: 0 every configuration ran and the checksums agree, 1 a configuration "
               "failed or the checksums differ, 2 bad input, 130 interrupted.")
    ap.add_argument("--out", help="results folder [results/<UTC time>-<host>-python]")
    ap.add_argument("--workers", default="1..N*2",
                    help="worker counts: 1,2,4  1..8  1..2N  1..4N*2  N  P/2 (N = cores, P = PUs) [1..N*2]")
    ap.add_argument("--kernels", default="py.cpu,py.io", help="py.cpu, py.io or both [py.cpu,py.io]")
    ap.add_argument("--models", default="py-thread,py-process",
                    help="py-thread, py-process or both [py-thread,py-process]")
    ap.add_argument("--reps", type=int, default=5, help="measured repetitions per configuration [5]")
    ap.add_argument("--warmup", type=int, default=1, help="repetitions run first and discarded [1]")
    ap.add_argument("--cpu-units", type=int, default=KERNELS["py.cpu"][2],
                    help="numbers py.cpu tests, in total (strong scaling) [%d]" % KERNELS["py.cpu"][2])
    ap.add_argument("--io-units", type=int, default=KERNELS["py.io"][2],
                    help="1 ms sleeps py.io does, in total [%d]" % KERNELS["py.io"][2])
    ap.add_argument("--timeout", type=float, default=300, help="per repetition, in seconds [300]")
    ap.add_argument("--disturbed-above", type=float, default=5.0, metavar="PCT",
                    help="a run-queue wait above PCT %% of the wall time marks a repetition disturbed, "
                         "and no statistic uses it, as in tvp run [5]")
    ap.add_argument("--quiet", action="store_true", help="no line per configuration")
    args = ap.parse_args(argv[1:])

    def bad(msg):
        print("interplock.py: %s" % msg, file=sys.stderr)
        return 2

    if sys.platform != "linux":
        return bad("needs Linux (fork, RUSAGE_THREAD, /proc)")
    if args.reps < 1 or args.warmup < 0:
        return bad("--reps must be 1 or more and --warmup 0 or more")
    if args.cpu_units < 1 or args.io_units < 1 or args.timeout <= 0:
        return bad("--cpu-units, --io-units and --timeout must be positive")
    if not 0 < args.disturbed_above <= 100:
        return bad("--disturbed-above must be a percentage above 0 and at most 100")
    kernels = [k.strip() for k in args.kernels.split(",")]
    models = [m.strip() for m in args.models.split(",")]
    for k in kernels:
        if k not in KERNELS:
            return bad("unknown kernel '%s' (py.cpu, py.io)" % k)
    for m in models:
        if m not in MODELS:
            return bad("unknown model '%s' (py-thread, py-process)" % m)
    kernels = [k for k in KERNELS if k in kernels]  # plan order, once each
    models = [m for m in MODELS if m in models]
    mach = machine()
    try:
        worker_counts = parse_workers(args.workers, mach["cores"], mach["pus"])
    except ValueError as e:
        return bad("bad --workers '%s': %s" % (args.workers, e))
    units_of = {"py.cpu": args.cpu_units, "py.io": args.io_units}

    out = args.out
    if not out:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        out = "results/%s-%s-python" % (stamp, mach["host"].replace("/", "_").replace(" ", "_"))
    try:
        res = Results(out)
    except RuntimeError as e:
        return bad(str(e))

    here = os.path.dirname(os.path.abspath(__file__))
    try:
        rev = subprocess.run(["git", "-C", here, "describe", "--always", "--dirty", "--tags"],
                             capture_output=True, text=True, timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        rev = "unknown"
    version = "unknown"  # tvp's own, from the project line of the source tree's CMakeLists.txt
    for line in _read(os.path.join(here, "..", "..", "CMakeLists.txt")).splitlines():
        if line.startswith("project(tvp VERSION "):
            version = line.split()[2]
            break
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    utc = lambda: datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    plan = [(k, w, m) for k in kernels for w in worker_counts for m in models]
    meta = {
        "tvp_version": version,
        "git_revision": rev,
        "command_line": [sys.executable] + list(argv),
        "suite": "",
        "start_time_utc": utc(),
        "end_time_utc": "",
        "state": "running",
        "configurations_planned": len(plan),
        "margin_pct": MARGIN * 100,
        "disturbed_above_pct": args.disturbed_above,
        "configurations_run": 0,
        "configurations_failed": 0,
    }
    meta.update(mach)
    meta.update({
        "compiler": "%s %s" % (platform.python_implementation(), platform.python_version()),
        "clock_resolution_ns": max(int(round(time.clock_getres(time.CLOCK_MONOTONIC) * 1e9)), 1),
        "hardware_counters": False,
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "gil_enabled": gil,
        "start_method": "fork",
        "program": "bench/python/interplock.py",
    })
    res.write_whole("meta.json", meta_text(meta))

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)  # as tvp: SIGTERM stops the run like Ctrl-C
    rows = []  # one per configuration that started
    state, exit_code = "complete", 0
    try:
        for config, (kernel, workers, model) in enumerate(plan):
            bound, _, _, unit, _ = KERNELS[kernel]
            units = units_of[kernel]
            row = {"config": config, "kernel": kernel, "bound": bound, "model": model, "workers": workers,
                   "units": units, "unit": unit, "oversubscribed": 1 if workers > mach["pus"] else 0,
                   "status": "ok", "reason": "", "reps": [], "done": False}
            rows.append(row)
            for warmup, nreps in ((1, args.warmup), (0, args.reps)):
                for rep in range(nreps):
                    # The blocked order: a configuration's repetitions back to back, warm-ups first.
                    rnd = rep if warmup else args.warmup + rep
                    head = [config, kernel, model, "none", "strong", workers, units, "", "", "", rep, warmup, rnd, 1]
                    load1, running, steal0 = host_load()
                    try:
                        samples, setup_s, pss = run_repetition(kernel, model, workers, units, args.timeout)
                    except Failure as e:
                        row["status"] = "failed"
                        row["reason"] = ("warm-up: " if warmup else "") + str(e)
                        res.append(res.runs, [head + ["failed", str(e)] + [""] * (len(RUNS_COLUMNS) - len(head) - 2)])
                        break
                    steal1 = host_load()[2]
                    steal_ms = (steal1 - steal0) * 1e3 / os.sysconf("SC_CLK_TCK") if None not in (steal0, steal1) else None
                    first = min(s["start_ns"] for s in samples)
                    wall = (max(s["end_ns"] for s in samples) - first) / 1e9
                    skew_us = (max(s["start_ns"] for s in samples) - first) / 1e3
                    # The main process's own peak, plus each worker process's.
                    rss = _rss_kib_peak() + (sum(s["maxrss_kib"] for s in samples) if model == "py-process" else 0)
                    r = {
                        "wall": wall, "skew_us": skew_us, "setup_ms": setup_s * 1e3,
                        "units": sum(s["units"] for s in samples), "throughput": units / wall,
                        "checksum": sum(s["checksum"] for s in samples) % 2**64,
                        "user": sum(s["user_s"] for s in samples), "sys": sum(s["sys_s"] for s in samples),
                        "vcsw": sum(s["vcsw"] for s in samples), "ivcsw": sum(s["ivcsw"] for s in samples),
                        "minflt": sum(s["minflt"] for s in samples), "majflt": sum(s["majflt"] for s in samples),
                        "rss": rss, "pss": pss,
                    }
                    share, oncpu, r["disturbed"] = disturbance(samples, wall, row["oversubscribed"],
                                                               args.disturbed_above / 100)
                    res.append(res.runs, [head + [
                        "ok", "", num(wall, 9), num(skew_us, 6), num(r["setup_ms"], 6), r["units"],
                        num(r["throughput"], 9), unit, r["checksum"], num(r["user"], 6), num(r["sys"], 6),
                        r["vcsw"], r["ivcsw"], r["minflt"], r["majflt"], rss, "" if pss is None else pss, 0,
                        1 if wall < SHORT_REP_S else 0,
                        num(share, 6), num(oncpu, 6), num(skew_us / 1e6 / wall if wall > 0 else None, 6),
                        num(load1, 6), "" if running is None else running, num(steal_ms, 6), r["disturbed"]]])
                    res.append(res.workers, [[
                        config, rep, warmup, w, s["pid"], s["tid"], s["cpuset"], s["cpu_start"], s["cpu_end"], 0,
                        num((s["start_ns"] - first) / 1e3, 6), num((s["end_ns"] - s["start_ns"]) / 1e9, 9),
                        s["units"], s["checksum"], num(s["user_s"], 6), num(s["sys_s"], 6),
                        s["vcsw"], s["ivcsw"], s["minflt"], s["majflt"], socket.gethostname(), "",
                        num(s["oncpu_ns"] / 1e6, 6),
                        "" if s["runq_wait_ns"] is None else num(s["runq_wait_ns"] / 1e6, 6),
                        "" if s["timeslices"] is None else s["timeslices"]]
                        for w, s in enumerate(samples)])
                    if not warmup:
                        row["reps"].append(r)
                if row["status"] != "ok":
                    break
            row["done"] = True
            if not args.quiet:
                med = median([r["wall"] for r in row["reps"] if not r["disturbed"]])
                print("[%d/%d] %-7s %-10s %3d worker%s  %s" % (
                    config + 1, len(plan), kernel, model, workers, " " if workers == 1 else "s",
                    "FAILED: " + row["reason"] if row["status"] != "ok"
                    else "median %.4f s" % med if med is not None else "no median (every repetition disturbed)"),
                    file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        state, exit_code = "interrupted", 130
        if rows and not rows[-1]["done"]:
            rows[-1].update(status="interrupted", reason="interrupted")

    summary = summarize(rows, args.reps)
    assert all(len(r) == len(SUMMARY_COLUMNS) for r in summary), "a row does not match its header"
    res.write_whole("summary.csv", "".join(csv_line(r) for r in [SUMMARY_COLUMNS] + summary))
    failed = sum(1 for r in rows if r["status"] == "failed")
    meta.update(end_time_utc=utc(), state=state, configurations_run=len(rows), configurations_failed=failed)
    res.write_whole("meta.json", meta_text(meta))

    # The same total work must give the same checksum under every model and worker count.
    mismatch = []
    for k in kernels:
        seen = {}
        for r in rows:
            for rep in r["reps"]:
                if r["kernel"] == k:
                    seen.setdefault(rep["checksum"], []).append("%s/%d" % (r["model"], r["workers"]))
        if len(seen) > 1:
            mismatch.append("%s: %s" % (k, "; ".join("%d from %s" % (c, ", ".join(sorted(set(w))))
                                                     for c, w in sorted(seen.items()))))
    if exit_code == 0:
        print_table(rows, summary)
        print("\nresults: %s" % out)
    else:
        print("interplock.py: interrupted; the CSV written so far stays valid: %s" % out, file=sys.stderr)
    for m in mismatch:
        print("interplock.py: checksums differ, the models did not do the same work: %s" % m, file=sys.stderr)
    if failed:
        print("interplock.py: %d configuration%s failed (see summary.csv)" % (failed, "" if failed == 1 else "s"),
              file=sys.stderr)
    if exit_code == 0 and (mismatch or failed):
        exit_code = 1
    return exit_code


def paired(a, b):
    """Per-round ratios of a's throughput over b's, both repetitions counted: the
    configurations here run one after the other, and a round is a repetition's
    index, as tvp pairs a run in blocked order."""
    if b is None:
        return []
    return [p["throughput"] / q["throughput"] for p, q in zip(a["reps"], b["reps"])
            if not p["disturbed"] and not q["disturbed"] and q["throughput"] > 0]


def median_repetition(counted):
    """(time, throughput) of one repetition, so that a row agrees with itself: the
    middle one by throughput, with an even count the slower of the two middle ones."""
    if not counted:
        return None, None
    x = sorted(counted, key=lambda rep: -rep["throughput"])[len(counted) // 2]
    return x["wall"], x["throughput"]


def figures(r, find):
    """Speedup over the same pool at 1 worker and the ratio to the thread pool, both
    medians of per-round ratios with their intervals, as tvp's src/analysis/summary.c."""
    f = {"speedup": None, "sp_lo": None, "sp_hi": None, "sp_pairs": 0, "eff": None, "kf": None,
         "est": None, "ratio_pairs": 0}
    if r["status"] != "ok" or not r["counted"]:
        return f
    base = find(r, r["model"], 1)
    if base:
        x = paired(r, base)
        e = ratio_estimate(x)
        one = r["workers"] == 1 and x  # each pair is x / x: exactly 1
        f.update(speedup=e["median"], sp_lo=1.0 if one else e["lo"], sp_hi=1.0 if one else e["hi"],
                 sp_pairs=len(x))
        if not r["oversubscribed"] and e["median"] is not None:  # each worker has a PU
            f.update(eff=e["median"] / r["workers"], kf=karp_flatt(e["median"], r["workers"]))
    t = find(r, "py-thread", r["workers"])  # Python's thread pool is these rows' thread model
    if t:
        x = paired(r, t)
        f.update(est=ratio_estimate(x), ratio_pairs=len(x))
    return f


def judge(rows, figs, find_any):
    """verdict, verdict_why and verdict_p of each row: every py-process row against the
    thread pool at its point, Benjamini-Hochberg across the run, as tvp does."""
    out = [("", "", None)] * len(rows)
    family = []
    for i, r in enumerate(rows):
        if r["model"] == "py-thread":
            continue
        t = find_any(r, "py-thread", r["workers"])
        only_disturbed = lambda x: not x["counted"] and x["reps"]
        if t and r["status"] == "ok" and t["status"] == "ok" and (only_disturbed(r) or only_disturbed(t)):
            family.append((i, {"median": None, "p_diff": None, "p_same": None, "disturbed": True}))
        elif figs[i]["est"]:
            family.append((i, figs[i]["est"]))
    tested = [e if not e["disturbed"] else dict(e, p_diff=None, p_same=None) for _, e in family]
    d_adj = bh_adjust([e["p_diff"] for e in tested])
    s_adj = bh_adjust([e["p_same"] for e in tested])
    for j, (i, e) in enumerate(family):
        v, why = verdict_of(e, d_adj[j], s_adj[j])
        out[i] = (v, why, s_adj[j] if v == "same" else d_adj[j])
    return out


def summarize(rows, planned_reps):
    """summary.csv's rows, with the statistics of tvp's src/analysis/summary.c."""
    for r in rows:
        # As tvp: a failed configuration's successful repetitions still have statistics,
        # and a disturbed one is in none of them.
        r["counted"] = [x for x in r["reps"] if not x["disturbed"]]
        r["time"] = stats([x["wall"] for x in r["counted"]])
        r["thr"] = stats([x["throughput"] for x in r["counted"]])
        r["time"]["median"], r["thr"]["median"] = median_repetition(r["counted"])

    def find_any(like, model, workers):
        for r in rows:
            if r["kernel"] == like["kernel"] and r["units"] == like["units"] and r["model"] == model \
                    and r["workers"] == workers:
                return r
        return None

    def find(like, model, workers):
        r = find_any(like, model, workers)
        return r if r and r["status"] == "ok" and r["counted"] else None

    figs = [figures(r, find) for r in rows]
    verdicts = judge(rows, figs, find_any)
    out = []
    for r, f, (verdict, why, p) in zip(rows, figs, verdicts):
        reps = r["reps"]
        e = f["est"] or {}
        checks = [x["checksum"] for x in reps]
        pss = [x["pss"] for x in r["counted"]]
        t, thr = r["time"], r["thr"]
        med = lambda key, d: num(median([x[key] for x in r["counted"]]), d)
        out.append([
            r["config"], r["kernel"], r["bound"], r["model"], "none", "strong", r["workers"], r["units"],
            "", "", "", r["oversubscribed"], r["status"], "" if r["status"] == "ok" else r["reason"],
            planned_reps, len(r["counted"]), len(reps) - len(r["counted"]),
            num(t["median"], 9), num(t["mean"], 9), num(t["sd"], 6), num(t["min"], 9), num(t["max"], 9),
            num(t["cv"], 6), num(t["ci95_low"], 9), num(t["ci95_high"], 9),
            num(thr["median"], 9), num(thr["ci95_low"], 9), num(thr["ci95_high"], 9), r["unit"],
            num(f["speedup"], 6), num(f["sp_lo"], 6), num(f["sp_hi"], 6), f["sp_pairs"],
            num(f["eff"], 6), num(f["kf"], 6),
            num(e.get("median"), 6), num(e.get("lo"), 6), num(e.get("hi"), 6), f["ratio_pairs"],
            num(e.get("log_mean"), 9), num(e.get("log_se"), 9), verdict, why, num(p, 6),
            # implausible and its reason: empty, these rows are not judged.
            "", "",
            med("skew_us", 6), med("setup_ms", 6), med("user", 6), med("sys", 6),
            med("vcsw", 9), med("ivcsw", 9), med("minflt", 9), med("majflt", 9), med("rss", 9),
            "" if None in pss or not pss else num(median(pss), 9),
            0 if reps else "", checks[0] if checks else "",
            (1 if len(set(checks)) == 1 else 0) if checks else "",
            sum(1 for x in reps if x["wall"] < SHORT_REP_S)])
    return out


def print_table(rows, summary):
    col = {name: i for i, name in enumerate(SUMMARY_COLUMNS)}
    print("\n%-8s %-11s %7s %12s %9s %12s" % ("kernel", "model", "workers", "median s", "speedup", "user s"))
    for s in summary:
        print("%-8s %-11s %7s %12s %9s %12s" % (
            s[col["kernel"]], s[col["model"]], s[col["workers"]], s[col["time_median_s"]] or "-",
            s[col["speedup"]] or "-", s[col["user_s_median"]] or "-"))
    print("speedup: throughput against the same model at 1 worker; user s: CPU time the workers used.")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
