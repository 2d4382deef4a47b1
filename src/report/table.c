/* The table printed at the end of a run: one line per measurement point, the
 * models side by side, so the process/thread question is answered at a glance:
 * each model's speedup, and each model's ratio to threads with its interval and
 * the run's verdict. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/model.h"
#include "report/table.h"
#include "report/verdict_word.h"
#include "plan/dimensions.h"
#include "base/util.h"

#define MAX_MODELS 8

static int same_point(const tvp_config *a, const tvp_config *b) {
  return tvp_config_same_series(a, b) && a->workers == b->workers;
}

/* Which settings (the dimensions with a place in the setting column) tell apart
 * two points of one kernel, placement and worker count in this run (a
 * message-size sweep of net.pingpong, a size sweep): only those get a column,
 * so a plain run's table stays as narrow as before. */
typedef struct {
  int dim[TVP_DIM_COUNT];
  int any, only; /* any varies; the one that varies alone, or -1 */
} varying;

static varying settings_that_vary(const tvp_summary_row *rows, size_t n) {
  varying v = {.only = -1};
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++) {
      const tvp_config *a = rows[i].res->cfg, *b = rows[j].res->cfg;
      if (a->kernel != b->kernel || a->placement != b->placement || a->workers != b->workers)
        continue;
      for (int d = 0; d < TVP_DIM_COUNT; d++)
        v.dim[d] |= tvp_dimensions[d].setting && !tvp_dimensions[d].same(a, b);
    }
  int count = 0;
  for (int d = 0; d < TVP_DIM_COUNT; d++)
    if (v.dim[d]) {
      count++;
      v.only = d;
    }
  v.any = count > 0;
  if (count != 1)
    v.only = -1;
  return v;
}

/* "4 KiB", "size 20000", "chunk 16": the varying settings of one point, the
 * bare ones ("4 KiB") first, as they read on their own. */
static void describe_setting(char *buf, size_t len, const tvp_config *c, const varying *v) {
  size_t used = 0;
  buf[0] = 0;
  for (int bare = 1; bare >= 0; bare--)
    for (int d = 0; d < TVP_DIM_COUNT && used < len; d++) {
      const tvp_dimension *dim = &tvp_dimensions[d];
      if (!v->dim[d] || !(dim->flags & TVP_DIM_BARE_SETTING) != !bare)
        continue;
      char b[64];
      dim->setting(b, sizeof b, c);
      used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", b);
    }
}

/* What the rows printed needed a legend line for. */
typedef struct {
  int dash, bare, verdict, implausible, disturbed;
} legend_need;

/* No repetition of it free of disturbance. */
static int all_disturbed(const tvp_summary_row *r) { return r->reps_ok == 0 && r->reps_disturbed > 0; }

/* A model's speedup at one point, or why there is none. */
static void speedup_cell(char *buf, size_t len, const tvp_summary_row *r, legend_need *need) {
  if (r && strcmp(r->status, "ok") != 0)
    snprintf(buf, len, "%s", strcmp(r->status, "interrupted") == 0 ? "intr." : r->status);
  else if (r && !isnan(r->speedup))
    snprintf(buf, len, "%.2f", r->speedup);
  else {
    snprintf(buf, len, "-");
    need->dash = 1;
  }
}

/* "1.32 [1.25, 1.40] faster": a model's ratio to threads, its interval and verdict. */
static void ratio_cell(tvp_buf *buf, const tvp_summary_row *r, legend_need *need) {
  if (!r || isnan(r->ratio_vs_thread)) {
    const char *word = r ? tvp_verdict_word(r->verdict) : "";
    tvp_buf_printf(buf, "%s", *word ? word : "-");
    need->dash |= !*word;
    return;
  }
  char m[32], lo[32], hi[32];
  tvp_format_ratio(m, sizeof m, r->ratio_vs_thread);
  tvp_format_ratio(lo, sizeof lo, r->ratio_ci95_low);
  tvp_format_ratio(hi, sizeof hi, r->ratio_ci95_high);
  const char *word = tvp_verdict_word(r->verdict);
  int interval = !isnan(r->ratio_ci95_low) && !isnan(r->ratio_ci95_high);
  if (interval)
    tvp_buf_printf(buf, "%s [%s, %s]%s%s", m, lo, hi, *word ? " " : "", word);
  else
    tvp_buf_printf(buf, "%s%s%s", m, *word ? " " : "", word);
  need->bare |= !interval;
  need->verdict |= *word != 0;
}

