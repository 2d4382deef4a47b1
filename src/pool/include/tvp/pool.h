/* A worker pool for C programs: N workers of one model (threads, or processes
 * forked once), and map, which spreads a function over an array of fixed-size
 * inputs in chunks. Link the `tvppool` library; the header needs nothing else.
 *
 *   tvp_pool *pool = tvp_pool_create(TVP_POOL_FORK, 3, err, sizeof err);
 *   tvp_pool_map(pool, square, in, 5, sizeof(int), out, sizeof(int), 1, err, sizeof err);
 *   tvp_pool_destroy(pool);
 *
 * What a process pool can and cannot see: its workers are forked when the pool
 * is created, so they see the parent's memory as it was then. Inputs and outputs
 * travel through shared memory (copied in and out by map); anything else the
 * function reads must have been set before tvp_pool_create, as with Python's
 * multiprocessing, where arguments are pickled and globals are not shared. */
#ifndef TVP_POOL_H
#define TVP_POOL_H

#include <stddef.h>

typedef enum {
  TVP_POOL_THREAD, /* pthreads in this process: inputs and outputs are used in place */
  TVP_POOL_FORK    /* processes forked at creation: data goes through a shared arena */
} tvp_pool_model;

/* The function map applies: reads one input, writes one output. `worker` is the
 * index (0 .. workers-1) of the worker that runs it. */
typedef void (*tvp_pool_fn)(const void *in, void *out, unsigned worker);

typedef struct tvp_pool tvp_pool;

typedef struct {
  tvp_pool_model model;
  unsigned workers;     /* 1 or more */
  size_t arena_bytes;   /* fork: shared memory for one batch of inputs and
                           outputs (larger maps go in batches); 0: 16 MiB */
  /* Optional: runs once in each worker before its first task (to pin it to a
   * CPU, say). In a fork pool it runs in the child, on the parent's copy of arg. */
  void (*on_start)(unsigned worker, void *arg);
  void *on_start_arg;
} tvp_pool_options;

/* Starts the workers. Returns NULL with a one-line reason in err (which names
 * the limit when fork or pthread_create fails for lack of resources); workers
 * already started are stopped and reaped first. */
tvp_pool *tvp_pool_create(tvp_pool_model model, unsigned workers, char *err, size_t errlen);
tvp_pool *tvp_pool_create_with(const tvp_pool_options *opt, char *err, size_t errlen);

/* out[i] = fn(in[i]) for i in [0, n), handed out `chunk` items at a time
 * (0: n divided evenly over the workers). Returns 0 when every output is
 * written, or -1 with the reason in err. A process worker that dies (a crash,
 * a kill) fails the map with "worker 2 (pid 1234) killed by SIGSEGV" instead
 * of hanging, and leaves the pool broken: later maps fail at once. A thread
 * that crashes takes its whole process with it, as threads do. */
int tvp_pool_map(tvp_pool *pool, tvp_pool_fn fn, const void *in, size_t n, size_t in_size,
                 void *out, size_t out_size, size_t chunk, char *err, size_t errlen);

/* Stops the workers, reaps them, frees the pool. NULL is allowed. */
void tvp_pool_destroy(tvp_pool *pool);

unsigned tvp_pool_workers(const tvp_pool *pool);
const char *tvp_pool_model_name(tvp_pool_model model); /* "thread" or "fork" */

#endif
