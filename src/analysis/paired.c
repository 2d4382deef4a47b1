/* Pairing repetitions by round (see paired.h). A round holds at most one
 * counted repetition of each configuration; should a record hold two (a round
 * run again after a disturbance and numbered as before), the first is used. */
#include <math.h>
#include <stdlib.h>

#include "analysis/paired.h"
#include "analysis/stats.h"
#include "base/util.h"

int tvp_rep_counts(const tvp_rep *rep, unsigned attempt) {
  return rep->ok && !rep->disturbed && rep->attempt == attempt;
}

unsigned tvp_result_attempt(const tvp_config_result *r) {
  unsigned a = 0;
  for (unsigned i = 0; i < r->nreps; i++)
    if (r->reps[i].attempt > a)
      a = r->reps[i].attempt;
  return a;
}

tvp_pairing tvp_pairing_of(const tvp_config_result *results, const size_t *ids, size_t n) {
  tvp_pairing how = {0, 1};
  for (size_t i = 0; i < n; i++) {
    unsigned a = tvp_result_attempt(&results[ids[i]]);
    if (a > how.attempt)
      how.attempt = a;
  }
  for (size_t i = 0; i < n; i++) {
    const tvp_config_result *r = &results[ids[i]];
    for (unsigned j = 0; j < r->nreps; j++)
      if (r->reps[j].attempt == how.attempt && r->reps[j].round != 0)
        how.by_index = 0;
  }
  return how;
}

static unsigned key_of(const tvp_rep *rep, tvp_pairing how) {
  return how.by_index ? rep->index : rep->round;
}

/* r's first counted repetition with that key, or NULL. */
static const tvp_rep *in_round(const tvp_config_result *r, unsigned key, tvp_pairing how) {
  for (unsigned i = 0; i < r->nreps; i++)
    if (tvp_rep_counts(&r->reps[i], how.attempt) && key_of(&r->reps[i], how) == key)
      return &r->reps[i];
  return NULL;
}

size_t tvp_paired_ratios(const tvp_config_result *a, const tvp_config_result *b, tvp_pairing how,
                         double *out) {
  size_t n = 0;
  for (unsigned i = 0; i < a->nreps; i++) {
    const tvp_rep *p = &a->reps[i];
    if (!tvp_rep_counts(p, how.attempt) || in_round(a, key_of(p, how), how) != p)
      continue; /* not counted, or its round already paired */
    const tvp_rep *q = in_round(b, key_of(p, how), how);
    if (q && q->throughput > 0)
      out[n++] = p->throughput / q->throughput; /* x / x is exactly 1 */
  }
  return n;
}

double tvp_paired_median(const tvp_config_result *a, const tvp_config_result *b, tvp_pairing how,
                         unsigned *pairs) {
  double *x = tvp_xcalloc(a->nreps + 1, sizeof *x);
  size_t n = tvp_paired_ratios(a, b, how, x);
  double m = tvp_median(x, n);
  free(x);
  *pairs = (unsigned)n;
  return m;
}
