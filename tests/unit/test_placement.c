/* Placement on synthetic topologies: which PUs each policy hands out, on
 * machines far bigger than the one the tests run on. */
#include <limits.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "check.h"
#include "place/placement.h"
#include "place/topology.h"

static tvp_topology load(const char *spec) {
  tvp_topology t;
  char err[512] = "";
  if (tvp_topology_load(&t, spec, err, sizeof err) != 0) {
    fprintf(stderr, "cannot load synthetic topology '%s': %s\n", spec, err);
    exit(99);
  }
  return t;
}

static tvp_placement plan(const tvp_topology *t, tvp_placement_policy p, unsigned n) {
  tvp_placement pl;
  CHECK_EQ_INT(tvp_placement_plan(t->topo, p, n, &pl), 0);
  CHECK_EQ_INT(pl.nworkers, n);
  CHECK_EQ_INT(pl.policy, p);
  return pl;
}

/* The one PU a bound worker's cpuset holds, or NULL (and a failed check) if it
 * does not hold exactly one. */
static hwloc_obj_t only_pu(const tvp_topology *t, hwloc_const_bitmap_t set) {
  CHECK_EQ_INT(hwloc_bitmap_weight(set), 1);
  if (hwloc_bitmap_weight(set) != 1)
    return NULL;
  hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(t->topo, (unsigned)hwloc_bitmap_first(set));
  CHECK(pu != NULL);
  return pu;
}

/* Logical index of the ancestor of type `type` of worker w's single PU, -1 if none. */
static int ancestor(const tvp_topology *t, const tvp_placement *pl, unsigned w,
                    hwloc_obj_type_t type) {
  hwloc_obj_t pu = only_pu(t, pl->sets[w]);
  if (!pu)
    return -1;
  hwloc_obj_t a = type == HWLOC_OBJ_PU ? pu : hwloc_get_ancestor_obj_by_type(t->topo, type, pu);
  CHECK(a != NULL);
  return a ? (int)a->logical_index : -1;
}

/* The NUMA node a PU's memory comes from: the first memory child up its ancestry. */
static int numa_of(const tvp_topology *t, const tvp_placement *pl, unsigned w) {
  hwloc_obj_t pu = only_pu(t, pl->sets[w]);
  hwloc_obj_t numa = NULL;
  for (hwloc_obj_t a = pu; a && !numa; a = a->parent)
    numa = a->memory_first_child;
  CHECK(numa != NULL);
  return numa ? (int)numa->logical_index : -1;
}

/* Workers [from, to) have distinct ancestors of `type` (HWLOC_OBJ_PU: distinct
 * PUs), or distinct NUMA nodes if by_numa. */
static int distinct(const tvp_topology *t, const tvp_placement *pl, unsigned from, unsigned to,
                    hwloc_obj_type_t type, int by_numa) {
  int n = hwloc_get_nbobjs_by_type(t->topo, by_numa ? HWLOC_OBJ_NUMANODE : type);
  char *seen = calloc((size_t)(n > 0 ? n : 1), 1);
  int ok = 1;
  for (unsigned w = from; w < to; w++) {
    int i = by_numa ? numa_of(t, pl, w) : ancestor(t, pl, w, type);
    if (i < 0 || i >= n || seen[i]) {
      ok = 0;
      break;
    }
    seen[i] = 1;
  }
  free(seen);
  return ok;
}

static void parse_and_names(void) {
  static const char *const names[] = {"none", "core", "pu", "scatter"};
  for (int i = 0; i < TVP_PLACE_COUNT; i++) {
    tvp_placement_policy p = TVP_PLACE_COUNT;
    CHECK_EQ_INT(tvp_placement_parse(names[i], &p), 0);
    CHECK_EQ_INT(p, i);
    CHECK_STR(tvp_placement_name((tvp_placement_policy)i), names[i]);
    const char *summary = tvp_placement_summary((tvp_placement_policy)i);
    CHECK(summary != NULL && *summary);
  }
  tvp_placement_policy p = TVP_PLACE_CORE;
  CHECK_EQ_INT(tvp_placement_parse("cores", &p), -1);
  CHECK_EQ_INT(tvp_placement_parse("", &p), -1);
  CHECK_EQ_INT(tvp_placement_parse("Core", &p), -1);
  CHECK_EQ_INT(tvp_placement_parse("spread", &p), -1);
}

