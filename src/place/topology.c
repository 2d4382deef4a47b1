/* Loads a topology through hwloc and summarises it. Binding on a topology that
 * is not this machine's would silently do nothing, so is_this_system is kept for
 * the runner to refuse such runs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "place/topology.h"

static unsigned count_type(hwloc_topology_t t, hwloc_obj_type_t type) {
  int n = hwloc_get_nbobjs_by_type(t, type);
  return n > 0 ? (unsigned)n : 0;
}

static int looks_like_xml(const char *spec) {
  struct stat st;
  size_t n = strlen(spec);
  return stat(spec, &st) == 0 || (n > 4 && strcmp(spec + n - 4, ".xml") == 0);
}

/* Past this a count only needs to be "too many". */
#define SATURATED (1ULL << 40)
/* An OS index past any machine tvp plans for: hwloc sizes every cpuset to the
 * largest one, so "pu:2(indexes=0,4294967295)" takes minutes and gigabytes. */
#define SYNTHETIC_MAX_INDEX 65536

/* Whether hwloc 2.9 survives an "indexes=" value of len bytes at v. It trusts
 * the value: an interleaving by a type below the level it numbers fails an
 * assertion (pack:2(indexes=core)), one by a type no level names reads
 * uninitialised memory, and loops whose counts multiply past 64 bits fail
 * another assertion. So tvp takes a list of indexes below SYNTHETIC_MAX_INDEX,
 * loops ("2*4:1*2") of at most TVP_TOPOLOGY_MAX_PUS in all, and an interleaving
 * by type ("core", "core:pack") only where type_ok says it may. */
static int indexes_ok(const char *v, size_t len, int type_ok) {
  if (strspn(v, "0123456789,") >= len) {
    for (size_t i = 0; i < len; i++) {
      size_t digits = strspn(v + i, "0123456789");
      if (digits > 5 || (digits && strtoul(v + i, NULL, 10) >= SYNTHETIC_MAX_INDEX))
        return 0;
      i += digits;
    }
    return 1;
  }
  if (v[0] < '0' || v[0] > '9')
    return type_ok;
  unsigned long long all = 1;
  for (const char *p = v; p < v + len; p++)
    if (*p == '*') {
      unsigned long long nb = strtoull(p + 1, NULL, 0);
      if (nb == 0 || nb > TVP_TOPOLOGY_MAX_PUS || (all *= nb) > TVP_TOPOLOGY_MAX_PUS)
        return 0;
    }
  return 1;
}

/* The value of the last "indexes=" among the attributes in [attrs, rparen),
 * which is the one hwloc keeps; NULL if there is none. */
static const char *indexes_in(const char *attrs, const char *rparen, size_t *len) {
  const char *found = NULL;
  for (const char *p = attrs; p + 8 <= rparen; p++)
    if ((p == attrs || p[-1] == ' ') && !strncmp(p, "indexes=", 8))
      found = p + 8;
  if (found)
    *len = strcspn(found, " )");
  return found;
}

/* Whether every type an interleaving names ("core:pack") is the type of a
 * level in types[0..n). */
static int interleaving_names_levels(const char *v, size_t len, const hwloc_obj_type_t *types,
                                     int n) {
  for (const char *p = v; p < v + len;) {
    size_t part = strcspn(p, ":");
    if (part > len - (size_t)(p - v))
      part = len - (size_t)(p - v);
    char name[32];
    hwloc_obj_type_t type;
    union hwloc_obj_attr_u attr;
    snprintf(name, sizeof name, "%.*s", (int)part, p);
    if (part >= sizeof name || hwloc_type_sscanf(name, &type, &attr, sizeof attr) != 0 ||
        type == HWLOC_OBJ_GROUP)
      return 0;
    int found = 0;
    for (int i = 0; i < n && !found; i++)
      found = types[i] == type;
    if (!found)
      return 0;
    p += part + 1;
  }
  return 1;
}

/* Walks a synthetic description as hwloc 2.9's parser does: attributes of the
 * root in parentheses first, then levels split by blanks or by the ')' closing
 * a level's attributes, a type ending at the next ':', memory children in
 * brackets; a walk that split only at blanks would let "(memory=1GB)pack:64
 * core:64 pu:64" past the PU count. Sets *pus to the product of the arities
 * and returns 0, or returns -1 for an "indexes=" value hwloc would mishandle
 * (indexes_ok). A malformed level ends the walk: hwloc refuses it later. */
static int synthetic_scan(const char *spec, unsigned long long *pus) {
  hwloc_obj_type_t types[64];
  int ntypes = 0, all_named = 1;
  const char *interleaving = NULL; /* on the latest level: allowed only on the last */
  size_t interleaving_len = 0, len;
  const char *p = spec, *rparen, *v;
  *pus = 1;
  if (*p == '(') {
    if (!(rparen = strchr(p, ')')))
      return 0;
    if ((v = indexes_in(p + 1, rparen, &len)) && !indexes_ok(v, len, 0))
      return -1;
    p = rparen + 1;
  }
  while (*p) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    if (*p == '[') {
      const char *end = strchr(p, ']'), *attrs = strchr(p, '(');
      if (!end)
        break;
      if (attrs && attrs < end && (rparen = strchr(attrs, ')')) &&
          (v = indexes_in(attrs + 1, rparen, &len)) && !indexes_ok(v, len, 0))
        return -1;
      p = end + 1;
      continue;
    }
    if (interleaving)
      return -1; /* an interleaving by type on a level that is not the last */
    if (*p < '0' || *p > '9') {
      union hwloc_obj_attr_u attr;
      hwloc_obj_type_t type;
      if (ntypes < 64 && hwloc_type_sscanf(p, &type, &attr, sizeof attr) == 0)
        types[ntypes++] = type;
      else
        all_named = 0;
      if (!(p = strchr(p, ':')))
        break;
      p++;
    } else {
      all_named = 0;
    }
    char *end;
    unsigned long long arity = strtoull(p, &end, 0);
    if (end == p || arity == 0)
      break;
    *pus = arity >= SATURATED || *pus > SATURATED / arity ? SATURATED : *pus * arity;
    p = end;
    if (*p == '(') {
      if (!(rparen = strchr(p, ')')))
        break;
      if ((v = indexes_in(p + 1, rparen, &len)) && !indexes_ok(v, len, 1)) {
        return -1;
      } else if (v && (v[0] < '0' || v[0] > '9') && strspn(v, "0123456789,") < len) {
        interleaving = v;
        interleaving_len = len;
      }
      p = rparen + 1;
    }
  }
  if (interleaving && !(all_named && interleaving_names_levels(interleaving, interleaving_len,
                                                                types, ntypes)))
    return -1;
  return 0;
}

