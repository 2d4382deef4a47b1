/* The sink of `tvp run`: each repetition goes to the results folder as it ends,
 * and the console hears of the progress and of each configuration. */
#ifndef TVP_RUN_SINK_H
#define TVP_RUN_SINK_H

#include "plan/plan.h"
#include "report/progress.h"
#include "results/results.h"
#include "run/runner.h"

typedef struct {
  tvp_results *results;
  tvp_progress progress;
  int quiet; /* no line per configuration on stdout */
} tvp_run_console_sink;

/* Fills s and returns the sink that feeds it; `progress` draws the progress
 * line on stderr. s must outlive the run. */
tvp_run_sink tvp_run_sink_make(tvp_run_console_sink *s, tvp_results *results, const tvp_plan *plan,
                               int progress, int quiet);

#endif
