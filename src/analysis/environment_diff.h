/* The environments two runs were measured in (meta.json's "environment", see
 * results/environment.h), field by field, for tvp compare: which differ. Pure:
 * two meta.json documents in, a list of fields out. */
#ifndef TVP_ENVIRONMENT_DIFF_H
#define TVP_ENVIRONMENT_DIFF_H

#include <stddef.h>

#include "results/meta_read.h"

typedef struct {
  const char *field; /* "thp_enabled", "mitigations.l1tf": borrowed from A's or B's document */
  const char *a, *b; /* the values; NULL when absent (null, or not in that run) */
  int info;          /* differs in every pair of runs (the load averages): said, no warning */
} tvp_env_difference;

typedef struct {
  int recorded_a, recorded_b; /* the run's meta.json holds an environment */
  tvp_env_difference *d;
  size_t n;
  size_t warn; /* the differences that are not info */
} tvp_env_diff;

/* The fields whose values differ, in A's order, then those only B names. A
 * field null in one run and missing in the other is no difference. When either
 * run recorded no environment (a run from before it, or no meta.json), there
 * is nothing to compare and the list is empty. */
/* The load averages at start and end, which no two runs share, are marked info. */
void tvp_env_diff_runs(tvp_env_diff *out, const tvp_meta_doc *a, const tvp_meta_doc *b);
void tvp_env_diff_free(tvp_env_diff *d);

#endif
