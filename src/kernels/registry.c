/* The kernel registry: a plain array of descriptors. Adding a kernel is one new
 * file in this folder, its extern and its entry here, and one line in CMakeLists.txt. */
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

extern const tvp_kernel tvp_kernel_cpu_primes;
extern const tvp_kernel tvp_kernel_cpu_nbody;
extern const tvp_kernel tvp_kernel_mem_triad;
extern const tvp_kernel tvp_kernel_io_sleep;
extern const tvp_kernel tvp_kernel_test_crash;
extern const tvp_kernel tvp_kernel_test_exit;
extern const tvp_kernel tvp_kernel_test_hang;

static const tvp_kernel *const registry[] = {
    &tvp_kernel_cpu_primes, &tvp_kernel_cpu_nbody, &tvp_kernel_mem_triad,
    &tvp_kernel_io_sleep,   &tvp_kernel_test_crash, &tvp_kernel_test_exit,
    &tvp_kernel_test_hang,
};

size_t tvp_kernel_count(void) { return sizeof registry / sizeof registry[0]; }

const tvp_kernel *tvp_kernel_at(size_t i) {
  return i < tvp_kernel_count() ? registry[i] : NULL;
}

int tvp_kernel_visible(const tvp_kernel *k) {
  if (!k->test_only)
    return 1;
  const char *e = getenv("TVP_TEST_KERNELS");
  return e && strcmp(e, "1") == 0;
}

const tvp_kernel *tvp_kernel_find(const char *name) {
  for (size_t i = 0; i < tvp_kernel_count(); i++)
    if (strcmp(registry[i]->name, name) == 0)
      return tvp_kernel_visible(registry[i]) ? registry[i] : NULL;
  return NULL;
}
