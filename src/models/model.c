/* The model registry, and the rules on which kernels and counts each model takes. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "models/model.h"

extern const tvp_model tvp_model_thread;
extern const tvp_model tvp_model_fork;
extern const tvp_model tvp_model_spawn;
extern const tvp_model tvp_model_mpi;
extern const tvp_model tvp_model_mpi_thread;

static const tvp_model *const models[] = {&tvp_model_thread, &tvp_model_fork, &tvp_model_spawn,
                                          &tvp_model_mpi, &tvp_model_mpi_thread};

size_t tvp_model_count(void) { return sizeof models / sizeof models[0]; }
const tvp_model *tvp_model_at(size_t i) { return i < tvp_model_count() ? models[i] : NULL; }

const tvp_model *tvp_model_find(const char *name) {
  for (size_t i = 0; i < tvp_model_count(); i++)
    if (strcmp(models[i]->name, name) == 0)
      return models[i];
  return NULL;
}

const char *tvp_model_missing(const tvp_model *m) {
#ifdef TVP_HAVE_MPI
  (void)m;
  return NULL;
#else
  return m->distributed ? "this tvp was built without MPI: install Open MPI (openmpi-bin, "
                          "libopenmpi-dev) and build again"
                        : NULL;
#endif
}

static const char *model_name_at(size_t i) { return models[i]->name; }

void tvp_model_list(char *buf, size_t len) { tvp_join_names(buf, len, tvp_model_count(), model_name_at); }

/* The first model of the registry for which want(m) holds: whom a message sends the user to. */
static const tvp_model *first_model(int (*want)(const tvp_model *m)) {
  for (size_t i = 0; i < tvp_model_count(); i++)
    if (want(models[i]))
      return models[i];
  return models[0];
}

static int one_per_rank(const tvp_model *m) { return m->distributed && !m->hybrid; }
static int is_hybrid(const tvp_model *m) { return m->hybrid; }
static int is_distributed(const tvp_model *m) { return m->distributed; }

int tvp_model_check_kernels(const tvp_model *m, const tvp_kernel *const *kernels, size_t nk,
                            char *err, size_t errlen) {
  const char *missing = tvp_model_missing(m);
  if (missing) {
    snprintf(err, errlen, "model %s: %s", m->name, missing);
    return -1;
  }
  for (size_t k = 0; m->distributed && k < nk; k++) {
    if (!tvp_kernel_runs_distributed(kernels[k])) {
      snprintf(err, errlen, "%s needs memory shared between its workers and cannot run as MPI "
               "ranks: drop %s for it ('tvp list --verbose' says which kernels can)",
               kernels[k]->name, m->name);
      return -1;
    }
    if (m->hybrid && kernels[k]->messages) {
      snprintf(err, errlen, "%s passes messages between ranks, one worker each: run it under "
               "%s, not %s", kernels[k]->name, first_model(one_per_rank)->name, m->name);
      return -1;
    }
  }
  return 0;
}

int tvp_model_check_counts(const tvp_model *const *models, size_t nm, int threads, int ranks_given,
                           char *err, size_t errlen) {
  const tvp_model *hybrid = NULL;
  int distributed = 0;
  for (size_t m = 0; m < nm; m++) {
    if (models[m]->hybrid && !hybrid)
      hybrid = models[m];
    distributed |= models[m]->distributed;
  }
  if (hybrid && threads < 1) {
    snprintf(err, errlen, "%s needs the threads per rank: give --threads T (or 'threads' "
             "in the suite)", hybrid->name);
    return -1;
  }
  if (threads > 0 && !hybrid) {
    snprintf(err, errlen, "threads (per rank) is for the %s model, which this plan does "
             "not run", first_model(is_hybrid)->name);
    return -1;
  }
  if (ranks_given && !distributed) {
    snprintf(err, errlen, "ranks are for the %s models, which this plan does not run: give "
             "worker counts instead", first_model(is_distributed)->family);
    return -1;
  }
  return 0;
}

/* An option given to a run none of whose models reads it is a mistake worth
 * saying: the user meant a model the plan does not hold. */
static int check_option_read(const tvp_model *const *used, size_t nm, unsigned option,
                             const char *flag, char *err, size_t errlen) {
  for (size_t m = 0; m < nm; m++)
    if (used[m]->options & option)
      return 0;
  const tvp_model *reader = models[0];
  for (size_t i = 0; i < tvp_model_count(); i++)
    if (models[i]->options & option) {
      reader = models[i];
      break;
    }
  snprintf(err, errlen, "--%s is for the %s models, which this plan does not run", flag,
           reader->family);
  return -1;
}

int tvp_model_preflight(const tvp_model *const *models, size_t nm, const tvp_model_options *opts,
                        char *err, size_t errlen) {
  if ((opts->launcher &&
       check_option_read(models, nm, TVP_MODEL_OPTION_LAUNCHER, "launcher", err, errlen) != 0) ||
      (opts->hostfile &&
       check_option_read(models, nm, TVP_MODEL_OPTION_HOSTFILE, "hostfile", err, errlen) != 0))
    return -1;
  for (size_t m = 0; m < nm; m++) {
    int seen = 0; /* models that share a preflight (mpi, mpi+thread) check once */
    for (size_t e = 0; e < m && !seen; e++)
      seen = models[e]->preflight == models[m]->preflight;
    if (!seen && models[m]->preflight && models[m]->preflight(opts, err, errlen) != 0)
      return -1;
  }
  return 0;
}
