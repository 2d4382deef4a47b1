/* Statistics checked against values worked out independently (by hand and with
 * an arbitrary-precision t distribution), not against the code's own output. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "analysis/stats.h"

static void test_known_sample(void) {
  /* Deliberately unsorted: the input must be left as it is. */
  double x[] = {7, 2, 4, 9, 4, 5, 4, 5};
  double copy[8];
  memcpy(copy, x, sizeof x);
  tvp_stats s;
  CHECK_EQ_INT(tvp_stats_compute(x, 8, &s), 0);
  CHECK_EQ_INT(s.n, 8);
  CHECK_NEAR(s.mean, 5, 1e-12);
  CHECK_NEAR(s.sd, 2.138089935299395, 1e-12); /* sqrt(32 / 7) */
  CHECK_NEAR(s.median, 4.5, 0);
  CHECK_NEAR(s.min, 2, 0);
  CHECK_NEAR(s.max, 9, 0);
  CHECK_NEAR(s.cv, 0.427617987059879, 1e-12);
  /* The median's interval, by hand: sorted 2 4 4 4 5 5 7 9. Ranks 1 and 8
   * cover 1 - 2/256 = 0.9921875, ranks 2 and 7 cover 1 - 18/256 = 0.9296875;
   * share (0.9921875 - 0.95) / 0.0625 = 0.675, weight 7 * 0.675 /
   * (1 + 6 * 0.675) = 0.9356435644; low 2 + 2 w, high 9 - 2 w. */
  CHECK_NEAR(s.ci95_low, 3.8712871287, 1e-9);
  CHECK_NEAR(s.ci95_high, 7.1287128713, 1e-9);
  for (int i = 0; i < 8; i++)
    CHECK(x[i] == copy[i]);
}

static void test_ci_by_hand(void) {
  /* Five values: min..max, the widest interval there is (93.75 %). */
  double x[] = {10, 12, 11, 13, 9};
  tvp_stats s;
  CHECK_EQ_INT(tvp_stats_compute(x, 5, &s), 0);
  CHECK_NEAR(s.mean, 11, 1e-12);
  CHECK_NEAR(s.sd, 1.58113883, 1e-8);
  CHECK_NEAR(s.median, 11, 0);
  CHECK_NEAR(s.ci95_low, 9, 0);
  CHECK_NEAR(s.ci95_high, 13, 0);
  double lo, hi;
  CHECK_NEAR(tvp_median_interval(x, 5, &lo, &hi), 0.9375, 1e-12);
  /* Four values: no interval at all, rather than one that covers 87.5 %. */
  CHECK(isnan(tvp_median_interval(x, 4, &lo, &hi)) && isnan(lo) && isnan(hi));
}

static void test_degenerate(void) {
  tvp_stats s;
  double one = 3.5;
  CHECK_EQ_INT(tvp_stats_compute(&one, 1, &s), 0);
  CHECK_EQ_INT(s.n, 1);
  CHECK_NEAR(s.mean, 3.5, 0);
  CHECK_NEAR(s.median, 3.5, 0);
  CHECK_NEAR(s.min, 3.5, 0);
  CHECK_NEAR(s.max, 3.5, 0);
  CHECK(isnan(s.sd));
  CHECK(isnan(s.cv));
  CHECK(isnan(s.ci95_low));
  CHECK(isnan(s.ci95_high));

  CHECK_EQ_INT(tvp_stats_compute(&one, 0, &s), -1);
  CHECK_EQ_INT(s.n, 0);
  CHECK(isnan(s.mean) && isnan(s.median) && isnan(s.sd) && isnan(s.min) && isnan(s.max));
  CHECK(isnan(s.cv) && isnan(s.ci95_low) && isnan(s.ci95_high));

  double with_nan[] = {1, NAN, 3};
  CHECK_EQ_INT(tvp_stats_compute(with_nan, 3, &s), -1);

  /* Zero mean: the coefficient of variation is undefined, the rest is not. */
  double sym[] = {-1, 1};
  CHECK_EQ_INT(tvp_stats_compute(sym, 2, &s), 0);
  CHECK_NEAR(s.mean, 0, 0);
  CHECK_NEAR(s.sd, 1.4142135623730951, 1e-12);
  CHECK(isnan(s.cv));
  CHECK(isnan(s.ci95_low) && isnan(s.ci95_high)); /* two values: no interval */

  /* Identical values: zero spread, a zero-width interval. */
  double same[] = {4, 4, 4, 4, 4};
  CHECK_EQ_INT(tvp_stats_compute(same, 5, &s), 0);
  CHECK_NEAR(s.sd, 0, 0);
  CHECK_NEAR(s.cv, 0, 0);
  CHECK_NEAR(s.ci95_low, 4, 0);
  CHECK_NEAR(s.ci95_high, 4, 0);
}

