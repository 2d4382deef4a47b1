/* Expands sweeps into configurations (see plan.h), rejecting anything unknown
 * before a single cell runs. Order: kernel, size, footprint, chunk, placement,
 * workers, model, so the two models of one point run side by side in time. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "models/model.h"
#include "plan/plan.h"
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

/* "all" or a comma list of kernels. */
static int resolve_kernels(const char *text, const tvp_kernel ***out, size_t *n, char *err, size_t errlen) {
  char **items;
  size_t m = tvp_split_list(text, &items);
  *out = tvp_xcalloc(tvp_kernel_count() * (m + 1), sizeof **out); /* room for "all" each time */
  *n = 0;
  for (size_t i = 0; i < m; i++) {
    if (strcmp(items[i], "all") == 0) {
      for (size_t k = 0; k < tvp_kernel_count(); k++)
        if (!tvp_kernel_at(k)->test_only)
          (*out)[(*n)++] = tvp_kernel_at(k);
      continue;
    }
    const tvp_kernel *k = tvp_kernel_find(items[i]);
    if (!k) {
      char known[1024];
      list_kernels(known, sizeof known);
      snprintf(err, errlen, "unknown kernel '%s' (known: %s; 'tvp list' describes them)", items[i], known);
      tvp_free_list(items, m);
      return -1;
    }
    (*out)[(*n)++] = k;
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
          (*out)[(*n)++] = tvp_model_at(k);
      continue;
    }
    const tvp_model *md = tvp_model_find(items[i]);
    if (!md) {
      snprintf(err, errlen, "unknown model '%s' (known: thread, fork, spawn, mpi, mpi+thread)",
               items[i]);
      tvp_free_list(items, m);
      return -1;
    }
    (*out)[(*n)++] = md;
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
  for (size_t i = 0; i < m; i++)
    if (tvp_placement_parse(items[i], &(*out)[(*n)++]) != 0) {
      snprintf(err, errlen, "unknown placement '%s' (known: none, core, pu, scatter)", items[i]);
      tvp_free_list(items, m);
      return -1;
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
    (*out)[(*n)++] = v;
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

/* The MPI models' rules: built in, kernels that need no memory shared between
 * workers, a thread count for the hybrid that divides its worker counts. With
 * rank counts, the worker counts become ranks x threads, in place. */
static int check_models(const tvp_sweep *s, const tvp_kernel **kernels, size_t nk,
                        const tvp_model **models, size_t nm, unsigned *workers, int nw, char *err,
                        size_t errlen) {
  unsigned threads = s->threads > 0 ? (unsigned)s->threads : 1;
  int hybrid = 0, distributed = 0;
  for (size_t m = 0; m < nm; m++) {
    const char *missing = tvp_model_missing(models[m]);
    if (missing) {
      snprintf(err, errlen, "model %s: %s", models[m]->name, missing);
      return -1;
    }
    hybrid |= models[m]->hybrid;
    distributed |= models[m]->distributed;
    for (size_t k = 0; models[m]->distributed && k < nk; k++) {
      if (!tvp_kernel_runs_distributed(kernels[k])) {
        snprintf(err, errlen, "%s needs memory shared between its workers and cannot run as MPI "
                 "ranks: drop %s for it ('tvp list --verbose' says which kernels can)",
                 kernels[k]->name, models[m]->name);
        return -1;
      }
      if (models[m]->hybrid && kernels[k]->messages) {
        snprintf(err, errlen, "%s passes messages between ranks, one worker each: run it under "
                 "mpi, not mpi+thread", kernels[k]->name);
        return -1;
      }
    }
  }
  if (hybrid && s->threads < 1) {
    snprintf(err, errlen, "mpi+thread needs the threads per rank: give --threads T (or 'threads' "
             "in the suite)");
    return -1;
  }
  if (s->threads > 0 && !hybrid) {
    snprintf(err, errlen, "threads (per rank) is for the mpi+thread model, which this plan does "
             "not run");
    return -1;
  }
  if (s->ranks && !distributed) {
    snprintf(err, errlen, "ranks are for the mpi models, which this plan does not run: give "
             "worker counts instead");
    return -1;
  }
  for (int w = 0; w < nw; w++) {
    if (s->ranks) {
      if ((uint64_t)workers[w] * threads > TVP_MAX_WORKERS) {
        snprintf(err, errlen, "%u ranks of %u threads pass tvp's %d workers", workers[w], threads,
                 TVP_MAX_WORKERS);
        return -1;
      }
      workers[w] *= threads;
    } else if (hybrid && workers[w] % threads) {
      snprintf(err, errlen, "mpi+thread runs ranks of %u threads, so every worker count must be a "
               "multiple of %u, not %u (or give rank counts with --ranks)", threads, threads,
               workers[w]);
      return -1;
    }
  }
  return 0;
}

static int expand_sweep(const tvp_sweep *s, unsigned cores, unsigned pus, tvp_plan *plan,
                        int sweep_index, char *err, size_t errlen) {
  const tvp_kernel **kernels = NULL;
  const tvp_model **models = NULL;
  tvp_placement_policy *places = NULL;
  uint64_t *sizes = NULL, *feet = NULL, *chunks = NULL;
  unsigned *workers = NULL;
  size_t nk = 0, nm = 0, np = 0, ns = 0, nf = 0, nc = 0;
  int nw = 0, rc = -1;

  if (!s->kernels || !*s->kernels) {
    snprintf(err, errlen, "no kernels: name some with --kernels (or 'kernels' in a suite); "
             "'tvp list' shows them");
    return -1;
  }
  if (resolve_kernels(s->kernels, &kernels, &nk, err, errlen) != 0 ||
      resolve_models(s->models ? s->models : TVP_DEFAULT_MODELS, &models, &nm, err, errlen) != 0 ||
      resolve_placements(s->placements ? s->placements : TVP_DEFAULT_PLACEMENT, &places, &np, err,
                         errlen) != 0 ||
      resolve_counts("size", "200k, 5M or 256Mi", s->sizes ? s->sizes : "default", &sizes, &ns,
                     err, errlen) != 0 ||
      resolve_counts("footprint", "200k, 5M or 256Mi", s->footprints ? s->footprints : "default",
                     &feet, &nf, err, errlen) != 0 ||
      resolve_counts("chunk", "1, 16 or 1k", s->chunks ? s->chunks : "default", &chunks, &nc, err,
                     errlen) != 0)
    goto out;
  if (s->ranks && s->workers) {
    snprintf(err, errlen, "give worker counts or rank counts, not both (with ranks, workers = "
             "ranks x threads)");
    goto out;
  }
  nw = tvp_workers_parse(s->ranks ? s->ranks : s->workers ? s->workers : TVP_DEFAULT_WORKERS, cores,
                         pus, &workers, err, errlen);
  if (nw < 0)
    goto out;
  if (check_models(s, kernels, nk, models, nm, workers, nw, err, errlen) != 0)
    goto out;
  tvp_scaling scaling = s->scaling >= 0 ? (tvp_scaling)s->scaling : TVP_SCALING_STRONG;
  for (size_t k = 0; k < nk; k++)
    if (scaling == TVP_SCALING_DURATION && (kernels[k]->paired || kernels[k]->claims_work ||
                                            kernels[k]->collective)) {
      if (kernels[k]->paired)
        snprintf(err, errlen, "%s pairs its workers and does not run in fixed-time mode (a "
                 "worker could stop while its partner waits): use strong or weak scaling",
                 kernels[k]->name);
      else if (kernels[k]->collective)
        snprintf(err, errlen, "%s makes every worker take part in every unit and does not run "
                 "in fixed-time mode (one worker could stop while the others wait): use strong "
                 "or weak scaling", kernels[k]->name);
      else
        snprintf(err, errlen, "%s hands out a fixed total of work through a shared counter and "
                 "does not run in fixed-time mode: use strong or weak scaling", kernels[k]->name);
      goto out;
    }
  size_t lens[] = {nk, ns, nf, nc, np, (size_t)nw, nm};
  size_t add = combinations(lens, sizeof lens / sizeof lens[0]);
  if (add > TVP_MAX_CONFIGS - plan->n) {
    snprintf(err, errlen, "the plan would pass %d configurations (here %zu kernels x %zu sizes x "
             "%zu footprints x %zu chunks x %zu placements x %d worker counts x %zu models): "
             "split it into smaller runs", TVP_MAX_CONFIGS, nk, ns, nf, nc, np, nw, nm);
    goto out;
  }
  /* Room grows in powers of two: a suite of many sections would otherwise copy
   * the whole plan once per section. */
  if (!plan->n || plan->n + add > pow2_at_least(plan->n))
    plan->configs = tvp_xrealloc(plan->configs, pow2_at_least(plan->n + add) * sizeof *plan->configs);
  for (size_t k = 0; k < nk; k++)
    for (size_t z = 0; z < ns; z++)
      for (size_t f = 0; f < nf; f++)
        for (size_t h = 0; h < nc; h++)
          for (size_t p = 0; p < np; p++)
            for (int w = 0; w < nw; w++)
              for (size_t m = 0; m < nm; m++) {
                tvp_config *c = &plan->configs[plan->n++];
                c->kernel = kernels[k];
                c->model = models[m];
                c->placement = places[p];
                c->workers = workers[w];
                c->scaling = scaling;
                c->duration_s = scaling == TVP_SCALING_DURATION ? s->duration_s : 0;
                /* In duration mode the size is the batch between looks at the stop flag. */
                c->units = sizes[z] ? sizes[z]
                           : scaling == TVP_SCALING_DURATION ? kernels[k]->batch_units
                                                             : kernels[k]->default_units;
                c->footprint = feet[f];
                c->chunk = chunks[h];
                c->reps = s->reps >= 0 ? (unsigned)s->reps : TVP_DEFAULT_REPS;
                c->warmup = s->warmup >= 0 ? (unsigned)s->warmup : TVP_DEFAULT_WARMUP;
                c->timeout_s = s->timeout_s > 0 ? s->timeout_s : TVP_DEFAULT_TIMEOUT_S;
                c->threads = models[m]->hybrid ? (unsigned)s->threads : 0;
                c->sweep = sweep_index;
              }
  rc = 0;
out:
  free(kernels);
  free(models);
  free(places);
  free(sizes);
  free(feet);
  free(chunks);
  free(workers);
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
  for (size_t i = 0; i < p->n; i++) {
    size_t seen = 0;
    while (seen < n && used[seen] != p->configs[i].model)
      seen++;
    if (seen == n && n < tvp_model_count())
      used[n++] = p->configs[i].model;
  }
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

void tvp_plan_digest(const tvp_plan *p, char out[17]) {
  uint64_t h = 14695981039346656037ULL;
  for (size_t i = 0; i < p->n; i++) {
    const tvp_config *c = &p->configs[i];
    char line[512];
    snprintf(line, sizeof line, "%s %s %s %s %u %llu %llu %llu %.17g %u %u %.17g", c->kernel->name,
             c->model->name, tvp_placement_name(c->placement), tvp_scaling_name(c->scaling),
             c->workers, (unsigned long long)c->units, (unsigned long long)c->footprint,
             (unsigned long long)c->chunk, c->duration_s, c->reps, c->warmup, c->timeout_s);
    if (c->threads) { /* only then, so plans made before the field keep their digest */
      size_t used = strlen(line);
      snprintf(line + used, sizeof line - used, " threads %u", c->threads);
    }
    digest_add(&h, line);
  }
  snprintf(out, 17, "%016llx", (unsigned long long)h);
}
