/* What the os.* kernels share: how a unit that the kernel refused ends the worker,
 * and how a worker's anonymous memory is kept off transparent huge pages. */
#ifndef TVP_OS_COMMON_H
#define TVP_OS_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernels/kernel.h"

/* run() has no way to return an error, and a unit not done must not look done:
 * say what failed and end the worker (under thread, the cell), so the
 * configuration fails with a reason instead of reporting a wrong rate. */
_Noreturn static inline void os_die(const tvp_job *job, unsigned worker, const char *what,
                                    int err) {
  tvp_kernel_failed("%s: %s: %s", job->kernel->name, what, strerror(err));
  fprintf(stderr, "tvp: %s: worker %u: %s: %s\n", job->kernel->name, worker, what,
          strerror(err));
  _exit(1);
}

/* Keeps a compiler from proving memory unused and removing the stores to it, or
 * a malloc/free pair around them: the asm may read anything p points to. */
static inline void os_escape(void *p) { __asm__ volatile("" : : "r"(p) : "memory"); }

#endif
