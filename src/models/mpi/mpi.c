/* The mpi models: workers are MPI ranks (mpi) or ranks of threads (mpi+thread),
 * started by a launcher (mpirun, srun) that runs tvp-mpi-rank on one host or
 * many. The cell only launches and listens: the ranks place themselves, meet
 * at MPI_Barrier, run the kernel and send their samples to rank 0, whose report
 * on stdout the cell copies into the shared region, so the rest of tvp sees
 * the same slots as under any other model. */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cell/cell.h"
#include "cell/measure.h"
#include "models/model.h"
#include "models/mpi/launch.h"
#include "models/mpi/wire.h"
#include "base/util.h"

/* A report is a line per worker (about 1.6 KB); past this much output the
 * launcher is printing something else, and the rest is not kept. */
#define OUTPUT_CAP ((size_t)256 << 20)
#define ERRORS_CAP ((size_t)1 << 20)

typedef struct {
  pid_t launcher;
  int out_fd, err_fd;
} mpi_data;

typedef struct {
  char *text;
  size_t len, cap, limit;
} buffer;

static void buffer_add(buffer *b, const char *p, size_t n) {
  if (b->len + n > b->limit)
    n = b->limit - b->len;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 65536;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *t = realloc(b->text, cap);
    if (!t)
      return;
    b->text = t;
    b->cap = cap;
  }
  memcpy(b->text + b->len, p, n);
  b->len += n;
  b->text[b->len] = 0;
}

static const char *launcher_of(const tvp_cell *cell) {
  const tvp_model_options *o = cell->model_options;
  return o && o->launcher ? o->launcher : TVP_MPI_DEFAULT_LAUNCHER;
}

static const char *hostfile_of(const tvp_cell *cell) {
  return cell->model_options ? cell->model_options->hostfile : NULL;
}

static unsigned threads_per_rank(const tvp_cell *cell) {
  return cell->cfg->model->hybrid && cell->cfg->threads ? cell->cfg->threads : 1;
}

static unsigned mpi_start(tvp_cell *cell) {
  const tvp_config *cfg = cell->cfg;
  unsigned threads = threads_per_rank(cell);
  tvp_mpi_job job = {.cfg = cell->region->cfg, .placement = (int32_t)cfg->placement,
                     .workers = cfg->workers, .threads = threads,
                     .test_kernels = cfg->kernel->test_only};
  char program[4096], why[TVP_REASON_MAX];
  if (tvp_mpi_rank_program(program, sizeof program) != 0) {
    tvp_cell_fail(cell, "cannot find tvp-mpi-rank beside tvp");
    return 0;
  }
  char *hex = tvp_mpi_job_encode(&job);
  char **argv = hex ? tvp_mpi_launch_argv(launcher_of(cell),
                                          hostfile_of(cell), cfg->workers / threads, program, hex,
                                          why, sizeof why)
                    : NULL;
  free(hex);
  if (!argv) {
    tvp_cell_fail(cell, "%s", hex ? why : "out of memory");
    return 0;
  }
  mpi_data *d = calloc(1, sizeof *d);
  int out[2] = {-1, -1}, err[2] = {-1, -1};
  if (!d || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    tvp_cell_fail(cell, "cannot make the launcher's pipes: %s", strerror(errno));
    tvp_mpi_argv_free(argv);
    free(d);
    return 0;
  }
  fflush(NULL);
  pid_t self = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    /* The launcher stays in the cell's process group, so a timeout's kill
     * reaches it; it dies with the cell, which dies with the runner, so a
     * runner killed outright takes it too; its ranks die with it (they ask
     * for PR_SET_PDEATHSIG as well). */
    tvp_die_with_parent(self);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0)
      dup2(null, 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    execvp(argv[0], argv);
    fprintf(stderr, "%scannot run the launcher '%s': %s\n", TVP_MPI_FAIL_TAG, argv[0],
            strerror(errno));
    _exit(127);
  }
  tvp_mpi_argv_free(argv);
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    tvp_cell_fail(cell, "cannot fork the launcher: %s", strerror(errno));
    close(out[0]);
    close(err[0]);
    free(d);
    return 0;
  }
  *d = (mpi_data){.launcher = pid, .out_fd = out[0], .err_fd = err[0]};
  cell->model_data = d;
  cell->started = cfg->workers;
  return cfg->workers;
}

