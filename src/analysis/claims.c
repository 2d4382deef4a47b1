/* The seven claims, each judged from the rows of the claims suite that bear on
 * it. A verdict names the numbers it rests on; where a number is missing the
 * verdict says so instead of guessing. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/claims.h"
#include "results/chart_kinds.h"

/* Two throughputs closer than this (as a fraction) count as "as well". */
#define CLOSE 0.05
/* "Near the core count": a speedup of at least this fraction of the cores. */
#define NEAR_CORES 0.8
/* "Still adds throughput": from N to the most I/O workers, at least this gain. */
#define IO_GAIN 2.0

typedef struct {
  int found;      /* a row with status ok and statistics (not every repetition disturbed) */
  double tp, tp_lo, tp_hi, sp, time, pss_kib;
  const char *unit;
} point;

static point find(const tvp_run_folder *run, const char *kernel, const char *model, unsigned workers) {
  point p = {0};
  p.tp = p.tp_lo = p.tp_hi = p.sp = p.time = p.pss_kib = NAN;
  for (size_t r = 0; run && r < run->npoints; r++) {
    const tvp_point *x = &run->points[r];
    if (strcmp(x->kernel, kernel) != 0 || strcmp(x->model, model) != 0 || x->workers != workers ||
        strcmp(x->status, "ok") != 0 || x->implausible || (x->reps_disturbed > 0 && x->reps_ok == 0))
      continue; /* no verdict rests on an implausible point, or on one whose every repetition was disturbed */
    p.found = 1;
    p.tp = x->tp_median;
    p.tp_lo = x->tp_ci_low;
    p.tp_hi = x->tp_ci_high;
    p.sp = x->speedup;
    p.time = x->time_median_s;
    p.pss_kib = x->pss_kib_median;
    p.unit = x->unit;
    return p;
  }
  return p;
}

/* The most workers any row of kernel has. */
static unsigned most_workers(const tvp_run_folder *run, const char *kernel) {
  unsigned most = 0;
  for (size_t r = 0; run && r < run->npoints; r++)
    if (strcmp(run->points[r].kernel, kernel) == 0 && run->points[r].workers > most)
      most = run->points[r].workers;
  return most;
}

/* Shows the claim with chart kind (of kernel, NULL for a chart of the whole
 * run) of the claims run, named as tvp plot names it. */
static void add_chart(tvp_claim *c, const char *kind, const char *kernel) {
  const tvp_chart_kind *k = tvp_chart_kind_find(kind);
  int i = 0;
  while (i < TVP_CLAIM_NCHARTS && c->charts[i][0])
    i++;
  if (!k || i == TVP_CLAIM_NCHARTS)
    return;
  tvp_buf stem = {0};
  tvp_chart_stem(k, kernel, NULL, &stem);
  snprintf(c->charts[i], sizeof c->charts[i], "run/plots/%s.png", stem.data);
  tvp_buf_free(&stem);
}

/* 1 when the two throughputs cannot be told apart: their 95 % intervals overlap,
 * or (without intervals) they are within CLOSE of each other. */
static int alike(const point *a, const point *b) {
  if (!isnan(a->tp_lo) && !isnan(a->tp_hi) && !isnan(b->tp_lo) && !isnan(b->tp_hi))
    return a->tp_lo <= b->tp_hi && b->tp_lo <= a->tp_hi;
  return fabs(a->tp / b->tp - 1) <= CLOSE;
}

static int any_implausible(const tvp_run_folder *run) {
  for (size_t r = 0; run && r < run->npoints; r++)
    if (run->points[r].implausible)
      return 1;
  return 0;
}

static void missing(const tvp_claims_input *in, tvp_claim *c, const char *what) {
  c->verdict = TVP_CLAIM_UNKNOWN;
  tvp_buf_printf(&c->evidence, "Not measured: %s has no successful row in the run.", what);
  if (any_implausible(in->run) || any_implausible(in->py))
    tvp_buf_printf(&c->evidence, " Rows that summary.csv marks implausible are left out.");
}

const char *tvp_claim_verdict_name(tvp_claim_verdict v) {
  switch (v) {
  case TVP_CLAIM_HOLDS: return "holds";
  case TVP_CLAIM_FAILS: return "does not hold";
  case TVP_CLAIM_CONDITIONAL: return "holds only under a condition";
  default: return "not measured";
  }
}

