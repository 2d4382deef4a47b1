/* The plan: how sweeps expand into configurations (count, order, defaults,
 * overrides) and that anything unknown is refused before a cell runs. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "models/model.h"
#include "plan/plan.h"
#include "base/util.h"

/* A sweep from "key", "value" pairs, ending in SWEEP_END: a variadic sentinel
 * must be a pointer, and NULL may be a plain 0. */
#define SWEEP_END ((const char *)NULL)
static tvp_sweep sweep(const char *kv, ...) __attribute__((sentinel));
static tvp_sweep sweep(const char *kv, ...) {
  tvp_sweep s;
  char err[256] = "";
  tvp_sweep_init(&s);
  va_list ap;
  va_start(ap, kv);
  for (const char *k = kv; k; k = va_arg(ap, const char *)) {
    const char *v = va_arg(ap, const char *);
    if (tvp_sweep_set(&s, k, v, err, sizeof err) != 0) {
      fprintf(stderr, "tvp_sweep_set(%s, %s): %s\n", k, v, err);
      exit(99);
    }
  }
  va_end(ap);
  return s;
}

static void full_cross(void) {
  tvp_sweep s = sweep("kernels", "cpu.primes,io.sleep", "models", "thread,fork", "workers",
                      "1..2N", "placement", "core,scatter", SWEEP_END);
  tvp_plan p;
  char err[512] = "";
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 2 * 2 * 4 * 2);
  const tvp_kernel *primes = tvp_kernel_find("cpu.primes"), *io = tvp_kernel_find("io.sleep");
  const tvp_model *thread = tvp_model_find("thread"), *proc = tvp_model_find("fork");
  CHECK(primes && io && thread && proc);
  static const tvp_placement_policy places[] = {TVP_PLACE_CORE, TVP_PLACE_SCATTER};
  size_t i = 0;
  for (int k = 0; k < 2 && p.n == 32; k++)
    for (int pl = 0; pl < 2; pl++)
      for (unsigned w = 1; w <= 4; w++)
        for (int m = 0; m < 2; m++, i++) {
          const tvp_config *c = &p.configs[i];
          const tvp_kernel *kern = k ? io : primes;
          CHECK(c->kernel == kern);
          CHECK(c->model == (m ? proc : thread));
          CHECK_EQ_INT(c->placement, places[pl]);
          CHECK_EQ_INT(c->workers, w);
          CHECK_EQ_INT(c->units, kern->default_units);
          CHECK_EQ_INT(c->scaling, TVP_SCALING_STRONG);
          CHECK_NEAR(c->duration_s, 0, 0);
          CHECK_EQ_INT(c->reps, TVP_DEFAULT_REPS);
          CHECK_EQ_INT(c->reps, 5);
          CHECK_EQ_INT(c->warmup, 1);
          CHECK_NEAR(c->timeout_s, 60, 0);
          CHECK_EQ_INT(c->sweep, 0);
        }
  /* The two models of one point are adjacent. */
  for (size_t j = 0; j + 1 < p.n; j += 2) {
    CHECK(p.configs[j].kernel == p.configs[j + 1].kernel);
    CHECK_EQ_INT(p.configs[j].workers, p.configs[j + 1].workers);
    CHECK_EQ_INT(p.configs[j].placement, p.configs[j + 1].placement);
    CHECK(p.configs[j].model != p.configs[j + 1].model);
  }
  tvp_plan_free(&p);
  CHECK(p.configs == NULL && p.n == 0);
  tvp_sweep_free(&s);
}

static void defaults(void) {
  /* Only kernels: models thread,fork, workers 1..N*2, placement core, default size,
   * strong scaling. */
  tvp_sweep s = sweep("kernels", "cpu.primes", SWEEP_END);
  tvp_plan p;
  char err[512] = "";
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 4, 8, &p, err, sizeof err), 0);
  /* 1..N*2 with N = 4: 1, 2, 4 (doubling up to N); two models each. */
  CHECK_EQ_INT(p.n, 6);
  static const unsigned want[] = {1, 2, 4};
  for (size_t i = 0; i < p.n && i < 6; i++) {
    CHECK_EQ_INT(p.configs[i].workers, want[i / 2]);
    CHECK_EQ_INT(p.configs[i].placement, TVP_PLACE_CORE);
    CHECK_STR(p.configs[i].model->name, i % 2 ? "fork" : "thread");
    CHECK_EQ_INT(p.configs[i].units, 200000);
    CHECK_EQ_INT(p.configs[i].scaling, TVP_SCALING_STRONG);
  }
  tvp_plan_free(&p);
  tvp_sweep_free(&s);
}

