/* The plan: every configuration a run measures (kernel x size x footprint x chunk x
 * placement x workers x model), expanded from sweeps and checked before anything runs. */
#ifndef TVP_PLAN_H
#define TVP_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "kernels/kernel.h"
#include "place/policy.h"
#include "plan/suite.h"

struct tvp_model;
struct tvp_model_options;

/* Defaults for whatever neither a suite nor a flag sets. */
#define TVP_DEFAULT_MODELS "thread,fork"
#define TVP_DEFAULT_WORKERS "1..N*2"
#define TVP_DEFAULT_PLACEMENT "core"
#define TVP_DEFAULT_REPS 5
#define TVP_DEFAULT_WARMUP 1
#define TVP_DEFAULT_TIMEOUT_S 60.0
/* No plan may hold more configurations than this: past it a typo, not a plan
 * (it would run for weeks), and the product of the list lengths stays far from
 * overflowing. */
#define TVP_MAX_CONFIGS 100000

typedef struct {
  const tvp_kernel *kernel;
  const struct tvp_model *model;
  tvp_placement_policy placement;
  unsigned workers;
  uint64_t units;        /* strong: total; weak: per worker; duration: per batch */
  uint64_t footprint;    /* bytes a kernel touches before its work; 0: its default */
  uint64_t chunk;        /* items a pool worker claims at a time; 0: the kernel's default */
  tvp_scaling scaling;
  double duration_s;     /* duration mode only */
  unsigned reps, warmup;
  double timeout_s;      /* per repetition (per cell) */
  unsigned threads;      /* mpi+thread: threads per rank (workers = ranks x threads); 0 otherwise */
  double min_time_s;     /* --min-time: units were chosen so one worker's repetition lasts this
                            long (plan/min_time.h); 0: the size as given */
  int sweep;             /* index of the sweep it came from */
} tvp_config;

typedef struct {
  tvp_config *configs;
  size_t n;
} tvp_plan;

/* Expands sweeps (each first overridden by `flags`, which may be NULL) for a
 * machine of `cores` cores and `pus` PUs. Returns 0, or -1 with a one-line
 * message that names the sweep's source in err. */
int tvp_plan_expand(const tvp_sweep *sweeps, int nsweeps, const tvp_sweep *flags, unsigned cores,
                    unsigned pus, tvp_plan *out, char *err, size_t errlen);
void tvp_plan_free(tvp_plan *p);
/* Refuses a plan none of whose configurations can start its workers under this
 * process's RLIMIT_NPROC (ulimit -u), which counts every thread and process of
 * the user. Configurations above the limit beside smaller ones are left to
 * fail one by one, with the limit in their reason. 0, or -1 with a message. */
int tvp_plan_check_nproc(const tvp_plan *p, char *err, size_t errlen);
/* Once before a run: the plan's models check the run's options (see
 * tvp_model_preflight). 0, or -1 with a one-line reason. */
int tvp_plan_preflight(const tvp_plan *p, const struct tvp_model_options *opts, char *err,
                       size_t errlen);
/* A fingerprint of everything the plan measures (each configuration and its
 * repetitions, warm-ups, timeout and min-time), as 16 hex digits: meta.json
 * keeps it, so `tvp run --resume` can tell that a plan made again is the same
 * plan. Taken after the sizes min-time chose are in the plan. */
void tvp_plan_digest(const tvp_plan *p, char out[17]);

const char *tvp_scaling_name(tvp_scaling s);
/* Total units one repetition does (strong: units; weak: units x workers); 0 in duration mode. */
uint64_t tvp_config_total_units(const tvp_config *c);

#endif
