/* The mpi models' wire and launcher: a job and a report survive the trip, a
 * damaged or foreign one is refused, the launcher's words on a dead rank
 * become tvp's, and the launcher's command line is what mpirun and srun need. */
#include <stdlib.h>

#include "check.h"
#include "models/mpi/launch.h"
#include "models/mpi/wire.h"

static void job_round_trip(void) {
  tvp_mpi_job job = {.placement = 1, .workers = 8, .threads = 2, .test_kernels = 1};
  snprintf(job.cfg.kernel, sizeof job.cfg.kernel, "cpu.primes");
  snprintf(job.cfg.model, sizeof job.cfg.model, "mpi+thread");
  job.cfg.units = 123456789;
  char *hex = tvp_mpi_job_encode(&job);
  CHECK(hex != NULL);
  if (!hex)
    return;
  tvp_mpi_job back;
  char err[256] = "";
  CHECK_EQ_INT(tvp_mpi_job_decode(hex, &back, err, sizeof err), 0);
  CHECK_STR(back.cfg.kernel, "cpu.primes");
  CHECK_STR(back.cfg.model, "mpi+thread");
  CHECK_EQ_INT(back.cfg.units, 123456789);
  CHECK_EQ_INT(back.workers, 8);
  CHECK_EQ_INT(back.threads, 2);
  /* Cut short (another build's struct), a bad digit, workers not a multiple of threads. */
  hex[strlen(hex) - 2] = 0;
  CHECK_EQ_INT(tvp_mpi_job_decode(hex, &back, err, sizeof err), -1);
  CHECK(strstr(err, "not from this build") != NULL);
  free(hex);
  hex = tvp_mpi_job_encode(&job);
  if (!hex)
    return;
  hex[10] = 'z';
  CHECK_EQ_INT(tvp_mpi_job_decode(hex, &back, err, sizeof err), -1);
  free(hex);
  job.workers = 7;
  hex = tvp_mpi_job_encode(&job);
  if (!hex)
    return;
  CHECK_EQ_INT(tvp_mpi_job_decode(hex, &back, err, sizeof err), -1);
  CHECK(strstr(err, "7 workers in ranks of 2") != NULL);
  free(hex);
}

/* Rank 0's report among other output, as the launcher forwards it. */
static char *report_text(unsigned n, size_t *len) {
  tvp_sample s[4];
  memset(s, 0, sizeof s);
  for (unsigned i = 0; i < n; i++) {
    s[i].rank = (int32_t)i;
    s[i].start_ns = 1000 + i;
    s[i].checksum = 0xfeedULL * (i + 1);
    snprintf(s[i].host, sizeof s[i].host, "node%u", i);
  }
  tvp_mpi_totals t = {.pss_kib = 5000, .peak_rss_kib = 9000, .oversubscribed = 1, .hosts = 2};
  static char text[65536];
  memset(text, 0, sizeof text);
  FILE *f = fmemopen(text, sizeof text - 1, "w");
  fputs("a warning from the MPI library\n", f);
  tvp_mpi_results_write(f, s, n, &t);
  fputs("more noise\n", f);
  fclose(f);
  *len = strlen(text);
  return text;
}

static void report_round_trip(void) {
  size_t len;
  char *text = report_text(4, &len);
  tvp_sample got[4];
  tvp_mpi_totals t;
  char err[256] = "";
  CHECK_EQ_INT(tvp_mpi_results_read(text, len, got, 4, &t, err, sizeof err), 0);
  CHECK_EQ_INT(got[3].rank, 3);
  CHECK_EQ_INT(got[2].start_ns, 1002);
  CHECK(got[1].checksum == 0xfeedULL * 2);
  CHECK_STR(got[3].host, "node3");
  CHECK_EQ_INT(t.pss_kib, 5000);
  CHECK_EQ_INT(t.oversubscribed, 1);
  /* Another worker count than the configuration's. */
  CHECK_EQ_INT(tvp_mpi_results_read(text, len, got, 3, &t, err, sizeof err), -1);
  CHECK(strstr(err, "reported 4 workers, not 3") != NULL);
  /* Cut short: the launcher died while rank 0 wrote. */
  size_t cut = (size_t)(strstr(text, "@tvp-mpi-worker 2") - text);
  CHECK_EQ_INT(tvp_mpi_results_read(text, cut, got, 4, &t, err, sizeof err), -1);
  CHECK(strstr(err, "cut short (2 of 4 workers)") != NULL);
  /* A damaged line. */
  text[cut + 30] = 'q';
  CHECK_EQ_INT(tvp_mpi_results_read(text, len, got, 4, &t, err, sizeof err), -1);
  CHECK(strstr(err, "damaged") != NULL);
  /* No report at all. */
  CHECK_EQ_INT(tvp_mpi_results_read("hello\n", 6, got, 4, &t, err, sizeof err), -1);
  CHECK(strstr(err, "printed no report") != NULL);
}