static void claim_memory(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Processes have separate memory; threads share it.";
  add_chart(c, "footprint", NULL);
  if (in->child_write_seen < 0 || in->thread_write_seen < 0) {
    c->verdict = TVP_CLAIM_UNKNOWN;
    tvp_buf_printf(&c->evidence, "The demonstration could not start a child process or a thread.");
    return;
  }
  tvp_buf_printf(&c->evidence,
                 "A child process set a global variable to 1: its parent then read %d (the child "
                 "wrote to its own copy of the page, made on its first write). A thread set the "
                 "same variable to 1: the process then read %d.",
                 in->child_write_seen ? 1 : 0, in->thread_write_seen ? 1 : 0);
  c->verdict = !in->child_write_seen && in->thread_write_seen ? TVP_CLAIM_HOLDS : TVP_CLAIM_FAILS;
  unsigned w = most_workers(in->run, "io.sleep");
  point t = find(in->run, "io.sleep", "thread", w), f = find(in->run, "io.sleep", "fork", w);
  if (t.found && f.found && !isnan(t.pss_kib) && !isnan(f.pss_kib))
    tvp_buf_printf(&c->evidence,
                   " The cost of separation: %u io.sleep workers used %.1f MiB (proportional set "
                   "size, all workers) as processes and %.1f MiB as threads, %.0f KiB more per "
                   "process than per thread: its own page tables, stack and copied pages.",
                   w, f.pss_kib / 1024, t.pss_kib / 1024, (f.pss_kib - t.pss_kib) / w);
}

static void claim_processes_cpu(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Processes suit CPU-bound work: speedup near the core count.";
  add_chart(c, "speedup", "cpu.primes");
  point f = find(in->run, "cpu.primes", "fork", in->cores);
  if (!f.found || isnan(f.sp))
    return missing(in, c, "cpu.primes with fork at one worker per core (and at one worker)");
  c->verdict = f.sp >= NEAR_CORES * in->cores ? TVP_CLAIM_HOLDS : TVP_CLAIM_FAILS;
  tvp_buf_printf(&c->evidence,
                 "cpu.primes with %u processes on %u cores ran %.2f times as fast as with one "
                 "(efficiency %.0f %%; \"near\" here means at least %.0f %% of the cores).",
                 in->cores, in->cores, f.sp, 100 * f.sp / in->cores, 100 * NEAR_CORES);
}

static void claim_threads_cpu(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "In C, threads scale CPU-bound work just as well (no interpreter lock).";
  add_chart(c, "speedup", "cpu.primes");
  point t = find(in->run, "cpu.primes", "thread", in->cores),
        f = find(in->run, "cpu.primes", "fork", in->cores);
  if (!t.found || !f.found || isnan(t.sp) || isnan(f.sp))
    return missing(in, c, "cpu.primes with threads and fork at one worker per core");
  int same = alike(&t, &f);
  c->verdict = same || t.tp > f.tp ? TVP_CLAIM_HOLDS : TVP_CLAIM_FAILS;
  tvp_buf_printf(&c->evidence,
                 "At %u workers cpu.primes sped up %.2f times with threads and %.2f times with "
                 "processes; thread throughput was %.3f of the processes' (%s).",
                 in->cores, t.sp, f.sp, t.tp / f.tp,
                 same ? "their 95 % intervals overlap: no difference measured"
                      : "their 95 % intervals do not overlap");
  if (!in->py) {
    tvp_buf_printf(&c->evidence, " The Python contrast did not run: %s.",
                   in->py_absent ? in->py_absent : "no Python run");
    return;
  }
  snprintf(c->charts[1], sizeof c->charts[1], "interplock.png");
  point pt = find(in->py, "py.cpu", "py-thread", in->cores),
        pp = find(in->py, "py.cpu", "py-process", in->cores);
  if (pt.found && pp.found && !isnan(pt.sp) && !isnan(pp.sp))
    tvp_buf_printf(&c->evidence,
                   " In Python the same work with %u threads sped up %.2f times and with %u "
                   "processes %.2f times: %s",
                   in->cores, pt.sp, in->cores, pp.sp,
                   pt.sp <= 1.3 && pp.sp >= 1.3 * pt.sp
                       ? "the interpreter lock lets one thread at a time run Python code, so in "
                         "Python the claim is false."
                       : "this run does not show the interpreter lock clearly (sizes too small, "
                         "or a busy machine).");
  else
    tvp_buf_printf(&c->evidence, " The Python run has no successful py.cpu rows at %u workers.",
                   in->cores);
}

