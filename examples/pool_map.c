/* Question: how do I spread a function over a list of inputs with a pool of
 * workers, and collect the results in order (Python's Pool.map)?
 *
 * Run it:   pool_map                   square 1..5 with 3 worker processes
 *           pool_map cube              cube 1..5; each worker says what it did
 *           pool_map --threads         the same with 3 worker threads
 *           pool_map cube --threads
 *           pool_map 3 7 10            your own inputs (up to 100 of them)
 * Look for: "Result: [1, 4, 9, 16, 25]" (or the cubes, or those of your
 * inputs), always in input order, whichever worker computed which item. With cube, the worker lines come in any
 * order and the inputs fall to the workers differently from run to run; worker
 * processes show pids of their own, worker threads the main program's pid.
 *
 * The pool is the project's tvppool library (src/pool/include/tvp/pool.h): tvp_pool_create
 * starts the workers once, tvp_pool_map hands them the inputs and fills the
 * outputs, tvp_pool_destroy stops them. Only the pool's creation line changes
 * between the two models. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tvp/pool.h"

#define WORKERS 3
#define MAX_INPUTS 100

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

static int usage(const char *prog) {
  fprintf(stderr, "usage: %s [square|cube] [--threads] [X...]  (up to %d whole numbers from -1000 to 1000)\n",
          prog, MAX_INPUTS);
  return 2;
}

int main(int argc, char **argv) {
  bool use_cube = false;
  bool use_threads = false;
  int inputs[MAX_INPUTS] = {1, 2, 3, 4, 5};
  int n = 5, given = 0;
  for (int i = 1; i < argc; i++) {
    char *end;
    long v = strtol(argv[i], &end, 10);
    if (strcmp(argv[i], "cube") == 0)
      use_cube = true;
    else if (strcmp(argv[i], "square") == 0)
      use_cube = false;
    else if (strcmp(argv[i], "--threads") == 0)
      use_threads = true;
    else if (end != argv[i] && *end == '\0' && v >= -1000 && v <= 1000 && given < MAX_INPUTS)
      inputs[given++] = (int)v; /* the numbers given replace 1..5 */
    else
      return usage(argv[0]);
  }
  if (given)
    n = given;

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

  int results[MAX_INPUTS];
  /* The pool hands each worker the inputs it takes: a worker thread reads them
   * in main's memory, a worker process in a copy the pool makes in memory it
   * shares with its workers.
   * Chunk 1: a worker takes one input at a time, so they are shared out
   * among the workers rather than handed over in blocks. */
  if (tvp_pool_map(pool, use_cube ? cube : square, inputs, (size_t)n, sizeof inputs[0], results,
                   sizeof results[0], 1, err, sizeof err) != 0) {
    fprintf(stderr, "pool_map: %s\n", err);
    tvp_pool_destroy(pool);
    return 1;
  }
  tvp_pool_destroy(pool);

  printf("Result: [");
  for (int i = 0; i < n; i++)
    printf("%s%d", i ? ", " : "", results[i]);
  printf("]\n");
  return 0;
}
