/* pool.map: a worker pool mapping a tiny function over many items. Workers claim
 * `chunk` items at a time from one shared counter (the claim code of src/pool.c)
 * and write each output into a shared array, so the run shows how large a chunk
 * must be before the cost of handing out work stops mattering. */
#include <stdalign.h>
#include <stdatomic.h>

#include "kernel.h"
#include "pool_claim.h"

/* Outputs go to a ring of this many slots in the shared region: item i writes
 * slot i mod RING. Small chunks put neighbouring items, and so one cache line of
 * outputs, in different workers' hands, as a pool writing one results array does. */
#define RING 4096

typedef struct {
  alignas(64) _Atomic uint64_t next; /* the pool's claim counter, on its own line */
  alignas(64) uint64_t out[RING];
} pool_map_shared;

/* The task: a few nanoseconds of arithmetic, so dispatch is what is measured. */
static inline uint64_t task(uint64_t i) { return tvp_mix64(i + 1); }

static uint64_t pool_map_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                             uint64_t total) {
  (void)first; /* always 0: the whole repetition, which the workers claim from */
  pool_map_shared *s = job->shared;
  uint64_t chunk = job->chunk ? job->chunk : (total + job->nworkers - 1) / job->nworkers;
  uint64_t sum = 0, done = 0, at, k;
  while ((k = tvp_pool_claim(&s->next, total, chunk, &at)) > 0) {
    for (uint64_t i = at; i < at + k; i++) {
      uint64_t y = task(i);
      s->out[i % RING] = y;
      sum += y;
    }
    done += k;
  }
  w->units_done = done;
  return sum;
}

const tvp_kernel tvp_kernel_pool_map = {
    .name = "pool.map",
    .summary = "a worker pool maps a tiny function over items claimed a chunk at a time",
    .bound = "sync",
    .unit = "item mapped",
    .rate_unit = "items/s",
    .rate_per_unit = 1.0,
    .default_units = 200000000,
    .shares = "the pool's claim counter (one cache line) and a 32 KiB array of outputs in "
              "the shared region; each worker's running checksum is private",
    .expect = "processes and threads alike: both claim work from the same counter in the "
              "one MAP_SHARED mapping, which is how tvp's process pool hands out work "
              "(in other languages a process pool also copies every input and result, "
              "which is where its reputation for overhead comes from). A chunk of 1 costs "
              "one contended atomic add and a shared output line per item, tens of "
              "nanoseconds against a task of a few, so throughput falls as workers are "
              "added; with chunks of a few hundred items the claim is paid once per "
              "chunk and throughput scales with the workers. --chunk sets the chunk "
              "(default: the items divided evenly over the workers)",
    .shared_bytes = sizeof(pool_map_shared),
    .run = pool_map_run,
    .claims_work = 1,
};
