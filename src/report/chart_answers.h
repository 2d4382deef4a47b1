/* What tvp tells a chart script before it runs: the answers to every question
 * the script asks of its summary.csv (chart_ask.h), computed here and passed
 * as one gnuplot string, `answers`, that plots/common.gp's ask() looks up. */
#ifndef TVP_CHART_ANSWERS_H
#define TVP_CHART_ANSWERS_H

#include "base/csv_table.h"
#include "base/util.h"
#include "results/run_folder.h"

/* Where the answers are looked up: the byte TVP_ANSWER_START, the question's
 * key, TVP_ANSWER_IS, its answer; after the last, TVP_ANSWER_START. A key is
 * "what|only|ks|ms|xm|need|wmin|wmax|pre|col|placement|scaling|xdim" (col only
 * for minmax and values), or "kernels", "dims|xdim", "hascol|col". Neither
 * byte, nor a line break, occurs inside an answer. */
#define TVP_ANSWER_START '\036'
#define TVP_ANSWER_IS '\037'

/* The kernels a script draws and the rows it is told to keep. */
typedef struct {
  const char *ks;        /* the kernel of a per-kernel chart, or the run's kernels */
  const char *placement; /* "" for every placement */
  const char *scaling;   /* "" for every scaling */
} tvp_chart_scope;

/* Whether tvp knows the questions of script (a file name under plots/, or
 * "interplock.gp:python" for interplock.gp's questions about the Python run). */
int tvp_chart_answers_known(const char *script);
/* The kernel script draws when told none (chunk.gp: pool.map), or NULL when
 * it draws the file's first. */
const char *tvp_chart_default_kernel(const char *script);
/* Appends the answers to the questions script asks of t within scope to out
 * (nothing for a script it does not know, whose first question then fails). */
void tvp_chart_answers(const tvp_csv_table *t, const char *script, const tvp_chart_scope *scope,
                       tvp_buf *out);

/* Appends the gnuplot variables cpu_model, host, cores and pus of f's
 * meta.json (those it has), which the charts' titles show. */
void tvp_chart_machine_vars(const tvp_run_folder *f, tvp_buf *vars);

/* Appends what interplock.gp is told of the C run c (kernel cpu.primes) and of
 * the Python run py (py.cpu) beside it: kernel, pykernel, answers, pyanswers,
 * the machine of c, pyhost and python of py (csv, pycsv and out are the
 * caller's). */
void tvp_chart_interplock_vars(const tvp_run_folder *c, const tvp_run_folder *py, tvp_buf *vars);

#endif