static void overrides(void) {
  tvp_sweep s[2];
  s[0] = sweep("kernels", "cpu.primes", "reps", "7", "warmup", "2", "workers", "1", "models",
               "thread", "timeout", "10", SWEEP_END);
  s[1] = sweep("kernels", "io.sleep", "workers", "2", "models", "fork", SWEEP_END);
  tvp_sweep flags = sweep("reps", "3", SWEEP_END);
  tvp_plan p;
  char err[512] = "";
  CHECK_EQ_INT(tvp_plan_expand(s, 2, &flags, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 2);
  CHECK_EQ_INT(p.configs[0].reps, 3); /* the flag replaces the sweep's 7 */
  CHECK_EQ_INT(p.configs[0].warmup, 2); /* what the flags leave alone stays */
  CHECK_NEAR(p.configs[0].timeout_s, 10, 0);
  CHECK_EQ_INT(p.configs[0].sweep, 0);
  CHECK_EQ_INT(p.configs[1].reps, 3);
  CHECK_EQ_INT(p.configs[1].warmup, 1);
  CHECK_NEAR(p.configs[1].timeout_s, 60, 0);
  CHECK_EQ_INT(p.configs[1].sweep, 1);
  CHECK_STR(p.configs[1].kernel->name, "io.sleep");
  CHECK_EQ_INT(p.configs[1].workers, 2);
  tvp_plan_free(&p);

  /* Without flags the sweep's own values hold. */
  CHECK_EQ_INT(tvp_plan_expand(s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 1);
  CHECK_EQ_INT(p.configs[0].reps, 7);
  tvp_plan_free(&p);

  /* Flags may replace a list too, and a flag's weak scaling reaches every sweep. */
  tvp_sweep_free(&flags);
  flags = sweep("workers", "1,3", "scaling", "weak", SWEEP_END);
  CHECK_EQ_INT(tvp_plan_expand(s, 2, &flags, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 4);
  CHECK_EQ_INT(p.configs[1].workers, 3);
  CHECK_EQ_INT(p.configs[3].workers, 3);
  CHECK_EQ_INT(p.configs[3].scaling, TVP_SCALING_WEAK);
  CHECK_EQ_INT(p.configs[3].units, 400);
  tvp_plan_free(&p);

  tvp_sweep_free(&flags);
  tvp_sweep_free(&s[0]);
  tvp_sweep_free(&s[1]);
}

static void sizes_and_duration(void) {
  tvp_sweep s = sweep("kernels", "cpu.primes", "models", "thread", "workers", "1", "sizes",
                      "1k,2M", SWEEP_END);
  tvp_plan p;
  char err[512] = "";
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 2);
  CHECK_EQ_INT(p.configs[0].units, 1000);
  CHECK_EQ_INT(p.configs[1].units, 2000000);
  tvp_plan_free(&p);
  tvp_sweep_free(&s);

  /* Sizes vary slower than placements: kernel, size, placement, workers, model. */
  s = sweep("kernels", "cpu.primes", "models", "thread", "workers", "1,2", "sizes", "1k,default",
            "placement", "pu,none", SWEEP_END);
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 8);
  for (size_t i = 0; i < p.n; i++) {
    CHECK_EQ_INT(p.configs[i].units, i < 4 ? 1000 : 200000);
    CHECK_EQ_INT(p.configs[i].placement, (i / 2) % 2 ? TVP_PLACE_NONE : TVP_PLACE_PU);
    CHECK_EQ_INT(p.configs[i].workers, i % 2 + 1);
  }
  tvp_plan_free(&p);
  tvp_sweep_free(&s);

  /* Duration: the default size becomes the kernel's batch; a given size stays. */
  s = sweep("kernels", "cpu.primes,io.sleep", "models", "thread", "workers", "1", "duration",
            "2", SWEEP_END);
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 2);
  for (size_t i = 0; i < p.n; i++) {
    CHECK_EQ_INT(p.configs[i].scaling, TVP_SCALING_DURATION);
    CHECK_NEAR(p.configs[i].duration_s, 2, 1e-12);
    CHECK_EQ_INT(p.configs[i].units, p.configs[i].kernel->batch_units);
    CHECK(p.configs[i].units != p.configs[i].kernel->default_units);
  }
  tvp_plan_free(&p);
  CHECK_EQ_INT(tvp_sweep_set(&s, "sizes", "50", err, sizeof err), 0);
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.configs[0].units, 50);
  CHECK_EQ_INT(p.configs[1].units, 50);
  tvp_plan_free(&p);
  tvp_sweep_free(&s);
}

