/* The launcher command line of the mpi models: mpirun (Open MPI) on a
 * workstation or with a hostfile, srun under Slurm. tvp places the ranks
 * itself, so the launcher's own binding is turned off. */
#ifndef TVP_MPI_LAUNCH_H
#define TVP_MPI_LAUNCH_H

#include <stddef.h>

#define TVP_MPI_DEFAULT_LAUNCHER "mpirun"
#define TVP_MPI_RANK_PROGRAM "tvp-mpi-rank"

typedef enum { TVP_LAUNCHER_OPENMPI, TVP_LAUNCHER_SLURM } tvp_launcher_kind;

/* The launcher's words (launcher is split at blanks, so "mpirun --mca btl
 * self,vader" passes its options on), the flags tvp adds for `ranks` ranks,
 * the rank program and its job argument: a NULL-terminated argv, malloc'd
 * (free with tvp_mpi_argv_free). NULL with a reason for an unknown launcher,
 * a hostfile under srun, or an empty launcher. */
char **tvp_mpi_launch_argv(const char *launcher, const char *hostfile, unsigned ranks,
                           const char *rank_program, const char *job_hex, char *err,
                           size_t errlen);
void tvp_mpi_argv_free(char **argv);

/* Which dialect the launcher's first word speaks; -1 for one tvp does not know. */
int tvp_mpi_launcher_kind(const char *launcher);

/* Checks, once before a run, that the launcher can start ranks here: it is
 * on PATH, it is Open MPI's when it is called mpirun or mpiexec, the rank
 * program was built, and root has Open MPI's consent to run as root.
 * 0, or -1 with a one-line reason and its mend. */
int tvp_mpi_launcher_check(const char *launcher, const char *hostfile, const char *rank_program,
                           char *err, size_t errlen);

/* The rank program beside the running tvp: <dir of /proc/self/exe>/tvp-mpi-rank. */
int tvp_mpi_rank_program(char *path, size_t len);

#endif
