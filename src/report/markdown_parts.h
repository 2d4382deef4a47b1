/* The pieces report.md is made of, shared by the files that write its sections
 * (markdown.c the page, markdown_summary.c the summary it opens with,
 * markdown_run.c the machine and the sweep, markdown_kernel.c the kernels'
 * tables, findings and charts). Not for use outside report/. */
#ifndef TVP_MARKDOWN_PARTS_H
#define TVP_MARKDOWN_PARTS_H

#include <stddef.h>

#include "base/util.h"
#include "results/chart_kinds.h"
#include "results/meta_read.h"
#include "results/run_folder.h"

/* The run as the report sees it. */
typedef struct {
  const char *dir;
  const tvp_run_folder *run;
  const tvp_point *pts; /* run->points */
  size_t npts;
  long warmups; /* -1 when unknown, -2 when they differ between configurations */
  unsigned cores, pus; /* 0 when meta.json does not say */
  double margin;       /* the verdicts' margin, a fraction */
} tvp_md_view;

/* Appends s as text for a table cell or a line, its Markdown marks escaped. */
void tvp_md_text(tvp_buf *b, const char *s);
/* Distinct values of vals[0..n) into out, in order of first appearance; their count. */
size_t tvp_md_distinct_texts(const char *const *vals, size_t n, const char **out);
/* Distinct worker counts of the points in series (all points when NULL), ascending;
 * out has room for v->npts + 1. */
size_t tvp_md_worker_counts(const tvp_md_view *v, const tvp_point *series, unsigned *out);
/* Embeds the chart DIR/plots/STEM.png if it exists; returns 1 if it did, else 0. */
int tvp_md_embed(tvp_buf *b, const char *dir, const char *stem, const char *alt);

/* A part of the machine from meta.json as plain text, nothing when it does not
 * say: "1 package, 1 NUMA node, 2 cores, 2 PUs", "23.5 GiB", "Linux 6.1 x86_64". */
typedef enum { TVP_MD_TOPOLOGY, TVP_MD_MEMORY, TVP_MD_OS } tvp_md_part;
void tvp_md_machine_part(tvp_buf *b, const tvp_meta_doc *m, tvp_md_part part);

/* The chart kind the summary embeds (the ratio of every model to threads, every
 * kernel and worker count); the charts of the whole run leave it out. */
#define TVP_MD_SUMMARY_CHART "ratiomap"

/* The sections, in the page's order. "## Summary" (charts: whether the page
 * embeds any chart, so that it can say how to draw them when none), "## Machine",
 * "## Sweep", and "## Kernels" with a "### KERNEL" each (returns the charts it
 * embedded). kernels[0..nk): the kernels, in the order of the run. */
void tvp_md_summary(tvp_buf *b, const tvp_md_view *v, int charts);
void tvp_md_machine(tvp_buf *b, const tvp_md_view *v);
void tvp_md_sweep(tvp_buf *b, const tvp_md_view *v);
/* The run's chart of kind k (per run) if tvp plot drew it, with a line naming
 * the kernels it leaves out; or the line saying why it has none, when no
 * kernel holds what it needs (chart_kinds.h). Returns 1 when it embedded it. */
int tvp_md_run_chart(tvp_buf *b, const tvp_md_view *v, const tvp_chart_kind *k);
int tvp_md_kernels(tvp_buf *b, const tvp_md_view *v, const char *const *kernels, size_t nk);

#endif
