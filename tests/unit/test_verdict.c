/* The verdict function and the multiple-testing adjustments, on constructed
 * inputs whose answers are known: each outcome, the margin's edges, and the
 * textbook examples of Benjamini-Hochberg and Holm. */
#include "check.h"
#include "analysis/multiple.h"
#include "analysis/verdict.h"

/* An estimate with the interval given and p-values that pass. */
static tvp_ratio_est est(double m, double lo, double hi) {
  return (tvp_ratio_est){.median = m, .lo = lo, .hi = hi, .n = 10, .n_needed = 5,
                         .p_diff = 0.001, .p_same = 0.001, .p_diff_adj = 0.001,
                         .p_same_adj = 0.001};
}

static tvp_verdict_kind kind(tvp_ratio_est e) { return tvp_verdict_of(&e, 0.05, 0.05).kind; }

static void test_outcomes(void) {
  CHECK_EQ_INT(kind(est(1.30, 1.20, 1.40)), TVP_V_HIGHER);
  CHECK_EQ_INT(kind(est(0.70, 0.60, 0.80)), TVP_V_LOWER);
  CHECK_EQ_INT(kind(est(1.00, 0.98, 1.02)), TVP_V_SAME);
  CHECK_EQ_INT(kind(est(1.04, 0.99, 1.09)), TVP_V_INCONCLUSIVE);
  tvp_ratio_est e = est(1.04, 0.99, 1.09);
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).why, TVP_WHY_NOISE);
  /* The margin's edges, symmetric on a log scale: 1.05 above, 1 / 1.05 below. */
  CHECK_EQ_INT(kind(est(1.06, 1.0501, 1.07)), TVP_V_HIGHER);
  CHECK_EQ_INT(kind(est(1.06, 1.05, 1.07)), TVP_V_INCONCLUSIVE);
  CHECK_EQ_INT(kind(est(0.94, 0.93, 0.9523)), TVP_V_LOWER);   /* below 1 / 1.05 = 0.95238 */
  CHECK_EQ_INT(kind(est(0.94, 0.93, 0.9525)), TVP_V_INCONCLUSIVE);
  CHECK_EQ_INT(kind(est(1.00, 0.9524, 1.05)), TVP_V_SAME);    /* wholly within, edges included */
  /* Disturbed and implausible come first, whatever the numbers. */
  e = est(1.3, 1.2, 1.4);
  e.disturbed = 1;
  CHECK_EQ_INT(kind(e), TVP_V_DISTURBED);
  e = est(1.3, 1.2, 1.4);
  e.implausible = 1;
  CHECK_EQ_INT(kind(e), TVP_V_IMPLAUSIBLE);
  /* No interval (fewer than 5): inconclusive, too few. */
  e = est(1.3, NAN, NAN);
  e.n = 3;
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).kind, TVP_V_INCONCLUSIVE);
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).why, TVP_WHY_TOO_FEW);
  /* Clear alone, not in its family. */
  e = est(1.3, 1.2, 1.4);
  e.p_diff = 0.01;
  e.p_diff_adj = 0.2;
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).kind, TVP_V_INCONCLUSIVE);
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).why, TVP_WHY_MANY_TESTS);
  /* A wider margin turns a difference into none. */
  e = est(1.08, 1.06, 1.10);
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).kind, TVP_V_HIGHER);
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.15, 0.05).kind, TVP_V_SAME);
}

