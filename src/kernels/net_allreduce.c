/* net.allreduce: every worker's vector summed element by element and the sum
 * left with every worker, unit after unit: through a shared buffer under
 * thread, fork and spawn, MPI_Allreduce under mpi. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "net_common.h"

#define RED_DEFAULT_BYTES 4096
/* Elements summed at a time per slice, so a block of the sum stays in L1
 * while every worker's row is added into it. */
#define RED_BLOCK 512
/* Folds a position into the hash of the sum, so that two elements swapped show. */
#define POS_MIX 0x9e3779b97f4a7c15ULL

/* A barrier that can be used again at once: the last worker in resets the
 * count and moves the generation on; the others wait for the generation. */
typedef struct {
  _Alignas(64) _Atomic uint32_t arrived;
  _Alignas(64) net_signal gen;
} red_barrier;

/* The kernel's part of the shared region. The rows themselves, whose size
 * depends on the vector and the worker count, are in a memfd that prepare()
 * made: thread and fork workers use the cell's mapping of it (a fork
 * inherits it at the same address), spawn workers map it again after exec
 * through the descriptor, which is not close-on-exec. */
typedef struct {
  red_barrier bar;
  int32_t fd;
  int32_t spin;     /* every worker has a CPU: poll before sleeping */
  uint64_t addr;    /* the cell's mapping */
  uint64_t bytes;   /* N + 1 rows */
  uint64_t stride;  /* bytes from one row to the next, whole cache lines */
} red_shared;

/* One worker's state. */
typedef struct {
  net_transport how;
  unsigned me, nworkers;
  size_t n;             /* elements in the vector */
  uint64_t *vec;        /* the worker's contribution, then the sum */
  uint64_t *pattern;    /* p(me, j): the part of the contribution that is not the unit's */
  red_barrier *bar;     /* NET_SHM: the shared part */
  unsigned char *rows;  /* NET_SHM: row i holds worker i's contribution, row N the sum */
  size_t stride;
  size_t lo, hi;        /* NET_SHM: the elements of the sum this worker adds up */
  void *own_map;        /* spawn: this worker's own mapping of the rows, to unmap */
  size_t own_bytes;
  size_t check[3];      /* elements every worker verifies after every unit */
  uint64_t base[3];     /* the sum over workers of p(i, check[k]) */
  int64_t spin_ns;
} red_worker;

static uint64_t red_bytes(const tvp_job *job) { return net_bytes(job, RED_DEFAULT_BYTES); }

static size_t red_stride(uint64_t bytes) { return (size_t)(bytes + 63) / 64 * 64; }

/* Worker i's contribution to element j of unit u is p(i, j) + (2i + 1) m(u):
 * the pattern is written once, the unit's part is one addition per element.
 * The sum is then P(j) + N^2 m(u), with P(j) the sum of the patterns, which
 * any worker can check for a few j without the others' vectors. */
static uint64_t red_pattern(unsigned i, size_t j) {
  return tvp_mix64(((uint64_t)i << 40) ^ (uint64_t)j ^ 0x5deece66dULL);
}

static uint64_t red_unit_mix(uint64_t u) { return tvp_mix64(u ^ 0xa0761d6478bd642fULL); }

/* What both prepare (in the cell) and worker_setup (in each worker; under mpi
 * the only one called) refuse. */
static int red_check(const tvp_job *job, char *why, size_t why_len) {
  uint64_t bytes = red_bytes(job);
  if (net_check_bytes(job, bytes, 8, "the vector size", why, why_len) != 0)
    return -1;
  /* Two private vectors per worker, and locally N + 1 shared rows. */
  uint64_t rows = job->comm ? 0 : red_stride(bytes) * (job->nworkers + 1ULL);
  return net_check_memory(job, bytes * 2 * job->nworkers + rows, why, why_len);
}

static void red_cleanup(tvp_job *job) {
  red_shared *s = job->shared;
  if (s->addr)
    munmap((void *)(uintptr_t)s->addr, s->bytes);
  if (s->fd >= 0)
    close(s->fd);
  s->addr = 0;
  s->fd = -1;
}

/* In the cell, before any worker exists: the memfd of N + 1 rows and the
 * cell's mapping of it. Under mpi this is not called. */
