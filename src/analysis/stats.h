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

/* Two-sided 97.5 % quantile of Student's t with df degrees of freedom
 * (exact table to df = 30, then an asymptotic expansion); NaN for df == 0. */
double tvp_t_quantile_975(size_t df);

/* Karp-Flatt experimentally determined serial fraction
 * e = (1/S - 1/p) / (1 - 1/p); NaN for p <= 1 or S <= 0. */
double tvp_karp_flatt(double speedup, unsigned workers);

#endif
