/* The worker pool: one control block in shared memory that threads and forked
 * processes use alike. The caller posts a batch and sleeps; the workers, woken,
 * claim chunks until the batch is used up, and the last to leave wakes the caller. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/futex.h"
#include "tvp/pool.h"
#include "pool/pool_claim.h"
#include "base/start_failure.h"

#define DEFAULT_ARENA_BYTES ((size_t)16 << 20)
/* How often a caller waiting on process workers looks for one that died. */
#define DEATH_CHECK_NS (20LL * 1000 * 1000)

/* Everything workers read lives here, in a MAP_SHARED mapping made before any
 * worker exists, so threads and processes see the same bytes. */
typedef struct {
  _Atomic uint32_t gen;      /* futex: bumped once per batch, and once to stop */
  _Atomic uint32_t complete; /* futex: set to gen when every worker has left the batch */
  _Atomic uint32_t stop;
  _Atomic uint32_t left;     /* workers that found the batch used up */
  /* The batch, written by the caller before it bumps gen. */
  tvp_pool_fn fn;
  const unsigned char *in;
  unsigned char *out;
  size_t in_size, out_size;
  uint64_t n, chunk;
  _Alignas(64) _Atomic uint64_t next; /* on a line of its own: every claim writes it */
  /* cppcheck-suppress unusedStructMember ; padding, never read: it only keeps the line */
  char pad[64 - sizeof(_Atomic uint64_t)];
} pool_ctl;

struct tvp_pool {
  tvp_pool_model model;
  unsigned workers, started;
  pool_ctl *ctl;
  unsigned char *arena; /* fork: where a batch's inputs and outputs travel */
  size_t arena_bytes;
  pthread_t *threads;
  pid_t *pids;  /* fork: 0 once reaped */
  void (*on_start)(unsigned, void *);
  void *on_start_arg;
  char broken[160]; /* why the pool can no longer map, "" while it can */
};

typedef struct {
  tvp_pool *pool;
  unsigned index;
} thread_arg;