static void topology_loading(void) {
  tvp_topology t;
  char err[512] = "";
  CHECK_EQ_INT(tvp_topology_load(&t, "pack:two", err, sizeof err), -1);
  CHECK(err[0] != '\0');
  CHECK(strstr(err, "pack:two") != NULL);
  CHECK(t.topo == NULL);

  t = load("pack:2 core:4 pu:2");
  CHECK_EQ_INT(t.is_this_system, 0);
  CHECK_EQ_INT(t.packages, 2);
  CHECK_EQ_INT(t.cores, 8);
  CHECK_EQ_INT(t.pus, 16);
  tvp_topology_destroy(&t);
  CHECK(t.topo == NULL);
}

static void core_policy(void) {
  tvp_topology t = load("pack:2 core:4 pu:2");
  tvp_placement pl;

  /* 8 workers on 8 cores: one PU each, never an SMT sibling of a used core. */
  pl = plan(&t, TVP_PLACE_CORE, 8);
  CHECK_EQ_INT(pl.bound, 1);
  CHECK_EQ_INT(pl.oversubscribed, 0);
  CHECK(distinct(&t, &pl, 0, 8, HWLOC_OBJ_CORE, 0));
  tvp_placement_free(&pl);

  /* 16 workers: every PU once, the first 8 on 8 distinct cores. */
  pl = plan(&t, TVP_PLACE_CORE, 16);
  CHECK_EQ_INT(pl.oversubscribed, 0);
  CHECK(distinct(&t, &pl, 0, 8, HWLOC_OBJ_CORE, 0));
  CHECK(distinct(&t, &pl, 8, 16, HWLOC_OBJ_CORE, 0));
  CHECK(distinct(&t, &pl, 0, 16, HWLOC_OBJ_PU, 0));
  hwloc_bitmap_t all = hwloc_bitmap_alloc();
  for (unsigned w = 0; w < 16; w++)
    hwloc_bitmap_or(all, all, pl.sets[w]);
  CHECK(hwloc_bitmap_isequal(all, hwloc_topology_get_topology_cpuset(t.topo)));
  hwloc_bitmap_free(all);
  tvp_placement_free(&pl);
  CHECK(pl.sets == NULL);

  /* 17 workers: oversubscribed, and worker 16 wraps onto worker 0's PU. */
  pl = plan(&t, TVP_PLACE_CORE, 17);
  CHECK_EQ_INT(pl.oversubscribed, 1);
  CHECK(hwloc_bitmap_isequal(pl.sets[16], pl.sets[0]));
  CHECK(distinct(&t, &pl, 0, 16, HWLOC_OBJ_PU, 0));
  tvp_placement_free(&pl);

  /* One worker: one PU. */
  pl = plan(&t, TVP_PLACE_CORE, 1);
  CHECK_EQ_INT(hwloc_bitmap_weight(pl.sets[0]), 1);
  tvp_placement_free(&pl);
  tvp_topology_destroy(&t);
}

/* With siblings numbered the Linux way (core 0 = P#0 and P#8), logical and OS
 * indices differ, so a cpuset holding a logical index would show. */
