/* The worker function: the same code under every model. Bind, set up, meet the
 * others at the start barrier, do the work between two clock stamps, report. */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cell/cell.h"
#include "cell/measure.h"
#include "cell/warm.h"
#include "cell/schedstat.h"
#include "base/util.h"

/* Which global units worker `index` does under strong and weak scaling. */
static void share_of_work(const tvp_config *cfg, unsigned index, uint64_t *first,
                          uint64_t *count) {
  unsigned n = cfg->workers;
  if (cfg->scaling == TVP_SCALING_WEAK) {
    *first = (uint64_t)index * cfg->units;
    *count = cfg->units;
  } else { /* strong: the remainder goes one unit each to the first workers */
    uint64_t base = cfg->units / n, extra = cfg->units % n;
    *first = index * base + (index < extra ? index : extra);
    *count = base + (index < extra ? 1 : 0);
  }
}

/* Duration mode: batches until the time is up. Whoever first sees the clock pass
 * the release time plus the duration raises the shared stop flag, so no other
 * process has to wake up to end the run. Batches are dealt round-robin in the
 * global numbering (worker i does batches i, i + N, i + 2N, ...), so no two
 * workers do the same unit and all of them stay in the same stretch of the
 * kernel's domain, where a unit costs the same. */
static uint64_t run_until_stopped(tvp_cell *cell, tvp_worker_state *ws, uint64_t *units) {
  const tvp_job *job = &cell->job;
  tvp_region *r = cell->region;
  int64_t deadline = r->barrier.release_ns + (int64_t)(cell->cfg->duration_s * 1e9);
  uint64_t batch = cell->cfg->units, sum = 0, done = 0;
  for (uint64_t b = ws->index; !atomic_load_explicit(&r->stop, memory_order_relaxed);
       b += job->nworkers) {
    sum += job->kernel->run(job, ws, b * batch, batch);
    done += batch;
    if (tvp_now_ns() >= deadline)
      atomic_store_explicit(&r->stop, 1, memory_order_relaxed);
  }
  *units = done;
  return sum;
}

/* The memory of the cell and every process in it, measured by the last worker
 * to finish while all of them still hold what they used: threads count once
 * (they are the cell), processes each add their share. */
static void measure_footprint(void *arg) {
  tvp_region *r = arg;
  int64_t total = 0;
  int pids[1 + r->nworkers];
  unsigned n = 0;
  pids[n++] = r->cell_pid;
  for (unsigned i = 0; i < r->nworkers; i++) {
    int pid = tvp_region_slot(r, i)->pid, seen = 0;
    for (unsigned k = 0; k < n && !seen; k++)
      seen = pids[k] == pid;
    if (!seen && pid > 0)
      pids[n++] = pid;
  }
  for (unsigned k = 0; k < n; k++) {
    int64_t kib = tvp_pss_kib(pids[k]);
    if (kib < 0) {
      total = -1; /* a partial sum would be a wrong number, not a small one */
      break;
    }
    total += kib;
  }
  r->pss_kib = total;
}

static int on_cpuset(const tvp_cell *cell, unsigned index, int cpu) {
  return cpu < 0 || hwloc_bitmap_isset(cell->placement->sets[index], (unsigned)cpu);
}

