/* The min-time probe (see probe.h): grow a size geometrically until its runs
 * last the min-time (a run that does is run once more, and the quicker of the
 * two counts), then scale it to the min-time with a margin: in proportion, or
 * along the power law the last two sizes show. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "models/model.h"
#include "run/probe.h"

/* One untimed run of cfg at units: its wall time, or -1 with the reason in g. */
static double probe_run(const tvp_runner *rn, tvp_config cfg, uint64_t units, tvp_min_time_size *g) {
  cfg.units = units;
  tvp_placement pl;
  if (tvp_placement_plan(rn->topo->topo, cfg.placement, cfg.workers, &pl) != 0) {
    snprintf(g->reason, sizeof g->reason, "placement failed (out of memory)");
    return -1;
  }
  tvp_rep rep;
  memset(&rep, 0, sizeof rep);
  tvp_run_one(rn, &cfg, &pl, &rep, NULL);
  tvp_placement_free(&pl);
  g->probes++;
  if (!rep.ok) {
    snprintf(g->reason, sizeof g->reason, "%s", rep.reason);
    return -1;
  }
  g->probe_units = units;
  g->probe_wall_s = rep.wall_s;
  return rep.wall_s;
}

/* The next size to try after a run of units took wall_s: aimed at the
 * min-time with the margin, at least TVP_PROBE_MIN_STEP times more (so the
 * growth is geometric), at most TVP_PROBE_MAX_STEP (a run far under the
 * min-time is mostly the harness's own overhead), and never past cap. */
static uint64_t next_size(uint64_t units, double wall_s, double min_time_s, uint64_t cap) {
  double step = wall_s > 0 ? min_time_s * TVP_PROBE_MARGIN / wall_s : TVP_PROBE_MAX_STEP;
  step = fmin(fmax(step, TVP_PROBE_MIN_STEP), TVP_PROBE_MAX_STEP);
  double next = ceil((double)units * step);
  return next >= (double)cap ? cap : (uint64_t)next;
}

/* How time grows with size between two probe runs: 1 when it grows in
 * proportion, 1.5 for cpu.primes (a larger number takes longer to test), below
 * 1 where the harness's fixed cost still counts. Scaling the last run along it
 * lands on the min-time from either side; the runs' noise is kept from making
 * it wild by the bounds. */
static double growth_exponent(uint64_t u1, double w1, uint64_t u2, double w2) {
  if (u1 == 0 || u2 <= u1 || w1 <= 0 || w2 <= w1)
    return 1;
  double e = log(w2 / w1) / log((double)u2 / (double)u1);
  return fmin(fmax(e, 0.5), 2.0);
}

/* The size whose runs took wall_s (the quicker of two), scaled to the min-time
 * with the margin along the growth since the size before, kept in [from, cap]. */
static uint64_t scaled_size(const tvp_min_time_size *g, uint64_t before, double before_wall,
                            uint64_t units, double wall_s, uint64_t cap) {
  double e = growth_exponent(before, before_wall, units, wall_s);
  double scaled = ceil((double)units * pow(g->min_time_s * TVP_PROBE_MARGIN / wall_s, 1 / e));
  return scaled >= (double)cap ? cap : scaled <= (double)g->from ? g->from : (uint64_t)scaled;
}

static int settle(tvp_min_time_size *g, tvp_size_outcome outcome, uint64_t units) {
  g->outcome = outcome;
  g->units = units;
  return 0;
}

/* Settles one pending group. Returns 0, or the signal that interrupted it. */
static int probe_group(const tvp_runner *rn, const tvp_plan *plan, tvp_min_time_size *g) {
  tvp_config cfg = plan->configs[g->first];
  cfg.model = tvp_model_find("thread");
  cfg.workers = cfg.kernel->paired ? 2 : 1;
  cfg.threads = 0;
  cfg.reps = 1;
  cfg.warmup = 0;
  uint64_t cap = g->from > UINT64_MAX / TVP_PROBE_MAX_GROWTH ? UINT64_MAX : g->from * TVP_PROBE_MAX_GROWTH;
  uint64_t units = g->from, before = 0;
  double before_wall = 0;
  for (;;) {
    double wall = probe_run(rn, cfg, units, g);
    if (wall >= g->min_time_s) {
      /* A run can only be slowed by what else the machine does: the quicker
       * of two is the better guess at the size's own time. */
      double again = tvp_runner_interrupted() ? -1 : probe_run(rn, cfg, units, g);
      wall = again < 0 ? again : fmin(wall, again);
      if (wall >= 0)
        g->probe_wall_s = wall;
    }
    if (tvp_runner_interrupted())
      return tvp_runner_interrupted();
    if (wall < 0)
      return settle(g, TVP_SIZE_FAILED, g->from);
    if (wall >= g->min_time_s && units == g->from)
      return settle(g, TVP_SIZE_KEPT, g->from); /* never shrunk: a size given is what is measured */
    if (wall >= g->min_time_s)
      return settle(g, TVP_SIZE_GROWN, scaled_size(g, before, before_wall, units, wall, cap));
    if (units == cap)
      return settle(g, TVP_SIZE_CAPPED, cap);
    before = units;
    before_wall = wall;
    units = next_size(units, wall, g->min_time_s, cap);
  }
}

int tvp_probe_sizes(const tvp_runner *rn, const tvp_plan *plan, tvp_min_time_size *sizes, size_t n,
                    tvp_probe_said said, void *ctx) {
  for (size_t i = 0; i < n; i++) {
    if (sizes[i].outcome == TVP_SIZE_PENDING) {
      int sig = probe_group(rn, plan, &sizes[i]);
      if (sig)
        return 128 + sig;
      tvp_min_time_distinct(plan, sizes, n, i);
    }
    if (said)
      said(ctx, &sizes[i]);
  }
  return 0;
}
