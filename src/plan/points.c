/* Points (see points.h). Grouping sorts the configurations by their point's
 * key, so a plan of tens of thousands of configurations groups in n log n. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "plan/dimensions.h"
#include "plan/points.h"

typedef struct {
  char *key;
  size_t id;
} keyed;

/* The kernel and every point dimension's exact text: equal keys, same series. */
static char *point_key(const tvp_config *c) {
  tvp_buf b = {0};
  tvp_buf_printf(&b, "%s", c->kernel->name);
  for (int d = 0; d < TVP_DIM_COUNT; d++)
    if (tvp_dimensions[d].flags & TVP_DIM_POINT) {
      char v[256];
      tvp_dimensions[d].text(v, sizeof v, c);
      tvp_buf_printf(&b, "\x1f%s", v);
    }
  return b.data;
}

static int by_key_then_id(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int by_first_id(const void *a, const void *b) {
  const tvp_plan_point *x = a, *y = b;
  return (x->ids[0] > y->ids[0]) - (x->ids[0] < y->ids[0]);
}

void tvp_points_make(const tvp_plan *plan, int one_each, tvp_points *out) {
  size_t n = plan->n;
  out->points = tvp_xcalloc(n ? n : 1, sizeof *out->points);
  out->point_of = tvp_xcalloc(n ? n : 1, sizeof *out->point_of);
  out->n = 0;
  keyed *k = tvp_xcalloc(n ? n : 1, sizeof *k);
  for (size_t i = 0; i < n; i++)
    k[i] = (keyed){.key = one_each ? NULL : point_key(&plan->configs[i]), .id = i};
  if (!one_each)
    qsort(k, n, sizeof *k, by_key_then_id);
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (!one_each && j < n && strcmp(k[j].key, k[i].key) == 0)
      j++;
    tvp_plan_point *p = &out->points[out->n++];
    p->n = j - i;
    p->ids = tvp_xcalloc(p->n, sizeof *p->ids);
    for (size_t m = i; m < j; m++)
      p->ids[m - i] = k[m].id; /* ascending: sorted by id within a key */
    i = j;
  }
  qsort(out->points, out->n, sizeof *out->points, by_first_id);
  for (size_t q = 0; q < out->n; q++)
    for (size_t m = 0; m < out->points[q].n; m++)
      out->point_of[out->points[q].ids[m]] = q;
  for (size_t i = 0; i < n; i++)
    free(k[i].key);
  free(k);
}

void tvp_points_free(tvp_points *p) {
  for (size_t q = 0; p->points && q < p->n; q++)
    free(p->points[q].ids);
  free(p->points);
  free(p->point_of);
  memset(p, 0, sizeof *p);
}

void tvp_plan_equalize_points(tvp_plan *plan) {
  tvp_points pts;
  tvp_points_make(plan, 0, &pts);
  for (size_t q = 0; q < pts.n; q++) {
    const tvp_plan_point *p = &pts.points[q];
    unsigned reps = 0, warmup = 0;
    for (size_t m = 0; m < p->n; m++) {
      const tvp_config *c = &plan->configs[p->ids[m]];
      reps = c->reps > reps ? c->reps : reps;
      warmup = c->warmup > warmup ? c->warmup : warmup;
    }
    for (size_t m = 0; m < p->n; m++) {
      tvp_config *c = &plan->configs[p->ids[m]];
      c->reps = reps;
      c->warmup = warmup;
    }
  }
  tvp_points_free(&pts);
}
