/* tvp calibrate: the harness measuring itself. Timer read cost, the skew of the
 * start barrier's release, and what a cell costs to start, per model and worker
 * count, so a reader knows how small a difference tvp can resolve here. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cmd.h"
#include "models/model.h"
#include "run/runner.h"
#include "analysis/stats.h"
#include "base/util.h"
#include "plan/workers_spec.h"

static const char usage[] =
    "usage: tvp calibrate [--reps N] [--workers LIST]\n"
    "\n"
    "Measures the harness's own overhead on this machine:\n"
    "  timer     the cost of one clock_gettime(CLOCK_MONOTONIC) read\n"
    "  skew      max(start) - min(start) of the workers after the barrier's release\n"
    "  cell      runner's fork of the cell to the cell starting its workers\n"
    "  setup     cell fork to release: cell start, worker creation, binding\n"
    "  floor     the timed region of a repetition with no work at all\n"
    "  --reps N        repetitions per point [21]\n"
    "  --workers LIST  worker counts [1..P*2]\n";

static double timer_cost_ns(void) {
  enum { BATCH = 200000, ROUNDS = 11 };
  double per[ROUNDS];
  struct timespec ts;
  for (int r = 0; r < ROUNDS; r++) {
    int64_t t0 = tvp_now_ns();
    for (int i = 0; i < BATCH; i++)
      clock_gettime(CLOCK_MONOTONIC, &ts);
    per[r] = (double)(tvp_now_ns() - t0) / BATCH;
  }
  return tvp_median(per, ROUNDS);
}

/* The 90th percentile (nearest rank); sorts x. */
static double percentile90(double *x, size_t n) {
  qsort(x, n, sizeof *x, tvp_cmp_double);
  size_t rank = (9 * n + 9) / 10; /* ceil(0.9 n) */
  return x[rank ? rank - 1 : 0];
}

int tvp_cmd_calibrate(int argc, char **argv) {
  static const struct option opts[] = {{"reps", required_argument, NULL, 'r'},
                                       {"workers", required_argument, NULL, 'w'},
                                       {0, 0, 0, 0}};
  uint64_t reps = 21;
  const char *workers = "1..P*2";
  tvp_opts p = {.cmd = "calibrate", .usage = usage, .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 'r':
      if (tvp_parse_count(optarg, &reps) != 0 || reps < 1 || reps > 10000)
        return tvp_usage_error("calibrate", "--reps wants a count from 1 to 10000, not '%s'", optarg);
      break;
    case 'w': workers = optarg; break;
    }
  }
  if (optind < argc)
    return tvp_usage_error("calibrate", "unexpected argument '%s'", argv[optind]);
  char err[1024];
  tvp_topology topo;
  if (tvp_topology_load(&topo, NULL, err, sizeof err) != 0)
    return tvp_usage_error("calibrate", "%s", err);
  if (!topo.is_this_system)
    return tvp_usage_error("calibrate", "the topology is %s, not this machine's", topo.source);
  unsigned *counts = NULL;
  int nc = tvp_workers_parse(workers, topo.cores, topo.pus, &counts, err, sizeof err);
  if (nc < 0)
    return tvp_usage_error("calibrate", "%s", err);

  struct timespec res;
  clock_getres(CLOCK_MONOTONIC, &res);
  printf("timer: clock_gettime(CLOCK_MONOTONIC) %.1f ns a read, resolution %ld ns\n",
         timer_cost_ns(), res.tv_nsec);
  printf("\n%-7s %7s %-9s %12s %12s %12s %12s %12s\n", "model", "workers", "placement",
         "skew med us", "skew p90 us", "cell med ms", "setup med ms", "floor med us");

  tvp_runner_init();
  tvp_runner rn = {.topo = &topo}; /* no sink: calibration keeps no record */
  const tvp_kernel *k = tvp_kernel_find("cpu.primes");
  int rc = TVP_EXIT_OK;
  for (int w = 0; w < nc && rc == TVP_EXIT_OK; w++)
    for (size_t m = 0; m < tvp_model_count() && rc == TVP_EXIT_OK; m++) {
      tvp_config cfg = {.kernel = k, .model = tvp_model_at(m), .placement = TVP_PLACE_CORE,
                        .workers = counts[w], .units = 0, .scaling = TVP_SCALING_STRONG,
                        .reps = (unsigned)reps, .warmup = 0, .timeout_s = 30};
      tvp_placement pl;
      tvp_placement_plan(topo.topo, cfg.placement, cfg.workers, &pl);
      double *skew = tvp_xcalloc(reps, sizeof *skew), *setup = tvp_xcalloc(reps, sizeof *setup),
             *floor_us = tvp_xcalloc(reps, sizeof *floor_us), *cell = tvp_xcalloc(reps, sizeof *cell);
      size_t ok = 0;
      for (uint64_t r = 0; r < reps && !tvp_runner_interrupted(); r++) {
        tvp_rep rep;
        memset(&rep, 0, sizeof rep);
        tvp_run_one(&rn, &cfg, &pl, &rep, NULL);
        if (!rep.ok) {
          tvp_err("calibration repetition failed: %s", rep.reason);
          rc = TVP_EXIT_FAIL;
          break;
        }
        skew[ok] = rep.skew_s * 1e6;
        setup[ok] = rep.setup_s * 1e3;
        cell[ok] = rep.cell_start_s * 1e3;
        floor_us[ok++] = rep.wall_s * 1e6;
      }
      if (ok)
        printf("%-7s %7u %-9s %12.1f %12.1f %12.2f %12.2f %12.1f%s\n", cfg.model->name,
               cfg.workers, tvp_placement_name(cfg.placement), tvp_median(skew, ok),
               percentile90(skew, ok), tvp_median(cell, ok), tvp_median(setup, ok),
               tvp_median(floor_us, ok),
               pl.oversubscribed ? "  (oversubscribed)" : "");
      free(skew);
      free(setup);
      free(floor_us);
      free(cell);
      tvp_placement_free(&pl);
      if (tvp_runner_interrupted())
        rc = TVP_EXIT_INTERRUPTED;
    }
  free(counts);
  tvp_topology_destroy(&topo);
  return rc;
}
