/* The kernel contract: a piece of work that knows nothing of how it is run.
 * One descriptor per kernel, one file per kernel, one line in the registry. */
#ifndef TVP_KERNEL_H
#define TVP_KERNEL_H

#include <stddef.h>
#include <stdint.h>

struct tvp_job;

/* Message passing between the workers of one job, for the kernels that
 * exchange messages (net.*). The mpi model supplies it (MPI_Send, MPI_Recv,
 * MPI_Allreduce between ranks, worker i being rank i); under the other models
 * job->comm is NULL and those kernels talk through shared memory (thread) or
 * pipes (fork, spawn) of their own. A failure ends the whole job (MPI's errors
 * are fatal), so the calls return nothing. */
typedef struct tvp_comm {
  void (*send)(const struct tvp_job *job, unsigned me, unsigned to, const void *buf, size_t len);
  void (*recv)(const struct tvp_job *job, unsigned me, unsigned from, void *buf, size_t len);
  /* Element-wise sum modulo 2^64 of every worker's vec[0..n), left in every worker's vec. */
  void (*allreduce_sum)(const struct tvp_job *job, unsigned me, uint64_t *vec, size_t n);
} tvp_comm;

/* What a worker is, as the model that made it declares: the kernels whose work
 * is creation (spawn.*) or that pick their transport (net.*) ask this, never
 * the model's name. */
typedef enum {
  TVP_WORKER_UNKNOWN = 0, /* a job made without a model */
  TVP_WORKER_THREAD,      /* a pthread of the cell: one address space for all */
  TVP_WORKER_FORK,        /* a forked child of the cell: inherits its mappings */
  TVP_WORKER_SPAWN,       /* a fresh program (posix_spawn + exec): inherits no mapping */
  TVP_WORKER_RANK,        /* an MPI rank, one worker each: no memory shared */
  TVP_WORKER_RANK_THREAD, /* a pthread inside an MPI rank */
} tvp_worker_kind;

/* What the kernel's workers see of the run. Nothing here is a pointer into
 * another worker's memory: shared state is reached through `shared`, which
 * points into the one MAP_SHARED region the harness made before any worker. */
typedef struct tvp_job {
  const struct tvp_kernel *kernel;
  unsigned nworkers;
  uint64_t units;       /* strong: the total; weak: per worker; duration: batch size */
  void *shared;         /* kernel->shared_bytes of zeroed shared memory, or NULL */
  uint64_t footprint;   /* bytes to touch before the work (spawn.rss, spawn.cow...);
                           0: the kernel's own default */
  uint64_t chunk;       /* items a worker claims at a time (pool.map); 0: the kernel's own default */
  tvp_worker_kind worker_kind; /* what the model's workers are */
  const char *model;    /* the model's name, for messages only: kernels decide by worker_kind */
  const tvp_comm *comm; /* mpi: message passing between workers; NULL otherwise */
  const char *tmpdir;   /* where I/O kernels may create files (and must remove them) */
  uint64_t llc_bytes;   /* the largest cache hwloc reports (0 if none) */
  uint64_t l2_bytes, l3_bytes; /* one L2 / L3 cache, 0 if hwloc reports none */
  unsigned l2_pus, l3_pus;     /* how many PUs share one L2 / one L3 */
  uint64_t mem_bytes;   /* memory the machine has */
} tvp_job;

/* One worker's private scratch, owned by the worker's own thread or process. */
typedef struct tvp_worker_state {
  unsigned index;
  void *priv; /* set by worker_setup, released by worker_teardown */
  uint64_t units_done; /* claims_work kernels: the units this worker took */
} tvp_worker_state;

