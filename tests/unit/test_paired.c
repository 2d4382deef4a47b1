/* Paired figures and the physical-limit check, on hand-made records whose
 * answers are worked out by hand: which repetitions pair (same round, same
 * attempt, both ok and undisturbed), what summary.csv's paired columns then
 * say, and when a point's speedup is more than its PUs can give. */
#include <math.h>

#include "check.h"
#include "analysis/implausible.h"
#include "analysis/paired.h"
#include "analysis/summary.h"
#include "kernels/kernel.h"
#include "models/model.h"

#define MAXREPS 12

/* One configuration with up to MAXREPS repetitions. */
typedef struct {
  tvp_config cfg;
  tvp_rep reps[MAXREPS];
} fixture;

static tvp_config config(const char *kernel, const char *model, unsigned workers) {
  return (tvp_config){.kernel = tvp_kernel_find(kernel), .model = tvp_model_find(model),
                      .placement = TVP_PLACE_CORE, .workers = workers, .units = 1000,
                      .scaling = TVP_SCALING_STRONG, .reps = 5, .warmup = 1, .timeout_s = 60};
}

/* Adds an ok repetition of attempt 1 in round `round` with throughput tp. */
static tvp_rep *add(fixture *f, tvp_config_result *r, unsigned round, double tp) {
  tvp_rep *p = &f->reps[r->nreps];
  *p = (tvp_rep){.index = r->nreps, .round = round, .attempt = 1, .ok = 1, .throughput = tp,
                 .wall_s = 1 / tp, .units = 1000, .pss_kib = 100};
  r->reps = f->reps;
  r->nreps++;
  return p;
}

static tvp_config_result result(fixture *f) {
  return (tvp_config_result){.cfg = &f->cfg, .status = TVP_CONFIG_OK, .reps = f->reps};
}

static const size_t point2[] = {0, 1};

/* A repetition of round 3 pairs with round 3 alone, whatever the order the
 * rounds are stored in; failed and disturbed ones pair with nothing. */
static void pairs_by_round(void) {
  fixture f[2] = {{.cfg = config("cpu.primes", "thread", 1)}, {.cfg = config("cpu.primes", "thread", 2)}};
  tvp_config_result r[2] = {result(&f[0]), result(&f[1])};
  add(&f[0], &r[0], 3, 6);
  add(&f[0], &r[0], 1, 4);
  add(&f[0], &r[0], 2, 5);
  add(&f[1], &r[1], 1, 8);
  add(&f[1], &r[1], 2, 15);
  add(&f[1], &r[1], 3, 30);
  tvp_pairing how = tvp_pairing_of(r, point2, 2);
  CHECK_EQ_INT(how.attempt, 1);
  CHECK_EQ_INT(how.by_index, 0);
  double x[MAXREPS];
  /* By round: 8/4, 15/5, 30/6. By index it would be 8/6, 15/4, 30/5. */
  CHECK_EQ_INT(tvp_paired_ratios(&r[1], &r[0], how, x), 3);
  CHECK_NEAR(x[0], 2, 1e-15);
  CHECK_NEAR(x[1], 3, 1e-15);
  CHECK_NEAR(x[2], 5, 1e-15);
  unsigned pairs = 0;
  CHECK_NEAR(tvp_paired_median(&r[1], &r[0], how, &pairs), 3, 1e-15);
  CHECK_EQ_INT(pairs, 3);

  r[0].reps[2].disturbed = 1; /* round 2 of the baseline */
  r[1].reps[0].ok = 0;        /* round 1 of the 2 workers */
  CHECK_EQ_INT(tvp_paired_ratios(&r[1], &r[0], how, x), 1);
  CHECK_NEAR(x[0], 5, 1e-15);
  /* A baseline of throughput 0 gives no ratio. */
  r[0].reps[0].throughput = 0;
  CHECK_EQ_INT(tvp_paired_ratios(&r[1], &r[0], how, x), 0);
  CHECK(isnan(tvp_paired_median(&r[1], &r[0], how, &pairs)));
  CHECK_EQ_INT(pairs, 0);
}

/* A point run again (attempt 2) is paired within attempt 2 only, and its
 * statistics leave attempt 1 out. */
