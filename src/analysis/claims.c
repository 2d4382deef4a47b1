/* The seven claims, each judged from the rows of the claims suite that bear on
 * it. Every verdict on measured numbers comes from the verdict function
 * (verdict.h) at the claim's own threshold as the margin: a claim holds or
 * does not hold only when the 95 % intervals and the tests agree, and is
 * inconclusive otherwise. A verdict names the numbers it rests on; where a
 * number is missing the verdict says so instead of guessing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/claims.h"
#include "analysis/claims_est.h"
#include "results/chart_kinds.h"

/* Two throughputs within this fraction count as "as well", and a gain past the
 * cores within it as none. */
#define CLOSE 0.05
/* "Near the core count": a speedup of at least this fraction of the cores. */
#define NEAR_CORES 0.8
/* "Still adds throughput": from N to the most I/O workers, at least this gain. */
#define IO_GAIN 2.0

/* The folder a kernel is judged from: the rerun when it has the kernel. */
static const tvp_run_folder *source(const tvp_claims_input *in, const char *kernel) {
  for (size_t r = 0; in->rerun && r < in->rerun->npoints; r++)
    if (strcmp(in->rerun->points[r].kernel, kernel) == 0)
      return in->rerun;
  return in->run;
}

/* The row, or NULL when it is missing or implausible (no verdict rests on a
 * point past a physical limit). */
static const tvp_point *row(const tvp_claims_input *in, const char *kernel, const char *model,
                            unsigned workers) {
  const tvp_point *x = tvp_claims_row(source(in, kernel), kernel, model, workers);
  return x && !x->implausible ? x : NULL;
}

/* The most workers any row of kernel has. */
static unsigned most_workers(const tvp_claims_input *in, const char *kernel) {
  const tvp_run_folder *run = source(in, kernel);
  unsigned most = 0;
  for (size_t r = 0; run && r < run->npoints; r++)
    if (strcmp(run->points[r].kernel, kernel) == 0 && run->points[r].workers > most)
      most = run->points[r].workers;
  return most;
}

/* b's throughput over a's, round by round, in the folder kernel is judged from. */
static void gain(const tvp_claims_input *in, const tvp_point *a, const tvp_point *b, double margin,
                 tvp_ratio_est *est) {
  tvp_claims_gain_est(source(in, a->kernel), a, b, margin, est);
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

static int any_implausible(const tvp_run_folder *run) {
  for (size_t r = 0; run && r < run->npoints; r++)
    if (run->points[r].implausible)
      return 1;
  return 0;
}

static void missing(const tvp_claims_input *in, tvp_claim *c, const char *what) {
  c->verdict = TVP_CLAIM_UNKNOWN;
  tvp_buf_printf(&c->evidence, "Not measured: %s has no successful row in the run.", what);
  if (any_implausible(in->run) || any_implausible(in->rerun) || any_implausible(in->py))
    tvp_buf_printf(&c->evidence, " Rows that summary.csv marks implausible are left out.");
}

/* Appends " X: the verdict's sentence." for est judged at margin. */
static tvp_verdict judge(tvp_claim *c, const char *what, const tvp_ratio_est *est, double margin,
                         const char *x, const char *y) {
  tvp_verdict v = tvp_verdict_of(est, margin, TVP_ALPHA);
  tvp_buf_printf(&c->evidence, "%s%s: ", c->evidence.data && c->evidence.data[0] ? " " : "", what);
  tvp_verdict_say(&c->evidence, v, est, margin, x, y);
  tvp_buf_printf(&c->evidence, ".");
  return v;
}

/* 1 when no ratio of v[0..n) reached a verdict either way. */
static int undecided(const tvp_verdict *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (v[i].kind == TVP_V_INCONCLUSIVE || v[i].kind == TVP_V_DISTURBED ||
        v[i].kind == TVP_V_IMPLAUSIBLE || v[i].kind == TVP_V_NONE)
      return 1;
  return 0;
}

/* The claim's reason from one ratio's verdict. */
static tvp_claim_why why_of(tvp_verdict v) {
  if (v.kind == TVP_V_DISTURBED) return TVP_CLAIM_WHY_DISTURBED;
  if (v.kind != TVP_V_INCONCLUSIVE) return TVP_CLAIM_WHY_NOISE;
  if (v.why == TVP_WHY_TOO_FEW) return TVP_CLAIM_WHY_TOO_FEW;
  return v.why == TVP_WHY_MANY_TESTS ? TVP_CLAIM_WHY_MANY_TESTS : TVP_CLAIM_WHY_NOISE;
}

/* The claim is inconclusive, for the reason of its undecided ratios v[0..n)
 * that comes first in the order disturbed, too few, many tests, noise; or
 * not measured, when a ratio had no pairs at all. */
static void inconclusive(tvp_claim *c, const tvp_verdict *v, size_t n) {
  static const int rank[] = {[TVP_CLAIM_WHY_NOISE] = 1, [TVP_CLAIM_WHY_MANY_TESTS] = 2,
                             [TVP_CLAIM_WHY_TOO_FEW] = 3, [TVP_CLAIM_WHY_DISTURBED] = 4};
  tvp_claim_why why = TVP_CLAIM_WHY_NOISE;
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == TVP_V_NONE) {
      c->verdict = TVP_CLAIM_UNKNOWN;
      c->why = TVP_CLAIM_WHY_NONE;
      tvp_buf_printf(&c->evidence, " Not measured: no rounds to pair (runs.csv is missing, or "
                     "no repetition counted).");
      return;
    }
    if (undecided(&v[i], 1) && rank[why_of(v[i])] > rank[why])
      why = why_of(v[i]);
  }
  c->verdict = TVP_CLAIM_INCONCLUSIVE;
  c->why = why;
}

