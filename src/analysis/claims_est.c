/* The estimates behind the claims (see claims_est.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/claims_est.h"

const tvp_point *tvp_claims_row(const tvp_run_folder *run, const char *kernel, const char *model,
                                unsigned workers) {
  for (size_t r = 0; run && r < run->npoints; r++) {
    const tvp_point *x = &run->points[r];
    if (strcmp(x->kernel, kernel) == 0 && strcmp(x->model, model) == 0 && x->workers == workers &&
        strcmp(x->status, "ok") == 0)
      return x;
  }
  return NULL;
}

int tvp_claims_row_disturbed(const tvp_point *x) {
  /* reps_ok counts the undisturbed ones only */
  return x->verdict == TVP_V_DISTURBED || (x->reps_ok == 0 && x->reps_disturbed > 0);
}

void tvp_claims_ratio_est(const tvp_point *x, double margin, tvp_ratio_est *est) {
  unsigned n = x->pairs_ratio;
  *est = (tvp_ratio_est){.median = x->ratio_vs_thread, .lo = x->ratio_ci_low,
                         .hi = x->ratio_ci_high, .n = n, .n_needed = TVP_CLAIMS_N_NEEDED,
                         .log_mean = x->ratio_log_mean, .log_sd_mean = x->ratio_log_se,
                         .df = n > 0 ? (double)n - 1 : 0, .disturbed = tvp_claims_row_disturbed(x),
                         .implausible = x->implausible};
  tvp_ratio_test(est, margin);
}

/* The highest attempt among config's measured rows of runs.csv. */
static double last_attempt(const tvp_run_folder *run, const char *config, int c_attempt) {
  double most = 0;
  for (size_t i = 0; i < run->nreps; i++)
    if (strcmp(run->reps[i].config, config) == 0) {
      double a = tvp_csv_table_num(&run->runs, i, c_attempt);
      most = isfinite(a) && a > most ? a : most;
    }
  return most;
}

/* 1 when row i of runs.csv is a counted repetition of config at attempt. */
static int counts(const tvp_run_folder *run, size_t i, const char *config, int c_attempt,
                  double attempt) {
  const tvp_rep_row *x = &run->reps[i];
  double a = tvp_csv_table_num(&run->runs, i, c_attempt);
  return strcmp(x->config, config) == 0 && x->warmup == 0 && strcmp(x->status, "ok") == 0 &&
         !x->disturbed && x->throughput > 0 && (isnan(a) ? 0 : a) == attempt;
}

void tvp_claims_gain_est(const tvp_run_folder *run, const tvp_point *a, const tvp_point *b,
                         double margin, tvp_ratio_est *est) {
  int c_round = run->have_runs ? tvp_csv_table_col(&run->runs, "round") : -1;
  int c_attempt = run->have_runs ? tvp_csv_table_col(&run->runs, "attempt") : -1;
  double *x = tvp_xcalloc(run->nreps + 1, sizeof *x);
  size_t k = 0;
  if (c_round >= 0) {
    double aa = last_attempt(run, a->config, c_attempt), ab = last_attempt(run, b->config, c_attempt);
    for (size_t i = 0; i < run->nreps; i++) {
      if (!counts(run, i, a->config, c_attempt, aa))
        continue;
      double round = tvp_csv_table_num(&run->runs, i, c_round);
      for (size_t j = 0; j < run->nreps; j++)
        if (counts(run, j, b->config, c_attempt, ab) &&
            tvp_csv_table_num(&run->runs, j, c_round) == round) {
          x[k++] = run->reps[j].throughput / run->reps[i].throughput;
          break;
        }
    }
  }
  tvp_ratio_from_pairs(x, k, margin, est);
  est->n_needed = TVP_CLAIMS_N_NEEDED;
  est->disturbed = tvp_claims_row_disturbed(a) || tvp_claims_row_disturbed(b);
  est->implausible = a->implausible || b->implausible;
  free(x);
}

void tvp_claims_est_scale(tvp_ratio_est *est, double k, double margin) {
  est->median /= k;
  est->lo /= k;
  est->hi /= k;
  est->log_mean -= log(k);
  tvp_ratio_test(est, margin);
}
