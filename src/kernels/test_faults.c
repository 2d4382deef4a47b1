/* Fault kernels for the test-suite, listed only when TVP_TEST_KERNELS=1: the
 * last worker crashes, exits early or hangs, so tests can prove that a fault
 * fails its configuration and nothing else. */
#include <signal.h>
#include <unistd.h>

#include "kernel.h"

static void work_briefly(uint64_t count) {
  for (uint64_t i = 0; i < count; i++)
    tvp_mix64(i);
}

static uint64_t crash_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  if (w->index == job->nworkers - 1) {
    signal(SIGSEGV, SIG_DFL); /* a sanitizer's handler would turn the crash into an exit */
    raise(SIGSEGV);
  }
  work_briefly(count);
  return first;
}

static uint64_t exit_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  if (w->index == job->nworkers - 1)
    _exit(3);
  work_briefly(count);
  return first;
}

static uint64_t hang_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  if (w->index == job->nworkers - 1)
    for (;;)
      pause();
  work_briefly(count);
  return first;
}

#define FAULT_KERNEL(id, what, fn)                                                   \
  const tvp_kernel tvp_kernel_test_##id = {                                          \
      .name = "test." #id,                                                           \
      .summary = "test only: the last worker " what,                                 \
      .bound = "test",                                                               \
      .unit = "loop",                                                                \
      .rate_unit = "loops/s",                                                        \
      .rate_per_unit = 1.0,                                                          \
      .default_units = 1000,                                                         \
      .batch_units = 100,                                                            \
      .shares = "nothing",                                                           \
      .expect = "a failed configuration with a reason, and the run going on",        \
      .run = fn,                                                                     \
      .test_only = 1,                                                                \
  }

FAULT_KERNEL(crash, "raises SIGSEGV", crash_run);
FAULT_KERNEL(exit, "calls _exit(3)", exit_run);
FAULT_KERNEL(hang, "never returns", hang_run);
