/* How busy the machine is around a repetition, as the guest sees it: the load
 * average and the runnable tasks as it begins, and the CPU time the hypervisor
 * gave to others (steal) while it ran. Noise tvp cannot remove, recorded so a
 * reader can see it beside the figures it may have spoiled. */
#ifndef TVP_HOST_LOAD_H
#define TVP_HOST_LOAD_H

#include <stdint.h>

typedef struct {
  double load1;          /* 1-minute load average (/proc/loadavg); NAN unreadable */
  int64_t procs_running; /* runnable tasks (/proc/stat procs_running); -1 unreadable */
  int64_t steal_ticks;   /* the cpu line's steal field, in USER_HZ ticks; -1 unreadable */
} tvp_host_load;

/* Reads the three figures now. */
void tvp_host_load_read(tvp_host_load *h);
/* Steal between two readings, in seconds; NAN when either could not read it. */
double tvp_host_steal_s(const tvp_host_load *before, const tvp_host_load *after);
/* One line of /proc/stat: sets *steal_ticks from the "cpu" line (a kernel
 * before 2.6.11 writes no steal field there) and *procs_running from its own
 * line; any other line changes neither. */
void tvp_host_parse_stat_line(const char *line, int64_t *procs_running, int64_t *steal_ticks);

#endif
