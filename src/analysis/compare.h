/* tvp compare's comparison: the configurations two run folders have in common,
 * paired by the columns of the sweep dimensions (plan/dimensions.h), and for
 * each pair the measured repetitions' throughputs, their medians, the ratio B/A
 * and a Mann-Whitney U test with its verdict. Pure: folders in, numbers out. */
#ifndef TVP_COMPARE_H
#define TVP_COMPARE_H

#include <stddef.h>

#include "analysis/environment_diff.h"
#include "analysis/mannwhitney.h"
#include "base/util.h"
#include "results/run_folder.h"

/* B against A. */
typedef enum {
  TVP_VERDICT_TOO_FEW,       /* even fully separated samples could not reach alpha */
  TVP_VERDICT_NO_DIFFERENCE, /* p > alpha */
  TVP_VERDICT_FASTER,        /* p <= alpha, B's throughputs the higher */
  TVP_VERDICT_SLOWER,        /* p <= alpha, A's throughputs the higher */
} tvp_compare_verdict;

/* One configuration found in both runs. */
typedef struct {
  size_t row_a, row_b; /* its summary.csv rows (points) in A and in B */
  double *a, *b;       /* the throughputs of the measured repetitions that succeeded */
  size_t na, nb;
  const char *unit;    /* their unit: A's if it says one, else B's, else "" */
  double med_a, med_b; /* NaN with no repetition */
  double ratio;        /* med_b / med_a; NaN unless med_a > 0 */
  tvp_mw_result mw;    /* of B against A: u counts the pairs where B is the higher */
  tvp_compare_verdict verdict;
} tvp_compare_pair;

/* No pair: the value of pair_of_a and pair_of_b for a configuration in one run only. */
#define TVP_COMPARE_UNPAIRED ((size_t)-1)

typedef struct {
  const tvp_run_folder *a, *b; /* borrowed */
  double alpha;
  tvp_compare_pair *pairs; /* in the order of A's rows */
  size_t npairs;
  /* per summary.csv row of A (of B): its index in pairs, or TVP_COMPARE_UNPAIRED */
  size_t *pair_of_a, *pair_of_b;
  tvp_env_diff environment; /* the fields of meta.json's environment that differ */
} tvp_comparison;

/* 0 when run (read with runs.csv) has the columns a comparison reads: those of
 * the dimensions, but for the newer ones, in both files, and runs.csv's warmup,
 * status, throughput and throughput_unit. Else -1 with the first one missing
 * in err, as tvp_run_folder_need words it. */
int tvp_compare_check(const tvp_run_folder *run, tvp_buf *err);

/* Pairs each configuration of a with the first not yet paired one of b that has
 * the same value in every dimension's column (a newer column a run lacks reads
 * as empty), and compares each pair at significance level alpha; compares the
 * environments too, when the folders were read with their meta.json. Both folders
 * must pass tvp_compare_check and outlive *out; free it with tvp_comparison_free. */
void tvp_compare_runs(tvp_comparison *out, const tvp_run_folder *a, const tvp_run_folder *b,
                      double alpha);
void tvp_comparison_free(tvp_comparison *c);

/* "faster", "slower", "no significant difference" or "too few repetitions". */
const char *tvp_compare_verdict_name(tvp_compare_verdict v);

#endif
