/* Findings: short sentences that `tvp report` writes from a run's numbers (the
 * process/thread ratio and whether the intervals overlap, the best speedup,
 * failures, noise). Pure: rows in, Markdown text out. */
#ifndef TVP_FINDINGS_H
#define TVP_FINDINGS_H

#include <stddef.h>

#include "base/util.h"
#include "results/run_folder.h" /* tvp_point: one row of summary.csv */

/* Above this coefficient of variation of the time a configuration is noisy. */
#define TVP_NOISY_CV 0.05
/* Process and thread throughputs closer than this (as a fraction) are "within
 * N % of each other". */
#define TVP_CLOSE_RATIO 0.02

/* 1 when a and b are the same point of the sweep but for the model and the
 * worker count: same kernel and the same value of every point dimension. */
int tvp_point_same_series(const tvp_point *a, const tvp_point *b);

/* "core placement, strong scaling, 50000 units": names a series when a kernel
 * has several. */
void tvp_point_series_label(const tvp_point *p, tvp_buf *out);

/* The sentence on the process (model proc) against thread throughput at one
 * point, both with status ok. where is "On cpu.primes at 2 workers" or the
 * like. Ends with a full stop, no newline. */
void tvp_finding_ratio(const char *where, const tvp_point *thread, const tvp_point *proc,
                       tvp_buf *out);

/* Every finding for kernel, as Markdown bullets ("- ...\n"), from the rows of
 * points that belong to it. cores is the machine's core count, 0 if unknown. */
void tvp_findings_kernel(const char *kernel, const tvp_point *points, size_t n, unsigned cores,
                         tvp_buf *out);

#endif
