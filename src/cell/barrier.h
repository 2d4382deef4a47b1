/* The start barrier: one that works alike for threads and processes, because it
 * lives in the shared mapping and waits on a shared (not process-private) futex. */
#ifndef TVP_BARRIER_H
#define TVP_BARRIER_H

#include <stdatomic.h>
#include <stdint.h>

typedef struct {
  _Atomic uint32_t arrived;
  _Atomic uint32_t released; /* the futex word: 0 until the last worker arrives */
  _Atomic uint32_t aborted;  /* set by the cell when a worker died before arriving */
  uint32_t parties;
  int32_t spin;              /* 1: spin before sleeping (no more workers than CPUs) */
  int64_t release_ns;        /* CLOCK_MONOTONIC when the last party arrived */
} tvp_barrier;

void tvp_barrier_init(tvp_barrier *b, uint32_t parties, int spin);
/* Arrive and wait until every party has arrived (or the barrier was aborted).
 * The last to arrive releases the others. Returns 0, or -1 if aborted. */
int tvp_barrier_wait(tvp_barrier *b);
/* The same, but the last to arrive runs last(arg) before it releases the others. */
int tvp_barrier_wait_then(tvp_barrier *b, void (*last)(void *), void *arg);
/* Releases everyone waiting, marking the round aborted. */
void tvp_barrier_abort(tvp_barrier *b);

/* Futex helpers on a shared word, also used for the stop flag. */
void tvp_futex_wait(_Atomic uint32_t *word, uint32_t expected, int64_t timeout_ns);
void tvp_futex_wake_all(_Atomic uint32_t *word);

#endif
