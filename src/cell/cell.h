/* The cell: a freshly forked process that runs one repetition of one
 * configuration. It makes the workers with the model, waits for them, and
 * reports through the shared region; a fault anywhere inside takes down only
 * the cell. */
#ifndef TVP_CELL_H
#define TVP_CELL_H

#include <hwloc.h>
#include <stdint.h>

#include "kernels/kernel.h"
#include "place/placement.h"
#include "plan/plan.h"
#include "cell/region.h"

typedef struct tvp_cell {
  const tvp_config *cfg;
  tvp_job job;
  tvp_region *region;
  const tvp_placement *placement;
  hwloc_topology_t topo;
  unsigned started;         /* workers the model has started */
  void *model_data;         /* the model's own: thread handles, worker pids */
  int64_t workers_rss_kib;  /* fork model: the workers' peak RSS, summed */
  const struct tvp_model_options *model_options; /* the run's options for the model; NULL: none */
  /* Set by a model whose workers must meet others beyond this cell (a rank
   * meets the other ranks): run by the last local worker to reach the start
   * barrier, before it releases the others. NULL: none. */
  void (*before_release)(void *arg);
  void *before_release_arg;
} tvp_cell;

/* Runs the repetition inside the cell process and exits it: status 0 when the
 * cell finished cleanly (region->cell_done = 1), 1 when it recorded a failure. */
_Noreturn void tvp_cell_run(tvp_cell *cell);

/* Records why the configuration failed, keeping the first reason only. */
void tvp_cell_fail(tvp_cell *cell, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "SIGSEGV" for SIGSEGV; "signal 42" for one without a name (in a static buffer). */
const char *tvp_signal_name(int sig);

/* Has the kernel kill this process when its parent (pid parent) ends, and exits
 * at once if it already has: a cell or worker whose runner was killed outright
 * would otherwise live on under init, and hold what the runner held. */
void tvp_die_with_parent(pid_t parent);

/* For a worker that has only the region's copy of the configuration (a
 * spawned worker, an MPI rank): the configuration and the job it describes,
 * for nworkers workers with the kernel's shared state at `shared` (or NULL).
 * The inverse of what the runner writes into the region. */
void tvp_cell_view(const tvp_region_config *c, const tvp_kernel *kernel, const struct tvp_model *model,
                   unsigned nworkers, void *shared, tvp_config *cfg, tvp_job *job);

/* The one worker function every model runs, in a thread or a process. */
void tvp_worker_main(tvp_cell *cell, unsigned index);

#endif
