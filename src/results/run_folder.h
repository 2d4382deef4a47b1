/* A run folder read back: summary.csv, runs.csv and meta.json as typed rows, for
 * the commands that read a finished run (report, compare, claims, plot). */
#ifndef TVP_RUN_FOLDER_H
#define TVP_RUN_FOLDER_H

#include <stddef.h>

#include "base/csv_table.h"
#include "base/util.h"
#include "plan/dimension_id.h"
#include "record/verdict_kind.h"
#include "results/meta_read.h"

/* One row of summary.csv. Strings are borrowed from the folder's table, as
 * written, "" when empty or when the column is absent (a run from before it). */
typedef struct {
  const char *config, *kernel, *model;
  /* each dimension's column as written (tvp_dim_id order), "" if empty or not a column */
  const char *dim[TVP_DIM_COUNT];
  /* the size the plan asked for: dim[TVP_DIM_UNITS], unless --min-time grew
   * it, and then the size it grew from (read with TVP_RUN_META) */
  const char *units_asked;
  const char *reps, *status, *reason, *unit, *bound;
  unsigned workers; /* 0 when not a count */
  int oversubscribed;
  unsigned reps_ok;
  unsigned reps_disturbed; /* finished but flagged disturbed, beside reps_ok (which leaves them out); 0 in a run from before the column */
  /* NaN when empty, absent or not a number. */
  double time_cv;
  double tp_median, tp_ci_low, tp_ci_high; /* throughput */
  double speedup, efficiency;
  double time_median_s, time_ci_low_s, time_ci_high_s;
  double ratio_vs_thread, pss_kib_median;
  /* The ratio to threads: its interval, pairs, the log ratios' mean and
   * standard error (to test again at another margin), and the run's verdict
   * (record/verdict_kind.h; TVP_V_NONE when the column is empty or absent). */
  double ratio_ci_low, ratio_ci_high, ratio_log_mean, ratio_log_se, verdict_p;
  double speedup_ci_low, speedup_ci_high, karp_flatt;
  unsigned pairs_ratio, pairs_speedup;
  tvp_verdict_kind verdict;
  tvp_verdict_why verdict_why;
  int implausible;                /* 1 when its point passed a physical limit; 0 also when not judged */
  const char *implausible_reason; /* why, "" when not implausible */
} tvp_point;

/* One row of runs.csv: a repetition of a configuration. */
typedef struct {
  const char *config, *status, *unit; /* borrowed, "" when absent */
  long rep;
  long attempt;      /* 0 in a run from before the column: repeated rounds after disturbance */
  int warmup;        /* 1 a warm-up, 0 measured, -1 neither written */
  double throughput; /* NaN when empty */
  int disturbed;     /* 1 when flagged disturbed; 0 too in a run from before the column */
} tvp_rep_row;

/* Which files tvp_run_folder_read reads beside summary.csv, which it always does. */
enum {
  TVP_RUN_RUNS = 1,         /* runs.csv, or fail */
  TVP_RUN_RUNS_IF_ANY = 2,  /* runs.csv when it reads; have_runs says */
  TVP_RUN_META = 4,         /* meta.json, never fatal: have_meta and meta_err say */
};

typedef struct {
  const char *dir;
  tvp_csv_table summary, runs; /* the files as read, columns by name */
  tvp_point *points;           /* one per summary.csv row */
  size_t npoints;
  tvp_rep_row *reps; /* one per runs.csv row */
  size_t nreps;
  int have_runs;
  tvp_meta_doc meta;
  int have_meta;
  tvp_buf meta_err;
} tvp_run_folder;

/* Reads the run folder dir (borrowed) into *f. Returns 0, or -1 with a one-line
 * message naming the file in err, and then *f holds nothing to free. */
int tvp_run_folder_read(tvp_run_folder *f, const char *dir, unsigned files, tvp_buf *err);
void tvp_run_folder_free(tvp_run_folder *f);

/* 0 when summary.csv (runs = 0) or runs.csv (runs = 1) has the column; else -1
 * with "DIR/summary.csv has no column 'NAME'" in err. */
int tvp_run_folder_need(const tvp_run_folder *f, int runs, const char *column, tvp_buf *err);

/* The warm-ups each ok configuration ran, from runs.csv: -1 when not known (no
 * runs.csv, or one without the columns), -2 when they differ between configurations. */
long tvp_run_folder_warmups(const tvp_run_folder *f);

#endif
