/* What a run prints while it runs: the progress line on stderr (repetition k
 * of n, time left), drawn only when stderr is a terminal so logs and pipes stay
 * clean, and one line per configuration on stdout. tvp calibrate draws the
 * same line over its own repetitions. */
#ifndef TVP_PROGRESS_H
#define TVP_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"
#include "record/rep.h"

typedef struct {
  int enabled;
  size_t cells_total, cells_done;
  int64_t started_ns;
} tvp_progress;

/* A run of the plan's repetitions (warm-ups included). */
void tvp_progress_init(tvp_progress *p, const tvp_plan *plan, int enabled);
/* A count of cells of the caller's own (tvp calibrate's repetitions). */
void tvp_progress_start(tvp_progress *p, size_t cells, int enabled);
/* rep (its round, warm-up or not) of cfg is about to run. */
void tvp_progress_step(tvp_progress *p, const tvp_config *cfg, const tvp_rep *rep);
/* The next cell, in the caller's words: "[k/n] WHAT, about 5s left". */
void tvp_progress_show(tvp_progress *p, const char *what);
void tvp_progress_done_cell(tvp_progress *p);
void tvp_progress_skip_cells(tvp_progress *p, size_t n);
/* n repetitions more than planned will run (rounds that make up for disturbed ones). */
void tvp_progress_add_cells(tvp_progress *p, size_t n);
/* A configuration that will not run at all (complete in a resumed run): its
 * cells leave the total, so the time left counts only what runs. */
void tvp_progress_skip_config(tvp_progress *p, const tvp_config *cfg);
/* Erases the line so ordinary output can be printed. */
void tvp_progress_clear(tvp_progress *p);
void tvp_progress_end(tvp_progress *p);

/* "42s", "3m05s", "2h10m": a time left, as the progress lines say it. */
void tvp_format_duration(double s, char *buf, size_t len);

/* "[k/n] KERNEL MODEL PLACEMENT N workers: median ..." (or why it failed) on stdout. */
void tvp_print_config_line(const tvp_config_result *res, size_t k, size_t n);

#endif
