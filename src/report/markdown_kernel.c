/* report.md's sections on the kernels, after the summary: how to read their
 * tables, said once, then a section per kernel: what it is, a table per series
 * (time, throughput, speedup, efficiency per model, and each model against
 * threads) with the findings on it, and the charts tvp plot drew of it. */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"
#include "base/util.h"
#include "kernels/kernel.h"
#include "plan/dimensions.h"
#include "report/markdown_parts.h"
#include "report/verdict_word.h"
#include "results/chart_kinds.h"
#include "results/run_folder.h"

static void fmt_num(char *s, size_t len, const char *fmt, double v) {
  if (isfinite(v))
    snprintf(s, len, fmt, v);
  else
    snprintf(s, len, "-");
}

/* tvp_distinct_add's test for an array of point pointers: one series. */
static int same_series(const void *a, const void *b) {
  return tvp_point_same_series(*(const tvp_point *const *)a, *(const tvp_point *const *)b);
}

/* Under a series' table, why its implausible rows show no figures: the rows of
 * one point share their reason, so the first one says it. */
static void implausible_note(tvp_buf *b, const tvp_md_view *v, const tvp_point *series) {
  for (size_t r = 0; r < v->npts; r++) {
    const tvp_point *p = &v->pts[r];
    if (!p->implausible || !tvp_point_same_series(p, series))
      continue;
    tvp_buf_printf(b, "Implausible, so not shown: ");
    tvp_md_text(b, *p->implausible_reason ? p->implausible_reason : "no reason recorded");
    tvp_buf_printf(b, " (summary.csv keeps the figures).\n\n");
    return;
  }
}

/* No repetition of it free of disturbance: a neighbour held a worker's CPU in
 * every round, the asked ones and those run to make up for them. */
static int all_disturbed(const tvp_point *p) { return p->reps_ok == 0 && p->reps_disturbed > 0; }

/* Under a series' table, which of its rows could get no clean round. */
static void disturbed_note(tvp_buf *b, const tvp_md_view *v, const tvp_point *series) {
  int n = 0;
  for (size_t r = 0; r < v->npts; r++) {
    const tvp_point *p = &v->pts[r];
    if (!all_disturbed(p) || !tvp_point_same_series(p, series))
      continue;
    tvp_buf_printf(b, "%s", n++ ? "; " : "Disturbed in every round, so not shown: ");
    tvp_md_text(b, p->model);
    tvp_buf_printf(b, " at %u worker%s (%u repetitions, all disturbed)", p->workers, p->workers == 1 ? "" : "s",
                   p->reps_disturbed);
  }
  if (n)
    tvp_buf_printf(b, ". Something else ran on those CPUs: run again on a quieter machine "
                   "(runs.csv has the run-queue waits).\n\n");
}

/* Under a series' table, the configurations measured more than once (a suite
 * that names the same one in two sections: mpi.suite's threads, beside the
 * processes and beside the hybrid ranks). A row shows the first, which the
 * ratios to threads are taken against; summary.csv keeps every one. */
static void repeats_note(tvp_buf *b, const tvp_md_view *v, const tvp_point *series) {
  int n = 0;
  for (size_t r = 0; r < v->npts; r++) {
    const tvp_point *p = &v->pts[r], *first = NULL;
    if (!tvp_point_same_series(p, series))
      continue;
    for (size_t q = 0; q < r && !first; q++)
      if (tvp_point_same_series(&v->pts[q], series) && v->pts[q].workers == p->workers &&
          strcmp(v->pts[q].model, p->model) == 0)
        first = &v->pts[q];
    if (!first)
      continue;
    tvp_buf_printf(b, "%s", n++ ? "; " : "Measured more than once, so the table shows the first: ");
    tvp_md_text(b, p->model);
    tvp_buf_printf(b, " at %u worker%s (configuration ", p->workers, p->workers == 1 ? "" : "s");
    tvp_md_text(b, first->config);
    tvp_buf_printf(b, ", again as ");
    tvp_md_text(b, p->config);
    tvp_buf_printf(b, ")");
  }
  if (n)
    tvp_buf_printf(b, ". summary.csv has every one.\n\n");
}

/* What a table's cells needed a legend line for. */
typedef struct {
  int bare;    /* a median shown without its interval (below 5 repetitions) */
  int verdict; /* a verdict word */
} legend_need;

/* " 8.333 [8.13, 8.54] |", or the median alone when it has no interval. fmt
 * is "si" for a throughput, "ratio" for a ratio, else a printf format; after
 * is text to add in the cell ("" for none). */
