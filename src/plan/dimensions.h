/* The sweep's dimensions, one row each: how a suite, the command line, the CSV files and
 * prose name them, and which of them make two configurations the same point. */
#ifndef TVP_DIMENSIONS_H
#define TVP_DIMENSIONS_H

#include <stddef.h>

#include "base/csv.h"
#include "base/util.h"
#include "plan/dimension_id.h"
#include "plan/plan.h"


/* Part of the point key: two rows of one kernel that differ in it belong to two
 * series (and two chart lines); model and worker count are what a series varies. */
#define TVP_DIM_POINT 1u
/* Empty in the CSV when the kernel's default or unused by the mode; prose names it only when set. */
#define TVP_DIM_OPTIONAL 2u
/* Its column came after the first runs: read as "" where a run lacks it. */
#define TVP_DIM_NEWER_COLUMN 4u
/* In the plan digest as " name value" after the settings, and only when not 0, so
 * plans made before the dimension keep their digest; the others sit in place. */
#define TVP_DIM_DIGEST_TAGGED 8u
/* In the end-of-run table's setting column without its name ("4 KiB"): it leads
 * there, and names the column when it is the only setting that varies. */
#define TVP_DIM_BARE_SETTING 16u

typedef struct {
  const char *name;      /* "footprint" */
  const char *suite_key; /* "footprints" in a suite file (tvp_sweep_set) */
  const char *flag;      /* "--footprint" of tvp run */
  const char *column;    /* "footprint_bytes" in runs.csv and summary.csv; NULL: not written */
  const char *label;     /* "Footprints (bytes)": the report's sweep table */
  const char *phrase;    /* "footprint %s bytes": a CSV value in prose; NULL: said otherwise */
  unsigned flags;        /* TVP_DIM_* above */
  int (*same)(const tvp_config *a, const tvp_config *b);
  /* Appends its CSV field (only for a row with a column). */
  void (*csv)(tvp_csv_row *row, const tvp_config *c);
  /* Its exact value as text, as the plan digest takes it. */
  void (*text)(char *buf, size_t len, const tvp_config *c);
  /* Its value in the end-of-run table ("size 20000", "4 KiB"); NULL: no place there. */
  void (*setting)(char *buf, size_t len, const tvp_config *c);
} tvp_dimension;

/* TVP_DIM_COUNT rows, indexed by tvp_dim_id. */
extern const tvp_dimension tvp_dimensions[TVP_DIM_COUNT];

/* The same kernel and the same value of every point dimension: one series, apart
 * from the model and the worker count (and the threads per rank these imply). */
int tvp_config_same_series(const tvp_config *a, const tvp_config *b);
/* Appends the CSV field of every dimension with a column, from `first` on, in table order. */
void tvp_dimensions_csv(tvp_csv_row *row, const tvp_config *c, tvp_dim_id first);

/* Appends dimension d's phrase around a CSV value: "footprint 4096 bytes". */
void tvp_dimension_say(tvp_buf *out, tvp_dim_id d, const char *value);

#endif
