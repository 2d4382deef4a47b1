/* Loads a topology through hwloc and summarises it. Binding on a topology that
 * is not this machine's would silently do nothing, so is_this_system is kept for
 * the runner to refuse such runs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "topology.h"

static unsigned count_type(hwloc_topology_t t, hwloc_obj_type_t type) {
  int n = hwloc_get_nbobjs_by_type(t, type);
  return n > 0 ? (unsigned)n : 0;
}

static int looks_like_xml(const char *spec) {
  struct stat st;
  size_t n = strlen(spec);
  return stat(spec, &st) == 0 || (n > 4 && strcmp(spec + n - 4, ".xml") == 0);
}

int tvp_topology_load(tvp_topology *t, const char *spec, char *err, size_t errlen) {
  memset(t, 0, sizeof *t);
  if (hwloc_topology_init(&t->topo) != 0) {
    snprintf(err, errlen, "hwloc could not initialise a topology");
    return -1;
  }
  /* hwloc itself reads HWLOC_SYNTHETIC and HWLOC_XMLFILE, but silently falls back
   * to this machine on a bad value; applying them here makes a bad value an error. */
  const char *from_env = NULL;
  if (!spec) {
    const char *syn = getenv("HWLOC_SYNTHETIC"), *xml = getenv("HWLOC_XMLFILE");
    if (syn && *syn)
      spec = syn, from_env = "HWLOC_SYNTHETIC";
    else if (xml && *xml)
      spec = xml, from_env = "HWLOC_XMLFILE";
  }
  if (!spec) {
    snprintf(t->source, sizeof t->source, "this machine");
  } else if (from_env ? strcmp(from_env, "HWLOC_XMLFILE") == 0 : looks_like_xml(spec)) {
    if (hwloc_topology_set_xml(t->topo, spec) != 0) {
      snprintf(err, errlen, "cannot read topology XML '%s'%s%s: %s (make one with "
               "'lstopo-no-graphics --of xml FILE')", spec, from_env ? " from " : "",
               from_env ? from_env : "", strerror(errno));
      goto fail;
    }
    snprintf(t->source, sizeof t->source, "XML %s%s%s", spec, from_env ? " from " : "",
             from_env ? from_env : "");
  } else {
    if (hwloc_topology_set_synthetic(t->topo, spec) != 0) {
      snprintf(err, errlen, "bad synthetic topology '%s'%s%s: expected hwloc's form, for "
               "example 'pack:2 numa:2 core:8 pu:2'", spec, from_env ? " in " : "",
               from_env ? from_env : "");
      goto fail;
    }
    snprintf(t->source, sizeof t->source, "synthetic '%s'%s%s", spec, from_env ? " from " : "",
             from_env ? from_env : "");
  }
  if (hwloc_topology_load(t->topo) != 0) {
    snprintf(err, errlen, "hwloc could not load the topology of %s: %s", t->source,
             strerror(errno));
    goto fail;
  }
  t->is_this_system = hwloc_topology_is_thissystem(t->topo);
  t->packages = count_type(t->topo, HWLOC_OBJ_PACKAGE);
  t->numa_nodes = count_type(t->topo, HWLOC_OBJ_NUMANODE);
  t->cores = count_type(t->topo, HWLOC_OBJ_CORE);
  t->pus = count_type(t->topo, HWLOC_OBJ_PU);
  /* Some virtual machines and synthetic strings show no cores: count PUs as cores. */
  if (t->cores == 0)
    t->cores = t->pus;
  if (t->packages == 0)
    t->packages = 1;
  if (t->pus == 0) {
    snprintf(err, errlen, "the topology of %s has no processing units", t->source);
    goto fail;
  }
  return 0;
fail:
  hwloc_topology_destroy(t->topo);
  t->topo = NULL;
  return -1;
}

void tvp_topology_destroy(tvp_topology *t) {
  if (t->topo)
    hwloc_topology_destroy(t->topo);
  t->topo = NULL;
}

uint64_t tvp_topology_llc_bytes(const tvp_topology *t) {
  uint64_t best = 0;
  for (int d = 0; d < hwloc_topology_get_depth(t->topo); d++) {
    hwloc_obj_t o = hwloc_get_obj_by_depth(t->topo, d, 0);
    if (o && hwloc_obj_type_is_dcache(o->type) && o->attr->cache.size > best)
      best = o->attr->cache.size;
  }
  return best;
}

