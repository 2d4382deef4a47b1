/* A model is how workers come to exist. It starts N workers that each call the
 * one worker function, and waits for them: that is all that differs between
 * threads and processes. */
#ifndef TVP_MODEL_H
#define TVP_MODEL_H

#include <stddef.h>

#include "kernels/kernel.h"

struct tvp_cell;

/* Options a run gives its models (tvp run --launcher, --hostfile), once for
 * the whole run; each model reads those its descriptor's `options` names. */
typedef enum { TVP_MODEL_OPTION_LAUNCHER = 1 << 0, TVP_MODEL_OPTION_HOSTFILE = 1 << 1 } tvp_model_option;

typedef struct tvp_model_options {
  const char *launcher; /* what starts the workers ("mpirun --mca ...", "srun"); NULL: the default */
  const char *hostfile; /* the hosts the workers spread over; NULL: this host alone */
} tvp_model_options;

typedef struct tvp_model {
  const char *name;
  const char *summary;
  const char *family;     /* the models started alike, as messages call them: "the mpi models" */
  tvp_worker_kind worker_kind; /* what its workers are, for the kernels that ask */
  /* Starts cell->job.nworkers workers running tvp_worker_main. Returns how many
   * started; fewer than asked means failure, with the reason in the cell. */
  unsigned (*start)(struct tvp_cell *cell);
  /* Waits for every started worker; records the first abnormal end, and then
   * stops the others rather than leave them waiting at the barrier. */
  void (*join)(struct tvp_cell *cell);
  /* 1 for the MPI models: workers are ranks that place themselves, may live on
   * other hosts and share no memory with the cell (see docs/cluster.md). */
  int distributed;
  /* Threads per worker process: 0 for every model but the hybrid mpi+thread,
   * whose count comes from --threads. */
  int hybrid;
  unsigned options; /* the tvp_model_option flags of the options it reads */
  /* Once before a run whose plan holds the model: can it start workers here
   * with these options? 0, or -1 with a one-line reason and its mend. Optional. */
  int (*preflight)(const tvp_model_options *opts, char *err, size_t errlen);
} tvp_model;

size_t tvp_model_count(void);
const tvp_model *tvp_model_at(size_t i);
const tvp_model *tvp_model_find(const char *name);
/* NULL when the model can run in this build, else why not and how to mend it
 * (the MPI models need a build with Open MPI). */
const char *tvp_model_missing(const tvp_model *m);
/* The models' names, "thread, fork, ...", as error messages list them. */
void tvp_model_list(char *buf, size_t len);

/* Whether model m can run each of kernels[0..nk): it is built in, and a
 * distributed model gets kernels that need no shared memory (the hybrid none
 * that passes messages). 0, or -1 with the first refusal in err. */
int tvp_model_check_kernels(const tvp_model *m, const tvp_kernel *const *kernels, size_t nk,
                            char *err, size_t errlen);
/* The rules on threads per worker and rank counts for a plan that runs
 * models[0..nm): threads (below 1: none given) only with, and always with, a hybrid
 * model; rank counts only with a distributed one. 0, or -1 with why. */
int tvp_model_check_counts(const tvp_model *const *models, size_t nm, int threads, int ranks_given,
                           char *err, size_t errlen);
/* Once before a run of models[0..nm) (duplicates allowed): refuses an option
 * that none of them reads, then runs each distinct preflight once. 0, or -1
 * with a one-line reason in err. */
int tvp_model_preflight(const tvp_model *const *models, size_t nm, const tvp_model_options *opts,
                        char *err, size_t errlen);

#endif
