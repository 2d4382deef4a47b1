/* Sweeps: what to run. A sweep comes from command-line flags or from one section
 * of a suite file (see docs/suites.md). Values are kept as text here; plan.c
 * checks them against the registry and the topology. */
#ifndef TVP_SUITE_H
#define TVP_SUITE_H

#include <stddef.h>

typedef enum { TVP_SCALING_STRONG, TVP_SCALING_WEAK, TVP_SCALING_DURATION } tvp_scaling;

typedef struct {
  char *name;        /* section name, "" for a suite without sections or for flags */
  char *source;      /* "bench/quick.suite:12" where the sweep begins, or "command line" */
  char *kernels;     /* comma lists, as written; NULL = not set */
  char *models;
  char *workers;
  char *placements;
  char *sizes;       /* "default" or counts with k/M/G suffixes */
  char *footprints;  /* "default" or bytes (256Mi): memory a kernel touches first */
  char *chunks;      /* "default" or counts: items a pool worker claims at a time */
  char *ranks;       /* mpi models: rank counts, instead of workers (workers = ranks x threads) */
  int reps, warmup;  /* -1 = not set */
  int scaling;       /* tvp_scaling, -1 = not set */
  double duration_s; /* > 0 for fixed-time runs; < 0 = not set */
  double timeout_s;  /* < 0 = not set */
  int threads;       /* mpi+thread: threads per rank; -1 = not set */
  double min_time_s; /* a probe grows each size until one worker's repetition lasts this long;
                        0 = off (sizes as given); < 0 = not set */
  double disturbed_above_pct; /* a setting of the whole run, not of one sweep: a run-queue wait
                                 above this percent of the wall time marks a repetition
                                 disturbed; < 0 = not set */
  double margin_pct; /* a setting of the whole run: differences between models smaller than
                        this are "no meaningful difference" (analysis/verdict.h); < 0 = not set */
} tvp_sweep;

/* Every field unset. */
void tvp_sweep_init(tvp_sweep *s);
void tvp_sweep_free(tvp_sweep *s);
/* Fields set in `over` replace those of `base` (both keep their own memory). */
void tvp_sweep_override(tvp_sweep *base, const tvp_sweep *over);

/* Sets one key from text ("kernels", "models", "workers", "placement" or
 * "placements", "size" or "sizes", "footprint" or "footprints", "chunk" or "chunks", "ranks",
 * "reps", "warmup", "scaling", "duration", "timeout", "threads", "min-time", "disturbed-above"). Returns 0, or -1
 * with a message (without position) in err. */
int tvp_sweep_set(tvp_sweep *s, const char *key, const char *value, char *err, size_t errlen);

/* Parses a suite file's text. Format, one setting a line:
 *   # comment            (also after a value)
 *   key value            (or "key = value")
 *   [section-name]       starts a sweep; keys before the first section are
 *                        defaults every section inherits; a file without
 *                        sections is one sweep.
 * Returns the number of sweeps (>= 1) in *out (malloc'd), or -1 with
 * "PATH:LINE: message" in err. A section or file with no kernels is an error. */
int tvp_suite_parse(const char *text, const char *path, tvp_sweep **out, char *err,
                    size_t errlen);
/* Parses len bytes of suite text held in memory (no NUL needed at the end) with
 * the checks a file gets: at most 1 MiB and no NUL bytes. Errors name path. */
int tvp_suite_parse_buffer(const char *buf, size_t len, const char *path, tvp_sweep **out,
                           char *err, size_t errlen);
/* Reads a file and parses it with tvp_suite_parse_buffer; errors name the file. */
int tvp_suite_load(const char *path, tvp_sweep **out, char *err, size_t errlen);
void tvp_suite_free(tvp_sweep *sweeps, int n);

#endif
