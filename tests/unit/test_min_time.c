/* --min-time in the plan: which configurations share a probed size, which are
 * left alone, that every configuration of a group gets the size chosen (so
 * checksums still compare), that two groups never end on one size, and that
 * min-time enters the plan digest (and only when set). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plan/min_time.h"
#include "plan/plan.h"

/* The plan of suite text, for a machine of 2 cores and 2 PUs; exits on an error. */
static tvp_plan plan_of(const char *text) {
  tvp_sweep *sweeps;
  tvp_plan p = {0};
  char err[512] = "";
  int n = tvp_suite_parse(text, "t.suite", &sweeps, err, sizeof err);
  if (n <= 0 || tvp_plan_expand(sweeps, n, NULL, 2, 2, &p, err, sizeof err) != 0) {
    fprintf(stderr, "cannot plan '%s': %s\n", text, err);
    exit(99);
  }
  tvp_suite_free(sweeps, n);
  return p;
}

/* One group per kernel, starting size, footprint and chunk, across models,
 * worker counts, placements and sections; fixed-time sweeps and untimed
 * kernels left alone. */
static void groups(void) {
  setenv("TVP_TEST_KERNELS", "1", 1);
  tvp_plan p = plan_of("models thread,fork\nworkers 1,2\nmin-time 0.1\n"
                       "[a]\nkernels cpu.primes\nsizes 1k,2k\nplacement core,none\n"
                       "[b]\nkernels cpu.primes\nsize 1k\nscaling weak\n"
                       "[c]\nkernels cpu.hash\nduration 0.5\n"
                       "[d]\nkernels test.crash\n"
                       "[e]\nkernels cpu.nbody\nmin-time 0\n"
                       "[f]\nkernels spawn.rss\nfootprint 16Mi,32Mi\nworkers 1\n");
  tvp_min_time_size *g = NULL;
  size_t n = tvp_min_time_groups(&p, &g);
  CHECK_EQ_INT(n, 6);
  if (n == 6) {
    CHECK_STR(g[0].kernel->name, "cpu.primes");
    CHECK_EQ_INT(g[0].from, 1000);
    CHECK_EQ_INT(g[0].first, 0);
    CHECK_EQ_INT(g[0].outcome, TVP_SIZE_PENDING);
    CHECK_NEAR(g[0].min_time_s, 0.1, 1e-12);
    CHECK_EQ_INT(g[1].from, 2000);
    CHECK_EQ_INT(g[1].first, 8); /* after 2 placements x 2 worker counts x 2 models */
    CHECK_STR(g[2].kernel->name, "cpu.hash");
    CHECK_EQ_INT(g[2].outcome, TVP_SIZE_DURATION);
    CHECK_EQ_INT(g[2].units, g[2].from);
    CHECK_STR(g[3].kernel->name, "test.crash");
    CHECK_EQ_INT(g[3].outcome, TVP_SIZE_UNTIMED);
    CHECK_STR(g[4].kernel->name, "spawn.rss");
    CHECK_EQ_INT(g[4].footprint, 16 << 20);
    CHECK_EQ_INT(g[5].footprint, 32 << 20);
    CHECK_EQ_INT(g[5].from, g[4].from);
  }
  /* The chosen sizes reach every configuration of their group, and only those. */
  g[0].outcome = TVP_SIZE_GROWN;
  g[0].units = 2000; /* the size group 1 starts from */
  g[1].outcome = TVP_SIZE_GROWN;
  g[1].units = 5000;
  tvp_min_time_apply(&p, g, n);
  size_t at_2000 = 0, at_5000 = 0;
  for (size_t i = 0; i < p.n; i++) {
    const tvp_config *c = &p.configs[i];
    if (c->kernel == g[0].kernel) {
      at_2000 += c->units == 2000;
      at_5000 += c->units == 5000;
    }
    if (strcmp(c->kernel->name, "cpu.nbody") == 0) {
      CHECK_NEAR(c->min_time_s, 0, 0);
      CHECK_EQ_INT(c->units, c->kernel->default_units);
    }
    if (strcmp(c->kernel->name, "cpu.hash") == 0)
      CHECK_EQ_INT(c->units, c->kernel->batch_units);
  }
  CHECK_EQ_INT(at_2000, 8 + 4); /* group 0: section a's 1k and section b */
  CHECK_EQ_INT(at_5000, 8);
  free(g);
  tvp_plan_free(&p);
  unsetenv("TVP_TEST_KERNELS");
}

/* A size chosen for one group that another group of the kernel keeps, or that
 * a configuration without min-time runs, moves on by a unit. */
