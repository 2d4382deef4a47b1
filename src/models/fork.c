/* The fork model: workers are child processes of the cell, each with its own
 * copy-on-write address space, mm and descriptor table. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cell.h"
#include "models/model.h"

typedef struct {
  pid_t *pids;
  unsigned reaped;
} fork_data;

static unsigned fork_start(tvp_cell *cell) {
  unsigned n = cell->job.nworkers;
  fork_data *d = calloc(1, sizeof *d);
  if (d)
    d->pids = calloc(n, sizeof *d->pids);
  cell->model_data = d;
  if (!d || !d->pids) {
    tvp_cell_fail(cell, "out of memory for %u worker pids", n);
    return 0;
  }
  fflush(NULL); /* or buffered output would be written once per child */
  unsigned i;
  for (i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      tvp_worker_main(cell, i);
      _exit(0); /* no atexit handlers, no stdio flush: the cell owns those */
    }
    if (pid < 0) {
      tvp_cell_fail(cell, "fork failed for worker %u of %u: %s (check ulimit -u and "
                    "RLIMIT_NPROC, or use fewer workers)", i, n, strerror(errno));
      break;
    }
    d->pids[i] = pid;
  }
  cell->started = i;
  return i;
}

static int worker_index(const fork_data *d, unsigned n, pid_t pid) {
  for (unsigned i = 0; i < n; i++)
    if (d->pids[i] == pid)
      return (int)i;
  return -1;
}

/* Records one reaped worker; returns -1 if it ended abnormally. */
static int account(tvp_cell *cell, pid_t pid, int status, const struct rusage *ru) {
  fork_data *d = cell->model_data;
  int i = worker_index(d, cell->started, pid);
  if (i < 0)
    return 0;
  d->pids[i] = 0;
  d->reaped++;
  cell->workers_rss_kib += ru->ru_maxrss;
  if (WIFSIGNALED(status)) {
    tvp_cell_fail(cell, "worker %d killed by %s", i, tvp_signal_name(WTERMSIG(status)));
    return -1;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    tvp_cell_fail(cell, "worker %d exited with status %d", i, WEXITSTATUS(status));
    return -1;
  }
  return 0;
}

static void kill_rest(tvp_cell *cell) {
  fork_data *d = cell->model_data;
  for (unsigned i = 0; i < cell->started; i++)
    if (d->pids[i] > 0)
      kill(d->pids[i], SIGKILL);
}

static void fork_join(tvp_cell *cell) {
  fork_data *d = cell->model_data;
  if (!d || !d->pids)
    return;
  while (d->reaped < cell->started) {
    int status;
    struct rusage ru;
    pid_t pid = wait4(-1, &status, 0, &ru);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      break; /* ECHILD: nothing left to wait for */
    }
    if (account(cell, pid, status, &ru) < 0) {
      /* One worker is gone: the configuration has failed, so stop the rest now
       * rather than let them wait at the barrier until the timeout. */
      tvp_barrier_abort(&cell->region->barrier);
      atomic_store(&cell->region->stop, 1);
      kill_rest(cell);
    }
  }
}

const tvp_model tvp_model_fork = {
    .name = "fork",
    .summary = "fork/waitpid: workers are processes with copy-on-write memory, own mm and fd table",
    .start = fork_start,
    .join = fork_join,
};
