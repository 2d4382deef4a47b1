/* The questions a chart script asks of a summary.csv before it plots anything:
 * which kernels, models, worker counts and series a selection of its rows
 * holds, how they are labelled and ordered, how many configurations failed.
 * gnuplot cannot ask a CSV such things, and asking first means no series is
 * plotted empty (a gnuplot warning). tvp answers them here and hands the
 * answers to the script (chart_answers.h), which calls ask(what, only) in
 * plots/common.gp: no shell, no awk, no path in a command line. */
#ifndef TVP_CHART_ASK_H
#define TVP_CHART_ASK_H

#include "base/csv_table.h"
#include "base/util.h"

/* One question, as common.gp's variables of the same names set it ("" for
 * none): what is asked, of which kernel (only; "" for every kernel of ks), and
 * the filters on the rows. Lists are space-separated. */
typedef struct {
  const char *what; /* kernels, dims, hascol, series, rows, bars, models, workers,
                     * values, variants, unit, failed, failedbars, count, minmax, context */
  const char *only;
  const char *ks;   /* the kernels considered */
  const char *ms;   /* the models considered */
  const char *xm;   /* a model left out */
  const char *need; /* columns that must be non-empty */
  const char *wmin, *wmax; /* worker bounds */
  const char *pre;  /* a kernel name prefix */
  const char *col;  /* the column of minmax, values and hascol */
  const char *pl, *sc; /* placement and scaling */
  const char *xd;   /* the column on the x axis in place of the worker count */
} tvp_chart_question;

/* Appends the answer to q about the rows of t (a summary.csv, columns found by
 * name) to out: words separated by spaces, labels in double quotes, as
 * plots/common.gp reads them with word(). Described there, what by what. */
void tvp_chart_ask(const tvp_csv_table *t, const tvp_chart_question *q, tvp_buf *out);

/* The rows of t that the filters of q select (all but what, only and col),
 * grouped into series: many questions under the same filters are answered
 * from one selection, which tvp_chart_ask makes anew for each. */
typedef struct tvp_chart_rows tvp_chart_rows;
tvp_chart_rows *tvp_chart_rows_select(const tvp_csv_table *t, const tvp_chart_question *filters);
/* tvp_chart_ask for the question of the selection's filters with what, only and col. */
void tvp_chart_rows_ask(tvp_chart_rows *a, const char *what, const char *only, const char *col,
                        tvp_buf *out);
void tvp_chart_rows_free(tvp_chart_rows *a);

#endif
