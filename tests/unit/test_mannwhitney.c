/* The Mann-Whitney U test checked against values worked out by hand and against
 * a brute-force count of every arrangement of the ranks. */
#include <stdint.h>

#include "check.h"
#include "analysis/mannwhitney.h"

static void test_separated(void) {
  /* Every x below every y: U = 0, and of the C(10, 5) = 252 equally likely
   * arrangements only this one and its mirror are as extreme: p = 2/252. */
  double x[] = {1, 2, 3, 4, 5}, y[] = {6, 7, 8, 9, 10};
  tvp_mw_result r;
  CHECK_EQ_INT(tvp_mann_whitney(x, 5, y, 5, &r), 0);
  CHECK_NEAR(r.u, 0, 0);
  CHECK_NEAR(r.p, 2.0 / 252, 1e-12);
  CHECK_NEAR(r.p, 0.0079365, 1e-7);
  CHECK_EQ_INT(r.exact, 1);
  CHECK_EQ_INT(r.ties, 0);
  /* The other way round: U = n1 n2 = 25, the same p. */
  CHECK_EQ_INT(tvp_mann_whitney(y, 5, x, 5, &r), 0);
  CHECK_NEAR(r.u, 25, 0);
  CHECK_NEAR(r.p, 2.0 / 252, 1e-12);
  /* Order within a sample does not matter. */
  double xs[] = {4, 1, 5, 3, 2}, ys[] = {9, 6, 10, 8, 7};
  CHECK_EQ_INT(tvp_mann_whitney(xs, 5, ys, 5, &r), 0);
  CHECK_NEAR(r.p, 2.0 / 252, 1e-12);
  CHECK_NEAR(xs[0], 4, 0); /* the input is left as it is */
}

static void test_small_u(void) {
  /* U = 2 at 5 vs 5: arrangements with U <= 2 are U = 0 (1 way), U = 1 (1 way)
   * and U = 2 (2 ways: partitions of 2), so p = 2 * 4/252. */
  tvp_mw_result r;
  double a[] = {1, 2, 3, 5, 6}, b[] = {4, 7, 8, 9, 10}; /* 5 > 4, 6 > 4: U = 2 */
  CHECK_EQ_INT(tvp_mann_whitney(a, 5, b, 5, &r), 0);
  CHECK_NEAR(r.u, 2, 0);
  CHECK_NEAR(r.p, 8.0 / 252, 1e-12);
}

static void test_interleaved(void) {
  /* Ranks 1 4 5 8 9 against 2 3 6 7 10: U = 12 and 13 around the centre 12.5,
   * so half the distribution lies on each side and p = 1. */
  double x[] = {1, 4, 5, 8, 9}, y[] = {2, 3, 6, 7, 10};
  tvp_mw_result r;
  CHECK_EQ_INT(tvp_mann_whitney(x, 5, y, 5, &r), 0);
  CHECK_NEAR(r.u, 12, 0);
  CHECK_NEAR(r.p, 1, 1e-12);
  /* Strictly alternating: U = 10. The counts of U = 0..10 at 5 vs 5 are
   * 1 1 2 3 5 7 9 11 14 16 18 (partitions of U into at most 5 parts of at
   * most 5), 87 in all, so p = 2 * 87/252 = 0.690476. */
  double a[] = {1, 3, 5, 7, 9}, b[] = {2, 4, 6, 8, 10};
  CHECK_EQ_INT(tvp_mann_whitney(a, 5, b, 5, &r), 0);
  CHECK_NEAR(r.u, 10, 0);
  CHECK_NEAR(r.p, 174.0 / 252, 1e-12);
}

static void test_two_vs_two(void) {
  /* C(4, 2) = 6 arrangements: the most extreme has probability 1/6 a side, so
   * no data can go below p = 1/3, far above 0.05. */
  double x[] = {1, 2}, y[] = {3, 4};
  tvp_mw_result r;
  CHECK_EQ_INT(tvp_mann_whitney(x, 2, y, 2, &r), 0);
  CHECK_NEAR(r.u, 0, 0);
  CHECK_NEAR(r.p, 1.0 / 3, 1e-12);
  CHECK_NEAR(tvp_mw_min_p(2, 2), 1.0 / 3, 1e-12);
  CHECK_NEAR(tvp_mw_min_p(3, 3), 0.1, 1e-12);
  CHECK_NEAR(tvp_mw_min_p(4, 4), 2.0 / 70, 1e-12);
  CHECK_NEAR(tvp_mw_min_p(5, 5), 2.0 / 252, 1e-12);
  CHECK_NEAR(tvp_mw_min_p(1, 1), 1, 0);
  CHECK_NEAR(tvp_mw_min_p(0, 5), 1, 0);
}