static void os_indices(void) {
  tvp_topology t = load("pack:2 core:4 pu:2(indexes=core)");
  hwloc_obj_t core1 = hwloc_get_obj_by_type(t.topo, HWLOC_OBJ_CORE, 1);
  hwloc_obj_t pu = hwloc_get_obj_inside_cpuset_by_type(t.topo, core1->cpuset, HWLOC_OBJ_PU, 0);
  CHECK_EQ_INT(pu->logical_index, 2); /* the premise: L#2 is P#1 here */
  CHECK_EQ_INT(pu->os_index, 1);

  tvp_placement pl = plan(&t, TVP_PLACE_CORE, 16);
  CHECK_EQ_INT(ancestor(&t, &pl, 1, HWLOC_OBJ_CORE), 1);
  CHECK_EQ_INT(hwloc_bitmap_weight(pl.sets[1]), 1);
  CHECK_EQ_INT(hwloc_bitmap_first(pl.sets[1]), pu->os_index);
  CHECK(!hwloc_bitmap_isset(pl.sets[1], pu->logical_index));
  /* Under core, worker w < 8 is on core w's first thread: P#w. Then P#8.. P#15. */
  for (unsigned w = 0; w < 16; w++)
    CHECK_EQ_INT(hwloc_bitmap_first(pl.sets[w]), w);
  CHECK(distinct(&t, &pl, 0, 8, HWLOC_OBJ_CORE, 0));
  tvp_placement_free(&pl);

  /* pu: siblings together, so worker 1 is core 0's second thread, P#8. */
  pl = plan(&t, TVP_PLACE_PU, 2);
  CHECK_EQ_INT(hwloc_bitmap_first(pl.sets[0]), 0);
  CHECK_EQ_INT(hwloc_bitmap_first(pl.sets[1]), 8);
  CHECK_EQ_INT(ancestor(&t, &pl, 1, HWLOC_OBJ_CORE), 0);
  tvp_placement_free(&pl);

  /* scatter, all PUs: every one once, whatever their numbering. */
  pl = plan(&t, TVP_PLACE_SCATTER, 16);
  CHECK(distinct(&t, &pl, 0, 16, HWLOC_OBJ_PU, 0));
  tvp_placement_free(&pl);
  tvp_topology_destroy(&t);
}

static void pu_policy(void) {
  tvp_topology t = load("core:4 pu:2");
  tvp_placement pl = plan(&t, TVP_PLACE_PU, 2);
  CHECK_EQ_INT(pl.bound, 1);
  CHECK_EQ_INT(ancestor(&t, &pl, 0, HWLOC_OBJ_CORE), 0);
  CHECK_EQ_INT(ancestor(&t, &pl, 1, HWLOC_OBJ_CORE), 0);
  CHECK(!hwloc_bitmap_isequal(pl.sets[0], pl.sets[1]));
  tvp_placement_free(&pl);

  pl = plan(&t, TVP_PLACE_PU, 8);
  CHECK_EQ_INT(pl.oversubscribed, 0);
  for (unsigned w = 0; w < 8; w++)
    CHECK_EQ_INT(ancestor(&t, &pl, w, HWLOC_OBJ_CORE), w / 2);
  tvp_placement_free(&pl);

  pl = plan(&t, TVP_PLACE_PU, 9);
  CHECK_EQ_INT(pl.oversubscribed, 1);
  CHECK(hwloc_bitmap_isequal(pl.sets[8], pl.sets[0]));
  tvp_placement_free(&pl);
  tvp_topology_destroy(&t);
}

static void none_policy(void) {
  tvp_topology t = load("pack:2 core:4 pu:2");
  hwloc_const_bitmap_t allowed = hwloc_topology_get_allowed_cpuset(t.topo);
  tvp_placement pl = plan(&t, TVP_PLACE_NONE, 16);
  CHECK_EQ_INT(pl.bound, 0);
  CHECK_EQ_INT(pl.oversubscribed, 0);
  for (unsigned w = 0; w < 16; w++)
    CHECK(hwloc_bitmap_isequal(pl.sets[w], allowed));
  CHECK_EQ_INT(hwloc_bitmap_weight(pl.sets[0]), 16);
  tvp_placement_free(&pl);

  pl = plan(&t, TVP_PLACE_NONE, 17);
  CHECK_EQ_INT(pl.bound, 0);
  CHECK_EQ_INT(pl.oversubscribed, 1);
  CHECK(hwloc_bitmap_isequal(pl.sets[16], allowed));
  tvp_placement_free(&pl);

  pl = plan(&t, TVP_PLACE_NONE, 1);
  CHECK_EQ_INT(pl.oversubscribed, 0);
  tvp_placement_free(&pl);
  tvp_topology_destroy(&t);
}

