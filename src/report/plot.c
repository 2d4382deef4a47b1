/* tvp plot's work: the charts of a run folder, drawn by running the gnuplot
 * scripts of plots/ on its summary.csv. Which charts is decided here, from the
 * table of chart kinds and the run's rows, and so is what each script is told
 * (its variables, the answers to its questions about the rows: chart_answers.h);
 * the drawing is the scripts', all of them at once in a few gnuplot processes
 * (gnuplot_pool.h). Given the same variables, each script also runs alone. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csv_table.h"
#include "base/util.h"
#include "plan/dimension_id.h"
#include "report/chart_answers.h"
#include "report/gnuplot_pool.h"
#include "report/gnuplot_run.h"
#include "report/plot.h"
#include "results/chart_kinds.h"
#include "results/run_folder.h"

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

/* One tvp_plot_charts at work: the request, where things are, the charts to draw. */
typedef struct {
  const char *dir, *plots, *only_kernel;
  const tvp_chart_kind *only;
  int png, svg, commands;
  char *const *vars; /* --var NAME=VALUE */
  size_t nvars;
  char plotdir[4096];
  tvp_run_folder run;
  const char **kernels;
  size_t nk;
  tvp_buf machine; /* the variables that describe the machine, from meta.json */
  tvp_gnuplot_chart *charts;
  size_t ncharts, cap;
  char **owned; /* the charts' strings */
  size_t nowned;
} plot_job;

/* A copy of s that j frees. */
static const char *keep(plot_job *j, const char *s) {
  j->owned[j->nowned] = tvp_xstrdup(s);
  return j->owned[j->nowned++];
}

static void add_chart(plot_job *j, const char *script, const char *vars, const char *part, const char *out) {
  if (j->ncharts == j->cap) {
    j->cap = j->cap ? 2 * j->cap : 64;
    j->charts = tvp_xrealloc(j->charts, j->cap * sizeof *j->charts);
    j->owned = tvp_xrealloc(j->owned, 4 * j->cap * sizeof *j->owned);
  }
  j->charts[j->ncharts++] = (tvp_gnuplot_chart){.script = keep(j, script), .vars = keep(j, vars),
                                                .part = keep(j, part), .out = keep(j, out)};
}

/* The value a --var gives name (the last), or dflt. */
static const char *given(const plot_job *j, const char *name, const char *dflt) {
  const char *v = dflt;
  size_t len = strlen(name);
  for (size_t i = 0; i < j->nvars; i++)
    if (strncmp(j->vars[i], name, len) == 0 && j->vars[i][len] == '=')
      v = j->vars[i] + len + 1;
  return v;
}

/* The --var settings but those draw() sets itself: a number bare, else a string. */
static void other_vars(const plot_job *j, tvp_buf *out) {
  static const char *const scope[] = {"kernel", "kernels", "placement", "scaling", "out"};
  for (size_t i = 0; i < j->nvars; i++) {
    const char *eq = strchr(j->vars[i], '=');
    size_t len = (size_t)(eq - j->vars[i]), k = 0;
    while (k < 5 && !(strlen(scope[k]) == len && strncmp(j->vars[i], scope[k], len) == 0))
      k++;
    if (k < 5)
      continue;
    char *end;
    strtod(eq + 1, &end);
    if (eq[1] && !*end && !strpbrk(eq + 1, "xXnNiI")) /* not hex, nan or inf */
      tvp_buf_printf(out, "%.*s=%s; ", (int)len, j->vars[i], eq + 1);
    else {
      char name[128];
      snprintf(name, sizeof name, "%.*s", (int)len, j->vars[i]);
      tvp_gnuplot_var(out, name, eq + 1);
    }
  }
}

