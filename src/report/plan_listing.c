/* tvp run --dry-run's listing: every configuration of a plan and the PUs each
 * of its workers would be bound to, without running anything. */
#include <stdio.h>
#include <stdlib.h>

#include "base/util.h"
#include "models/model.h"
#include "place/placement.h"
#include "report/plan_listing.h"

/* Workers whose PUs a line shows; the rest are "...". Only these are planned:
 * the listing of 1..N workers on a machine of thousands of PUs stays linear. */
#define SHOWN_WORKERS 64u

void tvp_print_plan(const tvp_plan *plan, const tvp_topology *t) {
  size_t cells = 0;
  printf("plan for %s: %u cores, %u PUs\n", t->source, t->cores, t->pus);
  printf("%-5s %-12s %-10s %-8s %-8s %-8s %-12s %-5s %-6s %s\n", "#", "kernel", "model", "place",
         "scaling", "workers", "units", "reps", "warmup", "PUs (OS index) per worker");
  for (size_t i = 0; i < plan->n; i++) {
    const tvp_config *c = &plan->configs[i];
    tvp_placement pl;
    tvp_buf where = {0};
    if (tvp_placement_plan_first(t->topo, c->placement, c->workers, SHOWN_WORKERS, &pl) == 0) {
      for (unsigned w = 0; w < pl.nworkers && w < SHOWN_WORKERS; w++) {
        char *s = NULL;
        hwloc_bitmap_list_asprintf(&s, pl.sets[w]);
        tvp_buf_printf(&where, "%s%s", w ? " " : "", s);
        free(s);
      }
      if (pl.nworkers > SHOWN_WORKERS)
        tvp_buf_printf(&where, " ...");
      if (pl.oversubscribed)
        tvp_buf_printf(&where, " (oversubscribed)");
      tvp_placement_free(&pl);
    }
    printf("%-5zu %-12s %-10s %-8s %-8s %-8u %-12llu %-5u %-6u %s\n", i, c->kernel->name,
           c->model->name, tvp_placement_name(c->placement), tvp_scaling_name(c->scaling),
           c->workers, (unsigned long long)c->units, c->reps, c->warmup, where.data ? where.data : "");
    tvp_buf_free(&where);
    cells += c->reps + c->warmup;
  }
  printf("%zu configurations, %zu cells (one process each); nothing was run\n", plan->n, cells);
}