const char *tvp_claim_verdict_name(tvp_claim_verdict v) {
  switch (v) {
  case TVP_CLAIM_HOLDS: return "holds";
  case TVP_CLAIM_FAILS: return "does not hold";
  case TVP_CLAIM_CONDITIONAL: return "holds only under a condition";
  case TVP_CLAIM_INCONCLUSIVE: return "inconclusive";
  default: return "not measured";
  }
}

const char *tvp_claim_why_name(tvp_claim_why why) {
  static const char *const names[] = {"", "noise", "disturbed", "too few repetitions", "many tests"};
  return why <= TVP_CLAIM_WHY_MANY_TESTS ? names[why] : "";
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
  unsigned w = most_workers(in, "io.sleep");
  const tvp_point *t = row(in, "io.sleep", "thread", w), *f = row(in, "io.sleep", "fork", w);
  if (t && f && !isnan(t->pss_kib_median) && !isnan(f->pss_kib_median))
    tvp_buf_printf(&c->evidence,
                   " The cost of separation: %u io.sleep workers used %.1f MiB (proportional set "
                   "size, all workers) as processes and %.1f MiB as threads, %.0f KiB more per "
                   "process than per thread: its own page tables, stack and copied pages.",
                   w, f->pss_kib_median / 1024, t->pss_kib_median / 1024,
                   (f->pss_kib_median - t->pss_kib_median) / w);
}

/* The speedup over the core count, judged with the threshold 0.8 as the
 * margin: within [0.8, 1.25] or above it holds, wholly below fails. */
