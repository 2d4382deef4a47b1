/* tvp report: one Markdown page for a run folder: the machine, the sweep, a
 * table and the charts per kernel, and findings written from the numbers. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "base/fs.h"
#include "analysis/findings.h"
#include "kernels/kernel.h"
#include "results/chart_kinds.h"
#include "plan/dimensions.h"
#include "results/meta_read.h"
#include "results/run_folder.h"
#include "base/util.h"

static const char usage[] =
    "usage: tvp report RUN_DIR\n"
    "\n"
    "Writes RUN_DIR/report.md and prints its path: the machine and the command line\n"
    "(from meta.json), the sweep, a table per kernel (per model: median time with the\n"
    "half-width of its 95 % confidence interval, throughput, speedup, efficiency; and\n"
    "the process/thread throughput ratio), the charts that 'tvp plot RUN_DIR' drew,\n"
    "and findings: per kernel and worker count the process/thread ratio and whether\n"
    "the 95 % confidence intervals of the two throughputs overlap, the best speedup,\n"
    "the efficiency at the core count, failed and noisy configurations.\n"
    "\n"
    "Exit status: 0 written, 1 the file could not be written, 2 not a run folder.\n";

/* ------------------------------------------------------------------------- */
/* Markdown helpers. */

/* Text for a table cell or a line: '|' would end the cell, a backslash or a
 * star or an underscore would start formatting. */
static void md_text(tvp_buf *b, const char *s) {
  for (const char *p = s; *p; p++) {
    if (strchr("|\\*_`<>[]", *p))
      tvp_buf_append(b, "\\", 1);
    tvp_buf_append(b, p, 1);
  }
}

static void md_row(tvp_buf *b, const char *label, const char *value) {
  if (!value || !*value)
    return;
  tvp_buf_printf(b, "| %s | ", label);
  md_text(b, value);
  tvp_buf_printf(b, " |\n");
}

static void fmt_num(char *s, size_t len, const char *fmt, double v) {
  if (isfinite(v))
    snprintf(s, len, fmt, v);
  else
    snprintf(s, len, "-");
}

/* ------------------------------------------------------------------------- */
/* The run as the report sees it. */

typedef struct {
  const char *dir;
  tvp_run_folder run;
  const tvp_point *pts; /* run.points */
  size_t npts;
  long warmups; /* -1 when unknown, -2 when they differ between configurations */
  unsigned cores;
} run_view;

/* Distinct values of a column among the points, in order of first appearance. */
static size_t distinct_texts(const char *const *vals, size_t n, const char **out) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    tvp_distinct_text(out, &m, vals[i]);
  return m;
}

/* The distinct values of one string member of tvp_point (named by its offset,
 * so one function serves every row of the sweep table), joined by ", ". */
static void join_distinct(tvp_buf *b, const run_view *v, tvp_dim_id d, int skip_empty) {
  const char **vals = tvp_xcalloc(v->npts + 1, sizeof *vals);
  const char **uniq = tvp_xcalloc(v->npts + 1, sizeof *uniq);
  size_t n = 0;
  for (size_t i = 0; i < v->npts; i++) {
    const char *s = v->pts[i].dim[d];
    if (!skip_empty || *s)
      vals[n++] = s;
  }
  size_t m = distinct_texts(vals, n, uniq);
  for (size_t k = 0; k < m; k++)
    tvp_buf_printf(b, "%s%s", k ? ", " : "", uniq[k]);
  free(vals);
  free(uniq);
}

/* tvp_distinct_add's test for an array of point pointers: one series. */
static int same_series(const void *a, const void *b) {
  return tvp_point_same_series(*(const tvp_point *const *)a, *(const tvp_point *const *)b);
}

static int cmp_unsigned(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return (x > y) - (x < y);
}

