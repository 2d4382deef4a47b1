/* Reading a run folder back into typed rows. Numbers are parsed once here, so
 * every reader agrees on what an empty or missing field means. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/kernel.h"
#include "place/policy.h"
#include "plan/dimensions.h"
#include "results/run_folder.h"

/* A count from a field: 0 when it is not one (empty, negative, absurd). */
static unsigned count_of(double v) { return v >= 0 && v < 1e9 ? (unsigned)v : 0; }

static void read_points(tvp_run_folder *f) {
  const tvp_csv_table *t = &f->summary;
#define COL(name) tvp_csv_table_col(t, name)
  int c_dim[TVP_DIM_COUNT]; /* -1 for a column a run lacks: chunk_items before there were chunks */
  for (int d = 0; d < TVP_DIM_COUNT; d++)
    c_dim[d] = tvp_dimensions[d].column ? COL(tvp_dimensions[d].column) : -1;
  int c_config = COL("config"), c_kernel = COL("kernel"), c_model = COL("model"), c_reps = COL("reps"), c_status = COL("status"), c_reason = COL("reason"),
      c_unit = COL("throughput_unit"), c_bound = COL("bound"), c_workers = COL("workers"),
      c_over = COL("oversubscribed"), c_reps_ok = COL("reps_ok"),
      c_disturbed = COL("reps_disturbed"), c_cv = COL("time_cv"),
      c_tp = COL("throughput_median"), c_lo = COL("throughput_ci95_low"),
      c_hi = COL("throughput_ci95_high"), c_speedup = COL("speedup"), c_eff = COL("efficiency"),
      c_tmed = COL("time_median_s"), c_tlo = COL("time_ci95_low_s"), c_thi = COL("time_ci95_high_s"),
      c_ratio = COL("ratio_vs_thread"), c_pss = COL("pss_kib_median"),
      c_implausible = COL("implausible"), c_implausible_reason = COL("implausible_reason"),
      c_rlo = COL("ratio_ci95_low"), c_rhi = COL("ratio_ci95_high"),
      c_rlm = COL("ratio_log_mean"), c_rls = COL("ratio_log_se"), c_vp = COL("verdict_p"),
      c_slo = COL("speedup_ci95_low"), c_shi = COL("speedup_ci95_high"), c_kf = COL("karp_flatt"),
      c_pr = COL("pairs_ratio"), c_ps = COL("pairs_speedup"), c_v = COL("verdict"),
      c_vwhy = COL("verdict_why");
#undef COL
  f->npoints = t->nrows;
  f->points = tvp_xcalloc(t->nrows + 1, sizeof *f->points);
  for (size_t r = 0; r < t->nrows; r++) {
    tvp_point *p = &f->points[r];
    p->config = tvp_csv_table_get(t, r, c_config);
    p->kernel = tvp_csv_table_get(t, r, c_kernel);
    p->model = tvp_csv_table_get(t, r, c_model);
    for (int d = 0; d < TVP_DIM_COUNT; d++)
      p->dim[d] = tvp_csv_table_get(t, r, c_dim[d]);
    p->units_asked = p->dim[TVP_DIM_UNITS];
    p->reps = tvp_csv_table_get(t, r, c_reps);
    p->status = tvp_csv_table_get(t, r, c_status);
    p->reason = tvp_csv_table_get(t, r, c_reason);
    p->unit = tvp_csv_table_get(t, r, c_unit);
    p->bound = tvp_csv_table_get(t, r, c_bound);
    p->workers = count_of(tvp_csv_table_num(t, r, c_workers));
    p->oversubscribed = tvp_csv_table_num(t, r, c_over) == 1;
    p->reps_ok = count_of(tvp_csv_table_num(t, r, c_reps_ok));
    p->reps_disturbed = count_of(tvp_csv_table_num(t, r, c_disturbed));
    p->time_cv = tvp_csv_table_num(t, r, c_cv);
    p->tp_median = tvp_csv_table_num(t, r, c_tp);
    p->tp_ci_low = tvp_csv_table_num(t, r, c_lo);
    p->tp_ci_high = tvp_csv_table_num(t, r, c_hi);
    p->speedup = tvp_csv_table_num(t, r, c_speedup);
    p->efficiency = tvp_csv_table_num(t, r, c_eff);
    p->time_median_s = tvp_csv_table_num(t, r, c_tmed);
    p->time_ci_low_s = tvp_csv_table_num(t, r, c_tlo);
    p->time_ci_high_s = tvp_csv_table_num(t, r, c_thi);
    p->ratio_vs_thread = tvp_csv_table_num(t, r, c_ratio);
    p->pss_kib_median = tvp_csv_table_num(t, r, c_pss);
    p->implausible = tvp_csv_table_num(t, r, c_implausible) == 1;
    p->implausible_reason = tvp_csv_table_get(t, r, c_implausible_reason);
    p->ratio_ci_low = tvp_csv_table_num(t, r, c_rlo);
    p->ratio_ci_high = tvp_csv_table_num(t, r, c_rhi);
    p->ratio_log_mean = tvp_csv_table_num(t, r, c_rlm);
    p->ratio_log_se = tvp_csv_table_num(t, r, c_rls);
    p->verdict_p = tvp_csv_table_num(t, r, c_vp);
    p->speedup_ci_low = tvp_csv_table_num(t, r, c_slo);
    p->speedup_ci_high = tvp_csv_table_num(t, r, c_shi);
    p->karp_flatt = tvp_csv_table_num(t, r, c_kf);
    p->pairs_ratio = count_of(tvp_csv_table_num(t, r, c_pr));
    p->pairs_speedup = count_of(tvp_csv_table_num(t, r, c_ps));
    int v = tvp_verdict_kind_parse(tvp_csv_table_get(t, r, c_v));
    p->verdict = v < 0 ? TVP_V_NONE : (tvp_verdict_kind)v;
    int why = tvp_verdict_why_parse(tvp_csv_table_get(t, r, c_vwhy));
    p->verdict_why = why < 0 ? TVP_WHY_NONE : (tvp_verdict_why)why;
  }
}

