/* Findings: short sentences that `tvp report` writes from a run's numbers. A
 * model is called faster or slower than threads only where summary.csv's
 * verdict (analysis/verdict.h) says so; the best speedup only with its
 * interval and within the PUs; failures, noise. Pure: rows in, Markdown out. */
#ifndef TVP_FINDINGS_H
#define TVP_FINDINGS_H

#include <stddef.h>

#include "base/util.h"
#include "results/meta_read.h"
#include "results/run_folder.h" /* tvp_point: one row of summary.csv */

/* Above this coefficient of variation of the time a configuration is noisy. */
#define TVP_NOISY_CV 0.05

/* What the findings need beyond the rows. */
typedef struct {
  unsigned cores, pus; /* the machine's; 0 if unknown */
  double margin;       /* the verdicts' margin, a fraction (0.05 for 5 %) */
} tvp_findings_ctx;

/* The verdicts' margin as meta.json records it ("margin_pct"), as a fraction;
 * TVP_MARGIN_DEFAULT when absent (a run from before the key) or not a number. */
double tvp_findings_margin(const tvp_meta_doc *meta);

/* 1 when a and b are the same point of the sweep but for the model and the
 * worker count: same kernel and the same value of every point dimension. */
int tvp_point_same_series(const tvp_point *a, const tvp_point *b);

/* "core placement, strong scaling, 50000 units": names a series when a kernel
 * has several. */
void tvp_point_series_label(const tvp_point *p, tvp_buf *out);

/* The sentence on what was tested, once per report: "24 comparisons of each
 * model with threads at the same point, Benjamini-Hochberg at 5 %, margin 5 %",
 * or why there are none. Ends with a full stop, no newline. Returns the
 * number of comparisons. */
size_t tvp_findings_tests(const tvp_point *points, size_t n, double margin, tvp_buf *out);

/* The sentence on a row whose verdict is faster or slower, written under its
 * kernel's table: "At 2 workers, fork faster by 1.32x [1.25, 1.40]." or
 * "..., fork slower: thread faster by 1.10x [1.05, 1.16]." No newline. */
void tvp_finding_verdict(const tvp_point *p, double margin, tvp_buf *out);

/* The findings on one series s[0..ns) (rows of one kernel that differ only in
 * model and worker count), as Markdown bullets ("- ...\n"). Only a series
 * with a verdict to report (a model faster, slower or the same as threads)
 * gets them: those verdicts, largest difference first, the inconclusive ones
 * counted by reason, the best speedup, the efficiency at the core count, the
 * noisy rows. Its failed and interrupted rows are named in any case. */
void tvp_findings_series(const tvp_point *const *s, size_t ns, const tvp_findings_ctx *ctx,
                         tvp_buf *out);

#endif
