/* Fuzzes the synthetic topologies `tvp run --dry-run --topology SPEC` and
 * `tvp topo --topology SPEC` plan for (such as "pack:2 core:4 pu:2"). What loads
 * is summarised and described, and a few worker counts are placed under every
 * policy, checking placement.h's promises: one PU per bound worker, distinct
 * PUs until the PUs run out, `pu` in logical order, `core` on distinct cores
 * first, and wrap-around past the PU count flagged as oversubscribed.
 * XML files are not fuzzed here: their text goes to hwloc's own importer, which
 * this target would test instead of tvp (README.md). */
#include <string.h>

#include "fuzz.h"
#include "place/placement.h"
#include "place/topology.h"
#include "plan/workers_spec.h"

/* hwloc 2.9 leaks the memory children ("[numa]") it has read when it then
 * refuses the description: harmless, since tvp exits on that error, but not
 * tvp's leak to find. Loading such a description is left out of leak checks. */
#if defined(__SANITIZE_ADDRESS__)
#define TVP_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TVP_LSAN 1
#endif
#endif
#ifdef TVP_LSAN
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECKS(on) ((on) ? __lsan_enable() : __lsan_disable())
#else
#define LEAK_CHECKS(on) ((void)0)
#endif

/* Real descriptions are a line; longer ones only slow the search. */
#define MAX_SPEC_BYTES 4096

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  devnull = fopen("/dev/null", "w");
  FUZZ_CHECK(devnull);
  /* hwloc's boxed warnings about inconsistent index lists would bury the
   * fuzzer's own output; tvp shows them to a user. */
  setenv("HWLOC_HIDE_ERRORS", "2", 1);
  /* hwloc loads its plugins when the first topology exists and unloads them
   * with the last: one kept alive saves a dlopen per input. */
  static hwloc_topology_t keep;
  FUZZ_CHECK(hwloc_topology_init(&keep) == 0);
  return 0;
}

static unsigned pu_count(hwloc_topology_t t) {
  return (unsigned)hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PU);
}

/* PUs by OS index, so checking a worker costs no scan of the PUs: a topology
 * of thousands of PUs is placed and checked in well under a second. */
typedef struct {
  hwloc_obj_t *pu;
  unsigned n;
} pu_index;

static pu_index index_pus(hwloc_topology_t t) {
  pu_index ix = {NULL, (unsigned)hwloc_bitmap_last(hwloc_topology_get_topology_cpuset(t)) + 1};
  ix.pu = calloc(ix.n, sizeof *ix.pu);
  FUZZ_CHECK(ix.pu);
  for (hwloc_obj_t pu = NULL; (pu = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PU, pu));) {
    FUZZ_CHECK(pu->os_index < ix.n && !ix.pu[pu->os_index]);
    ix.pu[pu->os_index] = pu;
  }
  return ix;
}

/* The logical index of the core of a bound worker's PU, or -1 without one. */
static int core_of(hwloc_topology_t t, const pu_index *ix, hwloc_const_bitmap_t set) {
  int os = hwloc_bitmap_first(set);
  FUZZ_CHECK(os >= 0 && (unsigned)os < ix->n && ix->pu[os]);
  hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_CORE, ix->pu[os]);
  return core ? (int)core->logical_index : -1;
}

