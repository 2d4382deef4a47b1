/* tvp claims: runs the claims suite (and the Python contrast when it can), draws
 * the charts, and prints each claim about processes and threads with the
 * numbers it rests on and a verdict for this machine. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/claims.h"
#include "base/fs.h"
#include "cli/cmd.h"
#include "report/claims_out.h"
#include "report/gnuplot_run.h"
#include "results/results.h"
#include "results/run_folder.h"
#include "place/topology.h"

static const char usage[] =
    "usage: tvp claims [--out DIR] [--quick] [--no-python]\n"
    "\n"
    "Tests seven claims about processes and threads on this machine, one short\n"
    "experiment each, in about 50 s on a 2-core machine, and prints each claim\n"
    "with the numbers it rests on, the chart that shows them, and a verdict:\n"
    "holds, does not hold, holds only under a stated condition, or inconclusive\n"
    "(and why: noise, disturbed, too few repetitions). An experiment with a\n"
    "configuration whose every repetition was disturbed is run once more, into\n"
    "rerun/.\n"
    "  --out DIR     where to write [results/<UTC time>-<host>-claims]:\n"
    "                claims.md, claims.suite, run/ (a tvp run with its charts),\n"
    "                python/ and interplock.png (the Python contrast)\n"
    "  --quick       tiny sizes and two repetitions: checks the command works; the\n"
    "                verdicts are then not to be trusted\n"
    "  --no-python   skip the Python contrast (claim 3 then rests on C alone)\n"
    "The Python contrast runs bench/python/interplock.py when python3 is on PATH.\n"
    "Exit status: 0 done (whatever the verdicts), 1 a step failed, 2 bad input,\n"
    "130 interrupted.\n";

/* Runs argv with stdout to log_path (NULL: inherited); returns the exit status,
 * 128+signal if killed, -1 if it could not start. tvp claims ignores Ctrl-C
 * meanwhile: the child stops itself cleanly and its status says so. */
static int run_child(char *const argv[], const char *log_path) {
  struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_term;
  sigaction(SIGINT, &ign, &old_int);
  sigaction(SIGTERM, &ign, &old_term);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (log_path) {
      int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
        _exit(126);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  int st = -1, rc = -1;
  if (pid > 0) {
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
      ;
    rc = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
    if (rc == 127 || rc == 126)
      rc = -1;
  }
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  return rc;
}

/* The Python contrast's script: $TVP_PYTHON_DIR, the source tree, the install. */
static const char *python_script(void) {
  static char path[4096];
  const char *env = getenv("TVP_PYTHON_DIR");
  const char *dirs[] = {env && *env ? env : NULL, TVP_PYTHON_DIR_DEFAULT, TVP_PYTHON_DIR_INSTALLED};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
    if (!dirs[i])
      continue;
    snprintf(path, sizeof path, "%s/interplock.py", dirs[i]);
    if (tvp_is_file(path))
      return path;
    if (i == 0)
      return NULL; /* an explicit folder is the only one looked at */
  }
  return NULL;
}

static int python3_available(void) {
  char *argv[] = {"python3", "-c", "import multiprocessing.pool", NULL};
  return run_child(argv, "/dev/null") == 0;
}

/* Where the claims go: --out, or a new folder under results/, which must not
 * hold claims already. 0, or the exit status with the reason said. */
