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
#include "base/csv_table.h"
#include "report/gnuplot_run.h"
#include "base/util.h"

static const char usage[] =
    "usage: tvp plot RUN_DIR [--kernel K] [--chart C] [--format png,svg]\n"
    "\n"
    "Renders the charts of a run into RUN_DIR/plots/ with gnuplot, as PNG and SVG.\n"
    "Per kernel: speedup, throughput, efficiency, ratio (process/thread), chunk\n"
    "            (throughput against the chunk size, for kernels run at several), and\n"
    "            message (latency and bandwidth, or time per all-reduce, against the\n"
    "            message size, for net.* kernels run at several --footprint sizes).\n"
    "Per run:    overview, ratiomap, latency (spawn.* kernels), karpflatt, footprint.\n"
    "  --kernel K    only kernel K's charts (and no run-level chart unless --chart names one)\n"
    "  --chart C     only chart C\n"
    "  --format F    png, svg or png,svg [png,svg]\n"
    "The scripts are looked up in $TVP_PLOTS_DIR, then in the source tree and the\n"
    "install prefix.\n";

typedef struct {
  const char *name;
  int per_kernel;
} chart;

static const chart charts[] = {
    {"speedup", 1},  {"throughput", 1}, {"efficiency", 1}, {"ratio", 1},     {"chunk", 1},
    {"message", 1},  {"overview", 0},   {"ratiomap", 0},   {"latency", 0},   {"karpflatt", 0},
    {"footprint", 0},
};
#define NCHARTS (sizeof charts / sizeof charts[0])

/* Distinct values of a column, in order of first appearance. */
static size_t distinct(const tvp_csv_table *t, const char *col, const char *where_col,
                       const char *where, char ***out) {
  int c = tvp_csv_table_col(t, col), w = where_col ? tvp_csv_table_col(t, where_col) : -1;
  *out = tvp_xcalloc(t->nrows + 1, sizeof **out);
  size_t n = 0;
  for (size_t r = 0; r < t->nrows; r++) {
    const char *v = tvp_csv_table_get(t, r, c);
    if (where_col && strcmp(tvp_csv_table_get(t, r, w), where) != 0)
      continue;
    size_t k = 0;
    while (k < n && strcmp((*out)[k], v) != 0)
      k++;
    if (k == n)
      (*out)[n++] = (char *)v; /* borrowed from the table */
  }
  return n;
}

/* Whether the ok rows of kernel at placement ran at two values or more of
 * column col (chunk_items, footprint_bytes): the chunk and message charts put
 * that column on their x axis, and one value is no line. */