static void scatter_policy(void) {
  tvp_topology t = load("pack:2 core:4 pu:2");
  tvp_placement pl = plan(&t, TVP_PLACE_SCATTER, 2);
  CHECK_EQ_INT(pl.bound, 1);
  CHECK(distinct(&t, &pl, 0, 2, HWLOC_OBJ_PACKAGE, 0));
  tvp_placement_free(&pl);
  pl = plan(&t, TVP_PLACE_SCATTER, 17);
  CHECK_EQ_INT(pl.oversubscribed, 1);
  CHECK(hwloc_bitmap_isequal(pl.sets[16], pl.sets[0]));
  tvp_placement_free(&pl);
  tvp_topology_destroy(&t);

  t = load("pack:2 numa:2 core:4 pu:2");
  CHECK_EQ_INT(t.numa_nodes, 4);
  pl = plan(&t, TVP_PLACE_SCATTER, 4);
  CHECK(distinct(&t, &pl, 0, 4, HWLOC_OBJ_NUMANODE, 1));
  tvp_placement_free(&pl);
  pl = plan(&t, TVP_PLACE_SCATTER, 2);
  CHECK(distinct(&t, &pl, 0, 2, HWLOC_OBJ_PACKAGE, 0));
  tvp_placement_free(&pl);
  tvp_topology_destroy(&t);

  /* n <= PUs: n distinct single PUs, on symmetric and less tidy machines; and
   * spread first: distinct cores while n <= cores, distinct packages while
   * n <= packages. */
  static const char *const specs[] = {"pack:2 core:4 pu:2", "pack:2 core:3 pu:2",
                                      "pack:3 numa:1 core:5 pu:1", "core:4 pu:2(indexes=core)",
                                      "pack:2 numa:2 core:4 pu:2", "pack:3 core:3 pu:4"};
  for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
    t = load(specs[s]);
    for (unsigned n = 1; n <= t.pus; n++) {
      pl = plan(&t, TVP_PLACE_SCATTER, n);
      CHECK_EQ_INT(pl.oversubscribed, 0);
      int pus = distinct(&t, &pl, 0, n, HWLOC_OBJ_PU, 0);
      int cores = n > t.cores || distinct(&t, &pl, 0, n, HWLOC_OBJ_CORE, 0);
      int packs = n > t.packages || hwloc_get_nbobjs_by_type(t.topo, HWLOC_OBJ_PACKAGE) <= 0 ||
                  distinct(&t, &pl, 0, n, HWLOC_OBJ_PACKAGE, 0);
      if (!pus || !cores || !packs)
        fprintf(stderr, "scatter on '%s' with %u workers: shares a%s%s%s\n", specs[s], n,
                pus ? "" : " PU", cores ? "" : " core", packs ? "" : " package");
      CHECK(pus && cores && packs);
      tvp_placement_free(&pl);
    }
    tvp_topology_destroy(&t);
  }
}

/* Whether scatter's first nsets of n workers get exactly the PUs of
 * hwloc_distrib over the whole tree, narrowed to their first PU and wrapped
 * past the PUs, as a real run's placement once came from; workers past nsets
 * get no cpuset. Says which on a mismatch. */
static int scatter_is_distrib(hwloc_topology_t topo, const char *name, unsigned n, unsigned nsets) {
  unsigned npus = (unsigned)hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
  unsigned cycle = n < npus ? n : npus;
  hwloc_bitmap_t *want = calloc(cycle, sizeof *want);
  hwloc_obj_t root = hwloc_get_root_obj(topo);
  CHECK(want != NULL);
  if (!want)
    return 0;
  hwloc_distrib(topo, &root, 1, want, cycle, INT_MAX, 0);
  for (unsigned i = 0; i < cycle; i++)
    hwloc_bitmap_singlify(want[i]);
  tvp_placement pl;
  int ok = tvp_placement_plan_first(topo, TVP_PLACE_SCATTER, n, nsets, &pl) == 0;
  for (unsigned w = 0; ok && w < n; w++) {
    ok = w < nsets ? pl.sets[w] && hwloc_bitmap_isequal(pl.sets[w], want[w % cycle]) : !pl.sets[w];
    if (!ok)
      fprintf(stderr, "scatter on %s, %u workers (first %u): worker %u is not hwloc_distrib's\n",
              name, n, nsets, w);
  }
  tvp_placement_free(&pl);
  for (unsigned i = 0; i < cycle; i++)
    hwloc_bitmap_free(want[i]);
  free(want);
  return ok;
}