static void test_from_pairs(void) {
  /* Six rounds, each fork 30 % ahead: faster, and said so. */
  double clear[] = {1.31, 1.29, 1.30, 1.32, 1.28, 1.30};
  tvp_ratio_est e;
  tvp_ratio_from_pairs(clear, 6, 0.05, &e);
  CHECK_NEAR(e.median, 1.30, 1e-12);
  CHECK(e.lo > 1.05 && e.p_diff < 0.001);
  tvp_verdict v = tvp_verdict_of(&e, 0.05, 0.05);
  CHECK_EQ_INT(v.kind, TVP_V_HIGHER);
  tvp_buf b = {0};
  tvp_verdict_say(&b, v, &e, 0.05, "fork", "thread");
  CHECK(strncmp(b.data, "fork faster by 1.30x [", 22) == 0);
  tvp_buf_free(&b);
  /* The same the other way round: thread ahead, said as thread over fork. */
  double inv[6];
  for (int i = 0; i < 6; i++) inv[i] = 1 / clear[i];
  tvp_ratio_from_pairs(inv, 6, 0.05, &e);
  v = tvp_verdict_of(&e, 0.05, 0.05);
  CHECK_EQ_INT(v.kind, TVP_V_LOWER);
  tvp_verdict_say(&b, v, &e, 0.05, "fork", "thread");
  CHECK(strncmp(b.data, "thread faster by 1.30x [", 24) == 0);
  tvp_buf_free(&b);
  /* Equal within 1 %: no meaningful difference. */
  double equal[] = {1.00, 0.99, 1.01, 1.00, 1.005, 0.995};
  tvp_ratio_from_pairs(equal, 6, 0.05, &e);
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).kind, TVP_V_SAME);
  /* Rounds that disagree: inconclusive. */
  double noisy[] = {0.8, 1.3, 1.0, 1.25, 0.85, 1.1};
  tvp_ratio_from_pairs(noisy, 6, 0.05, &e);
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).kind, TVP_V_INCONCLUSIVE);
  /* A ratio far below 1 keeps its digits: spawn.cow's 0.0048 is not 0.00. */
  double tiny[] = {0.0048, 0.0047, 0.0049, 0.0048, 0.0048};
  tvp_ratio_from_pairs(tiny, 5, 0.05, &e);
  /* an interval that straddles the margin: inconclusive, the form that quotes X/Y */
  e.hi = 1.2;
  tvp_verdict_say(&b, tvp_verdict_of(&e, 0.05, 0.05), &e, 0.05, "spawn", "thread");
  CHECK(strstr(b.data, "spawn/thread 0.0048x") != NULL);
  tvp_buf_free(&b);
  /* Four rounds: too few, however clear. */
  tvp_ratio_from_pairs(clear, 4, 0.05, &e);
  CHECK(isnan(e.lo));
  CHECK_EQ_INT(tvp_verdict_of(&e, 0.05, 0.05).why, TVP_WHY_TOO_FEW);
}

/* R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02;
 * "holm" = 0.03 0.06 0.06 0.02. A NaN is no test. */
static void test_adjust(void) {
  double p[] = {0.01, 0.04, NAN, 0.03, 0.005}, adj[5];
  tvp_mt_adjust(p, 5, TVP_MT_BH, adj);
  CHECK_NEAR(adj[0], 0.02, 1e-12);
  CHECK_NEAR(adj[1], 0.04, 1e-12);
  CHECK(isnan(adj[2]));
  CHECK_NEAR(adj[3], 0.04, 1e-12);
  CHECK_NEAR(adj[4], 0.02, 1e-12);
  tvp_mt_adjust(p, 5, TVP_MT_HOLM, adj);
  CHECK_NEAR(adj[0], 0.03, 1e-12);
  CHECK_NEAR(adj[1], 0.06, 1e-12);
  CHECK_NEAR(adj[3], 0.06, 1e-12);
  CHECK_NEAR(adj[4], 0.02, 1e-12);
  CHECK_EQ_INT(tvp_mt_family_size(p, 5), 4);
  /* Benjamini & Hochberg (1995), section 4: 15 p-values; at q = 0.05 the
   * step-up rejects the 4 smallest. */
  double bh95[] = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
                   0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};
  double a[15];
  tvp_mt_adjust(bh95, 15, TVP_MT_BH, a);
  int rejected = 0;
  for (int i = 0; i < 15; i++) rejected += a[i] <= 0.05;
  CHECK_EQ_INT(rejected, 4);
  /* In place, and a family of one is left as it is. */
  double one[] = {0.03};
  tvp_mt_adjust(one, 1, TVP_MT_BH, one);
  CHECK_NEAR(one[0], 0.03, 0);
}

/* A family: the estimates' adjusted p-values, disturbed ones left out. */
static void test_family(void) {
  tvp_ratio_est e[3] = {est(1.3, 1.2, 1.4), est(1.3, 1.2, 1.4), est(1.3, 1.2, 1.4)};
  e[0].p_diff = 0.02;
  e[1].p_diff = 0.04;
  e[2].disturbed = 1;
  CHECK_EQ_INT(tvp_verdict_family(e, 3, TVP_MT_BH), 2);
  CHECK_NEAR(e[0].p_diff_adj, 0.04, 1e-12);
  CHECK_NEAR(e[1].p_diff_adj, 0.04, 1e-12);
  CHECK(isnan(e[2].p_diff_adj));
  CHECK_EQ_INT(tvp_verdict_of(&e[2], 0.05, 0.05).kind, TVP_V_DISTURBED);
}

int main(void) {
  test_outcomes();
  test_from_pairs();
  test_adjust();
  test_family();
  CHECK_DONE();
}
