/* The fork model: workers are child processes of the cell, each with its own
 * copy-on-write address space, mm and descriptor table. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cell/cell.h"
#include "models/model.h"
#include "models/local/procs.h"
#include "base/start_failure.h"

static unsigned fork_start(tvp_cell *cell) {
  unsigned n = cell->job.nworkers;
  if (tvp_procs_init(cell) != 0)
    return 0;
  tvp_procs *d = cell->model_data;
  fflush(NULL); /* or buffered output would be written once per child */
  pid_t self = getpid();
  unsigned i;
  for (i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      tvp_die_with_parent(self);
      tvp_worker_main(cell, i);
      _exit(0); /* no atexit handlers, no stdio flush: the cell owns those */
    }
    if (pid < 0) {
      char why[TVP_REASON_MAX];
      tvp_start_failure(why, sizeof why, "fork", errno, i, n);
      tvp_cell_fail(cell, "%s (use fewer workers)", why);
      break;
    }
    d->pids[i] = pid;
  }
  cell->started = i;
  return i;
}

const tvp_model tvp_model_fork = {
    .name = "fork",
    .summary = "fork/waitpid: workers are processes with copy-on-write memory, own mm and fd table",
    .family = "local",
    .worker_kind = TVP_WORKER_FORK,
    .start = fork_start,
    .join = tvp_procs_join,
};
