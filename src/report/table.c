/* The table printed at the end of a run: one line per measurement point, the
 * models side by side, so the process/thread question is answered at a glance:
 * each model's speedup, and each model's ratio to threads with its interval and
 * the run's verdict. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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
    tvp_format_ratio(buf, len, r->speedup); /* 0.0048, not 0.00 */
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

/* The widest a line of the table may be: a console's usual 100 columns. */
#define TABLE_COLS 100

/* One point of the table: a configuration but for its model, each model's row
 * and cells. */
typedef struct {
  const tvp_config *cfg;
  const tvp_summary_row *row[MAX_MODELS]; /* NULL where the model did not run it */
  char setting[64];
  char speedup[MAX_MODELS][16];
  char ratio[MAX_MODELS][96];
  char mark[MAX_MODELS][8]; /* "!", "~", "! ~" of that model's row, or "" */
  char marks[8];            /* the point's: those of all its models */
} tpoint;

/* The table's shape: which columns it has, how wide each is, and whether the
 * models go side by side (wide) or one line each (long). */
typedef struct {
  const tvp_model *const *models;
  size_t nm;
  const tvp_model *thread;
  const varying *vary;
  int place, long_form, heads; /* a placement column; one line per model; kernels as headings */
  int kernel_w, place_w, setting_w, wk_w, model_w, speedup_w, ratio_w, mark_w;
  int sp_w[MAX_MODELS], r_w[MAX_MODELS]; /* the wide form's column per model */
} shape;

static const char ratio_head[] = "ratio to threads [95 % interval], verdict";

static int imax(int a, int b) { return a > b ? a : b; }

/* The setting column's name: the dimension's when it alone varies and reads bare ("footprint"). */
static const char *setting_name(const varying *v) {
  return v->only >= 0 && (tvp_dimensions[v->only].flags & TVP_DIM_BARE_SETTING) ? tvp_dimensions[v->only].name
                                                                                 : "setting";
}

/* The marker text of rows: "!" implausible, "~" disturbed in every round. */
static void marks_of(char *buf, size_t len, int implausible, int disturbed) {
  snprintf(buf, len, "%s%s%s", implausible ? "!" : "", implausible && disturbed ? " " : "",
           disturbed ? "~" : "");
}

/* The points of the run, each with its cells, in the order of their first rows. */
static size_t collect(const tvp_summary_row *rows, size_t n, const shape *sh, tpoint *pts,
                      legend_need *need) {
  size_t np = 0;
  for (size_t i = 0; i < n; i++) {
    int seen = 0; /* each point once, at its first row */
    for (size_t j = 0; j < i && !seen; j++)
      seen = same_point(rows[j].res->cfg, rows[i].res->cfg);
    if (seen)
      continue;
    tpoint *p = &pts[np++];
    memset(p, 0, sizeof *p);
    p->cfg = rows[i].res->cfg;
    if (sh->vary->any)
      describe_setting(p->setting, sizeof p->setting, p->cfg, sh->vary);
    int imp = 0, dis = 0;
    for (size_t m = 0; m < sh->nm; m++) {
      for (size_t j = i; j < n && !p->row[m]; j++)
        if (rows[j].res->cfg->model == sh->models[m] && same_point(rows[j].res->cfg, p->cfg))
          p->row[m] = &rows[j];
      const tvp_summary_row *r = p->row[m];
      marks_of(p->mark[m], sizeof p->mark[m], r && r->implausible, r && all_disturbed(r));
      imp |= r && r->implausible;
      dis |= r && all_disturbed(r);
      if (sh->long_form && !r)
        continue; /* no line for a model that did not run the point */
      speedup_cell(p->speedup[m], sizeof p->speedup[m], r, need);
      if (sh->models[m] != sh->thread) {
        tvp_buf q = {0};
        ratio_cell(&q, r, need);
        snprintf(p->ratio[m], sizeof p->ratio[m], "%s", q.data);
        tvp_buf_free(&q);
      }
    }
    marks_of(p->marks, sizeof p->marks, imp, dis);
    need->implausible |= imp;
    need->disturbed |= dis;
  }
  return np;
}