static void claim_processes_cpu(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Processes suit CPU-bound work: speedup near the core count.";
  add_chart(c, "speedup", "cpu.primes");
  const tvp_point *f1 = row(in, "cpu.primes", "fork", 1), *fn = row(in, "cpu.primes", "fork", in->cores);
  if (!f1 || !fn || in->cores < 2)
    return missing(in, c, "cpu.primes with fork at one worker per core (and at one worker)");
  double margin = 1 / NEAR_CORES - 1;
  tvp_ratio_est e;
  gain(in, f1, fn, margin, &e);
  if (!isnan(e.median)) /* none when every pair was disturbed: judge says so */
    tvp_buf_printf(&c->evidence,
                 "cpu.primes with %u processes on %u cores ran %.2f times as fast as with one "
                 "(median of %u rounds; \"near\" here means at least %.0f %% of the cores).",
                 in->cores, in->cores, e.median, e.n, 100 * NEAR_CORES);
  tvp_claims_est_scale(&e, in->cores, margin);
  tvp_verdict v = judge(c, "Speedup per core against the ideal 1 (at least 0.80 counts as near: "
                        "a margin of 25 %)", &e, margin, "speedup", "cores");
  if (undecided(&v, 1))
    inconclusive(c, &v, 1);
  else
    c->verdict = v.kind == TVP_V_LOWER ? TVP_CLAIM_FAILS : TVP_CLAIM_HOLDS;
}

static void python_contrast(const tvp_claims_input *in, tvp_claim *c) {
  if (!in->py) {
    tvp_buf_printf(&c->evidence, " The Python contrast did not run: %s.",
                   in->py_absent ? in->py_absent : "no Python run");
    return;
  }
  snprintf(c->charts[1], sizeof c->charts[1], "interplock.png");
  const tvp_point *pt = tvp_claims_row(in->py, "py.cpu", "py-thread", in->cores),
                  *pp = tvp_claims_row(in->py, "py.cpu", "py-process", in->cores);
  if (pt && pp && !isnan(pt->speedup) && !isnan(pp->speedup))
    tvp_buf_printf(&c->evidence,
                   " In Python the same work with %u threads sped up %.2f times and with %u "
                   "processes %.2f times: %s",
                   in->cores, pt->speedup, in->cores, pp->speedup,
                   pt->speedup <= 1.3 && pp->speedup >= 1.3 * pt->speedup
                       ? "the interpreter lock lets one thread at a time run Python code, so in "
                         "Python the claim is false."
                       : "this run does not show the interpreter lock clearly (sizes too small, "
                         "or a busy machine).");
  else
    tvp_buf_printf(&c->evidence, " The Python run has no successful py.cpu rows at %u workers.",
                   in->cores);
}

/* An equivalence test: holds when processes over threads lies wholly within
 * 5 %, does not hold when wholly beyond it either way. */
static void claim_threads_cpu(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "In C, threads scale CPU-bound work just as well (no interpreter lock).";
  add_chart(c, "speedup", "cpu.primes");
  const tvp_point *t = row(in, "cpu.primes", "thread", in->cores),
                  *f = row(in, "cpu.primes", "fork", in->cores);
  if (!t || !f)
    return missing(in, c, "cpu.primes with threads and fork at one worker per core");
  if (!isnan(t->speedup) && !isnan(f->speedup))
    tvp_buf_printf(&c->evidence, "At %u workers cpu.primes sped up %.2f times with threads and "
                   "%.2f times with processes.", in->cores, t->speedup, f->speedup);
  tvp_ratio_est e;
  tvp_claims_ratio_est(f, CLOSE, &e);
  tvp_verdict v = judge(c, "Processes against threads, an equivalence test at 5 %", &e, CLOSE,
                        "fork", "thread");
  if (undecided(&v, 1))
    inconclusive(c, &v, 1);
  else
    c->verdict = v.kind == TVP_V_SAME ? TVP_CLAIM_HOLDS : TVP_CLAIM_FAILS;
  python_contrast(in, c);
}

/* Memory, the second half of claim 4: a median each, steady enough to compare
 * as they are. Returns 1 when threads used less, -1 when not measured. */
