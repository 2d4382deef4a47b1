/* The placement policies by name: what a plan, a suite and a CSV row say,
 * apart from the hwloc machinery that carries them out (placement.h). */
#ifndef TVP_POLICY_H
#define TVP_POLICY_H

#include <stddef.h>

typedef enum {
  TVP_PLACE_NONE,    /* no binding: the OS scheduler decides */
  TVP_PLACE_CORE,    /* one worker per physical core before any SMT sibling */
  TVP_PLACE_PU,      /* hardware threads in order, siblings together */
  TVP_PLACE_SCATTER, /* spread over packages and NUMA nodes (hwloc_distrib) */
  TVP_PLACE_COUNT
} tvp_placement_policy;

const char *tvp_placement_name(tvp_placement_policy p);
const char *tvp_placement_summary(tvp_placement_policy p);
/* Returns 0 and sets *p, or -1 for an unknown name. */
int tvp_placement_parse(const char *name, tvp_placement_policy *p);
/* The policies' names, "none, core, ...", as error messages list them. */
void tvp_placement_list(char *buf, size_t len);

#endif
