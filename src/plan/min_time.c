/* The groups of configurations a min-time probe sizes, and their sizes put
 * into the plan (see min_time.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "plan/min_time.h"

static const char *const outcome_names[] = {
    [TVP_SIZE_PENDING] = "pending", [TVP_SIZE_GROWN] = "grown",       [TVP_SIZE_KEPT] = "kept",
    [TVP_SIZE_CAPPED] = "capped",   [TVP_SIZE_FAILED] = "failed",     [TVP_SIZE_DURATION] = "duration",
    [TVP_SIZE_UNTIMED] = "untimed"};

const char *tvp_size_outcome_name(tvp_size_outcome o) {
  return (size_t)o < sizeof outcome_names / sizeof outcome_names[0] ? outcome_names[o] : "pending";
}

int tvp_size_outcome_parse(const char *name) {
  for (size_t i = 0; i < sizeof outcome_names / sizeof outcome_names[0]; i++)
    if (strcmp(name, outcome_names[i]) == 0)
      return (int)i;
  return -1;
}

static int in_group(const tvp_config *c, const tvp_min_time_size *g) {
  return c->kernel == g->kernel && c->units == g->from && c->footprint == g->footprint &&
         c->chunk == g->chunk && c->min_time_s == g->min_time_s &&
         (c->scaling == TVP_SCALING_DURATION) == g->duration;
}

/* The group of configuration c among groups[0, n), or n. */
static size_t group_of(const tvp_config *c, const tvp_min_time_size *groups, size_t n) {
  size_t g = 0;
  while (g < n && !in_group(c, &groups[g]))
    g++;
  return g;
}

size_t tvp_min_time_groups(const tvp_plan *p, tvp_min_time_size **out) {
  tvp_min_time_size *groups = NULL;
  size_t n = 0;
  for (size_t i = 0; i < p->n; i++) {
    const tvp_config *c = &p->configs[i];
    if (c->min_time_s <= 0 || group_of(c, groups, n) < n)
      continue;
    groups = tvp_xrealloc(groups, (n + 1) * sizeof *groups);
    tvp_min_time_size *g = &groups[n++];
    memset(g, 0, sizeof *g);
    g->kernel = c->kernel;
    g->from = g->units = c->units;
    g->footprint = c->footprint;
    g->chunk = c->chunk;
    g->min_time_s = c->min_time_s;
    g->duration = c->scaling == TVP_SCALING_DURATION;
    g->first = i;
    g->outcome = g->duration                    ? TVP_SIZE_DURATION
                 : c->kernel->time_ignores_size ? TVP_SIZE_UNTIMED
                                                : TVP_SIZE_PENDING;
  }
  *out = groups;
  return n;
}

static int chosen(const tvp_min_time_size *s) {
  return s->outcome == TVP_SIZE_GROWN || s->outcome == TVP_SIZE_CAPPED;
}

/* Does a group other than sizes[i], or a configuration without min-time, run
 * sizes[i]'s kernel at units? Groups after i that may still be chosen count
 * at the size they start from, which they may keep. */
static int size_taken(const tvp_plan *p, const tvp_min_time_size *sizes, size_t n, size_t i,
                      uint64_t units) {
  const tvp_min_time_size *me = &sizes[i];
  for (size_t j = 0; j < n; j++)
    if (j != i && sizes[j].kernel == me->kernel && sizes[j].footprint == me->footprint &&
        sizes[j].chunk == me->chunk && !sizes[j].duration && sizes[j].units == units &&
        (j < i || !chosen(&sizes[j])))
      return 1;
  for (size_t c = 0; c < p->n; c++) {
    const tvp_config *cfg = &p->configs[c];
    if (cfg->min_time_s <= 0 && cfg->kernel == me->kernel && cfg->footprint == me->footprint &&
        cfg->chunk == me->chunk && cfg->scaling != TVP_SCALING_DURATION && cfg->units == units)
      return 1;
  }
  return 0;
}

void tvp_min_time_distinct(const tvp_plan *p, tvp_min_time_size *sizes, size_t n, size_t i) {
  while (chosen(&sizes[i]) && size_taken(p, sizes, n, i, sizes[i].units))
    sizes[i].units++;
}

void tvp_min_time_apply(tvp_plan *p, const tvp_min_time_size *sizes, size_t n) {
  /* Every group is found before any size changes: a size chosen for one group
   * may be the size another starts from. */
  size_t *group = tvp_xcalloc(p->n ? p->n : 1, sizeof *group);
  for (size_t i = 0; i < p->n; i++)
    group[i] = p->configs[i].min_time_s > 0 ? group_of(&p->configs[i], sizes, n) : n;
  for (size_t i = 0; i < p->n; i++)
    if (group[i] < n)
      p->configs[i].units = sizes[group[i]].units;
  free(group);
}

double tvp_min_time_largest(const tvp_min_time_size *sizes, size_t n) {
  double most = 0;
  for (size_t i = 0; i < n; i++)
    if (sizes[i].min_time_s > most)
      most = sizes[i].min_time_s;
  return most;
}

void tvp_min_time_describe(const tvp_min_time_size *s, char *buf, size_t len) {
  char k[160];
  int at = snprintf(k, sizeof k, "%s", s->kernel->name);
  if (s->footprint)
    at += snprintf(k + at, sizeof k - (size_t)at, " footprint %llu", (unsigned long long)s->footprint);
  if (s->chunk)
    snprintf(k + at, sizeof k - (size_t)at, " chunk %llu", (unsigned long long)s->chunk);
  unsigned long long from = s->from, units = s->units, probed = s->probe_units;
  unsigned runs = s->probes;
  const char *plural = runs == 1 ? "" : "s";
  switch (s->outcome) {
  case TVP_SIZE_GROWN:
    snprintf(buf, len, "%s: %llu -> %llu units (a probe of %llu took %.3g s; %u run%s)", k, from,
             units, probed, s->probe_wall_s, runs, plural);
    break;
  case TVP_SIZE_KEPT:
    snprintf(buf, len, "%s: %llu units kept (a probe took %.3g s, already the min-time)", k, from,
             s->probe_wall_s);
    break;
  case TVP_SIZE_CAPPED:
    snprintf(buf, len, "%s: %llu -> %llu units, capped: a probe of %llu took %.3g s, under the "
             "min-time of %g s, when the growth reached its cap (%u run%s)", k, from, units, probed,
             s->probe_wall_s, s->min_time_s, runs, plural);
    break;
  case TVP_SIZE_FAILED:
    snprintf(buf, len, "%s: %llu units kept: a probe failed (%s)", k, from, s->reason);
    break;
  case TVP_SIZE_DURATION:
    snprintf(buf, len, "%s: left alone: in a fixed-time sweep the duration sets how long a "
             "repetition lasts", k);
    break;
  case TVP_SIZE_UNTIMED:
    snprintf(buf, len, "%s: left alone: its repetitions do not last longer for a larger size", k);
    break;
  case TVP_SIZE_PENDING:
  default: snprintf(buf, len, "%s: %llu units, not probed", k, from); break;
  }
}
