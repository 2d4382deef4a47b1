/* report.md's summary, the page's first screen: the machine in one line, how
 * noisy the run was, one table of every kernel (by group) with the verdict on
 * each process model against threads at each worker count, a line on what its
 * words mean, and the ratio heatmap. It quotes summary.csv's verdicts and
 * computes no statistic of its own. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"
#include "base/util.h"
#include "report/markdown_parts.h"
#include "report/verdict_word.h"
#include "results/meta_read.h"
#include "results/run_folder.h"

/* ------------------------------------------------------------------------- */
/* The machine and the noise. */

static void machine_line(tvp_buf *b, const tvp_md_view *v) {
  const tvp_meta_doc *m = &v->run->meta;
  tvp_buf_printf(b, "Machine: ");
  tvp_buf part = {0};
  tvp_buf_append(&part, "", 0);
  int n = 0;
  const char *cpu = tvp_meta_get(m, "cpu_model");
  if (cpu && *cpu) {
    tvp_md_text(b, cpu);
    n++;
  }
  static const tvp_md_part parts[] = {TVP_MD_TOPOLOGY, TVP_MD_MEMORY, TVP_MD_OS};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    part.data[part.len = 0] = 0;
    tvp_md_machine_part(&part, m, parts[i]);
    if (!part.len)
      continue;
    tvp_buf_printf(b, "%s", n++ ? "; " : "");
    tvp_md_text(b, part.data);
  }
  const char *host = tvp_meta_get(m, "host");
  if (host && *host) {
    tvp_buf_printf(b, "%shost ", n++ ? "; " : "");
    tvp_md_text(b, host);
  }
  tvp_buf_free(&part);
  if (!n)
    tvp_buf_printf(b, "not known (%s)", v->run->have_meta ? "meta.json does not say"
                                                          : "meta.json could not be read");
  tvp_buf_printf(b, ".\n\n");
}

/* "0.7 %" of n in d. */
static void share(tvp_buf *b, size_t n, size_t d) {
  if (n == 0)
    tvp_buf_printf(b, "0 %%");
  else /* one decimal below 10 %, as the findings give a CV */
    tvp_buf_printf(b, "%.*f %%", 100.0 * (double)n < 10.0 * (double)d ? 1 : 0,
                   100.0 * (double)n / (double)d);
}

/* How much of the run the machine's own noise spoilt: the repetitions flagged
 * disturbed (left out, and made up for with more rounds), the configurations
 * of an implausible point, and those that failed. */
static void noise_line(tvp_buf *b, const tvp_md_view *v) {
  size_t reps = 0, disturbed = 0, implausible = 0, all_disturbed = 0, failed = 0;
  for (size_t i = 0; i < v->npts; i++) {
    const tvp_point *p = &v->pts[i];
    reps += p->reps_ok + p->reps_disturbed;
    disturbed += p->reps_disturbed;
    implausible += p->implausible != 0;
    all_disturbed += p->reps_ok == 0 && p->reps_disturbed > 0;
    failed += strcmp(p->status, "ok") != 0;
  }
  const tvp_csv_table *t = &v->run->summary;
  tvp_buf_printf(b, "Noise: ");
  if (tvp_csv_table_col(t, "reps_disturbed") < 0) {
    tvp_buf_printf(b, "disturbance not recorded (a run from before it)");
  } else {
    if (disturbed) {
      tvp_buf_printf(b, "%zu of %zu measured repetitions disturbed (", disturbed, reps);
      share(b, disturbed, reps);
      tvp_buf_printf(b, "), left out and made up for with more rounds");
    } else
      tvp_buf_printf(b, "none of %zu measured repetitions disturbed", reps);
    if (all_disturbed)
      tvp_buf_printf(b, ", %zu configuration%s disturbed in every round", all_disturbed,
                     all_disturbed == 1 ? "" : "s");
  }
  if (tvp_csv_table_col(t, "implausible") < 0) {
    tvp_buf_printf(b, "; implausible points not judged (a run from before it)");
  } else {
    tvp_buf_printf(b, "; %zu of %zu configurations implausible (", implausible, v->npts);
    share(b, implausible, v->npts);
    tvp_buf_printf(b, ")");
  }
  if (failed)
    tvp_buf_printf(b, "; %zu failed or interrupted", failed);
  tvp_buf_printf(b, ".\n\n");
}

/* ------------------------------------------------------------------------- */
/* The verdict table: a row per kernel, by group; a column per worker count. */

/* What a row's verdict says of a model against threads. */
typedef enum { C_FASTER, C_SLOWER, C_QUIET } verdict_class;