static void draw(plot_job *j, const tvp_chart_kind *c, const char *stem, const char *kernel,
                 const char *kernels, const char *placement) {
  const char *exts[2] = {j->png ? "png" : NULL, j->svg ? "svg" : NULL};
  char script[4096], csv[4096], out[4096], part[4200];
  snprintf(script, sizeof script, "%s/%s", j->plots, c->script);
  snprintf(csv, sizeof csv, "%s/summary.csv", j->dir);
  kernel = given(j, "kernel", kernel);
  kernels = given(j, "kernels", kernels);
  placement = given(j, "placement", placement);
  const char *scaling = given(j, "scaling", NULL);
  tvp_buf common = {0}, answers = {0};
  tvp_gnuplot_var(&common, "csv", csv);
  if (kernel)
    tvp_gnuplot_var(&common, "kernel", kernel);
  if (kernels)
    tvp_gnuplot_var(&common, "kernels", kernels);
  if (placement)
    tvp_gnuplot_var(&common, "placement", placement);
  if (scaling)
    tvp_gnuplot_var(&common, "scaling", scaling);
  tvp_buf_printf(&common, "%s", j->machine.data);
  other_vars(j, &common);
  tvp_chart_scope scope = {.ks = c->per_kernel ? kernel : kernels, .placement = placement ? placement : "",
                           .scaling = scaling ? scaling : ""};
  tvp_chart_answers(&j->run.summary, c->script, &scope, &answers);
  tvp_gnuplot_var(&common, "answers", answers.data);
  for (int e = 0; e < 2; e++) {
    if (!exts[e])
      continue;
    snprintf(out, sizeof out, "%s/plots/%s.%s", j->dir, stem, exts[e]);
    /* gnuplot draws into a hidden name, renamed when done: a chart that fails
     * half-way (a full disk) leaves no half-drawn file. The extension stays,
     * as it picks the terminal. What --commands prints draws into out. */
    snprintf(part, sizeof part, "%s/plots/.%s.partial.%s", j->dir, stem, exts[e]);
    tvp_buf vars = {0};
    tvp_buf_printf(&vars, "%s", common.data);
    tvp_gnuplot_var(&vars, "out", given(j, "out", j->commands ? out : part));
    add_chart(j, script, vars.data, part, out);
    tvp_buf_free(&vars);
  }
  tvp_buf_free(&common);
  tvp_buf_free(&answers);
}

/* Says why chart c has nothing of kernel (NULL: of any kernel) to draw, when
 * --chart named it: else the report says it, and tvp plot draws what there is. */
static void not_drawn(const plot_job *j, const tvp_chart_kind *c, const char *kernel) {
  if (j->only != c)
    return;
  tvp_buf why = {0};
  tvp_chart_kind_why_not(c, &j->run, kernel, &why);
  tvp_err("plot: no %s chart%s%s: %s", c->name, kernel ? " of " : "", kernel ? kernel : "", why.data);
  tvp_buf_free(&why);
}

/* Chart c of every kernel it fits (one per placement when a kernel ran under several). */
static void draw_per_kernel(plot_job *j, const tvp_chart_kind *c) {
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
      if (!tvp_chart_kind_has(c, &j->run, kernel, places[p])) {
        not_drawn(j, c, kernel);
        continue;
      }
      drawn++;
      tvp_buf stem = {0};
      tvp_chart_stem(c, kernel, np > 1 ? places[p] : NULL, &stem);
      draw(j, c, stem.data, kernel, NULL, places[p]);
      tvp_buf_free(&stem);
    }
    free(places);
  }
  if (c->absent && j->only && !drawn)
    tvp_err("plot: %s, so no %s chart", c->absent, c->name);
}

/* Chart c of the whole run, unless no kernel of the run fits it; its panels or
 * rows are the kernels that hold what it needs. */
static void draw_per_run(plot_job *j, const tvp_chart_kind *c) {
  int fits = !c->kernel_prefix;
  for (size_t k = 0; k < j->nk && !fits; k++)
    fits = tvp_chart_kind_fits(c, j->kernels[k]);
  if (!fits) {
    if (j->only && c->absent)
      tvp_err("plot: %s, so no %s chart", c->absent, c->name);
    return;
  }
  tvp_buf some = {0};
  for (size_t k = 0; k < j->nk; k++)
    if (tvp_chart_kind_has(c, &j->run, j->kernels[k], NULL))
      tvp_buf_printf(&some, "%s%s", some.len ? " " : "", j->kernels[k]);
  if (some.len)
    draw(j, c, c->name, NULL, some.data, NULL);
  else
    not_drawn(j, c, NULL);
  tvp_buf_free(&some);
}