static int leaner(tvp_buf *ev, const tvp_point *tw, const tvp_point *fw, unsigned w) {
  if (!tw || !fw || isnan(tw->pss_kib_median) || isnan(fw->pss_kib_median)) {
    tvp_buf_printf(ev, " Memory was not measured, so the second half is not judged.");
    return -1;
  }
  tvp_buf_printf(ev, " At %u workers threads used %.1f MiB and processes %.1f MiB "
                 "(proportional set size, all workers): %.1f times as much for processes.",
                 w, tw->pss_kib_median / 1024, fw->pss_kib_median / 1024,
                 fw->pss_kib_median / tw->pss_kib_median);
  return tw->pss_kib_median < fw->pss_kib_median;
}

/* The gain from N to the most threads, judged with the threshold (2 times) as
 * the margin: wholly above it is "still adds throughput". */
static void claim_threads_io(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Threads suit I/O-bound work: blocking workers far beyond the core count still "
                 "add throughput, and threads do it with less memory than processes.";
  add_chart(c, "throughput", "io.sleep");
  add_chart(c, "footprint", NULL);
  unsigned w = most_workers(in, "io.sleep");
  const tvp_point *tn = row(in, "io.sleep", "thread", in->cores), *tw = row(in, "io.sleep", "thread", w),
                  *fn = row(in, "io.sleep", "fork", in->cores), *fw = row(in, "io.sleep", "fork", w);
  if (!tn || !tw || w <= in->cores)
    return missing(in, c, "io.sleep with threads at one worker per core and at many more");
  tvp_ratio_est e, ef = {.median = NAN};
  gain(in, tn, tw, IO_GAIN - 1, &e);
  if (!isnan(e.median))
    tvp_buf_printf(&c->evidence, "io.sleep (each unit a 1 ms sleep) with %u threads did %.1f times "
                 "the work per second of %u threads (%.1f times would be ideal; the claim needs "
                 "%.0f).", w, e.median, in->cores, (double)w / in->cores, IO_GAIN);
  char many[32], few[32];
  snprintf(many, sizeof many, "%u threads", w);
  snprintf(few, sizeof few, "%u threads", in->cores);
  tvp_verdict v = judge(c, "Threads' gain, against 2 times (a margin of 100 %)", &e, IO_GAIN - 1,
                        many, few);
  if (fn && fw)
    gain(in, fn, fw, IO_GAIN - 1, &ef);
  if (!isnan(ef.median))
    tvp_buf_printf(&c->evidence, " Processes gained %.1f times over the same range: blocking "
                   "scales past the cores for both models.", ef.median);
  int lean = leaner(&c->evidence, tw, fw, w);
  if (undecided(&v, 1))
    return inconclusive(c, &v, 1);
  int more = v.kind == TVP_V_HIGHER;
  c->verdict = lean < 0 ? (more ? TVP_CLAIM_CONDITIONAL : TVP_CLAIM_FAILS)
               : more && lean ? TVP_CLAIM_HOLDS
               : more || lean ? TVP_CLAIM_CONDITIONAL
                              : TVP_CLAIM_FAILS;
}

/* Processes over threads in creations per second: holds when processes are
 * slower by more than 5 %. */
static void claim_creation(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Creating a process costs more than creating a thread.";
  add_chart(c, "latency", NULL);
  const tvp_point *t = row(in, "spawn.create", "thread", 1), *f = row(in, "spawn.create", "fork", 1);
  if (!t || !f)
    return missing(in, c, "spawn.create with threads and fork at one worker");
  double tus = 1e6 / t->tp_median, fus = 1e6 / f->tp_median;
  if (t->tp_median > 0 && f->tp_median > 0) /* none when every repetition was disturbed */
    tvp_buf_printf(&c->evidence, "One fork, exit and wait took %.1f µs; one pthread_create and "
                 "join %.1f µs: a process cost %.1f times as much to create here.",
                 fus, tus, fus / tus);
  tvp_ratio_est e;
  tvp_claims_ratio_est(f, CLOSE, &e);
  tvp_verdict v = judge(c, "Creations per second", &e, CLOSE, "fork", "thread");
  if (undecided(&v, 1))
    inconclusive(c, &v, 1);
  else
    c->verdict = v.kind == TVP_V_LOWER ? TVP_CLAIM_HOLDS : TVP_CLAIM_FAILS;
}

