/* Turns a placement policy into one cpuset per worker (see placement.h). Indices
 * are hwloc logical indices throughout; only the cpusets carry OS indices. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "place/placement.h"

static const struct {
  const char *name, *summary;
} policies[TVP_PLACE_COUNT] = {
    [TVP_PLACE_NONE] = {"none", "no binding: the OS scheduler places and moves workers"},
    [TVP_PLACE_CORE] = {"core", "one worker per physical core, SMT siblings only once every core has one"},
    [TVP_PLACE_PU] = {"pu", "hardware threads in logical order, SMT siblings together"},
    [TVP_PLACE_SCATTER] = {"scatter", "spread over packages, NUMA nodes and caches (hwloc_distrib)"},
};

const char *tvp_placement_name(tvp_placement_policy p) { return policies[p].name; }
const char *tvp_placement_summary(tvp_placement_policy p) { return policies[p].summary; }

int tvp_placement_parse(const char *name, tvp_placement_policy *p) {
  for (int i = 0; i < TVP_PLACE_COUNT; i++)
    if (strcmp(name, policies[i].name) == 0) {
      *p = (tvp_placement_policy)i;
      return 0;
    }
  return -1;
}

static const char *policy_name_at(size_t i) { return policies[i].name; }

void tvp_placement_list(char *buf, size_t len) { tvp_join_names(buf, len, TVP_PLACE_COUNT, policy_name_at); }

/* PUs in the order `core` fills them: the first PU of every core, then the
 * second of every core, and so on; PUs outside any core come last. A counting
 * sort on each PU's rank within its core: linear in the PUs, so a machine of
 * thousands of PUs plans as fast as a small one. */
static unsigned core_order(hwloc_topology_t topo, hwloc_obj_t *order, unsigned npus) {
  int ncores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
  unsigned *seen = calloc(ncores > 0 ? (size_t)ncores : 1, sizeof *seen);
  unsigned *rank = calloc(npus, sizeof *rank), *start = calloc((size_t)npus + 2, sizeof *start);
  unsigned k = 0;
  if (seen && rank && start) {
    /* rank npus stands for "no core": it sorts after every real rank. */
    for (unsigned i = 0; i < npus; i++) {
      hwloc_obj_t pu = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU, i);
      hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_CORE, pu);
      rank[i] = core ? seen[core->logical_index]++ : npus;
      start[rank[i] + 1]++;
    }
    for (unsigned r = 1; r <= npus + 1; r++)
      start[r] += start[r - 1];
    for (unsigned i = 0; i < npus; i++)
      order[start[rank[i]]++] = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU, i);
    k = npus;
  }
  free(seen);
  free(rank);
  free(start);
  return k;
}

/* hwloc_distrib(topo, roots, nroots, sets, n, INT_MAX, 0) of hwloc/helper.h,
 * step for step, for the items from `at` on, but filling only those below
 * `limit`: the items go out in the order of the tree, so a subtree whose items
 * all lie past the limit is never entered, and siblings past it are never
 * weighed. tot is what hwloc sums over the roots' cpusets: the weight of their
 * parent, whose cpuset hwloc shares out exactly among its normal children.
 * 0, or -1 out of memory. */
static int distrib_first(hwloc_obj_t const *roots, unsigned nroots, unsigned tot, unsigned n,
                         unsigned at, unsigned limit, hwloc_bitmap_t *sets) {
  unsigned given = 0, givenweight = 0;
  for (unsigned i = 0; i < nroots && at + given <= limit; i++) {
    hwloc_obj_t root = roots[i];
    unsigned weight = (unsigned)hwloc_bitmap_weight(root->cpuset);
    if (!weight)
      continue;
    /* A share in proportion to the root's PUs, rounded as hwloc rounds it. */
    unsigned chunk = ((givenweight + weight) * n + tot - 1) / tot -
                     (givenweight * n + tot - 1) / tot;
    unsigned first = at + given;
    if (!root->arity || chunk <= 1) {
      for (unsigned j = 0; j < chunk && first + j < limit; j++)
        if (!(sets[first + j] = hwloc_bitmap_dup(root->cpuset)))
          return -1;
      /* No share: hwloc merges the root into the item before, so it is not left out. */
      if (!chunk && given && first - 1 < limit)
        hwloc_bitmap_or(sets[first - 1], sets[first - 1], root->cpuset);
    } else if (first < limit &&
               distrib_first(root->children, root->arity, weight, chunk, first, limit, sets) != 0) {
      return -1;
    }
    given += chunk;
    givenweight += weight;
  }
  return 0;
}

/* hwloc_distrib divides `cycle` items over the tree in proportion to each
 * subtree's PUs, so two workers land on two packages, four on four NUMA nodes;
 * narrowing each share to its first PU keeps one worker per PU. The shares
 * depend on the count, but the first nsets items need only the part of the
 * tree they fall in (distrib_first): a listing of 64 workers of each of
 * thousands of counts stays linear. */