static void claim_threads_io(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Threads suit I/O-bound work: blocking workers far beyond the core count still "
                 "add throughput, and threads do it with less memory than processes.";
  add_chart(c, "throughput", "io.sleep");
  add_chart(c, "footprint", NULL);
  unsigned w = most_workers(in->run, "io.sleep");
  point tn = find(in->run, "io.sleep", "thread", in->cores), tw = find(in->run, "io.sleep", "thread", w),
        fn = find(in->run, "io.sleep", "fork", in->cores), fw = find(in->run, "io.sleep", "fork", w);
  if (!tn.found || !tw.found || w <= in->cores)
    return missing(in, c, "io.sleep with threads at one worker per core and at many more");
  double gain = tw.tp / tn.tp;
  tvp_buf_printf(&c->evidence,
                 "io.sleep (each unit a 1 ms sleep) with %u threads did %.1f times the work per "
                 "second of %u threads (%.1f times would be ideal).",
                 w, gain, in->cores, (double)w / in->cores);
  int more = gain >= IO_GAIN;
  if (fn.found && fw.found)
    tvp_buf_printf(&c->evidence, " Processes gained %.1f times over the same range: blocking "
                   "scales past the cores for both models.", fw.tp / fn.tp);
  if (!fw.found || isnan(tw.pss_kib) || isnan(fw.pss_kib)) {
    tvp_buf_printf(&c->evidence, " Memory was not measured, so the second half is not judged.");
    c->verdict = more ? TVP_CLAIM_CONDITIONAL : TVP_CLAIM_FAILS;
    return;
  }
  int leaner = tw.pss_kib < fw.pss_kib;
  tvp_buf_printf(&c->evidence, " At %u workers threads used %.1f MiB and processes %.1f MiB "
                 "(proportional set size, all workers): %.1f times as much for processes.",
                 w, tw.pss_kib / 1024, fw.pss_kib / 1024, fw.pss_kib / tw.pss_kib);
  c->verdict = more && leaner ? TVP_CLAIM_HOLDS
               : more || leaner ? TVP_CLAIM_CONDITIONAL
                                : TVP_CLAIM_FAILS;
}

static void claim_creation(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Creating a process costs more than creating a thread.";
  add_chart(c, "latency", NULL);
  point t = find(in->run, "spawn.create", "thread", 1), f = find(in->run, "spawn.create", "fork", 1);
  if (!t.found || !f.found || !(t.tp > 0) || !(f.tp > 0))
    return missing(in, c, "spawn.create with threads and fork at one worker");
  double tus = 1e6 / t.tp, fus = 1e6 / f.tp;
  int same = alike(&t, &f);
  c->verdict = fus > tus && !same ? TVP_CLAIM_HOLDS : TVP_CLAIM_FAILS;
  tvp_buf_printf(&c->evidence,
                 "One fork, exit and wait took %.1f µs; one pthread_create and join %.1f µs: "
                 "a process cost %.1f times as much to create here%s.",
                 fus, tus, fus / tus, same ? ", which is within the noise" : "");
}

static void claim_processes_scale(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "More processes scale better than threads.";
  add_chart(c, "ratio", "os.mmap");
  add_chart(c, "ratio", "cpu.primes");
  point mt = find(in->run, "os.mmap", "thread", in->cores), mf = find(in->run, "os.mmap", "fork", in->cores),
        ct = find(in->run, "cpu.primes", "thread", in->cores),
        cf = find(in->run, "cpu.primes", "fork", in->cores);
  if (!mt.found || !mf.found || !ct.found || !cf.found)
    return missing(in, c, "os.mmap or cpu.primes with both models at one worker per core");
  int mm_better = mf.tp > mt.tp && !alike(&mf, &mt), cpu_same = alike(&cf, &ct);
  tvp_buf_printf(&c->evidence,
                 "At %u workers, processes did %.2f times the threads' work on os.mmap, where "
                 "every thread maps and unmaps in the one address space they share (%s), and "
                 "%.2f times on cpu.primes, pure computation (%s).",
                 in->cores, mf.tp / mt.tp,
                 mm_better ? "the intervals do not overlap" : "not told apart from 1",
                 cf.tp / ct.tp, cpu_same ? "no difference measured" : "the intervals do not overlap");
  if (mm_better && cpu_same) {
    c->verdict = TVP_CLAIM_CONDITIONAL;
    tvp_buf_printf(&c->evidence, " So: true for work that contends on what threads share in "
                   "the kernel (the address space, the descriptor table); false for pure "
                   "computation.");
  } else if (mm_better) {
    c->verdict = cf.tp > ct.tp ? TVP_CLAIM_HOLDS : TVP_CLAIM_CONDITIONAL;
  } else {
    c->verdict = TVP_CLAIM_FAILS;
  }
}