/* Distinct worker counts of the points in series (all points when NULL), ascending. */
static size_t worker_counts(const run_view *v, const tvp_point *series, unsigned *out) {
  size_t m = 0;
  for (size_t i = 0; i < v->npts; i++) {
    if (series && !tvp_point_same_series(&v->pts[i], series))
      continue;
    tvp_distinct_add(out, &m, sizeof *out, &v->pts[i].workers, NULL);
  }
  qsort(out, m, sizeof *out, cmp_unsigned);
  return m;
}

static int load_run(run_view *v, tvp_buf *err) {
  if (tvp_run_folder_read(&v->run, v->dir, TVP_RUN_RUNS_IF_ANY | TVP_RUN_META, err) != 0)
    return -1;
  static const char *const need[] = {"kernel", "model", "placement", "scaling", "workers",
                                     "units_requested", "status", "throughput_median"};
  for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
    if (tvp_run_folder_need(&v->run, 0, need[i], err) != 0) {
      tvp_run_folder_free(&v->run);
      return -1;
    }
  v->pts = v->run.points;
  v->npts = v->run.npoints;
  const char *cores = tvp_meta_get(&v->run.meta, "cores");
  v->cores = cores ? (unsigned)strtoul(cores, NULL, 10) : 0;
  /* Warm-ups are only in runs.csv. */
  v->warmups = tvp_run_folder_warmups(&v->run);
  return 0;
}

/* ------------------------------------------------------------------------- */
/* The sections of the page. */

static void section_machine(tvp_buf *b, const run_view *v) {
  const tvp_meta_doc *m = &v->run.meta;
  tvp_buf_printf(b, "## Machine\n\n");
  if (!v->run.have_meta)
    tvp_buf_printf(b, "meta.json could not be read (%s), so what follows may be incomplete.\n\n",
                   v->run.meta_err.data ? v->run.meta_err.data : "unknown error");
  if (m->n == 0 && !m->command) {
    tvp_buf_printf(b, "Nothing is known about the machine.\n\n");
    return;
  }
  tvp_buf_printf(b, "| | |\n|---|---|\n");
  md_row(b, "CPU", tvp_meta_get(m, "cpu_model"));
  const char *pk = tvp_meta_get(m, "packages"), *nn = tvp_meta_get(m, "numa_nodes"),
             *co = tvp_meta_get(m, "cores"), *pu = tvp_meta_get(m, "pus");
  if (pk || nn || co || pu) {
    tvp_buf_printf(b, "| Topology | %s package%s, %s NUMA node%s, %s core%s, %s PU%s |\n",
                   pk ? pk : "?", pk && strcmp(pk, "1") == 0 ? "" : "s", nn ? nn : "?",
                   nn && strcmp(nn, "1") == 0 ? "" : "s", co ? co : "?",
                   co && strcmp(co, "1") == 0 ? "" : "s", pu ? pu : "?",
                   pu && strcmp(pu, "1") == 0 ? "" : "s");
  }
  const char *mem = tvp_meta_get(m, "memory_bytes");
  if (mem) {
    char s[64];
    tvp_format_size(s, sizeof s, strtod(mem, NULL));
    md_row(b, "Memory", s);
  }
  md_row(b, "Caches", m->caches);
  tvp_buf os = {0};
  tvp_buf_append(&os, "", 0);
  static const char *const oskeys[] = {"os", "os_release", "arch"};
  for (size_t i = 0; i < 3; i++)
    if (tvp_meta_get(m, oskeys[i]))
      tvp_buf_printf(&os, "%s%s", os.len ? " " : "", tvp_meta_get(m, oskeys[i]));
  md_row(b, "OS", os.data);
  tvp_buf_free(&os);
  md_row(b, "OS version", tvp_meta_get(m, "os_version"));
  md_row(b, "Host", tvp_meta_get(m, "host"));
  md_row(b, "Compiler", tvp_meta_get(m, "compiler"));
  md_row(b, "hwloc", tvp_meta_get(m, "hwloc_version"));
  const char *ver = tvp_meta_get(m, "tvp_version"), *rev = tvp_meta_get(m, "git_revision");
  if (ver || rev) {
    tvp_buf t = {0};
    tvp_buf_printf(&t, "%s (git %s)", ver ? ver : "?", rev ? rev : "?");
    md_row(b, "tvp", t.data);
    tvp_buf_free(&t);
  }
  md_row(b, "Clock resolution (ns)", tvp_meta_get(m, "clock_resolution_ns"));
  md_row(b, "Started (UTC)", tvp_meta_get(m, "start_time_utc"));
  md_row(b, "Ended (UTC)", tvp_meta_get(m, "end_time_utc"));
  md_row(b, "State", tvp_meta_get(m, "state"));
  if (m->command && *m->command)
    tvp_buf_printf(b, "\nCommand line:\n\n```\n%s\n```\n", m->command);
  tvp_buf_printf(b, "\n");
}