static void only_the_last_attempt(void) {
  fixture f[2] = {{.cfg = config("cpu.primes", "thread", 1)}, {.cfg = config("cpu.primes", "thread", 2)}};
  tvp_config_result r[2] = {result(&f[0]), result(&f[1])};
  for (unsigned round = 0; round < 3; round++) {
    add(&f[0], &r[0], round, 10);
    add(&f[1], &r[1], round, 40); /* implausible: 4x */
  }
  for (unsigned round = 0; round < 3; round++) {
    add(&f[0], &r[0], round, 100)->attempt = 2;
    add(&f[1], &r[1], round, 190 + 5 * round)->attempt = 2;
  }
  tvp_pairing how = tvp_pairing_of(r, point2, 2);
  CHECK_EQ_INT(how.attempt, 2);
  double x[MAXREPS];
  CHECK_EQ_INT(tvp_paired_ratios(&r[1], &r[0], how, x), 3);
  CHECK_NEAR(x[0], 1.9, 1e-12);
  CHECK_NEAR(x[2], 2.0, 1e-12);

  tvp_summary_row rows[2];
  CHECK_EQ_INT(tvp_summarize(r, 2, 0.05, rows), 2);
  CHECK_EQ_INT(rows[1].reps_ok, 3);
  CHECK_NEAR(rows[1].throughput.median, 195, 1e-9);
  CHECK_NEAR(rows[1].speedup, 1.95, 1e-12);
  CHECK_NEAR(rows[1].speedup, 1.95, 1e-12);
  CHECK_EQ_INT(rows[1].pairs_speedup, 3);
  CHECK_EQ_INT(rows[1].implausible, 0); /* attempt 1's 4x is forgotten */

  /* A disturbed repetition counts in no statistic either. */
  r[1].reps[5].disturbed = 1;
  CHECK_EQ_INT(tvp_summarize(r, 2, 0.05, rows), 2);
  CHECK_EQ_INT(rows[1].reps_ok, 2);
  CHECK_NEAR(rows[1].throughput.max, 195, 1e-9);
  CHECK_EQ_INT(rows[1].pairs_speedup, 2);
}

/* At 1 worker the paired speedup is exactly 1, and so is a thread row's
 * paired ratio, whatever the throughputs. */
static void one_worker_is_exactly_one(void) {
  fixture f[3] = {{.cfg = config("cpu.primes", "thread", 1)}, {.cfg = config("cpu.primes", "fork", 1)},
                  {.cfg = config("cpu.primes", "fork", 2)}};
  tvp_config_result r[3] = {result(&f[0]), result(&f[1]), result(&f[2])};
  const double odd[] = {0.1 + 0.2, 1.0 / 3, 7e-300, 123456.789};
  for (unsigned round = 0; round < 4; round++) {
    add(&f[0], &r[0], round, odd[round]);
    add(&f[1], &r[1], round, odd[3 - round] * 2);
    add(&f[2], &r[2], round, odd[3 - round] * 3);
  }
  tvp_summary_row rows[3];
  CHECK_EQ_INT(tvp_summarize(r, 3, 0.05, rows), 3);
  CHECK(rows[0].speedup == 1.0);
  CHECK(rows[1].speedup == 1.0);
  CHECK(rows[0].ratio_vs_thread == 1.0);
  CHECK_EQ_INT(rows[0].pairs_speedup, 4);
  CHECK_NEAR(rows[2].speedup, 1.5, 1e-12);
  /* fork at 1 worker over threads, round by round: 2 * odd[3 - i] / odd[i]. */
  CHECK_EQ_INT(rows[1].pairs_ratio, 4);
  CHECK(isnan(rows[2].ratio_vs_thread)); /* no thread row at 2 workers */
  CHECK_EQ_INT(rows[2].pairs_ratio, 0);
}

/* Every round 0 (runs from before rounds): rep i pairs with rep i. */
static void round_zero_pairs_by_index(void) {
  fixture f[2] = {{.cfg = config("cpu.primes", "thread", 1)}, {.cfg = config("cpu.primes", "thread", 2)}};
  tvp_config_result r[2] = {result(&f[0]), result(&f[1])};
  add(&f[0], &r[0], 0, 10);
  add(&f[0], &r[0], 0, 20);
  add(&f[1], &r[1], 0, 15);
  add(&f[1], &r[1], 0, 38);
  tvp_pairing how = tvp_pairing_of(r, point2, 2);
  CHECK_EQ_INT(how.by_index, 1);
  double x[MAXREPS];
  CHECK_EQ_INT(tvp_paired_ratios(&r[1], &r[0], how, x), 2);
  CHECK_NEAR(x[0], 1.5, 1e-15);
  CHECK_NEAR(x[1], 1.9, 1e-15);
  tvp_summary_row rows[2];
  CHECK_EQ_INT(tvp_summarize(r, 2, 0.05, rows), 2);
  CHECK_NEAR(rows[1].speedup, 1.7, 1e-12);
  CHECK_EQ_INT(rows[1].pairs_speedup, 2);
}

/* A point of kernel at 1 and `workers` workers, 5 rounds, the second
 * configuration's speedups sp[0..5); pus: its pus_in_use. */
static int judge(const char *kernel, unsigned workers, unsigned pus, const double sp[5], char *why,
                 size_t len) {
  fixture f[2] = {{.cfg = config(kernel, "thread", 1)}, {.cfg = config(kernel, "thread", workers)}};
  tvp_config_result r[2] = {result(&f[0]), result(&f[1])};
  r[1].pus_in_use = pus;
  r[1].oversubscribed = pus && workers > pus;
  for (unsigned round = 1; round <= 5; round++) {
    add(&f[0], &r[0], round, 100 + round);
    add(&f[1], &r[1], round, (100 + round) * sp[round - 1]);
  }
  return tvp_point_implausible(r, point2, 2, why, len);
}

