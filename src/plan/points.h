/* Points: the configurations of a plan that differ only in model and worker
 * count (tvp_config_same_series), which is what a process-versus-thread figure
 * compares. The runner measures a point in rounds (run/rounds.h); the plan
 * gives every configuration of a point the same warm-ups and repetitions, so a
 * round holds one repetition of each of them. */
#ifndef TVP_POINTS_H
#define TVP_POINTS_H

#include <stddef.h>

#include "plan/plan.h"

typedef struct {
  size_t *ids; /* configurations, in plan order */
  size_t n;
} tvp_plan_point;

typedef struct {
  tvp_plan_point *points; /* in the plan order of their first configuration */
  size_t n;
  size_t *point_of; /* plan->n entries: the point of each configuration */
} tvp_points;

/* Groups the plan into points; with one_each, every configuration is a point of
 * its own (the blocked order: one configuration's repetitions back to back). */
void tvp_points_make(const tvp_plan *plan, int one_each, tvp_points *out);
void tvp_points_free(tvp_points *p);

/* Gives every configuration of a point the most warm-ups and repetitions any
 * of them asked for (a point met in two sweeps): rounds need one number for all. */
void tvp_plan_equalize_points(tvp_plan *plan);

#endif
