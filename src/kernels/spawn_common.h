/* What the spawn.* kernels share: one child created and joined in the worker's
 * own model, and the private memory that spawn.rss and spawn.cow make fork pay for. */
#ifndef TVP_SPAWN_COMMON_H
#define TVP_SPAWN_COMMON_H

#include <errno.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernels/kernel.h"

extern char **environ;

#define SPAWN_MiB (1024ULL * 1024ULL)

/* Kernels whose work is creation make children of the workers' own kind. */
typedef enum { SPAWN_THREAD, SPAWN_FORK, SPAWN_SPAWN, SPAWN_UNKNOWN } spawn_model;

static inline spawn_model spawn_model_of(const tvp_job *job) {
  switch (job->worker_kind) {
  case TVP_WORKER_THREAD: return SPAWN_THREAD;
  case TVP_WORKER_FORK: return SPAWN_FORK;
  case TVP_WORKER_SPAWN: return SPAWN_SPAWN;
  default: return SPAWN_UNKNOWN;
  }
}

static inline int spawn_check_model(const tvp_job *job, char *why, size_t why_len) {
  if (spawn_model_of(job) != SPAWN_UNKNOWN)
    return 0;
  snprintf(why, why_len, "%s knows how to create children under the thread, fork and spawn "
           "models only, not under '%s'", job->kernel->name, job->model ? job->model : "(none)");
  return -1;
}

/* run() has no way to return an error, and a unit that was not done must not
 * look done: say what failed and end this worker (under thread, the cell), so
 * the configuration fails instead of reporting a wrong rate. */
_Noreturn static inline void spawn_die(const char *kernel, const char *what, int err) {
  const char *hint = err == EAGAIN ? " (too many processes or threads: check ulimit -u and "
                                    "RLIMIT_NPROC, or use fewer workers)"
                                  : "";
  tvp_kernel_failed("%s: %s: %s%s", kernel, what, strerror(err), hint);
  fprintf(stderr, "tvp: %s: %s: %s%s\n", kernel, what, strerror(err), hint);
  _exit(1);
}

/* Reaps `pid` and insists that it exited with status 0: a child that died
 * early did not do the unit. */
static inline void spawn_reap(const char *kernel, pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      spawn_die(kernel, "waitpid failed", errno);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    char why[96];
    if (WIFSIGNALED(status))
      snprintf(why, sizeof why, "child %d killed by signal %d", (int)pid, WTERMSIG(status));
    else
      snprintf(why, sizeof why, "child %d exited with status %d%s", (int)pid, WEXITSTATUS(status),
               WEXITSTATUS(status) == 127 ? " (its exec failed)" : "");
    tvp_kernel_failed("%s: %s", kernel, why);
    fprintf(stderr, "tvp: %s: %s\n", kernel, why);
    _exit(1);
  }
}

static inline void *spawn_thread_noop(void *arg) { return arg; }

/* One pthread that returns at once, joined. */
static inline void spawn_one_thread(const char *kernel, void *(*fn)(void *), void *arg) {
  pthread_t t;
  int rc = pthread_create(&t, NULL, fn ? fn : spawn_thread_noop, arg);
  if (rc != 0)
    spawn_die(kernel, "pthread_create failed", rc);
  rc = pthread_join(t, NULL);
  if (rc != 0)
    spawn_die(kernel, "pthread_join failed", rc);
}

/* fork, or the worker ends with the reason. The child stays in the worker's
 * process group (no setsid/setpgid), so the runner's kill of the cell's group
 * reaches it if the cell is killed mid-unit. */
static inline pid_t spawn_fork(const char *kernel) {
  pid_t pid = fork();
  if (pid < 0)
    spawn_die(kernel, "fork failed", errno);
  return pid;
}

/* posix_spawn of `path` (glibc clones with CLONE_VM | CLONE_VFORK: no page
 * tables are copied), waited for. The child stays in the worker's process
 * group, so a timeout's kill of the cell's group reaches it too. */
static inline void spawn_one_posix(const char *kernel, const char *path, char *const argv[]) {
  pid_t pid;
  int rc = posix_spawn(&pid, path, NULL, NULL, argv, environ);
  if (rc != 0) {
    char what[256];
    snprintf(what, sizeof what, "posix_spawn of %s failed", path);
    spawn_die(kernel, what, rc);
  }
  spawn_reap(kernel, pid);
}

/* tvp's hidden subcommand that exits 0 at once: exec-based creation of a
 * worker of the spawn model's own kind, as Python's "spawn" starts one. */
static inline void spawn_one_tvp(const char *kernel) {
  char *argv[] = {"tvp", "__noop", NULL};
  spawn_one_posix(kernel, "/proc/self/exe", argv);
}

/* Private memory of `bytes`, every page written, in 4 KiB pages only: fork's
 * cost grows with the page tables it copies, and huge pages would shrink
 * them 512 times. */
typedef struct {
  unsigned char *base;
  size_t bytes, page;
} spawn_region;

/* The configuration's footprint, or the kernel's own default when it says 0. */
static inline uint64_t spawn_footprint(const tvp_job *job, uint64_t dflt) {
  return job->footprint ? job->footprint : dflt;
}

/* Refuses footprints that would take more than half of the machine. */
static inline int spawn_check_footprint(const tvp_job *job, uint64_t dflt, char *why,
                                        size_t why_len) {
  uint64_t need = spawn_footprint(job, dflt) * job->nworkers;
  if (job->mem_bytes && need > job->mem_bytes / 2) {
    snprintf(why, why_len,
             "%s needs %.1f GiB for %u workers of %.1f MiB each, over half of the %.1f GiB "
             "this machine has; use fewer workers or a smaller --footprint",
             job->kernel->name, need / 1073741824.0, job->nworkers,
             spawn_footprint(job, dflt) / 1048576.0, job->mem_bytes / 1073741824.0);
    return -1;
  }
  return 0;
}

static inline int spawn_region_setup(const tvp_job *job, tvp_worker_state *w, uint64_t dflt,
                                     char *why, size_t why_len) {
  spawn_region *r = calloc(1, sizeof *r);
  if (!r) {
    snprintf(why, why_len, "out of memory");
    return -1;
  }
  r->page = (size_t)sysconf(_SC_PAGESIZE);
  r->bytes = (size_t)spawn_footprint(job, dflt);
  void *p = mmap(NULL, r->bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    snprintf(why, why_len, "mmap of %zu bytes of footprint failed: %s", r->bytes,
             strerror(errno));
    free(r);
    return -1;
  }
  if (madvise(p, r->bytes, MADV_NOHUGEPAGE) != 0) {
    snprintf(why, why_len, "madvise(MADV_NOHUGEPAGE) failed: %s", strerror(errno));
    munmap(p, r->bytes);
    free(r);
    return -1;
  }
  r->base = p;
  for (size_t off = 0; off < r->bytes; off += r->page)
    r->base[off] = 1; /* every page resident, with its own page-table entry */
  w->priv = r;
  return 0;
}

static inline void spawn_region_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  spawn_region *r = w->priv;
  if (!r)
    return;
  munmap(r->base, r->bytes);
  free(r);
  w->priv = NULL;
}

/* One byte into every page: under a fork child each store is a copy-on-write
 * fault and a 4 KiB copy; under a thread the page is already its own. */
static inline void spawn_region_write(const spawn_region *r, unsigned char value) {
  volatile unsigned char *b = r->base; /* the stores must happen though nobody reads them */
  for (size_t off = 0; off < r->bytes; off += r->page)
    b[off] = value;
}

#endif
