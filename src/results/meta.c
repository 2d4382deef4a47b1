/* meta.json writer: a small JSON emitter (strings escaped by base/json.h), fed from
 * hwloc, uname, /proc/cpuinfo and the build. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "base/json.h"
#include "results/meta.h"
#include "tvp_revision.h"
#include "base/util.h"

static void key(tvp_buf *b, const char *k) {
  tvp_buf_printf(b, "  ");
  tvp_json_str(b, k);
  tvp_buf_printf(b, ": ");
}

static void kv_str(tvp_buf *b, const char *k, const char *v) {
  key(b, k);
  tvp_json_str(b, v);
  tvp_buf_printf(b, ",\n");
}

static void kv_num(tvp_buf *b, const char *k, unsigned long long v) {
  key(b, k);
  tvp_buf_printf(b, "%llu,\n", v);
}

static void cpu_model(char *out, size_t len) {
  snprintf(out, len, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f)
    return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "model name", 10) == 0 || strncmp(line, "Model", 5) == 0) {
      char *colon = strchr(line, ':');
      if (colon) {
        snprintf(out, len, "%s", tvp_trim(colon + 1));
        break;
      }
    }
  }
  fclose(f);
}

static void iso_time(time_t t, char *buf, size_t len) {
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void caches(tvp_buf *b, const tvp_topology *t) {
  key(b, "caches");
  tvp_buf_printf(b, "[");
  int first = 1;
  for (int d = 0; d < hwloc_topology_get_depth(t->topo); d++) {
    hwloc_obj_t o = hwloc_get_obj_by_depth(t->topo, d, 0);
    if (!o || !hwloc_obj_type_is_cache(o->type))
      continue;
    char type[32];
    hwloc_obj_type_snprintf(type, sizeof type, o, 0);
    tvp_buf_printf(b, "%s\n    {\"type\": ", first ? "" : ",");
    tvp_json_str(b, type);
    tvp_buf_printf(b, ", \"level\": %u, \"size_bytes\": %llu, \"line_bytes\": %u, \"count\": %d}",
                   o->attr->cache.depth, (unsigned long long)o->attr->cache.size,
                   o->attr->cache.linesize, hwloc_get_nbobjs_by_depth(t->topo, d));
    first = 0;
  }
  tvp_buf_printf(b, "%s],\n", first ? "" : "\n  ");
}

/* The members of a nested object, each on a line of its own at indent. */
typedef struct {
  tvp_buf *b;
  const char *indent;
  int n;
} jobject;

static void member(jobject *o, const char *k) {
  tvp_buf_printf(o->b, "%s%s", o->n++ ? ",\n" : "", o->indent);
  tvp_json_str(o->b, k);
  tvp_buf_printf(o->b, ": ");
}

/* Absent values are null: the key is always there, so a reader tells "not
 * readable on that machine" from "a run from before tvp recorded it". */
static void member_text(jobject *o, const char *k, const char *v) {
  member(o, k);
  if (v)
    tvp_json_str(o->b, v);
  else
    tvp_buf_printf(o->b, "null");
}

static void member_flag(jobject *o, const char *k, tvp_env_flag f) {
  member(o, k);
  tvp_buf_printf(o->b, "%s", f == TVP_ENV_YES ? "true" : f == TVP_ENV_NO ? "false" : "null");
}

/* "0.52 0.58 0.59" as [0.52, 0.58, 0.59]: environment.c lets only plain numbers through. */
static void member_numbers(jobject *o, const char *k, const char *words) {
  member(o, k);
  if (!words) {
    tvp_buf_printf(o->b, "null");
    return;
  }
  tvp_buf_printf(o->b, "[");
  for (const char *p = words; *p; p++)
    tvp_buf_append(o->b, *p == ' ' ? ", " : p, *p == ' ' ? 2 : 1);
  tvp_buf_printf(o->b, "]");
}

static void mitigations(jobject *o, const tvp_environment *e) {
  member(o, "mitigations");
  if (!e->mitigations) {
    tvp_buf_printf(o->b, "null");
    return;
  }
  jobject inner = {o->b, "      ", 0};
  tvp_buf_printf(o->b, "{\n");
  for (size_t i = 0; i < e->nmitigations; i++)
    member_text(&inner, e->mitigations[i].name, e->mitigations[i].text);
  tvp_buf_printf(o->b, "%s    }", inner.n ? "\n" : "");
}

