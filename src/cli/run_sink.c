/* tvp run's sink (run_sink.h): the runner's events, each handed to the layer
 * that owns it: records to results/, words to report/. */
#include "analysis/implausible.h"
#include "cli/run_sink.h"

static void rep_starting(void *ctx, size_t id, const tvp_config *cfg, const tvp_rep *rep) {
  (void)id;
  tvp_progress_step(&((tvp_run_console_sink *)ctx)->progress, cfg, rep);
}

static int rep_done(void *ctx, size_t id, const tvp_config *cfg, const tvp_placement *pl, const tvp_rep *rep,
                    const tvp_sample *samples) {
  tvp_run_console_sink *s = ctx;
  if (tvp_results_write_rep(s->results, id, cfg, pl, rep, samples) != 0)
    return -1;
  tvp_progress_done_cell(&s->progress);
  return 0;
}

static void reps_skipped(void *ctx, size_t n) {
  tvp_progress_skip_cells(&((tvp_run_console_sink *)ctx)->progress, n);
}

static void cells_added(void *ctx, size_t n) {
  tvp_progress_add_cells(&((tvp_run_console_sink *)ctx)->progress, n);
}

/* A point whose first attempt's figures are impossible runs once more; the
 * line says why, so the extra time is never a surprise. */
static int point_implausible(void *ctx, const tvp_config_result *results, const size_t *ids, size_t n) {
  tvp_run_console_sink *s = ctx;
  char why[256];
  if (!tvp_point_implausible(results, ids, n, why, sizeof why))
    return 0;
  tvp_progress_clear(&s->progress);
  if (!s->quiet)
    printf("      %s: %s: impossible, so its rounds run once more\n", results[ids[0]].cfg->kernel->name, why);
  return 1;
}

static void config_skipped(void *ctx, const tvp_config *cfg) {
  tvp_progress_skip_config(&((tvp_run_console_sink *)ctx)->progress, cfg);
}

static void config_done(void *ctx, const tvp_config_result *res, size_t k, size_t n) {
  tvp_run_console_sink *s = ctx;
  tvp_progress_clear(&s->progress);
  if (!s->quiet)
    tvp_print_config_line(res, k, n);
}

static void run_done(void *ctx) { tvp_progress_end(&((tvp_run_console_sink *)ctx)->progress); }

tvp_run_sink tvp_run_sink_make(tvp_run_console_sink *s, tvp_results *results, const tvp_plan *plan,
                               int progress, int quiet) {
  s->results = results;
  s->quiet = quiet;
  tvp_progress_init(&s->progress, plan, progress);
  return (tvp_run_sink){.ctx = s,
                        .rep_starting = rep_starting,
                        .rep_done = rep_done,
                        .reps_skipped = reps_skipped,
                        .cells_added = cells_added,
                        .point_implausible = point_implausible,
                        .config_skipped = config_skipped,
                        .config_done = config_done,
                        .run_done = run_done};
}
