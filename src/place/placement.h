/* Placement: a policy and a worker count in, one cpuset per worker out. Pure
 * over a topology (binding is the worker's business), so it is tested on
 * synthetic topologies of machines this one is not. */
#ifndef TVP_PLACEMENT_H
#define TVP_PLACEMENT_H

#include <hwloc.h>
#include <stdio.h>

#include "place/policy.h"

typedef struct {
  tvp_placement_policy policy;
  unsigned nworkers;
  hwloc_bitmap_t *sets; /* nworkers entries; under `none` the whole allowed cpuset; NULL past those
                           tvp_placement_plan_first was asked for */
  int bound;            /* 0 under `none` */
  int oversubscribed;   /* more workers than PUs: some share a PU */
} tvp_placement;


/* Plans nworkers (>= 1) workers. Returns 0, or -1 on allocation failure. */
int tvp_placement_plan(hwloc_topology_t topo, tvp_placement_policy policy, unsigned nworkers,
                       tvp_placement *out);
/* Plans nworkers workers but fills only the first nsets cpusets (the same ones a
 * full plan gives them): a listing that shows a few workers of each of thousands
 * of configurations would otherwise allocate a cpuset for every worker of every
 * one, quadratic in the PUs. */
int tvp_placement_plan_first(hwloc_topology_t topo, tvp_placement_policy policy, unsigned nworkers,
                             unsigned nsets, tvp_placement *out);
void tvp_placement_free(tvp_placement *pl);

/* The `tvp topo --placement` listing: which PU, core and package each worker gets. */
void tvp_placement_describe(hwloc_topology_t topo, const tvp_placement *pl, FILE *out);

#endif
