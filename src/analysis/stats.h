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

/* Fewer measured values than this give no interval: below it even min..max
 * covers the median less than 94 % of the time (5 values: 93.75 %, 4: 87.5 %). */
#define TVP_MIN_INTERVAL_N 5

/* The interval tvp reports beside a median: [lo, hi] around the median of
 * x[0..n) (x is not modified), from order statistics with Hettmansperger and
 * Sheather's interpolation between the two neighbouring ranks, so that its
 * coverage is close to 95 % at every n instead of jumping between 94 % and
 * 98 % as whole ranks do. Assumes only independent draws of one quantity: a
 * positive quantity gets positive bounds. Below TVP_MIN_INTERVAL_N values (or
 * with a NaN among them), lo and hi are NaN and so is the return value; else
 * it returns the coverage aimed at (0.95; 0.9375 for 5 values, whose min..max
 * is the widest interval there is). */
double tvp_median_interval(const double *x, size_t n, double *lo, double *hi);

/* Two-sided 97.5 % quantile of Student's t with df degrees of freedom
 * (exact table to df = 30, then an asymptotic expansion); NaN for df == 0. */
double tvp_t_quantile_975(size_t df);

/* P(T > t) for T Student's t with df degrees of freedom (df > 0, not
 * necessarily whole: Welch's test gives fractions); 0 at +inf, 1 at -inf. */
double tvp_t_upper(double t, double df);

/* Karp-Flatt experimentally determined serial fraction
 * e = (1/S - 1/p) / (1 - 1/p); NaN for p <= 1 or S <= 0. */
double tvp_karp_flatt(double speedup, unsigned workers);

#endif
