/* The ratios a claim rests on, read from a run folder as tests the verdict
 * function (verdict.h) can judge at the claim's own threshold: processes
 * against threads from summary.csv's ratio columns, and one worker count
 * against another of the same model from runs.csv, round by round. Pure. */
#ifndef TVP_CLAIMS_EST_H
#define TVP_CLAIMS_EST_H

#include "analysis/verdict.h"
#include "results/run_folder.h"

/* The fewest pairs a claim's ratio needs: that of a 95 % interval of a median. */
#define TVP_CLAIMS_N_NEEDED 5

/* The summary.csv row of kernel, model and workers with status ok, or NULL. */
const tvp_point *tvp_claims_row(const tvp_run_folder *run, const char *kernel, const char *model,
                                unsigned workers);

/* 1 when x's every counted repetition was disturbed, or its verdict says so. */
int tvp_claims_row_disturbed(const tvp_point *x);

/* x's ratio to threads (ratio_vs_thread with its interval, pairs and log
 * statistics), tested at margin. */
void tvp_claims_ratio_est(const tvp_point *x, double margin, tvp_ratio_est *est);

/* Round by round in run's runs.csv, b's throughput over a's (measured, ok,
 * not disturbed repetitions of the same round and attempt), tested at
 * margin. A run without runs.csv gives no pairs (median NaN). */
void tvp_claims_gain_est(const tvp_run_folder *run, const tvp_point *a, const tvp_point *b,
                         double margin, tvp_ratio_est *est);

/* est divided by k (a threshold made the unit), tested again at margin. */
void tvp_claims_est_scale(tvp_ratio_est *est, double k, double margin);

#endif
