/* What the scheduler says of a worker's thread over its timed region: time on
 * a CPU, time spent runnable but waiting on a run queue, and how many times it
 * was put on a CPU. The wait is what a neighbour (another process, another
 * guest's vCPU on the same host core) costs the worker, as the guest sees it. */
#ifndef TVP_SCHEDSTAT_H
#define TVP_SCHEDSTAT_H

#include <stdint.h>

typedef struct {
  int64_t oncpu_ns;     /* CLOCK_THREAD_CPUTIME_ID: up to date, unlike schedstat's own first field */
  int64_t runq_wait_ns; /* -1: unreadable */
  int64_t timeslices;   /* -1: unreadable */
} tvp_schedstat;

/* Opens the calling thread's /proc/thread-self/schedstat, outside any timed
 * region: the descriptor names this thread wherever it is read from. -1 when
 * there is none (no procfs, a kernel without it). */
int tvp_schedstat_open(void);
/* Reads the calling thread's figures through fd (from tvp_schedstat_open, or
 * -1). The wait and timeslices are -1 when the file cannot be read or the
 * kernel keeps no scheduler statistics (it then shows "0 0 0"). */
void tvp_schedstat_read(int fd, tvp_schedstat *out);
/* after - before; a field unreadable in either reading is -1. */
tvp_schedstat tvp_schedstat_diff(const tvp_schedstat *before, const tvp_schedstat *after);
/* Parses the file's text, "ONCPU_NS WAIT_NS TIMESLICES\n", into its three
 * numbers. 0, or -1 when it is not that or all three are 0 (no statistics). */
int tvp_schedstat_parse(const char *text, int64_t *oncpu_ns, int64_t *wait_ns, int64_t *slices);
/* Closes fd when it is open. */
void tvp_schedstat_close(int fd);

#endif
