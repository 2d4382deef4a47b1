/* The shared region: one MAP_SHARED | MAP_ANONYMOUS mapping made by the runner
 * before the cell and its workers exist. It holds the barrier, the stop flag,
 * the cell's report, one cache-line-aligned sample slot per worker, and the
 * kernel's shared state. It holds offsets, never pointers, so a worker that
 * maps it at another address could use it too. */
#ifndef TVP_REGION_H
#define TVP_REGION_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "barrier.h"

#define TVP_CACHELINE 64
#define TVP_REASON_MAX 200

enum tvp_slot_state {
  TVP_SLOT_EMPTY = 0, /* the worker never started */
  TVP_SLOT_STARTED,   /* bound, setting up */
  TVP_SLOT_WAITING,   /* at the start barrier */
  TVP_SLOT_RUNNING,
  TVP_SLOT_DONE,
  TVP_SLOT_FAILED     /* reported its own failure in `why` */
};

/* What one worker measured in one repetition. */
typedef struct {
  _Alignas(TVP_CACHELINE) _Atomic int32_t state;
  int32_t pid, tid;
  int32_t cpu_start, cpu_end; /* OS index of the CPU seen, -1 unknown */
  int32_t off_cpuset;         /* 1 if a bound worker was seen outside its cpuset */
  int64_t start_ns, end_ns;   /* CLOCK_MONOTONIC */
  uint64_t units, checksum;
  double user_s, sys_s;
  int64_t vcsw, ivcsw, minflt, majflt;
  char why[TVP_REASON_MAX];
} tvp_sample;

typedef struct {
  _Alignas(TVP_CACHELINE) tvp_barrier barrier;
  _Alignas(TVP_CACHELINE) _Atomic uint32_t stop; /* duration mode: set when time is up */
  _Alignas(TVP_CACHELINE) _Atomic int32_t cell_done; /* 1 once the cell finished cleanly */
  int32_t workers_started;
  int64_t peak_rss_kib;   /* cell process plus every worker process */
  int64_t cell_ready_ns;  /* when the cell started creating workers */
  char cell_why[TVP_REASON_MAX]; /* why the cell failed the configuration, if it did */
  uint32_t nworkers;
  uint64_t slots_off, shared_off, total_bytes;
} tvp_region;

/* Maps a zeroed region for n workers and shared_bytes of kernel state; NULL on failure. */
tvp_region *tvp_region_create(uint32_t nworkers, size_t shared_bytes);
void tvp_region_destroy(tvp_region *r);

static inline tvp_sample *tvp_region_slot(tvp_region *r, uint32_t i) {
  return (tvp_sample *)((char *)r + r->slots_off) + i;
}
static inline void *tvp_region_shared(tvp_region *r) {
  return r->shared_off ? (char *)r + r->shared_off : NULL;
}

#endif
