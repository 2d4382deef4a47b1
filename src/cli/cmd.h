/* The subcommands of the tvp program. Each returns the process exit status. */
#ifndef TVP_CMD_H
#define TVP_CMD_H

#include "cli/options.h"


int tvp_cmd_run(int argc, char **argv);
int tvp_cmd_list(int argc, char **argv);
int tvp_cmd_topo(int argc, char **argv);
int tvp_cmd_calibrate(int argc, char **argv);
int tvp_cmd_plot(int argc, char **argv);
int tvp_cmd_report(int argc, char **argv);
int tvp_cmd_compare(int argc, char **argv);
int tvp_cmd_claims(int argc, char **argv);
int tvp_cmd_export(int argc, char **argv);



#endif
