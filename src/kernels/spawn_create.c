/* spawn.create: what it costs to create and join one worker of the model's own
 * kind (a pthread, a forked process, an exec'd tvp). Here creation is the work. */
#include "spawn_common.h"

#define NAME "spawn.create"

static int create_prepare(tvp_job *job, char *why, size_t why_len) {
  return spawn_check_model(job, why, why_len);
}

static uint64_t create_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                           uint64_t count) {
  (void)w;
  spawn_model m = spawn_model_of(job);
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    if (m == SPAWN_THREAD) {
      spawn_one_thread(NAME, NULL, NULL);
    } else if (m == SPAWN_FORK) {
      pid_t pid = spawn_fork(NAME);
      if (pid == 0)
        _exit(0); /* no atexit handlers, no stdio flush: the child only exists */
      spawn_reap(NAME, pid);
    } else {
      spawn_one_tvp(NAME);
    }
    sum += tvp_mix64(u); /* creation is the work: the checksum counts the units */
  }
  return sum;
}

const tvp_kernel tvp_kernel_spawn_create = {
    .name = NAME,
    .summary = "create and join one child of the model's own kind: pthread, fork or "
               "posix_spawn+exec of tvp",
    .bound = "spawn",
    .unit = "child created and joined",
    .rate_unit = "children/s",
    .rate_per_unit = 1.0,
    .default_units = 300,
    .batch_units = 4,
    .test_units = 20,
    .shares = "nothing of the kernel's own; each worker creates and reaps its own "
              "children, which under thread share the cell's mm, fd table and thread "
              "list with every other worker",
    .expect = "thread many times cheaper than fork, and spawn dearer still: a thread "
              "gets a cached stack and a task in the same mm, fork copies the mm "
              "(mappings, page tables, fd table) and tears it down at exit, spawn adds exec "
              "and the dynamic loader to a vfork-like clone. Workers create independently, "
              "so more workers create more per second until they meet on kernel locks "
              "(under thread, the one mm's) or, in a VM, on slow page faults",
    .prepare = create_prepare,
    .run = create_run,
};
