/* tvp compare: the same configurations in two runs (or two sets of runs), B
 * against A, each with a ratio, its interval and a verdict from the one
 * verdict function. This file reads the options and the folders; the
 * comparison is analysis/compare.h's, what is printed and written
 * report/compare_out.h's. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/compare.h"
#include "base/fs.h"
#include "base/util.h"
#include "cli/cmd.h"
#include "report/compare_out.h"
#include "results/run_folder.h"

static const char usage[] =
    "usage: tvp compare RUN_A RUN_B [--out DIR] [--margin 5] [--alpha 0.05]\n"
    "       tvp compare RUN_A1 RUN_A2 ... -- RUN_B1 RUN_B2 ... [options]\n"
    "\n"
    "Compares the configurations two runs have in common (same kernel, model,\n"
    "placement, scaling, workers, size, footprint, chunk and duration), B against\n"
    "A. For each: the median throughput of the counted repetitions (measured, ok,\n"
    "not disturbed, of the last attempt) in A and in B, the ratio B/A with its 95 %\n"
    "interval from Welch's t on the logarithms of the throughputs, and a verdict:\n"
    "'B faster by ...', 'A faster by ...', 'no meaningful difference' (within the\n"
    "margin), 'inconclusive' (with the reason: too few repetitions, at least 5 a\n"
    "side; an interval that straddles the margin; or the other tests asked at the\n"
    "same time), or 'disturbed' (every repetition on a side was disturbed by the\n"
    "machine's own load). Every configuration in common is one test of a family,\n"
    "adjusted by Benjamini-Hochberg.\n"
    "\n"
    "Repetitions of one run share that run's state of the machine, so one run a\n"
    "side cannot see how much a second run would differ. With several runs a side\n"
    "(before and after '--'), each run's median is one value, and the verdict rests\n"
    "on those (at least 2 a side). A folder that holds run folders, and no\n"
    "summary.csv of its own, stands for the runs in it.\n"
    "\n"
    "Prints a table, and writes compare.csv (ratio, ratio_ci95_low/high,\n"
    "p_adjusted, verdict and verdict_why per configuration). If gnuplot is installed\n"
    "and plots/compare.gp is found ($TVP_PLOTS_DIR, then the source tree and the\n"
    "install prefix), it also draws compare.png next to it. Configurations on one\n"
    "side only are counted on one line of stderr, with the values the other side\n"
    "never ran.\n"
    "\n"
    "Before the table, each field of the runs' environment that differs (meta.json's\n"
    "environment: huge pages, governors, boost, SMT, mitigations, kernel command\n"
    "line, clock source, hypervisor, cgroup limits) is named on a line of its own\n"
    "with A's value and B's; the load averages, which always differ, are shown for\n"
    "information. With several runs a side, the first run of each is compared.\n"
    "\n"
    "  --out DIR      where compare.csv goes                  [first run of B/compare]\n"
    "  --margin PCT   a difference below this is no difference [5]\n"
    "  --alpha A      significance level, between 0 and 1     [0.05]\n"
    "  -h, --help     this text\n"
    "\n"
    "Exit status: 0 compared, 1 no configuration in common or a file could not be\n"
    "written, 2 bad input (a folder without summary.csv and runs.csv).\n";

/* The folders a command-line argument stands for (malloc'd paths, appended
 * to *dirs): itself when it holds summary.csv, else its subfolders that do,
 * in name order; itself again when none does, so that reading it says why. */
static void expand(const char *arg, char ***dirs, size_t *n) {
  char *own = tvp_path_in(arg, "summary.csv");
  int is_run = tvp_is_file(own);
  free(own);
  struct dirent **list = NULL;
  int m = is_run ? -1 : scandir(arg, &list, NULL, alphasort);
  size_t before = *n;
  for (int i = 0; i < m; i++) {
    char *sub = tvp_path_in(arg, list[i]->d_name), *sum = tvp_path_in(sub, "summary.csv");
    if (list[i]->d_name[0] != '.' && tvp_is_file(sum)) {
      *dirs = tvp_xrealloc(*dirs, (*n + 1) * sizeof **dirs);
      (*dirs)[(*n)++] = sub;
    } else {
      free(sub);
    }
    free(sum);
    free(list[i]);
  }
  free(list);
  if (*n == before) {
    *dirs = tvp_xrealloc(*dirs, (*n + 1) * sizeof **dirs);
    (*dirs)[(*n)++] = tvp_xstrdup(arg);
  }
}

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

/* One side: the runs its arguments stand for, read. */
typedef struct {
  char **dirs;
  size_t ndirs;
  tvp_run_folder *runs;
  size_t n; /* runs read */
} side;

