/* tvp plot: reads its options (the help's lists of charts come from the table
 * of chart kinds) and has report/plot.h draw the charts of the run folder. */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cli/cmd.h"
#include "report/plot.h"
#include "results/chart_kinds.h"

/* The help, whose lists of charts come from the table of chart kinds. */
static const char usage_head[] =
    "usage: tvp plot RUN_DIR [--kernel K] [--chart C] [--format png,svg] [--jobs N]\n"
    "                [--commands [--var NAME=VALUE]...] [--python PY_RUN]\n"
    "\n"
    "Renders the charts of a run into RUN_DIR/plots/ with gnuplot, as PNG and SVG,\n"
    "one gnuplot process per CPU tvp may use, each drawing chart after chart.\n";
static const char usage_tail[] =
    "  --kernel K    only kernel K's charts (and no run-level chart unless --chart names one)\n"
    "  --chart C     only chart C\n"
    "  --format F    png, svg or png,svg [png,svg]\n"
    "  --jobs N      N gnuplot processes at most at once [one per CPU tvp may use]\n"
    "  --commands    print the gnuplot commands that draw the charts, with what each\n"
    "                script is told, and draw nothing ('| gnuplot' draws them)\n"
    "  --var N=V     with --commands and --chart: the commands of one chart, whose\n"
    "                script's variable N is V (a number, or a string: kernel,\n"
    "                kernels, placement, scaling, out, machine, cores, pus; see\n"
    "                plots/README.md)\n"
    "  --python D    only RUN_DIR's cpu.primes beside the Python run D of\n"
    "                bench/python/interplock.py (plots/interplock.gp), into\n"
    "                RUN_DIR/plots/interplock.png and .svg\n"
    "On a terminal a progress line counts the charts drawn. Each chart is drawn under\n"
    "a hidden name and renamed when done; Ctrl-C leaves none half-drawn.\n"
    "The scripts are looked up in $TVP_PLOTS_DIR, then in the source tree and the\n"
    "install prefix.\n";

/* One list of the help: "LABEL name (note), name, ..." wrapped at 80 columns
 * under the label's width. */
static void print_chart_list(int per_kernel, const char *label, const char *last_sep) {
  tvp_buf items = {0};
  size_t n = 0, count = 0;
  for (size_t i = 0; i < tvp_nchart_kinds; i++)
    count += tvp_chart_kinds[i].per_kernel == per_kernel;
  for (size_t i = 0; i < tvp_nchart_kinds; i++) {
    const tvp_chart_kind *k = &tvp_chart_kinds[i];
    if (k->per_kernel != per_kernel)
      continue;
    const char *sep = n == 0 ? "" : n + 1 == count ? last_sep : ", ";
    tvp_buf_printf(&items, "%s%s%s%s", sep, k->name, k->note ? " " : "", k->note ? k->note : "");
    n++;
  }
  tvp_buf_printf(&items, ".");
  size_t indent = strlen(label), col = indent;
  fputs(label, stdout);
  for (char *word = strtok(items.data, " "); word; word = strtok(NULL, " ")) {
    size_t len = strlen(word);
    if (col > indent && col + 1 + len > 80) {
      printf("\n%*s", (int)indent, "");
      col = indent;
    }
    printf("%s%s", col > indent ? " " : "", word);
    col += (col > indent) + len;
  }
  putchar('\n');
  tvp_buf_free(&items);
}

static void print_usage(void) {
  fputs(usage_head, stdout);
  print_chart_list(1, "Per kernel: ", ", and ");
  print_chart_list(0, "Per run:    ", ", ");
  fputs(usage_tail, stdout);
}

/* "unknown chart 'C' (charts: speedup, ...)": the names from the table. */
static int unknown_chart(const char *name) {
  tvp_buf names = {0};
  for (size_t i = 0; i < tvp_nchart_kinds; i++)
    tvp_buf_printf(&names, "%s%s", i ? ", " : "", tvp_chart_kinds[i].name);
  int rc = tvp_usage_error("plot", "unknown chart '%s' (charts: %s)", name, names.data);
  tvp_buf_free(&names);
  return rc;
}

/* Whether s is NAME=VALUE with NAME a gnuplot variable's name. */
static int is_setting(const char *s) {
  size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
  return len > 0 && len < 100 && !(s[0] >= '0' && s[0] <= '9') && s[len] == '=';
}

/* What the options say of the charts wanted, into req; -1, or the exit status
 * when the command is done (--help, a usage error). */
static int read_request(int argc, char **argv, tvp_plot_request *req, char **vars) {
  static const struct option opts[] = {{"kernel", required_argument, NULL, 'k'},
                                       {"chart", required_argument, NULL, 'c'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"jobs", required_argument, NULL, 'j'},
                                       {"commands", no_argument, NULL, 'C'},
                                       {"var", required_argument, NULL, 'V'},
                                       {"python", required_argument, NULL, 'P'},
                                       {0, 0, 0, 0}};
  const char *format = NULL, *only_chart = NULL;
  uint64_t jobs = 0;
  tvp_opts p = {.cmd = "plot", .print_usage = print_usage, .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 'k': req->only_kernel = optarg; break;
    case 'c': only_chart = optarg; break;
    case 'f': format = optarg; break;
    case 'j':
      if (tvp_parse_count(optarg, &jobs) != 0 || jobs < 1 || jobs > 1024)
        return tvp_usage_error("plot", "--jobs takes a whole number from 1 to 1024");
      req->jobs = (int)jobs;
      break;
    case 'C': req->commands = 1; break;
    case 'P': req->python = optarg; break;
    case 'V':
      if (!is_setting(optarg))
        return tvp_usage_error("plot", "--var takes NAME=VALUE, NAME a gnuplot variable's name");
      vars[req->nvars++] = optarg;
      break;
    }
  }
  if (optind + 1 != argc)
    return tvp_usage_error("plot", "name one run folder");
  if (req->nvars && (!req->commands || !only_chart))
    return tvp_usage_error("plot", "--var goes with --commands and --chart");
  if (req->python && (req->nvars || only_chart || req->only_kernel))
    return tvp_usage_error("plot", "--python draws interplock.gp's chart alone: no --chart, --kernel or --var");
  req->dir = argv[optind];
  if (format) {
    req->png = strcmp(format, "png") == 0 || strcmp(format, "png,svg") == 0 || strcmp(format, "svg,png") == 0;
    req->svg = strcmp(format, "svg") == 0 || strcmp(format, "png,svg") == 0 || strcmp(format, "svg,png") == 0;
    if (!req->png && !req->svg)
      return tvp_usage_error("plot", "unknown format '%s': png, svg or png,svg", format);
  }
  if (only_chart && !(req->only = tvp_chart_kind_find(only_chart)))
    return unknown_chart(only_chart);
  return -1;
}

int tvp_cmd_plot(int argc, char **argv) {
  tvp_plot_request req = {.png = 1, .svg = 1};
  char **vars = tvp_xcalloc((size_t)argc + 1, sizeof *vars);
  req.vars = vars;
  int rc = read_request(argc, argv, &req, vars);
  if (rc < 0) {
    tvp_buf why = {0};
    rc = tvp_plot_charts(&req, &why);
    if (rc == TVP_EXIT_USAGE)
      tvp_usage_error("plot", "%s", why.data);
    tvp_buf_free(&why);
  }
  free(vars);
  return rc;
}
