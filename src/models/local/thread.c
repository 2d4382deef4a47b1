/* The thread model: workers are pthreads of the cell process, sharing its
 * address space, its descriptor table and its mm. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell/cell.h"
#include "models/model.h"
#include "base/start_failure.h"

typedef struct {
  tvp_cell *cell;
  unsigned index;
} thread_arg;

typedef struct {
  pthread_t *threads;
  thread_arg *args;
} thread_data;

static void *thread_body(void *p) {
  thread_arg *a = p;
  tvp_worker_main(a->cell, a->index);
  return NULL;
}

static unsigned thread_start(tvp_cell *cell) {
  unsigned n = cell->job.nworkers;
  thread_data *d = calloc(1, sizeof *d);
  if (d) {
    d->threads = calloc(n, sizeof *d->threads);
    d->args = calloc(n, sizeof *d->args);
  }
  cell->model_data = d;
  if (!d || !d->threads || !d->args) {
    tvp_cell_fail(cell, "out of memory for %u thread handles", n);
    return 0;
  }
  unsigned i;
  for (i = 0; i < n; i++) {
    d->args[i] = (thread_arg){cell, i};
    int rc = pthread_create(&d->threads[i], NULL, thread_body, &d->args[i]);
    if (rc != 0) {
      char why[TVP_REASON_MAX];
      tvp_start_failure(why, sizeof why, "pthread_create", rc, i, n);
      tvp_cell_fail(cell, "%s (use fewer workers)", why);
      break;
    }
  }
  cell->started = i;
  return i;
}

/* A thread cannot die alone: a crash takes the whole cell, which the runner sees. */
static void thread_join(tvp_cell *cell) {
  thread_data *d = cell->model_data;
  for (unsigned i = 0; d && i < cell->started; i++)
    pthread_join(d->threads[i], NULL);
}

const tvp_model tvp_model_thread = {
    .name = "thread",
    .summary = "pthread_create/pthread_join: workers share one address space, mm and fd table",
    .family = "local",
    .worker_kind = TVP_WORKER_THREAD,
    .start = thread_start,
    .join = thread_join,
};
