/* Pairing the configurations of two sides and judging each pair, for tvp
 * compare. A configuration is named across runs, in summary.csv and runs.csv
 * alike, by the columns of the sweep dimensions, not by its config number,
 * which depends on the order of the suite. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "analysis/ratio_samples.h"
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

/* Points a and b name the same configuration: the same value in every
 * dimension, the size as the plan asked for it (each run's --min-time probe
 * grows it to its own). */
static int same_point(const tvp_point *a, const tvp_point *b) {
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    if (tvp_dimensions[k].column && k != TVP_DIM_UNITS && strcmp(a->dim[k], b->dim[k]) != 0)
      return 0;
  return strcmp(a->units_asked, b->units_asked) == 0;
}

/* Row i of f's runs.csv is a measured repetition of point p. */
static int rep_of(const tvp_run_folder *f, const int *rkey, size_t i, const tvp_point *p) {
  if (f->reps[i].warmup != 0)
    return 0;
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    if (tvp_dimensions[k].column && strcmp(tvp_csv_table_get(&f->runs, i, rkey[k]), p->dim[k]) != 0)
      return 0;
  return 1;
}

/* What one run holds of one configuration. */
typedef struct {
  double *x;     /* the counted repetitions' throughputs */
  size_t n;
  const char *unit;
  int disturbed; /* it measured, and every measurement was disturbed */
} run_values;

/* The counted repetitions of point p in run f: of its last attempt, ok, not
 * disturbed (see compare.h). */
static run_values counted(const tvp_run_folder *f, const tvp_point *p) {
  int rkey[TVP_DIM_COUNT];
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    rkey[k] = tvp_dimensions[k].column ? tvp_csv_table_col(&f->runs, tvp_dimensions[k].column) : -1;
  run_values v = {.x = tvp_xcalloc(f->nreps + 1, sizeof *v.x), .unit = ""};
  long last = 0;
  for (size_t i = 0; i < f->nreps; i++)
    if (rep_of(f, rkey, i, p) && f->reps[i].attempt > last)
      last = f->reps[i].attempt;
  size_t ok = 0;
  for (size_t i = 0; i < f->nreps; i++) {
    const tvp_rep_row *r = &f->reps[i];
    if (!rep_of(f, rkey, i, p) || r->attempt != last || strcmp(r->status, "ok") != 0 ||
        !isfinite(r->throughput))
      continue;
    ok++;
    if (r->disturbed)
      continue;
    v.x[v.n++] = r->throughput;
    v.unit = r->unit;
  }
  v.disturbed = (ok > 0 && v.n == 0) || (p->reps_disturbed > 0 && p->reps_ok == 0);
  return v;
}

/* The first point of run f that names the configuration p, or NULL. */
static const tvp_point *find_point(const tvp_run_folder *f, const tvp_point *p) {
  for (size_t r = 0; r < f->npoints; r++)
    if (same_point(&f->points[r], p))
      return &f->points[r];
  return NULL;
}

/* One side's values for configuration p: the repetitions of its one run, or
 * (medians, when either side has several runs) the median of each of its
 * runs; their count in *n, the repetitions in *reps; *disturbed when no run
 * gave a value and one was all disturbed. */
static double *side_values(tvp_compare_side s, int medians, const tvp_point *p, size_t *n,
                           size_t *reps, const char **unit, int *disturbed) {
  double *out = NULL;
  *n = *reps = 0;
  *unit = "";
  int any_disturbed = 0;
  for (size_t i = 0; i < s.n; i++) {
    const tvp_point *q = find_point(&s.runs[i], p);
    if (!q)
      continue;
    run_values v = counted(&s.runs[i], q);
    any_disturbed |= v.disturbed;
    *reps += v.n;
    if (v.n && !**unit)
      *unit = v.unit;
    if (!medians) {
      out = v.x;
      *n = v.n;
      break;
    }
    out = tvp_xrealloc(out, (*n + 1) * sizeof *out);
    if (v.n)
      out[(*n)++] = tvp_median(v.x, v.n);
    free(v.x);
  }
  *disturbed = *n == 0 && any_disturbed;
  return out;
}

static void compare_pair(tvp_compare_pair *c, tvp_compare_side a, tvp_compare_side b, double margin) {
  c->drift_sd = NAN;
  const char *ua, *ub;
  int da, db;
  int medians = a.n > 1 || b.n > 1;
  double *xa = side_values(a, medians, c->pt, &c->na, &c->reps_a, &ua, &da);
  double *xb = side_values(b, medians, c->pt, &c->nb, &c->reps_b, &ub, &db);
  c->unit = *ua ? ua : ub;
  c->med_a = tvp_median(xa, c->na);
  c->med_b = tvp_median(xb, c->nb);
  unsigned needed = medians ? TVP_COMPARE_RUNS_NEEDED : TVP_COMPARE_REPS_NEEDED;
  tvp_ratio_from_samples(xb, c->nb, xa, c->na, needed, margin, &c->est);
  c->est.disturbed = da || db;
  free(xa);
  free(xb);
}

/* The configurations of side s: the first occurrence of each, in order. */
static const tvp_point **configurations(tvp_compare_side s, size_t *n) {
  size_t total = 0;
  for (size_t i = 0; i < s.n; i++)
    total += s.runs[i].npoints;
  const tvp_point **out = tvp_xcalloc(total + 1, sizeof *out);
  *n = 0;
  for (size_t i = 0; i < s.n; i++)
    for (size_t r = 0; r < s.runs[i].npoints; r++) {
      const tvp_point *p = &s.runs[i].points[r];
      size_t k = 0;
      while (k < *n && !same_point(out[k], p))
        k++;
      if (k == *n)
        out[(*n)++] = p;
    }
  return out;
}

