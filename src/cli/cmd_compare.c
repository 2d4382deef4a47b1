/* tvp compare: the same configurations in two runs, repetition against
 * repetition, with a Mann-Whitney U test so a change is told apart from noise.
 * This file reads the options and the two folders; the comparison is
 * analysis/compare.h's, what is printed and written report/compare_out.h's. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "analysis/compare.h"
#include "base/fs.h"
#include "base/util.h"
#include "cli/cmd.h"
#include "report/compare_out.h"
#include "results/run_folder.h"

static const char usage[] =
    "usage: tvp compare RUN_A RUN_B [--out DIR] [--alpha 0.05]\n"
    "\n"
    "Compares the configurations two runs have in common (same kernel, model,\n"
    "placement, scaling, workers, size, footprint, chunk and duration). For each: the\n"
    "median throughput of the measured repetitions that succeeded in A and in B,\n"
    "the ratio B/A, and a two-sided Mann-Whitney U test on the repetitions'\n"
    "throughputs. Verdict: 'faster' or 'slower' (B against A) when p <= alpha,\n"
    "'no significant difference' otherwise, and 'too few repetitions' when even\n"
    "fully separated samples could not reach alpha (2 against 2 cannot reach 0.05;\n"
    "5 against 5 can, at best p = 0.0079).\n"
    "\n"
    "Prints a table, and writes compare.csv (u_statistic is U of B: the pairs of\n"
    "repetitions where B's throughput is the higher, ties counting 1/2, out of\n"
    "reps_a * reps_b). If gnuplot is installed and plots/compare.gp is found\n"
    "($TVP_PLOTS_DIR, then the source tree and the install prefix), it also draws\n"
    "compare.png next to it. Configurations in only one run are listed on stderr.\n"
    "\n"
    "Before the table, each field of the runs' environment that differs (meta.json's\n"
    "environment: huge pages, governors, boost, SMT, mitigations, kernel command\n"
    "line, clock source, hypervisor, cgroup limits, load) is named on a line of its\n"
    "own with A's value and B's; nothing is said when none differs.\n"
    "\n"
    "  --out DIR      where compare.csv goes                  [RUN_B/compare]\n"
    "  --alpha A      significance level, between 0 and 1     [0.05]\n"
    "  -h, --help     this text\n"
    "\n"
    "Exit status: 0 compared, 1 no configuration in common or a file could not be\n"
    "written, 2 bad input (a folder without summary.csv and runs.csv).\n";

/* Reads the run folder dir into *run, with what a comparison needs; on failure
 * -1 with the reason in err, and nothing in *run to free. */
static int load(tvp_run_folder *run, const char *dir, tvp_buf *err) {
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    tvp_buf_printf(err, "'%s' is not a folder", dir);
    return -1;
  }
  tvp_buf rerr = {0};
  if (tvp_run_folder_read(run, dir, TVP_RUN_RUNS | TVP_RUN_META, &rerr) != 0) {
    tvp_buf_printf(err, "%s (is '%s' a run folder?)", rerr.data, dir);
    tvp_buf_free(&rerr);
    return -1;
  }
  if (tvp_compare_check(run, err) != 0) {
    tvp_run_folder_free(run);
    return -1;
  }
  return 0;
}

/* The table on stdout, compare.csv in out (RUN_B/compare when NULL) and its chart. */
static int write_outputs(const tvp_comparison *cmp, const char *out) {
  tvp_compare_print_table(cmp);
  char *defout = out ? NULL : tvp_path_in(cmp->b->dir, "compare");
  tvp_buf err = {0};
  int rc = TVP_EXIT_OK;
  if (tvp_compare_write_files(cmp, out ? out : defout, &err) != 0) {
    tvp_err("compare: %s", err.data);
    rc = TVP_EXIT_FAIL;
  }
  free(defout);
  tvp_buf_free(&err);
  return rc;
}

int tvp_cmd_compare(int argc, char **argv) {
  static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                       {"alpha", required_argument, NULL, 'a'},
                                       {0, 0, 0, 0}};
  const char *out = NULL;
  double alpha = 0.05;
  /* Options are read wherever they stand, after the run folders too, as the usage line shows. */
  tvp_opts p = {.cmd = "compare", .usage = usage, .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 'o': out = optarg; break;
    case 'a': {
      char *end;
      errno = 0;
      alpha = strtod(optarg, &end);
      if (errno || end == optarg || *end || !(alpha > 0 && alpha < 1))
        return tvp_usage_error("compare", "--alpha '%s': give a number between 0 and 1, "
                               "such as 0.05", optarg);
      break;
    }
    }
  }
  if (argc - optind != 2)
    return tvp_usage_error("compare", "name two run folders, RUN_A and RUN_B");
  tvp_run_folder A = {0}, B = {0};
  tvp_buf err = {0};
  if (load(&A, argv[optind], &err) != 0 || load(&B, argv[optind + 1], &err) != 0) {
    int rc = tvp_usage_error("compare", "%s", err.data);
    tvp_buf_free(&err);
    tvp_run_folder_free(&A);
    return rc;
  }
  tvp_comparison cmp;
  tvp_compare_runs(&cmp, &A, &B, alpha);
  tvp_compare_print_notes(&cmp);
  int rc;
  if (cmp.npairs == 0) {
    tvp_err("compare: %s and %s have no configuration in common (same kernel, model, "
            "placement, scaling, workers, size, footprint, chunk and duration)", A.dir, B.dir);
    rc = TVP_EXIT_FAIL;
  } else {
    rc = write_outputs(&cmp, out);
  }
  tvp_comparison_free(&cmp);
  tvp_run_folder_free(&A);
  tvp_run_folder_free(&B);
  return rc;
}