typedef struct tvp_kernel {
  const char *name;        /* "group.name" */
  const char *summary;     /* one line */
  const char *bound;       /* what bounds it: cpu, memory, os, sync, io, spawn, test */
  const char *unit;        /* one unit of work, singular: "number tested" */
  const char *rate_unit;   /* throughput unit in the CSV: "numbers/s", "B/s" */
  double rate_per_unit;    /* rate_unit amounts per unit (24 B per triad element) */
  uint64_t default_units;  /* strong scaling total, weak per worker: 0.2-1 s on one core */
  uint64_t batch_units;    /* duration mode: units between looks at the stop flag */
  uint64_t test_units;     /* the test-suite's checksum runs (tests/e2e/checksums.sh): units per
                              worker, weak scaling at 2 workers, well under a second; 0 for
                              test-only kernels, which that test does not run */
  const char *shares;      /* what workers share, what is private */
  const char *expect;      /* what a reader should expect between models, and why */
  size_t shared_bytes;     /* kernel state in the shared region (zeroed) */

  /* In the cell, before any worker exists / after all are gone. Optional.
   * prepare returns 0, or -1 after writing a reason into why[why_len]. */
  int (*prepare)(tvp_job *job, char *why, size_t why_len);
  void (*cleanup)(tvp_job *job);
  /* In the worker, after binding and before the start barrier (untimed):
   * allocate and first-touch private memory. Optional. 0 or -1 with a reason. */
  int (*worker_setup)(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len);
  void (*worker_teardown)(const tvp_job *job, tvp_worker_state *w);
  /* Does exactly `count` units, those numbered [first, first + count) in the
   * run's global numbering, and returns their checksum contribution. Checksums
   * are summed (mod 2^64) over workers and batches, so the same total work gives
   * the same checksum whatever the model and the worker count. */
  uint64_t (*run)(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count);

  int paired;    /* workers 2k and 2k+1 wait on each other: no fixed-time mode, whose
                    per-worker stop could leave one of a pair waiting for ever */
  int claims_work; /* workers take units from a shared counter, as a pool's workers do:
                       run() gets the whole repetition, [0, total), on every worker,
                       does the units it claims and sets w->units_done; no fixed-time
                       mode, which has no total to claim from */
  int messages;  /* exchanges messages between workers (net.*): through job->comm under
                    mpi, its own shared memory or pipes otherwise; runs under mpi
                    although it has shared state and a prepare, which mpi skips */
  int collective; /* every worker takes part in every unit (an all-reduce): run() gets
                     the whole repetition, [0, total), on every worker and sets
                     w->units_done to the units it counts, so they add up to the
                     total once; no fixed-time mode */
  int test_only; /* fault kernels for the test-suite: listed only with TVP_TEST_KERNELS=1 */
  int time_ignores_size; /* how long a repetition lasts does not follow its size (it fails, hangs
                            or stops on its own): --min-time leaves its size alone */
} tvp_kernel;

/* The registry. */
size_t tvp_kernel_count(void);
const tvp_kernel *tvp_kernel_at(size_t i);   /* includes test-only kernels */
const tvp_kernel *tvp_kernel_find(const char *name); /* NULL if unknown or hidden */
int tvp_kernel_visible(const tvp_kernel *k);  /* 0 for test-only kernels unless enabled */
/* The groups of the visible kernels ("cpu" of "cpu.primes"), each once, in
 * registry order, sep between them, into buf (cut at len): what --kernels
 * GROUP takes. */
void tvp_kernel_groups(char *buf, size_t len, const char *sep);
/* 1 if name has the syntax of every name in the registry, "group.name" of
 * lowercase letters, digits and '_': a name read from a file is checked with it
 * before it names a chart file, which a '/' or ".." would move elsewhere. */
int tvp_kernel_name_valid(const char *name);
/* 1 if the kernel can run as MPI ranks, which share no memory and may live on
 * several hosts: it needs no shared state, no pairs, no shared work counter and
 * no process creation of its own, or it exchanges messages (messages = 1). */
int tvp_kernel_runs_distributed(const tvp_kernel *k);
/* Whether the kernel runs in fixed-time (duration) mode, where each worker
 * stops on its own: not when workers pair up, claim from a shared total or
 * all take part in every unit. 0, or -1 with why and what to use instead. */
int tvp_kernel_check_fixed_time(const tvp_kernel *k, char *err, size_t errlen);

/* run() has no way to return an error: a kernel whose unit cannot be done
 * ends its worker (_exit), and says why with tvp_kernel_failed first. The
 * reason goes to the buffer that the worker's own thread named with
 * tvp_kernel_reason_to (the worker's slot in the shared region, which the cell
 * and the runner still read once the worker or the whole cell is gone), so
 * that it reaches the results and not only stderr; nothing where none was
 * named (a kernel's own helper thread). The first reason is kept. */
void tvp_kernel_reason_to(char *buf, size_t len);
void tvp_kernel_failed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Called with the buffer tvp_kernel_failed has just written, before the
 * kernel ends its worker: where nothing reads the buffer once the worker's
 * process is gone (an MPI rank, perhaps on another host), the hook sends the
 * reason on. Set once, before any worker starts; NULL for none. */
void tvp_kernel_on_failure(void (*hook)(const char *why));

/* A 64-bit mixer for checksums (splitmix64 finaliser). */
static inline uint64_t tvp_mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

#endif
