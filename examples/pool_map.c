/* Question: how do I spread a function over a list of inputs with a pool of
 * workers, and collect the results in order (Python's Pool.map)?
 *
 * Run it:   pool_map                   square 1..5 with 3 worker processes
 *           pool_map cube              cube 1..5; each worker says what it did
 *           pool_map --threads         the same with 3 worker threads
 *           pool_map cube --threads
 * Look for: "Result: [1, 4, 9, 16, 25]" (or the cubes), always in input order,
 * whichever worker computed which item. With cube, the worker lines come in any
 * order and the inputs fall to the workers differently from run to run; worker
 * processes show pids of their own, worker threads the main program's pid.
 *
 * The pool is the project's tvppool library (src/pool/include/tvp/pool.h): tvp_pool_create
 * starts the workers once, tvp_pool_map hands them the inputs and fills the
 * outputs, tvp_pool_destroy stops them. Only the pool's creation line changes
 * between the two models. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tvp/pool.h"

#define WORKERS 3
#define N 5

/* A map function reads one input and writes one output; `worker` says which
 * worker (0 .. WORKERS-1) runs it. */
static void square(const void *in, void *out, unsigned worker) {
  int x = *(const int *)in;
  *(int *)out = x * x;
  (void)worker;
}

static void cube(const void *in, void *out, unsigned worker) {
  int x = *(const int *)in;
  /* Make each item take a while (20 ms): an item this small is otherwise
   * done by the first worker to wake up before the others get to it. */
  usleep(20000);
  *(int *)out = x * x * x;
  printf("worker %u (pid %d): cube(%d) = %d\n", worker, (int)getpid(), x, x * x * x);
}

int main(int argc, char **argv) {
  bool use_cube = false;
  bool use_threads = false;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "cube") == 0)
      use_cube = true;
    else if (strcmp(argv[i], "square") == 0)
      use_cube = false;
    else if (strcmp(argv[i], "--threads") == 0)
      use_threads = true;
    else {
      fprintf(stderr, "usage: %s [square|cube] [--threads]\n", argv[0]);
      return 2;
    }
  }

  printf("main (pid %d): a pool of %d worker %s\n", (int)getpid(), WORKERS,
         use_threads ? "threads" : "processes");
  /* A process pool forks its workers here, and flushes stdout first so they do
   * not print this line again. */
  char err[256];
  tvp_pool *pool = tvp_pool_create(use_threads ? TVP_POOL_THREAD : TVP_POOL_FORK, WORKERS, err, sizeof err);
  if (pool == NULL) {
    fprintf(stderr, "pool_map: %s\n", err);
    return 1;
  }

  int inputs[N] = {1, 2, 3, 4, 5};
  int results[N];
  /* Chunk 1: a worker takes one input at a time, so the five are shared out
   * among the workers rather than handed over in blocks. */
  if (tvp_pool_map(pool, use_cube ? cube : square, inputs, N, sizeof inputs[0], results,
                   sizeof results[0], 1, err, sizeof err) != 0) {
    fprintf(stderr, "pool_map: %s\n", err);
    tvp_pool_destroy(pool);
    return 1;
  }
  tvp_pool_destroy(pool);

  printf("Result: [");
  for (int i = 0; i < N; i++)
    printf("%s%d", i ? ", " : "", results[i]);
  printf("]\n");
  return 0;
}
