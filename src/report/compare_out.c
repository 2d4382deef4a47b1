/* tvp compare's output: notes on stderr, the table on stdout, compare.csv
 * through a temporary name and the chart through gnuplot. The columns and the
 * words of a configuration come from the sweep dimensions (plan/dimensions.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/fs.h"
#include "plan/dimensions.h"
#include "report/compare_out.h"
#include "report/compare_unmatched.h"
#include "report/gnuplot_run.h"

/* compare.csv: the dimensions' columns, then these, then the newer columns of the
 * dimensions, last so the columns before them keep their places (they tell apart
 * the configurations that differ only in footprint, as spawn.rss, or in chunk, as pool.map). */
static const char *const result_columns[] = {
    "reps_a", "reps_b", "throughput_median_a", "throughput_median_b", "throughput_unit",
    "ratio", "ratio_ci95_low", "ratio_ci95_high", "p_adjusted", "verdict", "verdict_why"};
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

/* With one run a side: what the repetitions cannot show, and what was done
 * about it (analysis/compare.h, drift_sd). */
static void say_drift(const tvp_comparison *c) {
  printf("Each ratio B/A rests on the two runs' repetitions (at least %d a side for a verdict).\n",
         TVP_COMPARE_REPS_NEEDED);
  if (isnan(c->drift_sd)) {
    printf("With fewer than %d configurations in common, how much two runs minutes apart differ\n"
           "on this machine is not estimated: the intervals leave it out. On a shared or virtual\n"
           "machine, give several runs a side (tvp compare A1 A2 A3 -- B1 B2 B3).\n\n",
           TVP_COMPARE_DRIFT_MIN);
    return;
  }
  printf("Two runs differ by more than their repetitions show: across the %zu configurations,\n"
         "log(B/A) spreads by %.1f %% beyond them (by worker count, where that is more), and each\n"
         "interval includes that spread. A change smaller than about twice it needs several runs\n"
         "a side (tvp compare A1 A2 A3 -- B1 B2 B3).\n\n",
         c->drift_from, 100 * expm1(c->drift_sd));
}

void tvp_compare_print_notes(const tvp_comparison *c) {
  tvp_buf b = {0};
  tvp_compare_say_unmatched(c, &b);
  if (b.len)
    fprintf(stderr, "not compared: %s\n", b.data);
  tvp_buf_free(&b);
  /* One run with an environment and one without: say why no field is named. */
  const tvp_env_diff *env = &c->environment;
  if (env->recorded_a != env->recorded_b)
    fprintf(stderr, "environment not compared: %s's meta.json records none (a run from before "
            "tvp recorded it, or no meta.json)\n", env->recorded_a ? "B" : "A");
}

/* A value of an environment field as the table names it. */
static void print_env_value(const char *v) {
  if (v)
    printf("'%s'", v);
  else
    printf("absent");
}

static void print_env_line(const tvp_env_difference *d) {
  printf("  %s: A ", d->field);
  print_env_value(d->a);
  printf(", B ");
  print_env_value(d->b);
  printf("\n");
}

/* The fields of the environment that differ, one line each; nothing when none
 * does. The load averages differ between any two runs: information, below. */
static void print_environment(const tvp_env_diff *env) {
  if (env->warn) {
    printf("The runs' environments differ (meta.json's environment; absent: not readable there):\n");
    for (size_t i = 0; i < env->n; i++)
      if (!env->d[i].info)
        print_env_line(&env->d[i]);
  }
  if (env->warn < env->n) {
    printf("For information (these differ between any two runs):\n");
    for (size_t i = 0; i < env->n; i++)
      if (env->d[i].info)
        print_env_line(&env->d[i]);
  }
  if (env->n)
    printf("\n");
}

/* "A: DIR" or "A: 3 runs: DIR, DIR, DIR". */
static void print_side(const char *name, tvp_compare_side s) {
  printf("%s: ", name);
  if (s.n > 1)
    printf("%zu runs: ", s.n);
  for (size_t i = 0; i < s.n; i++)
    printf("%s%s", i ? ", " : "", s.runs[i].dir);
  printf("\n");
}

