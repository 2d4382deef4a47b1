/* Drawing many charts at once: up to N gnuplot processes side by side, each
 * fed chart after chart over its standard input, so that a process starts
 * once for many charts and the charts take every CPU tvp may use. Each chart
 * is drawn under a hidden name and renamed into place as soon as it is done;
 * one that fails costs only itself. tvp plot's way to gnuplot. */
#ifndef TVP_GNUPLOT_POOL_H
#define TVP_GNUPLOT_POOL_H

#include <stddef.h>

#include "base/util.h"

/* One chart: its script run with its variables set, drawing into part. */
typedef struct {
  const char *script; /* the .gp file */
  const char *vars;   /* gnuplot commands setting its variables, out = part among them */
  const char *part;   /* the hidden name it is drawn into, beside out */
  const char *out;    /* where it goes when gnuplot is done with it */
} tvp_gnuplot_chart;

typedef struct {
  const char *cmd; /* "plot": names the command in messages */
  int procs;       /* gnuplot processes at most at once, 1 or more */
  int progress;    /* draw a progress line on stderr (a terminal) */
} tvp_gnuplot_pool_opts;

/* Appends the gnuplot commands that draw c in a gnuplot that may have drawn
 * other charts before: a fresh session, the variables, the script. */
void tvp_gnuplot_chart_commands(const tvp_gnuplot_chart *c, tvp_buf *out);

/* Draws every chart of charts[0..n). A chart is drawn when its script ends
 * without a gnuplot error; then part is renamed to out, else part is removed.
 * Returns how many failed, each said on stderr ("CMD: gnuplot failed on SCRIPT
 * for OUT", or "CMD: cannot rename PART to OUT: why"). A SIGINT or SIGTERM
 * meanwhile kills every gnuplot, removes every hidden file, and then takes its
 * course as if tvp had not caught it. */
size_t tvp_gnuplot_draw_many(const tvp_gnuplot_chart *charts, size_t n, const tvp_gnuplot_pool_opts *o);

/* The CPUs this process may run on (its affinity mask), at least 1. */
int tvp_usable_cpus(void);

#endif
