/* Start barrier: workers spin briefly (when each has a CPU of its own) so the
 * release reaches them within a cache-line transfer, then sleep on a shared futex
 * so an oversubscribed barrier does not burn the CPUs the others need. */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "cell/barrier.h"
#include "base/futex.h"
#include "base/util.h"

/* How long a worker with a CPU of its own spins before it sleeps: long enough to
 * cover the creation of every other worker, short enough not to matter. */
#define SPIN_LIMIT_NS (200LL * 1000 * 1000)

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

void tvp_futex_wait(_Atomic uint32_t *word, uint32_t expected, int64_t timeout_ns) {
  tvp_futex_wait_shared(word, expected, timeout_ns);
}

void tvp_futex_wake_all(_Atomic uint32_t *word) { tvp_futex_wake_all_shared(word); }

void tvp_barrier_init(tvp_barrier *b, uint32_t parties, int spin) {
  atomic_init(&b->arrived, 0);
  atomic_init(&b->released, 0);
  atomic_init(&b->aborted, 0);
  b->release_ns = 0;
  b->parties = parties;
  b->spin = spin;
}

int tvp_barrier_wait(tvp_barrier *b) { return tvp_barrier_wait_then(b, NULL, NULL); }

int tvp_barrier_wait_then(tvp_barrier *b, void (*last)(void *), void *arg) {
  uint32_t n = atomic_fetch_add_explicit(&b->arrived, 1, memory_order_acq_rel) + 1;
  if (n == b->parties) {
    if (last)
      last(arg);
    b->release_ns = tvp_now_ns(); /* published by the release store below */
    atomic_store_explicit(&b->released, 1, memory_order_release);
    tvp_futex_wake_all(&b->released);
  } else {
    if (b->spin) {
      int64_t deadline = tvp_now_ns() + SPIN_LIMIT_NS;
      unsigned i = 0;
      while (!atomic_load_explicit(&b->released, memory_order_acquire)) {
        cpu_relax();
        if ((++i & 4095) == 0 && tvp_now_ns() > deadline)
          break;
      }
    }
    while (!atomic_load_explicit(&b->released, memory_order_acquire))
      tvp_futex_wait(&b->released, 0, -1);
  }
  return atomic_load_explicit(&b->aborted, memory_order_acquire) ? -1 : 0;
}

void tvp_barrier_abort(tvp_barrier *b) {
  atomic_store_explicit(&b->aborted, 1, memory_order_release);
  atomic_store_explicit(&b->released, 1, memory_order_release);
  tvp_futex_wake_all(&b->released);
}
