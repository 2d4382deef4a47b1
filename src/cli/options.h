/* One way for every command to read its options: getopt_long with what all
 * commands do alike (--help, a missing value, an unknown option) done once. */
#ifndef TVP_OPTIONS_H
#define TVP_OPTIONS_H

#include <getopt.h>

enum {
  TVP_OPT_END = -1,  /* no option left: optind is the first argument */
  TVP_OPT_STOP = -2, /* the command is done: it returns tvp_opts.status */
};

typedef struct {
  const char *cmd;               /* "plot": names the command in errors */
  const char *usage;             /* what --help prints on stdout */
  void (*print_usage)(void);     /* or, for a usage made at run time, what prints it */
  const char *shortopts;         /* the command's short options, as getopt's ("q", "hv") */
  const struct option *longopts; /* ends in a zeroed entry; --help/-h need not be listed */
  int status;                    /* after TVP_OPT_STOP: 0 after --help, 2 after a usage error */
  int started;
} tvp_opts;

/* The next option of argv: its `val`, with optarg set as getopt_long sets it.
 * --help and -h print the usage; a missing value or an unknown option prints
 * "tvp CMD: option '--x' needs a value (see 'tvp CMD --help')" or "... unknown
 * option ..." on stderr; both return TVP_OPT_STOP. TVP_OPT_END after the last
 * option. The first call starts from argv[1]. */
int tvp_opts_next(tvp_opts *p, int argc, char **argv);

/* "tvp CMD: MESSAGE (see 'tvp CMD --help')" on stderr; returns 2. */
int tvp_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