static void distinct(void) {
  tvp_plan p = plan_of("models thread\nworkers 1\n[a]\nkernels cpu.primes\nsizes 1k,3k\n"
                       "min-time 0.1\n[b]\nkernels cpu.primes\nsize 3001\n");
  tvp_min_time_size *g = NULL;
  size_t n = tvp_min_time_groups(&p, &g);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    g[0].outcome = TVP_SIZE_GROWN;
    g[0].units = 3000; /* group 1 starts there and may keep it */
    tvp_min_time_distinct(&p, g, n, 0);
    CHECK_EQ_INT(g[0].units, 3002); /* and section b runs 3001 */
    g[1].outcome = TVP_SIZE_KEPT;
    tvp_min_time_distinct(&p, g, n, 1); /* a kept size is the size as given: never moved */
    CHECK_EQ_INT(g[1].units, 3000);
  }
  free(g);
  tvp_plan_free(&p);
}

/* The digest of a plan without min-time is what it always was; min-time and
 * the sizes chosen change it. */
static void digest(void) {
  const char *plain = "kernels cpu.primes\nmodels thread\nworkers 1,2\n";
  char was[17], with[17], grown[17];
  tvp_plan p = plan_of(plain);
  tvp_plan_digest(&p, was);
  tvp_plan_free(&p);
  p = plan_of("kernels cpu.primes\nmodels thread\nworkers 1,2\nmin-time 0\n");
  tvp_plan_digest(&p, with);
  CHECK_STR(with, was);
  tvp_plan_free(&p);
  p = plan_of("kernels cpu.primes\nmodels thread\nworkers 1,2\nmin-time 0.1\n");
  tvp_plan_digest(&p, with);
  CHECK(strcmp(with, was) != 0);
  tvp_min_time_size *g = NULL;
  size_t n = tvp_min_time_groups(&p, &g);
  CHECK_EQ_INT(n, 1);
  g[0].outcome = TVP_SIZE_GROWN;
  g[0].units = 999999;
  tvp_min_time_apply(&p, g, n);
  tvp_plan_digest(&p, grown);
  CHECK(strcmp(grown, with) != 0);
  free(g);
  tvp_plan_free(&p);
}

/* A min-time the timeout cannot hold twice over is refused with both named. */
static void timeout(void) {
  tvp_sweep *sweeps;
  tvp_plan p;
  char err[512] = "";
  int n = tvp_suite_parse("kernels cpu.primes\nmin-time 30\n", "t.suite", &sweeps, err, sizeof err);
  CHECK_EQ_INT(n, 1);
  CHECK_EQ_INT(tvp_plan_expand(sweeps, n, NULL, 2, 2, &p, err, sizeof err), -1);
  CHECK(strstr(err, "min-time 30 s does not fit the timeout of 60 s") != NULL);
  CHECK(strstr(err, "above 60 s") != NULL);
  tvp_suite_free(sweeps, n);
}

/* The words a person reads for each outcome. */
static void words(void) {
  tvp_min_time_size s = {.kernel = tvp_kernel_find("cpu.primes"), .from = 1000, .min_time_s = 0.1,
                         .outcome = TVP_SIZE_GROWN, .units = 30000, .probe_units = 16000,
                         .probe_wall_s = 0.125, .probes = 3};
  char line[512];
  tvp_min_time_describe(&s, line, sizeof line);
  CHECK_STR(line, "cpu.primes: 1000 -> 30000 units (a probe of 16000 took 0.125 s; 3 runs)");
  s.outcome = TVP_SIZE_CAPPED;
  tvp_min_time_describe(&s, line, sizeof line);
  CHECK(strstr(line, "capped") != NULL && strstr(line, "under the min-time of 0.1 s") != NULL);
  s.outcome = TVP_SIZE_UNTIMED;
  tvp_min_time_describe(&s, line, sizeof line);
  CHECK(strstr(line, "left alone") != NULL);
  s.outcome = TVP_SIZE_KEPT;
  s.footprint = 4096;
  s.chunk = 16;
  tvp_min_time_describe(&s, line, sizeof line);
  CHECK_STR(line, "cpu.primes footprint 4096 chunk 16: 1000 units kept (a probe took 0.125 s, "
                  "already the min-time)");
  for (int o = TVP_SIZE_GROWN; o <= TVP_SIZE_UNTIMED; o++)
    CHECK_EQ_INT(tvp_size_outcome_parse(tvp_size_outcome_name((tvp_size_outcome)o)), o);
  CHECK_EQ_INT(tvp_size_outcome_parse("grow"), -1);
}

int main(void) {
  unsetenv("TVP_TEST_KERNELS");
  groups();
  distinct();
  digest();
  timeout();
  words();
  CHECK_DONE();
}