/* The adjusted p-value of the test the verdict turns on: of "no meaningful
 * difference" when the ratio is within the margin, else of "a difference". */
static double p_adjusted(const tvp_comparison *c, const tvp_compare_pair *pair) {
  double m = pair->est.median, up = 1 + c->margin;
  return m <= up && m >= 1 / up ? pair->est.p_same_adj : pair->est.p_diff_adj;
}

static void print_row(const tvp_comparison *c, const tvp_compare_pair *pair) {
  const tvp_point *pt = pair->pt;
  char size[64], reps[64], ma[32], mb[32];
  if (*pt->dim[TVP_DIM_DURATION])
    snprintf(size, sizeof size, "%ss", pt->dim[TVP_DIM_DURATION]);
  else
    snprintf(size, sizeof size, "%s", pt->dim[TVP_DIM_UNITS]);
  snprintf(reps, sizeof reps, "%zu/%zu", pair->reps_a, pair->reps_b);
  tvp_format_si(ma, sizeof ma, pair->med_a);
  tvp_format_si(mb, sizeof mb, pair->med_b);
  tvp_buf say = {0};
  tvp_verdict_say(&say, pair->verdict, &pair->est, c->margin, "B", "A");
  printf("%-14s %-6s %-8s %-8s %7s %10s %7s %10s %10s %-10s  %s\n", pt->dim[TVP_DIM_KERNEL],
         pt->dim[TVP_DIM_MODEL], pt->dim[TVP_DIM_PLACEMENT], pt->dim[TVP_DIM_SCALING],
         pt->dim[TVP_DIM_WORKERS], size, reps, ma, mb, pair->unit, say.data);
  tvp_buf_free(&say);
}

void tvp_compare_print_table(const tvp_comparison *c) {
  print_side("A", c->a);
  print_side("B", c->b);
  printf("\n");
  print_environment(&c->environment);
  printf("%zu configuration%s tested; %s at %g %%; margin %g %%\n", c->tested,
         c->tested == 1 ? "" : "s", tvp_mt_name(TVP_MT_BH), c->alpha * 100, c->margin * 100);
  if (c->a.n == 1 && c->b.n == 1)
    say_drift(c);
  else
    printf("Each ratio B/A rests on the medians of each side's runs (at least %d a side for a "
           "verdict), so the spread from run to run counts.\n\n", TVP_COMPARE_RUNS_NEEDED);
  printf("%-14s %-6s %-8s %-8s %7s %10s %7s %10s %10s %-10s  %s\n", "kernel", "model", "place",
         "scaling", "workers", "size", "reps", "median A", "median B", "unit", "verdict");
  for (size_t i = 0; i < c->npairs; i++)
    print_row(c, &c->pairs[i]);
  printf("\nB/A: throughput of B over that of A (above 1: B does more work per second), with "
         "its 95 %% interval (Welch's t on the logarithms).\n");
}

/* compare.csv's rows after its header, on fd. */
static int write_rows(int fd, const tvp_comparison *c, const int *dims, int nd, int older) {
  int rc = 0;
  tvp_csv_row row;
  tvp_csv_row_init(&row);
  for (size_t i = 0; i < c->npairs && rc == 0; i++) {
    const tvp_compare_pair *pair = &c->pairs[i];
    const tvp_point *pt = pair->pt;
    for (int k = 0; k < older; k++)
      tvp_csv_str(&row, pt->dim[dims[k]]);
    tvp_csv_uint(&row, pair->reps_a);
    tvp_csv_uint(&row, pair->reps_b);
    tvp_csv_double(&row, pair->med_a, 9);
    tvp_csv_double(&row, pair->med_b, 9);
    tvp_csv_str(&row, pair->unit);
    tvp_csv_double(&row, pair->est.median, 6);
    tvp_csv_double(&row, pair->est.lo, 6);
    tvp_csv_double(&row, pair->est.hi, 6);
    tvp_csv_double(&row, p_adjusted(c, pair), 6);
    tvp_csv_str(&row, tvp_verdict_token(pair->verdict.kind));
    tvp_csv_str(&row, tvp_verdict_why_token(pair->verdict.why));
    for (int k = older; k < nd; k++)
      tvp_csv_str(&row, pt->dim[dims[k]]);
    rc = tvp_csv_row_write(fd, &row);
  }
  tvp_csv_row_free(&row);
  return rc;
}

