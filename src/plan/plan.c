/* Expands sweeps into configurations (see plan.h), rejecting anything unknown
 * before a single cell runs. Order: kernel, size, footprint, chunk, placement,
 * workers, model, so the two models of one point run side by side in time. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "models/model.h"
#include "plan/dimensions.h"
#include "plan/plan.h"
#include "plan/points.h"
#include "base/util.h"
#include "plan/workers_spec.h"

const char *tvp_scaling_name(tvp_scaling s) {
  return s == TVP_SCALING_WEAK ? "weak" : s == TVP_SCALING_DURATION ? "duration" : "strong";
}

uint64_t tvp_config_total_units(const tvp_config *c) {
  if (c->scaling == TVP_SCALING_DURATION)
    return 0;
  return c->scaling == TVP_SCALING_WEAK ? c->units * c->workers : c->units;
}

static void list_kernels(char *buf, size_t len) {
  size_t k = 0;
  buf[0] = 0;
  for (size_t i = 0; i < tvp_kernel_count() && k < len; i++)
    if (tvp_kernel_visible(tvp_kernel_at(i)))
      k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? ", " : "", tvp_kernel_at(i)->name);
}

/* Adds the visible kernels of group g (every "g.*") to out; how many it has. */
static size_t add_group(const char *g, const tvp_kernel **out, size_t *n) {
  size_t len = strlen(g), found = 0;
  for (size_t i = 0; i < tvp_kernel_count(); i++) {
    const tvp_kernel *k = tvp_kernel_at(i);
    if (tvp_kernel_visible(k) && strncmp(k->name, g, len) == 0 && k->name[len] == '.') {
      tvp_distinct_add(out, n, sizeof *out, &k, NULL);
      found++;
    }
  }
  return found;
}

/* "all" or a comma list of kernels ("cpu.primes") and groups ("cpu", every
 * cpu.* kernel: a kernel's name is group.name, so no word is both; a word
 * that is neither, as "cpu.nope" or "", is an unknown kernel). Like every
 * list of a sweep, a kernel given twice, by name or by its group, runs once:
 * two configurations alike would run twice and leave two rows that no
 * comparison can tell apart. */
static int resolve_kernels(const char *text, const tvp_kernel ***out, size_t *n, char *err, size_t errlen) {
  char **items;
  size_t m = tvp_split_list(text, &items);
  *out = tvp_xcalloc(tvp_kernel_count() * (m + 1), sizeof **out); /* room for "all" each time */
  *n = 0;
  for (size_t i = 0; i < m; i++) {
    if (strcmp(items[i], "all") == 0) {
      for (size_t k = 0; k < tvp_kernel_count(); k++)
        if (!tvp_kernel_at(k)->test_only)
          tvp_distinct_add(*out, n, sizeof **out, &(const tvp_kernel *){tvp_kernel_at(k)}, NULL);
      continue;
    }
    /* A group has a kernel name's first part: lowercase letters, digits, '_'. */
    size_t len = strlen(items[i]);
    int group = len > 0 && strspn(items[i], "abcdefghijklmnopqrstuvwxyz0123456789_") == len;
    const tvp_kernel *k = group ? NULL : tvp_kernel_find(items[i]);
    if (group ? add_group(items[i], *out, n) == 0 : k == NULL) {
      char known[1024];
      if (group) {
        tvp_kernel_groups(known, sizeof known, ", ");
        snprintf(err, errlen, "unknown kernel group '%s' (groups: %s; or name a kernel, as "
                 "cpu.primes: 'tvp list' shows them)", items[i], known);
      } else {
        list_kernels(known, sizeof known);
        snprintf(err, errlen, "unknown kernel '%s' (known: %s; 'tvp list' describes them)", items[i], known);
      }
      tvp_free_list(items, m);
      return -1;
    }
    if (k)
      tvp_distinct_add(*out, n, sizeof **out, &k, NULL);
  }
  tvp_free_list(items, m);
  return 0;
}