/* The words under the table that a cell used. */
enum { W_RANGE = 1, W_SERIES = 2, W_DISTURBED = 4, W_IMPLAUSIBLE = 8, W_NONE = 16, W_THREAD_ONLY = 32,
       W_STATUS = 64 };

static verdict_class class_of(const tvp_point *p, const char **word, unsigned *used) {
  *word = "";
  if (strcmp(p->status, "ok") != 0) {
    *word = p->status;
    *used |= W_STATUS;
  } else if (p->implausible || p->verdict == TVP_V_IMPLAUSIBLE) {
    *word = "implausible";
    *used |= W_IMPLAUSIBLE;
  } else if (p->verdict == TVP_V_HIGHER || p->verdict == TVP_V_LOWER) {
    return p->verdict == TVP_V_HIGHER ? C_FASTER : C_SLOWER;
  } else {
    /* same, ? or disturbed, in the console table's words */
    *word = tvp_verdict_word(p->verdict);
    if (!**word) {
      *word = "-"; /* no verdict */
      *used |= W_NONE;
    } else if (p->verdict == TVP_V_DISTURBED) {
      *used |= W_DISTURBED;
    }
  }
  return C_QUIET;
}

/* The rows of one cell: kernel at w workers, threads apart. */
typedef struct {
  const tvp_point **p; /* the other models' rows */
  size_t n;
  int thread; /* threads ran there */
} cell_rows;

static void cell_collect(const tvp_md_view *v, const char *kernel, unsigned w, cell_rows *c) {
  c->n = 0;
  c->thread = 0;
  for (size_t i = 0; i < v->npts; i++) {
    const tvp_point *p = &v->pts[i];
    if (strcmp(p->kernel, kernel) != 0 || p->workers != w)
      continue;
    if (strcmp(p->model, "thread") == 0)
      c->thread = 1;
    else
      c->p[c->n++] = p;
  }
}

/* One model's figure among the processes or threads faster: "0.43 [0.40, 0.47]"
 * from one row, "0.029 to 0.38 (5 of 8 series)" from several series. */
static void say_ratios(tvp_buf *b, const cell_rows *c, const char *model, verdict_class want,
                       unsigned *used) {
  size_t total = 0, count = 0;
  double lo = INFINITY, hi = -INFINITY;
  const tvp_point *one = NULL;
  for (size_t i = 0; i < c->n; i++) {
    const char *word;
    if (strcmp(c->p[i]->model, model) != 0)
      continue;
    total++;
    if (class_of(c->p[i], &word, used) != want)
      continue;
    count++;
    one = c->p[i];
    lo = fmin(lo, one->ratio_vs_thread);
    hi = fmax(hi, one->ratio_vs_thread);
  }
  char x[3][32];
  if (count == 1) {
    tvp_format_ratio(x[0], sizeof x[0], one->ratio_vs_thread);
    tvp_format_ratio(x[1], sizeof x[1], one->ratio_ci_low);
    tvp_format_ratio(x[2], sizeof x[2], one->ratio_ci_high);
    tvp_buf_printf(b, " %s [%s, %s]", x[0], x[1], x[2]);
  } else {
    tvp_format_ratio(x[0], sizeof x[0], lo);
    tvp_format_ratio(x[1], sizeof x[1], hi);
    tvp_buf_printf(b, " %s to %s", x[0], x[1]);
    *used |= W_RANGE;
  }
  if (count < total) {
    tvp_buf_printf(b, " (%zu of %zu series)", count, total);
    *used |= W_SERIES;
  }
}

/* "processes: fork 3.01 [2.74, 3.51], spawn 2.81 [2.67, 3.40]", or nothing
 * when no model is on that side. */
static int side(tvp_buf *b, const cell_rows *c, const char *const *models, size_t nm,
                verdict_class want, int parts, unsigned *used) {
  int n = 0;
  for (size_t m = 0; m < nm; m++) {
    int has = 0;
    for (size_t i = 0; i < c->n && !has; i++) {
      const char *word;
      has = strcmp(c->p[i]->model, models[m]) == 0 && class_of(c->p[i], &word, used) == want;
    }
    if (!has)
      continue;
    tvp_buf_printf(b, "%s", n++ ? ", " : parts ? "; " : "");
    if (n == 1)
      tvp_buf_printf(b, "%s: ", want == C_FASTER ? "processes" : "threads");
    tvp_md_text(b, models[m]);
    say_ratios(b, c, models[m], want, used);
  }
  return parts + (n > 0);
}

