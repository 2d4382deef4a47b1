/* tvp calibrate: the harness measuring itself. Timer read cost, the skew of the
 * start barrier's release, and what a cell costs to start, per model and worker
 * count, so a reader knows how small a difference tvp can resolve here. A model
 * that cannot start workers here (its preflight refuses, or the build lacks it)
 * is skipped with the reason, and the others are measured. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cell/cell.h"
#include "models/model.h"
#include "report/progress.h"
#include "run/runner.h"
#include "analysis/stats.h"
#include "base/csv.h"
#include "base/fs.h"
#include "base/util.h"
#include "plan/workers_spec.h"

static const char usage[] =
    "usage: tvp calibrate [--reps N] [--workers LIST] [--out DIR]\n"
    "\n"
    "Measures the harness's own overhead on this machine:\n"
    "  timer     the cost of one clock_gettime(CLOCK_MONOTONIC) read\n"
    "  skew      max(start) - min(start) of the workers after the barrier's release\n"
    "  cell      runner's fork of the cell to the cell starting its workers\n"
    "  setup     cell fork to release: cell start, worker creation, binding\n"
    "  floor     the timed region of a repetition with no work at all\n"
    "for every model and worker count. A model that cannot start workers here\n"
    "(the mpi models as root without Open MPI's consent, or in a build without\n"
    "MPI) is skipped with the reason on a line of its own. On a terminal a\n"
    "progress line on stderr shows the repetition and the time left.\n"
    "  --reps N        repetitions per point [21]\n"
    "  --workers LIST  worker counts [1..P*2]\n"
    "  --out DIR       also write into DIR (created if missing) calibrate.csv, a\n"
    "                  row per model and worker count (skipped ones too, with\n"
    "                  why), and calibrate.txt, what calibrate prints\n"
    "\n"
    "Exit status: 0 measured, 1 a repetition failed (its row says why, the others\n"
    "are measured) or --out could not be written, 2 bad input, 130 interrupted.\n";

static const char *const csv_columns[] = {
    "model", "workers", "placement", "oversubscribed", "reps", "skew_median_us", "skew_p90_us",
    "cell_median_ms", "setup_median_ms", "floor_median_us", "timer_read_ns", "timer_resolution_ns",
    "status", "reason", NULL};

/* What calibrate says: stdout, and the text that --out keeps. */
typedef struct {
  tvp_buf text;
  tvp_buf csv;
  tvp_progress progress;
  double timer_ns;
  long resolution_ns;
} calib_out;

