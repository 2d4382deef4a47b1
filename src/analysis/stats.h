/* Descriptive statistics of repetitions and the scalability figures derived from
 * them. Pure functions: no I/O, no global state. */
#ifndef TVP_STATS_H
#define TVP_STATS_H

#include <stddef.h>

#include "record/summary_row.h"


/* Fills *out from x[0..n). x is not modified. Returns -1 when n == 0 (out is
 * then all NaN with n = 0), else 0. NaN entries in x are an error (-1). */
int tvp_stats_compute(const double *x, size_t n, tvp_stats *out);

/* Median of x[0..n) (mean of the two middle values when n is even); NaN if n == 0. */
double tvp_median(const double *x, size_t n);

/* The rank k of the distribution-free 95 % interval of the median of n values:
 * [x(k), x(n-k+1)] of the sorted values, counted from 1, with the largest k
 * whose coverage, 1 - 2 P(B < k) for B ~ Binomial(n, 1/2), is at least 95 %.
 * Below 6 values no k reaches 95 % (5 values cover 93.75 %, fewer less), and
 * k is 1: min..max. 0 when n == 0. */
size_t tvp_median_ci95_rank(size_t n);

/* That interval of x[0..n) (x is not modified) into *lo and *hi, and its
 * coverage as the return value. NaN, with lo and hi NaN, when n == 0 or an
 * entry is NaN. It assumes nothing of the distribution, only that the values
 * are independent draws of one quantity. */
double tvp_median_ci95(const double *x, size_t n, double *lo, double *hi);

/* Two-sided 97.5 % quantile of Student's t with df degrees of freedom
 * (exact table to df = 30, then an asymptotic expansion); NaN for df == 0. */
double tvp_t_quantile_975(size_t df);

/* Karp-Flatt experimentally determined serial fraction
 * e = (1/S - 1/p) / (1 - 1/p); NaN for p <= 1 or S <= 0. */
double tvp_karp_flatt(double speedup, unsigned workers);

#endif