/* The verdict of claim 6 from its two ratios, mmap (m) and computation (p). */
static void processes_scale_verdict(tvp_claim *c, const tvp_verdict v[2]) {
  int m = v[0].kind == TVP_V_HIGHER, p = v[1].kind == TVP_V_HIGHER;
  if (m && p) {
    c->verdict = TVP_CLAIM_HOLDS;
  } else if (m != p && !undecided(&v[m], 1)) { /* the other kernel's verdict */
    c->verdict = TVP_CLAIM_CONDITIONAL;
    tvp_buf_printf(&c->evidence, m ? " So: true for work that contends on what threads share in "
                                     "the kernel (the address space, the descriptor table); false "
                                     "for pure computation."
                                   : " So: true for pure computation here, not for os.mmap.");
  } else if (!undecided(v, 2)) {
    c->verdict = TVP_CLAIM_FAILS;
  } else {
    inconclusive(c, v, 2);
  }
}

/* Processes over threads at N workers on os.mmap and cpu.primes, one family
 * of two tests (Holm). */
static void claim_processes_scale(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "More processes scale better than threads.";
  add_chart(c, "ratio", "os.mmap");
  add_chart(c, "ratio", "cpu.primes");
  const tvp_point *mf = row(in, "os.mmap", "fork", in->cores), *cf = row(in, "cpu.primes", "fork", in->cores);
  if (!mf || !cf || !row(in, "os.mmap", "thread", in->cores) ||
      !row(in, "cpu.primes", "thread", in->cores))
    return missing(in, c, "os.mmap or cpu.primes with both models at one worker per core");
  tvp_ratio_est e[2];
  tvp_claims_ratio_est(mf, CLOSE, &e[0]);
  tvp_claims_ratio_est(cf, CLOSE, &e[1]);
  tvp_verdict_family(e, 2, TVP_MT_HOLM);
  tvp_buf_printf(&c->evidence, "At %u workers, processes against threads, at a 5 %% margin, "
                 "Holm-adjusted across the two kernels.", in->cores);
  tvp_verdict v[2];
  v[0] = judge(c, "os.mmap, where every thread maps and unmaps in the one address space they "
               "share", &e[0], CLOSE, "fork", "thread");
  v[1] = judge(c, "cpu.primes, pure computation", &e[1], CLOSE, "fork", "thread");
  processes_scale_verdict(c, v);
}

/* The verdict of claim 7 from the gains of threads and processes. */
/* The claim is one-sided: a gain past the margin refutes it, a loss does
 * not. A ratio whose whole interval lies at or below 1 + margin is no gain,
 * though the verdict function calls it inconclusive when the interval also
 * reaches below 1 / (1 + margin): past the cores, workers may lose a little. */
static int no_gain(const tvp_verdict *v, const tvp_ratio_est *e) {
  return v->kind == TVP_V_SAME || v->kind == TVP_V_LOWER ||
         (v->kind == TVP_V_INCONCLUSIVE && v->why == TVP_WHY_NOISE && e->hi <= 1 + CLOSE);
}

