/* Running the gnuplot scripts of plots/: finding them, finding gnuplot, passing
 * variables safely. Shared by tvp plot and tvp compare. */
#ifndef TVP_GNUPLOT_RUN_H
#define TVP_GNUPLOT_RUN_H

#include <signal.h>

#include "base/util.h"

/* 1 if an executable gnuplot is on PATH. */
int tvp_gnuplot_available(void);
/* Where the scripts are: $TVP_PLOTS_DIR, the source tree's plots/, or the
 * installed copy; NULL if none holds plots/style.gp. */
const char *tvp_plots_dir(void);
/* Appends value as a gnuplot string: in single quotes, a quote inside written
 * twice, a line break as "\012" between quoted pieces ('a'."\012".'b'), so
 * that nothing in it can end the command or start another. */
void tvp_gnuplot_string(tvp_buf *b, const char *value);
/* Appends name='value'; to b, value as tvp_gnuplot_string writes it. */
void tvp_gnuplot_var(tvp_buf *b, const char *name, const char *value);
/* SIGINT and SIGTERM caught by handler while gnuplot draws, without
 * SA_RESTART so that a wait stops at once; a signal tvp was started to ignore
 * stays ignored. The old actions go in old[0] (SIGINT) and old[1] (SIGTERM),
 * for tvp_gnuplot_release_stops. */
void tvp_gnuplot_catch_stops(void (*handler)(int), struct sigaction old[2]);
void tvp_gnuplot_release_stops(const struct sigaction old[2]);
/* Runs gnuplot -e vars script; 0 when it exits 0. */
int tvp_gnuplot_run(const char *script, const char *vars);
/* Runs gnuplot -e vars script, which draws into part, a hidden name beside out,
 * and renames part to out when gnuplot succeeds. Whatever fails, part is removed,
 * so no empty or half-drawn chart is left: 0, or -1 (errno 0 when gnuplot
 * failed, else the rename's). A SIGINT or SIGTERM while gnuplot draws kills
 * gnuplot, removes part, and then takes its course as if tvp had not caught it. */
int tvp_gnuplot_draw(const char *script, const char *vars, const char *part, const char *out);

#endif