/* The size each point was asked for: where --min-time grew a kernel's size,
 * meta.json's min_time_sizes says from what. Two runs of one suite then name
 * the same configuration alike, though each probe chose its own size. */
static void asked_sizes(tvp_run_folder *f) {
  for (size_t r = 0; r < f->npoints; r++) {
    tvp_point *p = &f->points[r];
    for (size_t i = 0; i < f->meta.nsizes; i++) {
      const tvp_meta_obj *o = &f->meta.sizes[i];
      const char *kernel = tvp_meta_obj_get(o, "kernel"), *units = tvp_meta_obj_get(o, "units"),
                 *from = tvp_meta_obj_get(o, "from");
      if (kernel && units && from && strcmp(kernel, p->kernel) == 0 &&
          strcmp(units, p->dim[TVP_DIM_UNITS]) == 0)
        p->units_asked = from;
    }
  }
}

/* The names that name files (chart files are named after kernel and placement)
 * must have the registry's syntax: summary.csv is text anyone can edit, and a
 * kernel '/../../x' would put a chart outside the run folder. 0, or -1 with why. */
static int check_names(const tvp_run_folder *f, tvp_buf *err) {
  for (size_t r = 0; r < f->npoints; r++) {
    const tvp_point *p = &f->points[r];
    tvp_placement_policy place;
    if (!tvp_kernel_name_valid(p->kernel)) {
      tvp_buf_printf(err, "%s/summary.csv: row %zu: '%s' is not a kernel name (group.name, of "
                     "lowercase letters, digits and '_')", f->dir, r + 1, p->kernel);
      return -1;
    }
    if (*p->dim[TVP_DIM_PLACEMENT] && tvp_placement_parse(p->dim[TVP_DIM_PLACEMENT], &place) != 0) {
      tvp_buf_printf(err, "%s/summary.csv: row %zu: '%s' is not a placement", f->dir, r + 1,
                     p->dim[TVP_DIM_PLACEMENT]);
      return -1;
    }
  }
  return 0;
}

static void read_reps(tvp_run_folder *f) {
  const tvp_csv_table *t = &f->runs;
  int c_config = tvp_csv_table_col(t, "config"), c_rep = tvp_csv_table_col(t, "rep"),
      c_warmup = tvp_csv_table_col(t, "warmup"), c_status = tvp_csv_table_col(t, "status"),
      c_tp = tvp_csv_table_col(t, "throughput"), c_unit = tvp_csv_table_col(t, "throughput_unit"),
      c_disturbed = tvp_csv_table_col(t, "disturbed"), c_attempt = tvp_csv_table_col(t, "attempt");
  f->nreps = t->nrows;
  f->reps = tvp_xcalloc(t->nrows + 1, sizeof *f->reps);
  for (size_t r = 0; r < t->nrows; r++) {
    tvp_rep_row *x = &f->reps[r];
    x->config = tvp_csv_table_get(t, r, c_config);
    x->status = tvp_csv_table_get(t, r, c_status);
    x->unit = tvp_csv_table_get(t, r, c_unit);
    double rep = tvp_csv_table_num(t, r, c_rep), warmup = tvp_csv_table_num(t, r, c_warmup);
    x->rep = isfinite(rep) ? (long)rep : -1;
    double attempt = tvp_csv_table_num(t, r, c_attempt);
    x->attempt = attempt >= 0 && attempt < 1e9 ? (long)attempt : 0;
    x->warmup = warmup == 1 ? 1 : warmup == 0 ? 0 : -1;
    x->throughput = tvp_csv_table_num(t, r, c_tp);
    x->disturbed = tvp_csv_table_num(t, r, c_disturbed) == 1;
  }
}

