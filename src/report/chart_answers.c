/* The questions each chart script asks (see chart_answers.h). A script sets
 * its filters (need, xm, wmin, ms) to a few settings and asks a few kinds of
 * question under each, of the kernels it draws; its row here lists those, and
 * tvp answers every combination. A question the row does not cover makes the
 * script fail with "undefined function: tvp_has_no_answer_to", so a script
 * that asks something new fails its test until its row here lists it. */
#include <stdlib.h>
#include <string.h>

#include "report/chart_answers.h"
#include "report/chart_ask.h"
#include "report/gnuplot_run.h"

/* One script's questions. Each list of settings is '|'-separated, "" being
 * one setting: "speedup|" is need = "speedup", then need = "" (models_any and
 * all_workers in common.gp clear need, xm and wmin). NULL is "". */
typedef struct {
  const char *script;
  const char *whats; /* space-separated */
  const char *needs, *xms, *wmins, *mss;
  const char *cols; /* of minmax, values and hascol */
  const char *pre, *wmax, *xdim;
  const char *kernel; /* the kernel it draws when told none, or NULL: the file's first */
} chart_questions;

/* Every script asks dims (common.gp), and kernels when not told which to draw. */
#define ALWAYS "kernels dims "
#define PER_KERNEL ALWAYS "series workers models context failed "
#define PER_RUN ALWAYS "models variants workers context failed series "

static const chart_questions scripts[] = {
    {.script = "speedup.gp", .whats = PER_KERNEL, .needs = "speedup|"},
    {.script = "throughput.gp", .whats = PER_KERNEL "unit minmax", .needs = "throughput_median|",
     .cols = "throughput_median"},
    {.script = "efficiency.gp", .whats = PER_KERNEL, .needs = "efficiency|"},
    {.script = "ratio.gp", .whats = PER_KERNEL "minmax", .needs = "ratio_vs_thread|", .xms = "thread|",
     .cols = "ratio_vs_thread"},
    {.script = "chunk.gp", .whats = PER_KERNEL "unit minmax values", .needs = "throughput_median chunk_items|",
     .cols = "throughput_median|chunk_items|throughput_ci95_low|throughput_ci95_high", .xdim = "chunk_items",
     .kernel = "pool.map"},
    {.script = "message.gp", .whats = PER_KERNEL "values", .needs = "throughput_median footprint_bytes|",
     .cols = "footprint_bytes", .xdim = "footprint_bytes", .kernel = "net.pingpong"},
    {.script = "overview.gp", .whats = PER_RUN, .needs = "speedup|"},
    {.script = "ratiomap.gp", .whats = PER_RUN "rows minmax count", .needs = "ratio_vs_thread|", .xms = "thread|",
     .cols = "ratio_vs_thread"},
    {.script = "latency.gp", .whats = PER_RUN "bars minmax failedbars", .needs = "throughput_median|",
     .cols = "throughput_median", .pre = "spawn.", .wmax = "1"},
    {.script = "karpflatt.gp", .whats = PER_RUN, .needs = "karp_flatt|", .wmins = "2|"},
    {.script = "footprint.gp", .whats = PER_RUN "hascol count", .needs = "pss_kib_median|peak_rss_kib_median|",
     .cols = "pss_kib_median"},
    /* interplock.gp asks of the C run, and of the Python run beside it. */
    {.script = "interplock.gp", .whats = PER_KERNEL "minmax", .needs = "speedup|", .wmins = "2|",
     .mss = "thread fork|thread|", .cols = "speedup", .kernel = "cpu.primes"},
    {.script = "interplock.gp:python", .whats = PER_KERNEL "minmax", .needs = "speedup|", .wmins = "2|",
     .mss = "py-thread py-process|py-thread|", .cols = "speedup", .kernel = "py.cpu"},
};

static const chart_questions *find(const char *script) {
  for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++)
    if (strcmp(scripts[i].script, script) == 0)
      return &scripts[i];
  return NULL;
}

int tvp_chart_answers_known(const char *script) {
  return find(script) != NULL;
}

const char *tvp_chart_default_kernel(const char *script) {
  const chart_questions *c = find(script);
  return c ? c->kernel : NULL;
}

