/* Summaries (see summary.h). Speedup and the ratio to threads are medians of
 * per-round ratios of throughputs, which covers strong scaling (t1/tN), weak
 * scaling (N t1/tN) and fixed-time runs with one formula, and puts both sides'
 * noise in the interval. A statistic uses the repetitions tvp_rep_counts
 * takes: ok, not disturbed, of the configuration's last attempt. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/model.h"
#include "analysis/implausible.h"
#include "analysis/paired.h"
#include "analysis/stats.h"
#include "plan/dimensions.h"
#include "analysis/summary.h"
#include "analysis/verdict.h"
#include "base/util.h"

static double median_of(const tvp_config_result *r, double (*get)(const tvp_rep *)) {
  double *x = tvp_xcalloc(r->nreps ? r->nreps : 1, sizeof *x);
  size_t n = 0;
  unsigned attempt = tvp_result_attempt(r);
  for (unsigned i = 0; i < r->nreps; i++)
    if (tvp_rep_counts(&r->reps[i], attempt))
      x[n++] = get(&r->reps[i]);
  double m = tvp_median(x, n);
  free(x);
  return m;
}

#define GETTER(name, expr) \
  static double name(const tvp_rep *p) { return (double)(expr); }
GETTER(get_wall, p->wall_s)
GETTER(get_thr, p->throughput)
GETTER(get_skew_us, p->skew_s * 1e6)
GETTER(get_setup_ms, p->setup_s * 1e3)
GETTER(get_user, p->user_s)
GETTER(get_sys, p->sys_s)
GETTER(get_vcsw, p->vcsw)
GETTER(get_ivcsw, p->ivcsw)
GETTER(get_minflt, p->minflt)
GETTER(get_majflt, p->majflt)
GETTER(get_rss, p->peak_rss_kib)
GETTER(get_pss, p->pss_kib)

static void stats_of(const tvp_config_result *r, double (*get)(const tvp_rep *), tvp_stats *out) {
  double *x = tvp_xcalloc(r->nreps ? r->nreps : 1, sizeof *x);
  size_t n = 0;
  unsigned attempt = tvp_result_attempt(r);
  for (unsigned i = 0; i < r->nreps; i++)
    if (tvp_rep_counts(&r->reps[i], attempt))
      x[n++] = get(&r->reps[i]);
  tvp_stats_compute(x, n, out);
  free(x);
}

typedef struct {
  double thr, wall;
} rep_pair;

static int by_throughput_down(const void *a, const void *b) {
  double x = ((const rep_pair *)a)->thr, y = ((const rep_pair *)b)->thr;
  return x > y ? -1 : x < y ? 1 : 0;
}

/* The median time and throughput from one repetition, so that a row agrees
 * with itself: ranked by throughput, the middle one, and with an even count
 * the slower of the two middle ones (averaging them would take the time and
 * the throughput from different mixtures of repetitions). */
static void median_repetition(const tvp_config_result *r, tvp_summary_row *row) {
  rep_pair *x = tvp_xcalloc(r->nreps + 1, sizeof *x);
  size_t n = 0;
  unsigned attempt = tvp_result_attempt(r);
  for (unsigned i = 0; i < r->nreps; i++)
    if (tvp_rep_counts(&r->reps[i], attempt))
      x[n++] = (rep_pair){r->reps[i].throughput, r->reps[i].wall_s};
  if (n > 0) {
    qsort(x, n, sizeof *x, by_throughput_down);
    row->throughput.median = x[n / 2].thr;
    row->time_s.median = x[n / 2].wall;
  }
  free(x);
}

/* The row of like's point with that model and worker count, whatever its state. */
static const tvp_summary_row *find_any(const tvp_summary_row *rows, size_t n, const tvp_config *like,
                                       const tvp_model *model, unsigned workers) {
  for (size_t i = 0; i < n; i++) {
    const tvp_config *c = rows[i].res->cfg;
    if (tvp_config_same_series(c, like) && c->model == model && c->workers == workers)
      return &rows[i];
  }
  return NULL;
}

static const tvp_summary_row *find_row(const tvp_summary_row *rows, size_t n, const tvp_config *like,
                                       const tvp_model *model, unsigned workers) {
  for (size_t i = 0; i < n; i++) {
    const tvp_config *c = rows[i].res->cfg;
    if (tvp_config_same_series(c, like) && c->model == model && c->workers == workers &&
        rows[i].reps_ok > 0 && strcmp(rows[i].status, "ok") == 0)
      return &rows[i];
  }
  return NULL;
}

