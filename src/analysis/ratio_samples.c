/* Welch's t on logarithms (see ratio_samples.h). Logarithms, because a ratio
 * and its inverse then weigh alike and throughputs' skew is mostly gone;
 * Welch, because two runs need not be equally noisy. */
#include <math.h>

#include "analysis/ratio_samples.h"
#include "analysis/stats.h"

double tvp_t_upper_inverse(double p, double df) {
  /* P(T > t) falls as t grows; at df far below 1 the quantile is huge. */
  double lo = 0, hi = 1;
  while (tvp_t_upper(hi, df) > p && hi < 1e300)
    hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    double mid = (lo + hi) / 2;
    if (tvp_t_upper(mid, df) > p)
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}

/* The mean and variance of the logarithms of v[0..n) (n >= 2, all positive). */
static void log_moments(const double *v, size_t n, double *mean, double *var) {
  double sum = 0, ss = 0;
  for (size_t i = 0; i < n; i++)
    sum += log(v[i]);
  *mean = sum / (double)n;
  for (size_t i = 0; i < n; i++)
    ss += (log(v[i]) - *mean) * (log(v[i]) - *mean);
  *var = ss / (double)(n - 1);
}

static int testable(const double *v, size_t n) {
  int ok = n >= 2;
  for (size_t i = 0; i < n; i++)
    ok = ok && v[i] > 0 && isfinite(v[i]);
  return ok;
}

void tvp_ratio_from_samples(const double *x, size_t nx, const double *y, size_t ny,
                            unsigned n_needed, double margin, tvp_ratio_est *est) {
  double mx = tvp_median(x, nx), my = tvp_median(y, ny);
  *est = (tvp_ratio_est){.median = my > 0 ? mx / my : NAN, .lo = NAN, .hi = NAN,
                         .n = (unsigned)(nx < ny ? nx : ny), .n_needed = n_needed,
                         .log_mean = NAN, .log_sd_mean = NAN, .df = NAN};
  if (testable(x, nx) && testable(y, ny)) {
    double mean_x, var_x, mean_y, var_y;
    log_moments(x, nx, &mean_x, &var_x);
    log_moments(y, ny, &mean_y, &var_y);
    double vx = var_x / (double)nx, vy = var_y / (double)ny, se = sqrt(vx + vy);
    est->log_mean = mean_x - mean_y;
    est->log_sd_mean = se;
    /* Welch-Satterthwaite; with no spread at all, the pooled count. */
    est->df = se > 0 ? (vx + vy) * (vx + vy) /
                           (vx * vx / (double)(nx - 1) + vy * vy / (double)(ny - 1))
                     : (double)(nx + ny - 2);
    double half = se > 0 ? tvp_t_upper_inverse(0.025, est->df) * se : 0;
    est->lo = exp(est->log_mean - half);
    est->hi = exp(est->log_mean + half);
  }
  tvp_ratio_test(est, margin);
}

void tvp_ratio_widen(tvp_ratio_est *est, double extra_var, double margin) {
  if (isnan(est->log_mean) || isnan(est->log_sd_mean) || !(extra_var > 0))
    return;
  double se = sqrt(est->log_sd_mean * est->log_sd_mean + extra_var);
  est->log_sd_mean = se;
  double half = tvp_t_upper_inverse(0.025, est->df) * se;
  est->lo = exp(est->log_mean - half);
  est->hi = exp(est->log_mean + half);
  tvp_ratio_test(est, margin);
}
