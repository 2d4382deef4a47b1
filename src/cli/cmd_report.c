/* tvp report: reads its one argument, a run folder, and has report/markdown.h
 * write the folder's report.md: the machine, the sweep, a table and the charts
 * per kernel, and findings written from the numbers; then report/html.h shows
 * that page as report.html, one file with its charts inside. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "base/util.h"
#include "cli/cmd.h"
#include "report/html.h"
#include "report/markdown.h"
#include "results/run_folder.h"
#include "results/summary_json.h"

static const char usage[] =
    "usage: tvp report RUN_DIR\n"
    "\n"
    "Writes RUN_DIR/report.md and prints its path. It opens with a summary on one\n"
    "screen: the machine, how many repetitions were disturbed and configurations\n"
    "implausible, and a table with a row per kernel (by group) and a column per\n"
    "worker count, saying for each process model whether it or threads were faster\n"
    "(with the ratio process/thread and its 95 % interval), no meaningful\n"
    "difference, or inconclusive, as summary.csv's verdicts say at the run's margin;\n"
    "then the ratio heatmap if 'tvp plot RUN_DIR' drew it. Then the machine and the\n"
    "command line (from meta.json), the sweep, and a section per kernel: a table per\n"
    "series (per model: median time and throughput with their 95 % intervals,\n"
    "speedup, efficiency; each model's ratio to threads with its verdict), under it\n"
    "the findings where it holds a verdict to report (the verdicts, largest first,\n"
    "the best speedup, the efficiency at the core count, noisy rows) and any failed\n"
    "configuration, and the charts that 'tvp plot RUN_DIR' drew.\n"
    "\n"
    "A run folder without summary.json (a run from before it) gets one too, made\n"
    "from summary.csv and meta.json (docs/csv.md).\n"
    "Then writes RUN_DIR/report.html, the same page for a browser, and prints its\n"
    "path: one file with the charts embedded (a chart not drawn shows as its name),\n"
    "nothing loaded from elsewhere, the sections after the first folded, a table\n"
    "sorted by a click on its header. Open it in place (xdg-open\n"
    "RUN_DIR/report.html) or copy it alone anywhere.\n"
    "\n"
    "Exit status: 0 written, 1 a file could not be written, 2 not a run folder.\n";

int tvp_cmd_report(int argc, char **argv) {
  /* Options are read wherever they stand: --help may follow the run folder too. */
  tvp_opts p = {.cmd = "report", .usage = usage};
  if (tvp_opts_next(&p, argc, argv) == TVP_OPT_STOP)
    return p.status;
  if (optind + 1 != argc)
    return tvp_usage_error("report", "name one run folder");
  const char *dir = argv[optind];
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return tvp_usage_error("report", "'%s' is not a folder", dir);
  tvp_run_folder run;
  tvp_buf err = {0};
  if (tvp_report_read(&run, dir, &err) != 0) {
    int rc = tvp_usage_error("report", "%s (is '%s' a run folder?)", err.data, dir);
    tvp_buf_free(&err);
    return rc;
  }
  if (!run.have_meta)
    tvp_err("report: %s; the machine section will be incomplete", run.meta_err.data);
  char *path = tvp_path_in(dir, "report.md"), *html = tvp_path_in(dir, "report.html");
  char *json = tvp_path_in(dir, "summary.json");
  int rc = tvp_report_write(&run, path, &err);
  tvp_run_folder_free(&run);
  if (rc == 0)
    printf("%s\n", path);
  if (rc == 0 && (rc = tvp_report_html_write(dir, &err)) == 0)
    printf("%s\n", html);
  if (rc != 0)
    tvp_err("report: %s", err.data);
  /* A run from before summary.json gets one; a run's own is left as it wrote it. */
  tvp_buf json_err = {0};
  if (!tvp_is_file(json) && tvp_summary_json_write(dir, &json_err) != 0) {
    tvp_err("report: %s", json_err.data);
    rc = -1;
  }
  tvp_buf_free(&json_err);
  free(json);
  free(path);
  free(html);
  tvp_buf_free(&err);
  return rc != 0 ? TVP_EXIT_FAIL : TVP_EXIT_OK;
}
