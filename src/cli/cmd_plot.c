/* tvp plot: renders a run's charts by running the gnuplot scripts of plots/ on
 * its summary.csv. Nothing here draws: the scripts do, and each also runs alone. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "report/gnuplot_run.h"
#include "results/chart_kinds.h"
#include "results/run_folder.h"
#include "base/util.h"

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

/* Distinct kernels of the run, or placements of one kernel, in order of first
 * appearance; borrowed from the run. */
static size_t distinct(const tvp_run_folder *run, const char *kernel, const char ***out) {
  *out = tvp_xcalloc(run->npoints + 1, sizeof **out);
  size_t n = 0;
  for (size_t r = 0; r < run->npoints; r++) {
    const tvp_point *p = &run->points[r];
    if (kernel && strcmp(p->kernel, kernel) != 0)
      continue;
    tvp_distinct_text(*out, &n, kernel ? p->dim[TVP_DIM_PLACEMENT] : p->kernel);
  }
  return n;
}

/* Whether the ok rows of kernel at placement ran at two values or more of
 * column col (chunk_items, footprint_bytes): the chunk and message charts put
 * that column on their x axis, and one value is no line. */
static int swept(const tvp_run_folder *run, const char *col, const char *kernel,
                 const char *placement) {
  int cc = tvp_csv_table_col(&run->summary, col);
  if (cc < 0)
    return 0; /* a run from before the column */
  const char *first = NULL;
  for (size_t r = 0; r < run->npoints; r++) {
    const tvp_point *p = &run->points[r];
    const char *v = tvp_csv_table_get(&run->summary, r, cc);
    if (!*v || strcmp(p->status, "ok") != 0 || strcmp(p->kernel, kernel) != 0 ||
        strcmp(p->dim[TVP_DIM_PLACEMENT], placement) != 0)
      continue;
    if (!first)
      first = v;
    else if (strcmp(first, v) != 0)
      return 1;
  }
  return 0;
}

typedef struct {
  const char *dir, *plots, *only_kernel, *only_chart;
  const tvp_chart_kind *only;
  int png, svg;
  char plotdir[4096];
  tvp_run_folder run;
  const char **kernels;
  size_t nk;
  int rendered, failed;
} plot_job;

static void render(plot_job *j, const tvp_chart_kind *c, const char *stem, const char *kernel,
                   const char *kernels, const char *placement) {
  const char *exts[2] = {j->png ? "png" : NULL, j->svg ? "svg" : NULL};
  char script[4096], csv[4096], out[4096], part[4200];
  snprintf(script, sizeof script, "%s/%s", j->plots, c->script);
  snprintf(csv, sizeof csv, "%s/summary.csv", j->dir);
  for (int e = 0; e < 2; e++) {
    if (!exts[e])
      continue;
    snprintf(out, sizeof out, "%s/plots/%s.%s", j->dir, stem, exts[e]);
    /* gnuplot draws into a hidden name, renamed when done: a chart that fails
     * half-way (a full disk) leaves no half-drawn file. The extension stays,
     * as it picks the terminal. */
    snprintf(part, sizeof part, "%s/plots/.%s.partial.%s", j->dir, stem, exts[e]);
    tvp_buf vars = {0};
    tvp_gnuplot_var(&vars, "csv", csv);
    tvp_gnuplot_var(&vars, "out", part);
    if (kernel)
      tvp_gnuplot_var(&vars, "kernel", kernel);
    if (kernels)
      tvp_gnuplot_var(&vars, "kernels", kernels);
    if (placement)
      tvp_gnuplot_var(&vars, "placement", placement);
    if (tvp_gnuplot_run(script, vars.data) != 0) {
      unlink(part);
      tvp_err("plot: gnuplot failed on %s for %s", script, out);
      j->failed++;
    } else if (rename(part, out) != 0) {
      tvp_err("plot: cannot rename %s to %s: %s", part, out, strerror(errno));
      unlink(part);
      j->failed++;
    } else {
      j->rendered++;
    }
    tvp_buf_free(&vars);
  }
}

/* Chart c of every kernel it fits (one per placement when a kernel ran under several). */
static void render_per_kernel(plot_job *j, const tvp_chart_kind *c) {
  int drawn = 0;
  for (size_t k = 0; k < j->nk; k++) {
    const char *kernel = j->kernels[k];
    if ((j->only_kernel && strcmp(kernel, j->only_kernel) != 0) || !tvp_chart_kind_fits(c, kernel))
      continue;
    const char **places;
    size_t np = distinct(&j->run, kernel, &places);
    for (size_t p = 0; p < np; p++) {
      if (c->swept_column && !swept(&j->run, c->swept_column, kernel, places[p]))
        continue;
      drawn++;
      tvp_buf stem = {0};
      tvp_chart_stem(c, kernel, np > 1 ? places[p] : NULL, &stem);
      render(j, c, stem.data, kernel, NULL, places[p]);
      tvp_buf_free(&stem);
    }
    free(places);
  }
  if (c->absent && j->only && !drawn)
    tvp_err("plot: %s, so no %s chart", c->absent, c->name);
}

