/* The kinds of chart a run folder can hold: one row each, read by tvp plot (what
 * to draw), tvp report (what to embed), the claims (which file shows a claim) and the help. */
#ifndef TVP_CHART_KINDS_H
#define TVP_CHART_KINDS_H

#include <stddef.h>

#include "base/util.h"
#include "results/run_folder.h"

/* What a kernel's rows must hold for a chart to have something of it to draw,
 * beyond its kernel_prefix and swept_column. */
typedef enum {
  TVP_CHART_NEEDS_ROWS,       /* any row */
  /* a row at 1 worker, whatever its status: speedup is measured over one worker,
   * and a kernel that pairs its workers (io.pipe, io.tcp) never plans one. A
   * 1-worker run that failed is drawn: the chart says the baseline failed. */
  TVP_CHART_NEEDS_ONE_WORKER,
  /* a Karp-Flatt value (karp_flatt, defined only where the workers have a PU
   * each) at two worker counts or more: with the 1-worker run, three worker
   * counts within the PUs. One value is a dot, not a trend. */
  TVP_CHART_NEEDS_THREE_COUNTS,
} tvp_chart_needs;

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
  tvp_chart_needs needs; /* per kernel: drawn for the kernels whose rows hold it; per run:
                          * a panel or row for those kernels, drawn when one does */
} tvp_chart_kind;

extern const tvp_chart_kind tvp_chart_kinds[];
extern const size_t tvp_nchart_kinds;

/* The kind called name, or NULL. */
const tvp_chart_kind *tvp_chart_kind_find(const char *name);

/* Whether kind k is drawn for kernel: its kernel_prefix, if any, starts the name. */
int tvp_chart_kind_fits(const tvp_chart_kind *k, const char *kernel);

/* Whether the rows of kernel in run, at placement (NULL: any), hold what kind k
 * needs (its needs field; not kernel_prefix nor swept_column). */
int tvp_chart_kind_has(const tvp_chart_kind *k, const tvp_run_folder *run, const char *kernel,
                       const char *placement);

/* Appends why kind k has nothing of kernel to draw, as the end of a sentence
 * ("io.pipe pairs its workers, so ..."), or nothing when it has (tvp_chart_kind_has).
 * NULL kernel: why it has nothing of any kernel of the run, for the caller that
 * found none has. */
void tvp_chart_kind_why_not(const tvp_chart_kind *k, const tvp_run_folder *run, const char *kernel,
                            tvp_buf *out);

/* Appends the chart's file name without its extension, as tvp plot writes it under
 * the run's plots/: "overview" for the run, "speedup-cpu.primes" for a kernel, and
 * "speedup-cpu.primes-core" when placement is not NULL (the kernel ran under several). */
void tvp_chart_stem(const tvp_chart_kind *k, const char *kernel, const char *placement, tvp_buf *out);

#endif
