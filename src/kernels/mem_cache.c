/* mem.cache: L2 bandwidth. Each worker sweeps a private buffer of half its share
 * of an L2 cache, reading and dirtying every line, so the sweep stays in L2. */
#include <stdio.h>
#include <stdlib.h>

#include "kernels/kernel.h"

#define CACHE_LINE 64
#define CACHE_WORDS (CACHE_LINE / 8)
#define CACHE_FALLBACK (256 * 1024) /* an L2 share to assume when hwloc reports no L2 */
#define CACHE_TOP 0x8000000000000000ULL

typedef struct {
  uint64_t *buf;
  uint64_t lines;
} cache_buffer;

/* Half of one PU's share of an L2: an SMT sibling's buffer fits beside it, and
 * the other half leaves room for what else the core keeps there. The size
 * depends on the machine only, never on the worker count, so checksums compare. */
static uint64_t cache_lines(const tvp_job *job) {
  uint64_t share = job->l2_bytes ? job->l2_bytes / (job->l2_pus ? job->l2_pus : 1)
                                 : CACHE_FALLBACK;
  uint64_t lines = share / 2 / CACHE_LINE;
  return lines ? lines : 1;
}

static int cache_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  cache_buffer *c = calloc(1, sizeof *c);
  if (!c) {
    snprintf(why, why_len, "mem.cache: out of memory");
    return -1;
  }
  c->lines = cache_lines(job);
  size_t bytes = (c->lines * CACHE_LINE + 4095) & ~(size_t)4095; /* aligned_alloc wants a multiple */
  c->buf = aligned_alloc(4096, bytes);
  if (!c->buf) {
    snprintf(why, why_len, "mem.cache: out of memory for a %zu-byte buffer", bytes);
    free(c);
    return -1;
  }
  /* First touch here, on the worker's CPU, which also brings the buffer into
   * its L2 before the start. Words hold 32-bit values: see cache_sweep. */
  for (uint64_t i = 0; i < c->lines * CACHE_WORDS; i++)
    c->buf[i] = tvp_mix64(i) >> 32;
  w->priv = c;
  return 0;
}

static void cache_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  cache_buffer *c = w->priv;
  if (!c)
    return;
  free(c->buf);
  free(c);
  w->priv = NULL;
}

/* Reads and rewrites n consecutive lines, one word of each. That is enough to
 * move the whole line: the read brings it from L2 into L1, the write dirties it,
 * and its eviction carries all 64 bytes back to L2. Touching every word instead
 * made the loop wait on the core (about 29 GB/s here whether the buffer sat in
 * L1, L2 or L3), so the cache would not have shown.
 *
 * The word goes back with bit 63 flipped. Its low 32 bits never change, and a
 * span's plain sum differs from the sum of those bits only in bit 63 (each flip
 * adds 2^63), as long as that sum stays below 2^63: spans are at most a buffer
 * long, far below 2^31 lines. So one add per line gives a contribution that
 * does not depend on how often this worker has swept the line before. */
static uint64_t cache_sweep(uint64_t *restrict p, uint64_t n) {
  uint64_t s0 = 0, s1 = 0;
  uint64_t line = 0;
  for (; line + 2 <= n; line += 2, p += 2 * CACHE_WORDS) { /* two chains of adds */
    uint64_t v0 = p[0], v1 = p[CACHE_WORDS];
    s0 += v0;
    s1 += v1;
    p[0] = v0 ^ CACHE_TOP;
    p[CACHE_WORDS] = v1 ^ CACHE_TOP;
  }
  if (line < n) {
    s0 += p[0];
    p[0] ^= CACHE_TOP;
  }
  return (s0 + s1) & ~CACHE_TOP;
}

static uint64_t cache_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  (void)job;
  cache_buffer *c = w->priv;
  /* Unit u is line u mod lines: a share sweeps its stretch of the buffer in
   * address order, wrapping around, so the prefetchers keep the L2 busy. */
  uint64_t sum = 0, j = first % c->lines;
  while (count) {
    uint64_t n = c->lines - j < count ? c->lines - j : count;
    sum += cache_sweep(c->buf + j * CACHE_WORDS, n);
    count -= n;
    j = 0;
  }
  return sum;
}

const tvp_kernel tvp_kernel_mem_cache = {
    .name = "mem.cache",
    .summary = "read and rewrite a private buffer of half a PU's share of the L2 cache",
    .bound = "memory",
    .unit = "64-byte line read and dirtied",
    .rate_unit = "B/s",
    .rate_per_unit = 64.0,
    .default_units = 800000000,
    .batch_units = 4000000,
    .test_units = 1000000,
    .shares = "nothing: each worker sweeps its own buffer in its core's L2; SMT siblings "
              "share one L2, and the buffer is sized so both fit",
    .expect = "processes and threads alike: the buffers live in private caches and are "
              "never shared, so both scale with the cores; once they sit in L2 nothing "
              "reaches the shared L3 or memory, so only a cache level shared by more "
              "buffers than it holds would limit speedup",
    .worker_setup = cache_setup,
    .worker_teardown = cache_teardown,
    .run = cache_run,
};
