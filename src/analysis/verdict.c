/* The verdict function (see verdict.h). A verdict needs two things to agree:
 * the distribution-free interval of the median ratio lies on one side of the
 * margin, and a t test on the logarithms of the ratios, adjusted for the
 * family, rejects the other side at alpha. The interval alone is not enough
 * with many tests at once; a distribution-free test alone could not reach
 * 95 % from 5 rounds (its smallest two-sided p-value is then 1/16). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/verdict.h"

/* P(mean > bound) evidence: the one-sided p-value of "the true mean of the
 * logs is at most bound", from their mean m and standard error se with df. */
static double p_above(double m, double se, double df, double bound) {
  if (se == 0) return m > bound ? 0 : m < bound ? 1 : 0.5;
  return tvp_t_upper((m - bound) / se, df);
}

void tvp_ratio_test(tvp_ratio_est *est, double margin) {
  est->p_diff = est->p_same = NAN;
  double m = est->log_mean, se = est->log_sd_mean, df = est->df;
  if (!isnan(m) && !isnan(se) && df > 0) {
    double up = log1p(margin), down = -up;
    double p_up = p_above(m, se, df, up), p_down = p_above(-m, se, df, -down);
    est->p_diff = fmin(1, 2 * fmin(p_up, p_down));
    est->p_same = fmax(p_above(-m, se, df, -up), p_above(m, se, df, down));
  }
  est->p_diff_adj = est->p_diff;
  est->p_same_adj = est->p_same;
}

void tvp_ratio_from_pairs(const double *x, size_t n, double margin, tvp_ratio_est *est) {
  *est = (tvp_ratio_est){.median = tvp_median(x, n), .n = (unsigned)n,
                         .n_needed = TVP_MIN_INTERVAL_N, .log_mean = NAN, .log_sd_mean = NAN};
  tvp_median_interval(x, n, &est->lo, &est->hi);
  int positive = n >= 2;
  for (size_t i = 0; i < n; i++)
    positive = positive && x[i] > 0 && isfinite(x[i]);
  if (positive) {
    /* Logarithms: a ratio and its inverse weigh alike, and the skew of
     * times is mostly gone. */
    double sum = 0, ss = 0;
    for (size_t i = 0; i < n; i++) sum += log(x[i]);
    double m = sum / (double)n;
    for (size_t i = 0; i < n; i++) ss += (log(x[i]) - m) * (log(x[i]) - m);
    est->log_mean = m;
    est->log_sd_mean = sqrt(ss / (double)(n - 1) / (double)n);
    est->df = (double)(n - 1);
  }
  tvp_ratio_test(est, margin);
}

size_t tvp_verdict_family(tvp_ratio_est *est, size_t n, tvp_mt_method method) {
  double *d = tvp_xcalloc(n + 1, sizeof *d), *s = tvp_xcalloc(n + 1, sizeof *s);
  for (size_t i = 0; i < n; i++) {
    int test = !est[i].disturbed && !est[i].implausible;
    d[i] = test ? est[i].p_diff : NAN;
    s[i] = test ? est[i].p_same : NAN;
  }
  tvp_mt_adjust(d, n, method, d);
  tvp_mt_adjust(s, n, method, s);
  size_t m = tvp_mt_family_size(d, n);
  for (size_t i = 0; i < n; i++) {
    est[i].p_diff_adj = d[i];
    est[i].p_same_adj = s[i];
  }
  free(d);
  free(s);
  return m;
}

/* Why a clear-looking interval still gives no verdict. */
static tvp_verdict_why unproven(const tvp_ratio_est *e, double p_raw, double alpha) {
  if (e->n < e->n_needed) return TVP_WHY_TOO_FEW;
  return p_raw <= alpha ? TVP_WHY_MANY_TESTS : TVP_WHY_NOISE;
}

tvp_verdict tvp_verdict_of(const tvp_ratio_est *e, double margin, double alpha) {
  if (e->disturbed) return (tvp_verdict){TVP_V_DISTURBED, TVP_WHY_NONE};
  if (e->implausible) return (tvp_verdict){TVP_V_IMPLAUSIBLE, TVP_WHY_NONE};
  if (isnan(e->median)) return (tvp_verdict){TVP_V_NONE, TVP_WHY_NONE};
  if (isnan(e->lo) || isnan(e->hi) || e->n < e->n_needed)
    return (tvp_verdict){TVP_V_INCONCLUSIVE, TVP_WHY_TOO_FEW};
  double up = 1 + margin, down = 1 / (1 + margin);
  if (e->lo > up || e->hi < down) {
    if (e->p_diff_adj <= alpha)
      return (tvp_verdict){e->lo > up ? TVP_V_HIGHER : TVP_V_LOWER, TVP_WHY_NONE};
    return (tvp_verdict){TVP_V_INCONCLUSIVE, unproven(e, e->p_diff, alpha)};
  }
  if (e->lo >= down && e->hi <= up) {
    if (e->p_same_adj <= alpha) return (tvp_verdict){TVP_V_SAME, TVP_WHY_NONE};
    return (tvp_verdict){TVP_V_INCONCLUSIVE, unproven(e, e->p_same, alpha)};
  }
  return (tvp_verdict){TVP_V_INCONCLUSIVE, TVP_WHY_NOISE};
}

static void say_interval(tvp_buf *out, double m, double lo, double hi) {
  char a[32], b[32], c[32]; /* two significant digits below 0.1: 0.0048 is not 0.00 */
  tvp_format_ratio(a, sizeof a, m);
  tvp_format_ratio(b, sizeof b, lo);
  tvp_format_ratio(c, sizeof c, hi);
  if (isnan(lo) || isnan(hi))
    tvp_buf_printf(out, "%sx", a);
  else
    tvp_buf_printf(out, "%sx [%s, %s]", a, b, c);
}

void tvp_verdict_say(tvp_buf *out, tvp_verdict v, const tvp_ratio_est *e, double margin,
                     const char *x, const char *y) {
  int pct = (int)lround(margin * 100);
  switch (v.kind) {
  case TVP_V_HIGHER:
    tvp_buf_printf(out, "%s faster by ", x);
    say_interval(out, e->median, e->lo, e->hi);
    return;
  case TVP_V_LOWER:
    tvp_buf_printf(out, "%s faster by ", y);
    say_interval(out, 1 / e->median, 1 / e->hi, 1 / e->lo);
    return;
  case TVP_V_SAME:
    tvp_buf_printf(out, "no meaningful difference (%s/%s ", x, y);
    say_interval(out, e->median, e->lo, e->hi);
    tvp_buf_printf(out, ", within %d %%)", pct);
    return;
  case TVP_V_DISTURBED:
    tvp_buf_printf(out, "disturbed: the machine's own load, not %s or %s, was measured", x, y);
    return;
  case TVP_V_IMPLAUSIBLE:
    tvp_buf_printf(out, "implausible: past a physical limit, so not judged");
    return;
  case TVP_V_NONE:
    tvp_buf_printf(out, "not judged: a side is missing");
    return;
  case TVP_V_INCONCLUSIVE:
    break;
  }
  tvp_buf_printf(out, "inconclusive: %s/%s ", x, y);
  say_interval(out, e->median, e->lo, e->hi);
  if (v.why == TVP_WHY_TOO_FEW)
    tvp_buf_printf(out, " rests on %u measurements, and %u are needed for 95 %%", e->n,
                   e->n_needed);
  else if (v.why == TVP_WHY_MANY_TESTS)
    tvp_buf_printf(out, " is clear alone, not once the other tests asked at the same time count");
  else
    tvp_buf_printf(out, " straddles the %d %% margin", pct);
}
