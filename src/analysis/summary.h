/* From repetitions to one row per configuration: statistics of time and
 * throughput, then the figures that compare configurations (speedup against one
 * worker, efficiency, Karp-Flatt, the ratio to the thread model). */
#ifndef TVP_SUMMARY_H
#define TVP_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "run/runner.h"
#include "analysis/stats.h"

typedef struct tvp_summary_row {
  size_t config_id;
  const tvp_config_result *res;
  const char *status;      /* "ok", "failed", "interrupted" */
  unsigned reps_ok;
  tvp_stats time_s;        /* over successful measured repetitions */
  tvp_stats throughput;    /* in the kernel's rate unit */
  double speedup, speedup_ci95_low, speedup_ci95_high, efficiency, karp_flatt;
  double ratio_vs_thread;  /* throughput / the thread model's at the same point */
  double skew_median_us, setup_median_ms;
  double user_s_median, sys_s_median, vcsw_median, ivcsw_median, minflt_median, majflt_median;
  double peak_rss_kib_median;
  double pss_kib_median;   /* NaN when no repetition could read it */
  unsigned off_cpuset_workers; /* the most seen in any repetition */
  uint64_t checksum;
  int checksum_consistent; /* 1 all repetitions agree, 0 they do not, -1 not applicable */
} tvp_summary_row;

/* rows[i] summarises results[i]; returns how many rows were filled, in plan
 * order, leaving out configurations that never started (an interrupted run). */
size_t tvp_summarize(const tvp_config_result *results, size_t n, tvp_summary_row *rows);

#endif