static void section_sweep(tvp_buf *b, const run_view *v) {
  tvp_buf_printf(b, "## Sweep\n\n| | |\n|---|---|\n");
  const char *suite = tvp_meta_get(&v->run.meta, "suite");
  if (suite && *suite) {
    tvp_buf_printf(b, "| Suite | `%s` |\n", suite);
  } else if (suite) {
    tvp_buf_printf(b, "| Suite | none (command-line flags) |\n");
  }
  /* Every dimension of the CSV as written; the worker counts below, as numbers. */
  for (int d = 0; d < TVP_DIM_COUNT; d++) {
    if (!tvp_dimensions[d].column || d == TVP_DIM_WORKERS)
      continue;
    tvp_buf t = {0};
    tvp_buf_append(&t, "", 0);
    join_distinct(&t, v, (tvp_dim_id)d, 1);
    md_row(b, tvp_dimensions[d].label, t.data);
    tvp_buf_free(&t);
  }
  unsigned *w = tvp_xcalloc(v->npts + 1, sizeof *w);
  size_t nw = worker_counts(v, NULL, w);
  tvp_buf_printf(b, "| Workers | ");
  for (size_t i = 0; i < nw; i++)
    tvp_buf_printf(b, "%s%u", i ? ", " : "", w[i]);
  tvp_buf_printf(b, " |\n");
  free(w);

  /* Repetitions planned: the reps column, the same everywhere in a sweep from flags. */
  tvp_buf reps = {0};
  tvp_buf_append(&reps, "", 0);
  {
    const char **vals = tvp_xcalloc(v->npts + 1, sizeof *vals);
    const char **uniq = tvp_xcalloc(v->npts + 1, sizeof *uniq);
    for (size_t i = 0; i < v->npts; i++)
      vals[i] = v->pts[i].reps;
    size_t m = distinct_texts(vals, v->npts, uniq);
    for (size_t k = 0; k < m; k++)
      tvp_buf_printf(&reps, "%s%s", k ? " or " : "", uniq[k]);
    free(vals);
    free(uniq);
  }
  tvp_buf_printf(b, "| Repetitions | %s measured per configuration", reps.len ? reps.data : "?");
  if (v->warmups >= 0)
    tvp_buf_printf(b, ", after %ld warm-up%s", v->warmups, v->warmups == 1 ? "" : "s");
  else if (v->warmups == -2)
    tvp_buf_printf(b, ", after warm-ups (their number varies)");
  else
    tvp_buf_printf(b, " (warm-ups not known: no readable runs.csv)");
  tvp_buf_printf(b, " |\n");
  tvp_buf_free(&reps);

  size_t failed = 0;
  for (size_t i = 0; i < v->npts; i++)
    failed += strcmp(v->pts[i].status, "ok") != 0;
  const char *planned = tvp_meta_get(&v->run.meta, "configurations_planned");
  tvp_buf_printf(b, "| Configurations | %zu ran", v->npts);
  if (planned)
    tvp_buf_printf(b, " of %s planned", planned);
  tvp_buf_printf(b, "; %zu failed or interrupted |\n\n", failed);
  tvp_buf_printf(b, "Every repetition runs in a freshly forked cell process. Statistics use the "
                 "measured repetitions that succeeded; warm-ups are discarded.\n\n");
}

