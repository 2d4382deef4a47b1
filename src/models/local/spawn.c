/* The spawn model: workers are fresh programs, posix_spawn + exec of tvp itself
 * in its worker mode, as Python's "spawn" start method does. Nothing of the
 * cell's address space is inherited; the shared region arrives as a memfd. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cell/cell.h"
#include "models/model.h"
#include "models/local/procs.h"
#include "base/start_failure.h"

extern char **environ;

static unsigned spawn_start(tvp_cell *cell) {
  unsigned n = cell->job.nworkers;
  if (tvp_procs_init(cell) != 0)
    return 0;
  tvp_procs *d = cell->model_data;
  char fd[16], index[16];
  snprintf(fd, sizeof fd, "%d", cell->region->fd);
  char *argv[] = {"tvp", "__worker", fd, index, NULL};
  unsigned i;
  for (i = 0; i < n; i++) {
    snprintf(index, sizeof index, "%u", i);
    pid_t pid;
    /* The child stays in the cell's process group, so a timeout's kill reaches it. */
    int rc = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ);
    if (rc != 0) {
      char why[TVP_REASON_MAX];
      tvp_start_failure(why, sizeof why, "posix_spawn", rc, i, n);
      tvp_cell_fail(cell, "%s (use fewer workers)", why);
      break;
    }
    d->pids[i] = pid;
  }
  cell->started = i;
  return i;
}

const tvp_model tvp_model_spawn = {
    .name = "spawn",
    .summary = "posix_spawn+exec of tvp: fresh processes that inherit no memory, only the shared region",
    .family = "local",
    .worker_kind = TVP_WORKER_SPAWN,
    .start = spawn_start,
    .join = tvp_procs_join,
};
