/* Many tests at once. A report or a comparison asks the same question of
 * dozens of configurations; at 5 % each, some answers would be chance alone.
 * These adjust the p-values of one family of tests so that a cut at alpha
 * keeps its promise for the family. Pure. */
#ifndef TVP_MULTIPLE_H
#define TVP_MULTIPLE_H

#include <stddef.h>

typedef enum {
  TVP_MT_BH,   /* Benjamini-Hochberg: of the answers called significant, at most
                  alpha are expected to be wrong (the false discovery rate) */
  TVP_MT_HOLM, /* Holm: the chance of any wrong answer is at most alpha
                  (the family-wise error) */
} tvp_mt_method;

/* Writes the adjusted p-value of p[i] into adj[i] (adj may be p). A NaN p is
 * no test: it stays NaN and does not count in the family's size. Adjusted
 * values are monotone in p and never above 1. */
void tvp_mt_adjust(const double *p, size_t n, tvp_mt_method method, double *adj);

/* The tests p[0..n) counts: those that are not NaN. */
size_t tvp_mt_family_size(const double *p, size_t n);

/* "Benjamini-Hochberg" or "Holm". */
const char *tvp_mt_name(tvp_mt_method method);

#endif
