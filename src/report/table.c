/* The table printed at the end of a run: one line per measurement point, the
 * models side by side, so the process/thread question is answered at a glance. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/model.h"
#include "report/table.h"
#include "plan/dimensions.h"
#include "base/util.h"

#define MAX_MODELS 8

static int same_point(const tvp_config *a, const tvp_config *b) {
  return tvp_config_same_series(a, b) && a->workers == b->workers;
}

static void cell_num(char *buf, size_t len, double v, const char *fmt) {
  if (isnan(v))
    snprintf(buf, len, "-");
  else
    snprintf(buf, len, fmt, v);
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

void tvp_print_table(const tvp_summary_row *rows, size_t n) {
  varying vary = settings_that_vary(rows, n);
  int setting_column = vary.any;
  const tvp_model *models[MAX_MODELS];
  size_t nm = 0;
  for (size_t i = 0; i < n; i++) {
    const tvp_model *m = rows[i].res->cfg->model;
    if (nm < MAX_MODELS)
      tvp_distinct_add(models, &nm, sizeof *models, &m, NULL);
  }
  const tvp_model *thread = tvp_model_find("thread");
  printf("%-12s %-8s", "kernel", "place");
  if (setting_column)
    printf(" %-18s", vary.only >= 0 && (tvp_dimensions[vary.only].flags & TVP_DIM_BARE_SETTING)
                         ? tvp_dimensions[vary.only].name
                         : "setting");
  printf(" %7s", "workers");
  for (size_t m = 0; m < nm; m++)
    printf("  %9s %-6s %7s", models[m]->name, "med s", "speedup");
  for (size_t m = 0; m < nm; m++)
    if (models[m] != thread)
      printf("  %s/thread", models[m]->name);
  printf("\n");

  for (size_t i = 0; i < n; i++) {
    const tvp_config *c = rows[i].res->cfg;
    int seen = 0; /* print each point once, at its first row */
    for (size_t j = 0; j < i && !seen; j++)
      seen = same_point(rows[j].res->cfg, c);
    if (seen)
      continue;
    printf("%-12s %-8s", c->kernel->name, tvp_placement_name(c->placement));
    if (setting_column) {
      char setting[64];
      describe_setting(setting, sizeof setting, c, &vary);
      printf(" %-18s", setting);
    }
    printf(" %7u", c->workers);
    const tvp_summary_row *by_model[MAX_MODELS] = {0};
    for (size_t j = i; j < n; j++)
      for (size_t m = 0; m < nm; m++)
        if (rows[j].res->cfg->model == models[m] && same_point(rows[j].res->cfg, c) && !by_model[m])
          by_model[m] = &rows[j];
    for (size_t m = 0; m < nm; m++) {
      const tvp_summary_row *r = by_model[m];
      char t[32], s[32];
      if (!r) {
        snprintf(t, sizeof t, "-");
        snprintf(s, sizeof s, "-");
      } else if (strcmp(r->status, "ok") != 0) {
        snprintf(t, sizeof t, "%s", r->status);
        snprintf(s, sizeof s, "-");
      } else {
        cell_num(t, sizeof t, r->time_s.median, "%.4f");
        cell_num(s, sizeof s, r->speedup, "%.2f");
      }
      printf("  %16s %7s", t, s);
    }
    for (size_t m = 0; m < nm; m++) {
      if (models[m] == thread)
        continue;
      char q[32];
      cell_num(q, sizeof q, by_model[m] ? by_model[m]->ratio_vs_thread : NAN, "%.2f");
      printf("  %*s", (int)strlen(models[m]->name) + 7, q);
    }
    printf("\n");
  }
  printf("med s: median wall time of a repetition; speedup: throughput against the same "
         "model at 1 worker;\nX/thread: throughput of model X over that of threads at the same "
         "point (above 1: X does more work per second).\n");
}