static int red_prepare(tvp_job *job, char *why, size_t why_len) {
  red_shared *s = job->shared;
  s->fd = -1;
  s->addr = 0;
  if (red_check(job, why, why_len) != 0)
    return -1;
  s->spin = net_cell_can_spin(job);
  s->stride = red_stride(red_bytes(job));
  s->bytes = s->stride * (job->nworkers + 1ULL);
  s->fd = memfd_create("tvp-net-allreduce", 0); /* no MFD_CLOEXEC: spawn's workers map it */
  if (s->fd < 0 || ftruncate(s->fd, (off_t)s->bytes) != 0) {
    snprintf(why, why_len, "%s cannot make its %llu-byte shared buffer: %s", job->kernel->name,
             (unsigned long long)s->bytes, strerror(errno));
    red_cleanup(job);
    return -1;
  }
  void *p = net_map_shared(job, s->fd, s->bytes, why, why_len);
  if (!p) {
    red_cleanup(job);
    return -1;
  }
  s->addr = (uintptr_t)p;
  return 0;
}

static void red_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  red_worker *r = w->priv;
  if (!r)
    return;
  if (r->own_map)
    munmap(r->own_map, r->own_bytes);
  free(r->vec);
  free(r->pattern);
  free(r);
  w->priv = NULL;
}

/* In each worker, untimed: the vectors (first touch), the expected values of
 * the checked elements, and under the local models the rows, every page of
 * them present. */
static int red_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  if (red_check(job, why, why_len) != 0)
    return -1;
  size_t bytes = (size_t)red_bytes(job);
  red_worker *r = calloc(1, sizeof *r);
  if (!r)
    goto oom;
  w->priv = r;
  if (posix_memalign((void **)&r->vec, 64, bytes) != 0 ||
      posix_memalign((void **)&r->pattern, 64, bytes) != 0)
    goto oom;
  r->me = w->index;
  r->nworkers = job->nworkers;
  r->n = bytes / 8;
  for (size_t j = 0; j < r->n; j++) {
    r->pattern[j] = red_pattern(r->me, j);
    r->vec[j] = 0;
  }
  size_t checks[3] = {0, r->n / 2, r->n - 1};
  for (int k = 0; k < 3; k++) {
    r->check[k] = checks[k];
    r->base[k] = 0;
    for (unsigned i = 0; i < job->nworkers; i++)
      r->base[k] += red_pattern(i, checks[k]);
  }
  if (job->comm) {
    r->how = NET_COMM;
    return 0;
  }

  red_shared *s = job->shared;
  r->how = NET_SHM;
  r->bar = &s->bar;
  r->stride = (size_t)s->stride;
  r->spin_ns = net_spin_ns(s->spin, bytes);
  if (net_inherits_mappings(job)) {
    r->rows = (unsigned char *)(uintptr_t)s->addr;
  } else {
    r->own_map = net_map_shared(job, s->fd, (size_t)s->bytes, why, why_len);
    if (!r->own_map)
      return -1;
    r->own_bytes = (size_t)s->bytes;
    r->rows = r->own_map;
  }
  net_populate(r->rows, (size_t)s->bytes);
  /* The sum's elements in slices of whole cache lines, one slice a worker, so
   * no two workers write the same line. */
  size_t lines = (r->n + 7) / 8, n = r->nworkers ? r->nworkers : 1;
  r->lo = r->me * lines / n * 8;
  r->hi = (r->me + 1) * lines / n * 8;
  if (r->lo > r->n)
    r->lo = r->n;
  if (r->hi > r->n)
    r->hi = r->n;
  return 0;
oom:
  snprintf(why, why_len, "out of memory for two %zu-byte vectors", bytes);
  return -1;
}

static void red_barrier_wait(red_barrier *b, unsigned parties, int64_t spin_ns) {
  uint32_t gen = atomic_load_explicit(&b->gen.word, memory_order_acquire);
  if (atomic_fetch_add_explicit(&b->arrived, 1, memory_order_acq_rel) + 1 == parties) {
    /* Nobody arrives for the next round before it sees the new generation,
     * which is published after this reset. */
    atomic_store_explicit(&b->arrived, 0, memory_order_relaxed);
    net_signal_set(&b->gen, gen + 1);
  } else {
    net_signal_wait(&b->gen, gen + 1, spin_ns);
  }
}

