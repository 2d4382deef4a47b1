/* tvp run --resume: what an interrupted run left in its folder, read back and
 * checked against the plan made again from the run's own command line, so the
 * configurations already measured are kept and only the rest run. */
#ifndef TVP_RESUME_H
#define TVP_RESUME_H

#include <stddef.h>
#include <time.h>

#include "plan/min_time.h"
#include "results/meta_read.h"
#include "plan/plan.h"
#include "results/results.h"
#include "record/rep.h"
#include "place/topology.h"

typedef struct {
  tvp_meta_doc doc; /* meta.json: doc.argv is the command line ("tvp", "run", ...) */
  const char *cwd;  /* the folder the run was started in, or NULL (older runs) */
  time_t start;     /* when the run first started */
  unsigned resumes; /* times it was resumed before */
} tvp_resume_info;

/* Reads dir/meta.json. Refuses a folder that is not a run, and a run without
 * its command line. 0, or -1 with a one-line err. */
int tvp_resume_read(const char *dir, tvp_resume_info *ri, char *err, size_t errlen);
/* A run is resumed on the machine it began on (host name, cores, PUs): one
 * results folder, one machine. 0, or -1 with a one-line err. */
int tvp_resume_same_machine(const tvp_resume_info *ri, const tvp_topology *t, const char *dir,
                            char *err, size_t errlen);
void tvp_resume_info_free(tvp_resume_info *ri);
/* --min-time: puts the sizes the run chose (meta.json's min_time_sizes) back
 * into the plan made again from its command line, which is then the plan the
 * run began with, and no probe runs again. *sizes (malloc'd, *n of them; NULL
 * and 0 when the plan has no min-time) holds them for meta.json. 0, or -1 with
 * a one-line err when a size the plan needs is not recorded. */
int tvp_resume_sizes(const tvp_resume_info *ri, const char *dir, tvp_plan *plan,
                     tvp_min_time_size **sizes, size_t *n, char *err, size_t errlen);

/* With r opened by tvp_results_reopen: finds the rounds (run/rounds.h; with
 * blocked, each configuration is a point of its own) that runs.csv and
 * workers.csv hold complete (a row for every configuration of the point that
 * had not failed before, with all its worker rows), fills results[] with their
 * measured repetitions read back from runs.csv (a configuration with a failed
 * one gets its status and reason), and cuts every other row from both files,
 * so the runner can replay the points, run the rounds missing and append. A
 * row that does not match the plan (the suite or the options changed) is an
 * error. Returns the number of measured repetitions kept, or -1 with a
 * one-line err (the files are then untouched). */
long tvp_resume_load(tvp_results *r, const tvp_plan *plan, int blocked, hwloc_topology_t topo,
                     tvp_config_result *results, char *err, size_t errlen);

#endif
