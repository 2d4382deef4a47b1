/* The Mann-Whitney U test (Wilcoxon rank-sum): do two sets of repetitions come
 * from the same distribution? Pure functions: no I/O, no global state. */
#ifndef TVP_MANNWHITNEY_H
#define TVP_MANNWHITNEY_H

#include <stddef.h>

/* Up to this many values per sample, and with no ties, the p-value is exact. */
#define TVP_MW_EXACT_MAX 30

typedef struct {
  double u;     /* U of the first sample: pairs (x_i, y_j) with x_i > y_j, a tie
                 * counting 1/2; from 0 to n1 * n2, n1 * n2 / 2 when no shift */
  double p;     /* two-sided p-value */
  int exact;    /* 1: counted from the exact distribution of U; 0: normal
                 * approximation with tie and continuity corrections */
  int ties;     /* 1 when some values are equal (within or across samples) */
} tvp_mw_result;

/* Tests x[0..n1) against y[0..n2). Returns 0, or -1 when a sample is empty or
 * holds a NaN (out is then u = p = NaN). The inputs are not modified. */
int tvp_mann_whitney(const double *x, size_t n1, const double *y, size_t n2, tvp_mw_result *out);

/* The smallest two-sided p-value the test can give with these sample sizes,
 * reached when the samples do not overlap at all: 2 / C(n1 + n2, n1), at most 1.
 * If it is above alpha, no data can make the difference significant. */
double tvp_mw_min_p(size_t n1, size_t n2);

#endif
