/* Fuzzes suite files: any bytes through the parser `tvp run SUITE` uses, then
 * whatever parses through the plan, on a fixed machine of 4 cores and 8 PUs.
 * Checks what the rest of tvp relies on: every sweep has kernels, a name and a
 * source; settings stay in their ranges; a failure leaves a message and nothing
 * allocated. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "plan/plan.h"
#include "plan/suite.h"
#include "plan/workers_spec.h"

enum { CORES = 4, PUS = 8 };

static void check_message(const char *err, size_t len) {
  FUZZ_CHECK(err[0] != '\0');
  FUZZ_CHECK(memchr(err, '\0', len) != NULL);
}

static void check_sweeps(const tvp_sweep *s, int n) {
  FUZZ_CHECK(n >= 1);
  for (int i = 0; i < n; i++) {
    FUZZ_CHECK(s[i].name && s[i].source && s[i].kernels && *s[i].kernels);
    FUZZ_CHECK(n == 1 || *s[i].name);
    for (int j = 0; j < i; j++)
      FUZZ_CHECK(strcmp(s[i].name, s[j].name) != 0);
    FUZZ_CHECK(s[i].reps == -1 || (s[i].reps >= 1 && s[i].reps <= 10000));
    FUZZ_CHECK(s[i].warmup >= -1 && s[i].warmup <= 1000);
    FUZZ_CHECK(s[i].scaling >= -1 && s[i].scaling <= TVP_SCALING_DURATION);
    /* A fixed-time sweep, and only one, has a duration. */
    FUZZ_CHECK((s[i].scaling == TVP_SCALING_DURATION) == (s[i].duration_s > 0));
    FUZZ_CHECK(s[i].duration_s < 0 || isfinite(s[i].duration_s));
    FUZZ_CHECK(s[i].timeout_s < 0 || (s[i].timeout_s > 0 && isfinite(s[i].timeout_s)));
  }
}

static void check_plan(const tvp_plan *p, int nsweeps) {
  for (size_t i = 0; i < p->n; i++) {
    const tvp_config *c = &p->configs[i];
    FUZZ_CHECK(c->kernel && c->model);
    FUZZ_CHECK(c->placement < TVP_PLACE_COUNT);
    FUZZ_CHECK(c->workers >= 1 && c->workers <= TVP_MAX_WORKERS);
    FUZZ_CHECK(c->reps >= 1 && c->timeout_s > 0);
    FUZZ_CHECK(c->sweep >= 0 && c->sweep < nsweeps);
    FUZZ_CHECK(i == 0 || c->sweep >= p->configs[i - 1].sweep);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tvp_sweep *sweeps = NULL;
  char err[2048] = "";
  int n = tvp_suite_parse_buffer((const char *)data, size, "fuzz.suite", &sweeps, err,
                                 sizeof err);
  if (n < 0) {
    FUZZ_CHECK(sweeps == NULL);
    check_message(err, sizeof err);
    return 0;
  }
  check_sweeps(sweeps, n);
  tvp_plan plan;
  char why[2048] = "";
  if (tvp_plan_expand(sweeps, n, NULL, CORES, PUS, &plan, why, sizeof why) == 0) {
    check_plan(&plan, n);
    tvp_plan_free(&plan);
  } else {
    FUZZ_CHECK(plan.configs == NULL && plan.n == 0);
    check_message(why, sizeof why);
  }
  tvp_suite_free(sweeps, n);
  return 0;
}