static void say(calib_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(calib_out *o, const char *fmt, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  tvp_progress_clear(&o->progress);
  fputs(line, stdout);
  fflush(stdout);
  tvp_buf_append(&o->text, line, strlen(line));
}

static double timer_cost_ns(void) {
  enum { BATCH = 200000, ROUNDS = 11 };
  double per[ROUNDS];
  struct timespec ts;
  for (int r = 0; r < ROUNDS; r++) {
    int64_t t0 = tvp_now_ns();
    for (int i = 0; i < BATCH; i++)
      clock_gettime(CLOCK_MONOTONIC, &ts);
    per[r] = (double)(tvp_now_ns() - t0) / BATCH;
  }
  return tvp_median(per, ROUNDS);
}

/* The 90th percentile (nearest rank); sorts x. */
static double percentile90(double *x, size_t n) {
  qsort(x, n, sizeof *x, tvp_cmp_double);
  size_t rank = (9 * n + 9) / 10; /* ceil(0.9 n) */
  return x[rank ? rank - 1 : 0];
}

/* One model and worker count: its repetitions' figures, how it ended. */
typedef struct {
  const tvp_config *cfg;
  int oversubscribed;
  size_t ok; /* repetitions measured */
  double *skew, *setup, *floor_us, *cell;
  const char *status; /* "ok", "failed", "skipped", "interrupted" */
  char reason[512];
} calib_row;

static void row_csv(calib_out *o, const calib_row *r) {
  tvp_csv_row row;
  tvp_csv_row_init(&row);
  tvp_csv_str(&row, r->cfg->model->name);
  tvp_csv_uint(&row, r->cfg->workers);
  tvp_csv_str(&row, tvp_placement_name(r->cfg->placement));
  if (strcmp(r->status, "skipped") == 0)
    tvp_csv_empty(&row); /* never placed */
  else
    tvp_csv_int(&row, r->oversubscribed);
  tvp_csv_uint(&row, r->ok);
  double fig[5] = {NAN, NAN, NAN, NAN, NAN};
  if (r->ok) {
    fig[0] = tvp_median(r->skew, r->ok);
    fig[1] = percentile90(r->skew, r->ok);
    fig[2] = tvp_median(r->cell, r->ok);
    fig[3] = tvp_median(r->setup, r->ok);
    fig[4] = tvp_median(r->floor_us, r->ok);
  }
  for (int i = 0; i < 5; i++)
    tvp_csv_double(&row, fig[i], 6);
  tvp_csv_double(&row, o->timer_ns, 4);
  tvp_csv_int(&row, o->resolution_ns);
  tvp_csv_str(&row, r->status);
  tvp_csv_str(&row, r->reason);
  tvp_buf_append(&o->csv, row.buf, row.len);
  tvp_buf_append(&o->csv, "\n", 1);
  tvp_csv_row_free(&row);
}

/* The row on stdout (and in the text), then in the CSV. */
static void row_print(calib_out *o, calib_row *r) {
  const tvp_config *c = r->cfg;
  if (r->ok)
    say(o, "%-10s %7u %-9s %12.1f %12.1f %12.2f %12.2f %12.1f%s%s%s\n", c->model->name, c->workers,
        tvp_placement_name(c->placement), tvp_median(r->skew, r->ok), percentile90(r->skew, r->ok),
        tvp_median(r->cell, r->ok), tvp_median(r->setup, r->ok), tvp_median(r->floor_us, r->ok),
        r->oversubscribed ? "  (oversubscribed)" : "", r->reason[0] ? "  " : "", r->reason);
  else if (strcmp(r->status, "skipped") != 0)
    say(o, "%-10s %7u %-9s %s: %s\n", c->model->name, c->workers, tvp_placement_name(c->placement),
        r->status, r->reason);
  row_csv(o, r);
}

/* cfg's repetitions into r; stops at the first failed one, or at a signal. */
static void measure(calib_out *o, const tvp_runner *rn, const tvp_config *cfg, uint64_t reps, calib_row *r) {
  tvp_placement pl;
  tvp_placement_plan(rn->topo->topo, cfg->placement, cfg->workers, &pl);
  r->oversubscribed = pl.oversubscribed;
  r->status = "ok";
  for (uint64_t i = 0; i < reps && !tvp_runner_interrupted(); i++) {
    tvp_rep rep;
    memset(&rep, 0, sizeof rep);
    char what[128];
    snprintf(what, sizeof what, "%s %u worker%s, repetition %llu of %llu", cfg->model->name,
             cfg->workers, cfg->workers == 1 ? "" : "s", (unsigned long long)i + 1,
             (unsigned long long)reps);
    tvp_progress_show(&o->progress, what);
    tvp_run_one(rn, cfg, &pl, &rep, NULL);
    tvp_progress_done_cell(&o->progress);
    if (!rep.ok) {
      r->status = "failed";
      snprintf(r->reason, sizeof r->reason, "repetition %llu failed: %s", (unsigned long long)i + 1,
               rep.reason);
      tvp_progress_skip_cells(&o->progress, reps - i - 1);
      break;
    }
    r->skew[r->ok] = rep.skew_s * 1e6;
    r->setup[r->ok] = rep.setup_s * 1e3;
    r->cell[r->ok] = rep.cell_start_s * 1e3;
    r->floor_us[r->ok++] = rep.wall_s * 1e6;
  }
  if (tvp_runner_interrupted() && r->ok < reps && strcmp(r->status, "ok") == 0) {
    r->status = "interrupted";
    snprintf(r->reason, sizeof r->reason, "(interrupted after %zu of %llu repetitions)", r->ok,
             (unsigned long long)reps);
  }
  tvp_placement_free(&pl);
}

/* Why model m cannot start workers here, or NULL: the build lacks it, or its
 * preflight refuses (models sharing a preflight share its answer). */
static const char *model_refusal(size_t m, char (*why)[512]) {
  const tvp_model *model = tvp_model_at(m);
  const char *missing = tvp_model_missing(model);
  if (missing)
    return missing;
  if (!model->preflight)
    return NULL;
  for (size_t e = 0; e < m; e++)
    if (tvp_model_at(e)->preflight == model->preflight && !tvp_model_missing(tvp_model_at(e)))
      return why[e][0] ? why[e] : NULL;
  tvp_model_options none = {0};
  if (model->preflight(&none, why[m], sizeof why[m]) == 0) {
    why[m][0] = '\0';
    return NULL;
  }
  if (!why[m][0])
    snprintf(why[m], sizeof why[m], "model %s cannot start workers here", model->name);
  return why[m];
}

typedef struct {
  uint64_t reps;
  const char *workers, *out;
} calib_options;

static int read_options(calib_options *o, int argc, char **argv) {
  static const struct option opts[] = {{"reps", required_argument, NULL, 'r'},
                                       {"workers", required_argument, NULL, 'w'},
                                       {"out", required_argument, NULL, 'o'},
                                       {0, 0, 0, 0}};
  *o = (calib_options){.reps = 21, .workers = "1..P*2"};
  tvp_opts p = {.cmd = "calibrate", .usage = usage, .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 'r':
      if (tvp_parse_count(optarg, &o->reps) != 0 || o->reps < 1 || o->reps > 10000)
        return tvp_usage_error("calibrate", "--reps wants a count from 1 to 10000, not '%s'", optarg);
      break;
    case 'w': o->workers = optarg; break;
    case 'o':
      if (!*optarg)
        return tvp_usage_error("calibrate", "--out: the folder name is empty");
      o->out = optarg;
      break;
    }
  }
  if (optind < argc)
    return tvp_usage_error("calibrate", "unexpected argument '%s'", argv[optind]);
  if (o->out && (tvp_mkdir_p(o->out) != 0 || access(o->out, W_OK) != 0))
    return tvp_usage_error("calibrate", "--out '%s': %s", o->out, strerror(errno));
  return 0;
}

