/* Why a worker could not be created, in words that name the resource limit it
 * most likely ran into: the worker pool and the models say it the same way. */
#ifndef TVP_START_FAILURE_H
#define TVP_START_FAILURE_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Writes "WHAT failed for worker INDEX of WORKERS: ERROR" and, where one is
 * set, the limit behind ERROR: RLIMIT_NPROC for EAGAIN (every thread and
 * process of the user counts; root is exempt, so not named for root),
 * RLIMIT_AS for ENOMEM and, for pthread_create, for EAGAIN too (glibc reports
 * a stack it cannot map as EAGAIN). */
static inline void tvp_start_failure(char *out, size_t len, const char *what, int err,
                                     unsigned index, unsigned workers) {
  int is_thread = strcmp(what, "pthread_create") == 0;
  struct rlimit rl;
  char nproc[64] = "", as[64] = "";
  if (err == EAGAIN && getuid() != 0 && getrlimit(RLIMIT_NPROC, &rl) == 0 &&
      rl.rlim_cur != RLIM_INFINITY)
    snprintf(nproc, sizeof nproc, "; RLIMIT_NPROC (ulimit -u) is %llu",
             (unsigned long long)rl.rlim_cur);
  if ((err == ENOMEM || (err == EAGAIN && is_thread)) && getrlimit(RLIMIT_AS, &rl) == 0 &&
      rl.rlim_cur != RLIM_INFINITY)
    snprintf(as, sizeof as, "; RLIMIT_AS (ulimit -v) is %llu KiB",
             (unsigned long long)rl.rlim_cur / 1024);
  snprintf(out, len, "%s failed for worker %u of %u: %s%s%s", what, index, workers,
           strerror(err), nproc, as);
}

#endif