/* With --var: the one chart of the kind --chart names that the settings
 * describe. A per-kernel chart's kernel is --kernel, or the script's own
 * default, or the run's first. */
static void draw_given(plot_job *j, const char *all) {
  const tvp_chart_kind *c = j->only;
  const char *kernel = NULL;
  if (c->per_kernel) {
    kernel = j->only_kernel ? j->only_kernel : tvp_chart_default_kernel(c->script);
    kernel = given(j, "kernel", kernel ? kernel : j->nk ? j->kernels[0] : "");
  }
  tvp_buf stem = {0};
  tvp_chart_stem(c, kernel, NULL, &stem);
  draw(j, c, stem.data, kernel, c->per_kernel ? NULL : all, NULL);
  tvp_buf_free(&stem);
}

/* With --python: interplock.gp's chart of the run beside the Python run. */
static int draw_interplock(plot_job *j, const char *python, tvp_buf *why) {
  tvp_run_folder py;
  if (tvp_run_folder_read(&py, python, TVP_RUN_META, why) != 0) {
    tvp_buf_printf(why, " (is '%s' the run folder of bench/python/interplock.py?)", python);
    return TVP_EXIT_USAGE;
  }
  const char *exts[2] = {j->png ? "png" : NULL, j->svg ? "svg" : NULL};
  char script[4096], csv[4096], pycsv[4096], out[4096], part[4200];
  snprintf(script, sizeof script, "%s/interplock.gp", j->plots);
  snprintf(csv, sizeof csv, "%s/summary.csv", j->dir);
  snprintf(pycsv, sizeof pycsv, "%s/summary.csv", python);
  tvp_buf common = {0};
  tvp_gnuplot_var(&common, "csv", csv);
  tvp_gnuplot_var(&common, "pycsv", pycsv);
  tvp_chart_interplock_vars(&j->run, &py, &common);
  for (int e = 0; e < 2; e++) {
    if (!exts[e])
      continue;
    snprintf(out, sizeof out, "%s/plots/interplock.%s", j->dir, exts[e]);
    snprintf(part, sizeof part, "%s/plots/.interplock.partial.%s", j->dir, exts[e]);
    tvp_buf vars = {0};
    tvp_buf_printf(&vars, "%s", common.data);
    tvp_gnuplot_var(&vars, "out", j->commands ? out : part);
    add_chart(j, script, vars.data, part, out);
    tvp_buf_free(&vars);
  }
  tvp_buf_free(&common);
  tvp_run_folder_free(&py);
  return TVP_EXIT_OK;
}

/* Reads the run and checks everything drawing needs before gnuplot fails on each
 * chart: where the charts go, gnuplot, the scripts, the kernel asked for.
 * TVP_EXIT_OK, or the exit status with the reason said (in why for TVP_EXIT_USAGE). */
