/* Drawing the charts of a run folder: which kinds fit which kernels and
 * placements (results/chart_kinds.h), what each script is told
 * (chart_answers.h), and gnuplot on all of them (gnuplot_pool.h). tvp plot's job. */
#ifndef TVP_PLOT_H
#define TVP_PLOT_H

#include "base/util.h"
#include "results/chart_kinds.h"

/* What to draw, and in which formats. */
typedef struct {
  const char *dir;            /* the run folder */
  /* Only this kernel's charts, and then no chart of the whole run unless only
   * names one; NULL: every kernel. */
  const char *only_kernel;
  const tvp_chart_kind *only; /* only this kind; NULL: every kind */
  int png, svg;               /* the formats to write, at least one */
  int jobs;                   /* gnuplot processes at most at once; 0: one per CPU tvp may use */
  int commands;               /* print the gnuplot commands that draw the charts instead */
  /* With commands: NAME=VALUE settings of script variables; kernel, kernels,
   * placement and scaling also change the rows the answers are about. */
  char *const *vars;
  size_t nvars;
  /* Only interplock.gp's chart: the run's cpu.primes beside this run folder
   * of bench/python/interplock.py, into the run's plots/interplock.EXT. */
  const char *python;
} tvp_plot_request;

/* Draws the charts req asks for into DIR/plots/ and prints how many files it wrote
 * (or prints the commands that draw them, and draws nothing).
 * TVP_EXIT_OK; TVP_EXIT_FAIL when a chart or what drawing needs failed (said on
 * stderr); TVP_EXIT_USAGE, unsaid, with the reason in why when the request does not
 * fit the folder (not a run folder, the kernel not in it, plots/ not writable). */
int tvp_plot_charts(const tvp_plot_request *req, tvp_buf *why);

#endif