static void cell_interval(tvp_buf *b, const char *fmt, double m, double lo, double hi,
                          const char *after, legend_need *need) {
  char x[3][64];
  const double v[3] = {m, lo, hi};
  for (int i = 0; i < 3; i++)
    if (strcmp(fmt, "si") == 0)
      tvp_format_si(x[i], sizeof x[i], v[i]);
    else if (strcmp(fmt, "ratio") == 0)
      tvp_format_ratio(x[i], sizeof x[i], v[i]);
    else
      fmt_num(x[i], sizeof x[i], fmt, v[i]);
  if (!isfinite(m) && *after) {
    tvp_buf_printf(b, " %s |", after); /* "disturbed": the word says it all */
    return;
  }
  if (!isfinite(m))
    tvp_buf_printf(b, " -");
  else if (isfinite(lo) && isfinite(hi))
    tvp_buf_printf(b, " %s [%s, %s]", x[0], x[1], x[2]);
  else {
    tvp_buf_printf(b, " %s", x[0]);
    need->bare = 1;
  }
  tvp_buf_printf(b, "%s%s |", *after ? " " : "", after);
}

/* The header: the model names are text from summary.csv, escaped, so that a
 * '|' in one cannot add a column the rows do not have. */
static void table_head(tvp_buf *b, const char *const *models, size_t nm) {
  static const char *const what[] = {"time s", "throughput", "speedup", "efficiency"};
  tvp_buf_printf(b, "| workers |");
  for (size_t m = 0; m < nm; m++)
    for (size_t c = 0; c < 4; c++) {
      tvp_buf_printf(b, " ");
      tvp_md_text(b, models[m]);
      tvp_buf_printf(b, " %s |", what[c]);
    }
  for (size_t m = 0; m < nm; m++)
    if (strcmp(models[m], "thread") != 0) {
      tvp_buf_printf(b, " ");
      tvp_md_text(b, models[m]);
      tvp_buf_printf(b, "/thread |");
    }
  tvp_buf_printf(b, "\n|--:|");
  for (size_t m = 0; m < nm; m++)
    tvp_buf_printf(b, "--:|--:|--:|--:|");
  for (size_t m = 0; m < nm; m++)
    if (strcmp(models[m], "thread") != 0)
      tvp_buf_printf(b, "--:|");
  tvp_buf_printf(b, "\n");
}

/* One model's four cells at one point. */
static void model_cells(tvp_buf *b, const tvp_point *p, legend_need *need) {
  if (!p) {
    tvp_buf_printf(b, " | | | |");
    return;
  }
  if (strcmp(p->status, "ok") != 0 || p->implausible || all_disturbed(p)) {
    tvp_buf_printf(b, " %s | - | - | - |", strcmp(p->status, "ok") != 0 ? p->status
                                           : p->implausible           ? "implausible"
                                                                      : "disturbed");
    return;
  }
  cell_interval(b, "%.4g", p->time_median_s, p->time_ci_low_s, p->time_ci_high_s, "", need);
  cell_interval(b, "si", p->tp_median, p->tp_ci_low, p->tp_ci_high, "", need);
  /* Ratios both, so a small one keeps its figures (0.0036, never 0.00). */
  cell_interval(b, "ratio", p->speedup, p->speedup_ci_low, p->speedup_ci_high, "", need);
  char e[64];
  tvp_format_ratio(e, sizeof e, p->efficiency);
  tvp_buf_printf(b, " %s |", e);
}

/* A model's ratio to threads at one point, with its interval and verdict. */
static void ratio_cell(tvp_buf *b, const tvp_point *p, legend_need *need) {
  if (!p || p->implausible) {
    tvp_buf_printf(b, " - |");
    return;
  }
  const char *word = tvp_verdict_word(p->verdict);
  need->verdict |= *word != 0;
  cell_interval(b, "ratio", p->ratio_vs_thread, p->ratio_ci_low, p->ratio_ci_high, word, need);
}

