/* One line for the configurations of one side only (see compare_unmatched.h):
 * a quick run against a full one leaves hundreds, and a line each would bury
 * the comparison. */
#include <string.h>

#include "plan/dimensions.h"
#include "report/compare_unmatched.h"

/* At most this many values of a dimension are named, then "and N more". */
#define MAX_NAMED 4

/* Some configuration of the other side (its pairs and its own) has value v in dimension k. */
static int other_has(const tvp_comparison *c, int side_a, int k, const char *v) {
  for (size_t i = 0; i < c->npairs; i++)
    if (strcmp(c->pairs[i].pt->dim[k], v) == 0)
      return 1;
  const tvp_point **only = side_a ? c->only_b : c->only_a;
  size_t n = side_a ? c->nonly_b : c->nonly_a;
  for (size_t i = 0; i < n; i++)
    if (strcmp(only[i]->dim[k], v) == 0)
      return 1;
  return 0;
}

/* Point p has a value the other side never ran, in some dimension. */
static int explained(const tvp_comparison *c, int side_a, const tvp_point *p) {
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    if (tvp_dimensions[k].column && !other_has(c, side_a, k, p->dim[k]))
      return 1;
  return 0;
}

/* "sizes 20000, 40000 not in B": dimension k's values among only[0..n) that
 * the other side lacks; nothing when there is none. */
static void say_dimension(const tvp_comparison *c, int side_a, int k, tvp_buf *out, int *first) {
  const tvp_point **only = side_a ? c->only_a : c->only_b;
  size_t n = side_a ? c->nonly_a : c->nonly_b, named = 0, more = 0;
  for (size_t i = 0; i < n; i++) {
    const char *v = only[i]->dim[k];
    size_t j = 0;
    while (j < i && strcmp(only[j]->dim[k], v) != 0)
      j++;
    if (j < i || other_has(c, side_a, k, v))
      continue; /* said already, or not why */
    if (named == MAX_NAMED) {
      more++;
      continue;
    }
    tvp_buf_printf(out, "%s%s%s", named ? ", " : *first ? "" : "; ",
                   named ? "" : tvp_dimensions[k].suite_key, named ? "" : " ");
    tvp_buf_printf(out, "%s", *v ? v : "(empty)");
    named++;
  }
  if (more)
    tvp_buf_printf(out, " and %zu more", more);
  if (named) {
    tvp_buf_printf(out, " not in %s", side_a ? "B" : "A");
    *first = 0;
  }
}

static void say_side(const tvp_comparison *c, int side_a, tvp_buf *out) {
  size_t n = side_a ? c->nonly_a : c->nonly_b, combos = 0;
  const tvp_point **only = side_a ? c->only_a : c->only_b;
  tvp_buf_printf(out, "%zu configuration%s only in %s (", n, n == 1 ? "" : "s", side_a ? "A" : "B");
  int first = 1;
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    if (tvp_dimensions[k].column)
      say_dimension(c, side_a, k, out, &first);
  for (size_t i = 0; i < n; i++)
    combos += !explained(c, side_a, only[i]);
  if (combos)
    tvp_buf_printf(out, "%s%zu whose combination of values %s did not run", first ? "" : "; ",
                   combos, side_a ? "B" : "A");
  tvp_buf_printf(out, ")");
}

void tvp_compare_say_unmatched(const tvp_comparison *c, tvp_buf *out) {
  if (c->nonly_a)
    say_side(c, 1, out);
  if (c->nonly_a && c->nonly_b)
    tvp_buf_printf(out, ", ");
  if (c->nonly_b)
    say_side(c, 0, out);
}
