/* io.pipe: the cost of a wake-up. Workers 2k and 2k+1 bounce one byte over two
 * pipes, so every message wakes the partner and every round trip is two switches. */
#include "io_pairs.h"

#define PIPE_MSG 1

static void pipe_cleanup(tvp_job *job) { io_pairs_close(job); }

/* The pipes are made here, in the cell, before any worker exists: threads
 * share them, forked and spawned workers inherit them. */
static int pipe_prepare(tvp_job *job, char *why, size_t why_len) {
  if (io_pairs_begin(job, why, why_len) != 0)
    return -1;
  io_pair_fds *p = job->shared;
  for (unsigned even = 0; even < job->nworkers; even += 2) {
    int there[2], back[2]; /* even -> odd, odd -> even */
    if (pipe(there) != 0) {
      snprintf(why, why_len, "io.pipe: pipe() failed for workers %u and %u: %s (raise ulimit -n "
               "or use fewer workers)", even, even + 1, strerror(errno));
      io_pairs_close(job);
      return -1;
    }
    if (pipe(back) != 0) {
      snprintf(why, why_len, "io.pipe: pipe() failed for workers %u and %u: %s (raise ulimit -n "
               "or use fewer workers)", even, even + 1, strerror(errno));
      close(there[0]);
      close(there[1]);
      io_pairs_close(job);
      return -1;
    }
    p->fd[even][0] = back[0];
    p->fd[even][1] = there[1];
    p->fd[even + 1][0] = there[0];
    p->fd[even + 1][1] = back[1];
  }
  return 0;
}

static uint64_t pipe_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  return io_pair_run(job, w, PIPE_MSG, first, count);
}

const tvp_kernel tvp_kernel_io_pipe = {
    .name = "io.pipe",
    .summary = "1-byte ping-pong over two pipes between workers 2k and 2k+1 (even worker counts only)",
    .bound = "os",
    .unit = "round trip",
    .rate_unit = "round trips/s",
    .rate_per_unit = 1.0,
    .default_units = 2500,
    .batch_units = 10,
    .test_units = 200,
    .shares = "a pair shares its two pipes, made by the cell before the workers; pairs share "
              "nothing with each other",
    .expect = "processes and threads alike: each message is a pipe write that wakes the "
              "partner blocked in read, the same wake-up and switch for a thread as for a "
              "process (across cores the switch is to and from idle, so no address space "
              "changes either way); pairs scale with cores while every worker has its own",
    .shared_bytes = sizeof(io_pair_fds),
    .prepare = pipe_prepare,
    .cleanup = pipe_cleanup,
    .run = pipe_run,
    .paired = 1,
};