/* Chunks are one more dimension, between footprint and placement: kernel, size,
 * footprint, chunk, placement, workers, model. The two models of one point stay
 * adjacent, and "default" is 0 (the kernel's own). */
static void chunks(void) {
  tvp_sweep s = sweep("kernels", "cpu.primes", "models", "thread,fork", "workers", "1,2",
                      "placement", "core,pu", "footprint", "4Mi,default", "chunks",
                      "1,64,default", "sizes", "1k,2k", SWEEP_END);
  tvp_plan p;
  char err[512] = "";
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 2 * 2 * 3 * 2 * 2 * 2);
  static const uint64_t want_chunk[] = {1, 64, 0}, want_foot[] = {4 << 20, 0};
  static const tvp_placement_policy places[] = {TVP_PLACE_CORE, TVP_PLACE_PU};
  size_t i = 0;
  for (int z = 0; z < 2 && p.n == 96; z++)
    for (int f = 0; f < 2; f++)
      for (int h = 0; h < 3; h++)
        for (int pl = 0; pl < 2; pl++)
          for (unsigned w = 1; w <= 2; w++)
            for (int m = 0; m < 2; m++, i++) {
              const tvp_config *c = &p.configs[i];
              CHECK_EQ_INT(c->units, z ? 2000 : 1000);
              CHECK_EQ_INT(c->footprint, want_foot[f]);
              CHECK_EQ_INT(c->chunk, want_chunk[h]);
              CHECK_EQ_INT(c->placement, places[pl]);
              CHECK_EQ_INT(c->workers, w);
              CHECK_STR(c->model->name, m ? "fork" : "thread");
            }
  tvp_plan_free(&p);

  /* A flag replaces the suite's chunks; without any, the chunk is the kernel's own. */
  tvp_sweep flags = sweep("chunk", "16", SWEEP_END);
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, &flags, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 2 * 2 * 1 * 2 * 2 * 2);
  for (size_t j = 0; j < p.n; j++)
    CHECK_EQ_INT(p.configs[j].chunk, 16);
  tvp_plan_free(&p);
  tvp_sweep_free(&flags);
  tvp_sweep_free(&s);
  s = sweep("kernels", "cpu.primes", "workers", "1", SWEEP_END);
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  for (size_t j = 0; j < p.n; j++)
    CHECK_EQ_INT(p.configs[j].chunk, 0);
  tvp_plan_free(&p);
  tvp_sweep_free(&s);
}

/* Expansion that must fail: -1, an empty plan, and a message naming `names`. */
static void reject(tvp_sweep *s, const char *names) {
  tvp_plan p = {(tvp_config *)&p, 7};
  char err[1024] = "";
  CHECK_EQ_INT(tvp_plan_expand(s, 1, NULL, 2, 2, &p, err, sizeof err), -1);
  CHECK(p.configs == NULL && p.n == 0);
  CHECK(err[0] != '\0');
  if (!strstr(err, names))
    fprintf(stderr, "want a message naming '%s', got '%s'\n", names, err);
  CHECK(strstr(err, names) != NULL);
  tvp_sweep_free(s);
}