static int load_side(side *s, char **args, size_t nargs, tvp_buf *err) {
  for (size_t i = 0; i < nargs; i++)
    expand(args[i], &s->dirs, &s->ndirs);
  s->runs = tvp_xcalloc(s->ndirs + 1, sizeof *s->runs);
  for (; s->n < s->ndirs; s->n++)
    if (load(&s->runs[s->n], s->dirs[s->n], err) != 0)
      return -1;
  return 0;
}

static void free_side(side *s) {
  for (size_t i = 0; i < s->n; i++)
    tvp_run_folder_free(&s->runs[i]);
  free(s->runs);
  for (size_t i = 0; i < s->ndirs; i++)
    free(s->dirs[i]);
  free(s->dirs);
}

/* The table on stdout, compare.csv in out (B's first run/compare when NULL) and its chart. */
static int write_outputs(const tvp_comparison *cmp, const char *out) {
  tvp_compare_print_table(cmp);
  char *defout = out ? NULL : tvp_path_in(cmp->b.runs[0].dir, "compare");
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

/* A number from an option's value into *v, when within [lo, hi]; else -1. */
static int number(const char *text, double lo, double hi, double *v) {
  char *end;
  errno = 0;
  *v = strtod(text, &end);
  return errno || end == text || *end || !(*v >= lo && *v <= hi) ? -1 : 0;
}

typedef struct {
  const char *out;
  double margin, alpha;
} options;

/* Reads the options, wherever they stand; the folders are then argv[optind..argc).
 * -1 when done (help or an error), with the exit status in *rc. */
static int read_options(int argc, char **argv, options *o, int *rc) {
  static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                       {"alpha", required_argument, NULL, 'a'},
                                       {"margin", required_argument, NULL, 'm'},
                                       {0, 0, 0, 0}};
  tvp_opts p = {.cmd = "compare", .usage = usage, .longopts = opts};
  int c;
  double pct;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: *rc = p.status; return -1;
    case 'o': o->out = optarg; break;
    case 'a':
      if (number(optarg, 1e-12, 1 - 1e-12, &o->alpha) != 0) {
        *rc = tvp_usage_error("compare", "--alpha '%s': give a number between 0 and 1, such as 0.05", optarg);
        return -1;
      }
      break;
    case 'm':
      if (number(optarg, 0, 1000, &pct) != 0) {
        *rc = tvp_usage_error("compare", "--margin '%s': give a percentage, such as 5", optarg);
        return -1;
      }
      o->margin = pct / 100;
      break;
    }
  }
  return 0;
}

/* Compares and writes; the exit status. */
static int run_comparison(side *A, side *B, const options *o) {
  tvp_comparison cmp;
  tvp_compare_runs(&cmp, (tvp_compare_side){A->runs, A->n}, (tvp_compare_side){B->runs, B->n},
                   o->margin, o->alpha);
  tvp_compare_print_notes(&cmp);
  int rc;
  if (cmp.npairs == 0) {
    tvp_err("compare: A and B have no configuration in common (same kernel, model, placement, "
            "scaling, workers, size, footprint, chunk and duration)");
    rc = TVP_EXIT_FAIL;
  } else {
    rc = write_outputs(&cmp, o->out);
  }
  tvp_comparison_free(&cmp);
  return rc;
}

int tvp_cmd_compare(int argc, char **argv) {
  /* "--" splits A's folders from B's; getopt would take it for the end of the
   * options, so it stands in the copy as a marker that getopt passes over as
   * a folder (found again by address, whatever a folder is called). */
  static char marker[] = "";
  char **args = tvp_xcalloc((size_t)argc + 1, sizeof *args);
  int split = 0;
  for (int i = 0; i < argc; i++)
    args[i] = !split && i > 0 && strcmp(argv[i], "--") == 0 ? (split = 1, marker) : argv[i];
  options o = {.margin = TVP_MARGIN_DEFAULT, .alpha = TVP_ALPHA};
  int rc = TVP_EXIT_OK;
  if (read_options(argc, args, &o, &rc) != 0) {
    free(args);
    return rc;
  }
  int first = optind, mid = first;
  while (mid < argc && args[mid] != marker)
    mid++;
  int na = split ? mid - first : 1, nb = split ? argc - mid - 1 : argc - first - 1;
  if (split ? na < 1 || nb < 1 : argc - first != 2) {
    free(args);
    return tvp_usage_error("compare", split ? "name at least one run folder on each side of '--'"
                                            : "name two run folders, RUN_A and RUN_B");
  }
  side A = {0}, B = {0};
  tvp_buf err = {0};
  if (load_side(&A, args + first, (size_t)na, &err) != 0 ||
      load_side(&B, args + first + na + split, (size_t)nb, &err) != 0)
    rc = tvp_usage_error("compare", "%s", err.data);
  else
    rc = run_comparison(&A, &B, &o);
  tvp_buf_free(&err);
  free_side(&A);
  free_side(&B);
  free(args);
  return rc;
}
