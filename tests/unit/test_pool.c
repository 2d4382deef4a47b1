/* The worker pool: map gives every output under both models and any chunk size,
 * spans batches, fails (never hangs) when a process worker dies, and names the
 * limit when workers cannot be started. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "tvp/pool.h"

#define WORKERS 3

static void square(const void *in, void *out, unsigned worker) {
  int64_t x = *(const int64_t *)in;
  *(int64_t *)out = x * x;
  (void)worker;
}

static void which_worker(const void *in, void *out, unsigned worker) {
  (void)in;
  *(unsigned *)out = worker;
}

/* Input 13 kills the worker that gets it; 14 makes it exit with status 3. */
static void fragile(const void *in, void *out, unsigned worker) {
  int64_t x = *(const int64_t *)in;
  if (x == 13) {
    signal(SIGSEGV, SIG_DFL); /* a sanitizer's handler would turn the crash into an exit */
    raise(SIGSEGV);
  }
  if (x == 14)
    _exit(3);
  *(int64_t *)out = x;
  (void)worker;
}

static int no_children_left(void) { return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD; }

static void test_map_every_model_and_chunk(void) {
  enum { N = 1000 };
  static int64_t in[N], out[N];
  for (int i = 0; i < N; i++)
    in[i] = i - 500;
  size_t chunks[] = {0, 1, 3, 64, N, 5 * N};
  for (int m = 0; m < 2; m++) {
    char err[256] = "";
    tvp_pool *p = tvp_pool_create(m ? TVP_POOL_FORK : TVP_POOL_THREAD, WORKERS, err, sizeof err);
    CHECK(p != NULL);
    if (!p) {
      fprintf(stderr, "  %s\n", err);
      continue;
    }
    CHECK_EQ_INT(tvp_pool_workers(p), WORKERS);
    for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
      memset(out, 0xff, sizeof out);
      CHECK_EQ_INT(tvp_pool_map(p, square, in, N, sizeof *in, out, sizeof *out, chunks[c], err,
                                sizeof err),
                   0);
      int bad = 0;
      for (int i = 0; i < N; i++)
        bad += out[i] != in[i] * in[i];
      CHECK_EQ_INT(bad, 0);
    }
    /* An empty map is no work and no error. */
    CHECK_EQ_INT(tvp_pool_map(p, square, in, 0, sizeof *in, out, sizeof *out, 1, err, sizeof err), 0);
    tvp_pool_destroy(p);
  }
  CHECK(no_children_left());
}

static void test_work_spreads_over_workers(void) {
  /* With chunk 1 and a slow-enough map, every worker index seen is in range. */
  enum { N = 20000 };
  static int64_t in[N];
  static unsigned who[N];
  for (int m = 0; m < 2; m++) {
    char err[256];
    tvp_pool *p = tvp_pool_create(m ? TVP_POOL_FORK : TVP_POOL_THREAD, WORKERS, err, sizeof err);
    CHECK(p != NULL);
    if (!p)
      continue;
    CHECK_EQ_INT(tvp_pool_map(p, which_worker, in, N, sizeof *in, who, sizeof *who, 1, err, sizeof err), 0);
    int out_of_range = 0;
    for (int i = 0; i < N; i++)
      out_of_range += who[i] >= WORKERS;
    CHECK_EQ_INT(out_of_range, 0);
    tvp_pool_destroy(p);
  }
}

static void test_fork_map_spans_batches(void) {
  /* An arena of 1000 bytes holds 62 pairs of 8-byte inputs and outputs, so a map
   * of 1000 items takes 17 batches. */
  enum { N = 1000 };
  static int64_t in[N], out[N];
  for (int i = 0; i < N; i++)
    in[i] = 3 * i + 1;
  char err[256];
  tvp_pool_options o = {.model = TVP_POOL_FORK, .workers = 2, .arena_bytes = 1000};
  tvp_pool *p = tvp_pool_create_with(&o, err, sizeof err);
  CHECK(p != NULL);
  if (!p)
    return;
  CHECK_EQ_INT(tvp_pool_map(p, square, in, N, sizeof *in, out, sizeof *out, 7, err, sizeof err), 0);
  int bad = 0;
  for (int i = 0; i < N; i++)
    bad += out[i] != in[i] * in[i];
  CHECK_EQ_INT(bad, 0);
  /* An element that does not fit the arena at all is an error, not a hang. */
  static char big_in[600], big_out[600];
  CHECK_EQ_INT(tvp_pool_map(p, square, big_in, 1, sizeof big_in, big_out, sizeof big_out, 1, err,
                            sizeof err),
               -1);
  CHECK(strstr(err, "arena") != NULL);
  tvp_pool_destroy(p);
}