/* Chart c of the whole run, unless no kernel of the run fits it. */
static void render_per_run(plot_job *j, const tvp_chart_kind *c, const char *all) {
  int fits = !c->kernel_prefix;
  for (size_t k = 0; k < j->nk && !fits; k++)
    fits = tvp_chart_kind_fits(c, j->kernels[k]);
  if (!fits) {
    if (j->only && c->absent)
      tvp_err("plot: %s, so no %s chart", c->absent, c->name);
    return;
  }
  render(j, c, c->name, NULL, all, NULL);
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

/* Reads the run and checks everything drawing needs before gnuplot fails on each
 * chart: where the charts go, gnuplot, the scripts, the kernel asked for.
 * TVP_EXIT_OK, or the exit status with the reason said. */
static int prepare(plot_job *j) {
  tvp_buf err = {0};
  if (tvp_run_folder_read(&j->run, j->dir, 0, &err) != 0) {
    int rc = tvp_usage_error("plot", "%s (is '%s' a run folder?)", err.data, j->dir);
    tvp_buf_free(&err);
    return rc;
  }
  snprintf(j->plotdir, sizeof j->plotdir, "%s/plots", j->dir);
  struct stat st;
  int have_plotdir = stat(j->plotdir, &st) == 0;
  if (have_plotdir && !S_ISDIR(st.st_mode))
    return tvp_usage_error("plot", "'%s' is a file, where the charts go: move it away", j->plotdir);
  if (access(have_plotdir ? j->plotdir : j->dir, W_OK | X_OK) != 0)
    return tvp_usage_error("plot", "cannot write the charts into '%s': %s (copy the run folder "
                           "somewhere you can write, and plot the copy)", j->plotdir, strerror(errno));
  if (!tvp_gnuplot_available()) {
    tvp_err("plot: gnuplot is not installed: install it with 'apt-get install gnuplot-nox' "
            "(the CSV is untouched)");
    return TVP_EXIT_FAIL;
  }
  j->plots = tvp_plots_dir();
  if (!j->plots) {
    tvp_err("plot: cannot find the gnuplot scripts (plots/*.gp); set TVP_PLOTS_DIR");
    return TVP_EXIT_FAIL;
  }
  j->nk = distinct(&j->run, NULL, &j->kernels);
  size_t k = 0;
  while (j->only_kernel && k < j->nk && strcmp(j->kernels[k], j->only_kernel) != 0)
    k++;
  if (j->only_kernel && k == j->nk)
    return tvp_usage_error("plot", "kernel '%s' is not in %s/summary.csv", j->only_kernel, j->dir);
  if (mkdir(j->plotdir, 0777) != 0 && errno != EEXIST) {
    tvp_err("plot: cannot create %s: %s", j->plotdir, strerror(errno));
    return TVP_EXIT_FAIL;
  }
  return TVP_EXIT_OK;
}

int tvp_cmd_plot(int argc, char **argv) {
  static const struct option opts[] = {{"kernel", required_argument, NULL, 'k'},
                                       {"chart", required_argument, NULL, 'c'},
                                       {"format", required_argument, NULL, 'f'},
                                       {0, 0, 0, 0}};
  plot_job j = {.png = 1, .svg = 1};
  const char *format = NULL;
  tvp_opts p = {.cmd = "plot", .print_usage = print_usage, .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 'k': j.only_kernel = optarg; break;
    case 'c': j.only_chart = optarg; break;
    case 'f': format = optarg; break;
    }
  }
  if (optind + 1 != argc)
    return tvp_usage_error("plot", "name one run folder");
  j.dir = argv[optind];
  if (format) {
    j.png = strcmp(format, "png") == 0 || strcmp(format, "png,svg") == 0 || strcmp(format, "svg,png") == 0;
    j.svg = strcmp(format, "svg") == 0 || strcmp(format, "png,svg") == 0 || strcmp(format, "svg,png") == 0;
    if (!j.png && !j.svg)
      return tvp_usage_error("plot", "unknown format '%s': png, svg or png,svg", format);
  }
  if (j.only_chart && !(j.only = tvp_chart_kind_find(j.only_chart)))
    return unknown_chart(j.only_chart);

  int rc = prepare(&j);
  if (rc == TVP_EXIT_OK) {
    tvp_buf all = {0};
    for (size_t k = 0; k < j.nk; k++)
      tvp_buf_printf(&all, "%s%s", k ? " " : "", j.kernels[k]);
    for (size_t i = 0; i < tvp_nchart_kinds; i++) {
      const tvp_chart_kind *ch = &tvp_chart_kinds[i];
      if (j.only && j.only != ch)
        continue;
      if (ch->per_kernel)
        render_per_kernel(&j, ch);
      else if (!j.only_kernel || j.only)
        render_per_run(&j, ch, all.data);
    }
    printf("%d chart file%s in %s%s\n", j.rendered, j.rendered == 1 ? "" : "s", j.plotdir,
           j.failed ? " (some failed, see above)" : "");
    tvp_buf_free(&all);
    rc = j.failed ? TVP_EXIT_FAIL : TVP_EXIT_OK;
  }
  free(j.kernels);
  tvp_run_folder_free(&j.run);
  return rc;
}
