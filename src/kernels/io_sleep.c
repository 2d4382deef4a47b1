/* io.sleep: a model of waiting on I/O. Each unit is one blocking wait of 1 ms, so
 * a worker spends its time off the CPU and more workers than cores still pay. */
#include <time.h>

#include "kernels/kernel.h"

#define SLEEP_NS 1000000L

static uint64_t sleep_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  (void)job;
  (void)w;
  (void)first;
  const struct timespec ts = {0, SLEEP_NS};
  for (uint64_t i = 0; i < count; i++)
    clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL); /* an interrupted wait is still a wait */
  return count; /* the work is time: the checksum counts the waits done */
}

const tvp_kernel tvp_kernel_io_sleep = {
    .name = "io.sleep",
    .summary = "blocking waits of 1 ms, a stand-in for waiting on a disk or a network",
    .bound = "io",
    .unit = "1 ms wait",
    .rate_unit = "waits/s",
    .rate_per_unit = 1.0,
    .default_units = 400,
    .batch_units = 5,
    .test_units = 20,
    .shares = "nothing: each worker sleeps on its own timer",
    .expect = "processes and threads alike, and both keep gaining far past the core "
              "count, because a sleeping worker needs no CPU",
    .run = sleep_run,
};
