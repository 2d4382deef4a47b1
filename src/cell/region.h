/* The shared region: one MAP_SHARED mapping of a memfd, made by the runner
 * before the cell and its workers exist. It holds the configuration, the
 * barriers, the stop flag, the cell's report, one cache-line-aligned sample slot
 * per worker, and the kernel's shared state. It holds offsets, never pointers:
 * a spawned worker inherits the memfd and maps it at another address. */
#ifndef TVP_REGION_H
#define TVP_REGION_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "cell/barrier.h"
#include "cell/schedstat.h"

#define TVP_CACHELINE 64
#define TVP_REASON_MAX 200
#define TVP_CPUSET_MAX 160
#define TVP_HOST_MAX 64

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
  tvp_schedstat sched;        /* over the timed region; its -1 fields were unreadable */
  char why[TVP_REASON_MAX];
  char cpuset[TVP_CPUSET_MAX]; /* input: hwloc list of the PUs to bind to ("" unbound);
                                 an MPI rank places itself and reports its own */
  int32_t rank;                /* MPI rank of the worker; -1 under the local models */
  char host[TVP_HOST_MAX];     /* where an MPI rank ran; "" under the local models */
} tvp_sample;

/* The configuration, as text and numbers, for a worker that has only the region. */
typedef struct {
  char kernel[64], model[16];
  int32_t scaling;
  int32_t bound, oversubscribed;
  double duration_s;
  uint64_t units, footprint, chunk;
  uint64_t llc_bytes, l2_bytes, l3_bytes, mem_bytes;
  uint32_t l2_pus, l3_pus;
  char tmpdir[512];
} tvp_region_config;

typedef struct {
  _Alignas(TVP_CACHELINE) tvp_barrier barrier;
  _Alignas(TVP_CACHELINE) tvp_barrier end_barrier; /* after the timed region: footprint */
  _Alignas(TVP_CACHELINE) _Atomic uint32_t stop; /* duration mode: set when time is up */
  _Alignas(TVP_CACHELINE) _Atomic int32_t cell_done; /* 1 once the cell finished cleanly */
  int32_t workers_started;
  int64_t peak_rss_kib;   /* cell process plus every worker process */
  int64_t pss_kib;        /* PSS of the cell and its processes at the end of the timed region */
  int32_t cell_pid;
  int32_t fd;             /* the memfd, inherited by spawned workers */
  tvp_region_config cfg;
  int64_t cell_ready_ns;  /* when the cell started creating workers */
  char cell_why[TVP_REASON_MAX]; /* why the cell failed the configuration, if it did */
  uint32_t nworkers;
  uint64_t slots_off, shared_off, total_bytes;
} tvp_region;

/* Maps a zeroed region for n workers and shared_bytes of kernel state, backed by
 * a memfd that children inherit; NULL on failure (errno set). */
tvp_region *tvp_region_create(uint32_t nworkers, size_t shared_bytes);
/* Maps the region of an inherited memfd (a spawned worker); NULL on failure. */
tvp_region *tvp_region_attach(int fd);
/* Unmaps; closes the memfd too when owner is 1 (the runner). */
void tvp_region_destroy(tvp_region *r, int owner);
/* After a failure: releases every barrier and raises the stop flag, so no
 * worker waits for one that will never come. */
void tvp_region_abort(tvp_region *r);

static inline tvp_sample *tvp_region_slot(tvp_region *r, uint32_t i) {
  return (tvp_sample *)((char *)r + r->slots_off) + i;
}
static inline void *tvp_region_shared(tvp_region *r) {
  return r->shared_off ? (char *)r + r->shared_off : NULL;
}

#endif
