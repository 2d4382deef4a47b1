/* spawn.cow: spawn.rss with a child that writes one byte to every page of the
 * footprint before it exits, so copy-on-write is paid where there is a copy. */
#include "spawn_common.h"

#define NAME "spawn.cow"
/* Smaller than spawn.rss's 256 MiB because every page is copied, not just its
 * entry: on the KVM guest these defaults were measured on, a copy-on-write fault
 * costs 15-25 us, so 256 MiB would take 2 s per child. */
#define DEFAULT_FOOTPRINT (32ULL * SPAWN_MiB)

static int cow_prepare(tvp_job *job, char *why, size_t why_len) {
  if (spawn_check_model(job, why, why_len) != 0)
    return -1;
  return spawn_check_footprint(job, DEFAULT_FOOTPRINT, why, why_len);
}

static int cow_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  return spawn_region_setup(job, w, DEFAULT_FOOTPRINT, why, why_len);
}

/* The child thread writes the worker's own pages: shared memory, no copy. */
static void *cow_thread_child(void *arg) {
  spawn_region_write(arg, 2);
  return NULL;
}

static uint64_t cow_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                        uint64_t count) {
  spawn_model m = spawn_model_of(job);
  spawn_region *r = w->priv;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    if (m == SPAWN_THREAD) {
      spawn_one_thread(NAME, cow_thread_child, r);
    } else if (m == SPAWN_FORK) {
      pid_t pid = spawn_fork(NAME);
      if (pid == 0) {
        spawn_region_write(r, 2); /* every store faults and copies a 4 KiB page */
        _exit(0);
      }
      spawn_reap(NAME, pid);
    } else {
      /* An exec'd child has no copy of the worker's memory to write: it gets only
       * what it is given. So spawn.cow under spawn measures the exec alone. */
      spawn_one_tvp(NAME);
    }
    sum += tvp_mix64(u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_spawn_cow = {
    .name = NAME,
    .summary = "spawn.rss, and the child writes one byte to every page of the footprint "
               "(32 MiB) before it exits",
    .bound = "spawn",
    .unit = "child created, pages written",
    .rate_unit = "children/s",
    .rate_per_unit = 1.0,
    .default_units = 4,
    .batch_units = 1,
    .test_units = 2,
    .shares = "nothing of the kernel's own; each worker first-touches its own private "
              "footprint (MADV_NOHUGEPAGE), and under thread its child thread writes "
              "those same pages",
    .expect = "fork tens to hundreds of times dearer than thread: after fork every page is shared "
              "read-only, so each of the child's writes is a page fault, a new page "
              "and a 4 KiB copy (32 MiB copied per child at the default footprint), "
              "on top of spawn.rss's page-table copy. A thread writes pages that are "
              "already its own, paying only TLB misses. Under spawn the exec'd child "
              "inherits none of the memory and cannot write it: spawn.cow there measures "
              "the exec alone, as spawn.rss does",
    .prepare = cow_prepare,
    .worker_setup = cow_setup,
    .worker_teardown = spawn_region_teardown,
    .run = cow_run,
};
