/* sched.yield: the cost of a context switch. Every unit is one sched_yield(); with
 * more workers than CPUs it hands the CPU to another worker on the same one. */
#include <sched.h>

#include "kernels/kernel.h"

static uint64_t yield_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  (void)job;
  (void)w;
  (void)first;
  for (uint64_t i = 0; i < count; i++)
    sched_yield(); /* cannot fail on Linux */
  return count; /* the yields done; how many switched is timing */
}

const tvp_kernel tvp_kernel_sched_yield = {
    .name = "sched.yield",
    .summary = "sched_yield() in a loop: a context switch per call when workers share a CPU",
    .bound = "os",
    .unit = "yield",
    .rate_unit = "yields/s",
    .rate_per_unit = 1.0,
    .default_units = 300000,
    .batch_units = 2000,
    .test_units = 2000,
    .shares = "nothing in memory; the CPU, when there are more workers than PUs",
    .expect = "with one worker per PU a yield finds nobody to switch to and costs a "
              "system call under both models; with more workers than PUs each yield "
              "switches to another worker, and threads switch faster than processes: "
              "a switch between threads of one process keeps the address space, one "
              "between processes loads another page table (CR3) and, without PCID, "
              "flushes the TLB",
    .run = yield_run,
};
