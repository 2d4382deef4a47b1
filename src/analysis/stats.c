/* Summary statistics over repetitions. Repetition counts are small, so the t
 * quantile comes from an exact table where it matters and an expansion beyond. */
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
  if (n < 2) return 0;
  /* Two passes: subtracting the mean first avoids cancellation in sum(x^2). */
  double ss = 0;
  for (size_t i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  double sd = sqrt(ss / (double)(n - 1));
  double half = tvp_t_quantile_975(n - 1) * sd / sqrt((double)n);
  out->sd = sd;
  out->cv = mean != 0 ? sd / mean : NAN;
  out->ci95_low = mean - half;
  out->ci95_high = mean + half;
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
