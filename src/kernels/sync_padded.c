/* sync.padded: the cure for false sharing. The code of sync.falseshare, but each
 * worker's counter has a 128-byte block to itself, so no two share a line. */
#include <stdalign.h>
#include <stdatomic.h>

#include "kernels/kernel.h"

/* 128 bytes, not 64: the adjacent-line prefetcher fetches lines in pairs, and a
 * neighbour in the pair line would still be dragged along. */
#define PAD_STRIDE 128
#define PAD_SLOTS 1024 /* distinct counters before workers have to share one */

typedef struct {
  alignas(PAD_STRIDE) _Atomic uint64_t value;
} padded_counter;

typedef struct {
  padded_counter counter[PAD_SLOTS];
} padded_shared;

_Static_assert(sizeof(padded_counter) == PAD_STRIDE, "one counter per 128-byte block");

static uint64_t padded_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                           uint64_t count) {
  (void)first;
  padded_shared *s = job->shared;
  _Atomic uint64_t *mine = &s->counter[w->index % PAD_SLOTS].value;
  if (job->nworkers <= PAD_SLOTS) {
    /* One writer per counter: a plain load and store, as in sync.falseshare. */
    for (uint64_t i = 0; i < count; i++)
      atomic_store_explicit(mine, atomic_load_explicit(mine, memory_order_relaxed) + 1,
                            memory_order_relaxed);
  } else {
    for (uint64_t i = 0; i < count; i++)
      atomic_fetch_add_explicit(mine, 1, memory_order_relaxed);
  }
  return count;
}

const tvp_kernel tvp_kernel_sync_padded = {
    .name = "sync.padded",
    .summary = "each worker increments its own counter, each counter on its own cache line",
    .bound = "sync",
    .unit = "increment",
    .rate_unit = "increments/s",
    .rate_per_unit = 1.0,
    .default_units = 800000000,
    .batch_units = 5000000,
    .test_units = 1000000,
    .shares = "the shared region holds 1024 counters 128 bytes apart; each worker "
              "writes only its own (worker index mod 1024; past 1024 workers counters "
              "are shared and the increments become atomic adds)",
    .expect = "processes and threads alike, and both scale with the cores: each "
              "counter's line stays in its writer's cache; against sync.falseshare "
              "this shows the cost of false sharing",
    .shared_bytes = sizeof(padded_shared),
    .run = padded_run,
};
