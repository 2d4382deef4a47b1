/* The model registry. */
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