/* Reads a topology XML file whole into a NUL-ended buffer, refusing what cannot
 * be a topology to plan for: a file too big, an empty one, or one with more
 * PUs than tvp plans for (counted in the text, before hwloc builds them). */
static char *read_xml(const char *path, const char *from, size_t *len, char *err,
                      size_t errlen) {
  static const char hint[] = "make one with 'lstopo-no-graphics --of xml FILE'";
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "cannot read topology XML '%s'%s: %s (%s)", path, from,
             strerror(errno), hint);
    return NULL;
  }
  /* One byte more than allowed tells an oversized file from one at the limit. */
  char *buf = malloc((size_t)TVP_TOPOLOGY_MAX_XML_BYTES + 2);
  if (!buf) {
    fclose(f);
    snprintf(err, errlen, "out of memory reading topology XML '%s'%s", path, from);
    return NULL;
  }
  *len = fread(buf, 1, (size_t)TVP_TOPOLOGY_MAX_XML_BYTES + 1, f);
  int error = ferror(f) ? (errno ? errno : EIO) : 0;
  fclose(f);
  buf[*len] = '\0';
  unsigned long long pus = 0;
  for (const char *p = buf; (p = strstr(p, "type=\"PU\"")) != NULL; p++)
    pus++;
  if (error)
    snprintf(err, errlen, "cannot read topology XML '%s'%s: %s (%s)", path, from,
             strerror(error), hint);
  else if (*len > TVP_TOPOLOGY_MAX_XML_BYTES)
    snprintf(err, errlen, "topology XML '%s'%s is larger than %u MiB, more than any machine "
             "tvp plans for needs: is it the right file? (%s)", path, from,
             TVP_TOPOLOGY_MAX_XML_BYTES >> 20, hint);
  else if (*len == 0)
    snprintf(err, errlen, "topology XML '%s'%s is empty (%s)", path, from, hint);
  else if (pus > TVP_TOPOLOGY_MAX_PUS)
    snprintf(err, errlen, "topology XML '%s'%s has %llu PUs, more than the %d tvp plans for: "
             "plan for a machine of at most %d PUs", path, from, pus, TVP_TOPOLOGY_MAX_PUS,
             TVP_TOPOLOGY_MAX_PUS);
  else
    return buf;
  free(buf);
  return NULL;
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
  char *xml_text = NULL; /* an XML file's text, until hwloc has loaded it */
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
    char from[64];
    snprintf(from, sizeof from, "%s%s", from_env ? " from " : "", from_env ? from_env : "");
    size_t len;
    xml_text = read_xml(spec, from, &len, err, errlen);
    if (!xml_text)
      goto fail;
    /* hwloc's length counts the NUL at the end. */
    if (hwloc_topology_set_xmlbuffer(t->topo, xml_text, (int)len + 1) != 0) {
      snprintf(err, errlen, "'%s'%s is not a topology XML file hwloc can read: make one with "
               "'lstopo-no-graphics --of xml FILE'", spec, from);
      goto fail;
    }
    snprintf(t->source, sizeof t->source, "XML %s%s%s", spec, from_env ? " from " : "",
             from_env ? from_env : "");
  } else {
    unsigned long long pus;
    if (synthetic_scan(spec, &pus) != 0) {
      snprintf(err, errlen, "synthetic topology '%s'%s%s: tvp takes 'indexes=' as a list of OS "
               "indexes below %d, as loops such as 2*4:1*2 that come to at most %d, or on the "
               "last level as an interleaving by the types of its levels, such as "
               "'pack:2 core:4 pu:2(indexes=core)'", spec, from_env ? " in " : "",
               from_env ? from_env : "", SYNTHETIC_MAX_INDEX, TVP_TOPOLOGY_MAX_PUS);
      goto fail;
    }
    if (pus > TVP_TOPOLOGY_MAX_PUS) {
      snprintf(err, errlen, "synthetic topology '%s'%s%s has %s%llu PUs, more than the %d tvp "
               "plans for: describe a machine of at most %d PUs, such as 'pack:2 core:32 pu:2'",
               spec, from_env ? " in " : "", from_env ? from_env : "",
               pus >= SATURATED ? "over " : "", pus, TVP_TOPOLOGY_MAX_PUS, TVP_TOPOLOGY_MAX_PUS);
      goto fail;
    }
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
  free(xml_text);
  xml_text = NULL;
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
  if (!t->is_this_system && t->pus > TVP_TOPOLOGY_MAX_PUS) {
    snprintf(err, errlen, "the topology of %s has %u PUs, more than the %d tvp plans for: plan "
             "for a machine of at most %d PUs", t->source, t->pus, TVP_TOPOLOGY_MAX_PUS,
             TVP_TOPOLOGY_MAX_PUS);
    goto fail;
  }
  return 0;
fail:
  free(xml_text);
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
