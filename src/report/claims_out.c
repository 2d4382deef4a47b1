/* What tvp claims prints and writes: each claim with its verdict, evidence and
 * charts, on the terminal and in claims.md, and the Python contrast's chart. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/fs.h"
#include "report/chart_answers.h"
#include "report/claims_out.h"
#include "report/gnuplot_run.h"
#include "results/run_folder.h"

/* "holds", or "inconclusive (noise)": the verdict with its reason. */
static void verdict_words(const tvp_claim *c, char *out, size_t len) {
  if (c->verdict == TVP_CLAIM_INCONCLUSIVE && c->why != TVP_CLAIM_WHY_NONE)
    snprintf(out, len, "%s (%s)", tvp_claim_verdict_name(c->verdict), tvp_claim_why_name(c->why));
  else
    snprintf(out, len, "%s", tvp_claim_verdict_name(c->verdict));
}

/* The claims as text: Markdown for claims.md (md=1) or the terminal. */
static void render(const tvp_claim *c, const char *dir, int md, tvp_buf *out) {
  char verdict[96];
  verdict_words(c, verdict, sizeof verdict);
  if (md)
    tvp_buf_printf(out, "## Claim %d: %s\n\n**Verdict: %s.**\n\n%s\n\n", c->number, c->statement,
                   verdict, c->evidence.data ? c->evidence.data : "");
  else
    tvp_buf_printf(out, "Claim %d: %s\n  verdict:  %s\n  evidence: %s\n", c->number, c->statement,
                   verdict, c->evidence.data ? c->evidence.data : "");
  for (int k = 0; k < TVP_CLAIM_NCHARTS && c->charts[k][0]; k++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, c->charts[k]);
    int there = tvp_is_file(path);
    if (md && there)
      tvp_buf_printf(out, "![chart](%s)\n\n", c->charts[k]);
    else if (!md)
      tvp_buf_printf(out, "  chart:    %s%s\n", path, there ? "" : " (not drawn)");
  }
  if (!md)
    tvp_buf_printf(out, "\n");
}

/* DIR/interplock.png: the C run against the Python one. */
void tvp_claims_draw_interplock(const char *dir) {
  char sub[4096];
  tvp_run_folder c = {0}, py = {0};
  tvp_buf vars = {0}, err = {0};
  snprintf(sub, sizeof sub, "%s/run", dir);
  int have_c = tvp_run_folder_read(&c, sub, TVP_RUN_META, &err) == 0;
  snprintf(sub, sizeof sub, "%s/python", dir);
  int have_py = have_c && tvp_run_folder_read(&py, sub, TVP_RUN_META, &err) == 0;
  if (!have_py) {
    fprintf(stderr, "tvp claims: the Python contrast chart could not be drawn: %s\n", err.data);
  } else {
    char csv[4096], pycsv[4096], png[4096], script_gp[4096];
    snprintf(csv, sizeof csv, "%s/run/summary.csv", dir);
    snprintf(pycsv, sizeof pycsv, "%s/python/summary.csv", dir);
    snprintf(png, sizeof png, "%s/interplock.png", dir);
    snprintf(script_gp, sizeof script_gp, "%s/interplock.gp", tvp_plots_dir());
    tvp_gnuplot_var(&vars, "csv", csv);
    tvp_gnuplot_var(&vars, "pycsv", pycsv);
    tvp_gnuplot_var(&vars, "out", png);
    tvp_chart_interplock_vars(&c, &py, &vars);
    if (tvp_gnuplot_run(script_gp, vars.data) != 0)
      fprintf(stderr, "tvp claims: the Python contrast chart could not be drawn\n");
  }
  if (have_c)
    tvp_run_folder_free(&c);
  if (have_py)
    tvp_run_folder_free(&py);
  tvp_buf_free(&vars);
  tvp_buf_free(&err);
}

/* Prints the verdicts and writes them to DIR/claims.md; 0, or 1 when it cannot. */
int tvp_claims_write(const tvp_claims_input *in, const char *dir, int quick) {
  tvp_claim claims[TVP_NCLAIMS];
  tvp_claims_evaluate(in, claims);
  tvp_buf md = {0}, text = {0};
  tvp_buf_printf(&md, "# Claims about processes and threads, tested on this machine\n\n"
                      "%u cores, %u hardware threads. The experiments are in `claims.suite`; "
                      "the run they produced is in `run/`%s.%s\n\n",
                 in->cores, in->pus, in->py ? ", the Python contrast in `python/`" : "",
                 quick ? " **Quick mode: sizes too small for the verdicts to be trusted.**" : "");
  for (int i = 0; i < TVP_NCLAIMS; i++) {
    render(&claims[i], dir, 1, &md);
    render(&claims[i], dir, 0, &text);
  }
  fputs(text.data, stdout);
  char path[4096];
  snprintf(path, sizeof path, "%s/claims.md", dir);
  int status = 0;
  if (tvp_fs_write_whole(path, md.data, strlen(md.data)) != 0) { /* whole or not at all */
    fprintf(stderr, "tvp claims: cannot write %s: %s\n", path, strerror(errno));
    status = 1;
  } else {
    printf("claims: %s\n", path);
  }
  tvp_buf_free(&md);
  tvp_buf_free(&text);
  tvp_claims_free(claims);
  return status;
}
