/* mem.chase: memory latency. Each worker follows a chain of dependent loads
 * through one random cycle over cache-line nodes, in a private working set twice
 * the size of the last-level cache, so almost every load waits for DRAM. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kernels/kernel.h"

#define MiB (1024ULL * 1024ULL)
#define CHASE_MIN (64 * MiB)
#define CHASE_MAX (512 * MiB)
#define CHASE_ALIGN (2 * MiB) /* a huge page on x86-64 */

/* One node per cache line: every step of the chase is a line of its own. */
typedef struct {
  uint64_t next; /* the index of the next node in the cycle */
  uint64_t pad[7];
} chase_node;

/* The cycle's order is a bijection P of [0, 2^k): the node at step t of the
 * cycle is P(t) and its successor is P(t + 1). Any step's node is then known in
 * O(1), so a worker can start anywhere in the global numbering, and P's inverse
 * lets setup fill the nodes in one linear pass (node y gets P(P^-1(y) + 1)),
 * where a shuffle would cost random writes over hundreds of MiB. P alternates
 * multiplications by odd constants and right xorshifts, each invertible modulo
 * 2^k; three rounds scatter consecutive steps across the whole set, so neither a
 * stride prefetcher nor the page a step lands in can predict the next. */
typedef struct {
  unsigned k, s1, s2;
  uint64_t mask;
  uint64_t inv[3]; /* inverses of the multipliers modulo 2^64 (so also 2^k) */
} chase_perm;

static const uint64_t chase_mul[3] = {0xbf58476d1ce4e5b9ULL, 0x94d049bb133111ebULL,
                                      0xd6e8feb86659fd93ULL};
#define CHASE_ADD 0x632be59bd9b4e019ULL

/* Newton's iteration for the inverse of an odd number modulo 2^64: each step
 * doubles the correct low bits, from 3 (m is its own inverse mod 8) to 96. */
static uint64_t inverse_odd(uint64_t m) {
  uint64_t x = m;
  for (int i = 0; i < 5; i++)
    x *= 2 - m * x;
  return x;
}

static void perm_init(chase_perm *p, unsigned k) {
  p->k = k;
  p->mask = (1ULL << k) - 1;
  p->s1 = (k + 1) / 2;
  p->s2 = k / 3 + 1;
  for (int i = 0; i < 3; i++)
    p->inv[i] = inverse_odd(chase_mul[i]);
}

static inline uint64_t perm_fwd(const chase_perm *p, uint64_t x) {
  x = (x + CHASE_ADD) & p->mask;
  x = (x * chase_mul[0]) & p->mask;
  x ^= x >> p->s1;
  x = (x * chase_mul[1]) & p->mask;
  x ^= x >> p->s2;
  x = (x * chase_mul[2]) & p->mask;
  x ^= x >> p->s1;
  return x;
}

/* The inverse of x ^= x >> s on k bits: y ^ y >> s ^ y >> 2s ^ ... */
static inline uint64_t unxorshift(uint64_t y, unsigned s, unsigned k) {
  uint64_t x = y;
  for (unsigned sh = s; sh < k; sh += s)
    x ^= y >> sh;
  return x;
}

static inline uint64_t perm_inv(const chase_perm *p, uint64_t x) {
  x = unxorshift(x, p->s1, p->k);
  x = (x * p->inv[2]) & p->mask;
  x = unxorshift(x, p->s2, p->k);
  x = (x * p->inv[1]) & p->mask;
  x = unxorshift(x, p->s1, p->k);
  x = (x * p->inv[0]) & p->mask;
  return (x - CHASE_ADD) & p->mask;
}

typedef struct {
  chase_node *nodes;
  size_t bytes;
  chase_perm perm;
} chase_state;

/* log2 of the node count: twice the largest cache, held to 64..512 MiB and
 * rounded down to a power of two of 64-byte nodes (still at least the cache
 * itself). It depends on the machine only, never on the worker count, so
 * checksums compare across worker counts. */
static unsigned chase_bits(const tvp_job *job) {
  uint64_t want = 2 * job->llc_bytes;
  if (want < CHASE_MIN)
    want = CHASE_MIN;
  if (want > CHASE_MAX)
    want = CHASE_MAX;
  unsigned k = 0;
  while ((sizeof(chase_node) << (k + 1)) <= want)
    k++;
  return k;
}

