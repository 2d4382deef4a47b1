/* The findings on hand-made rows: a verdict's sentence, an A/A run that says
 * nothing is faster, the order by effect size, a speedup above the PUs
 * without an interval left unquoted, each model named once in the efficiency
 * line, and no findings on a series without a verdict to report. */
#include <math.h>
#include <string.h>

#include "analysis/findings.h"
#include "check.h"


/* A row of cpu.primes, ok, with the ratio to threads and its verdict. */
static tvp_point row(const char *model, unsigned w, double ratio, double lo, double hi,
                     tvp_verdict_kind v) {
  tvp_point p = {.config = "", .kernel = "cpu.primes", .model = model, .status = "ok",
                 .reason = "", .unit = "", .bound = "cpu", .implausible_reason = "",
                 .workers = w, .reps_ok = 5, .time_cv = 0.01, .tp_median = 100,
                 .speedup = NAN, .speedup_ci_low = NAN, .speedup_ci_high = NAN,
                 .efficiency = NAN, .ratio_vs_thread = ratio, .ratio_ci_low = lo,
                 .ratio_ci_high = hi, .pairs_ratio = 5, .verdict = v};
  for (int d = 0; d < TVP_DIM_COUNT; d++)
    p.dim[d] = "";
  return p;
}

/* The findings of rows r[0..n), one series. */
static void series(const tvp_point *r, size_t n, const tvp_findings_ctx *ctx, tvp_buf *b) {
  const tvp_point *s[16];
  for (size_t i = 0; i < n && i < 16; i++)
    s[i] = &r[i];
  tvp_findings_series(s, n < 16 ? n : 16, ctx, b);
}

static void test_sentence(void) {
  tvp_buf b = {0};
  tvp_point p = row("fork", 2, 1.32, 1.25, 1.40, TVP_V_HIGHER);
  tvp_finding_verdict(&p, 0.05, &b);
  CHECK_STR(b.data, "At 2 workers, fork faster by 1.32x [1.25, 1.40].");
  tvp_buf_free(&b);
  p = row("fork", 1, 0.8, 0.75, 0.85, TVP_V_LOWER);
  tvp_finding_verdict(&p, 0.05, &b);
  CHECK_STR(b.data, "At 1 worker, fork slower: thread faster by 1.25x [1.18, 1.33].");
  tvp_buf_free(&b);
}

static void test_aa_and_order(void) {
  tvp_findings_ctx ctx = {.cores = 2, .pus = 2, .margin = 0.05};
  tvp_point aa[] = {row("thread", 1, 1, 1, 1, TVP_V_NONE), row("fork", 1, 1.0, 0.99, 1.01, TVP_V_SAME),
                    row("thread", 2, 1, 1, 1, TVP_V_NONE),
                    row("fork", 2, 1.03, 0.96, 1.09, TVP_V_INCONCLUSIVE)};
  tvp_buf b = {0};
  series(aa, 4, &ctx, &b);
  CHECK(strstr(b.data, "faster") == NULL && strstr(b.data, "slower") == NULL);
  CHECK(strstr(b.data, "1 comparison inconclusive") != NULL);
  tvp_buf_free(&b);
  CHECK_EQ_INT(tvp_findings_tests(aa, 4, 0.05, &b), 2);
  tvp_buf_free(&b);
  /* 0.5x is a larger difference than 1.6x: |log 0.5| > |log 1.6|. */
  tvp_point r[] = {row("thread", 2, 1, 1, 1, TVP_V_NONE), row("fork", 2, 1.6, 1.5, 1.7, TVP_V_HIGHER),
                   row("spawn", 2, 0.5, 0.45, 0.55, TVP_V_LOWER)};
  series(r, 3, &ctx, &b);
  const char *spawn = strstr(b.data, "spawn slower"), *fork = strstr(b.data, "fork faster");
  CHECK(spawn && fork && spawn < fork);
  tvp_buf_free(&b);
}

