/* tvp compare: the same configurations in two runs, repetition against
 * repetition, with a Mann-Whitney U test so a change is told apart from noise. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "report/gnuplot_run.h"
#include "base/csv.h"
#include "base/csv_table.h"
#include "base/fs.h"
#include "analysis/mannwhitney.h"
#include "analysis/stats.h"
#include "base/util.h"
#include "results/run_folder.h"
#include "plan/dimensions.h"

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
    "  --out DIR      where compare.csv goes                  [RUN_B/compare]\n"
    "  --alpha A      significance level, between 0 and 1     [0.05]\n"
    "  -h, --help     this text\n"
    "\n"
    "Exit status: 0 compared, 1 no configuration in common or a file could not be\n"
    "written, 2 bad input (a folder without summary.csv and runs.csv).\n";

/* compare.csv: the dimensions' columns, then these, then the newer columns of the
 * dimensions, last so the columns before them keep their places (they tell apart
 * the configurations that differ only in footprint, as spawn.rss, or in chunk, as pool.map). */
static const char *const result_columns[] = {
    "reps_a", "reps_b", "throughput_median_a", "throughput_median_b", "throughput_unit",
    "ratio_b_over_a", "u_statistic", "p_value", "verdict"};
#define NRESULT (sizeof result_columns / sizeof result_columns[0])

/* The dimensions with a column, in compare.csv's order: older columns, then newer. */
static int csv_dims(int *out) {
  int n = 0;
  for (int newer = 0; newer <= 1; newer++)
    for (int k = 0; k < TVP_DIM_COUNT; k++)
      if (tvp_dimensions[k].column && !(tvp_dimensions[k].flags & TVP_DIM_NEWER_COLUMN) == !newer)
        out[n++] = k;
  return n;
}

/* A configuration is named across runs, in summary.csv and runs.csv, by the
 * columns of the dimensions (plan/dimensions.h). */
typedef struct {
  const char *dir;
  tvp_run_folder run;
  const tvp_csv_table *sum, *runs; /* run's files, for the key columns */
  /* column indexes by tvp_dim_id; -1 for a dimension with no column, or a newer
   * column an old run lacks */
  int skey[TVP_DIM_COUNT], rkey[TVP_DIM_COUNT];
} run_files;

typedef struct {
  size_t row_a, row_b; /* summary.csv rows */
  double *a, *b;       /* measured ok throughputs */
  size_t na, nb;
  const char *unit;
  double med_a, med_b, ratio;
  tvp_mw_result mw;
  const char *verdict;
} comparison;