/* Embeds the charts of names that exist under DIR/plots/; returns how many. */
static int embed(tvp_buf *b, const char *dir, const char *stem, const char *alt) {
  tvp_buf path = {0};
  tvp_buf_printf(&path, "%s/plots/%s.png", dir, stem);
  int found = tvp_is_file(path.data);
  tvp_buf_free(&path);
  if (found)
    tvp_buf_printf(b, "![%s](plots/%s.png)\n\n", alt, stem);
  return found;
}

static void series_table(tvp_buf *b, const run_view *v, const tvp_point *series,
                         const char *const *models, size_t nm) {
  unsigned *w = tvp_xcalloc(v->npts + 1, sizeof *w);
  size_t nw = worker_counts(v, series, w);
  tvp_buf_printf(b, "| workers |");
  for (size_t m = 0; m < nm; m++)
    tvp_buf_printf(b, " %s time s | %s throughput | %s speedup | %s efficiency |", models[m],
                   models[m], models[m], models[m]);
  for (size_t m = 0; m < nm; m++)
    if (strcmp(models[m], "thread") != 0)
      tvp_buf_printf(b, " %s/thread |", models[m]);
  tvp_buf_printf(b, "\n|--:|");
  for (size_t m = 0; m < nm; m++)
    tvp_buf_printf(b, "--:|--:|--:|--:|");
  for (size_t m = 0; m < nm; m++)
    if (strcmp(models[m], "thread") != 0)
      tvp_buf_printf(b, "--:|");
  tvp_buf_printf(b, "\n");
  for (size_t i = 0; i < nw; i++) {
    size_t *row = tvp_xcalloc(nm + 1, sizeof *row);
    int over = 0;
    for (size_t m = 0; m < nm; m++) {
      row[m] = (size_t)-1;
      for (size_t r = 0; r < v->npts && row[m] == (size_t)-1; r++)
        if (tvp_point_same_series(&v->pts[r], series) && v->pts[r].workers == w[i] &&
            strcmp(v->pts[r].model, models[m]) == 0) {
          row[m] = r;
          over |= v->pts[r].oversubscribed;
        }
    }
    tvp_buf_printf(b, "| %u%s |", w[i], over ? " (oversubscribed)" : "");
    for (size_t m = 0; m < nm; m++) {
      size_t r = row[m];
      if (r == (size_t)-1) {
        tvp_buf_printf(b, " | | | |");
        continue;
      }
      const tvp_point *p = &v->pts[r];
      if (strcmp(p->status, "ok") != 0) {
        tvp_buf_printf(b, " %s | - | - | - |", p->status);
        continue;
      }
      char t[64], h[64], tp[64], s[64], e[64];
      double half = (p->time_ci_high_s - p->time_ci_low_s) / 2;
      fmt_num(t, sizeof t, "%.4g", p->time_median_s);
      fmt_num(h, sizeof h, "%.2g", half);
      tvp_format_si(tp, sizeof tp, p->tp_median);
      fmt_num(s, sizeof s, "%.2f", p->speedup);
      fmt_num(e, sizeof e, "%.2f", p->efficiency);
      if (isfinite(half))
        tvp_buf_printf(b, " %s ± %s |", t, h);
      else
        tvp_buf_printf(b, " %s |", t);
      tvp_buf_printf(b, " %s | %s | %s |", tp, s, e);
    }
    for (size_t m = 0; m < nm; m++) {
      if (strcmp(models[m], "thread") == 0)
        continue;
      char q[64];
      fmt_num(q, sizeof q, "%.2f", row[m] == (size_t)-1 ? NAN : v->pts[row[m]].ratio_vs_thread);
      tvp_buf_printf(b, " %s |", q);
    }
    tvp_buf_printf(b, "\n");
    free(row);
  }
  free(w);
  tvp_buf_printf(b, "\n");
}

