/* Running the gnuplot scripts of plots/: finding them, finding gnuplot, passing
 * variables safely. Shared by tvp plot and tvp compare. */
#ifndef TVP_GNUPLOT_RUN_H
#define TVP_GNUPLOT_RUN_H

#include "base/util.h"

/* 1 if an executable gnuplot is on PATH. */
int tvp_gnuplot_available(void);
/* Where the scripts are: $TVP_PLOTS_DIR, the source tree's plots/, or the
 * installed copy; NULL if none holds plots/style.gp. */
const char *tvp_plots_dir(void);
/* Appends name='value'; to b as a gnuplot single-quoted string (a quote inside
 * is written twice). */
void tvp_gnuplot_var(tvp_buf *b, const char *name, const char *value);
/* Runs gnuplot -e vars script; 0 when it exits 0. */
int tvp_gnuplot_run(const char *script, const char *vars);

#endif
