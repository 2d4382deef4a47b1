/* Reads the environment (see environment.h) from sysfs and procfs. Every
 * reader gives up quietly: a container hides half of these files, a VM or an
 * arm machine has others missing, and none of that may stop a run. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "results/environment.h"

#define PATH_LEN 4096

/* root + path; "" and "/" are this machine. */
static void under(char *out, const char *root, const char *path) {
  size_t n = strlen(root);
  while (n > 0 && root[n - 1] == '/')
    n--;
  snprintf(out, PATH_LEN, "%.*s%s", (int)n, root, path);
}

/* The first max - 1 bytes of a file, NUL-terminated (malloc'd), or NULL. Not
 * blocking: a FIFO where a file should be gives nothing rather than a hang. */
static char *slurp(const char *path, size_t max) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return NULL;
  char *text = tvp_xcalloc(max, 1);
  size_t got = 0;
  while (got < max - 1) {
    ssize_t r = read(fd, text + got, max - 1 - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0) {
      if (r < 0) {
        free(text);
        text = NULL;
      }
      break;
    }
    got += (size_t)r;
  }
  close(fd);
  return text;
}

/* The first line of root/path, trimmed (malloc'd); NULL when the file is
 * missing, unreadable or has nothing on it. */
static char *first_line(const char *root, const char *path) {
  char full[PATH_LEN];
  under(full, root, path);
  char *text = slurp(full, 8192);
  if (!text)
    return NULL;
  text[strcspn(text, "\n")] = '\0';
  char *t = tvp_trim(text);
  char *line = *t ? tvp_xstrdup(t) : NULL;
  free(text);
  return line;
}

/* The word in brackets, the one in force: "always [madvise] never". */
static char *bracketed(const char *root, const char *path) {
  char *line = first_line(root, path), *word = NULL;
  char *left = line ? strchr(line, '[') : NULL, *right = left ? strchr(left, ']') : NULL;
  if (right && right > left + 1) {
    *right = '\0';
    word = tvp_xstrdup(left + 1);
  }
  free(line);
  return word;
}

/* A file that holds 1 or 0; invert for one that says the opposite. */
static tvp_env_flag flag(const char *root, const char *path, int invert) {
  char *line = first_line(root, path);
  tvp_env_flag f = TVP_ENV_UNKNOWN;
  if (line && (strcmp(line, "0") == 0 || strcmp(line, "1") == 0))
    f = (line[0] == '1') != (invert != 0) ? TVP_ENV_YES : TVP_ENV_NO;
  free(line);
  return f;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in root/path (without . files), sorted; NULL when unreadable. */
static char **names_in(const char *root, const char *path, size_t *n) {
  char full[PATH_LEN];
  under(full, root, path);
  *n = 0;
  DIR *d = opendir(full);
  if (!d)
    return NULL;
  char **names = tvp_xcalloc(1, sizeof *names);
  const struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    names = tvp_xrealloc(names, (*n + 2) * sizeof *names);
    names[(*n)++] = tvp_xstrdup(de->d_name);
  }
  closedir(d);
  qsort(names, *n, sizeof *names, by_name);
  return names;
}