static void test_median(void) {
  double odd[] = {9, 1, 5};
  double even[] = {8, 1, 3, 100};
  CHECK_NEAR(tvp_median(odd, 3), 5, 0);
  CHECK_NEAR(tvp_median(even, 4), 5.5, 0);
  CHECK_NEAR(tvp_median(odd, 1), 9, 0);
  CHECK(isnan(tvp_median(odd, 0)));
  CHECK_NEAR(odd[0], 9, 0); /* not sorted in place */
}

static void test_t_quantile(void) {
  CHECK(isnan(tvp_t_quantile_975(0)));
  CHECK_NEAR(tvp_t_quantile_975(1), 12.706204736, 1e-9);
  CHECK_NEAR(tvp_t_quantile_975(4), 2.776445105, 1e-9);
  CHECK_NEAR(tvp_t_quantile_975(10), 2.228138852, 1e-9);
  CHECK_NEAR(tvp_t_quantile_975(30), 2.042272456, 1e-9);
  /* Past the table, the expansion must join it smoothly and converge to z. */
  CHECK_NEAR(tvp_t_quantile_975(31), 2.039513446, 1e-7);
  CHECK_NEAR(tvp_t_quantile_975(40), 2.021075390, 1e-8);
  CHECK_NEAR(tvp_t_quantile_975(100), 1.983971519, 1e-9);
  CHECK_NEAR(tvp_t_quantile_975(1000), 1.962339081, 1e-9);
  CHECK_NEAR(tvp_t_quantile_975(SIZE_MAX), 1.959963985, 1e-9);
  for (size_t df = 1; df < 2000; df++)
    CHECK(tvp_t_quantile_975(df + 1) < tvp_t_quantile_975(df));
}

static void test_karp_flatt(void) {
  CHECK_NEAR(tvp_karp_flatt(1.9, 2), 1.0 / 19, 1e-12); /* 0.0526315789... */
  CHECK_NEAR(tvp_karp_flatt(2, 2), 0, 1e-15);
  CHECK_NEAR(tvp_karp_flatt(8, 8), 0, 1e-15);
  CHECK_NEAR(tvp_karp_flatt(1, 4), 1, 1e-12); /* no speedup at all: all serial */
  CHECK_NEAR(tvp_karp_flatt(3, 4), 1.0 / 9, 1e-12);
  CHECK(isnan(tvp_karp_flatt(1.9, 1)));
  CHECK(isnan(tvp_karp_flatt(1.9, 0)));
  CHECK(isnan(tvp_karp_flatt(0, 4)));
  CHECK(isnan(tvp_karp_flatt(-1, 4)));
  CHECK(isnan(tvp_karp_flatt(NAN, 4)));
}

/* Ranks and coverages worked out with exact binomial sums (Python's math.comb):
 * the interval of the median is [x(k), x(n-k+1)] with the largest k covering
 * at least 95 %. */
static void test_median_interval_rank(void) {
  CHECK_EQ_INT(tvp_median_ci95_rank(0), 0);
  CHECK_EQ_INT(tvp_median_ci95_rank(1), 1);
  CHECK_EQ_INT(tvp_median_ci95_rank(5), 1);  /* min..max covers only 93.75 % */
  CHECK_EQ_INT(tvp_median_ci95_rank(6), 1);  /* 96.875 %; k = 2 would be 78 % */
  CHECK_EQ_INT(tvp_median_ci95_rank(8), 1);
  CHECK_EQ_INT(tvp_median_ci95_rank(9), 2);
  CHECK_EQ_INT(tvp_median_ci95_rank(10), 2); /* 97.85 %; k = 3 would be 89 % */
  CHECK_EQ_INT(tvp_median_ci95_rank(20), 6); /* 95.86 %; k = 7 would be 88.5 % */
  CHECK_EQ_INT(tvp_median_ci95_rank(100), 40);
  /* Past the n where 2^-n underflows a double. */
  CHECK_EQ_INT(tvp_median_ci95_rank(2000), 956);
}

