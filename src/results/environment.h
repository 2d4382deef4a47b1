/* The state of the machine that changes what a run measures, beyond its
 * hardware: huge pages, frequency scaling, SMT, the mitigations in force, the
 * kernel command line, the clock source, the hypervisor, cgroup limits and the
 * load. Read from files only (sysfs, procfs), under a root prefix so that a
 * test can hand it a made-up tree; meta.json records it as "environment".
 * Anything missing, unreadable or not in the form expected is left absent
 * (NULL, or TVP_ENV_UNKNOWN): a machine without it is no error. */
#ifndef TVP_ENVIRONMENT_H
#define TVP_ENVIRONMENT_H

#include <hwloc.h>
#include <stddef.h>

typedef enum { TVP_ENV_UNKNOWN = -1, TVP_ENV_NO = 0, TVP_ENV_YES = 1 } tvp_env_flag;

typedef struct {
  char *name; /* the file's name: "spectre_v2" */
  char *text; /* its first line; NULL when unreadable */
} tvp_env_mitigation;

typedef struct {
  char *thp_enabled, *thp_defrag; /* the bracketed word: "madvise" */
  char **governors;               /* distinct scaling_governor values in PU order */
  size_t ngovernors;              /* 0: none readable */
  tvp_env_flag boost;             /* cpufreq/boost, or the opposite of intel_pstate/no_turbo */
  char *smt_control;              /* "on", "off", "forceoff", "notsupported", ... */
  tvp_env_flag smt_active;
  tvp_env_mitigation *mitigations; /* sorted by name; NULL when the folder is unreadable */
  size_t nmitigations;
  char *kernel_command_line, *clocksource;
  char *hypervisor_type;      /* /sys/hypervisor/type: "xen" */
  tvp_env_flag hypervisor_flag; /* the cpu flag 'hypervisor' in /proc/cpuinfo */
  char *sys_vendor, *product_name; /* DMI, from sysfs or else hwloc's root info */
  int cgroup_version;         /* 2, 1, 0 when neither could be read */
  char *cgroup_cpu_max;       /* the tightest on the way to the root, as cpu.max words: "max 100000", "150000 100000" */
  char *cgroup_memory_max;    /* likewise, memory.max's words: "max" or bytes */
  char *load_start, *load_end; /* /proc/loadavg's first three numbers: "0.52 0.58 0.59" */
} tvp_environment;

/* Reads the environment under root ("" or "/" for this machine; a folder for a
 * made-up tree), load_start included. topo, when not NULL, gives the DMI
 * vendor and product that hwloc found where sysfs has none. Never fails. */
void tvp_environment_probe(tvp_environment *e, const char *root, hwloc_topology_t topo);
/* Reads the load average again, as the run ends, into load_end. */
void tvp_environment_probe_end(tvp_environment *e, const char *root);
void tvp_environment_free(tvp_environment *e);

#endif