static void series_table(tvp_buf *b, const tvp_md_view *v, const tvp_point *series,
                         const char *const *models, size_t nm, legend_need *need) {
  unsigned *w = tvp_xcalloc(v->npts + 1, sizeof *w);
  size_t nw = tvp_md_worker_counts(v, series, w);
  table_head(b, models, nm);
  const tvp_point **row = tvp_xcalloc(nm + 1, sizeof *row);
  for (size_t i = 0; i < nw; i++) {
    int over = 0;
    for (size_t m = 0; m < nm; m++) {
      row[m] = NULL;
      for (size_t r = 0; r < v->npts && !row[m]; r++)
        if (tvp_point_same_series(&v->pts[r], series) && v->pts[r].workers == w[i] &&
            strcmp(v->pts[r].model, models[m]) == 0) {
          row[m] = &v->pts[r];
          over |= v->pts[r].oversubscribed;
        }
    }
    tvp_buf_printf(b, "| %u%s |", w[i], over ? " (oversubscribed)" : "");
    for (size_t m = 0; m < nm; m++)
      model_cells(b, row[m], need);
    for (size_t m = 0; m < nm; m++)
      if (strcmp(models[m], "thread") != 0)
        ratio_cell(b, row[m], need);
    tvp_buf_printf(b, "\n");
  }
  free(row);
  free(w);
  tvp_buf_printf(b, "\n");
  implausible_note(b, v, series);
  disturbed_note(b, v, series);
  repeats_note(b, v, series);
}

/* Before the kernels' sections, once: what each column of their tables holds,
 * and when a table has findings under it. */
static void table_legend(tvp_buf *b, const legend_need *need) {
  tvp_buf_printf(b, "A section per kernel, with a table per series (the configurations that differ "
                 "only in model and worker count). time s: median wall time of a repetition "
                 "[95 %% interval of the median]; throughput: median, in the unit under the "
                 "kernel's name; speedup: median of the per-round ratios to the same model at "
                 "1 worker; efficiency: speedup / workers, none where workers share PUs; "
                 "X/thread: median of the per-round throughput ratios of X to threads, then the "
                 "verdict.");
  if (need->verdict)
    tvp_buf_printf(b, " %s.", TVP_VERDICT_LEGEND);
  if (need->bare)
    tvp_buf_printf(b, " A median alone: no interval below 5 repetitions.");
  tvp_buf_printf(b, " Findings follow a table where it holds a verdict to report (a model "
                 "faster, slower or the same as threads); failures are named under any.\n\n");
}

/* A chart kind as a sentence names it. */
static const char *chart_title(const tvp_chart_kind *k) {
  return strcmp(k->name, "karpflatt") == 0 ? "Karp-Flatt" : k->name;
}

/* Whether tvp plot leaves chart kind k of kernel out because the kernel's rows
 * do not hold what it needs (chart_kinds.h). A chart file there from an
 * older tvp is then not embedded. */
static int lacks(const tvp_md_view *v, const char *kernel, const tvp_chart_kind *k) {
  return k->per_kernel && tvp_chart_kind_fits(k, kernel) && !tvp_chart_kind_has(k, v->run, kernel, NULL);
}

/* "No speedup or efficiency chart: io.pipe pairs its workers, ...": a line per
 * reason for the charts left out of kernel (the kinds that need the same share
 * one). */
static void left_out(tvp_buf *b, const tvp_md_view *v, const char *kernel) {
  for (size_t c = 0; c < tvp_nchart_kinds; c++) {
    const tvp_chart_kind *k = &tvp_chart_kinds[c];
    int first = lacks(v, kernel, k);
    for (size_t d = 0; d < c && first; d++)
      first = !(lacks(v, kernel, &tvp_chart_kinds[d]) && tvp_chart_kinds[d].needs == k->needs);
    if (!first)
      continue;
    tvp_buf_printf(b, "No %s", chart_title(k));
    for (size_t d = c + 1; d < tvp_nchart_kinds; d++)
      if (lacks(v, kernel, &tvp_chart_kinds[d]) && tvp_chart_kinds[d].needs == k->needs)
        tvp_buf_printf(b, " or %s", chart_title(&tvp_chart_kinds[d]));
    tvp_buf why = {0};
    tvp_chart_kind_why_not(k, v->run, kernel, &why);
    tvp_buf_printf(b, " chart: ");
    tvp_md_text(b, why.data);
    tvp_buf_printf(b, ".\n\n");
    tvp_buf_free(&why);
  }
}

int tvp_md_run_chart(tvp_buf *b, const tvp_md_view *v, const tvp_chart_kind *k) {
  const char **kernels = tvp_xcalloc(v->npts + 1, sizeof *kernels);
  size_t nk = 0, nhas = 0;
  tvp_buf lacking = {0};
  for (size_t r = 0; r < v->npts; r++)
    tvp_distinct_text(kernels, &nk, v->pts[r].kernel);
  for (size_t i = 0; i < nk; i++) {
    if (tvp_chart_kind_has(k, v->run, kernels[i], NULL)) {
      nhas++;
      continue;
    }
    tvp_buf_printf(&lacking, "%s", lacking.len ? ", " : "");
    tvp_md_text(&lacking, kernels[i]);
  }
  int drawn = 0;
  if (nhas == 0 && nk > 0) {
    tvp_buf why = {0};
    tvp_chart_kind_why_not(k, v->run, NULL, &why);
    tvp_buf_printf(b, "No %s chart: ", chart_title(k));
    tvp_md_text(b, why.data);
    tvp_buf_printf(b, ".\n\n");
    tvp_buf_free(&why);
  } else {
    drawn = tvp_md_embed(b, v->dir, k->name, k->name);
    if (drawn && lacking.len)
      tvp_buf_printf(b, "Not in the %s chart, %s: %s.\n\n", chart_title(k),
                     k->needs == TVP_CHART_NEEDS_ONE_WORKER ? "as never run at 1 worker"
                                                            : "as not measured at three worker counts "
                                                              "or more within the PUs",
                     lacking.data);
  }
  tvp_buf_free(&lacking);
  free(kernels);
  return drawn;
}