static void fill_row(size_t id, const tvp_config_result *r, tvp_summary_row *row) {
  memset(row, 0, sizeof *row);
  row->config_id = id;
  row->res = r;
  row->status = r->status == TVP_CONFIG_OK ? "ok" : r->status == TVP_CONFIG_FAILED ? "failed" : "interrupted";
  unsigned attempt = tvp_result_attempt(r);
  for (unsigned i = 0; i < r->nreps; i++) {
    row->reps_ok += tvp_rep_counts(&r->reps[i], attempt) ? 1 : 0;
    row->reps_short += tvp_rep_counts(&r->reps[i], attempt) && r->reps[i].wall_s < TVP_SHORT_REP_S ? 1 : 0;
    row->reps_disturbed += r->reps[i].attempt == attempt && r->reps[i].ok && r->reps[i].disturbed ? 1 : 0;
  }
  stats_of(r, get_wall, &row->time_s);
  stats_of(r, get_thr, &row->throughput);
  median_repetition(r, row);
  row->skew_median_us = median_of(r, get_skew_us);
  row->setup_median_ms = median_of(r, get_setup_ms);
  row->user_s_median = median_of(r, get_user);
  row->sys_s_median = median_of(r, get_sys);
  row->vcsw_median = median_of(r, get_vcsw);
  row->ivcsw_median = median_of(r, get_ivcsw);
  row->minflt_median = median_of(r, get_minflt);
  row->majflt_median = median_of(r, get_majflt);
  row->peak_rss_kib_median = median_of(r, get_rss);
  row->pss_kib_median = median_of(r, get_pss);
  for (unsigned i = 0; i < r->nreps; i++)
    if (tvp_rep_counts(&r->reps[i], attempt) && r->reps[i].pss_kib < 0)
      row->pss_kib_median = NAN; /* one unreadable repetition: no honest median */
  /* The checksum says what work was done, not how fast: every repetition that
   * finished has one, disturbed or of an earlier attempt as well. */
  unsigned finished = 0;
  for (unsigned i = 0; i < r->nreps; i++)
    finished += r->reps[i].ok ? 1 : 0;
  row->checksum_consistent = r->cfg->scaling == TVP_SCALING_DURATION || finished == 0 ? -1 : 1;
  int first = 1;
  for (unsigned i = 0; i < r->nreps; i++) {
    const tvp_rep *p = &r->reps[i];
    if (!p->ok)
      continue;
    if (p->off_cpuset > row->off_cpuset_workers)
      row->off_cpuset_workers = p->off_cpuset;
    if (first)
      row->checksum = p->checksum;
    else if (p->checksum != row->checksum && row->checksum_consistent == 1)
      row->checksum_consistent = 0;
    first = 0;
  }
  row->speedup = row->speedup_ci95_low = row->speedup_ci95_high = NAN;
  row->efficiency = row->karp_flatt = NAN;
  row->ratio_vs_thread = row->ratio_ci95_low = row->ratio_ci95_high = NAN;
  row->ratio_log_mean = row->ratio_log_se = NAN;
  row->verdict = TVP_V_NONE;
  row->verdict_why = TVP_WHY_NONE;
  row->verdict_p = NAN;
}

/* The indexes of the configurations of like's point, into ids (room for n). */
static size_t point_ids(const tvp_config_result *results, size_t n, const tvp_config *like,
                        size_t *ids) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (results[i].cfg && tvp_config_same_series(results[i].cfg, like))
      ids[k++] = i;
  return k;
}

/* Every row of a point says whether the point is implausible, and why. */
static void judge_points(const tvp_config_result *results, size_t n, tvp_summary_row *rows, size_t k) {
  size_t *ids = tvp_xcalloc(n + 1, sizeof *ids);
  char *judged = tvp_xcalloc(k + 1, 1);
  for (size_t i = 0; i < k; i++) {
    if (judged[i])
      continue;
    size_t m = point_ids(results, n, rows[i].res->cfg, ids);
    char why[sizeof rows[i].implausible_reason];
    int bad = tvp_point_implausible(results, ids, m, why, sizeof why);
    for (size_t j = i; j < k; j++)
      if (tvp_config_same_series(rows[j].res->cfg, rows[i].res->cfg)) {
        judged[j] = 1;
        rows[j].implausible = bad;
        memcpy(rows[j].implausible_reason, why, sizeof why);
      }
  }
  free(judged);
  free(ids);
}

