/* The runner: walks the plan one configuration at a time, runs each repetition
 * in a fresh cell process, enforces the timeout, reaps everything, and hands
 * every repetition to the results writer as soon as it ends. */
#ifndef TVP_RUNNER_H
#define TVP_RUNNER_H

#include <stdint.h>

#include "plan/plan.h"
#include "cell/region.h"
#include "place/topology.h"

struct tvp_results;

/* One repetition, folded over its workers. */
typedef struct {
  unsigned index;    /* 0-based within its kind (warm-up or measured) */
  int warmup;
  int ok;
  char reason[TVP_REASON_MAX + 64];
  double wall_s;     /* max(end) - min(start) */
  double skew_s;     /* max(start) - min(start) */
  double setup_s;    /* cell fork to release: cell start, worker creation, binding, setup */
  double cell_start_s; /* cell fork to the cell's first worker creation */
  uint64_t units, checksum;
  double throughput; /* units per second, times the kernel's rate_per_unit */
  double user_s, sys_s;
  int64_t vcsw, ivcsw, minflt, majflt;
  int64_t peak_rss_kib;
  int64_t pss_kib;     /* at the end of the timed region; -1 unreadable */
  unsigned off_cpuset; /* bound workers seen outside their cpuset */
  int oversubscribed;  /* as the workers found it: MPI ranks judge their own hosts */
} tvp_rep;

typedef enum { TVP_CONFIG_PENDING, TVP_CONFIG_OK, TVP_CONFIG_FAILED, TVP_CONFIG_INTERRUPTED } tvp_config_status;

typedef struct {
  const tvp_config *cfg;
  tvp_config_status status;
  char reason[TVP_REASON_MAX + 96]; /* room for the repetition's reason and a prefix */
  int oversubscribed;
  tvp_rep *reps; /* measured repetitions only (warm-ups are written, then dropped) */
  unsigned nreps;
} tvp_config_result;

typedef struct {
  tvp_topology *topo;
  const char *tmpdir;          /* for I/O kernels */
  struct tvp_results *results; /* NULL: measure, write nothing (calibration) */
  int progress;                /* draw a progress line on stderr */
  int quiet;                   /* no line per configuration on stdout */
  int stop_on_error;           /* --on-error stop: no configuration after a failed one */
  const struct tvp_model_options *model_options; /* --launcher, --hostfile; NULL: none given */
} tvp_runner;

/* Installs the SIGINT/SIGTERM handlers and makes the runner the reaper of any
 * orphaned worker. Call once before tvp_runner_run. */
void tvp_runner_init(void);
/* The signal (SIGINT or SIGTERM) that asked the run to stop, or 0. A second
 * one exits at once, after killing the running cell's process group. */
int tvp_runner_interrupted(void);

/* Runs every configuration; results[i] belongs to plan->configs[i] (caller
 * allocates plan->n of them, zeroed; a resumed run's complete configurations
 * come with their status set, and are not run again). Returns 0 when all ran (some may have
 * failed), -1 with errno set when a results file could not be written (nothing
 * is printed: the caller says it), 128 + the signal when interrupted (130 for
 * SIGINT, 143 for SIGTERM). */
int tvp_runner_run(const tvp_runner *rn, const tvp_plan *plan, tvp_config_result *results);
void tvp_config_result_free(tvp_config_result *r);

/* One repetition of cfg, exposed for calibration: samples (nworkers of them)
 * receives the per-worker slots when not NULL. */
void tvp_run_one(const tvp_runner *rn, const tvp_config *cfg, const tvp_placement *pl,
                 tvp_rep *rep, tvp_sample *samples);

#endif