/* The charts tvp plot drew of kernel: how many it embedded. */
static int kernel_charts(tvp_buf *b, const tvp_md_view *v, const char *kernel,
                         const char *const *places, size_t np) {
  int drawn = 0;
  for (size_t c = 0; c < tvp_nchart_kinds; c++) {
    const tvp_chart_kind *kind = &tvp_chart_kinds[c];
    if (!kind->per_kernel || lacks(v, kernel, kind))
      continue;
    tvp_buf stem = {0}, alt = {0};
    tvp_chart_stem(kind, kernel, NULL, &stem);
    tvp_buf_printf(&alt, "%s of %s", kind->name, kernel);
    drawn += tvp_md_embed(b, v->dir, stem.data, alt.data);
    /* tvp plot draws one chart per placement when a kernel ran under several. */
    for (size_t p = 0; np > 1 && p < np; p++) {
      tvp_buf_free(&stem);
      tvp_buf_free(&alt);
      tvp_chart_stem(kind, kernel, places[p], &stem);
      tvp_buf_printf(&alt, "%s of %s, %s placement", kind->name, kernel, places[p]);
      drawn += tvp_md_embed(b, v->dir, stem.data, alt.data);
    }
    tvp_buf_free(&stem);
    tvp_buf_free(&alt);
  }
  return drawn;
}

/* A series' table, then its findings. */
static void series_part(tvp_buf *b, const tvp_md_view *v, const tvp_point *series,
                        const char *const *models, size_t nm, legend_need *need) {
  series_table(b, v, series, models, nm, need);
  const tvp_point **rows = tvp_xcalloc(v->npts + 1, sizeof *rows);
  size_t n = 0;
  for (size_t r = 0; r < v->npts; r++)
    if (tvp_point_same_series(&v->pts[r], series))
      rows[n++] = &v->pts[r];
  tvp_findings_ctx ctx = {.cores = v->cores, .pus = v->pus, .margin = v->margin};
  size_t before = b->len;
  tvp_findings_series(rows, n, &ctx, b);
  if (b->len > before)
    tvp_buf_printf(b, "\n");
  free(rows);
}

/* One kernel's section; returns the charts it embedded. */
static int kernel_section(tvp_buf *b, const tvp_md_view *v, const char *kernel, legend_need *need) {
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
  tvp_buf_printf(b, "### ");
  tvp_md_text(b, kernel);
  tvp_buf_printf(b, "\n\n");
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
  if (nm == 1) {
    tvp_buf_printf(b, "Only the ");
    tvp_md_text(b, models[0]);
    tvp_buf_printf(b, " model ran, so there is no process/thread comparison.\n\n");
  }
  for (size_t s = 0; s < ns; s++) {
    if (ns > 1) {
      tvp_buf_printf(b, "#### ");
      tvp_point_series_label(series[s], b);
      tvp_buf_printf(b, "\n\n");
    }
    series_part(b, v, series[s], models, nm, need);
  }
  int drawn = kernel_charts(b, v, kernel, places, np);
  left_out(b, v, kernel);
  free(series);
  free(models);
  free(places);
  return drawn;
}

int tvp_md_kernels(tvp_buf *b, const tvp_md_view *v, const char *const *kernels, size_t nk) {
  tvp_buf sections = {0};
  tvp_buf_append(&sections, "", 0);
  legend_need need = {0};
  int charts = 0;
  for (size_t k = 0; k < nk; k++)
    charts += kernel_section(&sections, v, kernels[k], &need);
  tvp_buf_printf(b, "## Kernels\n\n");
  if (nk == 0)
    tvp_buf_printf(b, "summary.csv holds no configuration.\n\n");
  else
    table_legend(b, &need);
  tvp_buf_append(b, sections.data, sections.len);
  tvp_buf_free(&sections);
  return charts;
}