/* DIR/name read as a table; the message of the CSV reader names the file. */
static int read_table(const char *dir, const char *name, tvp_csv_table *t, tvp_buf *err) {
  tvp_buf path = {0};
  tvp_buf_printf(&path, "%s/%s", dir, name);
  char cerr[1024];
  int rc = tvp_csv_table_read(path.data, t, cerr, sizeof cerr);
  if (rc != 0)
    tvp_buf_printf(err, "%s", cerr);
  tvp_buf_free(&path);
  return rc;
}

int tvp_run_folder_read(tvp_run_folder *f, const char *dir, unsigned files, tvp_buf *err) {
  memset(f, 0, sizeof *f);
  f->dir = dir;
  if (read_table(dir, "summary.csv", &f->summary, err) != 0)
    return -1;
  if (files & (TVP_RUN_RUNS | TVP_RUN_RUNS_IF_ANY)) {
    tvp_buf runs_err = {0};
    f->have_runs = read_table(dir, "runs.csv", &f->runs, &runs_err) == 0;
    if (!f->have_runs && (files & TVP_RUN_RUNS)) {
      tvp_buf_printf(err, "%s", runs_err.data);
      tvp_buf_free(&runs_err);
      tvp_csv_table_free(&f->summary);
      return -1;
    }
    tvp_buf_free(&runs_err);
  }
  read_points(f);
  if (check_names(f, err) != 0) {
    tvp_run_folder_free(f);
    return -1;
  }
  if (f->have_runs)
    read_reps(f);
  if (files & TVP_RUN_META) {
    tvp_buf path = {0};
    tvp_buf_printf(&path, "%s/meta.json", dir);
    f->have_meta = tvp_meta_read(path.data, &f->meta, &f->meta_err) == 0;
    tvp_buf_free(&path);
    asked_sizes(f);
  }
  return 0;
}

void tvp_run_folder_free(tvp_run_folder *f) {
  free(f->points);
  free(f->reps);
  tvp_meta_doc_free(&f->meta);
  tvp_buf_free(&f->meta_err);
  tvp_csv_table_free(&f->summary);
  if (f->have_runs)
    tvp_csv_table_free(&f->runs);
  memset(f, 0, sizeof *f);
}

int tvp_run_folder_need(const tvp_run_folder *f, int runs, const char *column, tvp_buf *err) {
  if (tvp_csv_table_col(runs ? &f->runs : &f->summary, column) >= 0)
    return 0;
  tvp_buf_printf(err, "%s/%s has no column '%s'", f->dir, runs ? "runs.csv" : "summary.csv", column);
  return -1;
}

long tvp_run_folder_warmups(const tvp_run_folder *f) {
  if (!f->have_runs || tvp_csv_table_col(&f->runs, "config") < 0 ||
      tvp_csv_table_col(&f->runs, "rep") < 0 || tvp_csv_table_col(&f->runs, "warmup") < 0 ||
      tvp_csv_table_col(&f->summary, "config") < 0)
    return -1;
  long warmups = -1;
  int seen = 0;
  for (size_t s = 0; s < f->npoints && warmups != -2; s++) {
    /* A failed configuration stops early: only ok ones say how many were planned. */
    if (strcmp(f->points[s].status, "ok") != 0)
      continue;
    /* The count per configuration is its highest warm-up rep + 1. */
    long w = 0;
    for (size_t r = 0; r < f->nreps; r++)
      if (f->reps[r].warmup == 1 && strcmp(f->reps[r].config, f->points[s].config) == 0 &&
          f->reps[r].rep + 1 > w)
        w = f->reps[r].rep + 1;
    if (!seen)
      warmups = w;
    else if (w != warmups)
      warmups = -2;
    seen = 1;
  }
  return warmups;
}