static void test_median_interval(void) {
  double lo, hi;
  /* n = 5, unsorted and left so: min..max. */
  double five[] = {3.1, 2.9, 3.5, 3.0, 3.3};
  CHECK_NEAR(tvp_median_ci95(five, 5, &lo, &hi), 0.9375, 1e-15);
  CHECK_NEAR(lo, 2.9, 0);
  CHECK_NEAR(hi, 3.5, 0);
  CHECK_NEAR(five[0], 3.1, 0);
  /* n = 6: still min..max, now at 96.875 %. */
  double six[] = {6, 1, 5, 2, 4, 3};
  CHECK_NEAR(tvp_median_ci95(six, 6, &lo, &hi), 0.96875, 1e-15);
  CHECK_NEAR(lo, 1, 0);
  CHECK_NEAR(hi, 6, 0);
  /* n = 10: the 2nd and the 9th. */
  double ten[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  CHECK_NEAR(tvp_median_ci95(ten, 10, &lo, &hi), 1 - 22.0 / 1024, 1e-15);
  CHECK_NEAR(lo, 2, 0);
  CHECK_NEAR(hi, 9, 0);
  /* n = 20: the 6th and the 15th. */
  double twenty[20];
  for (int i = 0; i < 20; i++)
    twenty[i] = (i * 7) % 20 + 1; /* 1..20, shuffled */
  CHECK_NEAR(tvp_median_ci95(twenty, 20, &lo, &hi), 1 - 43400.0 / 1048576, 1e-15);
  CHECK_NEAR(lo, 6, 0);
  CHECK_NEAR(hi, 15, 0);
  /* One value: a point; none, or a NaN: no interval. */
  double one = 1.5;
  tvp_median_ci95(&one, 1, &lo, &hi);
  CHECK(lo == 1.5 && hi == 1.5);
  CHECK(isnan(tvp_median_ci95(&one, 0, &lo, &hi)) && isnan(lo) && isnan(hi));
  double with_nan[] = {1, NAN, 3};
  CHECK(isnan(tvp_median_ci95(with_nan, 3, &lo, &hi)) && isnan(lo) && isnan(hi));
}

/* Student's t upper tail at the textbook quantiles, and its symmetry. */
static void test_t_upper(void) {
  CHECK_NEAR(tvp_t_upper(12.706204736174705, 1), 0.025, 1e-12);
  CHECK_NEAR(tvp_t_upper(2.7764451051977944, 4), 0.025, 1e-12);
  CHECK_NEAR(tvp_t_upper(2.0422724563012383, 30), 0.025, 1e-12);
  CHECK_NEAR(tvp_t_upper(0, 7), 0.5, 1e-15);
  CHECK_NEAR(tvp_t_upper(-2.7764451051977944, 4), 0.975, 1e-12);
  CHECK_NEAR(tvp_t_upper(1, 1), 0.25, 1e-12); /* Cauchy: atan(1) / pi from the top */
  CHECK_NEAR(tvp_t_upper(INFINITY, 3), 0, 0);
  CHECK(isnan(tvp_t_upper(1, 0)));
}

/* A fixed-seed generator, so the simulation is the same on every run. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static double uniform01(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}
static double normal01(void) {
  return sqrt(-2 * log(uniform01())) * cos(6.283185307179586 * uniform01());
}
/* Log-normal (sigma 0.5): skewed like repetition times. Median 1. */
static double draw_lognormal(void) { return exp(0.5 * normal01()); }
/* 90 % normal around 1 (sd 0.02), 10 % outliers 1.5-3x slower: the median of
 * the mixture is found by bisection below. */
static double draw_mixture(void) {
  return uniform01() < 0.1 ? 1.5 + 1.5 * uniform01() : 1 + 0.02 * normal01();
}
static double mixture_cdf(double v) {
  double z = (v - 1) / 0.02;
  double normal = 0.5 * erfc(-z / sqrt(2));
  double outlier = v < 1.5 ? 0 : v > 3 ? 1 : (v - 1.5) / 1.5;
  return 0.9 * normal + 0.1 * outlier;
}

/* The nominal 95 % interval covers the true median in 93-97 % of 10,000
 * samples of every size from 5 to 30, for skewed and contaminated draws. */
static void test_interval_coverage(void) {
  double lo_m = 0.9, hi_m = 1.1; /* the mixture's median, by bisection */
  for (int i = 0; i < 100; i++) {
    double mid = (lo_m + hi_m) / 2;
    if (mixture_cdf(mid) < 0.5) lo_m = mid; else hi_m = mid;
  }
  double mixture_median = (lo_m + hi_m) / 2;
  double x[30];
  for (int dist = 0; dist < 2; dist++)
    for (size_t n = 5; n <= 30; n++) {
      int covered = 0;
      const int draws = 10000;
      double truth = dist == 0 ? 1 : mixture_median;
      for (int d = 0; d < draws; d++) {
        for (size_t i = 0; i < n; i++)
          x[i] = dist == 0 ? draw_lognormal() : draw_mixture();
        double lo, hi;
        tvp_median_interval(x, n, &lo, &hi);
        covered += lo <= truth && truth <= hi;
      }
      double share = (double)covered / draws;
      if (share < 0.93 || share > 0.97)
        fprintf(stderr, "%s, n = %zu: coverage %.4f\n", dist ? "mixture" : "log-normal", n, share);
      CHECK(share >= 0.93 && share <= 0.97);
    }
}

int main(void) {
  test_known_sample();
  test_ci_by_hand();
  test_degenerate();
  test_median();
  test_t_quantile();
  test_karp_flatt();
  test_median_interval_rank();
  test_median_interval();
  test_t_upper();
  test_interval_coverage();
  CHECK_DONE();
}
