/* Was a repetition disturbed? A worker that has a PU of its own should never
 * wait on a run queue: when it does, something outside the measurement (another
 * process, another guest on the host) took its CPU, and the repetition's time
 * says more about that neighbour than about the model. Such a repetition is
 * flagged, kept in runs.csv, and left out of every statistic. */
#ifndef TVP_DISTURBANCE_H
#define TVP_DISTURBANCE_H

#include "cell/region.h"

/* --disturbed-above's default, in percent of the wall time: a quiet machine
 * shows a few hundredths of a percent, a busy neighbour on the PU tens of
 * percent (docs/methodology.md has the measurement). */
#define TVP_DISTURBED_ABOVE_PCT 5.0

/* One worker, as the rule sees it. */
typedef struct {
  double runq_wait_s; /* waiting on a run queue in its timed region; negative: unreadable */
  int own_pu;         /* 1: no other worker of the repetition could run where it ran */
} tvp_worker_wait;

/* The largest run-queue wait over wall_s among the workers whose wait was
 * read; NAN when none was (or wall_s is not positive). Every worker counts,
 * oversubscribed ones too: it is a figure, not the rule. */
double tvp_runq_wait_share(const tvp_worker_wait *w, unsigned n, double wall_s);

/* 1 when a worker with a PU of its own waited on a run queue for more than
 * `above` (a fraction: 0.05 is 5 %; 1 or more: never) of wall_s; else 0. A worker without a PU
 * of its own waits by design and never flags a repetition; an unreadable wait
 * is no evidence either way. */
int tvp_disturbed(const tvp_worker_wait *w, unsigned n, double wall_s, double above);

/* The rule's view of each worker of a repetition from its sample: the
 * run-queue wait it read (-1 unreadable), and whether it had a PU of its own:
 * bound (the sample's cpuset, an hwloc list) to PUs no other worker on the
 * same host is bound to, or unbound in a repetition that is not oversubscribed
 * (no more workers than PUs). A cpuset that does not parse counts as shared. */
void tvp_worker_waits(const tvp_sample *samples, unsigned n, int oversubscribed, tvp_worker_wait *w);

#endif
