/* meta.json: the machine and the software a run was measured with, so that a
 * number is never separated from its context. Also topology.xml. */
#ifndef TVP_META_H
#define TVP_META_H

#include <time.h>

#include "results/environment.h"
#include "plan/min_time.h"
#include "results/results.h"
#include "place/topology.h"

typedef struct {
  int argc;
  char **argv;
  const char *suite;  /* suite file or NULL */
  time_t start, end;  /* end 0 while running */
  const char *state;  /* "running", "complete", "interrupted", "stopped", "failed" */
  size_t configs_planned, configs_run, configs_failed;
  const char *interrupted_by; /* "SIGINT", "SIGTERM" or "SIGHUP" when interrupted, else NULL */
  const char *interrupted_at; /* "configuration 3 of 8 (cpu.primes, fork, 2 workers)" */
  const char *stopped_at;     /* --on-error stop: the configuration that failed, else NULL */
  const char *cwd;            /* the folder tvp was started in: relative paths of argv */
  const char *plan_digest;    /* tvp_plan_digest of the plan */
  unsigned resumes;           /* times `tvp run --resume` continued it */
  time_t resumed;             /* the last of them */
  const char *order;          /* "interleaved" or "blocked" (run/rounds.h) */
  const char *seed;           /* the rounds' seed, in decimal: 64 bits are more than a JSON number keeps */
  const tvp_environment *environment; /* "environment"; NULL writes none */
  const tvp_min_time_size *sizes; /* --min-time: the size of each group; NULL when none */
  size_t nsizes;
  double disturbed_above_pct; /* --disturbed-above; 0: not a measuring run, not written */
  double margin_pct;          /* --margin; 0: not written */
} tvp_meta_info;

/* Writes meta.json (whole, through a rename). 0 or -1 (errno). */
int tvp_meta_write(const tvp_results *r, const tvp_topology *t, const tvp_meta_info *m);
/* Writes topology.xml through hwloc's exporter. 0 or -1. */
int tvp_topology_write_xml(const tvp_results *r, const tvp_topology *t);

#endif
