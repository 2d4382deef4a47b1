/* Multiple-testing adjustments (see multiple.h), the step-up and step-down
 * procedures written as adjusted p-values. */
#include <math.h>
#include <stdlib.h>

#include "analysis/multiple.h"
#include "base/util.h"

typedef struct {
  double p;
  size_t at;
} ranked;

static int by_p(const void *a, const void *b) {
  double x = ((const ranked *)a)->p, y = ((const ranked *)b)->p;
  return x < y ? -1 : x > y ? 1 : 0;
}

size_t tvp_mt_family_size(const double *p, size_t n) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    m += isnan(p[i]) ? 0 : 1;
  return m;
}

void tvp_mt_adjust(const double *p, size_t n, tvp_mt_method method, double *adj) {
  ranked *r = tvp_xcalloc(n + 1, sizeof *r);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!isnan(p[i]))
      r[m++] = (ranked){p[i], i};
  qsort(r, m, sizeof *r, by_p);
  for (size_t i = 0; i < n; i++)
    if (isnan(p[i]))
      adj[i] = NAN;
  if (method == TVP_MT_BH) {
    /* p(i) m / i, made monotone from the largest down. */
    double run = 1;
    for (size_t i = m; i-- > 0;) {
      double v = r[i].p * (double)m / (double)(i + 1);
      run = fmin(run, v);
      adj[r[i].at] = run;
    }
  } else {
    /* p(i) (m - i + 1), made monotone from the smallest up. */
    double run = 0;
    for (size_t i = 0; i < m; i++) {
      double v = fmin(1, r[i].p * (double)(m - i));
      run = fmax(run, v);
      adj[r[i].at] = run;
    }
  }
  free(r);
}

const char *tvp_mt_name(tvp_mt_method method) {
  return method == TVP_MT_BH ? "Benjamini-Hochberg" : "Holm";
}
