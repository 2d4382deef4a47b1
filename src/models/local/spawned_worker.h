/* The worker mode that the spawn model execs: `tvp __worker FD INDEX`. */
#ifndef TVP_SPAWNED_WORKER_H
#define TVP_SPAWNED_WORKER_H

/* argv: {"__worker", FD, INDEX}. Returns the process exit status. */
int tvp_spawned_worker_main(int argc, char **argv);

#endif
