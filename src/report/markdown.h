/* report.md: one Markdown page for a run folder (the machine, the sweep, a table
 * and the charts per kernel, the findings), written whole. tvp report's job. */
#ifndef TVP_MARKDOWN_H
#define TVP_MARKDOWN_H

#include "base/util.h"
#include "results/run_folder.h"

/* Reads the run folder dir (borrowed) as the report needs it: summary.csv with the
 * columns its tables read, runs.csv if any, meta.json. 0, or -1 with a one-line
 * message in err, and then *run holds nothing to free. */
int tvp_report_read(tvp_run_folder *run, const char *dir, tvp_buf *err);

/* Writes the report of run (read by tvp_report_read) to path, whole or not at all;
 * 0, or -1 with a one-line message in err. */
int tvp_report_write(const tvp_run_folder *run, const char *path, tvp_buf *err);

#endif
