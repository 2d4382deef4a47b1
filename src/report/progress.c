/* Progress line: the estimate of time left assumes the cells still to run cost
 * what the cells so far cost on average, which is what a user can check. */
#include <stdio.h>
#include <stdlib.h>

#include "models/model.h"
#include "report/progress.h"
#include "analysis/stats.h"
#include "base/util.h"

void tvp_progress_start(tvp_progress *p, size_t cells, int enabled) {
  p->enabled = enabled;
  p->cells_total = cells;
  p->cells_done = 0;
  p->started_ns = tvp_now_ns();
}

void tvp_progress_init(tvp_progress *p, const tvp_plan *plan, int enabled) {
  size_t cells = 0;
  for (size_t i = 0; i < plan->n; i++)
    cells += plan->configs[i].warmup + plan->configs[i].reps;
  tvp_progress_start(p, cells, enabled);
}

void tvp_progress_skip_config(tvp_progress *p, const tvp_config *cfg) {
  p->cells_total -= cfg->warmup + cfg->reps;
}

void tvp_progress_add_cells(tvp_progress *p, size_t n) { p->cells_total += n; }

void tvp_format_duration(double s, char *buf, size_t len) {
  if (s < 60)
    snprintf(buf, len, "%.0fs", s);
  else if (s < 3600)
    snprintf(buf, len, "%dm%02ds", (int)s / 60, (int)s % 60);
  else
    snprintf(buf, len, "%dh%02dm", (int)s / 3600, ((int)s % 3600) / 60);
}

void tvp_progress_show(tvp_progress *p, const char *what) {
  if (!p->enabled)
    return;
  char left[32] = "?";
  double elapsed = (double)(tvp_now_ns() - p->started_ns) / 1e9;
  if (p->cells_done > 0 && p->cells_total > p->cells_done)
    tvp_format_duration(elapsed / (double)p->cells_done * (double)(p->cells_total - p->cells_done),
                    left, sizeof left);
  fprintf(stderr, "\r\033[K[%zu/%zu] %s, about %s left", p->cells_done + 1, p->cells_total, what, left);
  fflush(stderr);
}

void tvp_progress_step(tvp_progress *p, const tvp_config *cfg, const tvp_rep *rep) {
  if (!p->enabled)
    return;
  /* Rounds interleave the configurations, so the count is of repetitions. */
  char what[256];
  snprintf(what, sizeof what, "%s %s %s %u workers, %s round %u", cfg->kernel->name, cfg->model->name,
           tvp_placement_name(cfg->placement), cfg->workers, rep->warmup ? "warm-up" : "measured",
           rep->round + 1);
  tvp_progress_show(p, what);
}

void tvp_progress_done_cell(tvp_progress *p) { p->cells_done++; }

void tvp_progress_skip_cells(tvp_progress *p, size_t n) {
  /* Skipped cells leave the total, so they do not inflate the estimate. */
  p->cells_total -= n;
}

void tvp_progress_clear(tvp_progress *p) {
  if (p->enabled) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
}

void tvp_progress_end(tvp_progress *p) { tvp_progress_clear(p); }

void tvp_print_config_line(const tvp_config_result *res, size_t k, size_t n) {
  const tvp_config *c = res->cfg;
  printf("[%zu/%zu] %-12s %-10s %-8s %4u worker%s: ", k, n, c->kernel->name, c->model->name,
         tvp_placement_name(c->placement), c->workers, c->workers == 1 ? " " : "s");
  if (res->status != TVP_CONFIG_OK) {
    printf("%s: %s\n", res->status == TVP_CONFIG_INTERRUPTED ? "INTERRUPTED" : "FAILED", res->reason);
  } else {
    /* As in summary.csv, a disturbed repetition counts in no median. */
    double *t = tvp_xcalloc(res->nreps + 1, sizeof *t), *thr = tvp_xcalloc(res->nreps + 1, sizeof *thr);
    unsigned counted = 0;
    for (unsigned i = 0; i < res->nreps; i++)
      if (!res->reps[i].disturbed) {
        t[counted] = res->reps[i].wall_s;
        thr[counted++] = res->reps[i].throughput;
      }
    if (counted)
      printf("median %.4g s, %.4g %s", tvp_median(t, counted), tvp_median(thr, counted), c->kernel->rate_unit);
    else
      printf("no median");
    printf("%s", res->oversubscribed ? " (oversubscribed)" : "");
    if (counted < res->nreps)
      printf(" (%u of %u repetitions disturbed)", res->nreps - counted, res->nreps);
    printf("\n");
    free(t);
    free(thr);
  }
  fflush(stdout);
}
