/* sync.falseshare: false sharing. Each worker increments its own counter, but all
 * the counters sit in one cache line, so logically private writes still bounce
 * the line between cores. sync.padded is the same code with a line each. */
#include <stdalign.h>
#include <stdatomic.h>

#include "kernels/kernel.h"

#define FS_SLOTS 8 /* 8-byte counters in one 64-byte line */

typedef struct {
  alignas(64) _Atomic uint64_t counter[FS_SLOTS];
} falseshare_shared;

static uint64_t falseshare_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                               uint64_t count) {
  (void)first;
  falseshare_shared *s = job->shared;
  _Atomic uint64_t *mine = &s->counter[w->index % FS_SLOTS];
  if (job->nworkers <= FS_SLOTS) {
    /* Each counter has one writer: a plain load and store (relaxed atomics only
     * stop the compiler from keeping the counter in a register), as private data
     * would be updated. The sharing is in the hardware alone. */
    for (uint64_t i = 0; i < count; i++)
      atomic_store_explicit(mine, atomic_load_explicit(mine, memory_order_relaxed) + 1,
                            memory_order_relaxed);
  } else {
    /* More workers than slots: counters are shared, so the adds must be atomic
     * (a locked add) to lose none. */
    for (uint64_t i = 0; i < count; i++)
      atomic_fetch_add_explicit(mine, 1, memory_order_relaxed);
  }
  return count; /* the increments done, whichever counter took them */
}

const tvp_kernel tvp_kernel_sync_falseshare = {
    .name = "sync.falseshare",
    .summary = "each worker increments its own counter, all counters in one cache line",
    .bound = "sync",
    .unit = "increment",
    .rate_unit = "increments/s",
    .rate_per_unit = 1.0,
    .default_units = 800000000,
    .batch_units = 5000000,
    .test_units = 1000000,
    .shares = "one 64-byte cache line in the shared region holding 8 counters; each "
              "worker writes only its own (worker index mod 8; past 8 workers counters "
              "are shared and the increments become atomic adds)",
    .expect = "processes and threads alike, and both scale badly: no datum is shared, "
              "but the cache line is, so each write must first take the line from the "
              "core that wrote its neighbour; compare sync.padded, the same code with a "
              "line per counter",
    .shared_bytes = sizeof(falseshare_shared),
    .run = falseshare_run,
};