static void print_head(const tvp_model *const *models, size_t nm, const tvp_model *thread,
                       const varying *vary) {
  int width = 12 + 1 + 7 + (vary->any ? 19 : 0) + 1 + 3;
  printf("%*s  %-*s  ratio to threads [95 %% interval], verdict\n", width, "",
         (int)(nm * 8) - 2, "speedup");
  printf("%-12s %-7s", "kernel", "place");
  if (vary->any)
    printf(" %-18s", vary->only >= 0 && (tvp_dimensions[vary->only].flags & TVP_DIM_BARE_SETTING)
                         ? tvp_dimensions[vary->only].name
                         : "setting");
  printf(" %3s", "wk");
  for (size_t m = 0; m < nm; m++)
    printf("  %6.6s", models[m]->name);
  size_t last = nm;
  while (last > 0 && models[last - 1] == thread)
    last--;
  for (size_t m = 0; m < nm; m++)
    if (models[m] != thread)
      printf("  %-*s", m + 1 == last ? 0 : 24, models[m]->name);
  printf("\n");
}

/* One line: a point, its models side by side, a marker when a row of it is
 * implausible or was disturbed in every round. */
static void print_point(const tvp_summary_row *rows, size_t n, size_t i,
                        const tvp_model *const *models, size_t nm, const tvp_model *thread,
                        const varying *vary, legend_need *need) {
  const tvp_config *c = rows[i].res->cfg;
  printf("%-12s %-7s", c->kernel->name, tvp_placement_name(c->placement));
  if (vary->any) {
    char setting[64];
    describe_setting(setting, sizeof setting, c, vary);
    printf(" %-18s", setting);
  }
  printf(" %3u", c->workers);
  const tvp_summary_row *by_model[MAX_MODELS] = {0};
  int implausible = 0, disturbed = 0;
  for (size_t j = i; j < n; j++)
    for (size_t m = 0; m < nm; m++)
      if (rows[j].res->cfg->model == models[m] && same_point(rows[j].res->cfg, c) && !by_model[m]) {
        by_model[m] = &rows[j];
        implausible |= rows[j].implausible;
        disturbed |= all_disturbed(&rows[j]);
      }
  for (size_t m = 0; m < nm; m++) {
    char s[32];
    speedup_cell(s, sizeof s, by_model[m], need);
    printf("  %6s", s);
  }
  size_t last = nm;
  while (last > 0 && models[last - 1] == thread)
    last--;
  for (size_t m = 0; m < nm; m++) {
    if (models[m] == thread)
      continue;
    tvp_buf q = {0};
    ratio_cell(&q, by_model[m], need);
    printf("  %-*s", m + 1 == last && !implausible && !disturbed ? 0 : 24, q.data);
    tvp_buf_free(&q);
  }
  printf("%s%s\n", implausible ? "  !" : "", disturbed ? "  ~" : "");
  need->implausible |= implausible;
  need->disturbed |= disturbed;
}

static void print_legend(const legend_need *need) {
  printf("wk: workers; speedup: median of the per-round ratios to the same model at 1 worker "
         "(report.md\nand summary.csv give its interval); ratio: median of the per-round "
         "throughput ratios of the model\nto threads at the same point (above 1: the model "
         "does more work per second).\n");
  if (need->verdict)
    printf("%s.\n", TVP_VERDICT_LEGEND);
  if (need->bare)
    printf("A ratio alone: no interval below 5 repetitions.\n");
  if (need->dash)
    printf("-: no figure (no 1-worker run of the model, as for kernels whose workers run in "
           "pairs; or no\nthread run at the point).\n");
  if (need->implausible)
    printf("!: implausible, past a physical limit (summary.csv's implausible_reason says "
           "why): no verdict.\n");
  if (need->disturbed)
    printf("~: a model disturbed in every round there (the machine's own load was "
           "measured).\n");
}

void tvp_print_table(const tvp_summary_row *rows, size_t n) {
  varying vary = settings_that_vary(rows, n);
  const tvp_model *models[MAX_MODELS];
  size_t nm = 0;
  for (size_t i = 0; i < n; i++) {
    const tvp_model *m = rows[i].res->cfg->model;
    if (nm < MAX_MODELS)
      tvp_distinct_add(models, &nm, sizeof *models, &m, NULL);
  }
  const tvp_model *thread = tvp_model_find("thread");
  print_head(models, nm, thread, &vary);
  legend_need need = {0};
  for (size_t i = 0; i < n; i++) {
    int seen = 0; /* print each point once, at its first row */
    for (size_t j = 0; j < i && !seen; j++)
      seen = same_point(rows[j].res->cfg, rows[i].res->cfg);
    if (!seen)
      print_point(rows, n, i, models, nm, thread, &vary, &need);
  }
  print_legend(&need);
}