/* calibrate.txt and calibrate.csv into dir, each whole or not at all. */
static int write_files(const calib_out *o, const char *dir) {
  const char *names[2] = {"calibrate.txt", "calibrate.csv"};
  const tvp_buf *bufs[2] = {&o->text, &o->csv};
  for (int i = 0; i < 2; i++) {
    char *path = tvp_path_in(dir, names[i]);
    int rc = tvp_fs_write_whole(path, bufs[i]->data ? bufs[i]->data : "", bufs[i]->len);
    if (rc != 0)
      tvp_err("cannot write %s: %s", path, strerror(errno));
    free(path);
    if (rc != 0)
      return -1;
  }
  return 0;
}

/* Every model at every worker count, rows in that order; skipped models named
 * once, before the table. Returns 0, or 1 when a repetition failed. */
static int measure_all(calib_out *o, tvp_topology *topo, const unsigned *counts, int nc, uint64_t reps) {
  size_t nm = tvp_model_count();
  char(*why)[512] = tvp_xcalloc(nm, sizeof *why);
  const char **refused = tvp_xcalloc(nm, sizeof *refused);
  size_t measured = 0;
  for (size_t m = 0; m < nm; m++) {
    refused[m] = model_refusal(m, why);
    measured += !refused[m];
  }
  /* One line a reason: the models refused alike (mpi, mpi+thread) share it. */
  for (size_t m = 0; m < nm; m++) {
    int said = 0;
    for (size_t e = 0; e < m && !said; e++)
      said = refused[e] == refused[m];
    if (!refused[m] || said)
      continue;
    char names[256] = "";
    for (size_t e = m, k = 0; e < nm; e++)
      if (refused[e] == refused[m])
        k += (size_t)snprintf(names + k, k < sizeof names ? sizeof names - k : 0, "%s%s",
                              k ? ", " : "", tvp_model_at(e)->name);
    say(o, "%s: skipped: %s\n", names, refused[m]);
  }
  say(o, "\n%-10s %7s %-9s %12s %12s %12s %12s %12s\n", "model", "workers", "placement",
      "skew med us", "skew p90 us", "cell med ms", "setup med ms", "floor med us");
  tvp_progress_start(&o->progress, measured * (size_t)nc * reps, o->progress.enabled);
  tvp_runner_init();
  tvp_runner rn = {.topo = topo}; /* no sink: the rows are kept here */
  int failed = 0;
  for (int w = 0; w < nc && !tvp_runner_interrupted(); w++)
    for (size_t m = 0; m < nm && !tvp_runner_interrupted(); m++) {
      tvp_config cfg = {.kernel = tvp_kernel_find("cpu.primes"), .model = tvp_model_at(m),
                        .placement = TVP_PLACE_CORE, .workers = counts[w], .units = 0,
                        .scaling = TVP_SCALING_STRONG, .reps = (unsigned)reps, .warmup = 0,
                        .timeout_s = 30};
      calib_row r = {.cfg = &cfg, .status = "skipped"};
      if (refused[m]) {
        snprintf(r.reason, sizeof r.reason, "%s", refused[m]);
      } else {
        r.skew = tvp_xcalloc(reps, sizeof *r.skew);
        r.setup = tvp_xcalloc(reps, sizeof *r.setup);
        r.floor_us = tvp_xcalloc(reps, sizeof *r.floor_us);
        r.cell = tvp_xcalloc(reps, sizeof *r.cell);
        measure(o, &rn, &cfg, reps, &r);
        failed |= strcmp(r.status, "failed") == 0;
      }
      if (r.ok || strcmp(r.status, "interrupted") != 0)
        row_print(o, &r);
      free(r.skew);
      free(r.setup);
      free(r.floor_us);
      free(r.cell);
    }
  tvp_progress_end(&o->progress);
  free(refused);
  free(why);
  return failed;
}