static int resolve_models(const char *text, const tvp_model ***out, size_t *n, char *err, size_t errlen) {
  char **items;
  size_t m = tvp_split_list(text, &items);
  *out = tvp_xcalloc((m + 1) * tvp_model_count(), sizeof **out); /* room for "all" each time */
  *n = 0;
  for (size_t i = 0; i < m; i++) {
    if (strcmp(items[i], "all") == 0) {
      /* The models of this machine: the mpi models need a launcher, and are
       * named when meant. */
      for (size_t k = 0; k < tvp_model_count(); k++)
        if (!tvp_model_at(k)->distributed)
          tvp_distinct_add(*out, n, sizeof **out, &(const tvp_model *){tvp_model_at(k)}, NULL);
      continue;
    }
    const tvp_model *md = tvp_model_find(items[i]);
    if (!md) {
      char known[256];
      tvp_model_list(known, sizeof known);
      snprintf(err, errlen, "unknown model '%s' (known: %s)", items[i], known);
      tvp_free_list(items, m);
      return -1;
    }
    tvp_distinct_add(*out, n, sizeof **out, &md, NULL);
  }
  tvp_free_list(items, m);
  return 0;
}

static int resolve_placements(const char *text, tvp_placement_policy **out, size_t *n, char *err,
                              size_t errlen) {
  char **items;
  size_t m = tvp_split_list(text, &items);
  *out = tvp_xcalloc(m ? m : 1, sizeof **out);
  *n = 0;
  for (size_t i = 0; i < m; i++) {
    tvp_placement_policy place;
    if (tvp_placement_parse(items[i], &place) != 0) {
      char known[256];
      tvp_placement_list(known, sizeof known);
      snprintf(err, errlen, "unknown placement '%s' (known: %s)", items[i], known);
      tvp_free_list(items, m);
      return -1;
    }
    tvp_distinct_add(*out, n, sizeof **out, &place, NULL);
  }
  tvp_free_list(items, m);
  return 0;
}

/* Sizes, footprints and chunks: "default" (0 here, the kernel's own later) or
 * counts; `examples` shows the user counts that make sense for `what`. */
static int resolve_counts(const char *what, const char *examples, const char *text, uint64_t **out,
                          size_t *n, char *err, size_t errlen) {
  char **items;
  size_t m = tvp_split_list(text, &items);
  *out = tvp_xcalloc(m ? m : 1, sizeof **out);
  *n = 0;
  for (size_t i = 0; i < m; i++) {
    uint64_t v = 0;
    if (strcmp(items[i], "default") != 0) {
      if (tvp_parse_count(items[i], &v) != 0)
        snprintf(err, errlen, "bad %s '%s': give a positive count such as %s, or 'default'", what,
                 items[i], examples);
      /* 0 is how the plan says "default": taken as a count it would silently mean that. */
      else if (v == 0)
        snprintf(err, errlen, "%s must be at least 1, not '%s' (or 'default' for the kernel's own)",
                 what, items[i]);
      if (v == 0) {
        tvp_free_list(items, m);
        return -1;
      }
    }
    tvp_distinct_add(*out, n, sizeof **out, &v, NULL);
  }
  tvp_free_list(items, m);
  return 0;
}

/* The product of the list lengths, or SIZE_MAX once it passes TVP_MAX_CONFIGS,
 * so a product of long lists never wraps around to a small allocation. */
static size_t combinations(const size_t *lens, size_t n) {
  size_t total = 1;
  for (size_t i = 0; i < n; i++) {
    if (lens[i] && total > TVP_MAX_CONFIGS / lens[i])
      return SIZE_MAX;
    total *= lens[i];
  }
  return total;
}

/* The smallest power of two >= n (n <= TVP_MAX_CONFIGS): the room a plan of n
 * configurations has. */
static size_t pow2_at_least(size_t n) {
  size_t room = 1;
  while (room < n)
    room *= 2;
  return room;
}

/* What one sweep names, resolved: the lists whose product is its configurations. */
typedef struct {
  const tvp_kernel **kernels;
  const tvp_model **models;
  tvp_placement_policy *places;
  uint64_t *sizes, *feet, *chunks;
  unsigned *workers;
  size_t nk, nm, np, ns, nf, nc;
  int nw;
} sweep_lists;

static void free_lists(sweep_lists *l) {
  free(l->kernels);
  free(l->models);
  free(l->places);
  free(l->sizes);
  free(l->feet);
  free(l->chunks);
  free(l->workers);
}

/* Every list of the sweep, or the first name or count that is not known. 0, or
 * -1 with why (what was resolved stays in l, for free_lists). */
