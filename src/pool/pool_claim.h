/* How a pool hands out work: each worker claims the next `chunk` items of a
 * batch from one shared counter. One atomic add per chunk is the whole of the
 * dispatch cost that a larger chunk amortises; the pool and the pool.map kernel
 * share this code so the kernel measures what the pool does. */
#ifndef TVP_POOL_CLAIM_H
#define TVP_POOL_CLAIM_H

#include <stdatomic.h>
#include <stdint.h>

/* Claims up to `chunk` items of a batch of `n`: returns how many (0 when the
 * batch is used up) and the first one's index in *first. The counter may run
 * past n by at most one chunk per worker; that is harmless. */
static inline uint64_t tvp_pool_claim(_Atomic uint64_t *next, uint64_t n, uint64_t chunk,
                                      uint64_t *first) {
  uint64_t i = atomic_fetch_add_explicit(next, chunk, memory_order_relaxed);
  if (i >= n)
    return 0;
  *first = i;
  return n - i < chunk ? n - i : chunk;
}

#endif