/* The widths of the columns of the points' cells, and the width of the widest line. */
static int measure(shape *sh, const tpoint *pts, size_t np) {
  const char *setting_head = setting_name(sh->vary);
  sh->kernel_w = 6, sh->place_w = 5, sh->wk_w = 2, sh->model_w = 5, sh->speedup_w = 7, sh->mark_w = 0;
  sh->setting_w = sh->vary->any ? (int)strlen(setting_head) : 0;
  sh->ratio_w = 0;
  for (size_t m = 0; m < sh->nm; m++) {
    sh->sp_w[m] = sh->r_w[m] = imax(4, (int)strlen(sh->models[m]->name));
    sh->model_w = imax(sh->model_w, (int)strlen(sh->models[m]->name));
  }
  for (size_t i = 0; i < np; i++) {
    const tpoint *p = &pts[i];
    char wk[16];
    snprintf(wk, sizeof wk, "%u", p->cfg->workers);
    sh->kernel_w = imax(sh->kernel_w, (int)strlen(p->cfg->kernel->name));
    sh->place_w = imax(sh->place_w, (int)strlen(tvp_placement_name(p->cfg->placement)));
    sh->setting_w = imax(sh->setting_w, (int)strlen(p->setting));
    sh->wk_w = imax(sh->wk_w, (int)strlen(wk));
    for (size_t m = 0; m < sh->nm; m++) {
      sh->sp_w[m] = imax(sh->sp_w[m], (int)strlen(p->speedup[m]));
      sh->r_w[m] = imax(sh->r_w[m], (int)strlen(p->ratio[m]));
      sh->speedup_w = imax(sh->speedup_w, (int)strlen(p->speedup[m]));
      sh->ratio_w = imax(sh->ratio_w, (int)strlen(p->ratio[m]));
      sh->mark_w = imax(sh->mark_w, (int)strlen(sh->long_form ? p->mark[m] : p->marks));
    }
  }
  /* The side-by-side speedups are at least as wide as their group's name. */
  int group = -2;
  for (size_t m = 0; m < sh->nm; m++)
    group += sh->sp_w[m] + 2;
  if (sh->nm && group < 7)
    sh->sp_w[sh->nm - 1] += 7 - group;
  /* Every column but the first is 2 spaces after the one before. */
  int lead = (sh->heads ? 0 : sh->kernel_w + 2) + (sh->place ? sh->place_w + 2 : 0) +
             (sh->vary->any ? sh->setting_w + 2 : 0) + sh->wk_w;
  int marks = sh->mark_w ? 2 + sh->mark_w : 0, width;
  if (sh->long_form) {
    width = lead + 2 + sh->model_w + 2 + sh->speedup_w + 2 + imax(sh->ratio_w + marks, (int)strlen(ratio_head));
  } else {
    width = lead;
    for (size_t m = 0; m < sh->nm; m++)
      width += 2 + sh->sp_w[m];
    int ratio_at = width + 2, ratios = 0;
    for (size_t m = 0; m < sh->nm; m++)
      if (sh->models[m] != sh->thread)
        width += 2 + sh->r_w[m], ratios = 1;
    width = imax(width + marks, ratios ? ratio_at + (int)strlen(ratio_head) : 0);
  }
  return width;
}

/* Appends text padded to w columns, left- or right-aligned, and the 2 spaces
 * before the next column. */
static void cell(tvp_buf *line, const char *text, int w, int right) {
  tvp_buf_printf(line, right ? "%*s  " : "%-*s  ", w, text);
}

/* Writes line without its trailing spaces, and empties it. */
static void put_line(FILE *out, tvp_buf *line) {
  size_t len = line->len;
  while (len > 0 && line->data[len - 1] == ' ')
    len--;
  fprintf(out, "%.*s\n", (int)len, line->data ? line->data : "");
  tvp_buf_free(line);
}

/* The columns before the models': kernel, placement, setting, workers; blank
 * (a point's second line on) when p is NULL. */
static void lead_cells(tvp_buf *line, const shape *sh, const tpoint *p) {
  char wk[16] = "";
  if (p)
    snprintf(wk, sizeof wk, "%u", p->cfg->workers);
  if (!sh->heads)
    cell(line, p ? p->cfg->kernel->name : "", sh->kernel_w, 0);
  if (sh->place)
    cell(line, p ? tvp_placement_name(p->cfg->placement) : "", sh->place_w, 0);
  if (sh->vary->any)
    cell(line, p ? p->setting : "", sh->setting_w, 0);
  cell(line, wk, sh->wk_w, 1);
}

/* The head of the table: the columns' names (and, side by side, a line above
 * naming the speedup and ratio groups). */
static void print_head(FILE *out, const shape *sh) {
  const char *setting_head = setting_name(sh->vary);
  tvp_buf line = {0}, names = {0};
  if (!sh->heads)
    cell(&names, "kernel", sh->kernel_w, 0);
  if (sh->place)
    cell(&names, "place", sh->place_w, 0);
  if (sh->vary->any)
    cell(&names, setting_head, sh->setting_w, 0);
  cell(&names, "wk", sh->wk_w, 1);
  if (sh->long_form) {
    cell(&names, "model", sh->model_w, 0);
    cell(&names, "speedup", sh->speedup_w, 1);
    cell(&names, ratio_head, 0, 0);
    put_line(out, &names);
    return;
  }
  tvp_buf_printf(&line, "%*s", (int)names.len, "");
  tvp_buf_printf(&line, "speedup");
  for (size_t m = 0; m < sh->nm; m++)
    cell(&names, sh->models[m]->name, sh->sp_w[m], 1);
  int any_ratio = 0;
  for (size_t m = 0; m < sh->nm; m++)
    if (sh->models[m] != sh->thread) {
      if (!any_ratio)
        tvp_buf_printf(&line, "%*s%s", (int)(names.len - line.len), "", ratio_head);
      any_ratio = 1;
      cell(&names, sh->models[m]->name, sh->r_w[m], 0);
    }
  put_line(out, &line);
  put_line(out, &names);
}