static int make_dir(const char *out_opt, char *dir, size_t len) {
  if (out_opt) {
    snprintf(dir, len, "%s", out_opt);
  } else {
    char *d = tvp_results_default_dir();
    snprintf(dir, len, "%s-claims", d);
    free(d);
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/claims.md", dir);
  if (tvp_is_file(path)) {
    fprintf(stderr, "tvp claims: %s already holds claims.md; choose another --out\n", dir);
    return 2;
  }
  if (tvp_mkdir_p(dir) != 0) {
    fprintf(stderr, "tvp claims: cannot create %s: %s\n", dir, strerror(errno));
    return 1;
  }
  return 0;
}

/* Writes the sections of the suite beside the results as DIR/NAME.suite
 * (claims.suite for the first run), so the run can be repeated, and runs it
 * into DIR/NAME. 0, or the exit status with the reason said. */
static int run_suite(const char *dir, const char *name, int quick, unsigned sections) {
  tvp_buf suite = {0};
  tvp_claims_suite(quick, sections, &suite);
  char suite_path[2304], run_dir[2304], log_path[2304];
  snprintf(suite_path, sizeof suite_path, "%s/%s.suite", dir,
           sections == TVP_CLAIMS_ALL ? "claims" : name);
  snprintf(run_dir, sizeof run_dir, "%s/%s", dir, name);
  snprintf(log_path, sizeof log_path, "%s/%s.log", dir, name);
  int wrote = tvp_fs_write_whole(suite_path, suite.data, strlen(suite.data));
  tvp_buf_free(&suite);
  if (wrote != 0) {
    fprintf(stderr, "tvp claims: cannot write %s: %s\n", suite_path, strerror(errno));
    return 1;
  }
  fprintf(stderr, "tvp claims: running %s (its table goes to %s)\n", suite_path, log_path);
  char *run_argv[] = {"/proc/self/exe", "run", suite_path, "--out", run_dir, NULL};
  int rc = run_child(run_argv, log_path);
  if (rc == 130 || rc == 143) {
    fprintf(stderr, "tvp claims: interrupted; what was measured is in %s\n", run_dir);
    return rc;
  }
  if (rc != 0) {
    fprintf(stderr, "tvp claims: the claims suite failed (exit status %d); see %s\n", rc, log_path);
    return 1;
  }
  return 0;
}

/* The charts of DIR/run, or why there are none. */
static void draw_charts(const char *dir, int charts) {
  char run_dir[2304];
  snprintf(run_dir, sizeof run_dir, "%s/run", dir);
  if (charts) {
    char *plot_argv[] = {"/proc/self/exe", "plot", run_dir, "--format", "png", NULL};
    if (run_child(plot_argv, "/dev/null") != 0)
      fprintf(stderr, "tvp claims: some charts could not be drawn (tvp plot %s says why)\n", run_dir);
  } else {
    fprintf(stderr, "tvp claims: gnuplot or plots/ not found: no charts (install gnuplot, then "
                    "run 'tvp plot %s')\n", run_dir);
  }
}

/* Once, the sections of the suite with a configuration whose every
 * repetition was disturbed in run, into DIR/rerun, read into *rerun. 1 when
 * *rerun holds it; 0 when nothing was run again or the rerun failed (the
 * claims then rest on the first run, which says disturbed); 130 or 143 when
 * interrupted. */
static int rerun_disturbed(const char *dir, int quick, const tvp_run_folder *run,
                           tvp_run_folder *rerun) {
  unsigned sections = tvp_claims_disturbed(run);
  if (!sections)
    return 0;
  fprintf(stderr, "tvp claims: a configuration had every repetition disturbed; running its "
                  "experiment once more\n");
  int rc = run_suite(dir, "rerun", quick, sections);
  if (rc == 130 || rc == 143)
    return rc;
  char sub[2304];
  snprintf(sub, sizeof sub, "%s/rerun", dir);
  tvp_buf err = {0};
  int ok = rc == 0 && tvp_run_folder_read(rerun, sub, TVP_RUN_RUNS_IF_ANY, &err) == 0;
  if (rc == 0 && !ok)
    fprintf(stderr, "tvp claims: %s\n", err.data);
  tvp_buf_free(&err);
  return ok;
}

/* The Python contrast into DIR/python, over the same worker counts as
 * cpu.primes. Says in absent why there is none; 130 when interrupted, else 0. */
static int run_python(const char *dir, int quick, int no_python, unsigned cores, char *absent,
                      size_t len) {
  char py_dir[2304];
  snprintf(py_dir, sizeof py_dir, "%s/python", dir);
  const char *script = python_script();
  if (no_python)
    snprintf(absent, len, "skipped with --no-python");
  else if (!script)
    snprintf(absent, len, "bench/python/interplock.py was not found");
  else if (!python3_available())
    snprintf(absent, len, "python3 is not installed");
  if (absent[0])
    return 0;
  char workers[64], reps[16];
  snprintf(workers, sizeof workers, "1,%u,%u", cores, 2 * cores);
  snprintf(reps, sizeof reps, "%d", quick ? 2 : 3);
  char *py_argv[] = {"python3", (char *)script, "--kernels", "py.cpu", "--out", py_dir,
                     "--workers", workers, "--reps", reps, "--warmup", quick ? "0" : "1",
                     "--cpu-units", quick ? "600" : "12000", "--quiet",
                     /* as the quick suite: no repetition left out for a busy machine
                        (without --quick the list ends here) */
                     quick ? "--disturbed-above" : NULL, "100", NULL};
  fprintf(stderr, "tvp claims: running the Python contrast\n");
  int rc = run_child(py_argv, "/dev/null");
  if (rc == 130) /* its own Ctrl-C exit status, or killed by SIGINT (128 + 2) */
    return 130;
  if (rc != 0)
    snprintf(absent, len, "bench/python/interplock.py failed (exit status %d)", rc);
  return 0;
}

int tvp_cmd_claims(int argc, char **argv) {
  static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                       {"quick", no_argument, NULL, 'q'},
                                       {"no-python", no_argument, NULL, 'P'},
                                       {NULL, 0, NULL, 0}};
  const char *out_opt = NULL;
  int quick = 0, no_python = 0, c;
  tvp_opts p = {.cmd = "claims", .usage = usage, .longopts = opts};
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 'o': out_opt = optarg; break;
    case 'q': quick = 1; break;
    case 'P': no_python = 1; break;
    }
  }
  if (optind < argc)
    return tvp_usage_error("claims", "unexpected argument '%s'", argv[optind]);

  char err[512];
  tvp_topology topo;
  if (tvp_topology_load(&topo, NULL, err, sizeof err) != 0) {
    fprintf(stderr, "tvp claims: %s\n", err);
    return 2;
  }
  tvp_claims_input in = {.cores = topo.cores, .pus = topo.pus};
  tvp_topology_destroy(&topo);
  char dir[2048], py_absent[600] = "", sub[2304];
  int rc = make_dir(out_opt, dir, sizeof dir);
  if (rc != 0)
    return rc;
  /* The direct demonstration of claim 1, then the measurements. */
  tvp_claims_demonstrate(&in.child_write_seen, &in.thread_write_seen);
  int charts = tvp_gnuplot_available() && tvp_plots_dir();
  if ((rc = run_suite(dir, "run", quick, TVP_CLAIMS_ALL)) != 0)
    return rc;
  draw_charts(dir, charts);
  if ((rc = run_python(dir, quick, no_python, in.cores, py_absent, sizeof py_absent)) != 0)
    return rc;

  tvp_run_folder run, py, rerun;
  tvp_buf rerr = {0};
  snprintf(sub, sizeof sub, "%s/run", dir);
  if (tvp_run_folder_read(&run, sub, TVP_RUN_RUNS_IF_ANY, &rerr) != 0) {
    fprintf(stderr, "tvp claims: %s\n", rerr.data);
    tvp_buf_free(&rerr);
    return 1;
  }
  in.run = &run;
  int reran = rerun_disturbed(dir, quick, &run, &rerun);
  if (reran == 130 || reran == 143) {
    tvp_run_folder_free(&run);
    tvp_buf_free(&rerr);
    return reran;
  }
  in.rerun = reran ? &rerun : NULL;
  snprintf(sub, sizeof sub, "%s/python", dir);
  if (!py_absent[0] && tvp_run_folder_read(&py, sub, 0, &rerr) == 0)
    in.py = &py;
  else if (!py_absent[0])
    snprintf(py_absent, sizeof py_absent, "%s", rerr.data);
  in.py_absent = py_absent;
  if (in.py && charts)
    tvp_claims_draw_interplock(dir);
  int status = tvp_claims_write(&in, dir, quick);
  tvp_run_folder_free(&run);
  if (in.rerun)
    tvp_run_folder_free(&rerun);
  if (in.py)
    tvp_run_folder_free(&py);
  tvp_buf_free(&rerr);
  return status;
}
