/* Per-thread resource usage (getrusage RUSAGE_THREAD) and the CPU a worker runs on. */
#ifndef TVP_MEASURE_H
#define TVP_MEASURE_H

#include <stdint.h>

typedef struct {
  double user_s, sys_s;
  int64_t vcsw, ivcsw, minflt, majflt;
} tvp_usage;

/* The calling thread's usage so far; under the fork model a worker is a
 * one-thread process, so the same call serves both models. */
void tvp_usage_thread(tvp_usage *u);
/* after - before, field by field. */
tvp_usage tvp_usage_diff(const tvp_usage *before, const tvp_usage *after);
/* Proportional set size of process pid in KiB, from /proc/PID/smaps_rollup;
 * -1 if it cannot be read. */
int64_t tvp_pss_kib(int pid);
/* Peak resident set of the calling process, in KiB (ru_maxrss). */
int64_t tvp_peak_rss_kib_self(void);

#endif