static void past_cores_verdict(const tvp_claims_input *in, tvp_claim *c, const tvp_verdict v[2],
                               const tvp_ratio_est e[2]) {
  int gained = v[0].kind == TVP_V_HIGHER || v[1].kind == TVP_V_HIGHER;
  if (!gained && !(no_gain(&v[0], &e[0]) && no_gain(&v[1], &e[1])))
    return inconclusive(c, v, 2);
  if (!gained) {
    c->verdict = TVP_CLAIM_HOLDS;
    tvp_buf_printf(&c->evidence, " Extra workers only take turns on the same cores.");
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

/* The gains from N to the most workers, threads and processes, one family of
 * two (Holm) at 5 %: holds when neither gains more. */
static void claim_past_cores(const tvp_claims_input *in, tvp_claim *c) {
  c->statement = "Adding workers past the number of cores does not speed up CPU-bound work.";
  add_chart(c, "speedup", "cpu.primes");
  unsigned w = most_workers(in, "cpu.primes");
  const tvp_point *tn = row(in, "cpu.primes", "thread", in->cores), *tw = row(in, "cpu.primes", "thread", w),
                  *fn = row(in, "cpu.primes", "fork", in->cores), *fw = row(in, "cpu.primes", "fork", w);
  if (!tn || !tw || !fn || !fw || w <= in->cores)
    return missing(in, c, "cpu.primes at one worker per core and at more workers than cores");
  tvp_ratio_est e[2];
  gain(in, tn, tw, CLOSE, &e[0]);
  gain(in, fn, fw, CLOSE, &e[1]);
  tvp_verdict_family(e, 2, TVP_MT_HOLM);
  tvp_buf_printf(&c->evidence, "From %u to %u workers on %u cores (%u hardware threads), "
                 "cpu.primes throughput changed", in->cores, w, in->cores, in->pus);
  for (int k = 0; k < 2; k++) {
    const char *sep = k ? " and" : "", *model = k ? "processes" : "threads";
    if (isnan(e[k].median))
      tvp_buf_printf(&c->evidence, "%s (no pairs) with %s", sep, model);
    else
      tvp_buf_printf(&c->evidence, "%s %.2f times with %s", sep, e[k].median, model);
  }
  tvp_buf_printf(&c->evidence, " (medians of per-round ratios; a gain within 5 %% counts as "
                 "none, Holm-adjusted across the two models).");
  char many[2][32], few[2][32];
  tvp_verdict v[2];
  for (int k = 0; k < 2; k++) {
    snprintf(many[k], sizeof many[k], "%u %s", w, k ? "processes" : "threads");
    snprintf(few[k], sizeof few[k], "%u %s", in->cores, k ? "processes" : "threads");
    v[k] = judge(c, k ? "Processes" : "Threads", &e[k], CLOSE, many[k], few[k]);
  }
  past_cores_verdict(in, c, v, e);
}

/* The kernels each claim rests on, to say which verdicts a rerun gave. */
static const char *const claim_kernels[TVP_NCLAIMS][2] = {
    {"io.sleep", NULL}, {"cpu.primes", NULL}, {"cpu.primes", NULL}, {"io.sleep", NULL},
    {"spawn.create", NULL}, {"os.mmap", "cpu.primes"}, {"cpu.primes", NULL}};

static void say_rerun(const tvp_claims_input *in, tvp_claim *c) {
  for (int k = 0; k < 2 && claim_kernels[c->number - 1][k]; k++)
    if (in->rerun && source(in, claim_kernels[c->number - 1][k]) == in->rerun) {
      tvp_buf_printf(&c->evidence, " %s was run a second time (rerun/), because a configuration "
                     "of it had every repetition disturbed in the first run; these numbers are "
                     "the second run's.", claim_kernels[c->number - 1][k]);
    }
}

void tvp_claims_evaluate(const tvp_claims_input *in, tvp_claim out[TVP_NCLAIMS]) {
  void (*judges[TVP_NCLAIMS])(const tvp_claims_input *, tvp_claim *) = {
      claim_memory,   claim_processes_cpu,   claim_threads_cpu, claim_threads_io,
      claim_creation, claim_processes_scale, claim_past_cores};
  for (int i = 0; i < TVP_NCLAIMS; i++) {
    memset(&out[i], 0, sizeof out[i]);
    out[i].number = i + 1;
    judges[i](in, &out[i]);
    say_rerun(in, &out[i]);
  }
}

void tvp_claims_free(tvp_claim out[TVP_NCLAIMS]) {
  for (int i = 0; i < TVP_NCLAIMS; i++)
    tvp_buf_free(&out[i].evidence);
}
