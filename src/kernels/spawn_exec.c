/* spawn.exec: starting a tiny program, /bin/true: fork + exec against
 * posix_spawn, the two ways a worker runs another program. */
#include "spawn_common.h"

#define NAME "spawn.exec"
#define EXEC_PATH "/bin/true"

static int exec_prepare(tvp_job *job, char *why, size_t why_len) {
  if (spawn_check_model(job, why, why_len) != 0)
    return -1;
  if (access(EXEC_PATH, X_OK) != 0) {
    snprintf(why, why_len, "spawn.exec runs %s, which is not an executable file here: %s",
             EXEC_PATH, strerror(errno));
    return -1;
  }
  return 0;
}

static uint64_t exec_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                         uint64_t count) {
  (void)w;
  /* A thread has no exec of its own: a threaded program runs a program the way
   * the thread worker does here, by fork + exec from one of its threads. */
  int use_fork = spawn_model_of(job) != SPAWN_SPAWN;
  char *argv[] = {"true", NULL};
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    if (use_fork) {
      pid_t pid = spawn_fork(NAME);
      if (pid == 0) {
        execv(EXEC_PATH, argv); /* async-signal-safe, so safe in a threaded parent */
        _exit(127);             /* reaped as a failure: the worker says so */
      }
      spawn_reap(NAME, pid);
    } else {
      spawn_one_posix(NAME, EXEC_PATH, argv);
    }
    sum += tvp_mix64(u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_spawn_exec = {
    .name = NAME,
    .summary = "run /bin/true and wait: fork + execv under thread and fork, posix_spawn "
               "under spawn",
    .bound = "spawn",
    .unit = "program run and reaped",
    .rate_unit = "programs/s",
    .rate_per_unit = 1.0,
    .default_units = 80,
    .batch_units = 1,
    .test_units = 4,
    .shares = "nothing of the kernel's own; each worker runs and reaps its own children",
    .expect = "spawn cheapest: posix_spawn clones with CLONE_VM | CLONE_VFORK, so it "
              "copies no page tables before the exec throws the address space away; "
              "fork + exec copies the parent's mm first. thread (a worker thread that "
              "forks and execs, as a threaded program would) pays about what fork pays at "
              "one worker, but every thread's fork copies the whole cell's mm under its "
              "mmap lock, so with more workers they queue where fork workers' do not",
    .prepare = exec_prepare,
    .run = exec_run,
};