static void errors(void) {
  tvp_sweep s;
  s = sweep("kernels", "cpu.primes,cpu.nope", SWEEP_END);
  reject(&s, "'cpu.nope'");
  s = sweep("kernels", "cpu.nope", SWEEP_END);
  reject(&s, "cpu.primes, cpu.nbody"); /* the message lists the known kernels */
  s = sweep("kernels", "cpu.primes,", SWEEP_END);
  reject(&s, "''"); /* an empty item is not skipped */
  s = sweep("kernels", "cpu.primes", "models", "thread,green", SWEEP_END);
  reject(&s, "'green'");
  s = sweep("kernels", "cpu.primes", "placement", "core,numa", SWEEP_END);
  reject(&s, "'numa'");
  s = sweep("kernels", "cpu.primes", "sizes", "0", SWEEP_END);
  reject(&s, "'0'");
  s = sweep("kernels", "cpu.primes", "sizes", "1k,-5", SWEEP_END);
  reject(&s, "'-5'");
  s = sweep("kernels", "cpu.primes", "sizes", "5x", SWEEP_END);
  reject(&s, "'5x'");
  s = sweep("kernels", "cpu.primes", "chunks", "0", SWEEP_END);
  reject(&s, "chunk must be at least 1");
  s = sweep("kernels", "cpu.primes", "chunks", "4,x", SWEEP_END);
  reject(&s, "bad chunk 'x'");
  s = sweep("kernels", "cpu.primes", "chunks", "-1", SWEEP_END);
  reject(&s, "'-1'");
  s = sweep("kernels", "cpu.primes", "footprints", "0", SWEEP_END);
  reject(&s, "footprint must be at least 1");
  s = sweep("models", "thread", SWEEP_END);
  reject(&s, "no kernels");
  s = sweep("kernels", "cpu.primes", "workers", "0", SWEEP_END);
  reject(&s, "0");
  s = sweep("kernels", "cpu.primes", "workers", "0", SWEEP_END);
  reject(&s, "counts start at 1");

  /* The message names the sweep's source when it has one. */
  s = sweep("kernels", "cpu.nope", SWEEP_END);
  s.source = tvp_xstrdup("q.suite:3");
  tvp_plan p;
  char err[1024] = "";
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), -1);
  CHECK(strncmp(err, "q.suite:3: ", 11) == 0);
  CHECK(strstr(err, "'cpu.nope'") != NULL);
  tvp_sweep_free(&s);

  /* A bad second sweep fails the whole plan, with nothing left allocated. */
  tvp_sweep two[2];
  two[0] = sweep("kernels", "cpu.primes", SWEEP_END);
  two[1] = sweep("kernels", "io.sleep", "models", "green", SWEEP_END);
  p.configs = NULL;
  CHECK_EQ_INT(tvp_plan_expand(two, 2, NULL, 2, 2, &p, err, sizeof err), -1);
  CHECK(p.configs == NULL && p.n == 0);
  CHECK(strstr(err, "'green'") != NULL);
  tvp_sweep_free(&two[0]);
  tvp_sweep_free(&two[1]);
}

/* "all" given several times once overran the kernel and model arrays (each
 * "all" adds every kernel, but room was made for one entry per item); glibc then
 * aborted on a later allocation. Each case runs in a child so a crash fails one
 * check, not the test. */
static int expands_in_child(const char *kernels, const char *models) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    tvp_sweep s = sweep("kernels", kernels, "models", models, "workers", "1", SWEEP_END);
    tvp_plan p;
    char err[1024] = "";
    int rc = tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err);
    tvp_plan_free(&p);
    tvp_sweep_free(&s);
    for (int i = 0; i < 64; i++) /* give the allocator a chance to notice */
      free(malloc((size_t)16 << (i % 12)));
    _exit(rc == 0 ? 0 : 3);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return 0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fprintf(stderr, "expanding kernels '%s' models '%s': %s %d\n", kernels, models,
            WIFSIGNALED(status) ? "killed by signal" : "exit status",
            WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void repeated_all(void) {
  /* A name given twice runs once, however it is spelt: "all,all" is every
   * kernel once, and so is every other list given twice. Two configurations
   * alike would leave two rows that no comparison can tell apart. */
  tvp_sweep s = sweep("kernels", "all,all", "models", "thread", "workers", "1", SWEEP_END);
  tvp_plan p;
  char err[1024] = "";
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  size_t visible = 0;
  for (size_t i = 0; i < tvp_kernel_count(); i++)
    visible += !tvp_kernel_at(i)->test_only;
  CHECK_EQ_INT(p.n, visible);
  tvp_plan_free(&p);
  tvp_sweep_free(&s);
  s = sweep("kernels", "cpu.primes,io.sleep,cpu.primes", "models", "thread,all,fork", "workers", "1,1",
            "placement", "core,core,pu", "sizes", "1k,1000,default,default", "chunks", "4,4", SWEEP_END);
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 2 * 3 * 2 * 2); /* kernels, models (thread, fork, spawn), placements, sizes */
  for (size_t i = 0; i < p.n; i++)
    for (size_t j = 0; j < i; j++)
      CHECK(p.configs[i].kernel != p.configs[j].kernel || p.configs[i].model != p.configs[j].model ||
            p.configs[i].placement != p.configs[j].placement || p.configs[i].units != p.configs[j].units);
  tvp_plan_free(&p);
  tvp_sweep_free(&s);
  CHECK(expands_in_child("all,cpu.primes", "all,thread"));
  CHECK(expands_in_child("all,all,all", "thread"));
  CHECK(expands_in_child("cpu.primes", "all,all,all"));
}

