/* Comparing two runs' environments (see environment_diff.h). meta_read.c has
 * flattened the nested object into keys "environment.FIELD". */
#include <stdlib.h>
#include <string.h>

#include "analysis/environment_diff.h"
#include "base/util.h"

static const char prefix[] = "environment.";
#define PREFIX_LEN (sizeof prefix - 1)

static int is_env(const tvp_meta_kv *kv) { return strncmp(kv->key, prefix, PREFIX_LEN) == 0; }

static int recorded(const tvp_meta_doc *m) {
  for (size_t i = 0; i < m->n; i++)
    if (is_env(&m->kv[i]))
      return 1;
  return 0;
}

/* The entry of key in m, or NULL. */
static const tvp_meta_kv *find(const tvp_meta_doc *m, const char *key) {
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->kv[i].key, key) == 0)
      return &m->kv[i];
  return NULL;
}

static int same(const char *a, const char *b) { return a && b ? strcmp(a, b) == 0 : a == b; }

void tvp_env_diff_runs(tvp_env_diff *out, const tvp_meta_doc *a, const tvp_meta_doc *b) {
  *out = (tvp_env_diff){.recorded_a = recorded(a), .recorded_b = recorded(b)};
  if (!out->recorded_a || !out->recorded_b)
    return;
  out->d = tvp_xcalloc(a->n + b->n + 1, sizeof *out->d);
  for (int side = 0; side < 2; side++) {
    const tvp_meta_doc *mine = side ? b : a, *theirs = side ? a : b;
    for (size_t i = 0; i < mine->n; i++) {
      const tvp_meta_kv *kv = &mine->kv[i], *other = find(theirs, kv->key);
      if (!is_env(kv) || (side == 1 && other) || find(mine, kv->key) != kv)
        continue; /* not the environment, B's field that A has too, or said twice */
      const char *v = kv->value, *w = other ? other->value : NULL;
      if (same(v, w))
        continue;
      const char *field = kv->key + PREFIX_LEN;
      int info = strncmp(field, "load_average", strlen("load_average")) == 0;
      out->d[out->n++] = (tvp_env_difference){field, side ? w : v, side ? v : w, info};
      out->warn += !info;
    }
  }
}

void tvp_env_diff_free(tvp_env_diff *d) {
  free(d->d);
  *d = (tvp_env_diff){0};
}
