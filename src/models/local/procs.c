/* Joining worker processes (see procs.h): fork and spawn differ only in how a
 * worker process begins. */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "cell/cell.h"
#include "models/local/procs.h"

int tvp_procs_init(tvp_cell *cell) {
  tvp_procs *d = calloc(1, sizeof *d);
  if (d)
    d->pids = calloc(cell->job.nworkers, sizeof *d->pids);
  cell->model_data = d;
  if (!d || !d->pids) {
    tvp_cell_fail(cell, "out of memory for %u worker pids", cell->job.nworkers);
    return -1;
  }
  return 0;
}

static int worker_index(const tvp_procs *d, unsigned n, pid_t pid) {
  for (unsigned i = 0; i < n; i++)
    if (d->pids[i] == pid)
      return (int)i;
  return -1;
}

/* Records one reaped worker; returns -1 if it ended abnormally. */
static int account(tvp_cell *cell, pid_t pid, int status, const struct rusage *ru) {
  tvp_procs *d = cell->model_data;
  int i = worker_index(d, cell->started, pid);
  if (i < 0)
    return 0; /* not a worker: a kernel's own child, reaped by the kernel */
  d->pids[i] = 0;
  d->reaped++;
  cell->workers_rss_kib += ru->ru_maxrss;
  if (WIFSIGNALED(status)) {
    /* tvp kills workers only once a failure is recorded, so a SIGKILL that
     * comes first was sent from outside: most often by the OOM killer. */
    int sig = WTERMSIG(status);
    tvp_cell_fail(cell, "worker %d killed by %s%s", i, tvp_signal_name(sig),
                  sig == SIGKILL ? " (out of memory?)" : "");
    return -1;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    const char *why = tvp_region_slot(cell->region, (unsigned)i)->why;
    if (why[0]) /* the kernel said why before it ended the worker */
      tvp_cell_fail(cell, "worker %d: %s", i, why);
    else
      tvp_cell_fail(cell, "worker %d exited with status %d", i, WEXITSTATUS(status));
    return -1;
  }
  return 0;
}

void tvp_procs_join(tvp_cell *cell) {
  tvp_procs *d = cell->model_data;
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
       * rather than let them wait at a barrier until the timeout. */
      tvp_region_abort(cell->region);
      for (unsigned i = 0; i < cell->started; i++)
        if (d->pids[i] > 0)
          kill(d->pids[i], SIGKILL);
    }
  }
}