uint64_t tvp_topology_cache_bytes(const tvp_topology *t, unsigned level, unsigned *pus) {
  static const hwloc_obj_type_t types[] = {HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L3CACHE};
  *pus = 0;
  if (level < 1 || level > 3)
    return 0;
  hwloc_obj_t o = hwloc_get_obj_by_type(t->topo, types[level - 1], 0);
  if (!o)
    return 0;
  int w = hwloc_bitmap_weight(o->cpuset);
  *pus = w > 0 ? (unsigned)w : 1;
  return o->attr->cache.size;
}

uint64_t tvp_topology_mem_bytes(const tvp_topology *t) {
  /* On this machine the OS's count is the truth: some virtual machines plug
   * memory into a NUMA node as it is used, and hwloc reports only what is
   * plugged so far. Other topologies have only hwloc's figure. */
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (t->is_this_system && pages > 0 && page > 0)
    return (uint64_t)pages * (uint64_t)page;
  hwloc_obj_t root = hwloc_get_root_obj(t->topo);
  return root ? root->total_memory : 0;
}

void tvp_format_bytes(uint64_t bytes, char *buf, size_t len) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (u < 4 && bytes >= 1024 && bytes % 1024 == 0) {
    bytes /= 1024;
    u++;
  }
  snprintf(buf, len, "%llu %s", (unsigned long long)bytes, units[u]);
}

static void describe_caches(const tvp_topology *t, FILE *out) {
  int any = 0;
  for (int d = 0; d < hwloc_topology_get_depth(t->topo); d++) {
    hwloc_obj_t o = hwloc_get_obj_by_depth(t->topo, d, 0);
    if (!o || !hwloc_obj_type_is_cache(o->type))
      continue;
    char type[32], size[32];
    hwloc_obj_type_snprintf(type, sizeof type, o, 0);
    tvp_format_bytes(o->attr->cache.size, size, sizeof size);
    fprintf(out, "%s%s %s x %d", any ? ", " : "", type, size,
            hwloc_get_nbobjs_by_depth(t->topo, d));
    any = 1;
  }
  fprintf(out, "%s\n", any ? "" : "none reported");
}

void tvp_topology_describe(const tvp_topology *t, FILE *out) {
  char mem[32];
  tvp_format_bytes(tvp_topology_mem_bytes(t), mem, sizeof mem);
  fprintf(out, "topology:   %s%s\n", t->source,
          t->is_this_system ? "" : " (for planning only: tvp binds nothing on it)");
  fprintf(out, "packages:   %u\n", t->packages);
  fprintf(out, "NUMA nodes: %u\n", t->numa_nodes);
  fprintf(out, "cores:      %u\n", t->cores);
  fprintf(out, "PUs:        %u (%u per core)\n", t->pus, t->cores ? t->pus / t->cores : 1);
  fprintf(out, "memory:     %s\n", mem);
  fprintf(out, "caches:     ");
  describe_caches(t, out);
  fprintf(out, "\n%-8s %-8s %-8s %-8s %s\n", "PU L#", "PU P#", "core L#", "package", "NUMA node");
  for (unsigned i = 0; i < t->pus; i++) {
    hwloc_obj_t pu = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_PU, i);
    hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(t->topo, HWLOC_OBJ_CORE, pu);
    hwloc_obj_t pkg = hwloc_get_ancestor_obj_by_type(t->topo, HWLOC_OBJ_PACKAGE, pu);
    hwloc_obj_t numa = NULL;
    for (hwloc_obj_t anc = pu; anc && !numa; anc = anc->parent)
      numa = anc->memory_first_child; /* NUMA nodes hang off an ancestor as memory children */
    char c[16] = "-", p[16] = "-", m[16] = "-";
    if (core)
      snprintf(c, sizeof c, "%u", core->logical_index);
    if (pkg)
      snprintf(p, sizeof p, "%u", pkg->logical_index);
    if (numa)
      snprintf(m, sizeof m, "%u", numa->logical_index);
    fprintf(out, "%-8u %-8u %-8s %-8s %s\n", i, pu->os_index, c, p, m);
  }
}