static int resolve_lists(const tvp_sweep *s, unsigned cores, unsigned pus, sweep_lists *l, char *err,
                         size_t errlen) {
  if (!s->kernels || !*s->kernels) {
    snprintf(err, errlen, "no kernels: name some with --kernels (or 'kernels' in a suite); "
             "'tvp list' shows them");
    return -1;
  }
  if (resolve_kernels(s->kernels, &l->kernels, &l->nk, err, errlen) != 0 ||
      resolve_models(s->models ? s->models : TVP_DEFAULT_MODELS, &l->models, &l->nm, err, errlen) != 0 ||
      resolve_placements(s->placements ? s->placements : TVP_DEFAULT_PLACEMENT, &l->places, &l->np,
                         err, errlen) != 0 ||
      resolve_counts("size", "200k, 5M or 256Mi", s->sizes ? s->sizes : "default", &l->sizes, &l->ns,
                     err, errlen) != 0 ||
      resolve_counts("footprint", "200k, 5M or 256Mi", s->footprints ? s->footprints : "default",
                     &l->feet, &l->nf, err, errlen) != 0 ||
      resolve_counts("chunk", "1, 16 or 1k", s->chunks ? s->chunks : "default", &l->chunks, &l->nc,
                     err, errlen) != 0)
    return -1;
  if (s->ranks && s->workers) {
    snprintf(err, errlen, "give worker counts or rank counts, not both (with ranks, workers = "
             "ranks x threads)");
    return -1;
  }
  l->nw = tvp_workers_parse(s->ranks ? s->ranks : s->workers ? s->workers : TVP_DEFAULT_WORKERS,
                            cores, pus, &l->workers, err, errlen);
  return l->nw < 0 ? -1 : 0;
}

/* With rank counts, every model runs ranks x threads workers (in place);
 * without, a hybrid model's worker counts must fill whole ranks. */
static int apply_threads(const tvp_sweep *s, sweep_lists *l, char *err, size_t errlen) {
  unsigned threads = s->threads > 0 ? (unsigned)s->threads : 1;
  const tvp_model *hybrid = NULL;
  for (size_t m = 0; m < l->nm && !hybrid; m++)
    if (l->models[m]->hybrid)
      hybrid = l->models[m];
  for (int w = 0; w < l->nw; w++) {
    unsigned *workers = &l->workers[w];
    if (s->ranks) {
      if ((uint64_t)*workers * threads > TVP_MAX_WORKERS) {
        snprintf(err, errlen, "%u ranks of %u threads pass tvp's %d workers", *workers, threads,
                 TVP_MAX_WORKERS);
        return -1;
      }
      *workers *= threads;
    } else if (hybrid && *workers % threads) {
      snprintf(err, errlen, "%s runs ranks of %u threads, so every worker count must be a "
               "multiple of %u, not %u (or give rank counts with --ranks)", hybrid->name, threads,
               threads, *workers);
      return -1;
    }
  }
  return 0;
}

/* The rules between the lists, as the registries state them: which kernels
 * each model runs, threads and ranks, which kernels run for a fixed time. */
static int check_lists(const tvp_sweep *s, sweep_lists *l, tvp_scaling scaling, char *err,
                       size_t errlen) {
  for (size_t m = 0; m < l->nm; m++)
    if (tvp_model_check_kernels(l->models[m], l->kernels, l->nk, err, errlen) != 0)
      return -1;
  if (tvp_model_check_counts(l->models, l->nm, s->threads, s->ranks != NULL, err, errlen) != 0 ||
      apply_threads(s, l, err, errlen) != 0)
    return -1;
  for (size_t k = 0; scaling == TVP_SCALING_DURATION && k < l->nk; k++)
    if (tvp_kernel_check_fixed_time(l->kernels[k], err, errlen) != 0)
      return -1;
  return 0;
}

/* Appends the product of the lists to the plan, kernel outermost and model
 * innermost. 0, or -1 when the plan would grow past TVP_MAX_CONFIGS. */