static void environment(tvp_buf *b, const tvp_environment *e) {
  jobject o = {b, "    ", 0};
  key(b, "environment");
  tvp_buf_printf(b, "{\n");
  member_text(&o, "thp_enabled", e->thp_enabled);
  member_text(&o, "thp_defrag", e->thp_defrag);
  member(&o, "cpu_governors");
  tvp_buf_printf(b, "%s", e->ngovernors ? "[" : "null");
  for (size_t i = 0; i < e->ngovernors; i++) {
    tvp_buf_printf(b, "%s", i ? ", " : "");
    tvp_json_str(b, e->governors[i]);
  }
  tvp_buf_printf(b, "%s", e->ngovernors ? "]" : "");
  member_flag(&o, "cpu_boost", e->boost);
  member_text(&o, "smt_control", e->smt_control);
  member_flag(&o, "smt_active", e->smt_active);
  mitigations(&o, e);
  member_text(&o, "kernel_command_line", e->kernel_command_line);
  member_text(&o, "clocksource", e->clocksource);
  member_text(&o, "hypervisor_type", e->hypervisor_type);
  member_flag(&o, "hypervisor_cpu_flag", e->hypervisor_flag);
  member_text(&o, "dmi_sys_vendor", e->sys_vendor);
  member_text(&o, "dmi_product_name", e->product_name);
  member(&o, "cgroup_version");
  if (e->cgroup_version)
    tvp_buf_printf(b, "%d", e->cgroup_version);
  else
    tvp_buf_printf(b, "null");
  member_text(&o, "cgroup_cpu_max", e->cgroup_cpu_max);
  member_text(&o, "cgroup_memory_max", e->cgroup_memory_max);
  member_numbers(&o, "load_average_start", e->load_start);
  member_numbers(&o, "load_average_end", e->load_end);
  tvp_buf_printf(b, "\n  }\n");
}

/* min_time_s and min_time_sizes: what --min-time chose, which --resume puts back. */
static void min_time_sizes(tvp_buf *b, const tvp_min_time_size *sizes, size_t n) {
  key(b, "min_time_s");
  tvp_buf_printf(b, "%.9g,\n", tvp_min_time_largest(sizes, n));
  key(b, "min_time_sizes");
  tvp_buf_printf(b, "[");
  for (size_t i = 0; i < n; i++) {
    const tvp_min_time_size *s = &sizes[i];
    char note[512];
    tvp_min_time_describe(s, note, sizeof note);
    tvp_buf_printf(b, "%s\n    {\"kernel\": ", i ? "," : "");
    tvp_json_str(b, s->kernel->name);
    tvp_buf_printf(b, ", \"footprint\": %llu, \"chunk\": %llu, \"min_time_s\": %.9g, \"from\": %llu, "
                   "\"units\": %llu, \"outcome\": \"%s\", \"probes\": %u, \"probe_units\": %llu, "
                   "\"probe_wall_s\": %.6g, \"reason\": ",
                   (unsigned long long)s->footprint, (unsigned long long)s->chunk, s->min_time_s,
                   (unsigned long long)s->from, (unsigned long long)s->units,
                   tvp_size_outcome_name(s->outcome), s->probes, (unsigned long long)s->probe_units,
                   s->probe_wall_s);
    tvp_json_str(b, s->reason);
    tvp_buf_printf(b, ", \"note\": ");
    tvp_json_str(b, note);
    tvp_buf_printf(b, "}");
  }
  tvp_buf_printf(b, "\n  ],\n");
}