static void free_names(char **names, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

/* "cpu12" gives 12; anything else (cpufreq, cpuidle, cpu1a) -1. */
static long cpu_number(const char *name) {
  if (strncmp(name, "cpu", 3) != 0 || !isdigit((unsigned char)name[3]))
    return -1;
  char *end;
  long k = strtol(name + 3, &end, 10);
  return *end ? -1 : k;
}

static int by_number(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

/* The distinct governors over the PUs, in the order of the PUs' numbers. */
static void governors(tvp_environment *e, const char *root) {
  size_t n;
  char **names = names_in(root, "/sys/devices/system/cpu", &n);
  long *cpus = tvp_xcalloc(n + 1, sizeof *cpus);
  size_t ncpus = 0;
  for (size_t i = 0; i < n; i++)
    if (cpu_number(names[i]) >= 0)
      cpus[ncpus++] = cpu_number(names[i]);
  free_names(names, n);
  qsort(cpus, ncpus, sizeof *cpus, by_number);
  e->governors = tvp_xcalloc(ncpus + 1, sizeof *e->governors);
  for (size_t i = 0; i < ncpus; i++) {
    char path[64];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%ld/cpufreq/scaling_governor", cpus[i]);
    char *g = first_line(root, path);
    size_t before = e->ngovernors;
    if (g)
      tvp_distinct_text((const char **)e->governors, &e->ngovernors, g);
    if (e->ngovernors == before)
      free(g); /* unreadable, or seen on an earlier PU */
  }
  free(cpus);
}

static void mitigations(tvp_environment *e, const char *root) {
  static const char dir[] = "/sys/devices/system/cpu/vulnerabilities";
  size_t n;
  char **names = names_in(root, dir, &n);
  if (!names)
    return;
  e->mitigations = tvp_xcalloc(n + 1, sizeof *e->mitigations);
  for (size_t i = 0; i < n; i++) {
    char path[PATH_LEN];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    e->mitigations[i] = (tvp_env_mitigation){.name = names[i], .text = first_line(root, path)};
  }
  e->nmitigations = n;
  free(names); /* the names now belong to the mitigations */
}

/* Whether the first "flags" line of /proc/cpuinfo names 'hypervisor' (x86 sets
 * it inside a VM); unknown without such a line (arm says "Features"). */
static tvp_env_flag hypervisor_flag(const char *root) {
  char full[PATH_LEN];
  under(full, root, "/proc/cpuinfo");
  char *text = slurp(full, 1 << 16);
  tvp_env_flag f = TVP_ENV_UNKNOWN;
  for (char *line = text; line && *line;) {
    char *next = line + strcspn(line, "\n");
    char *colon = memchr(line, ':', (size_t)(next - line)), *save = NULL;
    if (strncmp(line, "flags", 5) == 0 && colon) {
      *next = '\0';
      f = TVP_ENV_NO;
      for (char *w = strtok_r(colon + 1, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
        if (strcmp(w, "hypervisor") == 0)
          f = TVP_ENV_YES;
      break;
    }
    line = *next ? next + 1 : next;
  }
  free(text);
  return f;
}

/* sysfs's DMI text, or else what hwloc put in the root object's infos. */
static char *dmi(const char *root, const char *file, hwloc_topology_t topo, const char *info) {
  char path[128];
  snprintf(path, sizeof path, "/sys/class/dmi/id/%s", file);
  char *v = first_line(root, path);
  if (!v && topo) {
    const char *h = hwloc_obj_get_info_by_name(hwloc_get_root_obj(topo), info);
    v = h && *h ? tvp_xstrdup(h) : NULL;
  }
  return v;
}

/* A plain decimal number, such as the load average prints: JSON takes it as is. */
static int plain_number(const char *s, size_t n) {
  size_t dots = 0;
  if (n == 0 || !isdigit((unsigned char)s[0]))
    return 0;
  for (size_t i = 0; i < n; i++) {
    dots += s[i] == '.';
    if (!isdigit((unsigned char)s[i]) && s[i] != '.')
      return 0;
  }
  return dots <= 1 && s[n - 1] != '.';
}

/* "0.52 0.58 0.59": the first three fields of /proc/loadavg, or NULL. */
static char *load_average(const char *root) {
  char *line = first_line(root, "/proc/loadavg");
  if (!line)
    return NULL;
  const char *p = line;
  size_t end = 0;
  for (int k = 0; k < 3; k++) {
    size_t len = strcspn(p, " \t");
    if (!plain_number(p, len)) {
      free(line);
      return NULL;
    }
    p += len;
    end = (size_t)(p - line);
    p += strspn(p, " \t");
  }
  line[end] = '\0';
  return line;
}

/* A cgroup's limit, read from its folder dir: the words to record (malloc'd)
 * and how tight it is in *bound (CPUs or bytes; INFINITY for no limit), or
 * NULL when the files are not there or say something else. */
typedef char *(*limit_reader)(const char *dir, double *bound);

/* s is all digits: its value in *v. */
static int decimal(const char *s, double *v) {
  if (!*s || strspn(s, "0123456789") != strlen(s))
    return 0;
  *v = strtod(s, NULL);
  return 1;
}

static char *file_in(const char *dir, const char *name) {
  char path[PATH_LEN];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return first_line("", path);
}

/* cgroup v2's cpu.max: "max 100000", or "150000 100000" for 1.5 CPUs. */
static char *cpu_v2(const char *dir, double *bound) {
  char *line = file_in(dir, "cpu.max");
  char quota[32] = "", period[32] = "";
  double q = 0, p = 0;
  if (!line || sscanf(line, "%31s %31s", quota, period) != 2 || !decimal(period, &p) || p <= 0 ||
      (strcmp(quota, "max") != 0 && !decimal(quota, &q))) {
    free(line);
    return NULL;
  }
  *bound = strcmp(quota, "max") == 0 ? INFINITY : q / p;
  return line;
}

/* cgroup v2's memory.max: "max" or bytes. */
static char *memory_v2(const char *dir, double *bound) {
  char *line = file_in(dir, "memory.max");
  if (line && strcmp(line, "max") == 0)
    *bound = INFINITY;
  else if (!line || !decimal(line, bound)) {
    free(line);
    return NULL;
  }
  return line;
}

/* cgroup v1's cfs quota (-1: none) and period, in cpu.max's words. */
static char *cpu_v1(const char *dir, double *bound) {
  char *quota = file_in(dir, "cpu.cfs_quota_us"), *period = file_in(dir, "cpu.cfs_period_us");
  char *words = NULL;
  double q = 0, p = 0;
  if (quota && period && decimal(period, &p) && p > 0 &&
      (strcmp(quota, "-1") == 0 || decimal(quota, &q))) {
    *bound = strcmp(quota, "-1") == 0 ? INFINITY : q / p;
    size_t len = strlen(quota) + strlen(period) + 5;
    words = tvp_xcalloc(len, 1);
    snprintf(words, len, "%s %s", strcmp(quota, "-1") == 0 ? "max" : quota, period);
  }
  free(quota);
  free(period);
  return words;
}

/* cgroup v1's memory.limit_in_bytes, which says "no limit" with a number near
 * 2^63: "max" for anything past 2^62 bytes, as v2 would say it. */
static char *memory_v1(const char *dir, double *bound) {
  char *line = file_in(dir, "memory.limit_in_bytes");
  if (!line || !decimal(line, bound)) {
    free(line);
    return NULL;
  }
  if (*bound >= 0x1p62) {
    free(line);
    *bound = INFINITY;
    return tvp_xstrdup("max");
  }
  return line;
}

/* The tightest limit that read finds in base + path and in each cgroup above
 * it, up to base, the hierarchy's root. In v2 a cgroup without the file is not
 * limited (the root never has cpu.max): none found is "max". NULL when the
 * cgroup's folder is not there (another mount namespace). */
static char *tightest(const char *base, const char *path, limit_reader read, int none_means_max) {
  if (path[0] != '/' || strstr(path, "/.."))
    return NULL;
  char dir[PATH_LEN];
  snprintf(dir, sizeof dir, "%s%s", base, path);
  size_t floor = strlen(base), n = strlen(dir);
  while (n > floor && dir[n - 1] == '/')
    dir[--n] = '\0';
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return NULL;
  char *best = NULL;
  double best_bound = INFINITY;
  for (;;) {
    double bound = INFINITY;
    char *words = read(dir, &bound);
    if (words && (!best || bound < best_bound)) {
      free(best);
      best = words;
      best_bound = bound;
    } else {
      free(words);
    }
    char *slash = strrchr(dir + floor, '/'); /* up to the parent, until the root */
    if (!slash)
      break;
    *slash = '\0';
  }
  return best ? best : none_means_max ? tvp_xstrdup("max") : NULL;
}

/* The controllers field of a v1 line ("cpu,cpuacct") names c. */
static int names_controller(const char *list, size_t len, const char *c) {
  size_t n = strlen(c);
  for (const char *p = list; p < list + len; p += strcspn(p, ",:") + 1)
    if (strncmp(p, c, n) == 0 && (p[n] == ',' || p[n] == ':'))
      return 1;
  return 0;
}

/* From /proc/self/cgroup: the unified hierarchy's line "0::PATH" when
 * /sys/fs/cgroup is that hierarchy (v2), else the lines of v1's cpu and
 * memory controllers, mounted at /sys/fs/cgroup/cpu and .../memory. */
static void cgroup_limits(tvp_environment *e, const char *root) {
  char full[PATH_LEN], base[PATH_LEN], mount[PATH_LEN + 32];
  under(full, root, "/proc/self/cgroup");
  under(base, root, "/sys/fs/cgroup");
  snprintf(mount, sizeof mount, "%s/cgroup.controllers", base);
  int v2 = access(mount, F_OK) == 0;
  char *text = slurp(full, 1 << 16), *save = NULL;
  for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
    char *list = strchr(line, ':'), *path = list ? strchr(list + 1, ':') : NULL;
    if (!path)
      continue;
    list++;
    size_t len = (size_t)(path - list);
    path++;
    if (v2 && strncmp(line, "0::", 3) == 0 && e->cgroup_version != 2) {
      e->cgroup_version = 2;
      e->cgroup_cpu_max = tightest(base, path, cpu_v2, 1);
      e->cgroup_memory_max = tightest(base, path, memory_v2, 1);
    } else if (!v2 && len > 0) {
      /* The first line of each controller: v1 lists a controller once. */
      if (names_controller(list, len, "cpu") && !e->cgroup_cpu_max) {
        snprintf(mount, sizeof mount, "%s/cpu", base);
        e->cgroup_version = 1;
        e->cgroup_cpu_max = tightest(mount, path, cpu_v1, 0);
      }
      if (names_controller(list, len, "memory") && !e->cgroup_memory_max) {
        snprintf(mount, sizeof mount, "%s/memory", base);
        e->cgroup_version = 1;
        e->cgroup_memory_max = tightest(mount, path, memory_v1, 0);
      }
    }
  }
  free(text);
}

void tvp_environment_probe_end(tvp_environment *e, const char *root) {
  free(e->load_end);
  e->load_end = load_average(root ? root : "");
}

void tvp_environment_probe(tvp_environment *e, const char *root, hwloc_topology_t topo) {
  *e = (tvp_environment){.boost = TVP_ENV_UNKNOWN, .smt_active = TVP_ENV_UNKNOWN};
  root = root ? root : "";
  e->thp_enabled = bracketed(root, "/sys/kernel/mm/transparent_hugepage/enabled");
  e->thp_defrag = bracketed(root, "/sys/kernel/mm/transparent_hugepage/defrag");
  governors(e, root);
  e->boost = flag(root, "/sys/devices/system/cpu/cpufreq/boost", 0);
  if (e->boost == TVP_ENV_UNKNOWN)
    e->boost = flag(root, "/sys/devices/system/cpu/intel_pstate/no_turbo", 1);
  e->smt_control = first_line(root, "/sys/devices/system/cpu/smt/control");
  e->smt_active = flag(root, "/sys/devices/system/cpu/smt/active", 0);
  mitigations(e, root);
  e->kernel_command_line = first_line(root, "/proc/cmdline");
  e->clocksource = first_line(root, "/sys/devices/system/clocksource/clocksource0/current_clocksource");
  e->hypervisor_type = first_line(root, "/sys/hypervisor/type");
  e->hypervisor_flag = hypervisor_flag(root);
  e->sys_vendor = dmi(root, "sys_vendor", topo, "DMISysVendor");
  e->product_name = dmi(root, "product_name", topo, "DMIProductName");
  cgroup_limits(e, root);
  e->load_start = load_average(root);
}

void tvp_environment_free(tvp_environment *e) {
  free(e->thp_enabled);
  free(e->thp_defrag);
  free_names(e->governors, e->ngovernors);
  free(e->smt_control);
  for (size_t i = 0; i < e->nmitigations; i++) {
    free(e->mitigations[i].name);
    free(e->mitigations[i].text);
  }
  free(e->mitigations);
  free(e->kernel_command_line);
  free(e->clocksource);
  free(e->hypervisor_type);
  free(e->sys_vendor);
  free(e->product_name);
  free(e->cgroup_cpu_max);
  free(e->cgroup_memory_max);
  free(e->load_start);
  free(e->load_end);
  *e = (tvp_environment){.boost = TVP_ENV_UNKNOWN, .smt_active = TVP_ENV_UNKNOWN};
}
