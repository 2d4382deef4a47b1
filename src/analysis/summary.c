/* Summaries (see summary.h). Speedup is a ratio of median throughputs, which
 * covers strong scaling (t1/tN), weak scaling (N t1/tN) and fixed-time runs
 * with one formula. A statistic uses the repetitions tvp_rep_counts takes: ok,
 * not disturbed, of the configuration's last attempt. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/model.h"
#include "analysis/implausible.h"
#include "analysis/paired.h"
#include "analysis/stats.h"
#include "plan/dimensions.h"
#include "analysis/summary.h"
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
  row->efficiency = row->karp_flatt = row->ratio_vs_thread = NAN;
  row->speedup_paired = row->ratio_vs_thread_paired = NAN;
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

/* The per-round speedup and ratio of an ok row, against the ok rows the
 * median figures use (base, thread: NULL when missing). */
static void paired_figures(const tvp_config_result *results, size_t n, tvp_summary_row *row,
                           const tvp_summary_row *base, const tvp_summary_row *thread) {
  size_t *ids = tvp_xcalloc(n + 1, sizeof *ids);
  size_t m = point_ids(results, n, row->res->cfg, ids);
  tvp_pairing how = tvp_pairing_of(results, ids, m);
  if (base)
    row->speedup_paired = tvp_paired_median(row->res, base->res, how, &row->pairs_speedup);
  if (thread)
    row->ratio_vs_thread_paired = tvp_paired_median(row->res, thread->res, how, &row->pairs_ratio);
  free(ids);
}

size_t tvp_summarize(const tvp_config_result *results, size_t n, tvp_summary_row *rows) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (results[i].status != TVP_CONFIG_PENDING)
      fill_row(i, &results[i], &rows[k++]);
  const tvp_model *thread = tvp_model_find("thread");
  for (size_t i = 0; i < k; i++) {
    tvp_summary_row *row = &rows[i];
    const tvp_config *c = row->res->cfg;
    if (row->reps_ok == 0 || strcmp(row->status, "ok") != 0)
      continue; /* no comparison is drawn from a failed or interrupted configuration, or from none counted */
    const tvp_summary_row *base = find_row(rows, k, c, c->model, 1);
    if (base && base->throughput.median > 0) {
      double b = base->throughput.median;
      row->speedup = row->throughput.median / b;
      row->speedup_ci95_low = row->throughput.ci95_low / b;
      row->speedup_ci95_high = row->throughput.ci95_high / b;
      row->efficiency = row->speedup / c->workers;
      row->karp_flatt = tvp_karp_flatt(row->speedup, c->workers);
    }
    const tvp_summary_row *t = find_row(rows, k, c, thread, c->workers);
    if (t && t->throughput.median > 0)
      row->ratio_vs_thread = row->throughput.median / t->throughput.median;
    paired_figures(results, n, row, base, t);
  }
  judge_points(results, n, rows, k);
  return k;
}