static void say(char *err, size_t errlen, const char *fmt, ...) {
  if (!err || !errlen)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

const char *tvp_pool_model_name(tvp_pool_model model) {
  return model == TVP_POOL_FORK ? "fork" : "thread";
}

unsigned tvp_pool_workers(const tvp_pool *pool) { return pool->workers; }

/* A worker's whole life: wait for a batch, claim chunks until none is left,
 * report leaving, and wait again; until told to stop. */
static void serve(tvp_pool *pool, unsigned index) {
  pool_ctl *c = pool->ctl;
  if (pool->on_start)
    pool->on_start(index, pool->on_start_arg);
  uint32_t seen = 0;
  for (;;) {
    uint32_t g;
    while ((g = atomic_load_explicit(&c->gen, memory_order_acquire)) == seen)
      tvp_futex_wait_shared(&c->gen, seen, -1);
    seen = g;
    if (atomic_load_explicit(&c->stop, memory_order_acquire))
      return;
    uint64_t first, k;
    while ((k = tvp_pool_claim(&c->next, c->n, c->chunk, &first)) > 0)
      for (uint64_t i = first; i < first + k; i++)
        c->fn(c->in + i * c->in_size, c->out + i * c->out_size, index);
    if (pool->model == TVP_POOL_FORK)
      fflush(NULL); /* a process's printed lines reach the terminal before the caller's */
    /* The caller resets the batch only when all have left, so no worker can
     * claim from the next batch with this one's pointers. */
    if (atomic_fetch_add_explicit(&c->left, 1, memory_order_acq_rel) + 1 == pool->workers) {
      atomic_store_explicit(&c->complete, g, memory_order_release);
      tvp_futex_wake_all_shared(&c->complete);
    }
  }
}

static void *thread_main(void *p) {
  thread_arg a = *(thread_arg *)p;
  free(p);
  serve(a.pool, a.index);
  return NULL;
}

/* Names the limit a failed fork or pthread_create most likely ran into. */
static void describe_start_failure(char *err, size_t errlen, const char *what, int e,
                                   unsigned index, unsigned workers) {
  if (err && errlen)
    tvp_start_failure(err, errlen, what, e, index, workers);
}

/* Stops the workers and waits for them; kills process workers that cannot be
 * told (the pool is broken: one died, so others may be stuck mid-batch). */
static void stop_workers(tvp_pool *pool) {
  pool_ctl *c = pool->ctl;
  if (pool->model == TVP_POOL_FORK && pool->broken[0])
    for (unsigned i = 0; i < pool->started; i++)
      if (pool->pids[i] > 0)
        kill(pool->pids[i], SIGKILL);
  atomic_store_explicit(&c->stop, 1, memory_order_release);
  atomic_fetch_add_explicit(&c->gen, 1, memory_order_acq_rel);
  tvp_futex_wake_all_shared(&c->gen);
  for (unsigned i = 0; i < pool->started; i++) {
    if (pool->model == TVP_POOL_THREAD) {
      pthread_join(pool->threads[i], NULL);
    } else if (pool->pids[i] > 0) {
      while (waitpid(pool->pids[i], NULL, 0) < 0 && errno == EINTR)
        ;
      pool->pids[i] = 0;
    }
  }
  pool->started = 0;
}

void tvp_pool_destroy(tvp_pool *pool) {
  if (!pool)
    return;
  if (pool->ctl)
    stop_workers(pool);
  if (pool->arena)
    munmap(pool->arena, pool->arena_bytes);
  if (pool->ctl)
    munmap(pool->ctl, sizeof *pool->ctl);
  free(pool->threads);
  free(pool->pids);
  free(pool);
}

static void *shared_map(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

tvp_pool *tvp_pool_create_with(const tvp_pool_options *opt, char *err, size_t errlen) {
  if (!opt || opt->workers == 0) {
    say(err, errlen, "a pool needs at least one worker");
    return NULL;
  }
  if (opt->model != TVP_POOL_THREAD && opt->model != TVP_POOL_FORK) {
    say(err, errlen, "unknown pool model %d (TVP_POOL_THREAD or TVP_POOL_FORK)", (int)opt->model);
    return NULL;
  }
  tvp_pool *pool = calloc(1, sizeof *pool);
  if (!pool) {
    say(err, errlen, "out of memory");
    return NULL;
  }
  pool->model = opt->model;
  pool->workers = opt->workers;
  pool->on_start = opt->on_start;
  pool->on_start_arg = opt->on_start_arg;
  pool->ctl = shared_map(sizeof *pool->ctl);
  if (pool->model == TVP_POOL_FORK) {
    pool->arena_bytes = opt->arena_bytes ? opt->arena_bytes : DEFAULT_ARENA_BYTES;
    pool->arena = shared_map(pool->arena_bytes);
    pool->pids = calloc(opt->workers, sizeof *pool->pids);
  } else {
    pool->threads = calloc(opt->workers, sizeof *pool->threads);
  }
  if (!pool->ctl || (pool->model == TVP_POOL_FORK ? !pool->arena || !pool->pids : !pool->threads)) {
    say(err, errlen, "cannot map the pool's shared memory: %s", strerror(errno ? errno : ENOMEM));
    if (pool->arena == NULL)
      pool->arena_bytes = 0;
    tvp_pool_destroy(pool);
    return NULL;
  }

  if (pool->model == TVP_POOL_FORK)
    fflush(NULL); /* or each child would print the parent's unwritten output again */
  for (unsigned i = 0; i < opt->workers; i++) {
    if (pool->model == TVP_POOL_THREAD) {
      thread_arg *a = malloc(sizeof *a);
      if (a)
        *a = (thread_arg){pool, i};
      int e = a ? pthread_create(&pool->threads[i], NULL, thread_main, a) : ENOMEM;
      if (e != 0) {
        free(a);
        describe_start_failure(err, errlen, "pthread_create", e, i, opt->workers);
        tvp_pool_destroy(pool);
        return NULL;
      }
    } else {
      pid_t parent = getpid();
      pid_t pid = fork();
      if (pid < 0) {
        describe_start_failure(err, errlen, "fork", errno, i, opt->workers);
        tvp_pool_destroy(pool);
        return NULL;
      }
      if (pid == 0) {
        /* A worker must not outlive its pool's process. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
          _exit(1);
        serve(pool, i);
        fflush(NULL);
        _exit(0);
      }
      pool->pids[i] = pid;
    }
    pool->started = i + 1;
  }
  return pool;
}

tvp_pool *tvp_pool_create(tvp_pool_model model, unsigned workers, char *err, size_t errlen) {
  tvp_pool_options o = {.model = model, .workers = workers};
  return tvp_pool_create_with(&o, err, errlen);
}

/* Fork pools: a worker that has ended is a broken pool. Returns 1 if one has. */
static int find_dead_worker(tvp_pool *pool) {
  for (unsigned i = 0; i < pool->started; i++) {
    int st;
    if (pool->pids[i] <= 0 || waitpid(pool->pids[i], &st, WNOHANG) != pool->pids[i])
      continue;
    if (WIFSIGNALED(st)) {
      const char *sig = sigabbrev_np(WTERMSIG(st));
      snprintf(pool->broken, sizeof pool->broken, "worker %u (pid %d) killed by SIG%s", i,
               (int)pool->pids[i], sig ? sig : "?");
    } else {
      snprintf(pool->broken, sizeof pool->broken, "worker %u (pid %d) exited with status %d", i,
               (int)pool->pids[i], WEXITSTATUS(st));
    }
    pool->pids[i] = 0;
    return 1;
  }
  return 0;
}

/* One batch: post it, wake the workers, wait until all have left it. */
static int run_batch(tvp_pool *pool, tvp_pool_fn fn, const void *in, size_t n, size_t in_size,
                     void *out, size_t out_size, size_t chunk) {
  pool_ctl *c = pool->ctl;
  c->fn = fn;
  c->in = in;
  c->out = out;
  c->in_size = in_size;
  c->out_size = out_size;
  c->n = n;
  c->chunk = chunk ? chunk : (n + pool->workers - 1) / pool->workers;
  if (c->chunk == 0)
    c->chunk = 1;
  atomic_store_explicit(&c->next, 0, memory_order_relaxed);
  atomic_store_explicit(&c->left, 0, memory_order_relaxed);
  uint32_t before = atomic_load_explicit(&c->complete, memory_order_relaxed);
  uint32_t g = atomic_fetch_add_explicit(&c->gen, 1, memory_order_acq_rel) + 1;
  tvp_futex_wake_all_shared(&c->gen);
  while (atomic_load_explicit(&c->complete, memory_order_acquire) != g) {
    if (pool->model == TVP_POOL_THREAD) {
      tvp_futex_wait_shared(&c->complete, before, -1);
    } else {
      tvp_futex_wait_shared(&c->complete, before, DEATH_CHECK_NS);
      if (atomic_load_explicit(&c->complete, memory_order_acquire) != g && find_dead_worker(pool))
        return -1;
    }
  }
  return 0;
}

int tvp_pool_map(tvp_pool *pool, tvp_pool_fn fn, const void *in, size_t n, size_t in_size,
                 void *out, size_t out_size, size_t chunk, char *err, size_t errlen) {
  if (!pool || !fn || (n && (!in || !out))) {
    say(err, errlen, "tvp_pool_map: a pool, a function, inputs and outputs are needed");
    return -1;
  }
  if (pool->broken[0]) {
    say(err, errlen, "the pool is broken: %s", pool->broken);
    return -1;
  }
  if (n == 0)
    return 0;
  if (pool->model == TVP_POOL_THREAD)
    return run_batch(pool, fn, in, n, in_size, out, out_size, chunk);

  /* Processes cannot see the caller's arrays: copy through the arena, a batch at a time. */
  size_t per = in_size + out_size;
  size_t fit = per ? pool->arena_bytes / per : n;
  if (fit == 0) {
    say(err, errlen, "one input and output (%zu bytes) do not fit the pool's %zu-byte arena", per,
        pool->arena_bytes);
    return -1;
  }
  unsigned char *ain = pool->arena, *aout = pool->arena + fit * in_size;
  for (size_t done = 0; done < n; done += fit) {
    size_t k = n - done < fit ? n - done : fit;
    memcpy(ain, (const unsigned char *)in + done * in_size, k * in_size);
    if (run_batch(pool, fn, ain, k, in_size, aout, out_size, chunk) != 0) {
      say(err, errlen, "map failed: %s", pool->broken);
      return -1;
    }
    memcpy((unsigned char *)out + done * out_size, aout, k * out_size);
  }
  return 0;
}
