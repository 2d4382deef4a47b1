/* report.md's page: reading the run folder, the title, the sections in order
 * (the summary first) and the charts of the whole run, then the file written
 * whole. The sections themselves are in markdown_summary.c, markdown_run.c and
 * markdown_kernel.c. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"
#include "base/fs.h"
#include "base/util.h"
#include "report/markdown.h"
#include "report/markdown_parts.h"
#include "results/chart_kinds.h"
#include "results/meta_read.h"
#include "results/run_folder.h"

/* ------------------------------------------------------------------------- */
/* Pieces the sections share. */

/* Text for a table cell or a line: '|' would end the cell, a backslash or a
 * star or an underscore would start formatting. */
void tvp_md_text(tvp_buf *b, const char *s) { tvp_buf_md_text(b, s); }

size_t tvp_md_distinct_texts(const char *const *vals, size_t n, const char **out) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    tvp_distinct_text(out, &m, vals[i]);
  return m;
}

static int cmp_unsigned(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return (x > y) - (x < y);
}

size_t tvp_md_worker_counts(const tvp_md_view *v, const tvp_point *series, unsigned *out) {
  size_t m = 0;
  for (size_t i = 0; i < v->npts; i++) {
    if (series && !tvp_point_same_series(&v->pts[i], series))
      continue;
    tvp_distinct_add(out, &m, sizeof *out, &v->pts[i].workers, NULL);
  }
  qsort(out, m, sizeof *out, cmp_unsigned);
  return m;
}

/* A chart is embedded only when tvp plot drew it: a missing image would show as
 * a broken link. */
int tvp_md_embed(tvp_buf *b, const char *dir, const char *stem, const char *alt) {
  tvp_buf path = {0};
  tvp_buf_printf(&path, "%s/plots/%s.png", dir, stem);
  int found = tvp_is_file(path.data);
  tvp_buf_free(&path);
  if (found)
    tvp_buf_printf(b, "![%s](plots/%s.png)\n\n", alt, stem);
  return found;
}

/* ------------------------------------------------------------------------- */
/* The page. */

int tvp_report_read(tvp_run_folder *run, const char *dir, tvp_buf *err) {
  if (tvp_run_folder_read(run, dir, TVP_RUN_RUNS_IF_ANY | TVP_RUN_META, err) != 0)
    return -1;
  static const char *const need[] = {"kernel", "model", "placement", "scaling", "workers",
                                     "units_requested", "status", "throughput_median"};
  for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
    if (tvp_run_folder_need(run, 0, need[i], err) != 0) {
      tvp_run_folder_free(run);
      return -1;
    }
  return 0;
}

static tvp_md_view view_of(const tvp_run_folder *run) {
  const char *cores = tvp_meta_get(&run->meta, "cores");
  const char *pus = tvp_meta_get(&run->meta, "pus");
  return (tvp_md_view){
      .dir = run->dir,
      .run = run,
      .pts = run->points,
      .npts = run->npoints,
      /* Warm-ups are only in runs.csv. */
      .warmups = tvp_run_folder_warmups(run),
      .cores = cores ? (unsigned)strtoul(cores, NULL, 10) : 0,
      .pus = pus ? (unsigned)strtoul(pus, NULL, 10) : 0,
      .margin = tvp_findings_margin(&run->meta),
  };
}

/* The charts of the whole run but the ratio heatmap, which the summary shows. */
static int run_charts(tvp_buf *b, const tvp_md_view *v) {
  tvp_buf charts = {0};
  tvp_buf_append(&charts, "", 0);
  int drawn = 0;
  for (size_t c = 0; c < tvp_nchart_kinds; c++) {
    const tvp_chart_kind *kind = &tvp_chart_kinds[c];
    if (!kind->per_kernel && strcmp(kind->name, TVP_MD_SUMMARY_CHART) != 0)
      drawn += tvp_md_run_chart(&charts, v, kind);
  }
  if (drawn) {
    tvp_buf_printf(b, "## Charts of the whole run\n\n");
    tvp_buf_append(b, charts.data, charts.len);
  }
  tvp_buf_free(&charts);
  return drawn;
}

/* The summary first, on one screen; then the machine, the sweep and each
 * kernel's tables and findings, and the charts of the whole run. The later
 * sections are written first, so that the summary knows whether any chart
 * was drawn. */
static char *render(const tvp_md_view *v) {
  const char **kernels = tvp_xcalloc(v->npts + 1, sizeof *kernels);
  const char **vals = tvp_xcalloc(v->npts + 1, sizeof *vals);
  for (size_t i = 0; i < v->npts; i++)
    vals[i] = v->pts[i].kernel;
  size_t nk = tvp_md_distinct_texts(vals, v->npts, kernels);
  free(vals);
  tvp_buf rest = {0};
  tvp_md_machine(&rest, v);
  tvp_md_sweep(&rest, v);
  int charts = tvp_md_kernels(&rest, v, kernels, nk);
  charts += run_charts(&rest, v);
  free(kernels);

  tvp_buf b = {0};
  const char *slash = strrchr(v->dir, '/');
  const char *name = slash && slash[1] ? slash + 1 : v->dir;
  tvp_buf_printf(&b, "# tvp report: ");
  tvp_md_text(&b, name);
  tvp_buf_printf(&b, "\n\nThreads against processes on the same kernels, from the run folder `%s`.\n\n",
                 v->dir);
  tvp_md_summary(&b, v, charts);
  tvp_buf_append(&b, rest.data, rest.len);
  tvp_buf_free(&rest);
  return b.data;
}

/* Writes text to path through a temporary name, so a reader never sees half a page. */
static int write_whole(const char *path, const char *text, tvp_buf *err) {
  tvp_fs_atomic a;
  if (tvp_fs_begin(&a, path) != 0) {
    int e = errno; /* before the allocation below can touch it */
    char *tmp = tvp_fs_temp_path(path);
    tvp_buf_printf(err, "cannot create %s: %s", tmp, strerror(e));
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

int tvp_report_write(const tvp_run_folder *run, const char *path, tvp_buf *err) {
  tvp_md_view v = view_of(run);
  char *text = render(&v);
  int rc = write_whole(path, text, err);
  free(text);
  return rc;
}
