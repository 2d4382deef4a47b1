/* The one verdict function. Every sentence tvp prints about one thing being
 * faster than another (a finding, a comparison, a claim) comes from here: a
 * ratio of throughputs X/Y with its 95 % interval, a margin below which a
 * difference does not matter (default 5 %), and p-values adjusted for the
 * family of tests asked at once (multiple.h). Pure. */
#ifndef TVP_VERDICT_H
#define TVP_VERDICT_H

#include <stddef.h>

#include "analysis/multiple.h"
#include "base/util.h"
#include "record/verdict_kind.h"

#define TVP_MARGIN_DEFAULT 0.05
#define TVP_ALPHA 0.05

/* What a verdict rests on. A ratio's interval comes from its own kind of
 * data (per-round ratios, two runs' repetitions, runs of runs); the p-values
 * are those of the tests the interval inverts, against the margin:
 * p_diff of "the ratio lies within the margin" (small: beyond it, on the side
 * of the median), p_same of "the ratio lies beyond the margin" (small: within
 * it, an equivalence test). NaN p-values mean no test. */
typedef struct {
  double median, lo, hi; /* the ratio X/Y and its 95 % interval (NaN when too few) */
  unsigned n;            /* the measurements it rests on (pairs, or the smaller side) */
  unsigned n_needed;     /* the fewest of them that could reach 95 % at all */
  double p_diff, p_same; /* raw */
  double p_diff_adj, p_same_adj; /* adjusted in the family; equal to raw for a family of one */
  /* What the tests need, so that a reader of summary.csv can test again at
   * another margin: the mean and standard deviation of the log ratios, and
   * their degrees of freedom (n - 1 for pairs; Welch's for two samples). */
  double log_mean, log_sd_mean, df; /* log_sd_mean: the standard error of log_mean */
  int disturbed, implausible;
} tvp_ratio_est;

typedef struct {
  tvp_verdict_kind kind;
  tvp_verdict_why why;
} tvp_verdict;

/* The estimate from per-round (paired) ratios x[0..n): their median, its
 * interval (stats.h), and the one-sample t tests of their logarithms
 * (tvp_ratio_test). */
void tvp_ratio_from_pairs(const double *x, size_t n, double margin, tvp_ratio_est *est);

/* Sets p_diff and p_same (and the adjusted ones, as a family of one) from
 * est's log_mean, log_sd_mean and df, against the margin: t tests of the mean
 * log ratio against log(1 + margin) and -log(1 + margin), two one-sided,
 * doubled, for p_diff; the larger of the two the other way round for p_same.
 * NaN when those are NaN. */
void tvp_ratio_test(tvp_ratio_est *est, double margin);

/* Adjusts p_diff and p_same across est[0..n) (each its own family of the
 * same tests) into p_diff_adj and p_same_adj. Disturbed and implausible
 * estimates are no test. Returns the family's size. */
size_t tvp_verdict_family(tvp_ratio_est *est, size_t n, tvp_mt_method method);

/* The verdict on X against Y at the margin (a fraction, 0.05 for 5 %) and
 * alpha: disturbed and implausible first; then beyond the margin when the
 * whole interval is beyond it and the adjusted p_diff is at most alpha;
 * within it when the whole interval is within it and the adjusted p_same is
 * at most alpha; else inconclusive, with the reason. Symmetric on a log
 * scale: beyond means above 1 + margin or below 1 / (1 + margin). */
tvp_verdict tvp_verdict_of(const tvp_ratio_est *est, double margin, double alpha);

/* A sentence for people, no full stop: "fork faster by 1.32x [1.25, 1.40]",
 * "thread faster by 1.10x [1.05, 1.16]" (always the faster over the slower),
 * "no meaningful difference (1.01x [0.98, 1.03], within 5 %)",
 * "inconclusive: 1.04x [0.97, 1.10] straddles the 5 % margin", ... x and y
 * name the two sides. Plain text: the caller escapes it for its format. */
void tvp_verdict_say(tvp_buf *out, tvp_verdict v, const tvp_ratio_est *est, double margin,
                     const char *x, const char *y);

#endif