int tvp_meta_write(const tvp_results *r, const tvp_topology *t, const tvp_meta_info *m) {
  tvp_buf b = {0};
  struct utsname u;
  uname(&u);
  char host[256] = "", cpu[256], when[64];
  gethostname(host, sizeof host - 1);
  cpu_model(cpu, sizeof cpu);

  tvp_buf_printf(&b, "{\n");
  kv_str(&b, "tvp_version", TVP_VERSION);
  kv_str(&b, "git_revision", TVP_GIT_REVISION);
  key(&b, "command_line");
  tvp_buf_printf(&b, "[");
  for (int i = 0; i < m->argc; i++) {
    if (i)
      tvp_buf_printf(&b, ", ");
    tvp_json_str(&b, m->argv[i]);
  }
  tvp_buf_printf(&b, "],\n");
  kv_str(&b, "working_directory", m->cwd ? m->cwd : "");
  kv_str(&b, "suite", m->suite ? m->suite : "");
  iso_time(m->start, when, sizeof when);
  kv_str(&b, "start_time_utc", when);
  if (m->end)
    iso_time(m->end, when, sizeof when);
  kv_str(&b, "end_time_utc", m->end ? when : "");
  kv_str(&b, "state", m->state);
  if (m->resumes) {
    kv_num(&b, "resumes", m->resumes);
    iso_time(m->resumed, when, sizeof when);
    kv_str(&b, "resumed_time_utc", when);
  }
  kv_num(&b, "configurations_planned", m->configs_planned);
  kv_str(&b, "plan_digest", m->plan_digest ? m->plan_digest : "");
  kv_str(&b, "order", m->order ? m->order : "");
  kv_str(&b, "seed", m->seed ? m->seed : "");
  if (m->nsizes)
    min_time_sizes(&b, m->sizes, m->nsizes);
  if (m->margin_pct > 0) {
    key(&b, "margin_pct");
    tvp_buf_printf(&b, "%.9g,\n", m->margin_pct);
  }
  if (m->disturbed_above_pct > 0) {
    key(&b, "disturbed_above_pct");
    tvp_buf_printf(&b, "%.9g,\n", m->disturbed_above_pct);
  }
  kv_num(&b, "configurations_run", m->configs_run);
  kv_num(&b, "configurations_failed", m->configs_failed);
  if (m->stopped_at)
    kv_str(&b, "stopped_at", m->stopped_at);
  if (m->interrupted_by) {
    kv_str(&b, "interrupted_by", m->interrupted_by);
    kv_str(&b, "interrupted_at", m->interrupted_at ? m->interrupted_at : "");
  }
  kv_str(&b, "host", host);
  kv_str(&b, "os", u.sysname);
  kv_str(&b, "os_release", u.release);
  kv_str(&b, "os_version", u.version);
  kv_str(&b, "arch", u.machine);
  kv_str(&b, "cpu_model", cpu);
  kv_str(&b, "topology_source", t->source);
  kv_num(&b, "packages", t->packages);
  kv_num(&b, "numa_nodes", t->numa_nodes);
  kv_num(&b, "cores", t->cores);
  kv_num(&b, "pus", t->pus);
  kv_num(&b, "memory_bytes", (unsigned long long)tvp_topology_mem_bytes(t));
  caches(&b, t);
  /* The library's release, and the API level it implements (2.9.0 implements
   * the 2.8.0 API): one is what a bug report names, the other what binds. */
  char hw[32];
  unsigned v = hwloc_get_api_version();
  snprintf(hw, sizeof hw, "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff);
  kv_str(&b, "hwloc_version", HWLOC_VERSION);
  kv_str(&b, "hwloc_api_version", hw);
#if defined(__clang__)
  kv_str(&b, "compiler", "clang " __clang_version__);
#elif defined(__GNUC__)
  kv_str(&b, "compiler", "gcc " __VERSION__);
#else
  kv_str(&b, "compiler", "unknown");
#endif
  struct timespec res;
  clock_getres(CLOCK_MONOTONIC, &res);
  key(&b, "clock_resolution_ns");
  tvp_buf_printf(&b, "%ld,\n", res.tv_sec * 1000000000L + res.tv_nsec);
  key(&b, "hardware_counters");
  tvp_buf_printf(&b, "false%s\n", m->environment ? "," : "");
  if (m->environment)
    environment(&b, m->environment);
  tvp_buf_printf(&b, "}\n");
  int rc = tvp_results_write_file(r, "meta.json", b.data, b.len);
  tvp_buf_free(&b);
  return rc;
}

int tvp_topology_write_xml(const tvp_results *r, const tvp_topology *t) {
  /* Through a buffer and a rename, as meta.json: hwloc writing the file itself
   * would leave half of it on a full disk. */
  char *xml = NULL;
  int len = 0;
  errno = 0;
  if (hwloc_topology_export_xmlbuffer(t->topo, &xml, &len, 0) != 0 || !xml || len < 1) {
    if (xml)
      hwloc_free_xmlbuffer(t->topo, xml);
    errno = errno ? errno : EINVAL;
    return -1;
  }
  int rc = tvp_results_write_file(r, "topology.xml", xml, (size_t)len - 1); /* len counts the NUL */
  int e = errno;
  hwloc_free_xmlbuffer(t->topo, xml);
  errno = e;
  return rc;
}
