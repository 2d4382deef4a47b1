/* The table of the sweep's dimensions: its rows agree with the suite keys and the
 * CSV schema, the same-point test, the CSV fields and the plan digest it derives. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "models/model.h"
#include "plan/dimensions.h"
#include "plan/plan.h"
#include "results/results.h"

/* Names and columns are keys: a repeated one would make two dimensions one. */
static void rows_are_whole_and_unique(void) {
  for (int d = 0; d < TVP_DIM_COUNT; d++) {
    const tvp_dimension *a = &tvp_dimensions[d];
    if (!(a->name && a->suite_key && a->flag && a->label && a->same && a->text)) {
      CHECK(!"every row names itself, its suite key, flag and label, and can compare and print its value");
      continue;
    }
    CHECK(strncmp(a->flag, "--", 2) == 0);
    CHECK(!a->column == !a->csv);
    /* A point dimension splits series in the charts and compare, which read the CSV. */
    if (a->flags & TVP_DIM_POINT)
      CHECK(a->column && a->phrase);
    if (a->flags & (TVP_DIM_OPTIONAL | TVP_DIM_NEWER_COLUMN))
      CHECK(a->column != NULL);
    for (int e = 0; e < d; e++) {
      CHECK(!tvp_dimensions[e].name || strcmp(a->name, tvp_dimensions[e].name) != 0);
      CHECK(!a->column || !tvp_dimensions[e].column ||
            strcmp(a->column, tvp_dimensions[e].column) != 0);
    }
  }
}

/* Every suite key of the table is one tvp_sweep_set takes. */
static void suite_keys_are_known(void) {
  for (int d = 0; d < TVP_DIM_COUNT; d++) {
    tvp_sweep s;
    char err[512] = "";
    tvp_sweep_init(&s);
    tvp_sweep_set(&s, tvp_dimensions[d].suite_key, "x", err, sizeof err);
    if (strncmp(err, "unknown key", 11) == 0)
      fprintf(stderr, "suite key of %s: %s\n", tvp_dimensions[d].name, err);
    CHECK(strncmp(err, "unknown key", 11) != 0);
    tvp_sweep_free(&s);
  }
}

/* The columns of the table, in its order, are those runs.csv and summary.csv
 * name a configuration by (summary.csv adds the kernel's bound after the kernel). */
static void columns_match_the_schema(void) {
  int r = 1, s = 1; /* past "config" */
  for (int d = 0; d < TVP_DIM_COUNT; d++) {
    const char *col = tvp_dimensions[d].column;
    if (!col)
      continue;
    if (strcmp(tvp_summary_columns[s], "bound") == 0)
      s++;
    CHECK_STR(tvp_runs_columns[r++], col);
    CHECK_STR(tvp_summary_columns[s++], col);
  }
  CHECK_STR(tvp_runs_columns[r], "rep");
  CHECK_STR(tvp_summary_columns[s], "oversubscribed");
}

static tvp_config base_config(void) {
  return (tvp_config){.kernel = tvp_kernel_find("pool.map"), .model = tvp_model_find("thread"),
                      .placement = TVP_PLACE_CORE, .workers = 2, .units = 20000,
                      .scaling = TVP_SCALING_STRONG, .reps = 5, .warmup = 1, .timeout_s = 60};
}

static void same_series(void) {
  tvp_config a = base_config(), b = a;
  CHECK(a.kernel && a.model);
  CHECK(tvp_config_same_series(&a, &b));
  /* Model, workers and threads per rank are what a series varies. */
  b.model = tvp_model_find("fork");
  b.workers = 4;
  b.threads = 2;
  b.reps = 3;
  CHECK(tvp_config_same_series(&a, &b));
  tvp_config c;
  c = a, c.kernel = tvp_kernel_find("cpu.primes");
  CHECK(!tvp_config_same_series(&a, &c));
  c = a, c.placement = TVP_PLACE_NONE;
  CHECK(!tvp_config_same_series(&a, &c));
  c = a, c.scaling = TVP_SCALING_WEAK;
  CHECK(!tvp_config_same_series(&a, &c));
  c = a, c.units = 40000;
  CHECK(!tvp_config_same_series(&a, &c));
  c = a, c.footprint = 4096;
  CHECK(!tvp_config_same_series(&a, &c));
  c = a, c.chunk = 16;
  CHECK(!tvp_config_same_series(&a, &c));
  c = a, c.duration_s = 0.5;
  CHECK(!tvp_config_same_series(&a, &c));
}

static void csv_text(const tvp_config *c, tvp_dim_id first, const char *want) {
  tvp_csv_row row;
  tvp_csv_row_init(&row);
  tvp_dimensions_csv(&row, c, first);
  CHECK_STR(row.len ? row.buf : "", want);
  tvp_csv_row_free(&row);
}

/* The values the CSV files have always held: defaults empty, a duration only in fixed-time mode. */
static void csv_fields(void) {
  tvp_config c = base_config();
  csv_text(&c, TVP_DIM_KERNEL, "pool.map,thread,core,strong,2,20000,,,");
  c.footprint = 4096;
  c.chunk = 16;
  c.duration_s = 0.5; /* ignored out of fixed-time mode */
  csv_text(&c, TVP_DIM_KERNEL, "pool.map,thread,core,strong,2,20000,4096,16,");
  c.scaling = TVP_SCALING_DURATION;
  csv_text(&c, TVP_DIM_MODEL, "thread,core,duration,2,20000,4096,16,0.5");
}

/* A plan from suite text, expanded for 2 cores and 2 PUs: its digest. */
static void digest_of(const char *text, const char *want) {
  tvp_sweep *sweeps;
  tvp_plan p;
  char err[512] = "", got[17] = "";
  int n = tvp_suite_parse(text, "test.suite", &sweeps, err, sizeof err);
  CHECK(n > 0);
  if (n <= 0)
    return;
  if (tvp_plan_expand(sweeps, n, NULL, 2, 2, &p, err, sizeof err) == 0) {
    tvp_plan_digest(&p, got);
    tvp_plan_free(&p);
  } else {
    fprintf(stderr, "%s\n", err);
  }
  CHECK_STR(got, want);
  tvp_suite_free(sweeps, n);
}

/* meta.json keeps the digest and --resume compares it: these are the digests
 * of plans that runs already hold, so they may never change. */
static void digest_is_stable(void) {
  digest_of("kernels cpu.primes,pool.map\nmodels thread,fork\nworkers 1,2\nplacement core,none\n"
            "sizes default,20k\nfootprints default,4Ki\nchunks default,16\n",
            "46c6fa03ed7cd9d5");
  digest_of("kernels cpu.primes\nmodels thread\nworkers 1,2\nduration 0.25\nreps 3\nwarmup 0\n"
            "timeout 7\n[w]\nkernels cpu.hash\nscaling weak\n",
            "d5fbf1ecae69d8d6");
  /* Threads per rank enter the digest only when set. */
  if (!tvp_model_missing(tvp_model_find("mpi+thread")))
    digest_of("kernels cpu.primes\nmodels mpi,mpi+thread\nthreads 2\nworkers 2,4\n", "f6c8deaabdbe3d01");
}

int main(void) {
  unsetenv("TVP_TEST_KERNELS");
  rows_are_whole_and_unique();
  suite_keys_are_known();
  columns_match_the_schema();
  same_series();
  csv_fields();
  digest_is_stable();
  CHECK_DONE();
}
