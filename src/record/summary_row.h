/* A configuration summarised: the statistics of its repetitions and the figures
 * that compare it with others. Computed by the analysis layer, written to
 * summary.csv by the results layer and printed by the report layer. */
#ifndef TVP_RECORD_SUMMARY_ROW_H
#define TVP_RECORD_SUMMARY_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "record/rep.h"
#include "record/verdict_kind.h"

/* Descriptive statistics of one quantity over the repetitions. */
typedef struct {
  size_t n;
  double median, mean, sd, min, max;
  double cv;                  /* sd / mean; NaN when n < 2 or mean == 0 */
  double ci95_low, ci95_high; /* 95 % interval of the median (analysis/stats.h); NaN when n < 5 */
} tvp_stats;

typedef struct tvp_summary_row {
  size_t config_id;
  const tvp_config_result *res;
  const char *status;      /* "ok", "failed", "interrupted" */
  unsigned reps_ok;
  unsigned reps_disturbed; /* finished but flagged disturbed: not in reps_ok, and no statistic uses them */
  tvp_stats time_s;        /* over successful measured repetitions that were not disturbed */
  tvp_stats throughput;    /* in the kernel's rate unit */
  /* Medians of the per-round figures (analysis/paired.h) and their 95 %
   * intervals: over the same model at 1 worker, over threads at the same worker
   * count; NaN without pairs, the intervals NaN below 5 pairs. */
  double speedup, speedup_ci95_low, speedup_ci95_high;
  double efficiency, karp_flatt; /* NaN where the workers do not have a PU each */
  double ratio_vs_thread, ratio_ci95_low, ratio_ci95_high;
  unsigned pairs_speedup, pairs_ratio;
  /* The verdict on this model against threads at the same point (analysis/verdict.h),
   * its kind TVP_V_NONE on thread rows and where there is no thread row. */
  tvp_verdict_kind verdict;
  tvp_verdict_why verdict_why;
  double verdict_p;        /* the adjusted p-value of the test the verdict rests on */
  double ratio_log_mean, ratio_log_se; /* the log ratios' mean and standard error (n - 1 = df) */
  int implausible;         /* its point passed a physical limit (analysis/implausible.h) */
  char implausible_reason[256];
  double skew_median_us, setup_median_ms;
  double user_s_median, sys_s_median, vcsw_median, ivcsw_median, minflt_median, majflt_median;
  double peak_rss_kib_median;
  double pss_kib_median;   /* NaN when no repetition could read it */
  unsigned off_cpuset_workers; /* the most seen in any repetition */
  uint64_t checksum;
  int checksum_consistent; /* 1 all repetitions agree, 0 they do not, -1 not applicable */
  unsigned reps_short;     /* successful measured repetitions under TVP_SHORT_REP_S */
} tvp_summary_row;

#endif