/* compare.csv through a temporary name, so it is on disk whole or not at all. */
static int write_csv(const char *outdir, const tvp_comparison *c, tvp_buf *err) {
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
  int rc = tvp_csv_write_header(file.fd, header);
  if (rc == 0)
    rc = write_rows(file.fd, c, dims, nd, older);
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

/* What compare.gp needs to know of compare.csv, counted here and passed as numbers
 * and words: the script runs no shell, so no path reaches one. n: the rows; lo and
 * hi: the y range, the ratios with 1.0 always in view; verdicts: those that occur,
 * each between bars, since a series with no point would make gnuplot warn. */
static void chart_numbers(const tvp_comparison *c, tvp_buf *vars) {
  double lo = 1, hi = 1;
  tvp_buf verdicts = {0};
  tvp_buf_printf(&verdicts, "|");
  for (size_t i = 0; i < c->npairs; i++) {
    const tvp_compare_pair *pair = &c->pairs[i];
    double r = pair->est.median;
    if (isfinite(r) && r > 0) {
      lo = fmin(lo, r);
      hi = fmax(hi, r);
    }
    const char *name = tvp_verdict_token(pair->verdict.kind);
    if (!*name || (pair->verdict.kind != TVP_V_DISTURBED && !(isfinite(r) && r > 0)))
      continue; /* no ratio to draw; a disturbed one is drawn at 1 */
    char bar[64];
    snprintf(bar, sizeof bar, "|%s|", name);
    if (!strstr(verdicts.data, bar))
      tvp_buf_printf(&verdicts, "%s|", name);
  }
  tvp_buf_printf(vars, "n=%zu; lo=%.17g; hi=%.17g; ", c->npairs, lo, hi);
  tvp_gnuplot_var(vars, "verdicts", verdicts.data);
  tvp_buf_free(&verdicts);
}

/* compare.png, when gnuplot and the script are found; -1 with the reason in err
 * when gnuplot fails, which leaves no chart behind. */
static int chart(const tvp_comparison *c, const char *outdir, tvp_buf *err) {
  char *script = find_compare_gp();
  if (!script)
    return 0; /* no script for this chart in this tree: the CSV is the result */
  if (!tvp_gnuplot_available()) {
    tvp_err("compare: gnuplot is not installed, so no compare.png "
            "(install it with 'apt-get install gnuplot-nox')");
    free(script);
    return 0;
  }
  /* Drawn under a hidden name and renamed when whole, as tvp plot draws. */
  char *csv = tvp_path_in(outdir, "compare.csv"), *png = tvp_path_in(outdir, "compare.png");
  char *part = tvp_path_in(outdir, ".compare.partial.png");
  tvp_buf vars = {0};
  tvp_gnuplot_var(&vars, "csv", csv);
  tvp_gnuplot_var(&vars, "out", part);
  chart_numbers(c, &vars);
  int rc = tvp_gnuplot_draw(script, vars.data, part, png);
  if (rc == 0)
    printf("chart: %s\n", png);
  else if (errno)
    tvp_buf_printf(err, "cannot rename %s to %s: %s", part, png, strerror(errno));
  else
    tvp_buf_printf(err, "gnuplot failed on %s for %s (compare.csv is whole)", script, png);
  if (rc != 0)
    unlink(png); /* an older chart would not match the new compare.csv */
  tvp_buf_free(&vars);
  free(script);
  free(csv);
  free(png);
  free(part);
  return rc;
}

int tvp_compare_write_files(const tvp_comparison *c, const char *dir, tvp_buf *err) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    tvp_buf_printf(err, "cannot create %s: %s", dir, strerror(errno));
    return -1;
  }
  if (write_csv(dir, c, err) != 0)
    return -1;
  printf("\ncompare.csv: %s/compare.csv\n", dir);
  return chart(c, dir, err);
}
