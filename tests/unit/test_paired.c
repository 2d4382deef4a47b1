/* Paired figures and the physical-limit check, on hand-made records whose
 * answers are worked out by hand: which repetitions pair (same round, same
 * attempt, both ok and undisturbed) and what summary.csv's paired columns then
 * say. */
#include <math.h>

#include "check.h"
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
  CHECK_EQ_INT(tvp_summarize(r, 2, rows), 2);
  CHECK_EQ_INT(rows[1].reps_ok, 3);
  CHECK_NEAR(rows[1].throughput.median, 195, 1e-9);
  CHECK_NEAR(rows[1].speedup, 1.95, 1e-12);
  CHECK_NEAR(rows[1].speedup_paired, 1.95, 1e-12);
  CHECK_EQ_INT(rows[1].pairs_speedup, 3);

  /* A disturbed repetition counts in no statistic either. */
  r[1].reps[5].disturbed = 1;
  CHECK_EQ_INT(tvp_summarize(r, 2, rows), 2);
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
  CHECK_EQ_INT(tvp_summarize(r, 3, rows), 3);
  CHECK(rows[0].speedup_paired == 1.0);
  CHECK(rows[1].speedup_paired == 1.0);
  CHECK(rows[0].ratio_vs_thread_paired == 1.0);
  CHECK_EQ_INT(rows[0].pairs_speedup, 4);
  CHECK_NEAR(rows[2].speedup_paired, 1.5, 1e-12);
  /* fork at 1 worker over threads, round by round: 2 * odd[3 - i] / odd[i]. */
  CHECK_EQ_INT(rows[1].pairs_ratio, 4);
  CHECK(isnan(rows[2].ratio_vs_thread_paired)); /* no thread row at 2 workers */
  CHECK_EQ_INT(rows[2].pairs_ratio, 0);
}

/* Every round 0 (--order blocked, runs from before rounds): rep i pairs with rep i. */
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
  CHECK_EQ_INT(tvp_summarize(r, 2, rows), 2);
  CHECK_NEAR(rows[1].speedup_paired, 1.7, 1e-12);
  CHECK_EQ_INT(rows[1].pairs_speedup, 2);
}

int main(void) {
  pairs_by_round();
  only_the_last_attempt();
  one_worker_is_exactly_one();
  round_zero_pairs_by_index();
  CHECK_DONE();
}