/* Reads the launcher's stdout and stderr until both close. */
static void drain(mpi_data *d, buffer *out, buffer *err) {
  struct pollfd p[2] = {{.fd = d->out_fd, .events = POLLIN}, {.fd = d->err_fd, .events = POLLIN}};
  buffer *into[2] = {out, err};
  char chunk[65536];
  while (p[0].fd >= 0 || p[1].fd >= 0) {
    if (poll(p, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (int i = 0; i < 2; i++) {
      if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      ssize_t n = read(p[i].fd, chunk, sizeof chunk);
      if (n > 0) {
        buffer_add(into[i], chunk, (size_t)n);
      } else if (n == 0 || errno != EINTR) {
        close(p[i].fd);
        p[i].fd = -1;
      }
    }
  }
}

/* Rank 0 stamped with its own clock. On this machine that is the cell's clock;
 * on another host the stamps move by the gap between the two clocks, taken as
 * the moment the report arrived less the moment rank 0 wrote it (so setup_ms
 * then includes the report's trip). Durations are unchanged either way. */
static void to_cell_clock(tvp_sample *s, unsigned n, const tvp_mpi_totals *t, int64_t arrived_ns) {
  char here[sizeof t->boot_id];
  tvp_boot_id(here, sizeof here);
  if (here[0] && strcmp(here, t->boot_id) == 0)
    return;
  int64_t shift = arrived_ns - t->report_ns;
  for (unsigned i = 0; i < n; i++) {
    s[i].start_ns += shift;
    s[i].end_ns += shift;
  }
}

static void mpi_join(tvp_cell *cell) {
  mpi_data *d = cell->model_data;
  if (!d)
    return;
  buffer out = {.limit = OUTPUT_CAP}, err = {.limit = ERRORS_CAP};
  drain(d, &out, &err);
  int64_t arrived_ns = tvp_now_ns();
  int status = 0;
  while (waitpid(d->launcher, &status, 0) < 0 && errno == EINTR)
    ;
  tvp_region *r = cell->region;
  unsigned n = cell->job.nworkers;
  const char *launcher = launcher_of(cell);
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    char detail[TVP_REASON_MAX] = "";
    int found = err.text && tvp_mpi_failure_find(err.text, err.len, detail, sizeof detail);
    if (!found && out.text)
      found = tvp_mpi_failure_find(out.text, out.len, detail, sizeof detail);
    if (WIFSIGNALED(status))
      tvp_cell_fail(cell, "%s%s%s killed by %s", found ? detail : "", found ? "; " : "", launcher,
                    tvp_signal_name(WTERMSIG(status)));
    else if (found)
      tvp_cell_fail(cell, "%s", detail);
    else
      tvp_cell_fail(cell, "%s exited with status %d%s%.120s", launcher, WEXITSTATUS(status),
                    err.len ? ": " : "", err.text ? err.text + strspn(err.text, "-\n ") : "");
  } else {
    tvp_sample *got = calloc(n, sizeof *got);
    tvp_mpi_totals totals;
    char why[TVP_REASON_MAX];
    if (!got) {
      tvp_cell_fail(cell, "out of memory for %u samples", n);
    } else if (tvp_mpi_results_read(out.text ? out.text : "", out.len, got, n, &totals, why,
                                    sizeof why) != 0) {
      tvp_cell_fail(cell, "%s", why);
    } else {
      to_cell_clock(got, n, &totals, arrived_ns);
      for (unsigned i = 0; i < n; i++)
        *tvp_region_slot(r, i) = got[i];
      r->pss_kib = totals.pss_kib;
      cell->workers_rss_kib = totals.peak_rss_kib;
      r->cfg.oversubscribed = totals.oversubscribed;
    }
    free(got);
  }
  free(out.text);
  free(err.text);
  free(d);
  cell->model_data = NULL;
}

/* Before a run: the launcher can start ranks here (see tvp_mpi_launcher_check). */
static int mpi_preflight(const tvp_model_options *opts, char *err, size_t errlen) {
  char program[4096];
  if (tvp_mpi_rank_program(program, sizeof program) != 0) {
    snprintf(err, errlen, "cannot find where tvp itself is, to find tvp-mpi-rank");
    return -1;
  }
  return tvp_mpi_launcher_check(opts->launcher ? opts->launcher : TVP_MPI_DEFAULT_LAUNCHER,
                                opts->hostfile, program, err, errlen);
}

const tvp_model tvp_model_mpi = {
    .name = "mpi",
    .summary = "MPI ranks started by mpirun or srun: processes on one host or many, sharing no memory",
    .family = "mpi",
    .worker_kind = TVP_WORKER_RANK,
    .start = mpi_start,
    .join = mpi_join,
    .distributed = 1,
    .options = TVP_MODEL_OPTION_LAUNCHER | TVP_MODEL_OPTION_HOSTFILE,
    .preflight = mpi_preflight,
};

const tvp_model tvp_model_mpi_thread = {
    .name = "mpi+thread",
    .summary = "MPI ranks of --threads pthreads each: processes across hosts, threads within",
    .family = "mpi",
    .worker_kind = TVP_WORKER_RANK_THREAD,
    .start = mpi_start,
    .join = mpi_join,
    .distributed = 1,
    .options = TVP_MODEL_OPTION_LAUNCHER | TVP_MODEL_OPTION_HOSTFILE,
    .preflight = mpi_preflight,
    .hybrid = 1,
};
