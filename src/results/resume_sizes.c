/* tvp run --resume of a run with --min-time: the sizes its probe chose come
 * back from meta.json (see resume.h), so the resumed part measures what the
 * first part did and the plan digest comes out the same. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/resume.h"

/* Does the record o hold group g's size? The min-time is written with 9
 * digits, so it is compared to that precision. */
static int records(const tvp_meta_obj *o, const tvp_min_time_size *g) {
  const char *kernel = tvp_meta_obj_get(o, "kernel"), *from = tvp_meta_obj_get(o, "from");
  const char *min_time = tvp_meta_obj_get(o, "min_time_s"), *outcome = tvp_meta_obj_get(o, "outcome");
  const char *footprint = tvp_meta_obj_get(o, "footprint"), *chunk = tvp_meta_obj_get(o, "chunk");
  if (!kernel || !from || !min_time || !outcome || !footprint || !chunk ||
      strcmp(kernel, g->kernel->name) != 0)
    return 0;
  double t = strtod(min_time, NULL);
  return strtoull(from, NULL, 10) == g->from && strtoull(footprint, NULL, 10) == g->footprint &&
         strtoull(chunk, NULL, 10) == g->chunk && fabs(t - g->min_time_s) <= 1e-8 * g->min_time_s &&
         (strcmp(outcome, "duration") == 0) == g->duration;
}

/* g as the record o says it was settled. 0, or -1 when o is not a size. */
static int restore(const tvp_meta_obj *o, tvp_min_time_size *g) {
  const char *units = tvp_meta_obj_get(o, "units"), *outcome = tvp_meta_obj_get(o, "outcome");
  const char *probes = tvp_meta_obj_get(o, "probes"), *probe_units = tvp_meta_obj_get(o, "probe_units");
  const char *wall = tvp_meta_obj_get(o, "probe_wall_s"), *reason = tvp_meta_obj_get(o, "reason");
  int got = outcome ? tvp_size_outcome_parse(outcome) : -1;
  char *end = NULL;
  unsigned long long u = units ? strtoull(units, &end, 10) : 0;
  if (got <= TVP_SIZE_PENDING || !units || !*units || *end || u == 0)
    return -1;
  g->outcome = (tvp_size_outcome)got;
  g->units = u;
  g->probes = probes ? (unsigned)strtoul(probes, NULL, 10) : 0;
  g->probe_units = probe_units ? strtoull(probe_units, NULL, 10) : 0;
  g->probe_wall_s = wall ? strtod(wall, NULL) : 0;
  snprintf(g->reason, sizeof g->reason, "%s", reason ? reason : "");
  return 0;
}

int tvp_resume_sizes(const tvp_resume_info *ri, const char *dir, tvp_plan *plan,
                     tvp_min_time_size **sizes, size_t *n, char *err, size_t errlen) {
  *n = tvp_min_time_groups(plan, sizes);
  for (size_t i = 0; i < *n; i++) {
    tvp_min_time_size *g = &(*sizes)[i];
    const tvp_meta_obj *o = NULL;
    for (size_t r = 0; r < ri->doc.nsizes && !o; r++)
      if (records(&ri->doc.sizes[r], g))
        o = &ri->doc.sizes[r];
    if (o ? restore(o, g) == 0 : g->outcome != TVP_SIZE_PENDING)
      continue; /* a size left alone needs no record: it is the size as given */
    snprintf(err, errlen, "--resume '%s': meta.json records no size that --min-time %g s chose for "
             "%s from %llu units (footprint %llu, chunk %llu), so the plan the run measured cannot "
             "be made again (start a new run)", dir, g->min_time_s, g->kernel->name,
             (unsigned long long)g->from, (unsigned long long)g->footprint,
             (unsigned long long)g->chunk);
    free(*sizes);
    *sizes = NULL;
    *n = 0;
    return -1;
  }
  tvp_min_time_apply(plan, *sizes, *n);
  return 0;
}