static void check_placement(hwloc_topology_t t, const pu_index *ix, tvp_placement_policy policy,
                            unsigned n) {
  tvp_placement pl;
  FUZZ_CHECK(tvp_placement_plan(t, policy, n, &pl) == 0);
  unsigned npus = pu_count(t);
  FUZZ_CHECK(pl.nworkers == n && pl.sets);
  FUZZ_CHECK(pl.oversubscribed == (n > npus));
  FUZZ_CHECK(pl.bound == (policy != TVP_PLACE_NONE));
  hwloc_const_bitmap_t all = hwloc_topology_get_topology_cpuset(t);
  for (unsigned w = 0; w < n; w++) {
    FUZZ_CHECK(pl.sets[w]);
    if (policy == TVP_PLACE_NONE) {
      FUZZ_CHECK(hwloc_bitmap_isequal(pl.sets[w], hwloc_topology_get_allowed_cpuset(t)));
      continue;
    }
    FUZZ_CHECK(hwloc_bitmap_weight(pl.sets[w]) == 1);
    FUZZ_CHECK(hwloc_bitmap_isincluded(pl.sets[w], all));
    /* Past the PU count workers wrap around the first cycle. */
    if (w >= npus)
      FUZZ_CHECK(hwloc_bitmap_isequal(pl.sets[w], pl.sets[w % npus]));
    if (policy == TVP_PLACE_PU)
      FUZZ_CHECK(hwloc_bitmap_isequal(
          pl.sets[w], hwloc_get_obj_by_type(t, HWLOC_OBJ_PU, w % npus)->cpuset));
  }
  if (policy != TVP_PLACE_NONE) {
    /* Until the PUs run out, no two workers share one; under `core`, no two
     * share a core until every core has one. */
    unsigned distinct = n < npus ? n : npus;
    int ncores = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_CORE);
    hwloc_bitmap_t used = hwloc_bitmap_alloc(), cores = hwloc_bitmap_alloc();
    for (unsigned w = 0; w < distinct; w++) {
      hwloc_bitmap_or(used, used, pl.sets[w]);
      int core = core_of(t, ix, pl.sets[w]);
      if (policy == TVP_PLACE_CORE && core >= 0 && (int)w < ncores) {
        FUZZ_CHECK(!hwloc_bitmap_isset(cores, (unsigned)core));
        hwloc_bitmap_set(cores, (unsigned)core);
      }
    }
    FUZZ_CHECK(hwloc_bitmap_weight(used) == (int)distinct);
    hwloc_bitmap_free(used);
    hwloc_bitmap_free(cores);
  }
  if (n <= 256) /* the listing's every line is alike: long ones only cost time */
    tvp_placement_describe(t, &pl, devnull);
  tvp_placement_free(&pl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* A spec arrives through argv: text without NUL bytes. */
  if (size > MAX_SPEC_BYTES || memchr(data, '\0', size))
    return 0;
  char *text = malloc(size + 1);
  FUZZ_CHECK(text);
  memcpy(text, data, size);
  text[size] = '\0';
  /* A name with a slash is a file to tvp, read as XML: not this target's input. */
  if (strchr(text, '/')) {
    free(text);
    return 0;
  }
  tvp_topology t;
  char err[1024] = "";
  int memory_children = strchr(text, '[') != NULL;
  if (memory_children)
    LEAK_CHECKS(0);
  int loaded = tvp_topology_load(&t, text, err, sizeof err);
  if (memory_children)
    LEAK_CHECKS(1);
  if (loaded != 0) {
    FUZZ_CHECK(err[0] != '\0' && t.topo == NULL);
    free(text);
    return 0;
  }
  FUZZ_CHECK(!t.is_this_system);
  FUZZ_CHECK(t.pus == pu_count(t.topo) && t.pus >= 1);
  FUZZ_CHECK(t.cores >= 1 && t.packages >= 1);
  unsigned level_pus;
  for (unsigned level = 0; level <= 4; level++)
    (void)tvp_topology_cache_bytes(&t, level, &level_pus);
  (void)tvp_topology_llc_bytes(&t);
  (void)tvp_topology_mem_bytes(&t);
  tvp_topology_describe(&t, devnull);

  pu_index ix = index_pus(t.topo);
  const unsigned counts[] = {1, 2, 3, t.cores, t.cores + 1, t.pus, t.pus + 1, 2 * t.pus};
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
    for (int p = 0; p < TVP_PLACE_COUNT; p++)
      if (counts[i] <= TVP_MAX_WORKERS) /* a worker list allows no more */
        check_placement(t.topo, &ix, (tvp_placement_policy)p, counts[i]);
  free(ix.pu);
  tvp_topology_destroy(&t);
  free(text);
  return 0;
}
