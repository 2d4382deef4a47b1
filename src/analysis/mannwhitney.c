/* Mann-Whitney U: ranks, the U statistic, and a two-sided p-value, exact for
 * small samples without ties, else from the normal approximation. */
#include <math.h>
#include <stdlib.h>

#include "analysis/mannwhitney.h"
#include "base/util.h"

typedef struct {
  double v;
  int first; /* 1: from x, 0: from y */
} tagged;

static int by_value(const void *a, const void *b) {
  double x = ((const tagged *)a)->v, y = ((const tagged *)b)->v;
  return (x > y) - (x < y);
}

double tvp_mw_min_p(size_t n1, size_t n2) {
  if (n1 == 0 || n2 == 0)
    return 1;
  /* C(n1 + n2, n1) as a running product: exact in doubles for the sizes that
   * matter, and only compared with alpha beyond that. */
  double c = 1;
  for (size_t k = 1; k <= n1; k++)
    c = c * (double)(n2 + k) / (double)k;
  double p = 2 / c;
  return p > 1 ? 1 : p;
}

/* Two-sided exact p-value of U = u (an integer, no ties): the distribution of U
 * under the null is counted over every arrangement of the n1 + n2 ranks.
 * f(i, j, u), the arrangements of i x's and j y's with U = u, obeys
 * f(i, j, u) = f(i - 1, j, u - j) + f(i, j - 1, u), by whether the largest
 * value is an x (it then beats all j y's) or a y. Rolling over i keeps two
 * (n2 + 1) x (n1 n2 + 1) tables. Counts are doubles: at 30 vs 30 they reach
 * 1.2e17, past 2^53, but only their ratio matters. */
static double exact_p(size_t n1, size_t n2, double u) {
  size_t umax = n1 * n2, w = umax + 1;
  double *prev = tvp_xcalloc((n2 + 1) * w, sizeof *prev);
  double *cur = tvp_xcalloc((n2 + 1) * w, sizeof *cur);
  for (size_t j = 0; j <= n2; j++)
    prev[j * w] = 1; /* f(0, j, 0) = 1: all y's, U = 0 */
  for (size_t i = 1; i <= n1; i++) {
    for (size_t k = 0; k < w; k++)
      cur[k] = k == 0; /* f(i, 0, 0) = 1 */
    for (size_t j = 1; j <= n2; j++)
      for (size_t k = 0; k < w; k++)
        cur[j * w + k] = (k >= j ? prev[j * w + k - j] : 0) + cur[(j - 1) * w + k];
    double *t = prev;
    prev = cur;
    cur = t;
  }
  const double *f = prev + n2 * w;
  /* The distribution is symmetric about n1 n2 / 2: the tail beyond the
   * observed value on the far side is the mirror of the near tail. */
  double lo = u < (double)umax - u ? u : (double)umax - u;
  double tail = 0, total = 0;
  for (size_t k = 0; k < w; k++) {
    total += f[k];
    if ((double)k <= lo + 1e-9)
      tail += f[k];
  }
  free(prev);
  free(cur);
  double p = 2 * tail / total;
  return p > 1 ? 1 : p;
}

int tvp_mann_whitney(const double *x, size_t n1, const double *y, size_t n2, tvp_mw_result *out) {
  out->u = out->p = NAN;
  out->exact = out->ties = 0;
  if (n1 == 0 || n2 == 0)
    return -1;
  size_t n = n1 + n2;
  tagged *all = tvp_xmalloc(n * sizeof *all);
  for (size_t i = 0; i < n; i++) {
    all[i].v = i < n1 ? x[i] : y[i - n1];
    all[i].first = i < n1;
    if (isnan(all[i].v)) {
      free(all);
      return -1;
    }
  }
  qsort(all, n, sizeof *all, by_value);
  /* Midranks for tied groups; sum(t^3 - t) over the groups for the variance. */
  double rank_sum_x = 0, tie_term = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && all[j + 1].v == all[i].v)
      j++;
    double t = (double)(j - i + 1), rank = (double)(i + j) / 2 + 1;
    for (size_t k = i; k <= j; k++)
      if (all[k].first)
        rank_sum_x += rank;
    if (t > 1) {
      out->ties = 1;
      tie_term += t * t * t - t;
    }
    i = j + 1;
  }
  free(all);
  double dn1 = (double)n1, dn2 = (double)n2, dn = (double)n;
  out->u = rank_sum_x - dn1 * (dn1 + 1) / 2;
  if (!out->ties && n1 <= TVP_MW_EXACT_MAX && n2 <= TVP_MW_EXACT_MAX) {
    out->exact = 1;
    out->p = exact_p(n1, n2, out->u);
    return 0;
  }
  double mu = dn1 * dn2 / 2;
  double var = dn1 * dn2 / 12 * ((dn + 1) - tie_term / (dn * (dn - 1)));
  if (!(var > 0)) {
    out->p = 1; /* every value equal: nothing tells the samples apart */
    return 0;
  }
  /* The continuity correction moves |U - mu| half a step towards the centre. */
  double z = (fabs(out->u - mu) - 0.5) / sqrt(var);
  if (z < 0)
    z = 0;
  out->p = erfc(z / sqrt(2));
  if (out->p > 1)
    out->p = 1;
  return 0;
}