static int scatter_sets(hwloc_topology_t topo, unsigned cycle, unsigned nsets, hwloc_bitmap_t *sets) {
  unsigned limit = nsets < cycle ? nsets : cycle;
  hwloc_bitmap_t *one = calloc(limit ? limit : 1, sizeof *one);
  if (!one)
    return -1;
  hwloc_obj_t root = hwloc_get_root_obj(topo);
  unsigned tot = (unsigned)hwloc_bitmap_weight(root->cpuset);
  int rc = distrib_first(&root, 1, tot, cycle, 0, limit, one);
  for (unsigned i = 0; i < limit && rc == 0; i++)
    rc = one[i] ? hwloc_bitmap_singlify(one[i]) : -1;
  for (unsigned w = 0; w < nsets && rc == 0; w++)
    if (!(sets[w] = hwloc_bitmap_dup(one[w % cycle])))
      rc = -1;
  for (unsigned i = 0; i < limit; i++)
    hwloc_bitmap_free(one[i]);
  free(one);
  return rc;
}

int tvp_placement_plan(hwloc_topology_t topo, tvp_placement_policy policy, unsigned nworkers,
                       tvp_placement *out) {
  return tvp_placement_plan_first(topo, policy, nworkers, nworkers, out);
}

int tvp_placement_plan_first(hwloc_topology_t topo, tvp_placement_policy policy, unsigned nworkers,
                             unsigned nsets, tvp_placement *out) {
  memset(out, 0, sizeof *out);
  unsigned npus = (unsigned)hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
  out->policy = policy;
  out->nworkers = nworkers;
  out->oversubscribed = nworkers > npus;
  out->bound = policy != TVP_PLACE_NONE;
  out->sets = calloc(nworkers, sizeof *out->sets);
  if (!out->sets || npus == 0)
    return -1;
  if (nsets > nworkers)
    nsets = nworkers;

  if (policy == TVP_PLACE_NONE) {
    for (unsigned w = 0; w < nsets; w++)
      out->sets[w] = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(topo));
    return 0;
  }

  /* One cycle of PU cpusets; workers past the PU count wrap around it. */
  unsigned cycle = nworkers < npus ? nworkers : npus;
  if (policy == TVP_PLACE_SCATTER) {
    if (scatter_sets(topo, cycle, nsets, out->sets) != 0) {
      tvp_placement_free(out);
      return -1;
    }
    return 0;
  }
  hwloc_obj_t *order = calloc(npus, sizeof *order);
  unsigned n = !order ? 0 : policy == TVP_PLACE_CORE ? core_order(topo, order, npus) : npus;
  if (n == 0) { /* out of memory */
    free(order);
    tvp_placement_free(out);
    return -1;
  }
  if (policy == TVP_PLACE_PU)
    for (unsigned i = 0; i < npus; i++)
      order[i] = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU, i);
  for (unsigned w = 0; w < nsets; w++)
    out->sets[w] = hwloc_bitmap_dup(order[w % cycle]->cpuset);
  free(order);
  return 0;
}

void tvp_placement_free(tvp_placement *pl) {
  if (pl->sets)
    for (unsigned w = 0; w < pl->nworkers; w++)
      hwloc_bitmap_free(pl->sets[w]);
  free(pl->sets);
  memset(pl, 0, sizeof *pl);
}

static int ancestor_index(hwloc_topology_t topo, hwloc_obj_type_t type, hwloc_obj_t obj) {
  hwloc_obj_t a = hwloc_get_ancestor_obj_by_type(topo, type, obj);
  return a ? (int)a->logical_index : -1;
}

void tvp_placement_describe(hwloc_topology_t topo, const tvp_placement *pl, FILE *out) {
  fprintf(out, "placement %s, %u worker%s%s\n", tvp_placement_name(pl->policy), pl->nworkers,
          pl->nworkers == 1 ? "" : "s",
          pl->oversubscribed ? " (oversubscribed: more workers than PUs)" : "");
  fprintf(out, "%-8s %-10s %-8s %-8s %-8s\n", "worker", "PU P#", "PU L#", "core L#", "package");
  for (unsigned w = 0; w < pl->nworkers; w++) {
    char *list = NULL;
    hwloc_bitmap_list_asprintf(&list, pl->sets[w]);
    /* By OS index: comparing cpusets PU by PU is quadratic on a large machine. */
    hwloc_obj_t pu = pl->bound && hwloc_bitmap_weight(pl->sets[w]) == 1
                         ? hwloc_get_pu_obj_by_os_index(topo, (unsigned)hwloc_bitmap_first(pl->sets[w]))
                         : NULL;
    if (pu)
      fprintf(out, "%-8u %-10s %-8u %-8d %-8d\n", w, list, pu->logical_index,
              ancestor_index(topo, HWLOC_OBJ_CORE, pu), ancestor_index(topo, HWLOC_OBJ_PACKAGE, pu));
    else
      fprintf(out, "%-8u %-10s %-8s %-8s %-8s\n", w, list, "any", "any", "any");
    free(list);
  }
}