int tvp_cmd_calibrate(int argc, char **argv) {
  calib_options opt;
  int rc = read_options(&opt, argc, argv);
  if (rc != 0)
    return rc;
  char err[1024];
  tvp_topology topo;
  if (tvp_topology_load(&topo, NULL, err, sizeof err) != 0)
    return tvp_usage_error("calibrate", "%s", err);
  if (!topo.is_this_system) {
    rc = tvp_usage_error("calibrate", "the topology is %s, not this machine's", topo.source);
    tvp_topology_destroy(&topo);
    return rc;
  }
  unsigned *counts = NULL;
  int nc = tvp_workers_parse(opt.workers, topo.cores, topo.pus, &counts, err, sizeof err);
  if (nc < 0) {
    tvp_topology_destroy(&topo);
    return tvp_usage_error("calibrate", "%s", err);
  }

  calib_out o = {.progress = {.enabled = isatty(2)}};
  tvp_csv_row header;
  tvp_csv_row_init(&header);
  for (const char *const *c = csv_columns; *c; c++)
    tvp_csv_str(&header, *c);
  tvp_buf_append(&o.csv, header.buf, header.len);
  tvp_buf_append(&o.csv, "\n", 1);
  tvp_csv_row_free(&header);
  struct timespec res;
  clock_getres(CLOCK_MONOTONIC, &res);
  o.timer_ns = timer_cost_ns();
  o.resolution_ns = res.tv_nsec;
  say(&o, "timer: clock_gettime(CLOCK_MONOTONIC) %.1f ns a read, resolution %ld ns\n", o.timer_ns,
      o.resolution_ns);
  rc = measure_all(&o, &topo, counts, nc, opt.reps) ? TVP_EXIT_FAIL : TVP_EXIT_OK;
  int sig = tvp_runner_interrupted();
  if (sig)
    say(&o, "interrupted by %s: the rows above are what was measured\n", tvp_signal_name(sig));
  if (opt.out) {
    if (write_files(&o, opt.out) != 0)
      rc = TVP_EXIT_FAIL;
    else
      printf("written: %s/calibrate.csv and %s/calibrate.txt\n", opt.out, opt.out);
  }
  tvp_buf_free(&o.text);
  tvp_buf_free(&o.csv);
  free(counts);
  tvp_topology_destroy(&topo);
  return sig ? 128 + sig : rc;
}