static void section_kernel(tvp_buf *b, const run_view *v, const char *kernel, int *charts) {
  const tvp_point **series = tvp_xcalloc(v->npts + 1, sizeof *series);
  const char **models = tvp_xcalloc(v->npts + 2, sizeof *models);
  const char **places = tvp_xcalloc(v->npts + 1, sizeof *places);
  size_t ns = 0, nm = 0, np = 0;
  const char *unit = "", *bound = "";
  /* Threads first, so every X/thread column reads against the column before. */
  for (size_t r = 0; r < v->npts; r++)
    if (strcmp(v->pts[r].kernel, kernel) == 0 && strcmp(v->pts[r].model, "thread") == 0) {
      models[nm++] = "thread";
      break;
    }
  for (size_t r = 0; r < v->npts; r++) {
    const tvp_point *p = &v->pts[r];
    if (strcmp(p->kernel, kernel) != 0)
      continue;
    if (!*unit && *p->unit)
      unit = p->unit;
    if (!*bound)
      bound = p->bound;
    tvp_distinct_add(series, &ns, sizeof *series, &p, same_series);
    tvp_distinct_text(models, &nm, p->model);
    tvp_distinct_text(places, &np, p->dim[TVP_DIM_PLACEMENT]);
  }
  tvp_buf_printf(b, "## %s\n\n", kernel);
  const tvp_kernel *k = tvp_kernel_find(kernel);
  if (k && k->summary[0]) {
    /* The descriptor's summary is a phrase; here it opens a sentence. */
    tvp_buf_printf(b, "%c%s. ", toupper((unsigned char)k->summary[0]), k->summary + 1);
  }
  if (*bound)
    tvp_buf_printf(b, "Bound by: %s. ", bound);
  if (*unit)
    tvp_buf_printf(b, "Throughput in %s.", unit);
  tvp_buf_printf(b, "\n\n");
  for (size_t s = 0; s < ns; s++) {
    if (ns > 1) {
      tvp_buf_printf(b, "### ");
      tvp_point_series_label(series[s], b);
      tvp_buf_printf(b, "\n\n");
    }
    series_table(b, v, series[s], models, nm);
  }
  tvp_buf_printf(b, "time s: median wall time of a repetition ± half-width of the 95 %% "
                 "confidence interval of the mean; throughput: median, in %s; speedup: "
                 "throughput against the same model at 1 worker; efficiency: speedup / workers; "
                 "X/thread: throughput of X over that of threads.\n\n",
                 *unit ? unit : "the kernel's unit");
  int drawn = 0;
  for (size_t c = 0; c < tvp_nchart_kinds; c++) {
    const tvp_chart_kind *kind = &tvp_chart_kinds[c];
    if (!kind->per_kernel)
      continue;
    tvp_buf stem = {0}, alt = {0};
    tvp_chart_stem(kind, kernel, NULL, &stem);
    tvp_buf_printf(&alt, "%s of %s", kind->name, kernel);
    drawn += embed(b, v->dir, stem.data, alt.data);
    /* tvp plot draws one chart per placement when a kernel ran under several. */
    for (size_t p = 0; np > 1 && p < np; p++) {
      tvp_buf_free(&stem);
      tvp_buf_free(&alt);
      tvp_chart_stem(kind, kernel, places[p], &stem);
      tvp_buf_printf(&alt, "%s of %s, %s placement", kind->name, kernel, places[p]);
      drawn += embed(b, v->dir, stem.data, alt.data);
    }
    tvp_buf_free(&stem);
    tvp_buf_free(&alt);
  }
  if (!drawn)
    tvp_buf_printf(b, "No charts for %s yet: run `tvp plot %s` to draw the charts.\n\n", kernel,
                   v->dir);
  *charts += drawn;
  free(series);
  free(models);
  free(places);
}

