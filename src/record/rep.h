/* What a run measured, as records: one per repetition, one per configuration.
 * The runner produces them; the results, analysis and report layers read them.
 * Types only, so every layer above the cell can share them. */
#ifndef TVP_RECORD_REP_H
#define TVP_RECORD_REP_H

#include <stdint.h>

#include "cell/region.h"
#include "plan/plan.h"

/* One repetition, folded over its workers. */
typedef struct {
  unsigned index;    /* 0-based within its kind (warm-up or measured) */
  unsigned round;    /* the round of its point that ran it, from 0, warm-up rounds first */
  unsigned attempt;  /* 1; 2 when the point's rounds were run again because they were implausible */
  int warmup;
  int ok;
  int disturbed;     /* a worker with a PU of its own waited on a run queue too long: no statistic uses it */
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
  /* How disturbed it was (run/disturbance.h), and the machine's load around it. */
  double runq_wait_share; /* the largest worker's run-queue wait over wall_s; NAN unreadable or failed */
  double oncpu_share;     /* the workers' CPU time over wall_s x workers; NAN failed */
  double load1;           /* 1-minute load average as it began; NAN unreadable */
  int64_t procs_running;  /* runnable tasks as it began; -1 unreadable */
  double steal_s;         /* CPU time the hypervisor gave to other guests meanwhile, all CPUs; NAN unreadable */
} tvp_rep;

/* A repetition whose wall_s is under this is flagged short (runs.csv `short`):
 * one context switch or a cold cache is then a large part of what it measured. */
#define TVP_SHORT_REP_S 0.010

typedef enum { TVP_CONFIG_PENDING, TVP_CONFIG_OK, TVP_CONFIG_FAILED, TVP_CONFIG_INTERRUPTED } tvp_config_status;

typedef struct {
  const tvp_config *cfg;
  tvp_config_status status;
  char reason[TVP_REASON_MAX + 96]; /* room for the repetition's reason and a prefix */
  int oversubscribed;
  unsigned pus_in_use; /* PUs its workers can run on (bound: their cpusets' union); 0 unknown */
  tvp_rep *reps; /* measured repetitions only (warm-ups are written, then dropped) */
  unsigned nreps;
} tvp_config_result;

#endif