static int prepare(plot_job *j, tvp_buf *why) {
  if (tvp_run_folder_read(&j->run, j->dir, TVP_RUN_META, why) != 0) {
    tvp_buf_printf(why, " (is '%s' a run folder?)", j->dir);
    return TVP_EXIT_USAGE;
  }
  snprintf(j->plotdir, sizeof j->plotdir, "%s/plots", j->dir);
  struct stat st;
  int have_plotdir = stat(j->plotdir, &st) == 0;
  if (!have_plotdir && lstat(j->plotdir, &st) == 0) {
    /* Else mkdir fails with EEXIST, unnoticed, and gnuplot fails on every chart. */
    tvp_buf_printf(why, "'%s' is a link to nothing, where the charts go: remove it or make its "
                   "target", j->plotdir);
    return TVP_EXIT_USAGE;
  }
  if (have_plotdir && !S_ISDIR(st.st_mode)) {
    tvp_buf_printf(why, "'%s' is a file, where the charts go: move it away", j->plotdir);
    return TVP_EXIT_USAGE;
  }
  if (access(have_plotdir ? j->plotdir : j->dir, W_OK | X_OK) != 0) {
    tvp_buf_printf(why, "cannot write the charts into '%s': %s (copy the run folder somewhere you "
                   "can write, and plot the copy)", j->plotdir, strerror(errno));
    return TVP_EXIT_USAGE;
  }
  if (!j->commands && !tvp_gnuplot_available()) {
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
  if (j->only_kernel && k == j->nk) {
    tvp_buf_printf(why, "kernel '%s' is not in %s/summary.csv", j->only_kernel, j->dir);
    return TVP_EXIT_USAGE;
  }
  if (mkdir(j->plotdir, 0777) != 0 && errno != EEXIST) {
    tvp_err("plot: cannot create %s: %s", j->plotdir, strerror(errno));
    return TVP_EXIT_FAIL;
  }
  return TVP_EXIT_OK;
}

/* Draws the charts collected, or prints what draws them (--commands). */
static int render(plot_job *j, int jobs) {
  if (j->commands) {
    tvp_buf text = {0};
    for (size_t i = 0; i < j->ncharts; i++) {
      tvp_gnuplot_chart_commands(&j->charts[i], &text);
      tvp_buf_printf(&text, "set output\n");
    }
    fputs(text.data ? text.data : "", stdout);
    tvp_buf_free(&text);
    return TVP_EXIT_OK;
  }
  tvp_gnuplot_pool_opts o = {.cmd = "plot", .procs = jobs > 0 ? jobs : tvp_usable_cpus(),
                             .progress = isatty(STDERR_FILENO)};
  if ((size_t)o.procs > j->ncharts)
    o.procs = j->ncharts ? (int)j->ncharts : 1;
  size_t failed = tvp_gnuplot_draw_many(j->charts, j->ncharts, &o);
  size_t rendered = j->ncharts - failed;
  printf("%zu chart file%s in %s%s\n", rendered, rendered == 1 ? "" : "s", j->plotdir,
         failed ? " (some failed, see above)" : "");
  return failed ? TVP_EXIT_FAIL : TVP_EXIT_OK;
}

int tvp_plot_charts(const tvp_plot_request *req, tvp_buf *why) {
  plot_job j = {.dir = req->dir, .only_kernel = req->only_kernel, .only = req->only,
                .png = req->png, .svg = req->svg, .commands = req->commands, .vars = req->vars,
                .nvars = req->nvars};
  int rc = prepare(&j, why);
  if (rc == TVP_EXIT_OK) {
    tvp_buf all = {0};
    for (size_t k = 0; k < j.nk; k++)
      tvp_buf_printf(&all, "%s%s", k ? " " : "", j.kernels[k]);
    tvp_buf_printf(&j.machine, "%s", "");
    tvp_chart_machine_vars(&j.run, &j.machine);
    for (size_t i = 0; i < tvp_nchart_kinds && !j.nvars && !req->python; i++) {
      const tvp_chart_kind *ch = &tvp_chart_kinds[i];
      if (j.only && j.only != ch)
        continue;
      if (ch->per_kernel)
        draw_per_kernel(&j, ch);
      else if (!j.only_kernel || j.only)
        draw_per_run(&j, ch);
    }
    if (j.nvars)
      draw_given(&j, all.data ? all.data : "");
    if (req->python)
      rc = draw_interplock(&j, req->python, why);
    if (rc == TVP_EXIT_OK)
      rc = render(&j, req->jobs);
    tvp_buf_free(&all);
  }
  for (size_t i = 0; i < j.nowned; i++)
    free(j.owned[i]);
  free(j.owned);
  free(j.charts);
  tvp_buf_free(&j.machine);
  free(j.kernels);
  tvp_run_folder_free(&j.run);
  return rc;
}
