/* --min-time: the sizes a probe chose, as the plan holds them. Every
 * configuration of one kernel at one starting size (its default or the size a
 * suite gave), footprint, chunk and min-time forms a group; the probe
 * (run/probe.h) runs the group once per size it tries, and every configuration
 * of the group, whatever its model, worker count and placement, then runs the
 * size chosen, so checksums still compare. meta.json records each group, so `tvp run --resume` puts the same
 * sizes back instead of probing again. */
#ifndef TVP_MIN_TIME_H
#define TVP_MIN_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"

/* What became of one group's size. */
typedef enum {
  TVP_SIZE_PENDING,  /* not probed yet */
  TVP_SIZE_GROWN,    /* grown until a probe lasted min-time, then scaled to it with a margin */
  TVP_SIZE_KEPT,     /* its first probe already lasted min-time: the size as given */
  TVP_SIZE_CAPPED,   /* the growth stopped at the cap before a probe lasted min-time */
  TVP_SIZE_FAILED,   /* a probe run failed: the size as given (its configurations fail alike) */
  TVP_SIZE_DURATION, /* fixed-time sweep: the duration sets the length, the size is a batch */
  TVP_SIZE_UNTIMED,  /* the kernel's length does not follow its size (time_ignores_size) */
} tvp_size_outcome;

typedef struct tvp_min_time_size {
  const tvp_kernel *kernel;
  uint64_t from;       /* the size the plan was made with */
  uint64_t footprint, chunk; /* of the group's configurations (0: the kernel's default) */
  double min_time_s;
  int duration;        /* the group is of a fixed-time sweep */
  size_t first;        /* its first configuration in the plan: placement, footprint, chunk,
                          scaling and timeout of the probe */
  tvp_size_outcome outcome;
  uint64_t units;      /* the size its configurations run */
  uint64_t probe_units; /* the size of the last probe run */
  double probe_wall_s; /* that run's wall time */
  unsigned probes;     /* probe runs made */
  char reason[320];     /* a failed probe's reason (a repetition's, which is shorter) */
} tvp_min_time_size;

/* The groups of the plan's configurations that have a min-time, in plan order,
 * pending, or left alone (duration, untimed) with units = from. Returns how
 * many (0: no configuration has a min-time; *out is then NULL). */
size_t tvp_min_time_groups(const tvp_plan *p, tvp_min_time_size **out);
/* Two groups of one kernel that came to one size would make configurations no
 * column tells apart: when sizes[i] was chosen (grown or capped) and an earlier
 * group of the kernel, one that keeps its size, or a configuration without
 * min-time already has it, it is raised a unit at a time until it is its own. */
void tvp_min_time_distinct(const tvp_plan *p, tvp_min_time_size *sizes, size_t n, size_t i);
/* Gives every configuration of each group the group's units. Call it once, on
 * a plan whose sizes are still the ones it was made with. */
void tvp_min_time_apply(tvp_plan *p, const tvp_min_time_size *sizes, size_t n);
/* The largest min-time of the groups, 0 when none. */
double tvp_min_time_largest(const tvp_min_time_size *sizes, size_t n);
/* "grown", "kept", "capped", "failed", "duration", "untimed" (meta.json's `outcome`). */
const char *tvp_size_outcome_name(tvp_size_outcome o);
/* The outcome of a name tvp_size_outcome_name gives; -1 for another. */
int tvp_size_outcome_parse(const char *name);
/* One line for a person: "cpu.primes: 20000 -> 251000 units (a probe of 160000
 * took 0.0812 s; 3 runs)", or why the size was left alone; the kernel is
 * followed by its footprint and chunk where they are set. */
void tvp_min_time_describe(const tvp_min_time_size *s, char *buf, size_t len);

#endif
