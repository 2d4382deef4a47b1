/* The kinds of chart a run folder can hold: one row each, read by tvp plot (what
 * to draw), tvp report (what to embed), the claims (which file shows a claim) and the help. */
#ifndef TVP_CHART_KINDS_H
#define TVP_CHART_KINDS_H

#include <stddef.h>

#include "base/util.h"

typedef struct {
  const char *name;   /* what --chart takes, and the start of the file's name */
  const char *script; /* the gnuplot script under plots/ that draws it */
  int per_kernel;     /* 1: one chart per kernel (and placement); 0: one for the run */
  /* Per kernel: only kernels whose name starts with this; per run: drawn only
   * when some kernel's does. NULL: every kernel. */
  const char *kernel_prefix;
  /* Per kernel: drawn only where the ok rows of a kernel at a placement hold two
   * values or more of this summary.csv column (its x axis). NULL: always. */
  const char *swept_column;
  const char *columns; /* the summary.csv columns its script reads beyond kernel,
                        * model, workers and status, space-separated */
  const char *note;    /* for the help, after the name, or NULL */
  const char *absent;  /* why none was drawn, when --chart names it and none is, or NULL */
} tvp_chart_kind;

extern const tvp_chart_kind tvp_chart_kinds[];
extern const size_t tvp_nchart_kinds;

/* The kind called name, or NULL. */
const tvp_chart_kind *tvp_chart_kind_find(const char *name);

/* Whether kind k is drawn for kernel: its kernel_prefix, if any, starts the name. */
int tvp_chart_kind_fits(const tvp_chart_kind *k, const char *kernel);

/* Appends the chart's file name without its extension, as tvp plot writes it under
 * the run's plots/: "overview" for the run, "speedup-cpu.primes" for a kernel, and
 * "speedup-cpu.primes-core" when placement is not NULL (the kernel ran under several). */
void tvp_chart_stem(const tvp_chart_kind *k, const char *kernel, const char *placement, tvp_buf *out);

#endif