/* scatter works out only the workers asked for, without hwloc_distrib over
 * every worker: it must give the very PUs hwloc_distrib gives, on tidy
 * machines, on machines left lopsided by a restriction to some of their PUs,
 * and on the largest one tvp plans for, for every count and any first few. */
static void scatter_matches_hwloc(void) {
  static const char *const specs[] = {"pack:2 core:4 pu:2", "pack:3 numa:1 core:5 pu:1",
                                      "core:4 pu:2(indexes=core)", "pack:2 numa:2 core:6 pu:2",
                                      "pack:3 core:3 pu:4", "numa:2 pu:8", "pack:5 core:7 pu:1"};
  static const unsigned firsts[] = {1, 3, 5, 64, UINT_MAX};
  for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
    for (int lopsided = 0; lopsided <= 1; lopsided++) {
      tvp_topology t = load(specs[s]);
      if (lopsided) { /* keep PUs 0-6, 9, 13-20 and every fifth one after */
        hwloc_bitmap_t keep = hwloc_bitmap_alloc();
        hwloc_bitmap_set_range(keep, 0, 6);
        hwloc_bitmap_set(keep, 9);
        hwloc_bitmap_set_range(keep, 13, 20);
        for (unsigned i = 25; i < t.pus; i += 5)
          hwloc_bitmap_set(keep, i);
        CHECK_EQ_INT(hwloc_topology_restrict(t.topo, keep, 0), 0);
        hwloc_bitmap_free(keep);
      }
      unsigned npus = (unsigned)hwloc_get_nbobjs_by_type(t.topo, HWLOC_OBJ_PU);
      char name[96];
      snprintf(name, sizeof name, "'%s'%s", specs[s], lopsided ? " restricted" : "");
      for (unsigned n = 1; n <= npus + 2; n++)
        for (size_t f = 0; f < sizeof firsts / sizeof firsts[0]; f++)
          CHECK(scatter_is_distrib(t.topo, name, n, firsts[f] < n ? firsts[f] : n));
      tvp_topology_destroy(&t);
    }
  }
  /* 4,096 PUs, as a dry run lists them: the first 64 of some counts, and all of a few. */
  tvp_topology t = load("numa:2 pu:2048");
  static const unsigned counts[] = {1, 2, 3, 63, 64, 65, 100, 2047, 2049, 3000, 4095, 4096, 4097};
  for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
    unsigned first = 64 < counts[c] ? 64 : counts[c];
    CHECK(scatter_is_distrib(t.topo, "'numa:2 pu:2048'", counts[c], first));
    if (c % 4 == 0)
      CHECK(scatter_is_distrib(t.topo, "'numa:2 pu:2048'", counts[c], counts[c]));
  }
  tvp_topology_destroy(&t);
}

/* core and pu on every worker count up to the PUs and one past, across machines. */
static void sweep_counts(void) {
  static const char *const specs[] = {"pack:2 core:3 pu:2", "pack:3 numa:1 core:5 pu:1",
                                      "pack:3 core:3 pu:4", "core:4 pu:2(indexes=core)"};
  for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
    tvp_topology t = load(specs[s]);
    unsigned per_core = t.pus / t.cores;
    for (unsigned n = 1; n <= t.pus + 1; n++) {
      tvp_placement pl = plan(&t, TVP_PLACE_CORE, n);
      unsigned m = n <= t.pus ? n : t.pus;
      CHECK_EQ_INT(pl.oversubscribed, n > t.pus);
      CHECK(distinct(&t, &pl, 0, m, HWLOC_OBJ_PU, 0));
      CHECK(distinct(&t, &pl, 0, m < t.cores ? m : t.cores, HWLOC_OBJ_CORE, 0));
      if (n > t.pus)
        CHECK(hwloc_bitmap_isequal(pl.sets[t.pus], pl.sets[0]));
      tvp_placement_free(&pl);

      pl = plan(&t, TVP_PLACE_PU, n);
      CHECK_EQ_INT(pl.oversubscribed, n > t.pus);
      CHECK(distinct(&t, &pl, 0, m, HWLOC_OBJ_PU, 0));
      for (unsigned w = 0; w < m; w++) /* siblings together: core w / per_core */
        CHECK_EQ_INT(ancestor(&t, &pl, w, HWLOC_OBJ_CORE), w / per_core);
      tvp_placement_free(&pl);
    }
    tvp_topology_destroy(&t);
  }
}