/* Items of a '|'-separated list, "" among them ("a|" holds "a" and ""). */
typedef struct {
  char *copy;
  const char **item;
  size_t n;
} settings;

static void split_settings(settings *s, const char *list) {
  list = list ? list : "";
  s->copy = tvp_xstrdup(list);
  s->item = tvp_xcalloc(strlen(list) + 2, sizeof *s->item);
  s->n = 0;
  char *p = s->copy;
  for (;;) {
    s->item[s->n++] = p;
    char *bar = strchr(p, '|');
    if (!bar)
      break;
    *bar = 0;
    p = bar + 1;
  }
}

/* Appends text with the bytes that delimit answers, and line breaks, as spaces. */
static void put_clean(tvp_buf *out, const char *text) {
  size_t start = out->len;
  tvp_buf_printf(out, "%s", text);
  for (size_t i = start; i < out->len; i++)
    if (out->data[i] == TVP_ANSWER_START || out->data[i] == TVP_ANSWER_IS || out->data[i] == '\n' ||
        out->data[i] == '\r')
      out->data[i] = ' ';
}

/* One question and its answer. */
static void put_answer(tvp_chart_rows *rows, const tvp_chart_question *q, const char *what,
                       const char *only, const char *col, tvp_buf *out) {
  tvp_buf key = {0}, answer = {0};
  if (strcmp(what, "kernels") == 0)
    tvp_buf_printf(&key, "kernels");
  else if (strcmp(what, "dims") == 0)
    tvp_buf_printf(&key, "dims|%s", q->xd);
  else if (strcmp(what, "hascol") == 0)
    tvp_buf_printf(&key, "hascol|%s", col);
  else
    tvp_buf_printf(&key, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", what, only, q->ks, q->ms, q->xm, q->need,
                   q->wmin, q->wmax, q->pre, col, q->pl, q->sc, q->xd);
  tvp_chart_rows_ask(rows, what, only, col, &answer);
  tvp_buf_printf(out, "%c", TVP_ANSWER_START);
  put_clean(out, key.data);
  tvp_buf_printf(out, "%c", TVP_ANSWER_IS);
  put_clean(out, answer.data);
  tvp_buf_free(&key);
  tvp_buf_free(&answer);
}

/* Whether the answer to what depends on the kernel asked about, on col, or on
 * no filter at all. */
static int by_kernel(const char *what) {
  static const char *const whole[] = {"kernels", "dims", "hascol", "rows", "bars", "variants", "failedbars"};
  for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
    if (strcmp(what, whole[i]) == 0)
      return 0;
  return 1;
}

static int by_col(const char *what) {
  return strcmp(what, "minmax") == 0 || strcmp(what, "values") == 0 || strcmp(what, "hascol") == 0;
}

static int unfiltered(const char *what) {
  return strcmp(what, "kernels") == 0 || strcmp(what, "dims") == 0 || strcmp(what, "hascol") == 0;
}

/* Every question of c under the filters of q (first: the header's questions too). */
static void put_filtered(const tvp_csv_table *t, const chart_questions *c, const tvp_chart_question *q,
                         int first, tvp_buf *out) {
  tvp_chart_rows *rows = tvp_chart_rows_select(t, q);
  settings cols;
  char *w = tvp_xstrdup(c->whats);
  split_settings(&cols, c->cols);
  /* The kernels asked about: none (every kernel of ks), then each of ks. */
  const char **onlys = tvp_xcalloc(strlen(q->ks) + 2, sizeof *onlys);
  size_t nonly = 0;
  onlys[nonly++] = "";
  char *kcopy = tvp_xstrdup(q->ks), *save = NULL;
  for (char *k = strtok_r(kcopy, " ", &save); k; k = strtok_r(NULL, " ", &save))
    onlys[nonly++] = k;
  for (char *wsave = NULL, *what = strtok_r(w, " ", &wsave); what; what = strtok_r(NULL, " ", &wsave)) {
    if (unfiltered(what) && !first)
      continue;
    for (size_t o = 0; o < (by_kernel(what) ? nonly : 1); o++)
      for (size_t k = 0; k < (by_col(what) ? cols.n : 1); k++)
        put_answer(rows, q, what, onlys[o], by_col(what) ? cols.item[k] : "", out);
  }
  free(onlys);
  free(kcopy);
  free(w);
  free(cols.copy);
  free(cols.item);
  tvp_chart_rows_free(rows);
}

