/* mem.triad: memory bandwidth. The STREAM triad a[i] = b[i] + s * c[i] over
 * private arrays larger than the last-level cache, first touched by the worker
 * that uses them (so they sit on its NUMA node). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernels/kernel.h"

#define TRIAD_SCALAR 3.0
#define MiB (1024ULL * 1024ULL)

typedef struct {
  double *a, *b, *c;
  uint64_t len;
  size_t bytes_each;
} triad_arrays;

/* Each worker's three arrays together hold twice the largest cache (64 MiB to
 * 1 GiB): big enough that no sweep is served from cache. The length depends on
 * the machine only, never on the worker count, so checksums compare. */
static uint64_t triad_len(const tvp_job *job) {
  uint64_t total = 2 * job->llc_bytes;
  if (total < 64 * MiB)
    total = 64 * MiB;
  if (total > 1024 * MiB)
    total = 1024 * MiB;
  return total / (3 * sizeof(double));
}

static int triad_prepare(tvp_job *job, char *why, size_t why_len) {
  uint64_t need = triad_len(job) * 3 * sizeof(double) * job->nworkers;
  if (job->mem_bytes && need > job->mem_bytes / 2) {
    snprintf(why, why_len,
             "mem.triad needs %.1f GiB for %u workers, over half of the %.1f GiB "
             "this machine has; use fewer workers",
             need / 1073741824.0, job->nworkers, job->mem_bytes / 1073741824.0);
    return -1;
  }
  return 0;
}

static int triad_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  triad_arrays *t = calloc(1, sizeof *t);
  if (!t) {
    snprintf(why, why_len, "out of memory");
    return -1;
  }
  t->len = triad_len(job);
  t->bytes_each = t->len * sizeof(double);
  double **arr[3] = {&t->a, &t->b, &t->c};
  for (int i = 0; i < 3; i++) {
    void *p = mmap(NULL, t->bytes_each, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) {
      snprintf(why, why_len, "mmap of %zu bytes failed", t->bytes_each);
      for (int k = 0; k < i; k++)
        munmap(*arr[k], t->bytes_each);
      free(t);
      return -1;
    }
    /* Huge pages where the kernel offers them: 512 times fewer faults on first
     * touch and fewer TLB misses in the sweep, as a tuned STREAM run would have. */
    madvise(p, t->bytes_each, MADV_HUGEPAGE);
    *arr[i] = p;
  }
  /* First touch, here on the worker's own CPU. Small integers keep every sum exact. */
  for (uint64_t j = 0; j < t->len; j++) {
    t->a[j] = 0.0;
    t->b[j] = (double)(j & 1023);
    t->c[j] = (double)((j >> 10) & 1023);
  }
  w->priv = t;
  return 0;
}

static void triad_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  triad_arrays *t = w->priv;
  if (!t)
    return;
  munmap(t->a, t->bytes_each);
  munmap(t->b, t->bytes_each);
  munmap(t->c, t->bytes_each);
  free(t);
  w->priv = NULL;
}

/* One contiguous stretch of the triad, with four accumulators so the checksum
 * does not serialise the loop on one floating-point add. */
static double triad_span(double *restrict a, const double *restrict b,
                         const double *restrict c, uint64_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  uint64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    a[i] = b[i] + TRIAD_SCALAR * c[i];
    a[i + 1] = b[i + 1] + TRIAD_SCALAR * c[i + 1];
    a[i + 2] = b[i + 2] + TRIAD_SCALAR * c[i + 2];
    a[i + 3] = b[i + 3] + TRIAD_SCALAR * c[i + 3];
    s0 += a[i];
    s1 += a[i + 1];
    s2 += a[i + 2];
    s3 += a[i + 3];
  }
  for (; i < n; i++) {
    a[i] = b[i] + TRIAD_SCALAR * c[i];
    s0 += a[i];
  }
  return (s0 + s1) + (s2 + s3);
}

static uint64_t triad_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  (void)job;
  triad_arrays *t = w->priv;
  uint64_t sum = 0, j = first % t->len;
  while (count) {
    uint64_t n = t->len - j < count ? t->len - j : count;
    /* Values are integers below 2^12 and spans below 2^27 long: the double sum is exact. */
    sum += (uint64_t)triad_span(t->a + j, t->b + j, t->c + j, n);
    count -= n;
    j = 0;
  }
  return sum;
}

const tvp_kernel tvp_kernel_mem_triad = {
    .name = "mem.triad",
    .summary = "STREAM triad a = b + 3c over private arrays twice the size of the last-level cache",
    .bound = "memory",
    .unit = "element (24 bytes moved)",
    .rate_unit = "B/s",
    .rate_per_unit = 24.0,
    .default_units = 200000000,
    .batch_units = 1000000,
    .test_units = 2000000,
    .shares = "nothing but the memory bus: each worker sweeps its own three arrays",
    .expect = "processes and threads alike: both saturate the same memory controllers, "
              "so speedup flattens once bandwidth, not cores, is the limit",
    .prepare = triad_prepare,
    .worker_setup = triad_setup,
    .worker_teardown = triad_teardown,
    .run = triad_run,
};
