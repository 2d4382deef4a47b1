/* Pairing the configurations of two runs and testing each pair, for tvp
 * compare. A configuration is named across runs, in summary.csv and runs.csv
 * alike, by the columns of the sweep dimensions, not by its config number,
 * which depends on the order of the suite. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "analysis/stats.h"
#include "plan/dimensions.h"

int tvp_compare_check(const tvp_run_folder *run, tvp_buf *err) {
  /* A newer column (chunk_items) is left out: runs from before it compare,
   * reading it as empty. */
  for (int k = 0; k < TVP_DIM_COUNT; k++) {
    const tvp_dimension *d = &tvp_dimensions[k];
    if (d->column && !(d->flags & TVP_DIM_NEWER_COLUMN) &&
        (tvp_run_folder_need(run, 0, d->column, err) != 0 ||
         tvp_run_folder_need(run, 1, d->column, err) != 0))
      return -1;
  }
  static const char *const run_need[] = {"warmup", "status", "throughput", "throughput_unit"};
  for (size_t i = 0; i < sizeof run_need / sizeof run_need[0]; i++)
    if (tvp_run_folder_need(run, 1, run_need[i], err) != 0)
      return -1;
  return 0;
}

/* Points a and b name the same configuration. */
static int same_point(const tvp_point *a, const tvp_point *b) {
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    if (tvp_dimensions[k].column && strcmp(a->dim[k], b->dim[k]) != 0)
      return 0;
  return 1;
}

/* A run with runs.csv's column of each dimension (-1 for none, read as empty,
 * as in a tvp_point), to tell which repetitions belong to a configuration. */
typedef struct {
  const tvp_run_folder *f;
  int rkey[TVP_DIM_COUNT];
} side;

static side side_of(const tvp_run_folder *f) {
  side s = {.f = f};
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    s.rkey[k] = tvp_dimensions[k].column ? tvp_csv_table_col(&f->runs, tvp_dimensions[k].column) : -1;
  return s;
}

/* Row i of runs.csv is a repetition of point p. */
static int rep_of(const side *s, size_t i, const tvp_point *p) {
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    if (tvp_dimensions[k].column && strcmp(tvp_csv_table_get(&s->f->runs, i, s->rkey[k]), p->dim[k]) != 0)
      return 0;
  return 1;
}

/* The throughputs of the measured repetitions of summary row r that succeeded
 * and were not disturbed; *unit is their unit ("" when none). */
static double *measured(const side *s, size_t r, size_t *n, const char **unit) {
  double *x = tvp_xcalloc(s->f->nreps + 1, sizeof *x);
  *n = 0;
  *unit = "";
  for (size_t i = 0; i < s->f->nreps; i++) {
    const tvp_rep_row *rep = &s->f->reps[i];
    if (rep->warmup != 0 || strcmp(rep->status, "ok") != 0 || rep->disturbed || !rep_of(s, i, &s->f->points[r]) ||
        !isfinite(rep->throughput))
      continue;
    x[(*n)++] = rep->throughput;
    *unit = rep->unit;
  }
  return x;
}

static void compare_pair(tvp_compare_pair *c, const side *a, const side *b, double alpha) {
  const char *ua, *ub;
  c->a = measured(a, c->row_a, &c->na, &ua);
  c->b = measured(b, c->row_b, &c->nb, &ub);
  c->unit = *ua ? ua : ub;
  c->med_a = tvp_median(c->a, c->na);
  c->med_b = tvp_median(c->b, c->nb);
  c->ratio = c->med_a > 0 ? c->med_b / c->med_a : NAN;
  /* B first: U then counts the pairs where B is the higher, so U above
   * reps_a * reps_b / 2 reads as "B faster". */
  if (tvp_mann_whitney(c->b, c->nb, c->a, c->na, &c->mw) != 0 || tvp_mw_min_p(c->na, c->nb) > alpha)
    c->verdict = TVP_VERDICT_TOO_FEW;
  else if (c->mw.p <= alpha)
    c->verdict = c->mw.u > (double)(c->na * c->nb) / 2 ? TVP_VERDICT_FASTER : TVP_VERDICT_SLOWER;
  else
    c->verdict = TVP_VERDICT_NO_DIFFERENCE;
}

void tvp_compare_runs(tvp_comparison *out, const tvp_run_folder *a, const tvp_run_folder *b,
                      double alpha) {
  *out = (tvp_comparison){.a = a, .b = b, .alpha = alpha};
  side sa = side_of(a), sb = side_of(b);
  out->pairs = tvp_xcalloc(a->npoints + 1, sizeof *out->pairs);
  out->pair_of_a = tvp_xcalloc(a->npoints + 1, sizeof *out->pair_of_a);
  out->pair_of_b = tvp_xcalloc(b->npoints + 1, sizeof *out->pair_of_b);
  for (size_t rb = 0; rb < b->npoints; rb++)
    out->pair_of_b[rb] = TVP_COMPARE_UNPAIRED;
  for (size_t ra = 0; ra < a->npoints; ra++) {
    size_t rb = 0;
    while (rb < b->npoints &&
           (out->pair_of_b[rb] != TVP_COMPARE_UNPAIRED || !same_point(&a->points[ra], &b->points[rb])))
      rb++;
    if (rb == b->npoints) {
      out->pair_of_a[ra] = TVP_COMPARE_UNPAIRED;
      continue;
    }
    tvp_compare_pair *c = &out->pairs[out->npairs];
    *c = (tvp_compare_pair){.row_a = ra, .row_b = rb};
    compare_pair(c, &sa, &sb, alpha);
    out->pair_of_a[ra] = out->pair_of_b[rb] = out->npairs++;
  }
  tvp_env_diff_runs(&out->environment, &a->meta, &b->meta);
}

void tvp_comparison_free(tvp_comparison *c) {
  for (size_t i = 0; i < c->npairs; i++) {
    free(c->pairs[i].a);
    free(c->pairs[i].b);
  }
  free(c->pairs);
  free(c->pair_of_a);
  free(c->pair_of_b);
  tvp_env_diff_free(&c->environment);
  memset(c, 0, sizeof *c);
}

const char *tvp_compare_verdict_name(tvp_compare_verdict v) {
  switch (v) {
  case TVP_VERDICT_FASTER: return "faster";
  case TVP_VERDICT_SLOWER: return "slower";
  case TVP_VERDICT_NO_DIFFERENCE: return "no significant difference";
  case TVP_VERDICT_TOO_FEW: break;
  }
  return "too few repetitions";
}
