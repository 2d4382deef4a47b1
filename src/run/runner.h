/* The runner: walks the plan one point at a time, in rounds (run/rounds.h),
 * runs each repetition in a fresh cell process, enforces the timeout, reaps
 * everything, and hands every repetition to the sink it is given as soon as it
 * ends. It writes and
 * prints nothing itself: the sink's owner decides where records go. */
#ifndef TVP_RUNNER_H
#define TVP_RUNNER_H

#include <stdint.h>

#include "place/placement.h"
#include "place/topology.h"
#include "plan/plan.h"
#include "record/rep.h"
#include "run/rounds.h"

/* Where the runner's records go, and who hears of its progress. Every
 * callback is optional (NULL: not told); ctx is handed back to each. */
typedef struct {
  void *ctx;
  /* A repetition of configuration id is about to start: rep says which (warm-up
   * or measured, its index, round and attempt). */
  void (*rep_starting)(void *ctx, size_t id, const tvp_config *cfg, const tvp_rep *rep);
  /* A repetition ended (warm-up or measured, whole or failed) with its
   * workers' samples. 0, or -1 with errno set: the run stops there. */
  int (*rep_done)(void *ctx, size_t id, const tvp_config *cfg, const tvp_placement *pl, const tvp_rep *rep,
                  const tvp_sample *samples);
  /* n repetitions counted on will not run (a configuration failed, or a resumed
   * run kept them). */
  void (*reps_skipped)(void *ctx, size_t n);
  /* n repetitions not counted on will run: rounds that make up for disturbed
   * repetitions, or a point's second attempt. */
  void (*cells_added)(void *ctx, size_t n);
  /* A point's rounds of its first attempt are done (ids: its n configurations,
   * indexes into results). 1: its figures are impossible (a speedup above the
   * PUs in use), so its rounds run once more as a second attempt; 0: they stand. */
  int (*point_implausible)(void *ctx, const tvp_config_result *results, const size_t *ids, size_t n);
  /* A configuration that will not run at all (failed in a resumed run). */
  void (*config_skipped)(void *ctx, const tvp_config *cfg);
  /* A configuration ended (res->status says how); k of n counts from 1. Told
   * when its point's last round ends, for every configuration of the point. */
  void (*config_done)(void *ctx, const tvp_config_result *res, size_t k, size_t n);
  /* The run is over, or stops on an error. */
  void (*run_done)(void *ctx);
} tvp_run_sink;

typedef struct {
  tvp_topology *topo;
  tvp_order order;             /* interleaved rounds (the default) or blocked */
  uint64_t seed;               /* the rounds' shuffles */
  const char *tmpdir;          /* for I/O kernels */
  tvp_run_sink sink;           /* all zero: measure, keep nothing (calibration) */
  int stop_on_error;           /* --on-error stop: no configuration after a failed one */
  const struct tvp_model_options *model_options; /* --launcher, --hostfile; NULL: none given */
  double disturbed_above; /* a run-queue wait above this share of the wall time (0.05: 5 %) marks a
                             repetition disturbed; 0: TVP_DISTURBED_ABOVE_PCT */
  int cell_closes[2]; /* the results files' descriptors (runs.csv's holds the run's lock), which no
                         cell keeps; only those above 2 are closed, so 0 means none */
} tvp_runner;

/* Installs the SIGINT/SIGTERM/SIGHUP handlers and makes the runner the reaper of any
 * orphaned worker. Call once before tvp_runner_run. */
void tvp_runner_init(void);
/* The signal (SIGINT, SIGTERM or SIGHUP) that asked the run to stop, or 0. A second
 * one exits at once, after killing the running cell's process group. */
int tvp_runner_interrupted(void);

/* Runs every point of the plan in rounds (plan/points.h, run/rounds.h);
 * results[i] belongs to plan->configs[i] (caller allocates plan->n of them,
 * zeroed; a resumed run's come with the repetitions of the rounds it kept, which
 * are not run again, and a configuration that failed there comes with its
 * status set). Returns 0 when all ran
 * (some may have failed), -1 with the sink's errno when the sink could not keep
 * a repetition (nothing is printed: the caller says it), 128 + the signal when
 * interrupted (130 for SIGINT, 143 for SIGTERM). */
int tvp_runner_run(const tvp_runner *rn, const tvp_plan *plan, tvp_config_result *results);
void tvp_config_result_free(tvp_config_result *r);

/* One repetition of cfg, exposed for calibration: samples (nworkers of them)
 * receives the per-worker slots when not NULL. */
void tvp_run_one(const tvp_runner *rn, const tvp_config *cfg, const tvp_placement *pl,
                 tvp_rep *rep, tvp_sample *samples);

#endif
