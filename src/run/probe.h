/* The min-time probe (--min-time): before a run, each group of configurations
 * (plan/min_time.h) gets a size whose repetition at one worker lasts at least
 * the min-time. The probe is untimed work of its own: it runs the group's
 * first configuration at one worker (two for a kernel that pairs its workers),
 * under the thread model, at that configuration's placement, footprint, chunk
 * and scaling; it keeps no record but the size it chose. */
#ifndef TVP_PROBE_H
#define TVP_PROBE_H

#include <stddef.h>

#include "plan/min_time.h"
#include "run/runner.h"

/* A size grows by at least this factor between two probe runs, and by at most
 * TVP_PROBE_MAX_STEP, aiming at the min-time with the margin below. */
#define TVP_PROBE_MIN_STEP 2.0
#define TVP_PROBE_MAX_STEP 16.0
/* A run that lasts the min-time is run once more (another program can only
 * slow a run down, so the quicker of the two is the size's time). The first
 * size whose time reaches the min-time is scaled to min-time x margin, in
 * proportion to time or along the power law of the last two sizes' times:
 * repetitions vary, and most should still last the min-time. */
#define TVP_PROBE_MARGIN 1.2
/* A size grows to at most this many times the size it started from: a kernel
 * that is still under the min-time there stops and is reported capped. */
#define TVP_PROBE_MAX_GROWTH 4096

/* Told of each group once its size is settled (or it was left alone). */
typedef void (*tvp_probe_said)(void *ctx, const tvp_min_time_size *size);

/* Chooses the size of every pending group of sizes[0, n) (see min_time.h for
 * the outcomes), telling said (when not NULL) of every group in turn. rn gives
 * the topology, tmpdir and model options; its sink is not used. Returns 0, or
 * 128 + the signal when interrupted (the group being probed stays pending). */
int tvp_probe_sizes(const tvp_runner *rn, const tvp_plan *plan, tvp_min_time_size *sizes, size_t n,
                    tvp_probe_said said, void *ctx);

#endif