static void claim_past_cores(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Adding workers past the number of cores does not speed up CPU-bound work.";
  add_chart(c, "speedup", "cpu.primes");
  unsigned w = most_workers(in->run, "cpu.primes");
  point tn = find(in->run, "cpu.primes", "thread", in->cores), tw = find(in->run, "cpu.primes", "thread", w),
        fn = find(in->run, "cpu.primes", "fork", in->cores), fw = find(in->run, "cpu.primes", "fork", w);
  if (!tn.found || !tw.found || !fn.found || !fw.found || w <= in->cores)
    return missing(in, c, "cpu.primes at one worker per core and at more workers than cores");
  double gt = tw.tp / tn.tp, gf = fw.tp / fn.tp;
  /* Flat: no gain past the noise, judged by the intervals where there are some. */
  int flat = (gt <= 1 + CLOSE || alike(&tw, &tn)) && (gf <= 1 + CLOSE || alike(&fw, &fn));
  tvp_buf_printf(&c->evidence,
                 "From %u to %u workers on %u cores (%u hardware threads), cpu.primes throughput "
                 "changed %.2f times with threads and %.2f times with processes.",
                 in->cores, w, in->cores, in->pus, gt, gf);
  if (flat) {
    c->verdict = TVP_CLAIM_HOLDS;
    tvp_buf_printf(&c->evidence, " Extra workers only take turns on the same cores%s.",
                   gt < 1 - CLOSE || gf < 1 - CLOSE ? ", and the switching costs a little" : "");
  } else if (in->pus > in->cores) {
    c->verdict = TVP_CLAIM_CONDITIONAL;
    tvp_buf_printf(&c->evidence, " This machine has %u hardware threads per core: workers past "
                   "the cores run on the sibling threads, which adds throughput while the core "
                   "has idle units. The claim holds past the hardware threads, not the cores.",
                   in->pus / in->cores);
  } else {
    c->verdict = TVP_CLAIM_FAILS;
    tvp_buf_printf(&c->evidence, " That is more than the noise: the runs at one worker per "
                   "core left CPU time unused (a worker that finished early idles its core; "
                   "extra workers fill such gaps), or the machine was busy.");
  }
}

void tvp_claims_evaluate(const tvp_claims_input *in, tvp_claim out[TVP_NCLAIMS]) {
  void (*judge[TVP_NCLAIMS])(const tvp_claims_input *, tvp_claim *) = {
      claim_memory,   claim_processes_cpu,   claim_threads_cpu, claim_threads_io,
      claim_creation, claim_processes_scale, claim_past_cores};
  for (int i = 0; i < TVP_NCLAIMS; i++) {
    memset(&out[i], 0, sizeof out[i]);
    out[i].number = i + 1;
    judge[i](in, &out[i]);
  }
}

void tvp_claims_free(tvp_claim out[TVP_NCLAIMS]) {
  for (int i = 0; i < TVP_NCLAIMS; i++)
    tvp_buf_free(&out[i].evidence);
}

void tvp_claims_suite(int quick, tvp_buf *b) {
  /* Sizes: a few tenths of a second per configuration at one worker. quick:
   * a twentieth, for tests of the command, not of the claims. */
  int d = quick ? 20 : 1;
  tvp_buf_printf(b,
                 "# The experiments behind 'tvp claims': one short sweep per claim.\n"
                 "models     thread, fork\n"
                 "placement  core\n"
                 "scaling    strong\n"
                 "reps       %d\n"
                 "warmup     %d\n%s\n",
                 quick ? 2 : 5, quick ? 0 : 1,
                 /* quick checks the command: a busy machine must not empty its evidence */
                 quick ? "disturbed-above 100\n" : "");
  tvp_buf_printf(b, "# Claims 2, 3, 6 and 7: computation at 1 worker, one per core, twice that.\n"
                    "[cpu]\nkernels    cpu.primes\nworkers    1, N, 2N\nsize       %d\n\n",
                 200000 / d);
  tvp_buf_printf(b, "# Claims 1 and 4: workers that block, far past the core count.\n"
                    "[io]\nkernels    io.sleep\nworkers    1, N, 4N, 16N\nsize       %d\n\n",
                 640 / d);
  tvp_buf_printf(b, "# Claim 5: the cost of creating one worker.\n"
                    "[create]\nkernels    spawn.create\nworkers    1\nsize       %d\n\n",
                 2000 / d);
  tvp_buf_printf(b, "# Claim 6: work that contends on the address space threads share.\n"
                    "[mm]\nkernels    os.mmap\nworkers    1, N\nsize       %d\n",
                 100000 / d);
}

static int demo_global;

static void *demo_thread(void *arg) {
  (void)arg;
  demo_global = 1;
  return NULL;
}

int tvp_claims_demonstrate(int *child_write_seen, int *thread_write_seen) {
  *child_write_seen = *thread_write_seen = -1;
  demo_global = 0;
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    demo_global = 1;
    _exit(0);
  }
  if (waitpid(pid, NULL, 0) != pid)
    return -1;
  *child_write_seen = demo_global == 1;
  pthread_t t;
  if (pthread_create(&t, NULL, demo_thread, NULL) != 0)
    return -1;
  pthread_join(t, NULL);
  *thread_write_seen = demo_global == 1;
  demo_global = 0;
  return 0;
}