static void failure_reasons(void) {
  char why[256] = "";
  const char *signal =
      "[vm:23944] *** Process received signal ***\n"
      "--------------------------------------------------------------------------\n"
      "mpirun noticed that process rank 1 with PID 0 on node vm exited on signal 11 "
      "(Segmentation fault).\n";
  CHECK_EQ_INT(tvp_mpi_failure_find(signal, strlen(signal), why, sizeof why), 1);
  CHECK_STR(why, "MPI rank 1 on vm killed by SIGSEGV");
  const char *exited =
      "mpirun detected that one or more processes exited with non-zero status, thus causing\n"
      "the job to be terminated. The first process to do so was:\n\n"
      "  Process name: [[28282,1],3]\n  Exit code:    3\n";
  CHECK_EQ_INT(tvp_mpi_failure_find(exited, strlen(exited), why, sizeof why), 1);
  CHECK_STR(why, "MPI rank 3 exited with status 3");
  /* A rank's own reason comes first, whatever the launcher adds after it. */
  char both[1024];
  snprintf(both, sizeof both,
           "%sMPI rank 2 on n1: io.write: write failed: No space left on device.\n%s",
           TVP_MPI_FAIL_TAG, signal);
  CHECK_EQ_INT(tvp_mpi_failure_find(both, strlen(both), why, sizeof why), 1);
  CHECK_STR(why, "MPI rank 2 on n1: io.write: write failed: No space left on device");
  CHECK_EQ_INT(tvp_mpi_failure_find("nothing useful\n", 15, why, sizeof why), 0);
}

static int has_words(char **argv, const char *a, const char *b) {
  for (int i = 0; argv[i] && argv[i + 1]; i++)
    if (!strcmp(argv[i], a) && !strcmp(argv[i + 1], b))
      return 1;
  return 0;
}

static void launcher_lines(void) {
  char err[256] = "";
  char **argv = tvp_mpi_launch_argv("mpirun --mca btl self,vader", "hosts", 4, "/x/tvp-mpi-rank",
                                    "abcd", err, sizeof err);
  CHECK(argv != NULL);
  if (!argv)
    return;
  CHECK_STR(argv[0], "mpirun");
  CHECK(has_words(argv, "--mca", "btl"));
  CHECK(has_words(argv, "-n", "4"));
  CHECK(has_words(argv, "--bind-to", "none"));
  CHECK(has_words(argv, "--hostfile", "hosts"));
  CHECK(has_words(argv, "/x/tvp-mpi-rank", "--job"));
  CHECK(has_words(argv, "--job", "abcd"));
  tvp_mpi_argv_free(argv);
  argv = tvp_mpi_launch_argv("/usr/bin/srun", NULL, 2, "r", "j", err, sizeof err);
  CHECK(argv != NULL);
  if (!argv)
    return;
  CHECK(has_words(argv, "-n", "2"));
  CHECK(has_words(argv, "--cpu-bind=none", "--overcommit"));
  tvp_mpi_argv_free(argv);
  CHECK(tvp_mpi_launch_argv("srun", "hosts", 2, "r", "j", err, sizeof err) == NULL);
  CHECK(strstr(err, "hostfile is for mpirun") != NULL);
  CHECK(tvp_mpi_launch_argv("mpprun", NULL, 2, "r", "j", err, sizeof err) == NULL);
  CHECK(strstr(err, "unknown launcher 'mpprun'") != NULL);
  CHECK(tvp_mpi_launch_argv("  ", NULL, 2, "r", "j", err, sizeof err) == NULL);
  CHECK_EQ_INT(tvp_mpi_launcher_kind("mpiexec"), TVP_LAUNCHER_OPENMPI);
  CHECK_EQ_INT(tvp_mpi_launcher_kind("srun --mpi=pmix"), TVP_LAUNCHER_SLURM);
}

int main(void) {
  job_round_trip();
  report_round_trip();
  failure_reasons();
  launcher_lines();
  CHECK_DONE();
}