static char *render(const run_view *v) {
  tvp_buf b = {0};
  const char *slash = strrchr(v->dir, '/');
  const char *name = slash && slash[1] ? slash + 1 : v->dir;
  tvp_buf_printf(&b, "# tvp report: ");
  md_text(&b, name);
  tvp_buf_printf(&b, "\n\nThreads against processes on the same kernels, from the run folder `%s`.\n\n",
                 v->dir);
  section_machine(&b, v);
  section_sweep(&b, v);

  const char **kernels = tvp_xcalloc(v->npts + 1, sizeof *kernels);
  const char **vals = tvp_xcalloc(v->npts + 1, sizeof *vals);
  for (size_t i = 0; i < v->npts; i++)
    vals[i] = v->pts[i].kernel;
  size_t nk = distinct_texts(vals, v->npts, kernels);
  free(vals);
  int charts = 0;
  for (size_t k = 0; k < nk; k++)
    section_kernel(&b, v, kernels[k], &charts);

  tvp_buf_printf(&b, "## Charts of the whole run\n\n");
  int drawn = 0;
  for (size_t c = 0; c < tvp_nchart_kinds; c++)
    if (!tvp_chart_kinds[c].per_kernel)
      drawn += embed(&b, v->dir, tvp_chart_kinds[c].name, tvp_chart_kinds[c].name);
  if (!drawn)
    tvp_buf_printf(&b, "None yet: run `tvp plot %s` to draw the charts.\n\n", v->dir);

  tvp_buf_printf(&b, "## Findings\n\n");
  tvp_buf_printf(&b, "Written from this run's numbers. Ratios are median throughputs; two "
                 "configurations differ clearly when the 95 %% confidence intervals of their "
                 "mean throughputs do not overlap.\n\n");
  if (nk == 0)
    tvp_buf_printf(&b, "summary.csv holds no configuration.\n");
  for (size_t k = 0; k < nk; k++) {
    tvp_buf_printf(&b, "### %s\n\n", kernels[k]);
    tvp_findings_kernel(kernels[k], v->pts, v->npts, v->cores, &b);
    tvp_buf_printf(&b, "\n");
  }
  free(kernels);
  return b.data;
}

/* Writes text to path through a temporary name, so a reader never sees half a page. */
static int write_whole(const char *path, const char *text, tvp_buf *err) {
  tvp_fs_atomic a;
  if (tvp_fs_begin(&a, path) != 0) {
    char *tmp = tvp_fs_temp_path(path);
    tvp_buf_printf(err, "cannot create %s: %s", tmp, strerror(errno));
    free(tmp);
    return -1;
  }
  if (tvp_write_all(a.fd, text, strlen(text)) != 0) {
    tvp_buf_printf(err, "cannot write %s: %s", a.tmp, strerror(errno));
    tvp_fs_abort(&a);
    return -1;
  }
  if (tvp_fs_commit(&a) != 0) {
    tvp_buf_printf(err, "cannot write %s: %s", path, strerror(errno));
    return -1;
  }
  return 0;
}

int tvp_cmd_report(int argc, char **argv) {
  /* Options are read wherever they stand: --help may follow the run folder too. */
  tvp_opts p = {.cmd = "report", .usage = usage};
  if (tvp_opts_next(&p, argc, argv) == TVP_OPT_STOP)
    return p.status;
  if (optind + 1 != argc)
    return tvp_usage_error("report", "name one run folder");
  run_view v = {.dir = argv[optind]};
  struct stat st;
  if (stat(v.dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return tvp_usage_error("report", "'%s' is not a folder", v.dir);
  tvp_buf err = {0};
  if (load_run(&v, &err) != 0) {
    int rc = tvp_usage_error("report", "%s (is '%s' a run folder?)", err.data, v.dir);
    tvp_buf_free(&err);
    return rc;
  }
  if (!v.run.have_meta)
    tvp_err("report: %s; the machine section will be incomplete", v.run.meta_err.data);
  char *text = render(&v);
  char *path = tvp_path_in(v.dir, "report.md");
  int rc = write_whole(path, text, &err);
  free(text);
  tvp_run_folder_free(&v.run);
  if (rc != 0)
    tvp_err("report: %s", err.data);
  else
    printf("%s\n", path);
  free(path);
  tvp_buf_free(&err);
  return rc != 0 ? TVP_EXIT_FAIL : TVP_EXIT_OK;
}
