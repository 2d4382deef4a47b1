/* The results folder: runs.csv and workers.csv grow a whole row at a time as
 * repetitions end; summary.csv, meta.json and topology.xml are written whole
 * (to a temporary name, then renamed), so an interrupted run leaves parseable
 * files. docs/csv.md is the schema; tests hold these column lists to it. */
#ifndef TVP_RESULTS_H
#define TVP_RESULTS_H

#include <stddef.h>

#include "base/csv.h"
#include "place/placement.h"
#include "plan/plan.h"
#include "cell/region.h"
#include "record/rep.h"

struct tvp_summary_row;

typedef struct tvp_results {
  char *dir;
  int runs_fd, workers_fd;
  int fresh;  /* opened by tvp_results_open: its files are this run's own */
  char *made; /* the shallowest folder tvp_results_open created, or NULL */
} tvp_results;

extern const char *const tvp_runs_columns[];
extern const char *const tvp_workers_columns[];
extern const char *const tvp_summary_columns[];

/* The longest results folder name tvp takes, in bytes: a path may have
 * PATH_MAX (4,096) with its NUL, and the files inside (plots/ and its charts,
 * the temporary names of the files written whole) need the rest. */
#define TVP_RESULTS_DIR_MAX 3840

/* "results/20261123T101500Z-host" under the current folder (malloc'd). */
char *tvp_results_default_dir(void);
/* Creates dir (and its parents) and the two growing CSV files with their headers.
 * Refuses a folder that already holds a run. 0, or -1 with a message in err. */
int tvp_results_open(tvp_results *r, const char *dir, char *err, size_t errlen);
/* tvp_results_open on a new folder under results/: tvp_results_default_dir's
 * name, or that name with "-2", "-3"... when another run took it (two runs
 * started in the same second). */
int tvp_results_open_new(tvp_results *r, char *err, size_t errlen);
void tvp_results_close(tvp_results *r);
/* Undoes a start that failed before anything ran: removes the files this run
 * created and the folders tvp_results_open made (a resumed run's files stay).
 * tvp_results_close is still called after it. */
void tvp_results_discard(tvp_results *r);
/* What to do about a write that failed with errno err, for an error message:
 * "the disk is full: free some space, or choose another folder with --out". */
const char *tvp_results_hint(int err);
/* Opens the CSV files of a run folder that exists, for `tvp run --resume`, and
 * locks runs.csv (as tvp_results_open does) so two runs never write one folder.
 * 0, or -1 with a message in err (not a run, or a run still going). */
int tvp_results_reopen(tvp_results *r, const char *dir, char *err, size_t errlen);

/* The fields that name a configuration (kernel .. duration_s), as runs.csv and
 * summary.csv write them. */
void tvp_results_config_fields(tvp_csv_row *row, const tvp_config *c);

/* One repetition: a runs.csv row and a workers.csv row per worker. 0 or -1 (errno). */
int tvp_results_write_rep(tvp_results *r, size_t config_id, const tvp_config *cfg,
                          const tvp_placement *pl, const tvp_rep *rep, const tvp_sample *samples);
/* summary.csv, whole. 0 or -1 (errno). */
int tvp_results_write_summary(tvp_results *r, const struct tvp_summary_row *rows, size_t n);

/* Writes `text` to dir/name through a temporary file and a rename. 0 or -1 (errno). */
int tvp_results_write_file(const tvp_results *r, const char *name, const char *text, size_t len);

#endif