static uint64_t *red_row(const red_worker *r, unsigned i) {
  return (uint64_t *)(void *)(r->rows + (size_t)i * r->stride);
}

/* The local all-reduce, a reduce-scatter and an all-gather through memory:
 * each worker copies its vector into its row; after a barrier each adds up
 * its slice of the sum from every row; after another, each copies the whole
 * sum out. Two barriers a unit are enough: a row is written again only after
 * the second barrier, when every slice has been read from it, and the sum is
 * written again only after the next unit's first, when every worker has
 * copied it out. */
static void shm_allreduce(red_worker *r, uint64_t *vec) {
  size_t bytes = r->n * 8;
  memcpy(red_row(r, r->me), vec, bytes);
  red_barrier_wait(r->bar, r->nworkers, r->spin_ns);
  uint64_t *sum = red_row(r, r->nworkers);
  for (size_t lo = r->lo; lo < r->hi; lo += RED_BLOCK) {
    size_t hi = lo + RED_BLOCK < r->hi ? lo + RED_BLOCK : r->hi;
    const uint64_t *row = red_row(r, 0);
    for (size_t j = lo; j < hi; j++)
      sum[j] = row[j];
    for (unsigned i = 1; i < r->nworkers; i++) {
      row = red_row(r, i);
      for (size_t j = lo; j < hi; j++)
        sum[j] += row[j];
    }
  }
  red_barrier_wait(r->bar, r->nworkers, r->spin_ns);
  memcpy(vec, sum, bytes);
}

/* A position-weighted hash of the sum: one pass, no multiplications. */
static uint64_t red_hash(const uint64_t *v, size_t n) {
  uint64_t h = 0, pos = 0;
  for (size_t j = 0; j < n; j++) {
    h += v[j] ^ pos;
    pos += POS_MIX;
  }
  return h;
}

/* Every worker does every unit. Worker 0 counts them all and folds a hash of
 * each sum into the checksum; the others count none and add nothing, and
 * every worker checks three elements of every sum. */
static uint64_t red_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                        uint64_t count) {
  red_worker *r = w->priv;
  uint64_t sum = 0, weight = 2ULL * r->me + 1, squares = (uint64_t)r->nworkers * r->nworkers;
  for (uint64_t u = first; u < first + count; u++) {
    uint64_t m = red_unit_mix(u), add = weight * m;
    for (size_t j = 0; j < r->n; j++)
      r->vec[j] = r->pattern[j] + add;
    if (r->how == NET_COMM)
      job->comm->allreduce_sum(job, r->me, r->vec, r->n);
    else
      shm_allreduce(r, r->vec);
    for (int k = 0; k < 3; k++)
      if (r->vec[r->check[k]] != r->base[k] + squares * m)
        io_die(job, r->me, "the all-reduced sum is wrong", EPROTO);
    if (r->me == 0)
      sum += tvp_mix64(red_hash(r->vec, r->n) ^ u);
  }
  w->units_done = r->me == 0 ? count : 0;
  return sum;
}

const tvp_kernel tvp_kernel_net_allreduce = {
    .name = "net.allreduce",
    .summary = "an all-reduce (sum) of every worker's vector (--footprint, 4 KiB by default): "
               "shared memory under thread, fork and spawn, MPI_Allreduce under mpi",
    .bound = "io",
    .unit = "all-reduce",
    .rate_unit = "all-reduces/s",
    .rate_per_unit = 1.0,
    .default_units = 100000,
    .batch_units = 100,
    .test_units = 300,
    .shares = "thread, fork, spawn: a buffer of N + 1 rows in shared memory (a memfd every "
              "worker maps) and a barrier in the shared region; each worker has its own "
              "vector and pattern; mpi: nothing (the library's own transport)",
    .expect = "thread, fork and spawn alike: the same copies through the same kind of shared "
              "memory and the same barrier, which polls while every worker has a CPU; the "
              "time grows with the workers (each adds a row to read) and with the vector; "
              "mpi on one host near them (Open MPI also goes through shared memory), across "
              "hosts bound by the network",
    .shared_bytes = sizeof(red_shared),
    .prepare = red_prepare,
    .cleanup = red_cleanup,
    .worker_setup = red_setup,
    .worker_teardown = red_teardown,
    .run = red_run,
    .messages = 1,
    .collective = 1,
};
