/* Paired figures: a repetition set beside the repetition of another
 * configuration of the same point that ran in the same round, so that whatever
 * slowed the machine during a round weighs on both sides of a ratio, and the
 * ratio of each round says more than the ratio of two medians taken at
 * different times. Pure: records in, numbers out. */
#ifndef TVP_PAIRED_H
#define TVP_PAIRED_H

#include <stddef.h>

#include "record/rep.h"

/* How the repetitions of one point are paired. */
typedef struct {
  unsigned attempt; /* the point's highest attempt: the only one paired */
  int by_index;     /* every repetition of it ran in round 0 (runs from before rounds):
                       repetitions pair by their measured index instead, as --order blocked's
                       rounds of one configuration each pair too */
} tvp_pairing;

/* 1 when a statistic may use rep: ok, not disturbed, and of the attempt given. */
int tvp_rep_counts(const tvp_rep *rep, unsigned attempt);

/* The highest attempt among r's repetitions (0 when it has none): a point run
 * again leaves its earlier attempt out of every figure. */
unsigned tvp_result_attempt(const tvp_config_result *r);

/* The pairing of the point made of results[ids[0..n)]. */
tvp_pairing tvp_pairing_of(const tvp_config_result *results, const size_t *ids, size_t n);

/* Round by round, a's throughput over b's, where both repetitions count (see
 * tvp_rep_counts, at how.attempt) and b's throughput is above 0; a and b are
 * configurations of the point how was made for. Writes them in a's order into
 * out (room for a->nreps) and returns how many. With a == b every pair is
 * exactly 1. */
size_t tvp_paired_ratios(const tvp_config_result *a, const tvp_config_result *b, tvp_pairing how,
                         double *out);

/* The median of those ratios, NaN when there are none; *pairs says how many. */
double tvp_paired_median(const tvp_config_result *a, const tvp_config_result *b, tvp_pairing how,
                         unsigned *pairs);

#endif