static void test_ties_by_hand(void) {
  /* x = 1 2 2 3 5, y = 2 3 4 6 7. Sorted with midranks:
   *   1x:1  2x 2x 2y:(2+3+4)/3 = 3  3x 3y:(5+6)/2 = 5.5  4y:7  5x:8  6y:9  7y:10
   * R_x = 1 + 3 + 3 + 5.5 + 8 = 20.5, U_x = 20.5 - 5*6/2 = 5.5 (by pairs:
   * 0 + 0.5 + 0.5 + 1.5 + 3). Ties: a group of 3 and one of 2, so
   * sum(t^3 - t) = 24 + 6 = 30. With n = 10:
   *   mu = 25/2 = 12.5
   *   var = n1 n2 / 12 * ((n + 1) - 30 / (n (n - 1))) = 25/12 * (11 - 1/3)
   *       = 22.2222, sd = 4.714045
   *   z = (|5.5 - 12.5| - 0.5) / 4.714045 = 1.378858 (continuity correction)
   *   p = 2 (1 - Phi(1.378858)) = 0.167938 */
  double x[] = {1, 2, 2, 3, 5}, y[] = {2, 3, 4, 6, 7};
  tvp_mw_result r;
  CHECK_EQ_INT(tvp_mann_whitney(x, 5, y, 5, &r), 0);
  CHECK_NEAR(r.u, 5.5, 0);
  CHECK_EQ_INT(r.ties, 1);
  CHECK_EQ_INT(r.exact, 0);
  CHECK_NEAR(r.p, 0.167938, 1e-6);
  /* Every value equal: nothing to tell apart. */
  double s[] = {3, 3, 3}, t[] = {3, 3};
  CHECK_EQ_INT(tvp_mann_whitney(s, 3, t, 2, &r), 0);
  CHECK_NEAR(r.u, 3, 0);
  CHECK_NEAR(r.p, 1, 0);
}

/* Brute force: every way to choose which n1 of the n ranks are x's. */
static double brute_p(size_t n1, size_t n2, double u_obs) {
  size_t n = n1 + n2;
  double umax = (double)(n1 * n2), lo = u_obs < umax - u_obs ? u_obs : umax - u_obs;
  double tail = 0, total = 0;
  for (uint32_t mask = 0; mask < (1u << n); mask++) {
    if ((size_t)__builtin_popcount(mask) != n1)
      continue;
    /* U of the x's: for each x, the y's at lower ranks. */
    double u = 0;
    size_t ys_below = 0;
    for (size_t k = 0; k < n; k++) {
      if (mask & (1u << k))
        u += (double)ys_below;
      else
        ys_below++;
    }
    total++;
    if (u <= lo)
      tail++;
  }
  double p = 2 * tail / total;
  return p > 1 ? 1 : p;
}

static void test_exact_against_brute_force(void) {
  double x[] = {1.5, 3.2, 4.5, 7, 11, 12.5}, y[] = {2, 5, 6, 8, 9, 10, 13, 14};
  tvp_mw_result r;
  for (size_t n1 = 1; n1 <= 6; n1++)
    for (size_t n2 = 1; n2 <= 8; n2++) {
      CHECK_EQ_INT(tvp_mann_whitney(x, n1, y, n2, &r), 0);
      CHECK_EQ_INT(r.exact, 1);
      CHECK_NEAR(r.p, brute_p(n1, n2, r.u), 1e-12);
    }
}

static void test_normal_approximation(void) {
  /* 40 vs 40 is past the exact limit. Fully separated: U = 0, mu = 800,
   * sd = sqrt(1600 * 81 / 12) = 103.923, z = 799.5 / 103.923 = 7.6932,
   * p = 1.4e-14. */
  double x[40], y[40];
  for (int i = 0; i < 40; i++) {
    x[i] = i;
    y[i] = 100 + i;
  }
  tvp_mw_result r;
  CHECK_EQ_INT(tvp_mann_whitney(x, 40, y, 40, &r), 0);
  CHECK_EQ_INT(r.exact, 0);
  CHECK_NEAR(r.u, 0, 0);
  CHECK(r.p > 0 && r.p < 1e-13);
  /* At 30 vs 30, exact and normal agree closely in the middle of the range:
   * interleave with a small shift. */
  double a[30], b[30];
  for (int i = 0; i < 30; i++) {
    a[i] = 2 * i;
    b[i] = 2 * i + 5;
  }
  CHECK_EQ_INT(tvp_mann_whitney(a, 30, b, 30, &r), 0);
  CHECK_EQ_INT(r.exact, 1);
  double p_exact = r.p;
  a[0] = a[1]; /* one tie forces the approximation; U moves by 1/2 at most */
  CHECK_EQ_INT(tvp_mann_whitney(a, 30, b, 30, &r), 0);
  CHECK_EQ_INT(r.exact, 0);
  CHECK_NEAR(r.p, p_exact, 0.02);
}

static void test_bad_input(void) {
  double x[] = {1, NAN}, y[] = {2, 3};
  tvp_mw_result r;
  CHECK_EQ_INT(tvp_mann_whitney(x, 2, y, 2, &r), -1);
  CHECK(isnan(r.p));
  CHECK_EQ_INT(tvp_mann_whitney(x, 0, y, 2, &r), -1);
  CHECK_EQ_INT(tvp_mann_whitney(y, 2, x, 0, &r), -1);
}

int main(void) {
  test_separated();
  test_small_u();
  test_interleaved();
  test_two_vs_two();
  test_ties_by_hand();
  test_exact_against_brute_force();
  test_normal_approximation();
  test_bad_input();
  CHECK_DONE();
}