static int chase_prepare(tvp_job *job, char *why, size_t why_len) {
  uint64_t need = (sizeof(chase_node) << chase_bits(job)) * job->nworkers;
  if (job->mem_bytes && need > job->mem_bytes / 2) {
    snprintf(why, why_len,
             "mem.chase needs %.1f GiB for %u workers, over half of the %.1f GiB "
             "this machine has; use fewer workers",
             need / 1073741824.0, job->nworkers, job->mem_bytes / 1073741824.0);
    return -1;
  }
  return 0;
}

static int chase_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  chase_state *s = calloc(1, sizeof *s);
  if (!s) {
    snprintf(why, why_len, "mem.chase: out of memory");
    return -1;
  }
  perm_init(&s->perm, chase_bits(job));
  s->bytes = sizeof(chase_node) << s->perm.k;
  /* Reserve a huge page more than needed and keep a 2 MiB-aligned part, so the
   * whole set can be backed by huge pages. */
  size_t span = s->bytes + CHASE_ALIGN;
  unsigned char *raw =
      mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) {
    snprintf(why, why_len, "mem.chase: mmap of %zu bytes failed: %s", span, strerror(errno));
    free(s);
    return -1;
  }
  unsigned char *base =
      (unsigned char *)(((uintptr_t)raw + CHASE_ALIGN - 1) & ~(uintptr_t)(CHASE_ALIGN - 1));
  if (base > raw)
    munmap(raw, (size_t)(base - raw));
  if (raw + span > base + s->bytes)
    munmap(base + s->bytes, (size_t)(raw + span - (base + s->bytes)));
  s->nodes = (chase_node *)base;
  w->priv = s;
  /* Huge pages where the kernel offers them: the set spans 256 of them instead
   * of 131072 small pages, so the TLB covers it and a load costs the trip to
   * DRAM, not that plus a page walk (two-dimensional, and dearer, in a virtual
   * machine). Without them the kernel would measure mostly the page walker. */
  madvise(base, s->bytes, MADV_HUGEPAGE);
  /* First touch on this worker's CPU, in address order. */
  uint64_t n = 1ULL << s->perm.k;
  for (uint64_t y = 0; y < n; y++) {
    uint64_t t = perm_inv(&s->perm, y);
    s->nodes[y].next = perm_fwd(&s->perm, (t + 1) & s->perm.mask);
  }
  return 0;
}

static void chase_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  chase_state *s = w->priv;
  if (!s)
    return;
  if (s->nodes)
    munmap(s->nodes, s->bytes);
  free(s);
  w->priv = NULL;
}

static uint64_t chase_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  (void)job;
  const chase_state *s = w->priv;
  const chase_node *nodes = s->nodes;
  /* Unit u is the load that leaves the node at step u mod 2^k of the cycle and
   * arrives at step u + 1. Starting a share at its own first step costs one
   * evaluation of P, so any split of the units visits the same nodes. */
  uint64_t x = perm_fwd(&s->perm, first & s->perm.mask), sum = 0;
  for (uint64_t i = 0; i < count; i++) {
    x = nodes[x].next; /* the address of each load is the value of the last */
    sum += x;
  }
  return sum;
}

const tvp_kernel tvp_kernel_mem_chase = {
    .name = "mem.chase",
    .summary = "dependent loads around one random cycle of 64-byte nodes, twice the "
               "last-level cache",
    .bound = "memory",
    .unit = "dependent load",
    .rate_unit = "loads/s",
    .rate_per_unit = 1.0,
    .default_units = 1500000,
    .batch_units = 10000,
    .test_units = 40000,
    .shares = "nothing but the memory controllers: each worker chases its own copy of the "
              "cycle, in private memory on huge pages where the kernel grants them",
    .expect = "processes and threads alike: one load in flight per worker, so each worker "
              "waits out the DRAM latency on its own and loads/s grows with the workers "
              "until the memory controllers queue; nanoseconds per load = 1e9 / (loads/s "
              "per worker). Huge pages keep the TLB covering the set under both models, "
              "so neither pays page walks the other does not",
    .prepare = chase_prepare,
    .worker_setup = chase_setup,
    .worker_teardown = chase_teardown,
    .run = chase_run,
};
