/* The disturbance rule (see disturbance.h): pure functions of the readings. */
#include <hwloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "run/disturbance.h"

double tvp_runq_wait_share(const tvp_worker_wait *w, unsigned n, double wall_s) {
  double most = NAN;
  if (!(wall_s > 0))
    return NAN;
  for (unsigned i = 0; i < n; i++) /* !(x <= NAN) holds: the first wait read is taken */
    if (w[i].runq_wait_s >= 0 && !(w[i].runq_wait_s / wall_s <= most))
      most = w[i].runq_wait_s / wall_s;
  return most;
}

int tvp_disturbed(const tvp_worker_wait *w, unsigned n, double wall_s, double above) {
  /* 100 % means never: a wait read just outside the timed region can push a
   * share past 1 on a machine busy enough. */
  if (!(wall_s > 0) || above >= 1)
    return 0;
  for (unsigned i = 0; i < n; i++)
    if (w[i].own_pu && w[i].runq_wait_s >= 0 && w[i].runq_wait_s / wall_s > above)
      return 1;
  return 0;
}

/* Clears own[] for the bound workers of samples[first]'s host that share a PU
 * with another of them, and marks that host's workers done: one pass, keeping
 * the PUs seen once and those seen again. */
static void shared_on_host(const tvp_sample *samples, unsigned n, unsigned first,
                           hwloc_bitmap_t *sets, unsigned char *done, int *own) {
  hwloc_bitmap_t once = hwloc_bitmap_alloc(), twice = hwloc_bitmap_alloc(), both = hwloc_bitmap_alloc();
  const char *host = samples[first].host;
  int nomem = !once || !twice || !both; /* then no worker here is known to be alone */
  for (unsigned j = first; j < n && !nomem; j++)
    if (sets[j] && !done[j] && strcmp(samples[j].host, host) == 0) {
      hwloc_bitmap_and(both, once, sets[j]);
      hwloc_bitmap_or(twice, twice, both);
      hwloc_bitmap_or(once, once, sets[j]);
    }
  for (unsigned j = first; j < n; j++)
    if (sets[j] && !done[j] && strcmp(samples[j].host, host) == 0) {
      done[j] = 1;
      if (nomem || hwloc_bitmap_intersects(sets[j], twice))
        own[j] = 0;
    }
  hwloc_bitmap_free(once);
  hwloc_bitmap_free(twice);
  hwloc_bitmap_free(both);
}

static void own_pus(const tvp_sample *samples, unsigned n, int oversubscribed, int *own) {
  hwloc_bitmap_t *sets = tvp_xcalloc(n ? n : 1, sizeof *sets);
  unsigned char *done = tvp_xcalloc(n ? n : 1, 1);
  for (unsigned i = 0; i < n; i++) {
    own[i] = !oversubscribed; /* unbound: as many PUs as workers, or not */
    if (!samples[i].cpuset[0])
      continue;
    own[i] = 1;
    sets[i] = hwloc_bitmap_alloc();
    if (!sets[i] || hwloc_bitmap_list_sscanf(sets[i], samples[i].cpuset) != 0 ||
        hwloc_bitmap_iszero(sets[i])) {
      own[i] = 0;
      hwloc_bitmap_free(sets[i]);
      sets[i] = NULL;
    }
  }
  for (unsigned i = 0; i < n; i++)
    if (sets[i] && !done[i])
      shared_on_host(samples, n, i, sets, done, own);
  for (unsigned i = 0; i < n; i++)
    hwloc_bitmap_free(sets[i]);
  free(sets);
  free(done);
}

void tvp_worker_waits(const tvp_sample *samples, unsigned n, int oversubscribed, tvp_worker_wait *w) {
  int *own = tvp_xcalloc(n ? n : 1, sizeof *own);
  own_pus(samples, n, oversubscribed, own);
  for (unsigned i = 0; i < n; i++) {
    int64_t ns = samples[i].sched.runq_wait_ns;
    w[i].runq_wait_s = ns >= 0 ? (double)ns / 1e9 : -1;
    w[i].own_pu = own[i];
  }
  free(own);
}