static void test_kernels(void) {
  unsetenv("TVP_TEST_KERNELS");
  tvp_sweep s = sweep("kernels", "test.crash", SWEEP_END);
  reject(&s, "'test.crash'");
  /* "all" leaves test kernels out. */
  s = sweep("kernels", "all", "models", "thread", "workers", "1", SWEEP_END);
  tvp_plan p;
  char err[1024] = "";
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK(p.n >= 4);
  for (size_t i = 0; i < p.n; i++)
    CHECK(!p.configs[i].kernel->test_only);
  tvp_plan_free(&p);
  tvp_sweep_free(&s);

  setenv("TVP_TEST_KERNELS", "1", 1);
  s = sweep("kernels", "test.crash", "models", "fork", "workers", "1", SWEEP_END);
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 1);
  CHECK_STR(p.configs[0].kernel->name, "test.crash");
  CHECK(p.configs[0].kernel->test_only);
  tvp_plan_free(&p);
  tvp_sweep_free(&s);
  unsetenv("TVP_TEST_KERNELS");
}

/* The kernels of plan p, names joined by ',' into buf. */
static void plan_kernels(const tvp_plan *p, char *buf, size_t len) {
  size_t k = 0;
  buf[0] = 0;
  for (size_t i = 0; i < p->n && k < len; i++)
    k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? "," : "", p->configs[i].kernel->name);
}

/* The registry's visible kernels whose group ("cpu" of "cpu.primes") is g, in
 * registry order, joined by ','. */
static void group_kernels(const char *g, char *buf, size_t len) {
  size_t k = 0, glen = strlen(g);
  buf[0] = 0;
  for (size_t i = 0; i < tvp_kernel_count() && k < len; i++) {
    const tvp_kernel *kern = tvp_kernel_at(i);
    if (tvp_kernel_visible(kern) && strncmp(kern->name, g, glen) == 0 && kern->name[glen] == '.')
      k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? "," : "", kern->name);
  }
}

/* A group's name ("cpu") selects every kernel of the group, each once however
 * often it is named; an unknown group is refused with the list of groups. */
