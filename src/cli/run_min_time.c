/* tvp run --min-time (see run_min_time.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/util.h"
#include "cli/run_min_time.h"
#include "run/probe.h"

static void say_size(void *ctx, const tvp_min_time_size *s) {
  (void)ctx;
  char line[640];
  tvp_min_time_describe(s, line, sizeof line);
  printf("  %s\n", line);
  fflush(stdout);
}

int tvp_run_choose_sizes(const tvp_runner *rn, tvp_plan *plan, int quiet, tvp_min_time_size **sizes,
                         size_t *n) {
  *n = tvp_min_time_groups(plan, sizes);
  if (*n == 0)
    return 0;
  size_t pending = 0;
  for (size_t i = 0; i < *n; i++)
    pending += (*sizes)[i].outcome == TVP_SIZE_PENDING;
  if (!quiet) {
    printf("tvp %s: min-time %g s: probing %zu size%s at 1 worker (thread model) before the run\n",
           TVP_VERSION, tvp_min_time_largest(*sizes, *n), pending, pending == 1 ? "" : "s");
    fflush(stdout);
  }
  int rc = tvp_probe_sizes(rn, plan, *sizes, *n, quiet ? NULL : say_size, NULL);
  if (rc != 0) {
    int sig = rc - 128;
    tvp_err("interrupted by %s while --min-time chose the sizes: nothing was measured and no "
            "results folder was made", sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "SIGINT");
    free(*sizes);
    *sizes = NULL;
    *n = 0;
    return rc;
  }
  tvp_min_time_apply(plan, *sizes, *n);
  return 0;
}
