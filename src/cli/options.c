/* The commands' option loop (options.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cli/options.h"

/* The longest option table a command has, with room for --help. */
#define MAX_LONGOPTS 64

int tvp_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  char msg[4096], shown[4096];
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* The message quotes the user's text, which may hold a terminal escape. */
  tvp_visible(shown, sizeof shown, msg);
  fprintf(stderr, "tvp %s: %s (see 'tvp %s --help')\n", cmd, shown, cmd);
  return TVP_EXIT_USAGE;
}

int tvp_opts_next(tvp_opts *p, int argc, char **argv) {
  struct option all[MAX_LONGOPTS + 2];
  size_t n = 0;
  for (; p->longopts && p->longopts[n].name && n < MAX_LONGOPTS; n++)
    all[n] = p->longopts[n];
  all[n++] = (struct option){"help", no_argument, NULL, 'h'};
  all[n] = (struct option){0, 0, 0, 0};
  /* ':' first: a missing value comes back as ':', apart from an unknown option. */
  char shorts[64];
  snprintf(shorts, sizeof shorts, ":h%s", p->shortopts ? p->shortopts : "");
  if (!p->started) {
    p->started = 1;
    opterr = 0;
    optind = 1;
  }
  int c = getopt_long(argc, argv, shorts, all, NULL);
  switch (c) {
  case -1: return TVP_OPT_END;
  case 'h':
    if (p->print_usage)
      p->print_usage();
    else
      fputs(p->usage, stdout);
    p->status = TVP_EXIT_OK;
    return TVP_OPT_STOP;
  case ':':
    p->status = tvp_usage_error(p->cmd, "option '%s' needs a value", argv[optind - 1]);
    return TVP_OPT_STOP;
  case '?':
    /* A long option is named as typed ("--quiet=1" too: glibc then sets optopt
     * to the option's letter, which the user never typed); an unknown short
     * option may sit inside a cluster ("-qx"), so it is named by its letter. */
    if (strncmp(argv[optind - 1], "--", 2) != 0 && optopt)
      p->status = tvp_usage_error(p->cmd, "unknown option '-%c'", optopt);
    else
      p->status = tvp_usage_error(p->cmd, "unknown option '%s'", argv[optind - 1]);
    return TVP_OPT_STOP;
  default: return c;
  }
}
