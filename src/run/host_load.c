/* Machine-wide load around a repetition (see host_load.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/host_load.h"

/* The whole of a small /proc file, NUL-ended; 0 or -1. */
static int read_small(const char *path, char *buf, size_t len) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  size_t n = fread(buf, 1, len - 1, f);
  fclose(f);
  buf[n] = '\0';
  return n ? 0 : -1;
}

void tvp_host_parse_stat_line(const char *line, int64_t *procs_running, int64_t *steal_ticks) {
  if (strncmp(line, "procs_running ", 14) == 0) {
    *procs_running = strtoll(line + 14, NULL, 10);
    return;
  }
  if (strncmp(line, "cpu ", 4) != 0)
    return;
  /* cpu  user nice system idle iowait irq softirq steal ... (USER_HZ ticks): the 8th */
  const char *p = line + 4;
  for (int field = 1; field <= 8; field++) {
    char *end;
    while (*p == ' ')
      p++;
    if (*p < '0' || *p > '9')
      return; /* a kernel before 2.6.11 stops before steal */
    long long v = strtoll(p, &end, 10);
    p = end;
    if (field == 8)
      *steal_ticks = v;
  }
}

/* /proc/stat line by line: its intr line alone can run to hundreds of KiB. */
static void read_stat(int64_t *procs_running, int64_t *steal_ticks) {
  *procs_running = *steal_ticks = -1;
  FILE *f = fopen("/proc/stat", "r");
  if (!f)
    return;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, f) > 0)
    tvp_host_parse_stat_line(line, procs_running, steal_ticks);
  free(line);
  fclose(f);
}

void tvp_host_load_read(tvp_host_load *h) {
  char loadavg[128];
  h->load1 = NAN;
  if (read_small("/proc/loadavg", loadavg, sizeof loadavg) == 0) {
    char *end;
    double v = strtod(loadavg, &end);
    if (end != loadavg)
      h->load1 = v;
  }
  read_stat(&h->procs_running, &h->steal_ticks);
}

double tvp_host_steal_s(const tvp_host_load *before, const tvp_host_load *after) {
  long hz = sysconf(_SC_CLK_TCK);
  if (before->steal_ticks < 0 || after->steal_ticks < before->steal_ticks || hz <= 0)
    return NAN;
  return (double)(after->steal_ticks - before->steal_ticks) / (double)hz;
}