/* The per-round estimate of row against other (a configuration of its point). */
static void paired_estimate(const tvp_config_result *results, size_t n, const tvp_summary_row *row,
                            const tvp_summary_row *other, double margin, tvp_ratio_est *est,
                            unsigned *pairs) {
  size_t *ids = tvp_xcalloc(n + 1, sizeof *ids);
  size_t m = point_ids(results, n, row->res->cfg, ids);
  tvp_pairing how = tvp_pairing_of(results, ids, m);
  double *x = tvp_xcalloc(row->res->nreps + 1, sizeof *x);
  size_t k = tvp_paired_ratios(row->res, other->res, how, x);
  tvp_ratio_from_pairs(x, k, margin, est);
  *pairs = (unsigned)k;
  free(x);
  free(ids);
}

/* A configuration whose workers do not each have a PU of their own: its
 * efficiency would divide by workers that were taking turns. */
static int shares_pus(const tvp_config_result *r) {
  return r->oversubscribed || tvp_result_pus(r) < r->cfg->workers;
}

/* Speedup over the same model at 1 worker, and what follows from it. */
static void speedup_figures(const tvp_config_result *results, size_t n, tvp_summary_row *row,
                            const tvp_summary_row *base, double margin) {
  tvp_ratio_est e;
  paired_estimate(results, n, row, base, margin, &e, &row->pairs_speedup);
  unsigned w = row->res->cfg->workers;
  row->speedup = e.median;
  row->speedup_ci95_low = w == 1 && e.n > 0 ? 1 : e.lo; /* each pair is x / x: exactly 1 */
  row->speedup_ci95_high = w == 1 && e.n > 0 ? 1 : e.hi;
  if (!shares_pus(row->res) && isfinite(row->speedup)) {
    row->efficiency = row->speedup / w;
    row->karp_flatt = tvp_karp_flatt(row->speedup, w);
  }
}

/* 1 when r was measured only while the machine was busy with something else. */
static int only_disturbed(const tvp_summary_row *r) {
  return r->reps_ok == 0 && r->reps_disturbed > 0;
}

size_t tvp_summarize(const tvp_config_result *results, size_t n, double margin,
                     tvp_summary_row *rows) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (results[i].status != TVP_CONFIG_PENDING)
      fill_row(i, &results[i], &rows[k++]);
  judge_points(results, n, rows, k);
  const tvp_model *thread = tvp_model_find("thread");
  tvp_ratio_est *est = tvp_xcalloc(k + 1, sizeof *est);
  size_t *tested = tvp_xcalloc(k + 1, sizeof *tested), ntested = 0;
  for (size_t i = 0; i < k; i++) {
    tvp_summary_row *row = &rows[i];
    const tvp_config *c = row->res->cfg;
    const tvp_summary_row *t = c->model == thread ? NULL : find_any(rows, k, c, thread, c->workers);
    if (t && strcmp(t->status, "ok") == 0 && strcmp(row->status, "ok") == 0 &&
        (only_disturbed(row) || only_disturbed(t))) {
      est[ntested] = (tvp_ratio_est){.median = NAN, .lo = NAN, .hi = NAN, .disturbed = 1};
      tested[ntested++] = i;
    }
    if (row->reps_ok == 0 || strcmp(row->status, "ok") != 0)
      continue; /* no comparison is drawn from a failed or interrupted configuration, or from none counted */
    const tvp_summary_row *base = find_row(rows, k, c, c->model, 1);
    if (base)
      speedup_figures(results, n, row, base, margin);
    t = find_row(rows, k, c, thread, c->workers);
    if (!t)
      continue;
    tvp_ratio_est e;
    paired_estimate(results, n, row, t, margin, &e, &row->pairs_ratio);
    row->ratio_vs_thread = e.median;
    row->ratio_ci95_low = e.lo;
    row->ratio_ci95_high = e.hi;
    row->ratio_log_mean = e.log_mean;
    row->ratio_log_se = e.log_sd_mean;
    if (c->model != thread) {
      e.implausible = row->implausible;
      est[ntested] = e;
      tested[ntested++] = i;
    }
  }
  /* One family: every model against threads, at every point of the run. */
  tvp_verdict_family(est, ntested, TVP_MT_BH);
  for (size_t j = 0; j < ntested; j++) {
    tvp_verdict v = tvp_verdict_of(&est[j], margin, TVP_ALPHA);
    tvp_summary_row *row = &rows[tested[j]];
    row->verdict = v.kind;
    row->verdict_why = v.why;
    row->verdict_p = v.kind == TVP_V_SAME ? est[j].p_same_adj : est[j].p_diff_adj;
  }
  free(est);
  free(tested);
  return k;
}
