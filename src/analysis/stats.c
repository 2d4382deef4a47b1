/* Summary statistics over repetitions. The intervals are distribution-free:
 * repetitions on a shared machine are skewed and carry outliers, and a mean's
 * t interval over 2-3 of them gave negative bounds of positive quantities. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "base/util.h"

/* x sorted, in a copy the caller frees; NULL when empty or when a NaN is
 * there (qsort needs a total order), for which every order statistic is NaN. */
static double *sorted_copy(const double *x, size_t n) {
  if (n == 0) return NULL;
  for (size_t i = 0; i < n; i++)
    if (isnan(x[i])) return NULL;
  double *s = tvp_xmalloc(n * sizeof *s);
  memcpy(s, x, n * sizeof *s);
  qsort(s, n, sizeof *s, tvp_cmp_double);
  return s;
}

double tvp_median(const double *x, size_t n) {
  double *s = sorted_copy(x, n);
  if (!s) return NAN;
  double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  free(s);
  return m;
}

int tvp_stats_compute(const double *x, size_t n, tvp_stats *out) {
  *out = (tvp_stats){.median = NAN, .mean = NAN, .sd = NAN, .min = NAN, .max = NAN,
                     .cv = NAN, .ci95_low = NAN, .ci95_high = NAN};
  if (n == 0) return -1;
  double sum = 0, lo = x[0], hi = x[0];
  for (size_t i = 0; i < n; i++) {
    if (isnan(x[i])) return -1;
    sum += x[i];
    lo = fmin(lo, x[i]);
    hi = fmax(hi, x[i]);
  }
  double mean = sum / (double)n;
  out->n = n;
  out->mean = mean;
  out->min = lo;
  out->max = hi;
  out->median = tvp_median(x, n);
  tvp_median_interval(x, n, &out->ci95_low, &out->ci95_high);
  if (n < 2) return 0;
  /* Two passes: subtracting the mean first avoids cancellation in sum(x^2). */
  double ss = 0;
  for (size_t i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  double sd = sqrt(ss / (double)(n - 1));
  out->sd = sd;
  out->cv = mean != 0 ? sd / mean : NAN;
  return 0;
}

double tvp_t_quantile_975(size_t df) {
  static const double table[30] = {
      12.706204736174705, 4.3026527297494639, 3.1824463052837096, 2.7764451051977944,
      2.5705818356363155, 2.4469118511449700, 2.3646242515927853, 2.3060041352041667,
      2.2621571627982055, 2.2281388519862747, 2.2009851600916399, 2.1788128296672289,
      2.1603686564627925, 2.1447866879178038, 2.1314495455597757, 2.1199052992212547,
      2.1098155778333171, 2.1009220402410385, 2.0930240544083098, 2.0859634472658648,
      2.0796138447276804, 2.0738730679040262, 2.0686576104190487, 2.0638985616280258,
      2.0595385527532977, 2.0555294386428732, 2.0518305164802856, 2.0484071417952452,
      2.0452296421327043, 2.0422724563012383,
  };
  if (df == 0) return NAN;
  if (df <= 30) return table[df - 1];
  /* Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5); from df 31 on the
   * error is far below the precision anyone reports an interval with. */
  const double z = 1.959963984540054, z2 = z * z, v = (double)df;
  double g1 = z * (z2 + 1) / 4;
  double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
  double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
  double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
}

/* P(B < k) for B ~ Binomial(n, 1/2), summed in logarithms: 2^-n underflows
 * from n = 1075 on. */
static double binomial_half_below(size_t n, size_t k) {
  double log_p = -(double)n * log(2), sum = 0;
  for (size_t i = 0; i < k && i <= n; i++) {
    sum += exp(log_p);
    log_p += log((double)(n - i)) - log((double)(i + 1));
  }
  return sum;
}

size_t tvp_median_ci95_rank(size_t n) {
  if (n == 0) return 0;
  size_t k = 1;
  /* k may grow while the interval keeps two ends (k <= n - k + 1) and the
   * coverage 1 - 2 P(B < k + 1) stays at 95 % or more. */
  while (k + 1 <= (n + 1) / 2 && 1 - 2 * binomial_half_below(n, k + 1) >= 0.95) k++;
  return k;
}

double tvp_median_ci95(const double *x, size_t n, double *lo, double *hi) {
  *lo = *hi = NAN;
  double *s = sorted_copy(x, n);
  if (!s) return NAN;
  size_t k = tvp_median_ci95_rank(n);
  *lo = s[k - 1];
  *hi = s[n - k];
  free(s);
  return 1 - 2 * binomial_half_below(n, k);
}

double tvp_karp_flatt(double speedup, unsigned workers) {
  if (workers <= 1 || !(speedup > 0)) return NAN;
  double p = workers;
  return (1 / speedup - 1 / p) / (1 - 1 / p);
}

double tvp_median_interval(const double *x, size_t n, double *lo, double *hi) {
  *lo = *hi = NAN;
  if (n < TVP_MIN_INTERVAL_N) return NAN;
  double *s = sorted_copy(x, n);
  if (!s) return NAN;
  size_t k = tvp_median_ci95_rank(n);
  double cover_k = 1 - 2 * binomial_half_below(n, k);
  *lo = s[k - 1];
  *hi = s[n - k];
  /* Ranks k + 1 and n - k still make an interval, narrower and below 95 %:
   * interpolate toward it by the weight that brings the coverage to 95 %
   * (Hettmansperger & Sheather 1986, "Confidence intervals based on
   * interpolated order statistics"). */
  if (cover_k > 0.95 && k + 1 <= n - k) {
    double cover_next = 1 - 2 * binomial_half_below(n, k + 1);
    double share = (cover_k - 0.95) / (cover_k - cover_next);
    double w = (double)(n - k) * share / ((double)k + (double)(n - 2 * k) * share);
    *lo = (1 - w) * s[k - 1] + w * s[k];
    *hi = (1 - w) * s[n - k] + w * s[n - k - 1];
    cover_k = 0.95;
  }
  free(s);
  return cover_k;
}

/* The continued fraction of the regularized incomplete beta function, by the
 * modified Lentz method (Press et al., Numerical Recipes, 6.4). */
static double beta_fraction(double a, double b, double x) {
  const double tiny = 1e-300;
  double qab = a + b, qap = a + 1, qam = a - 1;
  double d = 1 - qab * x / qap;
  d = 1 / (fabs(d) < tiny ? tiny : d);
  /* cppcheck-suppress variableScope ; c carries from one step to the next */
  double h = d, c = 1;
  for (int m = 1; m <= 300; m++) {
    double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    c = 1 + aa / c;
    d = 1 / (fabs(d) < tiny ? tiny : d);
    c = fabs(c) < tiny ? tiny : c;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    c = 1 + aa / c;
    d = 1 / (fabs(d) < tiny ? tiny : d);
    c = fabs(c) < tiny ? tiny : c;
    double step = d * c;
    h *= step;
    if (fabs(step - 1) < 1e-15) break;
  }
  return h;
}

/* I_x(a, b), the regularized incomplete beta function. */
static double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double tvp_t_upper(double t, double df) {
  if (isnan(t) || !(df > 0)) return NAN;
  if (isinf(t)) return t > 0 ? 0 : 1;
  double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? tail : 1 - tail;
}