static int swept(const tvp_csv_table *t, const char *col, const char *kernel,
                 const char *placement) {
  int ck = tvp_csv_table_col(t, "kernel"), cp = tvp_csv_table_col(t, "placement"),
      cs = tvp_csv_table_col(t, "status"), cc = tvp_csv_table_col(t, col);
  if (cc < 0)
    return 0; /* a run from before the column */
  const char *first = NULL;
  for (size_t r = 0; r < t->nrows; r++) {
    const char *v = tvp_csv_table_get(t, r, cc);
    if (!*v || strcmp(tvp_csv_table_get(t, r, cs), "ok") != 0 ||
        strcmp(tvp_csv_table_get(t, r, ck), kernel) != 0 ||
        strcmp(tvp_csv_table_get(t, r, cp), placement) != 0)
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
  int png, svg;
  int rendered, failed;
} plot_job;

static void render(plot_job *j, const chart *c, const char *stem, const char *kernel,
                   const char *kernels, const char *placement) {
  const char *exts[2] = {j->png ? "png" : NULL, j->svg ? "svg" : NULL};
  char script[4096], csv[4096], out[4096], part[4200];
  snprintf(script, sizeof script, "%s/%s.gp", j->plots, c->name);
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

int tvp_cmd_plot(int argc, char **argv) {
  static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
                                       {"kernel", required_argument, NULL, 'k'},
                                       {"chart", required_argument, NULL, 'c'},
                                       {"format", required_argument, NULL, 'f'},
                                       {0, 0, 0, 0}};
  plot_job j = {.png = 1, .svg = 1};
  const char *format = NULL;
  int c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
    switch (c) {
    case 'h':
      fputs(usage, stdout);
      return TVP_EXIT_OK;
    case 'k': j.only_kernel = optarg; break;
    case 'c': j.only_chart = optarg; break;
    case 'f': format = optarg; break;
    case ':': return tvp_usage_error("plot", "option '%s' needs a value", argv[optind - 1]);
    default: return tvp_usage_error("plot", "unknown option '%s'", argv[optind - 1]);
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
  const chart *only = NULL;
  if (j.only_chart) {
    for (size_t i = 0; i < NCHARTS && !only; i++)
      if (strcmp(charts[i].name, j.only_chart) == 0)
        only = &charts[i];
    if (!only)
      return tvp_usage_error("plot", "unknown chart '%s' (charts: speedup, throughput, "
                             "efficiency, ratio, chunk, message, overview, ratiomap, latency, "
                             "karpflatt, footprint)", j.only_chart);
  }

  char csv[4096], err[1024];
  snprintf(csv, sizeof csv, "%s/summary.csv", j.dir);
  tvp_csv_table t;
  if (tvp_csv_table_read(csv, &t, err, sizeof err) != 0)
    return tvp_usage_error("plot", "%s (is '%s' a run folder?)", err, j.dir);
  /* Where the charts go must take them, checked before gnuplot fails on each. */
  char plotdir[4096];
  snprintf(plotdir, sizeof plotdir, "%s/plots", j.dir);
  struct stat st;
  int have_plotdir = stat(plotdir, &st) == 0;
  if (have_plotdir && !S_ISDIR(st.st_mode)) {
    tvp_csv_table_free(&t);
    return tvp_usage_error("plot", "'%s' is a file, where the charts go: move it away", plotdir);
  }
  if (access(have_plotdir ? plotdir : j.dir, W_OK | X_OK) != 0) {
    int e = errno;
    tvp_csv_table_free(&t);
    return tvp_usage_error("plot", "cannot write the charts into '%s': %s (copy the run folder "
                           "somewhere you can write, and plot the copy)", plotdir, strerror(e));
  }
  if (!tvp_gnuplot_available()) {
    tvp_err("plot: gnuplot is not installed: install it with 'apt-get install gnuplot-nox' "
            "(the CSV is untouched)");
    tvp_csv_table_free(&t);
    return TVP_EXIT_FAIL;
  }
  j.plots = tvp_plots_dir();
  if (!j.plots) {
    tvp_err("plot: cannot find the gnuplot scripts (plots/*.gp); set TVP_PLOTS_DIR");
    tvp_csv_table_free(&t);
    return TVP_EXIT_FAIL;
  }
  char **kernels;
  size_t nk = distinct(&t, "kernel", NULL, NULL, &kernels);
  if (j.only_kernel) {
    size_t k = 0;
    while (k < nk && strcmp(kernels[k], j.only_kernel) != 0)
      k++;
    if (k == nk) {
      free(kernels);
      tvp_csv_table_free(&t);
      return tvp_usage_error("plot", "kernel '%s' is not in %s", j.only_kernel, csv);
    }
  }
  if (mkdir(plotdir, 0777) != 0 && errno != EEXIST) {
    tvp_err("plot: cannot create %s: %s", plotdir, strerror(errno));
    free(kernels);
    tvp_csv_table_free(&t);
    return TVP_EXIT_FAIL;
  }

  tvp_buf all = {0};
  int any_spawn = 0;
  for (size_t k = 0; k < nk; k++) {
    tvp_buf_printf(&all, "%s%s", k ? " " : "", kernels[k]);
    any_spawn |= strncmp(kernels[k], "spawn.", 6) == 0;
  }
  for (size_t i = 0; i < NCHARTS; i++) {
    const chart *ch = &charts[i];
    if (only && only != ch)
      continue;
    if (ch->per_kernel) {
      int chunk_chart = strcmp(ch->name, "chunk") == 0, drawn = 0;
      int message_chart = strcmp(ch->name, "message") == 0;
      for (size_t k = 0; k < nk; k++) {
        if (j.only_kernel && strcmp(kernels[k], j.only_kernel) != 0)
          continue;
        /* One chart per placement when a kernel ran under several. */
        char **places;
        size_t np = distinct(&t, "placement", "kernel", kernels[k], &places);
        for (size_t p = 0; p < np; p++) {
          if (chunk_chart && !swept(&t, "chunk_items", kernels[k], places[p]))
            continue;
          /* Messages are the net.* kernels' work; their size is --footprint. */
          if (message_chart && (strncmp(kernels[k], "net.", 4) != 0 ||
                                !swept(&t, "footprint_bytes", kernels[k], places[p])))
            continue;
          drawn++;
          char stem[512];
          if (np > 1)
            snprintf(stem, sizeof stem, "%s-%s-%s", ch->name, kernels[k], places[p]);
          else
            snprintf(stem, sizeof stem, "%s-%s", ch->name, kernels[k]);
          render(&j, ch, stem, kernels[k], NULL, places[p]);
        }
        free(places);
      }
      if (chunk_chart && only && !drawn)
        tvp_err("plot: no kernel ran at two chunk sizes or more (tvp run --chunk), so no chunk chart");
      if (message_chart && only && !drawn)
        tvp_err("plot: no net.* kernel ran at two message sizes or more (tvp run --footprint), "
                "so no message chart");
    } else if (!j.only_kernel || only) {
      if (strcmp(ch->name, "latency") == 0 && !any_spawn) {
        if (only)
          tvp_err("plot: no spawn.* kernel in this run, so no latency chart");
        continue;
      }
      render(&j, ch, ch->name, NULL, all.data, NULL);
    }
  }
  printf("%d chart file%s in %s%s\n", j.rendered, j.rendered == 1 ? "" : "s", plotdir,
         j.failed ? " (some failed, see above)" : "");
  tvp_buf_free(&all);
  free(kernels);
  tvp_csv_table_free(&t);
  return j.failed ? TVP_EXIT_FAIL : TVP_EXIT_OK;
}
