/* Fault kernels for the test-suite, listed only when TVP_TEST_KERNELS=1: the
 * last worker crashes, aborts, exits early, hangs, runs out of memory or shuts
 * its partner's channel, so tests can prove that a fault fails its
 * configuration and nothing else. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kernels/kernel.h"

static void work_briefly(uint64_t count) {
  for (uint64_t i = 0; i < count; i++)
    tvp_mix64(i);
}

/* A fault on purpose is not worth a core file in the user's folder. */
static void no_core_file(void) {
  struct rlimit none = {0, 0};
  setrlimit(RLIMIT_CORE, &none);
}

static uint64_t crash_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  if (w->index == job->nworkers - 1) {
    no_core_file();
    signal(SIGSEGV, SIG_DFL); /* a sanitizer's handler would turn the crash into an exit */
    raise(SIGSEGV);
  }
  work_briefly(count);
  return first;
}

static uint64_t abort_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  if (w->index == job->nworkers - 1) {
    no_core_file();
    signal(SIGABRT, SIG_DFL); /* as for SIGSEGV: no handler may turn it into an exit */
    abort();
  }
  work_briefly(count);
  return first;
}

static uint64_t exit_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  if (w->index == job->nworkers - 1)
    _exit(3);
  work_briefly(count);
  return first;
}

static uint64_t hang_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  if (w->index == job->nworkers - 1)
    for (;;)
      pause();
  work_briefly(count);
  return first;
}

static uint64_t work_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  (void)job;
  (void)w;
  work_briefly(count);
  return first;
}

/* test.oom: the last worker takes memory until the OOM killer ends it. Its
 * setup does it, because a setup can fail its worker with a reason: where the
 * memory is refused instead (RLIMIT_AS, strict overcommit), the configuration
 * fails with "out of memory after N MiB" and the memory is given back. */
#define OOM_CHUNK ((size_t)64 << 20)

static int oom_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  if (w->index != job->nworkers - 1)
    return 0;
  /* Be the OOM killer's first choice, so nothing else of the machine's is taken. */
  FILE *adj = fopen("/proc/self/oom_score_adj", "w");
  if (adj) {
    fputs("1000\n", adj);
    fclose(adj);
  }
  size_t page = (size_t)sysconf(_SC_PAGESIZE), mib = 0;
  void *chunks = NULL; /* the first word of each chunk points to the one before */
  for (;;) {
    volatile char *p = mmap(NULL, OOM_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                            -1, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      while (chunks) {
        void *before = *(void **)chunks;
        munmap(chunks, OOM_CHUNK);
        chunks = before;
      }
      snprintf(why, why_len, "out of memory after %zu MiB (mmap: %s)", mib, strerror(err));
      return -1;
    }
    for (size_t off = 0; off < OOM_CHUNK; off += page) /* touch it: a mapping costs nothing */
      p[off] = 1;
    *(void *volatile *)p = chunks;
    chunks = (void *)p;
    mib += OOM_CHUNK >> 20;
  }
}

/* test.closepipe: the last worker and its partner (worker N-2) share a stream
 * socket pair made in prepare; with one worker, the worker holds both ends. The
 * last worker shuts its end down and returns; the partner, reading, finds the
 * end of the stream, answers anyway and dies of SIGPIPE. shutdown(), not
 * close(): every fork or spawn worker and the cell hold copies of both ends, so
 * a close would drop one copy and the partner would wait for ever, where a
 * shutdown reaches the socket itself, under threads and processes alike. */
typedef struct {
  int32_t fd[2]; /* [0]: the partner's end, [1]: the last worker's */
} closepipe_fds;

static int closepipe_prepare(tvp_job *job, char *why, size_t why_len) {
  closepipe_fds *p = job->shared;
  int sv[2]; /* not close-on-exec: spawned workers inherit them */
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
    p->fd[0] = p->fd[1] = -1;
    snprintf(why, why_len, "socketpair: %s", strerror(errno));
    return -1;
  }
  p->fd[0] = sv[0];
  p->fd[1] = sv[1];
  return 0;
}

static void closepipe_cleanup(tvp_job *job) {
  closepipe_fds *p = job->shared;
  for (int i = 0; i < 2; i++)
    if (p->fd[i] >= 0)
      close(p->fd[i]);
  p->fd[0] = p->fd[1] = -1;
}

/* Waits for a message that never comes, then answers on a channel that is gone. */
static void closepipe_answer(const tvp_job *job, unsigned worker, int fd) {
  char c;
  ssize_t n;
  while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
    ;
  while (write(fd, "r", 1) < 0 && errno == EINTR)
    ;
  /* Reached only where SIGPIPE is ignored or blocked: still a failure. */
  const char *state = n == 0 ? "end of file" : "still open";
  tvp_kernel_failed("%s: the pipe was closed by its peer (%s)", job->kernel->name, state);
  fprintf(stderr, "tvp: %s: worker %u: the pipe was closed by its peer (%s)\n", job->kernel->name,
          worker, state);
  _exit(1);
}

static uint64_t closepipe_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                              uint64_t count) {
  const closepipe_fds *p = job->shared;
  unsigned last = job->nworkers - 1;
  if (w->index == last) {
    shutdown(p->fd[1], SHUT_RDWR);
    if (job->nworkers == 1)
      closepipe_answer(job, w->index, p->fd[0]); /* its own partner */
  } else if (w->index + 1 == last) {
    closepipe_answer(job, w->index, p->fd[0]);
  }
  work_briefly(count);
  return first;
}

/* The rest of the descriptor (.run and any hooks) comes last, as designated initializers. */
#define FAULT_KERNEL(id, what, ...)                                                  \
  const tvp_kernel tvp_kernel_test_##id = {                                          \
      .name = "test." #id,                                                           \
      .summary = "test only: the last worker " what,                                 \
      .bound = "test",                                                               \
      .unit = "loop",                                                                \
      .rate_unit = "loops/s",                                                        \
      .rate_per_unit = 1.0,                                                          \
      .default_units = 1000,                                                         \
      .batch_units = 100,                                                            \
      .shares = "nothing",                                                           \
      .expect = "a failed configuration with a reason, and the run going on",        \
      .test_only = 1,                                                                \
      .time_ignores_size = 1,                                                        \
      __VA_ARGS__                                                                    \
  }

FAULT_KERNEL(crash, "raises SIGSEGV", .run = crash_run);
FAULT_KERNEL(abort, "calls abort()", .run = abort_run);
FAULT_KERNEL(exit, "calls _exit(3)", .run = exit_run);
FAULT_KERNEL(hang, "never returns", .run = hang_run);
FAULT_KERNEL(oom, "takes memory until the OOM killer comes (run it only under a memory limit)",
             .run = work_run, .worker_setup = oom_setup);
FAULT_KERNEL(closepipe, "shuts down the socket pair it shares with its partner",
             .run = closepipe_run, .shared_bytes = sizeof(closepipe_fds), .prepare = closepipe_prepare,
             .cleanup = closepipe_cleanup);
