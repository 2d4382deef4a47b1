/* What hwloc sees: this machine, or a synthetic or XML topology for planning. */
#ifndef TVP_TOPOLOGY_H
#define TVP_TOPOLOGY_H

#include <hwloc.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
  hwloc_topology_t topo;
  int is_this_system; /* 0 for synthetic, XML, HWLOC_SYNTHETIC or HWLOC_XMLFILE */
  char source[512];   /* "this machine", "synthetic 'pack:2 core:4'", "XML file.xml" */
  unsigned packages, numa_nodes, cores, pus;
} tvp_topology;

/* The most PUs a synthetic or XML topology may have: as many as tvp places
 * workers. hwloc builds every object before tvp can count them, in time that
 * grows faster than their number (minutes for a million PUs). */
#define TVP_TOPOLOGY_MAX_PUS 4096
/* A topology XML file of that many PUs is a few MiB. */
#define TVP_TOPOLOGY_MAX_XML_BYTES (16u << 20)

/* spec NULL: this machine (or whatever HWLOC_* variables say). A spec naming an
 * existing file, or ending in ".xml", is read as XML; anything else as an hwloc
 * synthetic description such as "pack:2 numa:2 core:8 pu:2". Either is
 * refused past TVP_TOPOLOGY_MAX_PUS PUs, and an XML file past
 * TVP_TOPOLOGY_MAX_XML_BYTES, before hwloc reads it.
 * Returns 0, or -1 with a one-line message in err. */
int tvp_topology_load(tvp_topology *t, const char *spec, char *err, size_t errlen);
void tvp_topology_destroy(tvp_topology *t);

/* Size of the largest cache (the last level), 0 if hwloc reports none. */
uint64_t tvp_topology_llc_bytes(const tvp_topology *t);
/* One cache of the given level (1 = L1d, 2, 3), and how many PUs share it;
 * 0 and 0 when hwloc reports no such cache. */
uint64_t tvp_topology_cache_bytes(const tvp_topology *t, unsigned level, unsigned *pus);
/* Memory of the machine: hwloc's total, or sysconf's where hwloc has none. */
uint64_t tvp_topology_mem_bytes(const tvp_topology *t);

/* The `tvp topo` text: packages, NUMA nodes, cores, PUs, caches, the PU list. */
void tvp_topology_describe(const tvp_topology *t, FILE *out);

/* "48 KiB", "2 MiB", "508 MiB": the size hwloc gives, in the largest exact unit. */
void tvp_format_bytes(uint64_t bytes, char *buf, size_t len);

#endif
