/* tvp run: flags and suite files become a plan; the plan runs in rounds, cell by
 * cell, into a results folder; the summary and a short table close the run. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "results/meta.h"
#include "models/model.h"
#include "results/results.h"
#include "results/resume.h"
#include "results/summary_json.h"
#include "cli/run_min_time.h"
#include "cli/run_sink.h"
#include "report/plan_listing.h"
#include "report/table.h"
#include "run/rounds.h"
#include "run/disturbance.h"
#include "run/runner.h"
#include "plan/suite.h"
#include "analysis/summary.h"
#include "analysis/verdict.h"
#include "base/util.h"

static const char usage[] =
    "usage: tvp run [SUITE] [OPTIONS]\n"
    "\n"
    "Runs every configuration of a sweep (kernel x size x placement x workers x model),\n"
    "each repetition in a fresh cell process, and writes a results folder with\n"
    "summary.csv (and summary.json), runs.csv, workers.csv, meta.json and topology.xml.\n"
    "SUITE is a suite file (docs/suites.md); flags override what it sets.\n"
    "\n"
    "  --kernels LIST     kernels (cpu.primes), groups of them (cpu: every cpu.*\n"
    "                     kernel) or 'all'; 'tvp list' shows them\n"
    "  --models LIST      thread, fork, spawn, mpi, mpi+thread, or all (the first three)\n"
    "                                                              [thread,fork]\n"
    "  --workers LIST     counts: 1,2,4  1..8  1..2N  1..4N*2  N  P/2  [1..N*2]\n"
    "                     (N = physical cores, P = PUs that hwloc finds)\n"
    "  --placement LIST   none, core, pu, scatter                  [core]\n"
    "  --size LIST        units of work, e.g. 200k, 5M, or default [default]\n"
    "                     (strong: the total; weak: per worker; duration: per batch)\n"
    "  --footprint LIST   bytes a kernel touches before its work, e.g. 64Mi (spawn.rss,\n"
    "                     spawn.cow), the message of net.pingpong and the vector of\n"
    "                     net.allreduce (8,4Ki,1Mi), or default     [default]\n"
    "  --chunk LIST       items a pool worker claims at a time (pool.map); default: the kernel's own\n"
    "  --threads T        mpi+thread: threads per MPI rank (its worker counts are ranks x T)\n"
    "  --ranks LIST       mpi models: rank counts instead of --workers; every model then\n"
    "                     runs ranks x threads workers, so all compare at equal counts\n"
    "  --launcher CMD     mpi models: what starts the ranks, mpirun or srun, with any\n"
    "                     options of its own (\"mpirun --mca btl self,vader\") [mpirun]\n"
    "  --hostfile FILE    mpi models: the hosts mpirun spreads the ranks over (docs/cluster.md)\n"
    "  --scaling MODE     strong (fixed total work) or weak (fixed work per worker) [strong]\n"
    "  --duration SECS    fixed time instead: workers loop until time is up, throughput counts\n"
    "  --reps N           measured repetitions per configuration; below 5 a median has\n"
    "                     no 95 % interval and a comparison no verdict   [5]\n"
    "  --warmup N         repetitions run first and discarded      [1]\n"
    "  --timeout SECS     per repetition, after which the cell is killed [60]\n"
    "  --order ORDER      interleaved: each round runs one repetition of every model and\n"
    "                     worker count of a point, shuffled, so the machine's drift hits\n"
    "                     them alike; blocked: a configuration's repetitions back to back,\n"
    "                     the order of tvp 0.x, kept for comparison    [interleaved]\n"
    "  --seed N           the rounds' shuffles (0 .. 2^64-1); the same seed, the same order\n"
    "                     [drawn at random, recorded in meta.json]\n"
    "  --min-time SECS    before the run, a probe grows each kernel's size until its\n"
    "                     1-worker repetition lasts SECS; every model and worker count\n"
    "                     then runs that size (0: sizes as written)        [0]\n"
    "  --disturbed-above PCT\n"
    "                     a repetition in which a worker with a PU of its own waited on a run\n"
    "                     queue for more than PCT % of the wall time is flagged disturbed in\n"
    "                     runs.csv and left out of every statistic (0 < PCT <= 100)\n"
    "                     [the suite's, else $TVP_DISTURBED_ABOVE, else 5]\n"
    "  --margin PCT       differences between models smaller than PCT % are \"no meaningful\n"
    "                     difference\"; larger ones need their 95 % interval wholly beyond it\n"
    "                     to be called (0 < PCT < 100)      [the suite's, else 5]\n"
    "  --out DIR          results folder       [results/<UTC time>-<host>]\n"
    "  --tmpdir DIR       where I/O kernels create their files    [$TMPDIR or /tmp]\n"
    "  --dry-run          print the plan and the placement of each configuration; run nothing\n"
    "  --topology SPEC    with --dry-run: plan for another machine (hwloc synthetic\n"
    "                     description such as 'pack:2 core:8 pu:2', or an XML file)\n"
    "  --quiet            no line per configuration (the summary table still prints)\n"
    "  --on-error WHAT    after a failed configuration: continue with the next, or\n"
    "                     stop the run there (its summary.csv ends with the failed row;\n"
    "                     the other configurations of its point are left unfinished)\n"
    "                     [continue]\n"
    "  --resume DIR       continue the interrupted run in DIR with its own command line:\n"
    "                     rounds complete there are kept, the rest run (only\n"
    "                     --quiet, --tmpdir and --on-error may be given with it)\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit status: 0 all configurations ran, 1 some failed (see summary.csv) or a\n"
    "results file could not be written (a full disk), 2 bad input (nothing ran),\n"
    "130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM, 129 by SIGHUP: the CSV\n"
    "written so far stays valid, meta.json says where the run stopped, and the\n"
    "message on stderr names the command that continues it (tvp run --resume\n"
    "DIR). A second Ctrl-C stops at once (no summary.csv; runs.csv keeps its\n"
    "whole rows).\n";

typedef struct {
  tvp_sweep flags;
  const char *suite, *out, *topology, *tmpdir, *resume;
  tvp_model_options model_options; /* --launcher, --hostfile */
  int dry_run, quiet, scaling_flag, stop_on_error, on_error_flag, tmpdir_flag;
  int plan_flags; /* options that shape the plan: a resumed run takes its own */
  tvp_order order;
  uint64_t seed;
  int seed_given;
} run_options;

