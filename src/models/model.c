/* The model registry, and the check of the run's options before a run. */
#include <stdio.h>
#include <string.h>

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

int tvp_model_preflight(const tvp_model *const *used, size_t nm, const tvp_model_options *opts,
                        char *err, size_t errlen) {
  if ((opts->launcher &&
       check_option_read(used, nm, TVP_MODEL_OPTION_LAUNCHER, "launcher", err, errlen) != 0) ||
      (opts->hostfile &&
       check_option_read(used, nm, TVP_MODEL_OPTION_HOSTFILE, "hostfile", err, errlen) != 0))
    return -1;
  for (size_t m = 0; m < nm; m++) {
    int seen = 0; /* models that share a preflight (mpi, mpi+thread) check once */
    for (size_t e = 0; e < m && !seen; e++)
      seen = used[e]->preflight == used[m]->preflight;
    if (!seen && used[m]->preflight && used[m]->preflight(opts, err, errlen) != 0)
      return -1;
  }
  return 0;
}
