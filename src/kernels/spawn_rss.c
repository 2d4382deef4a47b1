/* spawn.rss: creation from a worker that holds a large resident set, so fork's
 * page-table copy shows, and creation that copies no page tables does not. */
#include "spawn_common.h"

#define NAME "spawn.rss"
/* Big enough that the page-table copy (65536 entries) dwarfs the rest of a fork. */
#define DEFAULT_FOOTPRINT (256ULL * SPAWN_MiB)

static int rss_prepare(tvp_job *job, char *why, size_t why_len) {
  if (spawn_check_model(job, why, why_len) != 0)
    return -1;
  return spawn_check_footprint(job, DEFAULT_FOOTPRINT, why, why_len);
}

static int rss_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  return spawn_region_setup(job, w, DEFAULT_FOOTPRINT, why, why_len);
}

static uint64_t rss_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                        uint64_t count) {
  (void)w;
  spawn_model m = spawn_model_of(job);
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    if (m == SPAWN_THREAD) {
      spawn_one_thread(NAME, NULL, NULL);
    } else if (m == SPAWN_FORK) {
      pid_t pid = spawn_fork(NAME); /* copies one PTE per touched page, then frees them */
      if (pid == 0)
        _exit(0);
      spawn_reap(NAME, pid);
    } else {
      spawn_one_tvp(NAME); /* CLONE_VM: the footprint's page tables are not copied */
    }
    sum += tvp_mix64(u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_spawn_rss = {
    .name = NAME,
    .summary = "spawn.create from a worker holding --footprint bytes (256 MiB) of "
               "resident 4 KiB pages",
    .bound = "spawn",
    .unit = "child created and joined",
    .rate_unit = "children/s",
    .rate_per_unit = 1.0,
    .default_units = 100,
    .batch_units = 1,
    .test_units = 4,
    .shares = "nothing of the kernel's own; each worker first-touches its own private "
              "footprint (MADV_NOHUGEPAGE) before the start barrier",
    .expect = "fork pays in proportion to the resident set: it copies one page-table "
              "entry per 4 KiB page (65536 for 256 MiB), write-protects both copies, "
              "and the child's exit frees them again. Threads pay nothing for it, as "
              "in spawn.create; spawn's posix_spawn clones with CLONE_VM | CLONE_VFORK "
              "and execs, so it copies no page tables and costs what spawn.create does",
    .prepare = rss_prepare,
    .worker_setup = rss_setup,
    .worker_teardown = spawn_region_teardown,
    .run = rss_run,
};