/* The models neither side holds: "fork same, spawn ?", with how many series
 * where a model's rows do not all say the same, each model named once. */
static void quiet(tvp_buf *b, const cell_rows *c, const char *const *models, size_t nm, int parts,
                  unsigned *used) {
  int n = 0;
  const char **words = tvp_xcalloc(c->n + 1, sizeof *words);
  for (size_t m = 0; m < nm; m++) {
    size_t nw = 0, total = 0;
    for (size_t i = 0; i < c->n; i++) {
      const char *word;
      if (strcmp(c->p[i]->model, models[m]) != 0)
        continue;
      total++;
      if (class_of(c->p[i], &word, used) == C_QUIET)
        tvp_distinct_text(words, &nw, word);
    }
    for (size_t k = 0; k < nw; k++) {
      size_t count = 0;
      for (size_t i = 0; i < c->n; i++) {
        const char *word;
        count += strcmp(c->p[i]->model, models[m]) == 0 &&
                 class_of(c->p[i], &word, used) == C_QUIET && strcmp(word, words[k]) == 0;
      }
      tvp_buf_printf(b, "%s", n++ ? ", " : parts ? "; " : "");
      if (k == 0) { /* the model named once: "fork ? (5 of 8 series), implausible (3 of 8 series)" */
        tvp_md_text(b, models[m]);
        tvp_buf_printf(b, " ");
      }
      tvp_md_text(b, words[k]);
      if (count < total) {
        tvp_buf_printf(b, " (%zu of %zu series)", count, total);
        *used |= W_SERIES;
      }
    }
  }
  free(words);
}

/* One cell: one word when every row there says the same ("same", "?"), else
 * each side and then the other models. */
static void cell(tvp_buf *b, const cell_rows *c, const char *const *models, size_t nm, unsigned *used) {
  if (c->n == 0) {
    if (c->thread) {
      tvp_buf_printf(b, " thread only |");
      *used |= W_THREAD_ONLY;
    } else
      tvp_buf_printf(b, " |");
    return;
  }
  const char *first = NULL;
  int uniform = 1;
  for (size_t i = 0; i < c->n && uniform; i++) {
    const char *word;
    uniform = class_of(c->p[i], &word, used) == C_QUIET && (!first || strcmp(word, first) == 0);
    first = first ? first : word;
  }
  tvp_buf_printf(b, " ");
  if (uniform) {
    tvp_md_text(b, first);
  } else {
    int parts = side(b, c, models, nm, C_FASTER, 0, used);
    parts = side(b, c, models, nm, C_SLOWER, parts, used);
    quiet(b, c, models, nm, parts, used);
  }
  tvp_buf_printf(b, " |");
}

/* The group of a kernel: its name up to the dot ("cpu" of "cpu.primes"). */
static size_t group_len(const char *kernel) {
  const char *dot = strchr(kernel, '.');
  return dot ? (size_t)(dot - kernel) : strlen(kernel);
}

static int same_group(const char *a, const char *b) {
  size_t n = group_len(a);
  return n == group_len(b) && strncmp(a, b, n) == 0;
}

/* The kernels in the order of the run, each group together (in the order of
 * its first kernel). out has room for v->npts + 1. */
static size_t kernels_by_group(const tvp_md_view *v, const char **out) {
  const char **vals = tvp_xcalloc(v->npts + 1, sizeof *vals);
  const char **run = tvp_xcalloc(v->npts + 1, sizeof *run);
  for (size_t i = 0; i < v->npts; i++)
    vals[i] = v->pts[i].kernel;
  size_t nk = tvp_md_distinct_texts(vals, v->npts, run), m = 0;
  for (size_t k = 0; k < nk; k++) {
    int seen = 0;
    for (size_t j = 0; j < m && !seen; j++)
      seen = same_group(out[j], run[k]);
    for (size_t j = k; j < nk && !seen; j++)
      if (same_group(run[j], run[k]))
        out[m++] = run[j];
  }
  free(vals);
  free(run);
  return m;
}

