/* Waiting on and waking a 32-bit word that threads and processes share. Used by
 * the harness's barrier and by the worker pool, which links nothing else of tvp. */
#ifndef TVP_FUTEX_H
#define TVP_FUTEX_H

#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Sleeps while *word == expected, for at most timeout_ns (< 0: no limit). Not
 * FUTEX_PRIVATE: the word lives in a MAP_SHARED mapping used across processes. */
static inline void tvp_futex_wait_shared(_Atomic uint32_t *word, uint32_t expected,
                                         int64_t timeout_ns) {
  struct timespec ts = {timeout_ns / 1000000000LL, timeout_ns % 1000000000LL};
  syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT, expected, timeout_ns >= 0 ? &ts : NULL, NULL, 0);
}

static inline void tvp_futex_wake_all_shared(_Atomic uint32_t *word) {
  syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

#endif