static int add_configs(const tvp_sweep *s, const sweep_lists *l, tvp_scaling scaling, tvp_plan *plan,
                       int sweep_index, char *err, size_t errlen) {
  size_t lens[] = {l->nk, l->ns, l->nf, l->nc, l->np, (size_t)l->nw, l->nm};
  size_t add = combinations(lens, sizeof lens / sizeof lens[0]);
  if (add > TVP_MAX_CONFIGS - plan->n) {
    snprintf(err, errlen, "the plan would pass %d configurations (here %zu kernels x %zu sizes x "
             "%zu footprints x %zu chunks x %zu placements x %d worker counts x %zu models): "
             "split it into smaller runs", TVP_MAX_CONFIGS, l->nk, l->ns, l->nf, l->nc, l->np, l->nw,
             l->nm);
    return -1;
  }
  /* Room grows in powers of two: a suite of many sections would otherwise copy
   * the whole plan once per section. */
  if (!plan->n || plan->n + add > pow2_at_least(plan->n))
    plan->configs = tvp_xrealloc(plan->configs, pow2_at_least(plan->n + add) * sizeof *plan->configs);
  for (size_t k = 0; k < l->nk; k++)
    for (size_t z = 0; z < l->ns; z++)
      for (size_t f = 0; f < l->nf; f++)
        for (size_t h = 0; h < l->nc; h++)
          for (size_t p = 0; p < l->np; p++)
            for (int w = 0; w < l->nw; w++)
              for (size_t m = 0; m < l->nm; m++) {
                tvp_config *c = &plan->configs[plan->n++];
                c->kernel = l->kernels[k];
                c->model = l->models[m];
                c->placement = l->places[p];
                c->workers = l->workers[w];
                c->scaling = scaling;
                c->duration_s = scaling == TVP_SCALING_DURATION ? s->duration_s : 0;
                /* In duration mode the size is the batch between looks at the stop flag. */
                c->units = l->sizes[z] ? l->sizes[z]
                           : scaling == TVP_SCALING_DURATION ? l->kernels[k]->batch_units
                                                             : l->kernels[k]->default_units;
                c->footprint = l->feet[f];
                c->chunk = l->chunks[h];
                c->reps = s->reps >= 0 ? (unsigned)s->reps : TVP_DEFAULT_REPS;
                c->warmup = s->warmup >= 0 ? (unsigned)s->warmup : TVP_DEFAULT_WARMUP;
                c->timeout_s = s->timeout_s > 0 ? s->timeout_s : TVP_DEFAULT_TIMEOUT_S;
                c->threads = l->models[m]->hybrid ? (unsigned)s->threads : 0;
                c->min_time_s = s->min_time_s > 0 ? s->min_time_s : 0;
                c->sweep = sweep_index;
              }
  return 0;
}

/* A probe grows a size until a repetition lasts min-time, and may overshoot it
 * up to twice (plan/min_time.h): both must fit in the timeout. */
static int check_min_time(const tvp_sweep *s, char *err, size_t errlen) {
  double timeout = s->timeout_s > 0 ? s->timeout_s : TVP_DEFAULT_TIMEOUT_S;
  if (s->min_time_s > 0 && 2 * s->min_time_s >= timeout) {
    snprintf(err, errlen, "min-time %g s does not fit the timeout of %g s: a probe run may last "
             "twice the min-time, so the timeout must be above %g s (lower min-time or raise "
             "timeout)", s->min_time_s, timeout, 2 * s->min_time_s);
    return -1;
  }
  return 0;
}

static int expand_sweep(const tvp_sweep *s, unsigned cores, unsigned pus, tvp_plan *plan,
                        int sweep_index, char *err, size_t errlen) {
  sweep_lists l = {0};
  tvp_scaling scaling = s->scaling >= 0 ? (tvp_scaling)s->scaling : TVP_SCALING_STRONG;
  if (check_min_time(s, err, errlen) != 0)
    return -1;
  int rc = -1;
  if (resolve_lists(s, cores, pus, &l, err, errlen) == 0 &&
      check_lists(s, &l, scaling, err, errlen) == 0)
    rc = add_configs(s, &l, scaling, plan, sweep_index, err, errlen);
  free_lists(&l);
  return rc;
}

