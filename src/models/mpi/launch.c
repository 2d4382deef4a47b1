/* Building and checking the mpi models' launcher command (see launch.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/mpi/launch.h"
#include "base/util.h"

#define MAX_WORDS 64

/* Splits at blanks into at most max words (malloc'd); returns the count. */
static int split_words(const char *s, char **words, int max) {
  int n = 0;
  while (*s) {
    while (*s == ' ' || *s == '\t')
      s++;
    if (!*s)
      break;
    const char *start = s;
    while (*s && *s != ' ' && *s != '\t')
      s++;
    if (n == max)
      return -1;
    words[n++] = strndup(start, (size_t)(s - start));
  }
  return n;
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The launcher's program: its first word (malloc'd, "" for none). */
static char *first_word(const char *launcher) {
  const char *start = launcher + strspn(launcher, " \t");
  return strndup(start, strcspn(start, " \t"));
}

int tvp_mpi_launcher_kind(const char *launcher) {
  char *program = first_word(launcher);
  int kind = -1;
  if (program) {
    const char *b = base_name(program);
    if (!strcmp(b, "mpirun") || !strcmp(b, "mpiexec") || !strcmp(b, "orterun") ||
        !strcmp(b, "mpirun.openmpi") || !strcmp(b, "mpiexec.openmpi"))
      kind = TVP_LAUNCHER_OPENMPI;
    else if (!strcmp(b, "srun"))
      kind = TVP_LAUNCHER_SLURM;
  }
  free(program);
  return kind;
}

/* What no launcher line can be made of: a launcher tvp does not know, or a
 * hostfile given to srun. Its kind, or -1 with the reason. */
static int launcher_accepted(const char *launcher, const char *hostfile, char *err,
                             size_t errlen) {
  int kind = tvp_mpi_launcher_kind(launcher);
  if (kind < 0) {
    snprintf(err, errlen, "unknown launcher '%s': tvp knows mpirun or mpiexec (Open MPI) and "
             "srun (Slurm)", launcher);
    return -1;
  }
  if (kind == TVP_LAUNCHER_SLURM && hostfile) {
    snprintf(err, errlen, "--hostfile is for mpirun: under srun the Slurm allocation decides "
             "the hosts (ask for them with salloc or sbatch -N)");
    return -1;
  }
  return kind;
}

void tvp_mpi_argv_free(char **argv) {
  for (char **a = argv; a && *a; a++)
    free(*a);
  free(argv);
}

char **tvp_mpi_launch_argv(const char *launcher, const char *hostfile, unsigned ranks,
                           const char *rank_program, const char *job_hex, char *err,
                           size_t errlen) {
  int kind = launcher_accepted(launcher, hostfile, err, errlen);
  if (kind < 0)
    return NULL;
  char **argv = calloc(MAX_WORDS + 16, sizeof *argv);
  if (!argv) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  int n = split_words(launcher, argv, MAX_WORDS);
  if (n <= 0) {
    snprintf(err, errlen, "the launcher has too many words");
    tvp_mpi_argv_free(argv);
    return NULL;
  }
  char count[16];
  snprintf(count, sizeof count, "%u", ranks);
  argv[n++] = strdup("-n");
  argv[n++] = strdup(count);
  if (kind == TVP_LAUNCHER_OPENMPI) {
    /* tvp binds each rank itself, after its own placement; worker counts past
     * the cores are part of a sweep, which Open MPI refuses unless told. */
    argv[n++] = strdup("--bind-to");
    argv[n++] = strdup("none");
    argv[n++] = strdup("--oversubscribe");
    if (hostfile) {
      argv[n++] = strdup("--hostfile");
      argv[n++] = strdup(hostfile);
    }
  } else {
    argv[n++] = strdup("--cpu-bind=none");
    argv[n++] = strdup("--overcommit");
  }
  argv[n++] = strdup(rank_program);
  argv[n++] = strdup("--job");
  argv[n++] = strdup(job_hex);
  argv[n] = NULL;
  for (int i = 0; i < n; i++)
    if (!argv[i]) {
      snprintf(err, errlen, "out of memory");
      tvp_mpi_argv_free(argv);
      return NULL;
    }
  return argv;
}

/* Runs argv[0] --version and keeps the start of what it prints; its exit status, or -1. */
static int version_of(const char *program, char *out, size_t outlen) {
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    execlp(program, program, "--version", (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  size_t got = 0;
  char sink[512]; /* what does not fit is read and dropped, so the child never blocks */
  for (;;) {
    char *dst = got < outlen - 1 ? out + got : sink;
    size_t room = got < outlen - 1 ? outlen - 1 - got : sizeof sink;
    ssize_t r = read(fds[0], dst, room);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    if (dst != sink)
      got += (size_t)r;
  }
  out[got] = 0;
  close(fds[0]);
  int status;
  if (pid < 0 || waitpid(pid, &status, 0) < 0)
    return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int tvp_mpi_launcher_check(const char *launcher, const char *hostfile, const char *rank_program,
                           char *err, size_t errlen) {
  int kind = launcher_accepted(launcher, hostfile, err, errlen);
  if (kind < 0)
    return -1;
  char *argv0 = first_word(launcher);
  int rc = -1;
  char version[256];
  if (!argv0) {
    snprintf(err, errlen, "out of memory");
  } else if (hostfile && access(hostfile, R_OK) != 0) {
    snprintf(err, errlen, "cannot read the hostfile '%s': %s", hostfile, strerror(errno));
  } else if (access(rank_program, X_OK) != 0) {
    snprintf(err, errlen, "cannot run '%s' (%s): build tvp with MPI (cmake -DTVP_WITH_MPI=ON) "
             "so that tvp-mpi-rank sits beside tvp", rank_program, strerror(errno));
  } else {
    int status = version_of(argv0, version, sizeof version);
    if (status == 127 || status < 0) {
      snprintf(err, errlen, "the launcher '%s' is not on PATH: %s", argv0,
               kind == TVP_LAUNCHER_SLURM
                   ? "run tvp inside a Slurm allocation (salloc, sbatch), or use mpirun"
                   : "install Open MPI (openmpi-bin), or name another with --launcher");
    } else if (kind == TVP_LAUNCHER_OPENMPI && !strstr(version, "Open MPI")) {
      snprintf(err, errlen, "'%s' is not Open MPI's launcher (tvp-mpi-rank is built with Open "
               "MPI): name Open MPI's with --launcher, such as mpirun.openmpi", argv0);
    } else if (kind == TVP_LAUNCHER_OPENMPI && geteuid() == 0 &&
               !(getenv("OMPI_ALLOW_RUN_AS_ROOT") && getenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"))) {
      snprintf(err, errlen, "Open MPI refuses to run as root: run tvp as another user, or set "
               "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 if you mean it");
    } else {
      rc = 0;
    }
  }
  free(argv0);
  return rc;
}

int tvp_mpi_rank_program(char *path, size_t len) {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return -1;
  self[n] = 0;
  char *slash = strrchr(self, '/');
  if (slash)
    *slash = 0;
  int w = snprintf(path, len, "%s/%s", self, TVP_MPI_RANK_PROGRAM);
  return w > 0 && (size_t)w < len ? 0 : -1;
}
