/* cpu.matmul: dense floating-point throughput. Each unit multiplies two 64 x 64
 * matrices of doubles with cache-blocked, register-blocked loops (no BLAS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/kernel.h"

#define MM_N 64  /* matrix order: three matrices of 32 KiB sit in L2, a panel in L1 */
#define MM_KB 16 /* rows of B per panel: 8 KiB, so a panel stays in L1 across all of C */

/* Entries are small integers held as doubles: every product and partial sum is
 * an integer far below 2^53, so the result is exact whatever the order of the
 * additions, the vector width or the compiler's contraction into FMA. That makes
 * the checksum the same on every machine, not only within one build. */
typedef struct {
  double a0[MM_N * MM_N]; /* the worker's base A, the same in every worker */
  double b[MM_N * MM_N];  /* B, the same in every worker and every unit */
  double a[MM_N * MM_N];  /* this unit's A: a0 with a per-row offset */
  double c[MM_N * MM_N];
} matmul_state;

/* A value in [-4, 4] drawn from a 64-bit mix. */
static double small_int(uint64_t s) { return (double)(int)(tvp_mix64(s) % 9) - 4.0; }

static int matmul_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  (void)job;
  matmul_state *m = aligned_alloc(64, sizeof *m);
  if (!m) {
    snprintf(why, why_len, "cpu.matmul: out of memory for %zu bytes of matrices", sizeof *m);
    return -1;
  }
  /* Fixed seeds, not the worker's index: every worker holds the same matrices,
   * so a unit's result depends on its number only. */
  for (size_t i = 0; i < MM_N * MM_N; i++) {
    m->a0[i] = small_int(0x6d61746d756c4100ULL + i);
    m->b[i] = small_int(0x6d61746d756c4200ULL + i);
  }
  memset(m->a, 0, sizeof m->a);
  memset(m->c, 0, sizeof m->c);
  w->priv = m;
  return 0;
}

static void matmul_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  free(w->priv);
  w->priv = NULL;
}

/* Two doubles: the SSE2 register every x86-64 has (and a pair of lanes
 * anywhere else). Spelling the block out in these keeps the 4 x 4 block of C in
 * registers under gcc -O2 as under clang, which plain loops did not. */
typedef double mm_v2d __attribute__((vector_size(16)));

static inline mm_v2d mm_load(const double *p) {
  mm_v2d v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void mm_store(double *p, mm_v2d v) { memcpy(p, &v, sizeof v); }

/* C += A B. The k loop is cut into panels of B that stay in L1; within a panel
 * a 4 x 4 block of C lives in eight registers while k runs, so each element of
 * B loaded feeds four multiply-adds and C goes through memory once per panel. */
static void matmul_blocked(const double *restrict a, const double *restrict b,
                           double *restrict c) {
  for (int kk = 0; kk < MM_N; kk += MM_KB)
    for (int i = 0; i < MM_N; i += 4)
      for (int j = 0; j < MM_N; j += 4) {
        double *c0 = c + i * MM_N + j;
        mm_v2d c00 = mm_load(c0), c01 = mm_load(c0 + 2);
        mm_v2d c10 = mm_load(c0 + MM_N), c11 = mm_load(c0 + MM_N + 2);
        mm_v2d c20 = mm_load(c0 + 2 * MM_N), c21 = mm_load(c0 + 2 * MM_N + 2);
        mm_v2d c30 = mm_load(c0 + 3 * MM_N), c31 = mm_load(c0 + 3 * MM_N + 2);
        const double *arow = a + i * MM_N;
        for (int k = kk; k < kk + MM_KB; k++) {
          mm_v2d b0 = mm_load(b + k * MM_N + j), b1 = mm_load(b + k * MM_N + j + 2);
          mm_v2d a0 = {arow[k], arow[k]};
          mm_v2d a1 = {arow[MM_N + k], arow[MM_N + k]};
          mm_v2d a2 = {arow[2 * MM_N + k], arow[2 * MM_N + k]};
          mm_v2d a3 = {arow[3 * MM_N + k], arow[3 * MM_N + k]};
          c00 += a0 * b0;
          c01 += a0 * b1;
          c10 += a1 * b0;
          c11 += a1 * b1;
          c20 += a2 * b0;
          c21 += a2 * b1;
          c30 += a3 * b0;
          c31 += a3 * b1;
        }
        mm_store(c0, c00);
        mm_store(c0 + 2, c01);
        mm_store(c0 + MM_N, c10);
        mm_store(c0 + MM_N + 2, c11);
        mm_store(c0 + 2 * MM_N, c20);
        mm_store(c0 + 2 * MM_N + 2, c21);
        mm_store(c0 + 3 * MM_N, c30);
        mm_store(c0 + 3 * MM_N + 2, c31);
      }
}

static uint64_t matmul_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                           uint64_t count) {
  (void)job;
  matmul_state *m = w->priv;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    /* This unit's A: the base plus one offset per row drawn from the unit
     * number (64 mixes, against 262144 multiply-adds), so every unit computes a
     * different product and none can be skipped. */
    for (int i = 0; i < MM_N; i++) {
      double off = small_int(u * MM_N + (uint64_t)i);
      for (int k = 0; k < MM_N; k++)
        m->a[i * MM_N + k] = m->a0[i * MM_N + k] + off;
    }
    memset(m->c, 0, sizeof m->c);
    matmul_blocked(m->a, m->b, m->c);
    /* Fold every entry, weighted by its position, so a wrong entry anywhere
     * changes the sum; the entries are exact integers (|c| <= 2048). */
    uint64_t s = 0;
    for (uint64_t e = 0; e < MM_N * MM_N; e++)
      s += (uint64_t)(int64_t)m->c[e] * (2 * e + 1);
    sum += tvp_mix64(s ^ u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_cpu_matmul = {
    .name = "cpu.matmul",
    .summary = "multiply 64 x 64 double matrices with cache- and register-blocked loops",
    .bound = "cpu",
    .unit = "64 x 64 matrix product",
    .rate_unit = "FLOP/s",
    .rate_per_unit = 2.0 * MM_N * MM_N * MM_N,
    .default_units = 12000,
    .batch_units = 100,
    .test_units = 400,
    .shares = "nothing: each worker multiplies its own four 32 KiB matrices, which live in its "
              "L1 and L2",
    .expect = "processes and threads alike: multiply-adds on data in the core's own L1 and L2, "
              "no shared kernel structure and no system calls, so both scale with the cores; "
              "SMT siblings share the floating-point units and gain little",
    .worker_setup = matmul_setup,
    .worker_teardown = matmul_teardown,
    .run = matmul_run,
};