int tvp_plan_expand(const tvp_sweep *sweeps, int nsweeps, const tvp_sweep *flags, unsigned cores,
                    unsigned pus, tvp_plan *out, char *err, size_t errlen) {
  out->configs = NULL;
  out->n = 0;
  for (int i = 0; i < nsweeps; i++) {
    tvp_sweep s;
    tvp_sweep_init(&s);
    tvp_sweep_override(&s, &sweeps[i]);
    if (flags)
      tvp_sweep_override(&s, flags);
    char why[1024];
    int rc = expand_sweep(&s, cores, pus, out, i, why, sizeof why);
    if (rc != 0) {
      if (sweeps[i].source && *sweeps[i].source)
        snprintf(err, errlen, "%s: %s", sweeps[i].source, why);
      else
        snprintf(err, errlen, "%s", why);
    }
    tvp_sweep_free(&s);
    if (rc != 0) {
      tvp_plan_free(out);
      return -1;
    }
  }
  tvp_plan_equalize_points(out);
  return 0;
}

int tvp_plan_check_nproc(const tvp_plan *p, char *err, size_t errlen) {
  struct rlimit rl;
  if (p->n == 0 || getrlimit(RLIMIT_NPROC, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return 0;
  unsigned fewest = p->configs[0].workers;
  for (size_t i = 1; i < p->n; i++)
    if (p->configs[i].workers < fewest)
      fewest = p->configs[i].workers;
  /* Every worker is a task of the user, thread or process, and so are tvp and
   * the cell: a configuration needs workers + 2 of them. */
  unsigned long long need = (unsigned long long)fewest + 2;
  if (need <= (unsigned long long)rl.rlim_cur)
    return 0;
  snprintf(err, errlen, "the process limit RLIMIT_NPROC is %llu, and even the smallest "
           "configuration needs %llu processes and threads (%u worker%s, the cell and tvp "
           "itself): raise it with 'ulimit -u %llu' or more, or ask for fewer workers",
           (unsigned long long)rl.rlim_cur, need, fewest, fewest == 1 ? "" : "s", need);
  return -1;
}

int tvp_plan_preflight(const tvp_plan *p, const tvp_model_options *opts, char *err,
                       size_t errlen) {
  /* Each model once, in the order the plan first runs it. */
  const tvp_model **used = tvp_xcalloc(tvp_model_count(), sizeof *used);
  size_t n = 0;
  for (size_t i = 0; i < p->n; i++)
    tvp_distinct_add(used, &n, sizeof *used, &p->configs[i].model, NULL);
  int rc = tvp_model_preflight(used, n, opts, err, errlen);
  free(used);
  return rc;
}

void tvp_plan_free(tvp_plan *p) {
  free(p->configs);
  p->configs = NULL;
  p->n = 0;
}

/* FNV-1a: not for security, only to notice a changed plan. */
static void digest_add(uint64_t *h, const char *s) {
  for (; *s; s++) {
    *h ^= (unsigned char)*s;
    *h *= 1099511628211ULL;
  }
  *h ^= 0xff; /* a separator, so "ab","c" differs from "a","bc" */
  *h *= 1099511628211ULL;
}

/* The dimensions in place, then the settings, then the tagged dimensions that are set. */
static void digest_line(const tvp_config *c, char *line, size_t len) {
  size_t used = 0;
  char v[256];
  for (int d = 0; d < TVP_DIM_COUNT && used < len; d++)
    if (!(tvp_dimensions[d].flags & TVP_DIM_DIGEST_TAGGED)) {
      tvp_dimensions[d].text(v, sizeof v, c);
      used += (size_t)snprintf(line + used, len - used, "%s ", v);
    }
  if (used < len)
    used += (size_t)snprintf(line + used, len - used, "%u %u %.17g", c->reps, c->warmup, c->timeout_s);
  /* Only when set, so the digests of runs made without it stay what they were. */
  if (c->min_time_s > 0 && used < len)
    used += (size_t)snprintf(line + used, len - used, " min_time %.17g", c->min_time_s);
  for (int d = 0; d < TVP_DIM_COUNT && used < len; d++)
    if (tvp_dimensions[d].flags & TVP_DIM_DIGEST_TAGGED) {
      tvp_dimensions[d].text(v, sizeof v, c);
      if (strcmp(v, "0") != 0)
        used += (size_t)snprintf(line + used, len - used, " %s %s", tvp_dimensions[d].name, v);
    }
}

void tvp_plan_digest(const tvp_plan *p, char out[17]) {
  uint64_t h = 14695981039346656037ULL;
  for (size_t i = 0; i < p->n; i++) {
    char line[512];
    digest_line(&p->configs[i], line, sizeof line);
    digest_add(&h, line);
  }
  snprintf(out, 17, "%016llx", (unsigned long long)h);
}
