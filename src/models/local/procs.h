/* What the two process models share: worker pids, and a join that reaps every
 * worker, names the first one that died, and stops the others. */
#ifndef TVP_PROCS_H
#define TVP_PROCS_H

#include <sys/types.h>

struct tvp_cell;

typedef struct {
  pid_t *pids;
  unsigned reaped;
} tvp_procs;

/* Allocates the pid table in cell->model_data; 0, or -1 (reason recorded). */
int tvp_procs_init(struct tvp_cell *cell);
void tvp_procs_join(struct tvp_cell *cell);

#endif
