/* tvp export: a run folder in another program's format. This file reads the
 * options and the folder; the conversion is report/gbench.h's. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/util.h"
#include "cli/cmd.h"
#include "report/gbench.h"
#include "results/run_folder.h"

static const char usage[] =
    "usage: tvp export [--format gbench] [--time-unit ms] [--out FILE] RUN_DIR\n"
    "\n"
    "Writes a run folder in Google Benchmark's JSON format (--format gbench), so\n"
    "that Google Benchmark's tools/compare.py and the dashboards made for its\n"
    "files read tvp's results:\n"
    "\n"
    "  compare.py benchmarks before.json after.json\n"
    "  compare.py filters run.json model:thread model:fork\n"
    "\n"
    "\"context\" describes the machine from meta.json. In \"benchmarks\", each\n"
    "configuration is a benchmark named KERNEL/model:M/placement:P/scaling:S/\n"
    "workers:N/size:U (and /footprint:, /chunk:, /duration: when set), with threads\n"
    "its worker count: an \"iteration\" entry per counted repetition (measured, ok,\n"
    "not disturbed, of the last attempt), real_time its wall time, cpu_time its\n"
    "workers' user + system CPU time, items_per_second (bytes_per_second for B/s)\n"
    "its throughput; then, from 2 repetitions, the aggregates mean, median, stddev\n"
    "and cv. A configuration with no counted repetition is one entry with\n"
    "error_occurred and the reason. docs/csv.md describes every field.\n"
    "\n"
    "  --format F      gbench (the only format, and the default)\n"
    "  --time-unit U   ns, us, ms or s: the unit of real_time and cpu_time [ms]\n"
    "  --out FILE      write FILE (whole, through a rename) instead of stdout\n"
    "  -h, --help      this text\n"
    "\n"
    "Exit status: 0 written, 1 the output could not be written, 2 bad input (an\n"
    "unknown format or unit, not a run folder, a runs.csv without wall_s).\n";

typedef struct {
  const char *out, *unit;
} options;

/* -1 when done (help or an error), with the exit status in *rc. */
static int read_options(int argc, char **argv, options *o, int *rc) {
  static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                       {"time-unit", required_argument, NULL, 'u'},
                                       {"out", required_argument, NULL, 'o'},
                                       {0, 0, 0, 0}};
  tvp_opts p = {.cmd = "export", .usage = usage, .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: *rc = p.status; return -1;
    case 'f':
      if (strcmp(optarg, "gbench") != 0) {
        *rc = tvp_usage_error("export", "--format '%s': the format tvp writes is gbench", optarg);
        return -1;
      }
      break;
    case 'u':
      if (tvp_gbench_per_second(optarg) == 0) {
        *rc = tvp_usage_error("export", "--time-unit '%s': give ns, us, ms or s", optarg);
        return -1;
      }
      o->unit = optarg;
      break;
    case 'o': o->out = optarg; break;
    }
  }
  return 0;
}

/* text to FILE (whole) or to stdout; 0, or -1 with a message said. */
static int emit(const char *file, const tvp_buf *text) {
  int rc;
  if (file && strcmp(file, "-") != 0) {
    rc = tvp_fs_write_whole(file, text->data, text->len);
    if (rc != 0)
      tvp_err("export: cannot write %s: %s", file, strerror(errno));
    return rc;
  }
  fflush(stdout);
  rc = tvp_write_all(STDOUT_FILENO, text->data, text->len);
  if (rc != 0)
    tvp_err("export: cannot write to stdout: %s", strerror(errno));
  return rc;
}

int tvp_cmd_export(int argc, char **argv) {
  options o = {.unit = "ms"};
  int rc = TVP_EXIT_OK;
  if (read_options(argc, argv, &o, &rc) != 0)
    return rc;
  if (optind + 1 != argc)
    return tvp_usage_error("export", "name one run folder");
  const char *dir = argv[optind];
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return tvp_usage_error("export", "'%s' is not a folder", dir);
  tvp_run_folder run;
  tvp_buf err = {0}, text = {0};
  if (tvp_run_folder_read(&run, dir, TVP_RUN_RUNS | TVP_RUN_META, &err) != 0) {
    rc = tvp_usage_error("export", "%s (is '%s' a run folder?)", err.data, dir);
    tvp_buf_free(&err);
    return rc;
  }
  if (!run.have_meta)
    tvp_err("export: %s; the context will be incomplete", run.meta_err.data);
  if (tvp_gbench_export(&run, o.unit, &text, &err) != 0)
    rc = tvp_usage_error("export", "%s", err.data);
  else if (emit(o.out, &text) != 0)
    rc = TVP_EXIT_FAIL;
  tvp_run_folder_free(&run);
  tvp_buf_free(&text);
  tvp_buf_free(&err);
  return rc;
}
