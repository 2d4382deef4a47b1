/* Worker mode (`tvp __worker FD INDEX`): what the spawn model execs. It rebuilds
 * the cell's view from the inherited shared region alone, then runs the same
 * worker function as every other model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell/cell.h"
#include "models/model.h"
#include "models/local/spawned_worker.h"

/* Reports a failure through the worker's slot, as a worker that could not start. */
static int refuse(tvp_region *r, unsigned index, const char *why) {
  if (r && index < r->nworkers) {
    tvp_sample *s = tvp_region_slot(r, index);
    snprintf(s->why, sizeof s->why, "spawned worker %u: %s", index, why);
    atomic_store(&s->state, TVP_SLOT_FAILED);
    tvp_region_abort(r);
  }
  fprintf(stderr, "tvp worker: %s\n", why);
  return 1;
}

int tvp_spawned_worker_main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "tvp __worker FD INDEX: the spawn model's worker mode, not for direct use\n");
    return 2;
  }
  int fd = (int)strtol(argv[1], NULL, 10);
  unsigned index = (unsigned)strtoul(argv[2], NULL, 10);
  tvp_region *r = tvp_region_attach(fd);
  if (!r)
    return refuse(NULL, index, "cannot map the shared region");
  if (index >= r->nworkers)
    return refuse(NULL, index, "worker index out of range");
  tvp_die_with_parent((pid_t)r->cell_pid);
  const tvp_region_config *c = &r->cfg;
  const tvp_kernel *kernel = tvp_kernel_find(c->kernel);
  const tvp_model *model = tvp_model_find(c->model);
  if (!kernel || !model)
    return refuse(r, index, "unknown kernel or model in the shared region");

  tvp_config cfg;
  tvp_cell cell = {.cfg = &cfg, .region = r};
  tvp_cell_view(c, kernel, model, r->nworkers, tvp_region_shared(r), &cfg, &cell.job);
  tvp_placement pl = {.nworkers = r->nworkers, .bound = c->bound,
                      .oversubscribed = c->oversubscribed};
  pl.sets = calloc(r->nworkers, sizeof *pl.sets);
  hwloc_topology_t topo = NULL;
  if (!pl.sets)
    return refuse(r, index, "out of memory");
  for (unsigned i = 0; i < r->nworkers; i++) {
    pl.sets[i] = hwloc_bitmap_alloc();
    if (c->bound)
      hwloc_bitmap_list_sscanf(pl.sets[i], tvp_region_slot(r, i)->cpuset);
  }
  /* Binding goes through hwloc as in every model, so this worker needs a topology;
   * loading it is untimed (before the barrier). */
  if (hwloc_topology_init(&topo) != 0 || hwloc_topology_load(topo) != 0) {
    tvp_placement_free(&pl);
    return refuse(r, index, "hwloc could not load this machine's topology");
  }

  cell.placement = &pl;
  cell.topo = topo;
  tvp_worker_main(&cell, index);
  tvp_placement_free(&pl);
  hwloc_topology_destroy(topo);
  tvp_region_destroy(r, 0);
  return 0;
}