static int parse_options(int argc, char **argv, run_options *o) {
  static const struct option opts[] = {
      {"kernels", required_argument, NULL, 'k'},
      {"kernel", required_argument, NULL, 'k'},  {"models", required_argument, NULL, 'm'},
      {"model", required_argument, NULL, 'm'},   {"workers", required_argument, NULL, 'w'},
      {"placement", required_argument, NULL, 'p'}, {"size", required_argument, NULL, 's'},
      {"sizes", required_argument, NULL, 's'},   {"scaling", required_argument, NULL, 'S'},
      {"duration", required_argument, NULL, 'd'}, {"reps", required_argument, NULL, 'r'},
      {"warmup", required_argument, NULL, 'W'},  {"timeout", required_argument, NULL, 't'},
      {"out", required_argument, NULL, 'o'},     {"tmpdir", required_argument, NULL, 'D'},
      {"footprint", required_argument, NULL, 'F'}, {"footprints", required_argument, NULL, 'F'},     {"dry-run", no_argument, NULL, 'n'},
      {"chunk", required_argument, NULL, 'C'},   {"chunks", required_argument, NULL, 'C'},
      {"topology", required_argument, NULL, 'T'}, {"quiet", no_argument, NULL, 'q'},
      {"on-error", required_argument, NULL, 'E'}, {"resume", required_argument, NULL, 'R'},
      {"threads", required_argument, NULL, 'H'}, {"ranks", required_argument, NULL, 'K'},
      {"launcher", required_argument, NULL, 'L'}, {"hostfile", required_argument, NULL, 'Y'},
      {"order", required_argument, NULL, 'O'},   {"seed", required_argument, NULL, 'Z'},
      {"min-time", required_argument, NULL, 'M'},
      {"disturbed-above", required_argument, NULL, 'A'},
      {"margin", required_argument, NULL, 'G'},
      {0, 0, 0, 0}};
  static const struct {
    int opt;
    const char *key;
  } keys[] = {{'k', "kernels"}, {'m', "models"}, {'w', "workers"}, {'p', "placement"},
              {'s', "sizes"},   {'S', "scaling"}, {'d', "duration"}, {'r', "reps"},
              {'W', "warmup"},  {'t', "timeout"}, {'F', "footprints"}, {'C', "chunks"},
              {'H', "threads"}, {'K', "ranks"},   {'M', "min-time"},
              {'A', "disturbed-above"}, {'G', "margin"}};
  tvp_opts p = {.cmd = "run", .usage = usage, .shortopts = "q", .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    char err[512];
    switch (c) {
    case TVP_OPT_STOP:
      if (p.status == TVP_EXIT_OK)
        exit(TVP_EXIT_OK); /* --help: nothing to run */
      return p.status;
    case 'o': o->out = optarg; o->plan_flags++; continue;
    case 'D': o->tmpdir = optarg; o->tmpdir_flag = 1; continue;
    case 'n': o->dry_run = 1; o->plan_flags++; continue;
    case 'T': o->topology = optarg; o->plan_flags++; continue;
    case 'R': o->resume = optarg; continue;
    case 'L': o->model_options.launcher = optarg; o->plan_flags++; continue;
    case 'Y': o->model_options.hostfile = optarg; o->plan_flags++; continue;
    case 'q': o->quiet = 1; continue;
    case 'O':
      if (tvp_order_parse(optarg, &o->order) != 0)
        return tvp_usage_error("run", "--order takes 'interleaved' or 'blocked', not '%s'", optarg);
      o->plan_flags++;
      continue;
    case 'Z':
      if (tvp_seed_parse(optarg, &o->seed) != 0)
        return tvp_usage_error("run", "--seed takes a whole number from 0 to 18446744073709551615, "
                               "not '%s'", optarg);
      o->seed_given = 1;
      o->plan_flags++;
      continue;
    case 'E':
      if (strcmp(optarg, "continue") != 0 && strcmp(optarg, "stop") != 0)
        return tvp_usage_error("run", "--on-error takes 'continue' or 'stop', not '%s'", optarg);
      o->stop_on_error = strcmp(optarg, "stop") == 0;
      o->on_error_flag = 1;
      continue;
    default: break;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
      if (keys[i].opt == c) {
        if (c == 'S')
          o->scaling_flag = 1;
        o->plan_flags++;
        if (tvp_sweep_set(&o->flags, keys[i].key, optarg, err, sizeof err) != 0)
          return tvp_usage_error("run", "--%s: %s", keys[i].key, err);
      }
  }
  if (o->scaling_flag && o->flags.duration_s > 0)
    return tvp_usage_error("run", "--scaling and --duration exclude each other: a fixed-time "
                           "run is neither strong nor weak");
  if (optind < argc)
    o->suite = argv[optind++];
  if (o->resume && (o->plan_flags || o->suite))
    return tvp_usage_error("run", "--resume runs the interrupted run's own command line again: "
                           "give it no suite and no option but --quiet, --tmpdir or --on-error");
  if (optind < argc)
    return tvp_usage_error("run", "unexpected argument '%s' (one suite file at most)", argv[optind]);
  if (!o->tmpdir) {
    const char *env = getenv("TMPDIR");
    o->tmpdir = env && *env ? env : "/tmp";
  }
  if (access(o->tmpdir, W_OK | X_OK) != 0)
    return tvp_usage_error("run", "--tmpdir '%s' is not a folder tvp can write: %s", o->tmpdir,
                           strerror(errno));
  if (o->topology && !o->dry_run)
    return tvp_usage_error("run", "--topology plans for another machine and needs --dry-run: "
                           "binding on a topology that is not this one would do nothing");
  return 0;
}

/* --resume DIR: the options become those the run was started with, read from its
 * meta.json and parsed in the folder it was started in (its paths may be
 * relative), but for those that do not change what is measured. On success
 * ri holds the strings the options point into, and *dir the folder's full path. */
static int resumed_options(run_options *o, tvp_resume_info *ri, char **dir) {
  char err[2048];
  if (tvp_resume_read(o->resume, ri, err, sizeof err) != 0)
    return tvp_usage_error("run", "%s", err);
  *dir = realpath(o->resume, NULL);
  if (!*dir)
    return tvp_usage_error("run", "--resume '%s': %s", o->resume, strerror(errno));
  if (ri->cwd && chdir(ri->cwd) != 0)
    return tvp_usage_error("run", "--resume: the run was started in '%s', which cannot be "
                           "entered now (%s), and its paths may be relative to it", ri->cwd,
                           strerror(errno));
  run_options was;
  memset(&was, 0, sizeof was);
  tvp_sweep_init(&was.flags);
  /* getopt permutes what it parses: meta.json's copy stays as it was typed. */
  char **args = tvp_xcalloc((size_t)ri->doc.argc + 1, sizeof *args);
  memcpy(args, ri->doc.argv, (size_t)ri->doc.argc * sizeof *args);
  int rc = parse_options(ri->doc.argc - 1, args + 1, &was);
  free(args);
  if (rc == 0 && was.dry_run)
    rc = tvp_usage_error("run", "--resume: '%s' records a --dry-run, which measures nothing", *dir);
  if (rc != 0) {
    tvp_sweep_free(&was.flags);
    return rc;
  }
  /* A drawn seed is not on the command line: meta.json keeps it, so the rounds
   * redone come in the order they first had. */
  const char *seed = tvp_meta_get(&ri->doc, "seed");
  if (!was.seed_given && seed && *seed && tvp_seed_parse(seed, &was.seed) == 0)
    was.seed_given = 1;
  was.out = *dir;
  was.quiet |= o->quiet;
  if (o->tmpdir_flag)
    was.tmpdir = o->tmpdir;
  if (o->on_error_flag)
    was.stop_on_error = o->stop_on_error;
  was.resume = o->resume;
  tvp_sweep_free(&o->flags);
  *o = was;
  return 0;
}

/* The plan made again must be the plan the run began with: a suite edited since
 * would silently mix two plans in one folder. */
static int same_plan(const tvp_resume_info *ri, const char *digest, const char *dir) {
  const char *was = tvp_meta_get(&ri->doc, "plan_digest");
  if (was && *was && strcmp(was, digest) != 0)
    return tvp_usage_error("run", "--resume '%s': the plan made from the run's command line is "
                           "not the one it began with: the suite or its options changed since "
                           "the run began (restore them, or start a new run)", dir);
  return 0;
}

/* Before anything runs: each model of the plan checks the run's options (the
 * mpi models, that their launcher can start ranks here), and options for
 * models the plan does not run are refused. */
static int preflight_models(const tvp_plan *plan, const run_options *o) {
  char err[512];
  if (tvp_plan_preflight(plan, &o->model_options, err, sizeof err) != 0)
    return tvp_usage_error("run", "%s", err);
  return 0;
}

/* "configuration 3 of 8 (cpu.primes, fork, 2 workers)": where a run stopped. */
static void config_position(char *buf, size_t len, size_t k, size_t n, const tvp_config *c) {
  snprintf(buf, len, "configuration %zu of %zu (%s, %s, %u worker%s)", k + 1, n, c->kernel->name,
           c->model->name, c->workers, c->workers == 1 ? "" : "s");
}

/* Where a stopped run stands, and the command that continues it, typed as a
 * shell needs it (a folder with a space or a quote in its name quoted). */
static void say_interrupted(const char *by, const char *where, const char *dir) {
  tvp_buf cmd = {0};
  tvp_buf_printf(&cmd, "tvp run --resume ");
  tvp_buf_shell_word(&cmd, dir);
  tvp_err("interrupted by %s (stopped at: %s); the files in %s hold what finished; "
          "continue it with: %s", by, where, dir, cmd.data);
  tvp_buf_free(&cmd);
}

/* Everything one `tvp run` holds, from the command line to the results folder;
 * run_state_free releases whatever of it was made. */
typedef struct {
  run_options o;
  tvp_resume_info ri;
  char *resume_dir;
  char **typed; /* the command as typed (or as the resumed run began), for meta.json */
  int argc;     /* of typed, without the program */
  tvp_topology topo;
  int have_topo;
  tvp_plan plan;
  tvp_results results;
  tvp_config_result *res; /* one per configuration of the plan */
  long resumed;           /* configurations complete in the run being resumed */
  char digest[17];
  char seed_text[24];
  char cwd[4096];
  tvp_meta_info meta;
  tvp_environment env; /* the machine's state as the run (or this resumption) began */
  int stop_signal; /* the signal that stopped the run, read once when it ended; 0: none */
  size_t stopped_config; /* --on-error stop: the configuration it stopped at */
  char where[512]; /* where it stopped, which meta.json names */
  tvp_min_time_size *sizes; /* --min-time: the size chosen for each group, for meta.json */
  size_t nsizes;
  double disturbed_above_pct; /* --disturbed-above, from the flag, the suite or the default */
  double margin_pct;          /* --margin, from the flag, the suite or the default */
} run_state;

static void run_state_free(run_state *s) {
  for (size_t i = 0; s->res && i < s->plan.n; i++)
    tvp_config_result_free(&s->res[i]);
  free(s->res);
  tvp_results_close(&s->results);
  tvp_sweep_free(&s->o.flags);
  tvp_resume_info_free(&s->ri);
  free(s->resume_dir);
  tvp_plan_free(&s->plan);
  free(s->sizes);
  if (s->have_topo)
    tvp_topology_destroy(&s->topo);
  free(s->typed);
  tvp_environment_free(&s->env);
}

/* The options, and for --resume those the run began with. 0 or an exit status. */
static int read_command(run_state *s, int argc, char **argv) {
  /* getopt_long permutes argv; meta.json records the command as it was typed. */
  s->typed = tvp_xcalloc((size_t)argc + 2, sizeof *s->typed);
  memcpy(s->typed, argv - 1, ((size_t)argc + 1) * sizeof *s->typed);
  s->argc = argc;
  tvp_sweep_init(&s->o.flags);
  int rc = parse_options(argc, argv, &s->o);
  if (rc == 0 && s->o.resume)
    rc = resumed_options(&s->o, &s->ri, &s->resume_dir);
  if (rc == 0 && !s->o.seed_given)
    s->o.seed = tvp_seed_draw();
  if (rc == 0 && s->o.resume) { /* meta.json keeps the command the run began with */
    free(s->typed);
    s->typed = tvp_xcalloc((size_t)s->ri.doc.argc + 1, sizeof *s->typed);
    memcpy(s->typed, s->ri.doc.argv, (size_t)s->ri.doc.argc * sizeof *s->typed);
    s->argc = s->ri.doc.argc - 1;
  }
  return rc;
}

/* TVP_DISTURBED_ABOVE: the threshold where neither the flag nor the suite sets
 * one, for a machine whose CPUs are shared on purpose (a CI runner running
 * tests side by side). Checked as the flag is. 0 or an exit status. */
static int disturbed_above_from_env(const char *env, double *pct) {
  tvp_sweep tmp;
  char err[512];
  tvp_sweep_init(&tmp);
  int rc = tvp_sweep_set(&tmp, "disturbed-above", env, err, sizeof err) == 0 ? 0 : -1;
  if (rc == 0)
    *pct = tmp.disturbed_above_pct;
  tvp_sweep_free(&tmp);
  return rc == 0 ? 0 : tvp_usage_error("run", "TVP_DISTURBED_ABOVE: %s", err);
}

/* The topology and the plan made from the suite and the flags. 0 or an exit status. */
static int make_plan(run_state *s) {
  const run_options *o = &s->o;
  tvp_sweep *sweeps = NULL;
  int nsweeps = 1;
  char err[2048];
  if (o->suite) {
    nsweeps = tvp_suite_load(o->suite, &sweeps, err, sizeof err);
    if (nsweeps < 0)
      return tvp_usage_error("run", "%s", err);
  } else {
    sweeps = tvp_xcalloc(1, sizeof *sweeps);
    tvp_sweep_init(&sweeps[0]);
  }
  int rc = 0;
  if (tvp_topology_load(&s->topo, o->topology, err, sizeof err) != 0) {
    rc = tvp_usage_error("run", "%s", err);
  } else {
    s->have_topo = 1;
    if (!s->topo.is_this_system && !o->dry_run)
      rc = tvp_usage_error("run", "the topology is %s, not this machine's: binding on it would "
                           "silently do nothing; unset HWLOC_SYNTHETIC/HWLOC_XMLFILE, or plan "
                           "with --dry-run", s->topo.source);
    else if (tvp_plan_expand(sweeps, nsweeps, &o->flags, s->topo.cores, s->topo.pus, &s->plan, err,
                             sizeof err) != 0 ||
             (s->topo.is_this_system && tvp_plan_check_nproc(&s->plan, err, sizeof err) != 0) ||
             /* --resume: the sizes --min-time chose come back, so the plan is the one measured */
             (o->resume && tvp_resume_sizes(&s->ri, s->resume_dir, &s->plan, &s->sizes, &s->nsizes,
                                            err, sizeof err) != 0))
      rc = tvp_usage_error("run", "%s", err);
  }
  /* A setting of the whole run: the suite sets it before its sections, so every sweep has it. */
  s->disturbed_above_pct = o->flags.disturbed_above_pct > 0 ? o->flags.disturbed_above_pct
                           : sweeps[0].disturbed_above_pct > 0 ? sweeps[0].disturbed_above_pct
                                                                : TVP_DISTURBED_ABOVE_PCT;
  s->margin_pct = o->flags.margin_pct > 0 ? o->flags.margin_pct
                  : sweeps[0].margin_pct > 0 ? sweeps[0].margin_pct
                                             : TVP_MARGIN_DEFAULT * 100;
  const char *env = getenv("TVP_DISTURBED_ABOVE");
  if (rc == 0 && env && *env && o->flags.disturbed_above_pct <= 0 && sweeps[0].disturbed_above_pct <= 0)
    rc = disturbed_above_from_env(env, &s->disturbed_above_pct);
  tvp_suite_free(sweeps, nsweeps);
  return rc;
}

/* The results folder opened (or reopened, with what it holds), meta.json and
 * topology.xml written: the run can start. 0 or an exit status. */
static int open_folder(run_state *s) {
  const run_options *o = &s->o;
  char err[2 * TVP_RESULTS_DIR_MAX]; /* room for the folder's name and the reason after it */
  tvp_plan_digest(&s->plan, s->digest);
  snprintf(s->seed_text, sizeof s->seed_text, "%llu", (unsigned long long)o->seed);
  if (o->resume && tvp_resume_same_machine(&s->ri, &s->topo, s->resume_dir, err, sizeof err) != 0)
    return tvp_usage_error("run", "%s", err);
  int rc;
  if (o->resume && (rc = same_plan(&s->ri, s->digest, s->resume_dir)) != 0)
    return rc;
  int opened = o->resume ? tvp_results_reopen(&s->results, o->out, err, sizeof err)
               : o->out  ? tvp_results_open(&s->results, o->out, err, sizeof err)
                         : tvp_results_open_new(&s->results, err, sizeof err);
  if (opened == 0 && o->resume)
    opened = (s->resumed = tvp_resume_load(&s->results, &s->plan, o->order == TVP_ORDER_BLOCKED,
                                           s->topo.topo, s->res, err, sizeof err)) < 0;
  if (opened != 0)
    return tvp_usage_error("run", "%s", err);
  s->meta = (tvp_meta_info){.argc = s->argc + 1, .argv = s->typed, .suite = o->suite, .start = time(NULL),
                            .state = "running", .configs_planned = s->plan.n,
                            .cwd = getcwd(s->cwd, sizeof s->cwd), .plan_digest = s->digest,
                            .order = tvp_order_name(o->order), .seed = s->seed_text,
                            .sizes = s->sizes, .nsizes = s->nsizes,
                            .disturbed_above_pct = s->disturbed_above_pct,
                            .margin_pct = s->margin_pct};
  tvp_environment_probe(&s->env, "/", s->topo.topo);
  s->meta.environment = &s->env;
  if (o->resume) {
    s->meta.start = s->ri.start ? s->ri.start : s->meta.start;
    s->meta.resumes = s->ri.resumes + 1;
    s->meta.resumed = time(NULL);
  }
  if (tvp_meta_write(&s->results, &s->topo, &s->meta) != 0 ||
      tvp_topology_write_xml(&s->results, &s->topo) != 0) {
    /* Nothing ran: the folder goes again, as if it had never been opened. */
    int e = errno;
    tvp_results_discard(&s->results);
    return tvp_usage_error("run", "cannot write meta.json or topology.xml in '%s': %s (%s)",
                           s->results.dir, strerror(e), tvp_results_hint(e));
  }
  if (o->resume)
    printf("tvp %s: resuming %s: %ld measured repetitions of complete rounds kept there\n",
           TVP_VERSION, s->results.dir, s->resumed);
  else
    printf("tvp %s: %zu configurations on %s (%u cores, %u PUs) -> %s\n", TVP_VERSION, s->plan.n,
           s->topo.source, s->topo.cores, s->topo.pus, s->results.dir);
  fflush(stdout);
  return 0;
}

/* --min-time: the probe gives the plan its sizes before the folder is made, so
 * meta.json's digest is that of the plan measured. 0 or an exit status. */
static int choose_sizes(run_state *s) {
  tvp_runner rn = {.topo = &s->topo, .tmpdir = s->o.tmpdir, .model_options = &s->o.model_options};
  return tvp_run_choose_sizes(&rn, &s->plan, s->o.quiet, &s->sizes, &s->nsizes);
}

/* Runs the plan. Returns what tvp_runner_run does; *write_errno says why a
 * results file could not be written, 0 when all were. */
static int execute(run_state *s, int *write_errno) {
  tvp_run_console_sink console;
  tvp_runner rn = {.topo = &s->topo, .tmpdir = s->o.tmpdir, .order = s->o.order, .seed = s->o.seed,
                   .sink = tvp_run_sink_make(&console, &s->results, &s->plan, isatty(2), s->o.quiet),
                   .stop_on_error = s->o.stop_on_error, .model_options = &s->o.model_options,
                   .disturbed_above = s->disturbed_above_pct / 100,
                   .cell_closes = {s->results.runs_fd, s->results.workers_fd}};
  int run_rc = tvp_runner_run(&rn, &s->plan, s->res);
  /* A results file that could not be written (a full disk) cut the point
   * being measured short: the runner marked its configurations failed. */
  *write_errno = run_rc < 0 ? errno : 0;
  return run_rc;
}

/* The last configuration, in plan order, that ended as `status`, or plan.n. */
static size_t last_with(const run_state *s, tvp_config_status status) {
  for (size_t i = s->plan.n; i-- > 0;)
    if (s->res[i].status == status)
      return i;
  return s->plan.n;
}

/* How the run ended, in meta.json's words: its state, and where it stopped. */
static void record_ending(run_state *s, size_t nrows, int run_rc, int wrote) {
  tvp_meta_info *meta = &s->meta;
  size_t failed = last_with(s, TVP_CONFIG_FAILED), cut = last_with(s, TVP_CONFIG_INTERRUPTED);
  int stopped = !s->stop_signal && s->o.stop_on_error && nrows < s->plan.n && failed < s->plan.n;
  meta->end = time(NULL);
  meta->state = s->stop_signal               ? "interrupted"
                : run_rc != 0 || wrote != 0 ? "failed"
                : stopped                   ? "stopped"
                                            : "complete";
  if (stopped) {
    config_position(s->where, sizeof s->where, failed, s->plan.n, s->res[failed].cfg);
    meta->stopped_at = s->where;
    s->stopped_config = failed;
  }
  if (s->stop_signal) {
    /* Where: a configuration of the point the signal cut short, or after the points that ended. */
    meta->interrupted_by = s->stop_signal == SIGTERM  ? "SIGTERM"
                           : s->stop_signal == SIGHUP ? "SIGHUP"
                                                      : "SIGINT";
    if (cut < s->plan.n)
      config_position(s->where, sizeof s->where, cut, s->plan.n, s->res[cut].cfg);
    else
      snprintf(s->where, sizeof s->where, "after %zu of %zu configurations", nrows, s->plan.n);
    meta->interrupted_at = s->where;
  }
}

/* summary.csv, the final meta.json and summary.json, the table, and a last word on stderr
 * when the run did not simply complete. Returns the exit status. */
static int finish(run_state *s, int run_rc, int write_errno) {
  tvp_summary_row *rows = tvp_xcalloc(s->plan.n ? s->plan.n : 1, sizeof *rows);
  size_t nrows = tvp_summarize(s->res, s->plan.n, s->margin_pct / 100, rows), failed = 0;
  for (size_t i = 0; i < nrows; i++)
    failed += strcmp(rows[i].status, "failed") == 0;
  int wrote = tvp_results_write_summary(&s->results, rows, nrows), wrote_errno = errno;
  /* Read once: a signal after this point must not make the words disagree with meta.json. */
  s->stop_signal = tvp_runner_interrupted();
  record_ending(s, nrows, run_rc, wrote);
  s->meta.configs_run = nrows;
  s->meta.configs_failed = failed;
  tvp_environment_probe_end(&s->env, "/");
  /* meta.json says how the run ended even when summary.csv found no room. */
  int meta_wrote = tvp_meta_write(&s->results, &s->topo, &s->meta), meta_errno = errno;
  const char *dir = s->results.dir;
  if (wrote != 0 || meta_wrote != 0) {
    int e = wrote != 0 ? wrote_errno : meta_errno;
    tvp_err("cannot write %s in %s: %s (%s)", wrote != 0 ? "summary.csv" : "meta.json", dir, strerror(e),
            tvp_results_hint(e));
    run_rc = run_rc ? run_rc : -1;
  }
  /* summary.json: summary.csv and the final meta.json, as written. */
  tvp_buf json_err = {0};
  if (wrote == 0 && tvp_summary_json_write(dir, &json_err) != 0) {
    int e = errno;
    tvp_err("%s (%s)", json_err.data, tvp_results_hint(e));
    run_rc = run_rc ? run_rc : -1;
  }
  tvp_buf_free(&json_err);
  printf("\n");
  tvp_print_table(rows, nrows);
  printf("\nresults: %s\n", dir);
  free(rows);
  size_t left = s->plan.n - nrows;
  if (s->stop_signal)
    say_interrupted(s->meta.interrupted_by, s->where, dir);
  else if (s->meta.stopped_at)
    tvp_err("stopped (--on-error stop) at %s, which failed: %s; %zu configuration%s not run", s->where,
            s->res[s->stopped_config].reason, left, left == 1 ? "" : "s");
  else if (write_errno)
    tvp_err("cannot write runs.csv or workers.csv in %s: %s (%s); the run stopped early, and "
            "what finished is there", dir, strerror(write_errno), tvp_results_hint(write_errno));
  else if (failed)
    tvp_err("%zu of %zu configurations failed; their reasons are in %s/summary.csv", failed, s->plan.n, dir);
  if (s->stop_signal)
    return 128 + s->stop_signal; /* 130 SIGINT, 143 SIGTERM, 129 SIGHUP, as a shell reports them */
  return run_rc != 0 || failed ? TVP_EXIT_FAIL : TVP_EXIT_OK;
}

int tvp_cmd_run(int argc, char **argv) {
  run_state s;
  memset(&s, 0, sizeof s);
  s.results = (tvp_results){.runs_fd = -1, .workers_fd = -1};
  int rc = read_command(&s, argc, argv);
  if (rc == 0)
    rc = make_plan(&s);
  if (rc == 0) {
    s.res = tvp_xcalloc(s.plan.n ? s.plan.n : 1, sizeof *s.res);
    if (s.o.dry_run) {
      tvp_print_plan(&s.plan, &s.topo);
      for (size_t i = 0; i < s.plan.n; i++)
        if (s.plan.configs[i].min_time_s > 0) {
          printf("min-time: the units listed are where a probe starts; a run chooses them\n");
          break;
        }
      run_state_free(&s);
      return TVP_EXIT_OK;
    }
    rc = preflight_models(&s.plan, &s.o);
  }
  if (rc == 0) {
    /* The stop signals' handlers come before the first file: a signal while the
     * folder is made only asks the run to stop, so the folder is left whole. */
    tvp_runner_init();
    rc = s.o.resume ? 0 : choose_sizes(&s);
  }
  if (rc == 0) {
    rc = open_folder(&s);
  }
  if (rc == 0) {
    int write_errno;
    int run_rc = execute(&s, &write_errno);
    rc = finish(&s, run_rc, write_errno);
  }
  run_state_free(&s);
  return rc;
}
