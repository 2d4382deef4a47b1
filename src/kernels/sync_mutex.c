/* sync.mutex: a lock handed between workers. Every unit locks one process-shared
 * mutex, increments a counter it guards and unlocks, so waiters sleep on a futex. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "kernels/kernel.h"

typedef struct {
  pthread_mutex_t lock; /* process-shared: valid at any address it is mapped at */
  uint64_t counter;     /* guarded by lock */
} mutex_shared;

static int mutex_prepare(tvp_job *job, char *why, size_t why_len) {
  mutex_shared *s = job->shared;
  pthread_mutexattr_t attr;
  int err = pthread_mutexattr_init(&attr);
  /* PTHREAD_PROCESS_SHARED under every model, threads included: a private mutex
   * would use cheaper private futexes (keyed by mm and address), a shared one is
   * keyed by the physical page; one kind for all keeps the code identical. */
  if (!err)
    err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  if (!err)
    err = pthread_mutex_init(&s->lock, &attr);
  pthread_mutexattr_destroy(&attr);
  if (err) {
    snprintf(why, why_len, "sync.mutex could not make a process-shared mutex: %s",
             strerror(err));
    return -1;
  }
  s->counter = 0;
  return 0;
}

static void mutex_cleanup(tvp_job *job) {
  mutex_shared *s = job->shared;
  pthread_mutex_destroy(&s->lock);
}

static uint64_t mutex_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  (void)w;
  (void)first;
  mutex_shared *s = job->shared;
  for (uint64_t i = 0; i < count; i++) {
    /* Lock and unlock are calls the compiler cannot see into, so the counter is
     * loaded and stored each time, inside the critical section. */
    pthread_mutex_lock(&s->lock);
    s->counter++;
    pthread_mutex_unlock(&s->lock);
  }
  return count; /* the critical sections done; the counter mid-run is timing */
}

const tvp_kernel tvp_kernel_sync_mutex = {
    .name = "sync.mutex",
    .summary = "lock, increment, unlock one process-shared mutex that all workers share",
    .bound = "sync",
    .unit = "critical section",
    .rate_unit = "sections/s",
    .rate_per_unit = 1.0,
    .default_units = 20000000,
    .batch_units = 100000,
    .test_units = 100000,
    .shares = "one PTHREAD_PROCESS_SHARED mutex and the counter it guards, in the "
              "shared region; nothing private",
    .expect = "processes and threads alike: both use the same process-shared mutex in "
              "the same shared mapping, so a waiter sleeps on the same kind of futex "
              "(keyed by physical page, not by address space); throughput falls as "
              "workers are added, because the lock and its line pass between cores and "
              "waiters pay futex sleeps and wake-ups",
    .shared_bytes = sizeof(mutex_shared),
    .prepare = mutex_prepare,
    .cleanup = mutex_cleanup,
    .run = mutex_run,
};
