/* The cell process: one repetition of one configuration, isolated so that a
 * worker's crash, early exit or hang costs that repetition and nothing more. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cell/cell.h"
#include "cell/measure.h"
#include "models/model.h"
#include "base/util.h"

const char *tvp_signal_name(int sig) {
  static _Thread_local char buf[32];
  const char *abbrev = sigabbrev_np(sig);
  if (abbrev)
    snprintf(buf, sizeof buf, "SIG%s", abbrev);
  else
    snprintf(buf, sizeof buf, "signal %d", sig);
  return buf;
}

void tvp_die_with_parent(pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (getppid() != parent) /* it ended before the line above: no signal will come */
    _exit(1);
}

void tvp_cell_fail(tvp_cell *cell, const char *fmt, ...) {
  if (cell->region->cell_why[0])
    return; /* the first failure is the cause; later ones are its consequences */
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cell->region->cell_why, sizeof cell->region->cell_why, fmt, ap);
  va_end(ap);
}

void tvp_cell_view(const tvp_region_config *c, const tvp_kernel *kernel, const tvp_model *model,
                   unsigned nworkers, void *shared, tvp_config *cfg, tvp_job *job) {
  *cfg = (tvp_config){.kernel = kernel, .model = model, .workers = nworkers, .units = c->units,
                      .footprint = c->footprint, .chunk = c->chunk,
                      .scaling = (tvp_scaling)c->scaling, .duration_s = c->duration_s};
  *job = (tvp_job){.kernel = kernel, .nworkers = nworkers, .units = c->units, .shared = shared,
                   .footprint = c->footprint, .chunk = c->chunk,
                   .worker_kind = model ? model->worker_kind : TVP_WORKER_UNKNOWN, .model = c->model,
                   .tmpdir = c->tmpdir, .llc_bytes = c->llc_bytes, .l2_bytes = c->l2_bytes,
                   .l3_bytes = c->l3_bytes, .l2_pus = c->l2_pus, .l3_pus = c->l3_pus,
                   .mem_bytes = c->mem_bytes};
}

/* Stops workers that are still waiting or running after a failure, then reaps them. */
static void abandon(tvp_cell *cell, const tvp_model *model) {
  tvp_region_abort(cell->region);
  model->join(cell);
}

/* A worker that failed is the cause; the others that then did not finish
 * (stopped at the barrier, say) are its consequences, so they are named only
 * when none failed, whatever their order. */
static void check_slots(tvp_cell *cell) {
  for (unsigned i = 0; i < cell->job.nworkers; i++) {
    tvp_sample *s = tvp_region_slot(cell->region, i);
    if (atomic_load(&s->state) == TVP_SLOT_FAILED)
      tvp_cell_fail(cell, "worker %u: %s", i, s->why[0] ? s->why : "failed");
  }
  for (unsigned i = 0; i < cell->job.nworkers; i++)
    if (atomic_load(&tvp_region_slot(cell->region, i)->state) != TVP_SLOT_DONE)
      tvp_cell_fail(cell, "worker %u did not finish", i);
}

_Noreturn void tvp_cell_run(tvp_cell *cell) {
  const tvp_config *cfg = cell->cfg;
  const tvp_model *model = cfg->model;
  tvp_region *r = cell->region;

  /* The runner handles Ctrl-C for the whole run; the cell just dies when told. */
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);

  char why[TVP_REASON_MAX] = "";
  /* MPI ranks prepare for themselves, on their own hosts. */
  int prepare_here = cfg->kernel->prepare && !model->distributed;
  if (prepare_here && cfg->kernel->prepare(&cell->job, why, sizeof why) != 0) {
    tvp_cell_fail(cell, "%s prepare failed: %s", cfg->kernel->name, why[0] ? why : "no reason given");
    _exit(1);
  }
  /* Spinning at the barrier only pays when every worker has a CPU of its own. */
  tvp_barrier_init(&r->barrier, cell->job.nworkers, !cell->placement->oversubscribed);
  /* Workers that finish early sleep at the end barrier: no CPU taken from the rest. */
  tvp_barrier_init(&r->end_barrier, cell->job.nworkers, 0);
  r->cell_pid = (int32_t)getpid();
  r->cell_ready_ns = tvp_now_ns();

  /* After starting the workers the cell only waits for them: it never wakes
   * during the timed region, where it would take a CPU from a worker. */
  int failed = model->start(cell) < cell->job.nworkers;
  r->workers_started = (int32_t)cell->started;
  if (failed)
    abandon(cell, model);
  else
    model->join(cell);

  if (!model->distributed && cfg->kernel->cleanup)
    cfg->kernel->cleanup(&cell->job);
  check_slots(cell);
  r->peak_rss_kib = tvp_peak_rss_kib_self() + cell->workers_rss_kib;
  if (r->cell_why[0])
    _exit(1);
  atomic_store(&r->cell_done, 1);
  _exit(0);
}
