/* tvp compare's comparison: the configurations two sides have in common, each
 * side one run or several, paired by the columns of the sweep dimensions
 * (plan/dimensions.h); for each pair the ratio B/A of throughputs with its
 * interval, and the verdict of analysis/verdict.h, adjusted across every pair
 * (Benjamini-Hochberg). Pure: folders in, numbers out. */
#ifndef TVP_COMPARE_H
#define TVP_COMPARE_H

#include <stddef.h>

#include "analysis/environment_diff.h"
#include "analysis/verdict.h"
#include "base/util.h"
#include "results/run_folder.h"

/* Counted repetitions: measured (no warm-up), ok, not disturbed, of the
 * configuration's last attempt. With one run a side the estimate rests on
 * them (Welch on their logarithms, 5 a side needed); with several runs a side,
 * on each run's median of them, which sees the spread from run to run that
 * one run's repetitions cannot (2 runs a side needed). */
#define TVP_COMPARE_REPS_NEEDED 5
#define TVP_COMPARE_RUNS_NEEDED 2
/* The fewest configurations the drift between two runs is estimated from. */
#define TVP_COMPARE_DRIFT_MIN 10

/* One configuration found on both sides. */
typedef struct {
  const tvp_point *pt;      /* as the first of A's runs that has it writes it */
  size_t na, nb;            /* the values the estimate rests on, a side */
  size_t reps_a, reps_b;    /* counted repetitions, all the side's runs together */
  const char *unit;         /* A's if it says one, else B's, else "" */
  double med_a, med_b;      /* the medians of those values; NaN with none */
  tvp_ratio_est est;        /* B/A; est.median is med_b / med_a */
  double drift_sd;          /* the drift between runs in its interval (tvp_comparison's); NaN: none */
  tvp_verdict verdict;      /* B against A: TVP_V_HIGHER is B faster */
} tvp_compare_pair;

/* A side: its runs, read with runs.csv (and meta.json, for the environment). */
typedef struct {
  const tvp_run_folder *runs; /* borrowed */
  size_t n;
} tvp_compare_side;

typedef struct {
  tvp_compare_side a, b;
  double margin, alpha;
  tvp_compare_pair *pairs; /* in the order of A's configurations */
  size_t npairs;
  size_t tested;           /* the family: pairs with a test (not disturbed, enough values) */
  /* One run a side: the spread of log(B/A) between runs, estimated across
   * the configurations in common and added to each one's variance; NaN when
   * not estimated (several runs a side, or fewer than TVP_COMPARE_DRIFT_MIN
   * configurations to estimate it from). */
  double drift_sd;
  size_t drift_from;       /* the configurations it was estimated from */
  /* The configurations of one side only, as their first run writes them. */
  const tvp_point **only_a, **only_b;
  size_t nonly_a, nonly_b;
  tvp_env_diff environment; /* of A's first run and B's first run */
} tvp_comparison;

/* 0 when run (read with runs.csv) has the columns a comparison reads: those of
 * the dimensions, but for the newer ones, in both files, and runs.csv's warmup,
 * status, throughput and throughput_unit. Else -1 with the first one missing
 * in err, as tvp_run_folder_need words it. */
int tvp_compare_check(const tvp_run_folder *run, tvp_buf *err);

/* Pairs each configuration of side a (the first occurrence of each in its
 * runs) with the first not yet paired one of b that has the same value in
 * every dimension's column (a newer column a run lacks reads as empty),
 * estimates B/A for each, adjusts the family of tests and gives each pair its
 * verdict at margin (a fraction) and alpha. The runs must pass
 * tvp_compare_check and outlive *out; free it with tvp_comparison_free. */
void tvp_compare_runs(tvp_comparison *out, tvp_compare_side a, tvp_compare_side b, double margin,
                      double alpha);
void tvp_comparison_free(tvp_comparison *c);

#endif