/* 2.6x at 4 workers on 2 PUs, without an interval: no best speedup from it. */
static void test_speedup_guard(void) {
  tvp_findings_ctx ctx = {.cores = 2, .pus = 2, .margin = 0.05};
  tvp_point r[] = {row("thread", 1, 1, 1, 1, TVP_V_NONE), row("thread", 2, 1, 1, 1, TVP_V_NONE),
                   row("thread", 4, 1, 1, 1, TVP_V_NONE)};
  r[0].speedup = 1;
  r[1].speedup = 1.9;
  r[1].speedup_ci_low = 1.85;
  r[1].speedup_ci_high = 1.95;
  r[2].speedup = 2.6;
  r[2].oversubscribed = 1;
  r[1].verdict = TVP_V_SAME; /* a verdict to report, so that the series has findings */
  tvp_buf b = {0};
  series(r, 3, &ctx, &b);
  CHECK(strstr(b.data, "Best speedup: thread 1.90x [1.85, 1.95] at 2 workers") != NULL);
  CHECK(strstr(b.data, "2.60x") == NULL);
  tvp_buf_free(&b);
}

/* mpi.suite measures threads at 2 workers twice (beside the processes, and
 * beside the hybrid ranks): the efficiency line names each model once. */
static void test_efficiency_once(void) {
  tvp_findings_ctx ctx = {.cores = 2, .pus = 2, .margin = 0.05};
  tvp_point r[] = {row("thread", 2, 1, 1, 1, TVP_V_NONE), row("fork", 2, 1.0, 0.99, 1.01, TVP_V_SAME),
                   row("thread", 2, 1.01, 0.99, 1.03, TVP_V_NONE),
                   row("mpi+thread", 2, 1.0, 0.9, 1.1, TVP_V_INCONCLUSIVE)};
  r[0].efficiency = 0.96;
  r[1].efficiency = 0.95;
  r[2].efficiency = 0.97;
  tvp_buf b = {0};
  series(r, 4, &ctx, &b);
  CHECK(strstr(b.data, "- Efficiency at the core count, 2 workers: thread 0.96 and 0.97, fork 0.95, "
                       "mpi+thread not known (no 1-worker baseline).\n") != NULL);
  CHECK(strstr(b.data, "thread 0.96, thread") == NULL);
  tvp_buf_free(&b);
  /* No figure known at all: no line that says so for every model. */
  for (size_t i = 0; i < 4; i++)
    r[i].efficiency = NAN;
  series(r, 4, &ctx, &b);
  CHECK(b.data && strstr(b.data, "Efficiency") == NULL);
  tvp_buf_free(&b);
}

/* Only inconclusive verdicts: nothing to report, but a failure is named. */
static void test_nothing_to_report(void) {
  tvp_findings_ctx ctx = {.cores = 2, .pus = 2, .margin = 0.05};
  tvp_point r[] = {row("thread", 1, 1, 1, 1, TVP_V_NONE), row("fork", 1, 1.03, 0.96, 1.09, TVP_V_INCONCLUSIVE),
                   row("thread", 2, 1, 1, 1, TVP_V_NONE), row("fork", 2, NAN, NAN, NAN, TVP_V_NONE)};
  r[0].time_cv = 0.2; /* noisy, but no verdict to report */
  tvp_buf b = {0};
  series(r, 2, &ctx, &b);
  CHECK(b.data == NULL || b.len == 0);
  tvp_buf_free(&b);
  r[3].status = "failed";
  r[3].reason = "worker 1 killed by SIGKILL";
  series(r, 4, &ctx, &b);
  CHECK_STR(b.data, "- Failed: fork at 2 workers: worker 1 killed by SIGKILL.\n");
  tvp_buf_free(&b);
}

int main(void) {
  test_sentence();
  test_aa_and_order();
  test_speedup_guard();
  test_efficiency_once();
  test_nothing_to_report();
  CHECK_DONE();
}