void tvp_worker_main(tvp_cell *cell, unsigned index) {
  tvp_sample *s = tvp_region_slot(cell->region, index);
  const tvp_job *job = &cell->job;
  tvp_worker_state ws = {.index = index, .priv = NULL};
  int ok = 1;

  /* A kernel that must end this worker in run() says why here, where the cell
   * (or, when a thread's exit took the cell too, the runner) finds it. */
  tvp_kernel_reason_to(s->why, sizeof s->why);
  s->pid = (int32_t)getpid();
  s->tid = (int32_t)gettid();
  atomic_store(&s->state, TVP_SLOT_STARTED);
  /* Bind before setup so first touch puts private memory on the worker's node. */
  if (cell->placement->bound &&
      hwloc_set_cpubind(cell->topo, cell->placement->sets[index], HWLOC_CPUBIND_THREAD) != 0) {
    snprintf(s->why, sizeof s->why, "worker %u could not bind to its cpuset: %s", index,
             strerror(errno));
    ok = 0;
  }
  if (ok) /* the same starting state under every model (cell/warm.h) */
    tvp_worker_warm(job);
  if (ok && job->kernel->worker_setup &&
      job->kernel->worker_setup(job, &ws, s->why, sizeof s->why) != 0)
    ok = 0;

  /* Opened now, so the timed region pays only for a read. */
  int sched_fd = tvp_schedstat_open();
  /* Each reading taken once before the region too: in a forked worker, this
   * frame's pages are still the cell's, shared copy-on-write, and the first
   * write to a reading (by the kernel's copy-out or by our own stores) would
   * be a page fault counted inside the region. */
  tvp_usage u0, u1;
  tvp_schedstat q0, q1;
  tvp_usage_thread(&u0);
  tvp_usage_thread(&u1);
  tvp_schedstat_read(sched_fd, &q0);
  tvp_schedstat_read(sched_fd, &q1);
  atomic_store(&s->state, TVP_SLOT_WAITING);
  int aborted = cell->before_release
                    ? tvp_barrier_wait_then(&cell->region->barrier, cell->before_release,
                                            cell->before_release_arg)
                    : tvp_barrier_wait(&cell->region->barrier);
  if (aborted != 0 || !ok) {
    /* Aborted, or this worker failed: it still arrived, so nobody waits for it
     * at the start; aborting the region spares them the wait at the end. */
    atomic_store(&s->state, ok ? TVP_SLOT_EMPTY : TVP_SLOT_FAILED);
    if (!ok)
      tvp_region_abort(cell->region);
    tvp_schedstat_close(sched_fd);
    if (job->kernel->worker_teardown)
      job->kernel->worker_teardown(job, &ws);
    return;
  }

  /* The timed region: from release to this worker's end. The rusage and
   * schedstat reads sit outside it; they cost about a microsecond each. */
  s->cpu_start = sched_getcpu();
  tvp_usage_thread(&u0);
  tvp_schedstat_read(sched_fd, &q0); /* next to the stamp: a wait between the two would count */
  s->start_ns = tvp_now_ns();
  atomic_store_explicit(&s->state, TVP_SLOT_RUNNING, memory_order_relaxed);
  uint64_t units, sum;
  if (cell->cfg->scaling == TVP_SCALING_DURATION) {
    sum = run_until_stopped(cell, &ws, &units);
  } else {
    uint64_t first;
    share_of_work(cell->cfg, index, &first, &units);
    if (job->kernel->claims_work || job->kernel->collective) {
      first = 0;
      units = tvp_config_total_units(cell->cfg);
    }
    sum = units ? job->kernel->run(job, &ws, first, units) : 0;
    if (job->kernel->claims_work || job->kernel->collective)
      units = ws.units_done;
  }
  s->end_ns = tvp_now_ns();
  tvp_schedstat_read(sched_fd, &q1);
  tvp_usage_thread(&u1);
  s->cpu_end = sched_getcpu();
  tvp_schedstat_close(sched_fd);
  s->sched = tvp_schedstat_diff(&q0, &q1);

  tvp_usage d = tvp_usage_diff(&u0, &u1);
  s->units = units;
  s->checksum = sum;
  s->user_s = d.user_s;
  s->sys_s = d.sys_s;
  s->vcsw = d.vcsw;
  s->ivcsw = d.ivcsw;
  s->minflt = d.minflt;
  s->majflt = d.majflt;
  s->off_cpuset = cell->placement->bound &&
                  !(on_cpuset(cell, index, s->cpu_start) && on_cpuset(cell, index, s->cpu_end));
  /* Past the timed region: the last worker here measures the footprint while
   * every worker still holds its memory. */
  tvp_barrier_wait_then(&cell->region->end_barrier, measure_footprint, cell->region);
  if (job->kernel->worker_teardown)
    job->kernel->worker_teardown(job, &ws);
  atomic_store(&s->state, TVP_SLOT_DONE);
}