static void physical_limits(void) {
  char why[256];
  const double fast[] = {3.5, 3.5, 3.5, 3.5, 3.5}, fine[] = {1.95, 1.95, 1.95, 1.95, 1.95},
               three[] = {3, 3, 3, 3, 3}, noisy[] = {1.9, 2.1, 1.95, 2.05, 2.2},
               super[] = {2.5, 2.4, 2.6, 2.5, 2.5};
  CHECK_EQ_INT(judge("cpu.primes", 2, 2, fast, why, sizeof why), 1);
  CHECK_STR(why, "thread at 2 workers: speedup [3.5, 3.5] above the 2 PUs in use");
  CHECK_EQ_INT(judge("cpu.primes", 2, 2, fine, why, sizeof why), 0);
  CHECK_STR(why, "");
  /* An interval that reaches below the limit is noise, not a violation. */
  CHECK_EQ_INT(judge("cpu.primes", 2, 2, noisy, why, sizeof why), 0);
  /* Oversubscribed, 4 workers on 2 PUs: judged against the PUs, not the workers. */
  CHECK_EQ_INT(judge("cpu.primes", 4, 2, three, why, sizeof why), 1);
  CHECK_STR(why, "thread at 4 workers: speedup [3, 3] above the 2 PUs in use");
  /* PUs not known: the worker count is the limit. */
  CHECK_EQ_INT(judge("cpu.primes", 4, 0, three, why, sizeof why), 0);
  CHECK_EQ_INT(judge("cpu.primes", 2, 0, fast, why, sizeof why), 1);
  /* Unbound on 8 PUs, 2 workers: efficiency above 1 is the limit. */
  CHECK_EQ_INT(judge("cpu.primes", 2, 8, super, why, sizeof why), 1);
  CHECK_STR(why, "thread at 2 workers: speedup [2.4, 2.6] above its worker count (efficiency above 1)");
  /* Workers that block leave their PU to others: io.sleep passes the PUs honestly. */
  CHECK_EQ_INT(judge("io.sleep", 2, 2, fast, why, sizeof why), 0);
  /* why may be left out. */
  CHECK_EQ_INT(judge("cpu.primes", 2, 2, fast, NULL, 0), 1);
  /* Four rounds are too few to judge, however fast: no second attempt on a short run. */
  fixture f[2] = {{.cfg = config("cpu.primes", "thread", 1)}, {.cfg = config("cpu.primes", "thread", 2)}};
  tvp_config_result r[2] = {result(&f[0]), result(&f[1])};
  r[1].pus_in_use = 2;
  for (unsigned round = 1; round <= 4; round++) {
    add(&f[0], &r[0], round, 100);
    add(&f[1], &r[1], round, 350);
  }
  CHECK_EQ_INT(tvp_point_implausible(r, point2, 2, why, sizeof why), 0);
}

/* summary.csv marks every row of an implausible point, and no other. */
static void summary_marks_the_point(void) {
  fixture f[4] = {{.cfg = config("cpu.primes", "thread", 1)}, {.cfg = config("cpu.primes", "thread", 2)},
                  {.cfg = config("cpu.primes", "thread", 1)}, {.cfg = config("cpu.primes", "thread", 2)}};
  f[2].cfg.units = f[3].cfg.units = 2000; /* another point */
  tvp_config_result r[4] = {result(&f[0]), result(&f[1]), result(&f[2]), result(&f[3])};
  r[1].pus_in_use = r[3].pus_in_use = 2;
  for (unsigned round = 1; round <= 5; round++) { /* 5 pairs: fewer are not judged */
    add(&f[0], &r[0], round, 10);
    add(&f[1], &r[1], round, 35);
    add(&f[2], &r[2], round, 10);
    add(&f[3], &r[3], round, 19);
  }
  tvp_summary_row rows[4];
  CHECK_EQ_INT(tvp_summarize(r, 4, 0.05, rows), 4);
  CHECK_EQ_INT(rows[0].implausible, 1);
  CHECK_EQ_INT(rows[1].implausible, 1);
  CHECK_STR(rows[0].implausible_reason, "thread at 2 workers: speedup [3.5, 3.5] above the 2 PUs in use");
  CHECK_EQ_INT(rows[2].implausible, 0);
  CHECK_EQ_INT(rows[3].implausible, 0);
  CHECK_STR(rows[3].implausible_reason, "");
}

int main(void) {
  pairs_by_round();
  only_the_last_attempt();
  one_worker_is_exactly_one();
  round_zero_pairs_by_index();
  physical_limits();
  summary_marks_the_point();
  CHECK_DONE();
}