static void big_machine(void) {
  tvp_topology t = load("pack:4 numa:2 core:16 pu:2");
  CHECK_EQ_INT(t.pus, 256);
  CHECK_EQ_INT(t.cores, 128);
  CHECK_EQ_INT(t.packages, 4);
  CHECK_EQ_INT(t.numa_nodes, 8);

  tvp_placement pl = plan(&t, TVP_PLACE_CORE, 128);
  CHECK_EQ_INT(pl.oversubscribed, 0);
  CHECK(distinct(&t, &pl, 0, 128, HWLOC_OBJ_CORE, 0));
  tvp_placement_free(&pl);

  pl = plan(&t, TVP_PLACE_CORE, 256);
  CHECK(distinct(&t, &pl, 0, 256, HWLOC_OBJ_PU, 0));
  CHECK(distinct(&t, &pl, 128, 256, HWLOC_OBJ_CORE, 0));
  tvp_placement_free(&pl);

  pl = plan(&t, TVP_PLACE_SCATTER, 4);
  CHECK(distinct(&t, &pl, 0, 4, HWLOC_OBJ_PACKAGE, 0));
  tvp_placement_free(&pl);

  pl = plan(&t, TVP_PLACE_SCATTER, 8);
  CHECK(distinct(&t, &pl, 0, 8, HWLOC_OBJ_NUMANODE, 1));
  tvp_placement_free(&pl);

  pl = plan(&t, TVP_PLACE_SCATTER, 256);
  CHECK(distinct(&t, &pl, 0, 256, HWLOC_OBJ_PU, 0));
  tvp_placement_free(&pl);
  tvp_topology_destroy(&t);
}

/* Heap bytes that planning and freeing `rounds` placements leaves allocated. */
static long long heap_growth(const tvp_topology *t, tvp_placement_policy p, unsigned n,
                             int rounds) {
#ifdef __GLIBC__
  tvp_placement pl;
  tvp_placement_plan(t->topo, p, n, &pl); /* warm up anything hwloc caches */
  tvp_placement_free(&pl);
  long long before = (long long)mallinfo2().uordblks;
  for (int r = 0; r < rounds; r++) {
    tvp_placement_plan(t->topo, p, n, &pl);
    tvp_placement_free(&pl);
  }
  return (long long)mallinfo2().uordblks - before;
#else
  (void)t, (void)p, (void)n, (void)rounds;
  return 0;
#endif
}

/* BUG (src/place/placement.c:92-94, scatter): hwloc_distrib() fills set[] with
 * cpusets it allocates itself (hwloc_bitmap_dup, see hwloc/helper.h), so the
 * `cycle` bitmaps hwloc_bitmap_alloc()'d into one[] just before are overwritten
 * and leak: every scatter plan loses one bitmap per worker (up to the PU count).
 * Expected: planning and freeing leaves the heap where it was, as for the other
 * policies. The scatter check fails until that is fixed. */
static void no_leaks(void) {
  tvp_topology t = load("pack:2 core:4 pu:2");
  for (int p = 0; p < TVP_PLACE_COUNT; p++) {
    long long grown = heap_growth(&t, (tvp_placement_policy)p, 16, 200);
    if (grown > 1024)
      fprintf(stderr, "%s: 200 plans of 16 workers leave %lld heap bytes behind\n",
              tvp_placement_name((tvp_placement_policy)p), grown);
    CHECK(grown <= 1024);
  }
  tvp_topology_destroy(&t);
}

int main(void) {
  /* A plain load must see this machine whatever the caller's environment. */
  unsetenv("HWLOC_SYNTHETIC");
  unsetenv("HWLOC_XMLFILE");
  parse_and_names();
  topology_loading();
  core_policy();
  os_indices();
  pu_policy();
  none_policy();
  scatter_policy();
  scatter_matches_hwloc();
  sweep_counts();
  big_machine();
  no_leaks(); /* last: its scatter check fails on a known bug, see above */
  CHECK_DONE();
}