/* A point on one line, its models side by side. */
static void print_wide(FILE *out, const shape *sh, const tpoint *p) {
  tvp_buf line = {0};
  lead_cells(&line, sh, p);
  for (size_t m = 0; m < sh->nm; m++)
    cell(&line, p->speedup[m], sh->sp_w[m], 1);
  for (size_t m = 0; m < sh->nm; m++)
    if (sh->models[m] != sh->thread)
      cell(&line, p->ratio[m], sh->r_w[m], 0);
  tvp_buf_printf(&line, "%s", p->marks);
  put_line(out, &line);
}

/* A point on a line per model that ran it, the point's columns on the first. */
static void print_long(FILE *out, const shape *sh, const tpoint *p) {
  int first = 1;
  for (size_t m = 0; m < sh->nm; m++) {
    if (!p->row[m])
      continue;
    tvp_buf line = {0};
    lead_cells(&line, sh, first ? p : NULL);
    cell(&line, sh->models[m]->name, sh->model_w, 0);
    cell(&line, p->speedup[m], sh->speedup_w, 1);
    cell(&line, p->ratio[m], sh->ratio_w, 0);
    tvp_buf_printf(&line, "%s", p->mark[m]);
    put_line(out, &line);
    first = 0;
  }
}

static void print_legend(FILE *out, const legend_need *need, const shape *sh, const char *place) {
  fprintf(out, "wk: workers; speedup: median of the per-round ratios to the same model at 1 worker "
          "(report.md\nand summary.csv give its interval); ratio: median of the per-round "
          "throughput ratios of the model\nto threads at the same point (above 1: the model "
          "does more work per second).\n");
  if (!sh->place && *place)
    fprintf(out, "Every point ran at placement %s.\n", place);
  if (need->verdict)
    fprintf(out, "%s.\n", TVP_VERDICT_LEGEND);
  if (need->bare)
    fprintf(out, "A ratio alone: no interval below 5 repetitions.\n");
  if (need->dash)
    fprintf(out, "-: no figure (no 1-worker run of the model, as for kernels whose workers run in "
            "pairs; or no\nthread run at the point).\n");
  if (need->implausible)
    fprintf(out, "!: implausible, past a physical limit (summary.csv's implausible_reason says "
            "why): no verdict.\n");
  if (need->disturbed)
    fprintf(out, "~: %s disturbed in every round there (the machine's own load was measured).\n",
            sh->long_form ? "the model" : "a model");
}

void tvp_table_write(FILE *out, const tvp_summary_row *rows, size_t n) {
  varying vary = settings_that_vary(rows, n);
  const tvp_model *models[MAX_MODELS];
  size_t nm = 0;
  int places = 0;
  for (size_t i = 0; i < n; i++) {
    const tvp_model *m = rows[i].res->cfg->model;
    if (nm < MAX_MODELS)
      tvp_distinct_add(models, &nm, sizeof *models, &m, NULL);
    places |= rows[i].res->cfg->placement != rows[0].res->cfg->placement;
  }
  shape sh = {.models = models, .nm = nm, .thread = tvp_model_find("thread"), .vary = &vary, .place = places};
  tpoint *pts = tvp_xcalloc(n + 1, sizeof *pts);
  legend_need need = {0};
  size_t np = collect(rows, n, &sh, pts, &need);
  /* Side by side when that fits; else a line per model, and past that the
   * kernel's name on a line of its own above its points. */
  if (measure(&sh, pts, np) > TABLE_COLS) {
    sh.long_form = 1;
    need = (legend_need){0};
    np = collect(rows, n, &sh, pts, &need);
    sh.heads = measure(&sh, pts, np) > TABLE_COLS;
  }
  print_head(out, &sh);
  for (size_t i = 0; i < np; i++) {
    if (sh.heads && (i == 0 || pts[i].cfg->kernel != pts[i - 1].cfg->kernel))
      fprintf(out, "%s\n", pts[i].cfg->kernel->name);
    (sh.long_form ? print_long : print_wide)(out, &sh, &pts[i]);
  }
  print_legend(out, &need, &sh, n ? tvp_placement_name(rows[0].res->cfg->placement) : "");
  free(pts);
}

void tvp_print_table(const tvp_summary_row *rows, size_t n) { tvp_table_write(stdout, rows, n); }
