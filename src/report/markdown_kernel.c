/* report.md's section on one kernel: what it is, a table per series (time,
 * throughput, speedup, efficiency per model, and each model against threads),
 * and the charts tvp plot drew of it. */
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

static void series_table(tvp_buf *b, const tvp_md_view *v, const tvp_point *series,
                         const char *const *models, size_t nm) {
  unsigned *w = tvp_xcalloc(v->npts + 1, sizeof *w);
  size_t nw = tvp_md_worker_counts(v, series, w);
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
      if (strcmp(p->status, "ok") != 0 || p->implausible || all_disturbed(p)) {
        tvp_buf_printf(b, " %s | - | - | - |", strcmp(p->status, "ok") != 0 ? p->status
                                               : p->implausible           ? "implausible"
                                                                          : "disturbed");
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
      int shown = row[m] != (size_t)-1 && !v->pts[row[m]].implausible;
      fmt_num(q, sizeof q, "%.2f", shown ? v->pts[row[m]].ratio_vs_thread : NAN);
      tvp_buf_printf(b, " %s |", q);
    }
    tvp_buf_printf(b, "\n");
    free(row);
  }
  free(w);
  tvp_buf_printf(b, "\n");
  implausible_note(b, v, series);
  disturbed_note(b, v, series);
}

void tvp_md_kernel(tvp_buf *b, const tvp_md_view *v, const char *kernel, int *charts) {
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
  tvp_buf_printf(b, "## ");
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
  if (!drawn)
    tvp_buf_printf(b, "No charts for %s yet: run `tvp plot %s` to draw the charts.\n\n", kernel,
                   v->dir);
  *charts += drawn;
  free(series);
  free(models);
  free(places);
}
