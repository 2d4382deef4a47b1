/* tvp export --format gbench: a run folder as Google Benchmark's JSON output
 * (its reporter's "context" and "benchmarks"), so that Google Benchmark's
 * tools/compare.py and the dashboards made for its files read tvp's results.
 * docs/csv.md says how each field is filled; tests/schemas/gbench.schema.json
 * is its JSON Schema. */
#ifndef TVP_GBENCH_H
#define TVP_GBENCH_H

#include "base/util.h"
#include "results/run_folder.h"

/* How many of time_unit make a second ("ns" 1e9, "us" 1e6, "ms" 1e3, "s" 1:
 * Google Benchmark's four units); 0 for any other word. */
double tvp_gbench_per_second(const char *unit);

/* Appends point p's benchmark name: the kernel (the family), then
 * "/NAME:VALUE" for every sweep dimension with a CSV column that has a value,
 * in the dimension table's order (plan/dimensions.h), the size as the plan
 * asked for it: "cpu.primes/model:fork/placement:core/scaling:strong/
 * workers:2/size:20000". Two runs of one configuration get one name. */
void tvp_gbench_name(tvp_buf *out, const tvp_point *p);

/* Appends run folder f (read with TVP_RUN_RUNS | TVP_RUN_META) as Google
 * Benchmark JSON, times in unit (see tvp_gbench_per_second): per
 * configuration, in plan order, an "iteration" entry per counted repetition
 * (measured, ok, not disturbed, of its last attempt) and, from 2 of them, the
 * "aggregate" entries mean, median, stddev and cv; a configuration with none
 * is one entry with error_occurred. Returns 0, or -1 with the first column
 * runs.csv lacks in err. */
int tvp_gbench_export(const tvp_run_folder *f, const char *unit, tvp_buf *out, tvp_buf *err);

#endif
