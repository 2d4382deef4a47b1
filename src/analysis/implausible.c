/* The physical-limit check of a point (see implausible.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/implausible.h"
#include "analysis/paired.h"
#include "analysis/stats.h"
#include "base/util.h"
#include "kernels/kernel.h"
#include "models/model.h"

unsigned tvp_result_pus(const tvp_config_result *r) {
  return r->pus_in_use ? r->pus_in_use : r->cfg->workers;
}

/* Work that keeps its PU busy from release to end: the limit holds for it. */
static int holds_its_pu(const tvp_kernel *k) {
  return k && k->bound && (strcmp(k->bound, "cpu") == 0 || strcmp(k->bound, "sync") == 0);
}

static int usable(const tvp_config_result *r) {
  return r->status != TVP_CONFIG_FAILED && r->status != TVP_CONFIG_INTERRUPTED;
}

/* The point's 1-worker configuration of r's model, or NULL. */
static const tvp_config_result *baseline(const tvp_config_result *results, const size_t *ids,
                                         size_t n, const tvp_config_result *r) {
  for (size_t i = 0; i < n; i++) {
    const tvp_config_result *b = &results[ids[i]];
    if (b->cfg->model == r->cfg->model && b->cfg->workers == 1 && usable(b))
      return b;
  }
  return NULL;
}

/* How far r's speedup interval lies above its limit, as lo / limit (0 when it
 * does not), with the sentence that says so in why. */
static double excess(const tvp_config_result *r, const tvp_config_result *base, tvp_pairing how,
                     char *why, size_t len) {
  double *x = tvp_xcalloc(r->nreps + 1, sizeof *x), lo, hi;
  size_t n = tvp_paired_ratios(r, base, how, x);
  tvp_median_ci95(x, n, &lo, &hi);
  free(x);
  unsigned workers = r->cfg->workers, pus = tvp_result_pus(r);
  unsigned limit = pus < workers ? pus : workers;
  /* Below 5 pairs no interval of the median reaches even 93 % (min..max of 5
   * does): too few to call a figure impossible and pay for a second attempt. */
  if (!(n >= 5 && lo > limit))
    return 0;
  int s = workers != 1;
  if (pus <= workers)
    snprintf(why, len, "%s at %u worker%s: speedup [%.3g, %.3g] above the %u PU%s in use",
             r->cfg->model->name, workers, s ? "s" : "", lo, hi, pus, pus == 1 ? "" : "s");
  else
    snprintf(why, len, "%s at %u worker%s: speedup [%.3g, %.3g] above its worker count "
             "(efficiency above 1)", r->cfg->model->name, workers, s ? "s" : "", lo, hi);
  return lo / limit;
}

int tvp_point_implausible(const tvp_config_result *results, const size_t *ids, size_t n, char *why,
                          size_t len) {
  if (len)
    why[0] = '\0';
  tvp_pairing how = tvp_pairing_of(results, ids, n);
  double worst = 0;
  char line[256];
  for (size_t i = 0; i < n; i++) {
    const tvp_config_result *r = &results[ids[i]];
    const tvp_config_result *base = baseline(results, ids, n, r);
    if (!usable(r) || !holds_its_pu(r->cfg->kernel) || !base)
      continue;
    double e = excess(r, base, how, line, sizeof line);
    if (e > worst) {
      worst = e;
      if (len)
        snprintf(why, len, "%s", line);
    }
  }
  return worst > 0;
}
