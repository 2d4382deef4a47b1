/* cpu.hash: integer work in L1. Tabulation hashing: each step looks up the eight
 * bytes of a 64-bit state in eight private 2 KiB tables, XORs the entries and mixes
 * with a multiply; the 16 KiB of tables live in the core's L1 data cache. */
#include <stdio.h>
#include <stdlib.h>

#include "kernels/kernel.h"

#define HASH_TABLES 8     /* one table per byte of the 64-bit state */
#define HASH_ENTRIES 256  /* 8 tables x 256 x 8 bytes = 16 KiB: well inside any L1d */
#define HASH_LANES 4      /* independent chains, so loads overlap as in a real hash loop */
#define HASH_WORDS 128    /* 64-bit words hashed per unit: a 1 KiB block */
#define HASH_MUL 0x9e3779b97f4a7c15ULL

typedef struct {
  uint64_t t[HASH_TABLES][HASH_ENTRIES];
} hash_tables;

static int hash_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  (void)job;
  hash_tables *h = aligned_alloc(64, sizeof *h);
  if (!h) {
    snprintf(why, why_len, "cpu.hash: out of memory for %zu bytes of tables", sizeof *h);
    return -1;
  }
  /* A fixed seed, not the worker's index: every worker holds the same tables,
   * so a unit's hash depends on its number only. Writing them here also brings
   * them into this worker's L1 before the start. */
  for (unsigned k = 0; k < HASH_TABLES; k++)
    for (unsigned e = 0; e < HASH_ENTRIES; e++)
      h->t[k][e] = tvp_mix64(0x686173685f746162ULL + k * HASH_ENTRIES + e);
  w->priv = h;
  return 0;
}

static void hash_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  free(w->priv);
  w->priv = NULL;
}

/* One tabulation step: eight loads chosen by the bytes of x, XORed together. */
static inline uint64_t tabulate(const hash_tables *h, uint64_t x) {
  return h->t[0][x & 255] ^ h->t[1][(x >> 8) & 255] ^ h->t[2][(x >> 16) & 255] ^
         h->t[3][(x >> 24) & 255] ^ h->t[4][(x >> 32) & 255] ^ h->t[5][(x >> 40) & 255] ^
         h->t[6][(x >> 48) & 255] ^ h->t[7][x >> 56];
}

static uint64_t hash_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                         uint64_t count) {
  (void)job;
  const hash_tables *h = w->priv;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    /* The block's words are u * 128 + j, made in registers: the only memory the
     * loop reads is the tables, so it measures the core and its L1, not a
     * stream. Lane l takes words l, l + 4, ...; each lane is a dependent chain
     * of load, XOR and multiply, and the four chains overlap. */
    uint64_t base = u * HASH_WORDS;
    uint64_t s[HASH_LANES];
    for (unsigned l = 0; l < HASH_LANES; l++)
      s[l] = base + l;
    for (unsigned j = 0; j < HASH_WORDS; j += HASH_LANES)
      for (unsigned l = 0; l < HASH_LANES; l++)
        s[l] = tabulate(h, s[l] ^ (base + j + l)) * HASH_MUL;
    sum += tvp_mix64(s[0] ^ (s[1] << 1) ^ (s[2] << 2) ^ (s[3] << 3) ^ u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_cpu_hash = {
    .name = "cpu.hash",
    .summary = "tabulation-hash 1 KiB blocks through 16 KiB of private tables held in L1",
    .bound = "cpu",
    .unit = "1 KiB block hashed",
    .rate_unit = "blocks/s",
    .rate_per_unit = 1.0,
    .default_units = 1500000,
    .batch_units = 10000,
    .test_units = 20000,
    .shares = "nothing: each worker reads its own 16 KiB of tables, which stay in its L1d",
    .expect = "processes and threads alike: loads from the core's own L1, integer XOR and "
              "multiply, no shared kernel structure and no system calls, so both scale with "
              "the cores; SMT siblings share the L1 and the load ports and gain little",
    .worker_setup = hash_setup,
    .worker_teardown = hash_teardown,
    .run = hash_run,
};
