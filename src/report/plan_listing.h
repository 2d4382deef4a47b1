/* The plan as a table (plan_listing.c). */
#ifndef TVP_PLAN_LISTING_H
#define TVP_PLAN_LISTING_H

#include "place/topology.h"
#include "plan/plan.h"

/* Prints one line per configuration of plan on stdout, with where its workers
 * would run on t, and the count of configurations and cells. */
void tvp_print_plan(const tvp_plan *plan, const tvp_topology *t);

#endif
