/* tvp run --min-time: the probe that chooses each kernel's size before the
 * run (run/probe.h), with a line per kernel on the console. */
#ifndef TVP_RUN_MIN_TIME_H
#define TVP_RUN_MIN_TIME_H

#include <stddef.h>

#include "plan/min_time.h"
#include "run/runner.h"

/* Probes every group of the plan that has a min-time, prints a line for each
 * unless quiet, and gives the plan the sizes chosen; *sizes (malloc'd, *n of
 * them; NULL and 0 when no configuration has a min-time) keeps them for
 * meta.json. Returns 0, or 128 + the signal that interrupted the probe, after
 * saying so on stderr (the plan is then unchanged). */
int tvp_run_choose_sizes(const tvp_runner *rn, tvp_plan *plan, int quiet, tvp_min_time_size **sizes,
                         size_t *n);

#endif
