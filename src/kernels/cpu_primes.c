/* cpu.primes: integer work. Tests numbers for primality by trial division; no
 * memory traffic beyond registers, nothing shared. */
#include "kernels/kernel.h"

/* Numbers near 10^9 keep every test a few thousand divisions and the density of
 * primes even, so contiguous shares of the range cost about the same. */
#define PRIMES_BASE 1000000001ULL

static int is_prime(uint64_t n) {
  if (n < 2)
    return 0;
  if (n % 2 == 0)
    return n == 2;
  for (uint64_t d = 3; d * d <= n; d += 2)
    if (n % d == 0)
      return 0;
  return 1;
}

static uint64_t primes_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                           uint64_t count) {
  (void)job;
  (void)w;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    uint64_t n = PRIMES_BASE + u;
    if (is_prime(n))
      sum += n; /* the sum of the primes found: a wrong split changes it */
  }
  return sum;
}

const tvp_kernel tvp_kernel_cpu_primes = {
    .name = "cpu.primes",
    .summary = "count primes by trial division over a range of integers near 10^9",
    .bound = "cpu",
    .unit = "number tested",
    .rate_unit = "numbers/s",
    .rate_per_unit = 1.0,
    .default_units = 200000,
    .batch_units = 1000,
    .test_units = 20000,
    .shares = "nothing: each worker tests its own share of the range in registers",
    .expect = "processes and threads alike: pure computation touches no shared kernel "
              "structure, so both scale with the cores and no further",
    .run = primes_run,
};