static void kernel_groups(void) {
  unsetenv("TVP_TEST_KERNELS");
  static const struct {
    const char *kernels, *want_group; /* want: want_first, then the kernels of want_group */
    const char *want_first;
  } cases[] = {
      {"cpu", "cpu", ""},
      {"cpu,cpu.primes,cpu", "cpu", ""},
      {"cpu.hash,cpu.primes,cpu", "cpu", NULL}, /* order of first appearance: below */
      {"sched", "sched", ""},
      {"io.sleep,mem", "mem", "io.sleep,"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    tvp_sweep s = sweep("kernels", cases[c].kernels, "models", "thread", "workers", "1", SWEEP_END);
    tvp_plan p;
    char err[1024] = "", got[1024], want[1024], group[1024];
    CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
    plan_kernels(&p, got, sizeof got);
    group_kernels(cases[c].want_group, group, sizeof group);
    CHECK(group[0] != 0); /* every group here has kernels */
    if (cases[c].want_first)
      snprintf(want, sizeof want, "%s%s", cases[c].want_first, group);
    else /* the kernels named come first; the group adds the rest, in registry order */
      snprintf(want, sizeof want, "cpu.hash,cpu.primes,cpu.nbody,cpu.matmul");
    if (strcmp(got, want) != 0)
      fprintf(stderr, "--kernels %s: want %s, got %s\n", cases[c].kernels, want, got);
    CHECK_STR(got, want);
    tvp_plan_free(&p);
    tvp_sweep_free(&s);
  }
  tvp_sweep s = sweep("kernels", "cpu.primes,cpux", SWEEP_END);
  reject(&s, "unknown kernel group 'cpux'");
  s = sweep("kernels", "cpux", SWEEP_END);
  reject(&s, "groups: cpu, mem, os, sync, sched, pool, io, net, spawn;");
  /* A word no group could be named is an unknown kernel, the kernels listed. */
  s = sweep("kernels", "CPU", SWEEP_END);
  reject(&s, "unknown kernel 'CPU' (known: cpu.primes, cpu.nbody");
  /* The test kernels' group exists only when they do. */
  s = sweep("kernels", "test", "models", "fork", "workers", "1", SWEEP_END);
  reject(&s, "unknown kernel group 'test'");
  setenv("TVP_TEST_KERNELS", "1", 1);
  s = sweep("kernels", "test", "models", "fork", "workers", "1", SWEEP_END);
  tvp_plan p;
  char err[1024] = "", got[1024], want[1024];
  CHECK_EQ_INT(tvp_plan_expand(&s, 1, NULL, 2, 2, &p, err, sizeof err), 0);
  plan_kernels(&p, got, sizeof got);
  group_kernels("test", want, sizeof want);
  CHECK_STR(got, want);
  CHECK(strncmp(got, "test.", 5) == 0);
  tvp_plan_free(&p);
  tvp_sweep_free(&s);
  unsetenv("TVP_TEST_KERNELS");
}

static void total_units(void) {
  tvp_config c = {.units = 1000, .workers = 4, .scaling = TVP_SCALING_STRONG};
  CHECK_EQ_INT(tvp_config_total_units(&c), 1000);
  c.scaling = TVP_SCALING_WEAK;
  CHECK_EQ_INT(tvp_config_total_units(&c), 4000);
  c.scaling = TVP_SCALING_DURATION;
  c.duration_s = 2;
  CHECK_EQ_INT(tvp_config_total_units(&c), 0);
  CHECK_STR(tvp_scaling_name(TVP_SCALING_STRONG), "strong");
  CHECK_STR(tvp_scaling_name(TVP_SCALING_WEAK), "weak");
  CHECK_STR(tvp_scaling_name(TVP_SCALING_DURATION), "duration");
}

/* The registries state the rules plan.c asks about: the kernels spawn.* and
 * net.* tell models apart by worker kind, so no two local models may share
 * one; the option of a model the plan does not run is refused, and one that
 * it runs is not. */
static void registry_rules(void) {
  const tvp_model *thread = tvp_model_find("thread"), *fork = tvp_model_find("fork"),
                  *spawn = tvp_model_find("spawn"), *mpi = tvp_model_find("mpi");
  CHECK_EQ_INT(thread->worker_kind, TVP_WORKER_THREAD);
  CHECK_EQ_INT(fork->worker_kind, TVP_WORKER_FORK);
  CHECK_EQ_INT(spawn->worker_kind, TVP_WORKER_SPAWN);
  CHECK_EQ_INT(mpi->worker_kind, TVP_WORKER_RANK);
  char known[256], err[512] = "";
  tvp_model_list(known, sizeof known);
  CHECK_STR(known, "thread, fork, spawn, mpi, mpi+thread");
  tvp_placement_list(known, sizeof known);
  CHECK_STR(known, "none, core, pu, scatter");
  CHECK(tvp_kernel_check_fixed_time(tvp_kernel_find("cpu.primes"), err, sizeof err) == 0);
  CHECK(tvp_kernel_check_fixed_time(tvp_kernel_find("pool.map"), err, sizeof err) != 0);
  CHECK(strstr(err, "pool.map hands out a fixed total") != NULL);
  const tvp_model *locals[] = {thread, fork};
  CHECK(tvp_model_check_counts(locals, 2, 0, 0, err, sizeof err) == 0);
  CHECK(tvp_model_check_counts(locals, 2, 0, 1, err, sizeof err) != 0);
  CHECK_STR(err, "ranks are for the mpi models, which this plan does not run: give worker counts "
                 "instead");
  tvp_model_options opts = {.hostfile = "hosts"};
  CHECK(tvp_model_preflight(locals, 2, &opts, err, sizeof err) != 0);
  CHECK_STR(err, "--hostfile is for the mpi models, which this plan does not run");
  opts.hostfile = NULL;
  CHECK(tvp_model_preflight(locals, 2, &opts, err, sizeof err) == 0);
}

/* Every name in the registry has the syntax run folders are checked against,
 * and a name that would climb out of a folder has not. */
static void kernel_names(void) {
  for (size_t i = 0; i < tvp_kernel_count(); i++)
    CHECK(tvp_kernel_name_valid(tvp_kernel_at(i)->name));
  static const char *const bad[] = {"", "cpu", "cpu.", ".primes", "cpu.primes/x", "/../../x",
                                    "../cpu.primes", "cpu..primes", "Cpu.primes", "cpu.pri mes",
                                    "cpu.primes\n", "a.b.c"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    CHECK(!tvp_kernel_name_valid(bad[i]));
}

int main(void) {
  unsetenv("TVP_TEST_KERNELS");
  full_cross();
  defaults();
  overrides();
  sizes_and_duration();
  chunks();
  errors();
  test_kernels();
  kernel_groups();
  total_units();
  repeated_all();
  registry_rules();
  kernel_names();
  CHECK_DONE();
}