/* What the table's words mean, one line under it. */
static void legend(tvp_buf *b, const tvp_md_view *v, unsigned used) {
  tvp_buf_printf(b, "Each cell: the verdict on every process model against threads at that worker "
                 "count, from summary.csv. processes: the models named do more work per second "
                 "than threads; threads: threads do more; each with its ratio, model throughput "
                 "/ thread throughput (above 1: the process model does more), and the ratio's "
                 "95 %% interval; same: no meaningful difference (within the %d %% margin); "
                 "?: inconclusive, this run cannot tell",
                 (int)lround(v->margin * 100));
  if (used & W_RANGE)
    tvp_buf_printf(b, "; a range (0.40 to 0.90): a kernel measured in several series (sizes, "
                   "placements, message sizes), the lowest and highest ratio");
  if (used & W_SERIES)
    tvp_buf_printf(b, "; (2 of 8 series): in how many of the kernel's series there");
  if (used & W_DISTURBED)
    tvp_buf_printf(b, "; disturbed: another program held a worker's CPU in every round");
  if (used & W_IMPLAUSIBLE)
    tvp_buf_printf(b, "; implausible: a speedup past the machine's limits, so no verdict");
  if (used & W_STATUS)
    tvp_buf_printf(b, "; failed, interrupted: the configuration did not finish");
  if (used & W_NONE)
    tvp_buf_printf(b, "; -: no verdict (no usable thread configuration there to compare with)");
  if (used & W_THREAD_ONLY)
    tvp_buf_printf(b, "; thread only: no process model ran there");
  tvp_buf_printf(b, "; blank: not run at that count. ");
  tvp_findings_tests(v->pts, v->npts, v->margin, b);
  tvp_buf_printf(b, " The kernels' sections below have every figure.\n\n");
}

static void verdict_table(tvp_buf *b, const tvp_md_view *v) {
  const char **models = tvp_xcalloc(v->npts + 1, sizeof *models);
  const char **kernels = tvp_xcalloc(v->npts + 1, sizeof *kernels);
  unsigned *w = tvp_xcalloc(v->npts + 1, sizeof *w);
  size_t nm = 0, nk = kernels_by_group(v, kernels), nw = tvp_md_worker_counts(v, NULL, w);
  for (size_t i = 0; i < v->npts; i++)
    if (strcmp(v->pts[i].model, "thread") != 0)
      tvp_distinct_text(models, &nm, v->pts[i].model);
  tvp_buf_printf(b, "| group | kernel |");
  for (size_t j = 0; j < nw; j++)
    tvp_buf_printf(b, " %u worker%s |", w[j], w[j] == 1 ? "" : "s");
  tvp_buf_printf(b, "\n|---|---|");
  for (size_t j = 0; j < nw; j++)
    tvp_buf_printf(b, "---|");
  tvp_buf_printf(b, "\n");
  cell_rows c = {.p = tvp_xcalloc(v->npts + 1, sizeof *c.p)};
  unsigned used = 0;
  for (size_t k = 0; k < nk; k++) {
    tvp_buf_printf(b, "| ");
    if (k == 0 || !same_group(kernels[k - 1], kernels[k])) {
      tvp_buf g = {0};
      tvp_buf_printf(&g, "%.*s", (int)group_len(kernels[k]), kernels[k]);
      tvp_md_text(b, g.data);
      tvp_buf_free(&g);
    }
    tvp_buf_printf(b, " | ");
    tvp_md_text(b, kernels[k]);
    tvp_buf_printf(b, " |");
    for (size_t j = 0; j < nw; j++) {
      cell_collect(v, kernels[k], w[j], &c);
      cell(b, &c, models, nm, &used);
    }
    tvp_buf_printf(b, "\n");
  }
  tvp_buf_printf(b, "\n");
  legend(b, v, used);
  free(c.p);
  free(models);
  free(kernels);
  free(w);
}

void tvp_md_summary(tvp_buf *b, const tvp_md_view *v, int charts) {
  tvp_buf_printf(b, "## Summary\n\n");
  machine_line(b, v);
  noise_line(b, v);
  size_t other = 0, tested = 0;
  for (size_t i = 0; i < v->npts; i++) {
    other += strcmp(v->pts[i].model, "thread") != 0;
    tested += v->pts[i].verdict != TVP_V_NONE;
  }
  if (v->npts == 0)
    tvp_buf_printf(b, "summary.csv holds no configuration.\n\n");
  else if (other == 0)
    tvp_buf_printf(b, "Only the thread model ran, so there is no process/thread comparison.\n\n");
  else if (tested == 0)
    tvp_buf_printf(b, "summary.csv holds no verdict on any model against threads (a run from "
                   "before them), so there is none to sum up: the kernels' sections below have "
                   "the figures.\n\n");
  else
    verdict_table(b, v);
  int drawn = tvp_md_embed(b, v->dir, TVP_MD_SUMMARY_CHART,
                           "the ratio of each model to threads, every kernel and worker count");
  if (!drawn && !charts)
    tvp_buf_printf(b, "No charts yet: run `tvp plot %s` to draw them.\n\n", v->dir);
}
