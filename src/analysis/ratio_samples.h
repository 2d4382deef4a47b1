/* A ratio of two independent samples' medians, X/Y, with the interval and the
 * tests of Welch's t on their logarithms: what tvp compare rests a verdict on,
 * where nothing pairs a value of one side with one of the other (two runs'
 * repetitions, or the medians of several runs a side). Pure. */
#ifndef TVP_RATIO_SAMPLES_H
#define TVP_RATIO_SAMPLES_H

#include <stddef.h>

#include "analysis/verdict.h"

/* The estimate of X/Y from x[0..nx) and y[0..ny) (positive values): median
 * med(x)/med(y); log_mean the difference of the mean logarithms, log_sd_mean
 * Welch's standard error, df Welch-Satterthwaite's; interval
 * exp(log_mean +- t(0.975, df) se); p-values from tvp_ratio_test at margin.
 * n is the smaller side, n_needed as given. With fewer than 2 values a side,
 * or a value not positive, the interval and tests are NaN (the median stays
 * when both sides have one). */
void tvp_ratio_from_samples(const double *x, size_t nx, const double *y, size_t ny,
                            unsigned n_needed, double margin, tvp_ratio_est *est);

/* Adds extra_var to the variance of est's log ratio (the spread between runs
 * that one run a side cannot see in its repetitions), and sets its interval
 * and p-values again at margin. Leaves an estimate without a test as it is. */
void tvp_ratio_widen(tvp_ratio_est *est, double extra_var, double margin);

/* The t such that P(T > t) = p for Student's t with df degrees of freedom
 * (fractional df too), 0 < p < 0.5, by bisection on tvp_t_upper. */
double tvp_t_upper_inverse(double p, double df);

#endif
