/* pool.map: a worker pool mapping a tiny function over many items. Workers claim
 * `chunk` items at a time from one shared counter (the claim code of src/pool/pool.c),
 * so the run shows how large a chunk must be before the cost of handing out
 * work stops mattering. */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/kernel.h"
#include "pool/pool_claim.h"

/* Each worker writes its outputs into a private ring of this many slots (item i
 * to slot i mod RING), as a pool worker fills a results buffer of its own. A
 * shared ring would make large chunks collide: two chunks of RING items write
 * the same slots, and the chart would show that sharing instead of dispatch. */
#define RING 4096

typedef struct {
  alignas(64) _Atomic uint64_t next; /* the pool's claim counter, on its own line */
} pool_map_shared;

static int pool_map_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  (void)job;
  uint64_t *out;
  if (posix_memalign((void **)&out, 64, RING * sizeof *out) != 0) {
    snprintf(why, why_len, "out of memory");
    return -1;
  }
  memset(out, 0, RING * sizeof *out); /* first touch here, not in the timed region */
  w->priv = out;
  return 0;
}

static void pool_map_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  free(w->priv);
  w->priv = NULL;
}

/* The task: a few nanoseconds of arithmetic, so dispatch is what is measured. */
static inline uint64_t task(uint64_t i) { return tvp_mix64(i + 1); }

static uint64_t pool_map_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                             uint64_t total) {
  (void)first; /* always 0: the whole repetition, which the workers claim from */
  pool_map_shared *s = job->shared;
  uint64_t *out = w->priv;
  uint64_t chunk = job->chunk ? job->chunk : (total + job->nworkers - 1) / job->nworkers;
  uint64_t sum = 0, done = 0, at, k;
  while ((k = tvp_pool_claim(&s->next, total, chunk, &at)) > 0) {
    for (uint64_t i = at; i < at + k; i++) {
      uint64_t y = task(i);
      out[i % RING] = y;
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
    .test_units = 100000,
    .shares = "the pool's claim counter (one cache line in the shared region); each "
              "worker's 32 KiB ring of outputs and its checksum are private",
    .expect = "processes and threads alike: both claim work from the same counter in the "
              "one MAP_SHARED mapping, which is how tvp's process pool hands out work "
              "(in other languages a process pool also copies every input and result, "
              "which is where its reputation for overhead comes from). A chunk of 1 costs "
              "one contended atomic add per item, tens of "
              "nanoseconds against a task of a few, so throughput falls as workers are "
              "added; with chunks of a few hundred items the claim is paid once per "
              "chunk and throughput scales with the workers. --chunk sets the chunk "
              "(default: the items divided evenly over the workers)",
    .shared_bytes = sizeof(pool_map_shared),
    .worker_setup = pool_map_setup,
    .worker_teardown = pool_map_teardown,
    .run = pool_map_run,
    .claims_work = 1,
};