void tvp_chart_answers(const tvp_csv_table *t, const char *script, const tvp_chart_scope *scope,
                       tvp_buf *out) {
  tvp_buf_printf(out, "%s", "");
  const chart_questions *c = find(script);
  if (!c)
    return;
  settings needs, xms, wmins, mss;
  split_settings(&needs, c->needs);
  split_settings(&xms, c->xms);
  split_settings(&wmins, c->wmins);
  split_settings(&mss, c->mss);
  int first = 1;
  for (size_t a = 0; a < needs.n; a++)
    for (size_t b = 0; b < xms.n; b++)
      for (size_t d = 0; d < wmins.n; d++)
        for (size_t e = 0; e < mss.n; e++) {
          tvp_chart_question q = {.what = "", .only = "", .ks = scope->ks, .ms = mss.item[e],
                                  .xm = xms.item[b], .need = needs.item[a], .wmin = wmins.item[d],
                                  .wmax = c->wmax ? c->wmax : "", .pre = c->pre ? c->pre : "", .col = "",
                                  .pl = scope->placement, .sc = scope->scaling, .xd = c->xdim ? c->xdim : ""};
          put_filtered(t, c, &q, first, out);
          first = 0;
        }
  tvp_buf_printf(out, "%c", TVP_ANSWER_START);
  settings *all[] = {&needs, &xms, &wmins, &mss};
  for (size_t i = 0; i < 4; i++) {
    free(all[i]->copy);
    free(all[i]->item);
  }
}

void tvp_chart_machine_vars(const tvp_run_folder *f, tvp_buf *vars) {
  static const char *const text[] = {"cpu_model", "host"}, *const counts[] = {"cores", "pus"};
  for (size_t i = 0; i < 2 && f->have_meta; i++) {
    const char *v = tvp_meta_get(&f->meta, text[i]);
    if (v)
      tvp_gnuplot_var(vars, text[i], v);
  }
  for (size_t i = 0; i < 2 && f->have_meta; i++) {
    const char *v = tvp_meta_get(&f->meta, counts[i]);
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (v && *v && !*end && n >= 0 && n < 1000000000)
      tvp_buf_printf(vars, "%s=%ld; ", counts[i], n);
  }
}

/* A meta.json value as a gnuplot variable, when the file has it. */
static void meta_var(tvp_buf *vars, const tvp_run_folder *f, const char *key, const char *name) {
  const char *v = f->have_meta ? tvp_meta_get(&f->meta, key) : NULL;
  if (v)
    tvp_gnuplot_var(vars, name, v);
}

void tvp_chart_interplock_vars(const tvp_run_folder *c, const tvp_run_folder *py, tvp_buf *vars) {
  tvp_buf answers = {0}, pyanswers = {0};
  tvp_chart_scope cs = {.ks = "cpu.primes", .placement = "", .scaling = ""},
                  ps = {.ks = "py.cpu", .placement = "", .scaling = ""};
  tvp_chart_answers(&c->summary, "interplock.gp", &cs, &answers);
  tvp_chart_answers(&py->summary, "interplock.gp:python", &ps, &pyanswers);
  tvp_gnuplot_var(vars, "kernel", cs.ks);
  tvp_gnuplot_var(vars, "pykernel", ps.ks);
  tvp_gnuplot_var(vars, "answers", answers.data);
  tvp_gnuplot_var(vars, "pyanswers", pyanswers.data);
  tvp_chart_machine_vars(c, vars);
  meta_var(vars, py, "host", "pyhost");
  const char *impl = py->have_meta ? tvp_meta_get(&py->meta, "python_implementation") : NULL;
  const char *version = py->have_meta ? tvp_meta_get(&py->meta, "python_version") : NULL;
  if (impl || version) {
    tvp_buf python = {0};
    tvp_buf_printf(&python, "%s %s", impl ? impl : "", version ? version : "");
    tvp_gnuplot_var(vars, "python", python.data);
    tvp_buf_free(&python);
  }
  tvp_buf_free(&answers);
  tvp_buf_free(&pyanswers);
}