/* Pairs A's configurations with B's; the unpaired ones of each go to only_a and only_b. */
static void pair_up(tvp_comparison *out, const tvp_point **ca, size_t na, const tvp_point **cb,
                    size_t nb) {
  unsigned char *taken = tvp_xcalloc(nb + 1, 1);
  out->pairs = tvp_xcalloc(na + 1, sizeof *out->pairs);
  out->only_a = tvp_xcalloc(na + 1, sizeof *out->only_a);
  out->only_b = tvp_xcalloc(nb + 1, sizeof *out->only_b);
  for (size_t i = 0; i < na; i++) {
    size_t j = 0;
    while (j < nb && (taken[j] || !same_point(ca[i], cb[j])))
      j++;
    if (j == nb) {
      out->only_a[out->nonly_a++] = ca[i];
      continue;
    }
    taken[j] = 1;
    out->pairs[out->npairs++] = (tvp_compare_pair){.pt = ca[i]};
  }
  for (size_t j = 0; j < nb; j++)
    if (!taken[j])
      out->only_b[out->nonly_b++] = cb[j];
  free(taken);
}

/* Two runs minutes apart differ by more than either's repetitions show: the
 * machine itself changes (on a shared host, the CPU time the guest gets). One
 * run a side holds one draw of that change per configuration, so it is
 * estimated across the configurations, as a variance of log(B/A) shared by
 * all: the spread of the log ratios around no change (a robust one, the
 * median absolute value over 0.6745, so that a minority of configurations
 * that truly changed does not count), less what the repetitions explain.
 * A uniform change of every configuration is then drift too: with one run a
 * side, a faster machine and faster code look alike. workers, when not 0,
 * keeps the configurations of that worker count: a host that takes one vCPU
 * away moves every configuration that needs two, and none that needs one. */
static double drift_variance(const tvp_compare_pair *pairs, size_t n, unsigned workers,
                             size_t *used) {
  double *abs_y = tvp_xcalloc(n + 1, sizeof *abs_y), *se2 = tvp_xcalloc(n + 1, sizeof *se2);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const tvp_ratio_est *e = &pairs[i].est;
    if ((workers == 0 || pairs[i].pt->workers == workers) && !e->disturbed &&
        isfinite(e->log_mean) && isfinite(e->log_sd_mean)) {
      abs_y[k] = fabs(e->log_mean);
      se2[k++] = e->log_sd_mean * e->log_sd_mean;
    }
  }
  *used = k;
  double spread = tvp_median(abs_y, k) / 0.6744897501960817;
  double var = k >= TVP_COMPARE_DRIFT_MIN ? fmax(0, spread * spread - tvp_median(se2, k)) : NAN;
  free(abs_y);
  free(se2);
  return var;
}

/* Each pair's interval and tests widened by the drift: that of its worker
 * count where there are enough configurations of it to tell, and never less
 * than that of all of them together. */
static void add_drift(tvp_comparison *out, double margin) {
  double all = drift_variance(out->pairs, out->npairs, 0, &out->drift_from);
  if (isnan(all))
    return;
  out->drift_sd = sqrt(all);
  /* Every variance from the repetitions alone, before any interval is
   * widened: the estimate must not see its own result. Once per worker count. */
  for (size_t i = 0; i < out->npairs; i++) {
    out->pairs[i].drift_sd = NAN;
    for (size_t j = 0; j < i && isnan(out->pairs[i].drift_sd); j++)
      if (out->pairs[j].pt->workers == out->pairs[i].pt->workers)
        out->pairs[i].drift_sd = out->pairs[j].drift_sd;
    if (isnan(out->pairs[i].drift_sd)) {
      size_t k;
      double mine = drift_variance(out->pairs, out->npairs, out->pairs[i].pt->workers, &k);
      out->pairs[i].drift_sd = sqrt(isnan(mine) ? all : fmax(all, mine));
    }
  }
  for (size_t i = 0; i < out->npairs; i++)
    tvp_ratio_widen(&out->pairs[i].est, out->pairs[i].drift_sd * out->pairs[i].drift_sd, margin);
}

void tvp_compare_runs(tvp_comparison *out, tvp_compare_side a, tvp_compare_side b, double margin,
                      double alpha) {
  *out = (tvp_comparison){.a = a, .b = b, .margin = margin, .alpha = alpha};
  size_t na, nb;
  const tvp_point **ca = configurations(a, &na), **cb = configurations(b, &nb);
  pair_up(out, ca, na, cb, nb);
  free(ca);
  free(cb);
  tvp_ratio_est *est = tvp_xcalloc(out->npairs + 1, sizeof *est);
  for (size_t i = 0; i < out->npairs; i++)
    compare_pair(&out->pairs[i], a, b, margin);
  out->drift_sd = NAN;
  if (a.n == 1 && b.n == 1)
    add_drift(out, margin);
  for (size_t i = 0; i < out->npairs; i++)
    est[i] = out->pairs[i].est;
  /* One family: every configuration in common asks the same question. */
  out->tested = tvp_verdict_family(est, out->npairs, TVP_MT_BH);
  for (size_t i = 0; i < out->npairs; i++) {
    out->pairs[i].est = est[i];
    out->pairs[i].verdict = tvp_verdict_of(&est[i], margin, alpha);
  }
  free(est);
  tvp_env_diff_runs(&out->environment, &a.runs[0].meta, &b.runs[0].meta);
}

void tvp_comparison_free(tvp_comparison *c) {
  free(c->pairs);
  free(c->only_a);
  free(c->only_b);
  tvp_env_diff_free(&c->environment);
  memset(c, 0, sizeof *c);
}
