/* sync.atomic: true sharing. Every unit is one atomic add to a single counter in
 * the shared region, so every worker fights for the same cache line. */
#include <stdalign.h>
#include <stdatomic.h>

#include "kernels/kernel.h"

/* The counter alone on its line: the only traffic is the workers' own. */
typedef struct {
  alignas(64) _Atomic uint64_t counter;
} atomic_shared;

static uint64_t atomic_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                           uint64_t count) {
  (void)w;
  (void)first;
  atomic_shared *s = job->shared;
  /* Relaxed: on x86 this is the same locked add as seq_cst; the cost measured is
   * getting the line exclusive, not the ordering. The compiler may not merge
   * atomic adds, so each unit is one locked instruction. */
  for (uint64_t i = 0; i < count; i++)
    atomic_fetch_add_explicit(&s->counter, 1, memory_order_relaxed);
  /* The adds done, not the counter: a value read mid-run depends on the timing. */
  return count;
}

const tvp_kernel tvp_kernel_sync_atomic = {
    .name = "sync.atomic",
    .summary = "atomic increments of one counter that all workers share",
    .bound = "sync",
    .unit = "atomic increment",
    .rate_unit = "increments/s",
    .rate_per_unit = 1.0,
    .default_units = 40000000,
    .batch_units = 500000,
    .test_units = 200000,
    .shares = "one 64-bit counter on its own cache line in the shared region; "
              "nothing private",
    .expect = "processes and threads alike: the counter lives in the one MAP_SHARED "
              "mapping under both models, and its cache line moves between cores the "
              "same way; throughput falls as workers are added, because each add must "
              "first take the line from the core that did the last one",
    .shared_bytes = sizeof(atomic_shared),
    .run = atomic_run,
};
