/* tvp plot: reads its options (the help's lists of charts come from the table
 * of chart kinds) and has report/plot.h draw the charts of the run folder. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cli/cmd.h"
#include "report/plot.h"
#include "results/chart_kinds.h"

/* The help, whose lists of charts come from the table of chart kinds. */
static const char usage_head[] =
    "usage: tvp plot RUN_DIR [--kernel K] [--chart C] [--format png,svg]\n"
    "\n"
    "Renders the charts of a run into RUN_DIR/plots/ with gnuplot, as PNG and SVG.\n";
static const char usage_tail[] =
    "  --kernel K    only kernel K's charts (and no run-level chart unless --chart names one)\n"
    "  --chart C     only chart C\n"
    "  --format F    png, svg or png,svg [png,svg]\n"
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

int tvp_cmd_plot(int argc, char **argv) {
  static const struct option opts[] = {{"kernel", required_argument, NULL, 'k'},
                                       {"chart", required_argument, NULL, 'c'},
                                       {"format", required_argument, NULL, 'f'},
                                       {0, 0, 0, 0}};
  tvp_plot_request req = {.png = 1, .svg = 1};
  const char *format = NULL, *only_chart = NULL;
  tvp_opts p = {.cmd = "plot", .print_usage = print_usage, .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 'k': req.only_kernel = optarg; break;
    case 'c': only_chart = optarg; break;
    case 'f': format = optarg; break;
    }
  }
  if (optind + 1 != argc)
    return tvp_usage_error("plot", "name one run folder");
  req.dir = argv[optind];
  if (format) {
    req.png = strcmp(format, "png") == 0 || strcmp(format, "png,svg") == 0 || strcmp(format, "svg,png") == 0;
    req.svg = strcmp(format, "svg") == 0 || strcmp(format, "png,svg") == 0 || strcmp(format, "svg,png") == 0;
    if (!req.png && !req.svg)
      return tvp_usage_error("plot", "unknown format '%s': png, svg or png,svg", format);
  }
  if (only_chart && !(req.only = tvp_chart_kind_find(only_chart)))
    return unknown_chart(only_chart);

  tvp_buf why = {0};
  int rc = tvp_plot_charts(&req, &why);
  if (rc == TVP_EXIT_USAGE)
    tvp_usage_error("plot", "%s", why.data);
  tvp_buf_free(&why);
  return rc;
}
