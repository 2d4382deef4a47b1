/* Rounds: the order the runner measures a point in. Every configuration of a
 * point once per round, the order reproducible from the seed and different from
 * round to round; points group exactly the configurations that differ only in
 * model and worker count, and get one number of repetitions. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plan/plan.h"
#include "plan/points.h"
#include "run/rounds.h"

static int is_permutation(const size_t *perm, size_t n) {
  unsigned char *seen = calloc(n + 1, 1);
  int ok = 1;
  for (size_t i = 0; i < n; i++) {
    ok = ok && perm[i] < n && !seen[perm[i]];
    if (perm[i] < n)
      seen[perm[i]] = 1;
  }
  free(seen);
  return ok;
}

static void orders(void) {
  enum { N = 6, ROUNDS = 40 };
  size_t a[N], b[N];
  int differs_from_previous = 0, first_position[N] = {0};
  size_t prev[N];
  for (unsigned r = 0; r < ROUNDS; r++) {
    tvp_round_order(42, 3, r, a, N);
    CHECK(is_permutation(a, N));
    tvp_round_order(42, 3, r, b, N); /* the same seed, point and round: the same order */
    CHECK(memcmp(a, b, sizeof a) == 0);
    if (r > 0 && memcmp(a, prev, sizeof a) != 0)
      differs_from_previous++;
    first_position[a[0]]++;
    memcpy(prev, a, sizeof a);
  }
  /* 720 orders: two rounds in a row alike is rare; every configuration leads some round. */
  CHECK(differs_from_previous >= ROUNDS - 3);
  for (int i = 0; i < N; i++)
    CHECK(first_position[i] > 0);
  /* Another seed, another point: other orders. */
  int other_seed = 0, other_point = 0;
  for (unsigned r = 0; r < ROUNDS; r++) {
    tvp_round_order(42, 3, r, a, N);
    tvp_round_order(43, 3, r, b, N);
    other_seed += memcmp(a, b, sizeof a) != 0;
    tvp_round_order(42, 4, r, b, N);
    other_point += memcmp(a, b, sizeof a) != 0;
  }
  CHECK(other_seed >= ROUNDS - 3);
  CHECK(other_point >= ROUNDS - 3);
  size_t one[1] = {7};
  tvp_round_order(1, 0, 0, one, 1);
  CHECK_EQ_INT(one[0], 0);
  tvp_round_order(1, 0, 0, NULL, 0); /* an empty point: nothing to order, no crash */
}

static void parsing(void) {
  tvp_order o;
  CHECK_EQ_INT(tvp_order_parse("blocked", &o), 0);
  CHECK_EQ_INT(o, TVP_ORDER_BLOCKED);
  CHECK_EQ_INT(tvp_order_parse("interleaved", &o), 0);
  CHECK_EQ_INT(o, TVP_ORDER_INTERLEAVED);
  CHECK_EQ_INT(tvp_order_parse("random", &o), -1);
  CHECK_EQ_INT(tvp_order_parse("", &o), -1);
  uint64_t s;
  CHECK_EQ_INT(tvp_seed_parse("18446744073709551615", &s), 0);
  CHECK(s == UINT64_MAX);
  CHECK_EQ_INT(tvp_seed_parse("18446744073709551616", &s), -1);
  CHECK_EQ_INT(tvp_seed_parse("-1", &s), -1);
  CHECK_EQ_INT(tvp_seed_parse("12x", &s), -1);
  CHECK_EQ_INT(tvp_seed_parse("", &s), -1);
  CHECK(tvp_seed_draw() != tvp_seed_draw());
}

static void set(tvp_sweep *s, const char *k, const char *v) {
  char err[256];
  if (tvp_sweep_set(s, k, v, err, sizeof err) != 0) {
    fprintf(stderr, "tvp_sweep_set(%s, %s): %s\n", k, v, err);
    exit(99);
  }
}

static void points(void) {
  /* Two sweeps meet at cpu.primes size 20000: one point, whose repetitions
   * and warm-ups become the larger of the two. */
  tvp_sweep s[2];
  tvp_sweep_init(&s[0]);
  tvp_sweep_init(&s[1]);
  set(&s[0], "kernels", "cpu.primes,os.mmap");
  set(&s[0], "models", "thread,fork");
  set(&s[0], "workers", "1,2");
  set(&s[0], "sizes", "20000,40000");
  set(&s[0], "reps", "3");
  set(&s[1], "kernels", "cpu.primes");
  set(&s[1], "models", "spawn");
  set(&s[1], "workers", "2");
  set(&s[1], "sizes", "20000");
  set(&s[1], "reps", "7");
  set(&s[1], "warmup", "2");
  tvp_plan p;
  char err[512] = "";
  CHECK_EQ_INT(tvp_plan_expand(s, 2, NULL, 2, 2, &p, err, sizeof err), 0);
  CHECK_EQ_INT(p.n, 2 * 2 * 2 * 2 + 1);
  tvp_points pts;
  tvp_points_make(&p, 0, &pts);
  CHECK_EQ_INT(pts.n, 4); /* 2 kernels x 2 sizes */
  size_t total = 0;
  for (size_t q = 0; q < pts.n; q++) {
    const tvp_plan_point *pt = &pts.points[q];
    total += pt->n;
    for (size_t m = 0; m < pt->n; m++) {
      const tvp_config *a = &p.configs[pt->ids[0]], *b = &p.configs[pt->ids[m]];
      CHECK(a->kernel == b->kernel && a->units == b->units);
      CHECK(a->reps == b->reps && a->warmup == b->warmup);
      CHECK_EQ_INT(pts.point_of[pt->ids[m]], q);
      CHECK(m == 0 || pt->ids[m] > pt->ids[m - 1]);
    }
    if (q > 0)
      CHECK(pt->ids[0] > pts.points[q - 1].ids[0]); /* points in plan order */
  }
  CHECK_EQ_INT(total, p.n);
  const tvp_config *spawn = &p.configs[p.n - 1];
  const tvp_plan_point *sp = &pts.points[pts.point_of[p.n - 1]];
  CHECK_EQ_INT(sp->n, 5);
  CHECK_EQ_INT(spawn->reps, 7);
  CHECK_EQ_INT(spawn->warmup, 2);
  CHECK_EQ_INT(p.configs[sp->ids[0]].reps, 7);
  CHECK_EQ_INT(p.configs[pts.points[pts.point_of[4]].ids[0]].reps, 3); /* untouched elsewhere */
  tvp_points_free(&pts);
  tvp_points_make(&p, 1, &pts); /* blocked: one configuration a point */
  CHECK_EQ_INT(pts.n, p.n);
  for (size_t q = 0; q < pts.n; q++)
    CHECK(pts.points[q].n == 1 && pts.points[q].ids[0] == q);
  tvp_points_free(&pts);
  tvp_plan_free(&p);
  tvp_sweep_free(&s[0]);
  tvp_sweep_free(&s[1]);
}

int main(void) {
  orders();
  parsing();
  points();
  CHECK_DONE();
}
