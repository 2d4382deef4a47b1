/* The subcommands of the tvp program. Each returns the process exit status. */
#ifndef TVP_CMD_H
#define TVP_CMD_H

#include <stddef.h>

#include "analysis/summary.h"

int tvp_cmd_run(int argc, char **argv);
int tvp_cmd_list(int argc, char **argv);
int tvp_cmd_topo(int argc, char **argv);
int tvp_cmd_calibrate(int argc, char **argv);
int tvp_cmd_plot(int argc, char **argv);
int tvp_cmd_report(int argc, char **argv);
int tvp_cmd_compare(int argc, char **argv);
int tvp_cmd_claims(int argc, char **argv);


/* The short table printed at the end of a run: per point, each model's median
 * time and speedup, and each model's throughput relative to threads. */
void tvp_print_table(const tvp_summary_row *rows, size_t n);

/* "tvp run: MESSAGE (see 'tvp run --help')" on stderr; returns 2. */
int tvp_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