static void expect_broken(int64_t poison, const char *why) {
  enum { N = 64 };
  int64_t in[N], out[N];
  for (int i = 0; i < N; i++)
    in[i] = i + 100;
  in[N / 2] = poison;
  char err[256] = "";
  tvp_pool *p = tvp_pool_create(TVP_POOL_FORK, WORKERS, err, sizeof err);
  CHECK(p != NULL);
  if (!p)
    return;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK_EQ_INT(tvp_pool_map(p, fragile, in, N, sizeof *in, out, sizeof *out, 1, err, sizeof err), -1);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  CHECK(strstr(err, why) != NULL);
  if (!strstr(err, why))
    fprintf(stderr, "  got: %s\n", err);
  /* Found by polling, not by a long timeout (generous bound for a loaded machine). */
  CHECK((t1.tv_sec - t0.tv_sec) < 10);
  /* The pool stays broken, and says so at once. */
  in[N / 2] = 1;
  CHECK_EQ_INT(tvp_pool_map(p, fragile, in, N, sizeof *in, out, sizeof *out, 1, err, sizeof err), -1);
  CHECK(strstr(err, "broken") != NULL);
  tvp_pool_destroy(p);
  CHECK(no_children_left());
}

static void test_dead_worker_fails_the_map(void) {
  expect_broken(13, "killed by SIGSEGV");
  expect_broken(14, "exited with status 3");
}

static void test_bad_arguments(void) {
  char err[256] = "";
  CHECK(tvp_pool_create(TVP_POOL_THREAD, 0, err, sizeof err) == NULL);
  CHECK(strstr(err, "at least one worker") != NULL);
  CHECK(tvp_pool_create((tvp_pool_model)7, 2, err, sizeof err) == NULL);
  CHECK(strstr(err, "unknown pool model") != NULL);
  tvp_pool_destroy(NULL);
}

/* In a child: with RLIMIT_NPROC too low for one more task, creation fails with
 * an error that names the limit, and leaves no worker behind. Root ignores
 * RLIMIT_NPROC, so as root the child first becomes nobody. */
static void test_process_limit_named(void) {
  for (int m = 0; m < 2; m++) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
      struct rlimit rl = {1, 1};
      if (setrlimit(RLIMIT_NPROC, &rl) != 0)
        _exit(10);
      if (getuid() == 0 && setuid(65534) != 0)
        _exit(11);
      char err[256] = "";
      tvp_pool *p = tvp_pool_create(m ? TVP_POOL_FORK : TVP_POOL_THREAD, 4, err, sizeof err);
      if (p) {
        tvp_pool_destroy(p);
        _exit(12);
      }
      if (!strstr(err, "RLIMIT_NPROC") || !strstr(err, m ? "fork" : "pthread_create")) {
        fprintf(stderr, "  got: %s\n", err);
        _exit(13);
      }
      _exit(no_children_left() ? 0 : 14);
    }
    int st = -1;
    CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st));
    CHECK_EQ_INT(WEXITSTATUS(st), 0);
  }
}

int main(void) {
  test_map_every_model_and_chunk();
  test_work_spreads_over_workers();
  test_fork_map_spans_batches();
  test_dead_worker_fails_the_map();
  test_bad_arguments();
  test_process_limit_named();
  if (check_failures)
    fprintf(stderr, "%d check(s) failed\n", check_failures);
  return check_failures ? 1 : 0;
}