static int load(run_files *f, tvp_buf *err) {
  struct stat st;
  if (stat(f->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    tvp_buf_printf(err, "'%s' is not a folder", f->dir);
    return -1;
  }
  tvp_buf rerr = {0};
  if (tvp_run_folder_read(&f->run, f->dir, TVP_RUN_RUNS, &rerr) != 0) {
    tvp_buf_printf(err, "%s (is '%s' a run folder?)", rerr.data, f->dir);
    tvp_buf_free(&rerr);
    return -1;
  }
  f->sum = &f->run.summary;
  f->runs = &f->run.runs;
  static const char *const run_need[] = {"warmup", "status", "throughput", "throughput_unit"};
  for (int k = 0; k < TVP_DIM_COUNT; k++) {
    const tvp_dimension *d = &tvp_dimensions[k];
    f->skey[k] = d->column ? tvp_csv_table_col(f->sum, d->column) : -1;
    f->rkey[k] = d->column ? tvp_csv_table_col(f->runs, d->column) : -1;
    if (d->column && !(d->flags & TVP_DIM_NEWER_COLUMN) &&
        (tvp_run_folder_need(&f->run, 0, d->column, err) != 0 ||
         tvp_run_folder_need(&f->run, 1, d->column, err) != 0))
      goto bad;
  }
  for (size_t i = 0; i < sizeof run_need / sizeof run_need[0]; i++)
    if (tvp_run_folder_need(&f->run, 1, run_need[i], err) != 0)
      goto bad;
  return 0;
bad:
  tvp_run_folder_free(&f->run);
  return -1;
}

/* Row ra of table a and row rb of table b name the same configuration. */
static int same_key(const tvp_csv_table *a, const int *ca, size_t ra, const tvp_csv_table *b,
                    const int *cb, size_t rb) {
  for (int k = 0; k < TVP_DIM_COUNT; k++)
    if (tvp_dimensions[k].column &&
        strcmp(tvp_csv_table_get(a, ra, ca[k]), tvp_csv_table_get(b, rb, cb[k])) != 0)
      return 0;
  return 1;
}

/* "cpu.primes fork, core placement, strong scaling, 4 workers, 50000 units" for messages. */
static void describe(const run_files *f, size_t r, tvp_buf *b) {
  const tvp_csv_table *t = f->sum;
  const char *w = tvp_csv_table_get(t, r, f->skey[TVP_DIM_WORKERS]);
  tvp_buf_printf(b, "%s %s, %s placement, %s scaling, %s %s, %s units",
                 tvp_csv_table_get(t, r, f->skey[TVP_DIM_KERNEL]),
                 tvp_csv_table_get(t, r, f->skey[TVP_DIM_MODEL]),
                 tvp_csv_table_get(t, r, f->skey[TVP_DIM_PLACEMENT]),
                 tvp_csv_table_get(t, r, f->skey[TVP_DIM_SCALING]), w,
                 strcmp(w, "1") == 0 ? "worker" : "workers",
                 tvp_csv_table_get(t, r, f->skey[TVP_DIM_UNITS]));
  /* The settings a kernel has a default for, when set. */
  for (int k = 0; k < TVP_DIM_COUNT; k++) {
    const char *v = tvp_csv_table_get(t, r, f->skey[k]);
    if ((tvp_dimensions[k].flags & TVP_DIM_OPTIONAL) && *v) {
      tvp_buf_printf(b, ", ");
      tvp_dimension_say(b, (tvp_dim_id)k, v);
    }
  }
}

/* The throughputs of the measured repetitions that succeeded, for summary row r;
 * *unit is their unit ("" when none). */
static double *measured(const run_files *f, size_t r, size_t *n, const char **unit) {
  double *x = tvp_xcalloc(f->run.nreps + 1, sizeof *x);
  *n = 0;
  *unit = "";
  for (size_t i = 0; i < f->run.nreps; i++) {
    const tvp_rep_row *rep = &f->run.reps[i];
    if (rep->warmup != 0 || strcmp(rep->status, "ok") != 0 ||
        !same_key(f->runs, f->rkey, i, f->sum, f->skey, r) || !isfinite(rep->throughput))
      continue;
    x[(*n)++] = rep->throughput;
    *unit = rep->unit;
  }
  return x;
}

static void compare_one(comparison *c, const run_files *A, const run_files *B, double alpha) {
  const char *ua, *ub;
  c->a = measured(A, c->row_a, &c->na, &ua);
  c->b = measured(B, c->row_b, &c->nb, &ub);
  c->unit = *ua ? ua : ub;
  c->med_a = tvp_median(c->a, c->na);
  c->med_b = tvp_median(c->b, c->nb);
  c->ratio = c->med_a > 0 ? c->med_b / c->med_a : NAN;
  /* B first: U then counts the pairs where B is the higher, so U above
   * reps_a * reps_b / 2 reads as "B faster". */
  if (tvp_mann_whitney(c->b, c->nb, c->a, c->na, &c->mw) != 0 ||
      tvp_mw_min_p(c->na, c->nb) > alpha)
    c->verdict = "too few repetitions";
  else if (c->mw.p <= alpha)
    c->verdict = c->mw.u > (double)(c->na * c->nb) / 2 ? "faster" : "slower";
  else
    c->verdict = "no significant difference";
}

/* plots/compare.gp beside the other scripts; the path (malloc'd) or NULL. */
static char *find_compare_gp(void) {
  const char *dir = tvp_plots_dir();
  if (!dir)
    return NULL;
  char *path = tvp_path_in(dir, "compare.gp");
  if (tvp_is_file(path))
    return path;
  free(path);
  return NULL;
}

static void chart(const char *outdir) {
  char *script = find_compare_gp();
  if (!script)
    return; /* no script for this chart in this tree: the CSV is the result */
  if (!tvp_gnuplot_available()) {
    tvp_err("compare: gnuplot is not installed, so no compare.png "
            "(install it with 'apt-get install gnuplot-nox')");
    free(script);
    return;
  }
  char *csv = tvp_path_in(outdir, "compare.csv"), *png = tvp_path_in(outdir, "compare.png");
  tvp_buf vars = {0};
  tvp_gnuplot_var(&vars, "csv", csv);
  tvp_gnuplot_var(&vars, "out", png);
  if (tvp_gnuplot_run(script, vars.data) == 0)
    printf("chart: %s\n", png);
  else
    tvp_err("compare: gnuplot failed on %s for %s", script, png);
  tvp_buf_free(&vars);
  free(script);
  free(csv);
  free(png);
}

/* compare.csv through a temporary name, so it is on disk whole or not at all. */
static int write_csv(const char *outdir, const comparison *cs, size_t n, const run_files *A,
                     tvp_buf *err) {
  char *path = tvp_path_in(outdir, "compare.csv"), *tmp = tvp_fs_temp_path(path);
  tvp_fs_atomic file;
  if (tvp_fs_begin(&file, path) != 0) {
    tvp_buf_printf(err, "cannot create %s: %s", tmp, strerror(errno));
    free(path);
    free(tmp);
    return -1;
  }
  int dims[TVP_DIM_COUNT], nd = csv_dims(dims), older = 0;
  const char *header[TVP_DIM_COUNT + NRESULT + 1];
  size_t nh = 0;
  while (older < nd && !(tvp_dimensions[dims[older]].flags & TVP_DIM_NEWER_COLUMN))
    header[nh++] = tvp_dimensions[dims[older++]].column;
  for (size_t k = 0; k < NRESULT; k++)
    header[nh++] = result_columns[k];
  for (int k = older; k < nd; k++)
    header[nh++] = tvp_dimensions[dims[k]].column;
  header[nh] = NULL;
  int fd = file.fd;
  int rc = tvp_csv_write_header(fd, header);
  tvp_csv_row row;
  tvp_csv_row_init(&row);
  for (size_t i = 0; i < n && rc == 0; i++) {
    const comparison *c = &cs[i];
    for (int k = 0; k < older; k++)
      tvp_csv_str(&row, tvp_csv_table_get(A->sum, c->row_a, A->skey[dims[k]]));
    tvp_csv_uint(&row, c->na);
    tvp_csv_uint(&row, c->nb);
    tvp_csv_double(&row, c->med_a, 9);
    tvp_csv_double(&row, c->med_b, 9);
    tvp_csv_str(&row, c->unit);
    tvp_csv_double(&row, c->ratio, 6);
    tvp_csv_double(&row, c->mw.u, 6);
    tvp_csv_double(&row, c->mw.p, 6);
    tvp_csv_str(&row, c->verdict);
    for (int k = older; k < nd; k++)
      tvp_csv_str(&row, tvp_csv_table_get(A->sum, c->row_a, A->skey[dims[k]]));
    rc = tvp_csv_row_write(fd, &row);
  }
  tvp_csv_row_free(&row);
  if (rc != 0) {
    tvp_buf_printf(err, "cannot write %s: %s", tmp, strerror(errno));
    tvp_fs_abort(&file);
  } else if ((rc = tvp_fs_commit(&file)) == -1) {
    tvp_buf_printf(err, "cannot write %s: %s", tmp, strerror(errno));
  } else if (rc != 0) {
    tvp_buf_printf(err, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
    rc = -1;
  }
  free(path);
  free(tmp);
  return rc;
}

static void print_table(const comparison *cs, size_t n, const run_files *A, const run_files *B,
                        double alpha) {
  printf("A: %s\nB: %s\n\n", A->dir, B->dir);
  printf("%-14s %-6s %-8s %-8s %7s %10s %7s %10s %10s %-10s %7s %8s  %s\n", "kernel", "model",
         "place", "scaling", "workers", "size", "reps", "median A", "median B", "unit", "B/A",
         "p", "verdict");
  for (size_t i = 0; i < n; i++) {
    const comparison *c = &cs[i];
    const tvp_csv_table *t = A->sum;
    char size[64], reps[64], ma[32], mb[32], ratio[32], p[32];
    const char *d = tvp_csv_table_get(t, c->row_a, A->skey[TVP_DIM_DURATION]);
    if (*d)
      snprintf(size, sizeof size, "%ss", d);
    else
      snprintf(size, sizeof size, "%s", tvp_csv_table_get(t, c->row_a, A->skey[TVP_DIM_UNITS]));
    snprintf(reps, sizeof reps, "%zu/%zu", c->na, c->nb);
    tvp_format_si(ma, sizeof ma, c->med_a);
    tvp_format_si(mb, sizeof mb, c->med_b);
    if (isfinite(c->ratio))
      snprintf(ratio, sizeof ratio, "%.3f", c->ratio);
    else
      snprintf(ratio, sizeof ratio, "-");
    if (isfinite(c->mw.p))
      snprintf(p, sizeof p, "%.4f", c->mw.p);
    else
      snprintf(p, sizeof p, "-");
    printf("%-14s %-6s %-8s %-8s %7s %10s %7s %10s %10s %-10s %7s %8s  %s\n",
           tvp_csv_table_get(t, c->row_a, A->skey[TVP_DIM_KERNEL]),
           tvp_csv_table_get(t, c->row_a, A->skey[TVP_DIM_MODEL]),
           tvp_csv_table_get(t, c->row_a, A->skey[TVP_DIM_PLACEMENT]),
           tvp_csv_table_get(t, c->row_a, A->skey[TVP_DIM_SCALING]),
           tvp_csv_table_get(t, c->row_a, A->skey[TVP_DIM_WORKERS]), size, reps, ma, mb, c->unit, ratio,
           p, c->verdict);
  }
  printf("\nB/A: median throughput of B over that of A (above 1: B does more work per second).\n"
         "p: two-sided Mann-Whitney U test on the measured repetitions' throughput; "
         "faster/slower: B against A at p <= %g.\n",
         alpha);
}

/* Pairs each configuration of A with the same one in B and compares them; says
 * on stderr what is in one run only, or has no measured repetition. Returns how
 * many pairs cs (room for every row of A) holds. */
static size_t compare_all(const run_files *A, const run_files *B, double alpha, comparison *cs) {
  size_t n = 0;
  char *b_matched = tvp_xcalloc(B->sum->nrows + 1, 1);
  for (size_t ra = 0; ra < A->sum->nrows; ra++) {
    size_t rb = 0;
    while (rb < B->sum->nrows && (b_matched[rb] || !same_key(A->sum, A->skey, ra, B->sum, B->skey, rb)))
      rb++;
    tvp_buf what = {0};
    describe(A, ra, &what);
    if (rb == B->sum->nrows) {
      fprintf(stderr, "only in A: %s\n", what.data);
    } else {
      b_matched[rb] = 1;
      cs[n] = (comparison){.row_a = ra, .row_b = rb};
      compare_one(&cs[n], A, B, alpha);
      const char *none = NULL;
      if (cs[n].na == 0)
        none = cs[n].nb == 0 ? "either run" : "A";
      else if (cs[n].nb == 0)
        none = "B";
      if (none)
        fprintf(stderr, "no successful measured repetition in %s: %s\n", none, what.data);
      n++;
    }
    tvp_buf_free(&what);
  }
  for (size_t rb = 0; rb < B->sum->nrows; rb++)
    if (!b_matched[rb]) {
      tvp_buf what = {0};
      describe(B, rb, &what);
      fprintf(stderr, "only in B: %s\n", what.data);
      tvp_buf_free(&what);
    }
  free(b_matched);
  return n;
}

/* The table on stdout, compare.csv in out (RUN_B/compare when NULL) and its chart. */
static int write_outputs(const comparison *cs, size_t n, const run_files *A, const run_files *B,
                         double alpha, const char *out) {
  print_table(cs, n, A, B, alpha);
  char *defout = out ? NULL : tvp_path_in(B->dir, "compare");
  tvp_buf err = {0};
  int rc = TVP_EXIT_OK;
  if (!out)
    out = defout;
  if (mkdir(out, 0777) != 0 && errno != EEXIST) {
    tvp_err("compare: cannot create %s: %s", out, strerror(errno));
    rc = TVP_EXIT_FAIL;
  } else if (write_csv(out, cs, n, A, &err) != 0) {
    tvp_err("compare: %s", err.data);
    rc = TVP_EXIT_FAIL;
  } else {
    printf("\ncompare.csv: %s/compare.csv\n", out);
    chart(out);
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
  run_files A = {.dir = argv[optind]}, B = {.dir = argv[optind + 1]};
  tvp_buf err = {0};
  if (load(&A, &err) != 0 || load(&B, &err) != 0) {
    int rc = tvp_usage_error("compare", "%s", err.data);
    tvp_buf_free(&err);
    tvp_run_folder_free(&A.run);
    return rc;
  }
  comparison *cs = tvp_xcalloc(A.sum->nrows + 1, sizeof *cs);
  size_t n = compare_all(&A, &B, alpha, cs);
  int rc;
  if (n == 0) {
    tvp_err("compare: %s and %s have no configuration in common (same kernel, model, "
            "placement, scaling, workers, size, footprint, chunk and duration)", A.dir, B.dir);
    rc = TVP_EXIT_FAIL;
  } else {
    rc = write_outputs(cs, n, &A, &B, alpha, out);
  }
  for (size_t i = 0; i < n; i++) {
    free(cs[i].a);
    free(cs[i].b);
  }
  free(cs);
  tvp_run_folder_free(&A.run);
  tvp_run_folder_free(&B.run);
  return rc;
}
