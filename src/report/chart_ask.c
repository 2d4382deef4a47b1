/* Answers to the chart scripts' questions (see chart_ask.h). A number read from
 * the CSV is taken as awk takes it, its longest numeric prefix, and written as
 * awk writes it, so that the scripts see what their awk queries gave them. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/dimensions.h"
#include "report/chart_ask.h"

/* Words of a space-separated list. */
typedef struct {
  char *copy;
  const char **w;
  size_t n;
} word_list;

static void split_words(word_list *l, const char *s) {
  l->copy = tvp_xstrdup(s ? s : "");
  l->w = tvp_xcalloc(strlen(l->copy) / 2 + 2, sizeof *l->w);
  l->n = 0;
  char *save = NULL;
  for (char *tok = strtok_r(l->copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
    l->w[l->n++] = tok;
}

/* 1 + the last place of s in l (a later duplicate wins, as in an awk array), or 0. */
static size_t word_place(const word_list *l, const char *s) {
  for (size_t i = l->n; i > 0; i--)
    if (strcmp(l->w[i - 1], s) == 0)
      return i;
  return 0;
}

static void free_words(word_list *l) {
  free(l->copy);
  free(l->w);
}

/* s's value as a number: its longest decimal prefix after blanks, 0 if none;
 * *end after the prefix (s when none). */
static double num_prefix(const char *s, const char **end) {
  const char *p = s + strspn(s, " \t\n");
  const char *q = p + (*p == '+' || *p == '-');
  *end = s;
  if (!(isdigit((unsigned char)q[0]) || (q[0] == '.' && isdigit((unsigned char)q[1]))))
    return 0;
  if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) { /* strtod would read hex */
    *end = q + 1;
    return 0;
  }
  char *e;
  double v = strtod(p, &e);
  *end = e;
  return v;
}

static double num(const char *s) {
  const char *end;
  return num_prefix(s, &end);
}

/* Whether s is a number and nothing else (then compared as one). */
static int is_number(const char *s) {
  const char *end;
  num_prefix(s, &end);
  return end != s && end[strspn(end, " \t\n")] == 0;
}

/* A number as text: whole numbers without a point, others to 6 digits. */
static void put_num(tvp_buf *b, double v) {
  if (v == floor(v) && fabs(v) < 1e18)
    tvp_buf_printf(b, "%lld", (long long)v);
  else
    tvp_buf_printf(b, "%.6g", v);
}

/* A column of the series key: which dimension, or the worker count. */
enum { KEY_WORKERS = -1 };

/* "20k", "1M": a count as the command line spells it. */
static void put_human(tvp_buf *b, const char *v) {
  double x = num(v);
  if (is_number(v) && x >= 1000000 && fmod(x, 1000000) == 0) {
    put_num(b, x / 1000000);
    tvp_buf_printf(b, "M");
  } else if (is_number(v) && x >= 1000 && fmod(x, 1000) == 0) {
    put_num(b, x / 1000);
    tvp_buf_printf(b, "k");
  } else {
    tvp_buf_printf(b, "%s", v);
  }
}

static void put_bytes(tvp_buf *b, const char *v) {
  static const struct {
    double size;
    const char *unit;
  } units[] = {{1073741824.0, "GiB"}, {1048576.0, "MiB"}, {1024.0, "KiB"}};
  double x = num(v);
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (fmod(x, units[i].size) == 0) {
      put_num(b, x / units[i].size);
      tvp_buf_printf(b, " %s", units[i].unit);
      return;
    }
  tvp_buf_printf(b, "%s B", v);
}

/* A setting as a legend or title names it: "placement core", "weak scaling",
 * "size 20k", "footprint 1 MiB", "chunk 1k", "4 workers", "10 s runs". */
static void put_setting(tvp_buf *b, int dim, const char *v) {
  switch (dim) {
  case TVP_DIM_PLACEMENT: tvp_buf_printf(b, "placement %s", v); break;
  case TVP_DIM_SCALING: tvp_buf_printf(b, "%s scaling", v); break;
  case TVP_DIM_UNITS:
    tvp_buf_printf(b, "size ");
    put_human(b, v);
    break;
  case TVP_DIM_FOOTPRINT:
    if (!*v) {
      tvp_buf_printf(b, "default footprint");
    } else {
      tvp_buf_printf(b, "footprint ");
      put_bytes(b, v);
    }
    break;
  case TVP_DIM_CHUNK:
    if (!*v) {
      tvp_buf_printf(b, "default chunk");
    } else {
      tvp_buf_printf(b, "chunk ");
      put_human(b, v);
    }
    break;
  case KEY_WORKERS:
    tvp_buf_printf(b, "%s %s", v, (is_number(v) ? num(v) == 1 : strcmp(v, "1") == 0) ? "worker" : "workers");
    break;
  case TVP_DIM_DURATION:
    if (*v)
      tvp_buf_printf(b, "%s s runs", v);
    break;
  default:
    if (*v)
      tvp_buf_printf(b, "%s %s", tvp_dimensions[dim].name, v);
  }
}

/* A row of the selection. */
typedef struct {
  size_t row;
  const char *k, *m, *u, *x;
  const char **d; /* the key columns' values */
  size_t *cnt;    /* per key column: values it takes among this kernel's rows */
  size_t ki;      /* the kernel's place among the selection's */
  double w;
  size_t v;     /* variant, from 1 */
  int in;       /* of the kernel asked about (or of any, when none is) */
  char *s, *r;  /* series key "model|d1|d2...", row key "kernel|" and the series key */
} pick;

/* The selection, and the question at hand. */
struct tvp_chart_rows {
  const tvp_csv_table *t;
  tvp_chart_question q; /* the filters, and what, only and col of the question asked */
  int c_kernel, c_model, c_status, c_workers, c_unit, c_col, c_xd, c_pl, c_sc;
  int kcol[TVP_DIM_COUNT + 1], kdim[TVP_DIM_COUNT + 1]; /* the key columns */
  size_t nd;
  word_list kl, ml, nl;
  pick *p;
  size_t n;
  const char **mf, **kf; /* models and kernels of the selection, in order of appearance */
  size_t nmf, nkf;
  int vary[TVP_DIM_COUNT + 1]; /* key columns that take several values in some kernel */
  char **vkey, **vlab;         /* the variants: their values and labels */
  size_t nv;
  char **fk;                   /* failedbars: "kernel|d1|d2..." of the failed rows */
  size_t nfk;
};
typedef struct tvp_chart_rows asking;

static const char *cell(const asking *a, size_t row, int col) {
  return tvp_csv_table_get(a->t, row, col);
}

/* The key columns: the worker count first when something else is on the x axis,
 * then the point dimensions the file has (not the one on the x axis). */
static void key_columns(asking *a) {
  a->nd = 0;
  if (*a->q.xd) {
    a->kcol[a->nd] = a->c_workers;
    a->kdim[a->nd++] = KEY_WORKERS;
  }
  for (int d = 0; d < TVP_DIM_COUNT; d++) {
    const tvp_dimension *dim = &tvp_dimensions[d];
    if (!(dim->flags & TVP_DIM_POINT) || !dim->column || strcmp(dim->column, a->q.xd) == 0)
      continue;
    int c = tvp_csv_table_col(a->t, dim->column);
    if (c >= 0) {
      a->kcol[a->nd] = c;
      a->kdim[a->nd++] = d;
    }
  }
}

static const char *key_name(const asking *a, size_t j) {
  return a->kdim[j] == KEY_WORKERS ? "workers" : tvp_dimensions[a->kdim[j]].column;
}

/* Whether row passes the filters that failed rows are counted under too. */
static int in_scope(const asking *a, size_t row) {
  const tvp_chart_question *q = &a->q;
  const char *k = cell(a, row, a->c_kernel);
  return (!a->kl.n || word_place(&a->kl, k)) && (!*q->pl || strcmp(cell(a, row, a->c_pl), q->pl) == 0) &&
         (!*q->sc || strcmp(cell(a, row, a->c_sc), q->sc) == 0) &&
         (!*q->pre || strncmp(k, q->pre, strlen(q->pre)) == 0) &&
         (!*q->wmax || num(cell(a, row, a->c_workers)) <= num(q->wmax));
}

/* Whether the ok row is selected. */
static int selected(const asking *a, size_t row) {
  const tvp_chart_question *q = &a->q;
  const char *m = cell(a, row, a->c_model);
  if (!in_scope(a, row) || (a->ml.n && !word_place(&a->ml, m)) || (*q->xm && strcmp(m, q->xm) == 0) ||
      (*q->wmin && num(cell(a, row, a->c_workers)) < num(q->wmin)))
    return 0;
  for (size_t i = 0; i < a->nl.n; i++) {
    int c = tvp_csv_table_col(a->t, a->nl.w[i]);
    if (c < 0 || !*cell(a, row, c))
      return 0;
  }
  return 1;
}

static void add_pick(asking *a, size_t row) {
  pick *p = &a->p[a->n++];
  p->row = row;
  p->k = cell(a, row, a->c_kernel);
  p->m = cell(a, row, a->c_model);
  p->w = num(cell(a, row, a->c_workers));
  p->u = cell(a, row, a->c_unit);
  p->d = tvp_xcalloc(a->nd + 1, sizeof *p->d);
  p->cnt = tvp_xcalloc(a->nd + 1, sizeof *p->cnt);
  for (size_t j = 0; j < a->nd; j++)
    p->d[j] = cell(a, row, a->kcol[j]);
  tvp_distinct_text(a->mf, &a->nmf, p->m);
  p->ki = tvp_distinct_text(a->kf, &a->nkf, p->k);
}

/* The ok rows the filters select; the failed rows in scope, for failedbars. */
static void read_rows(asking *a) {
  size_t nrows = a->t->nrows;
  a->p = tvp_xcalloc(nrows + 1, sizeof *a->p);
  a->mf = tvp_xcalloc(nrows + 1, sizeof *a->mf);
  a->kf = tvp_xcalloc(nrows + 1, sizeof *a->kf);
  a->fk = tvp_xcalloc(nrows + 1, sizeof *a->fk);
  for (size_t row = 0; row < nrows; row++) {
    if (strcmp(cell(a, row, a->c_status), "ok") == 0) {
      if (selected(a, row))
        add_pick(a, row);
    } else if (in_scope(a, row)) {
      tvp_buf d = {0};
      tvp_buf_printf(&d, "%s", cell(a, row, a->c_kernel));
      for (size_t j = 0; j < a->nd; j++)
        tvp_buf_printf(&d, "|%s", cell(a, row, a->kcol[j]));
      a->fk[a->nfk++] = d.data;
    }
  }
}

/* How many values each key column takes among each kernel's rows, and which
 * columns vary in some kernel. */
static void count_values(asking *a) {
  size_t *pk = tvp_xcalloc(a->n + 1, sizeof *pk), *per_kernel = tvp_xcalloc(a->nkf + 1, sizeof *per_kernel);
  const char **pv = tvp_xcalloc(a->n + 1, sizeof *pv);
  for (size_t j = 0; j < a->nd; j++) {
    size_t np = 0; /* the distinct (kernel, value) pairs */
    memset(per_kernel, 0, (a->nkf + 1) * sizeof *per_kernel);
    for (size_t r = 0; r < a->n; r++) {
      const pick *p = &a->p[r];
      size_t e = 0;
      while (e < np && !(pk[e] == p->ki && strcmp(pv[e], p->d[j]) == 0))
        e++;
      if (e < np)
        continue;
      pk[np] = p->ki;
      pv[np++] = p->d[j];
      per_kernel[p->ki]++;
    }
    for (size_t r = 0; r < a->n; r++) {
      a->p[r].cnt[j] = per_kernel[a->p[r].ki];
      a->vary[j] |= a->p[r].cnt[j] > 1;
    }
  }
  free(pk);
  free(pv);
  free(per_kernel);
}

/* Each row's variant (its values of the key columns that vary), series key and row key. */
static void group_rows(asking *a) {
  count_values(a);
  a->vkey = tvp_xcalloc(a->n + 1, sizeof *a->vkey);
  a->vlab = tvp_xcalloc(a->n + 1, sizeof *a->vlab);
  for (size_t r = 0; r < a->n; r++) {
    pick *p = &a->p[r];
    tvp_buf t = {0}, lab = {0}, s = {0}, rk = {0};
    tvp_buf_printf(&t, "%s", "");
    tvp_buf_printf(&lab, "%s", "");
    tvp_buf_printf(&s, "%s", p->m);
    for (size_t j = 0; j < a->nd; j++) {
      tvp_buf_printf(&s, "|%s", p->d[j]);
      if (!a->vary[j])
        continue;
      tvp_buf_printf(&t, "|%s", p->d[j]);
      tvp_buf one = {0};
      tvp_buf_printf(&one, "%s", "");
      put_setting(&one, a->kdim[j], p->d[j]);
      if (*one.data)
        tvp_buf_printf(&lab, "%s%s", *lab.data ? ", " : "", one.data);
      tvp_buf_free(&one);
    }
    size_t v = 0;
    while (v < a->nv && strcmp(a->vkey[v], t.data) != 0)
      v++;
    if (v == a->nv) {
      a->vkey[a->nv] = t.data;
      a->vlab[a->nv++] = lab.data;
    } else {
      tvp_buf_free(&t);
      tvp_buf_free(&lab);
    }
    p->v = v + 1;
    tvp_buf_printf(&rk, "%s|%s", p->k, s.data);
    p->s = s.data;
    p->r = rk.data;
  }
}

/* A model's rank in a legend: thread, fork, spawn, mpi, mpi+thread, then the
 * others in order of appearance. */
static double model_rank(const asking *a, const char *m) {
  static const char *const known[] = {"thread", "fork", "spawn", "mpi", "mpi+thread"};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(m, known[i]) == 0)
      return (double)i + 1;
  size_t i = 0;
  while (i < a->nmf && strcmp(a->mf[i], m) != 0)
    i++;
  return 5.0 + (double)i + 1;
}

/* A kernel's rank: its place in ks, or in the file when ks is empty. */
static double kernel_rank(const asking *a, const char *k) {
  if (a->kl.n)
    return (double)word_place(&a->kl, k);
  size_t i = 0;
  while (i < a->nkf && strcmp(a->kf[i], k) != 0)
    i++;
  return (double)i + 1;
}

/* The settings of p's key columns that vary in its kernel, joined by sep. */
static void put_own(const asking *a, const pick *p, const char *sep, tvp_buf *out) {
  size_t start = out->len;
  for (size_t j = 0; j < a->nd; j++) {
    if (p->cnt[j] <= 1)
      continue;
    tvp_buf_printf(out, "%s", out->len > start ? sep : "");
    put_setting(out, a->kdim[j], p->d[j]);
  }
}

/* Sorts u[0..nu) by o, keeping ties in order (awk's insertion sort). */
static void sort_by(size_t *u, double *o, size_t nu) {
  for (size_t i = 1; i < nu; i++)
    for (size_t j = i; j > 0 && o[j - 1] > o[j]; j--) {
      double x = o[j];
      o[j] = o[j - 1];
      o[j - 1] = x;
      size_t y = u[j];
      u[j] = u[j - 1];
      u[j - 1] = y;
    }
}

/* The text a distinct row is told apart by, for the listing questions; NULL: every row counts. */
static const char *listing_key(const asking *a, const pick *p, char *num_text, size_t len) {
  const char *what = a->q.what;
  if (strcmp(what, "series") == 0)
    return p->s;
  if (strcmp(what, "rows") == 0 || strcmp(what, "bars") == 0)
    return p->r;
  if (strcmp(what, "models") == 0)
    return p->m;
  if (strcmp(what, "values") == 0)
    return p->x;
  snprintf(num_text, len, "%.17g", p->w); /* workers */
  return num_text;
}

/* The distinct rows a listing question lists, ordered as it lists them; their count. */
static size_t listing(const asking *a, size_t *u, double *o) {
  const char *what = a->q.what;
  int all = strcmp(what, "rows") == 0 || strcmp(what, "bars") == 0; /* every kernel of ks */
  const char **seen = tvp_xcalloc(a->n + 1, sizeof *seen);
  char (*nums)[32] = tvp_xcalloc(a->n + 1, sizeof *nums);
  size_t nu = 0, nseen = 0;
  for (size_t r = 0; r < a->n; r++) {
    const pick *p = &a->p[r];
    if ((!all && !p->in) || (strcmp(what, "values") == 0 && !*p->x))
      continue;
    const char *key = listing_key(a, p, nums[r], sizeof nums[r]);
    size_t before = nseen;
    tvp_distinct_text(seen, &nseen, key);
    if (nseen == before)
      continue;
    double rank = model_rank(a, p->m), v = (double)p->v, at = (double)(nu + 1);
    if (strcmp(what, "series") == 0)
      o[nu] = rank * 1000000 + v * 1000 + at;
    else if (strcmp(what, "rows") == 0)
      o[nu] = kernel_rank(a, p->k) * 1000000000 + rank * 1000000 + v * 1000 + at;
    else if (strcmp(what, "bars") == 0)
      o[nu] = kernel_rank(a, p->k) * 1000000000 + v * 1000000 + rank * 1000 + at;
    else if (strcmp(what, "models") == 0)
      o[nu] = rank;
    else if (strcmp(what, "values") == 0)
      o[nu] = num(p->x);
    else
      o[nu] = p->w;
    u[nu++] = r;
  }
  free(seen);
  free(nums);
  sort_by(u, o, nu);
  return nu;
}

/* bars: the groups (a kernel and a variant) in order, as positions on the axis. */
static void bar_groups(const asking *a, size_t *gpos) {
  size_t *gr = tvp_xcalloc(a->n + 1, sizeof *gr), *first = tvp_xcalloc(a->n + 1, sizeof *first), ng = 0;
  double *go = tvp_xcalloc(a->n + 1, sizeof *go);
  for (size_t r = 0; r < a->n; r++) {
    size_t g = 0;
    while (g < ng && !(strcmp(a->p[first[g]].k, a->p[r].k) == 0 && a->p[first[g]].v == a->p[r].v))
      g++;
    if (g == ng) {
      first[ng] = r;
      go[ng] = kernel_rank(a, a->p[r].k) * 1000 + (double)a->p[r].v;
      gr[ng] = ng;
      ng++;
    }
    gpos[r] = g; /* the group for now; its position below */
  }
  double *o = tvp_xcalloc(ng + 1, sizeof *o);
  for (size_t g = 0; g < ng; g++)
    o[g] = go[g];
  sort_by(gr, o, ng);
  size_t *pos = tvp_xcalloc(ng + 1, sizeof *pos);
  for (size_t i = 0; i < ng; i++)
    pos[gr[i]] = i + 1;
  for (size_t r = 0; r < a->n; r++)
    gpos[r] = pos[gpos[r]];
  free(pos);
  free(o);
  free(go);
  free(first);
  free(gr);
}

/* One listed row of rows or bars: its key and label. */
static void put_row_entry(const asking *a, const pick *p, size_t gpos, tvp_buf *out) {
  tvp_buf lab = {0}, own = {0};
  tvp_buf_printf(&lab, "%s", p->k);
  tvp_buf_printf(&own, "%s", "");
  if (strcmp(a->q.what, "rows") == 0) {
    if (a->nmf > 1) /* the models of every pick, counted as they were added */
      tvp_buf_printf(&lab, ", %s", p->m);
    put_own(a, p, ", ", &own);
    tvp_buf_printf(out, "%s \"%s%s%s\" ", p->r, lab.data, *own.data ? ", " : "", own.data);
  } else {
    /* Lines of a tic label, as the two characters \n for gnuplot to read. */
    put_own(a, p, "\\n", &own);
    if (*own.data)
      tvp_buf_printf(&lab, "\\n%s", own.data);
    for (size_t j = 0; j < a->nd; j++)
      if (a->kdim[j] == TVP_DIM_FOOTPRINT && p->cnt[j] <= 1 && *p->d[j]) {
        tvp_buf_printf(&lab, "\\n");
        put_setting(&lab, a->kdim[j], p->d[j]);
      }
    tvp_buf_printf(out, "%s %zu %s \"%s\" ", p->r, gpos, p->m, lab.data);
  }
  tvp_buf_free(&lab);
  tvp_buf_free(&own);
}

/* series, rows, bars, models, workers, values: the distinct rows, in order. */
static void put_listing(const asking *a, tvp_buf *out) {
  const char *what = a->q.what;
  size_t *u = tvp_xcalloc(a->n + 1, sizeof *u), *gpos = tvp_xcalloc(a->n + 1, sizeof *gpos);
  double *o = tvp_xcalloc(a->n + 1, sizeof *o);
  size_t nu = listing(a, u, o);
  if (strcmp(what, "bars") == 0)
    bar_groups(a, gpos);
  for (size_t i = 0; i < nu; i++) {
    const pick *p = &a->p[u[i]];
    if (strcmp(what, "series") == 0)
      tvp_buf_printf(out, "%s %s %zu \"%s\" ", p->s, p->m, p->v, a->vlab[p->v - 1]);
    else if (strcmp(what, "rows") == 0 || strcmp(what, "bars") == 0)
      put_row_entry(a, p, gpos[u[i]], out);
    else if (strcmp(what, "models") == 0)
      tvp_buf_printf(out, "%s ", p->m);
    else if (strcmp(what, "values") == 0)
      tvp_buf_printf(out, "%s ", p->x);
    else {
      put_num(out, p->w);
      tvp_buf_printf(out, " ");
    }
  }
  free(u);
  free(gpos);
  free(o);
}

/* context: the settings every row of the kernel asked about shares. */
static void put_context(const asking *a, tvp_buf *out) {
  int any = 0;
  for (size_t j = 0; j < a->nd; j++) {
    const pick *first = NULL;
    int same = 1;
    for (size_t r = 0; r < a->n; r++) {
      if (!a->p[r].in)
        continue;
      if (!first)
        first = &a->p[r];
      else if (strcmp(a->p[r].d[j], first->d[j]) != 0)
        same = 0;
    }
    if (!first || !same || !*first->d[j])
      continue;
    tvp_buf one = {0};
    tvp_buf_printf(&one, "%s", "");
    put_setting(&one, a->kdim[j], first->d[j]);
    if (*one.data)
      tvp_buf_printf(out, "%s%s", any ? ", " : "", one.data);
    any = any || *one.data;
    tvp_buf_free(&one);
  }
}

/* failedbars: the failed rows with a bar group to sit in (a kernel's rows ok
 * at the same settings under another model). */
static void put_failed_bars(const asking *a, tvp_buf *out) {
  long m = 0;
  for (size_t i = 0; i < a->nfk; i++) {
    int found = 0;
    for (size_t r = 0; r < a->n && !found; r++) {
      const pick *p = &a->p[r];
      size_t kl = strlen(p->k);
      found = strncmp(a->fk[i], p->k, kl) == 0 && strcmp(a->fk[i] + kl, p->s + strlen(p->m)) == 0;
    }
    m += found;
  }
  tvp_buf_printf(out, "%ld", m);
}

/* The questions about the selection as a whole. */
static void put_summary(const asking *a, tvp_buf *out) {
  const char *what = a->q.what;
  if (strcmp(what, "variants") == 0) {
    for (size_t i = 0; i < a->nv; i++)
      tvp_buf_printf(out, "\"%s\" ", a->vlab[i]);
  } else if (strcmp(what, "unit") == 0) {
    for (size_t r = 0; r < a->n; r++)
      if (a->p[r].in) {
        tvp_buf_printf(out, "%s", a->p[r].u);
        break;
      }
  } else if (strcmp(what, "failedbars") == 0) {
    put_failed_bars(a, out);
  } else if (strcmp(what, "count") == 0) {
    long m = 0;
    for (size_t r = 0; r < a->n; r++)
      m += a->p[r].in;
    tvp_buf_printf(out, "%ld", m);
  } else if (strcmp(what, "minmax") == 0) {
    int any = 0;
    double lo = 0, hi = 0;
    for (size_t r = 0; r < a->n; r++) {
      if (!a->p[r].in || !*a->p[r].x)
        continue;
      double x = num(a->p[r].x);
      lo = !any || x < lo ? x : lo;
      hi = !any || x > hi ? x : hi;
      any = 1;
    }
    if (any)
      tvp_buf_printf(out, "%.9g %.9g", lo, hi);
  } else if (strcmp(what, "context") == 0) {
    put_context(a, out);
  }
}

void tvp_chart_rows_free(tvp_chart_rows *a) {
  if (!a)
    return;
  for (size_t r = 0; r < a->n; r++) {
    free(a->p[r].d);
    free(a->p[r].cnt);
    free(a->p[r].s);
    free(a->p[r].r);
  }
  for (size_t v = 0; v < a->nv; v++) {
    free(a->vkey[v]);
    free(a->vlab[v]);
  }
  for (size_t i = 0; i < a->nfk; i++)
    free(a->fk[i]);
  free(a->p);
  free(a->mf);
  free(a->kf);
  free(a->fk);
  free(a->vkey);
  free(a->vlab);
  free_words(&a->kl);
  free_words(&a->ml);
  free_words(&a->nl);
  free(a);
}

/* The questions answered from the header alone; 0 when what is not one. */
static int header_question(const asking *a, tvp_buf *out) {
  const char *what = a->q.what;
  if (strcmp(what, "hascol") == 0) {
    tvp_buf_printf(out, "%d", a->c_col >= 0);
  } else if (strcmp(what, "dims") == 0) {
    for (size_t j = 0; j < a->nd; j++)
      tvp_buf_printf(out, "%s ", key_name(a, j));
  } else if (strcmp(what, "kernels") == 0) {
    const char **seen = tvp_xcalloc(a->t->nrows + 1, sizeof *seen);
    size_t n = 0;
    for (size_t row = 0; row < a->t->nrows; row++) {
      const char *k = cell(a, row, a->c_kernel);
      size_t before = n;
      if (*k && (tvp_distinct_text(seen, &n, k), n > before))
        tvp_buf_printf(out, "%s ", k);
    }
    free(seen);
  } else {
    return 0;
  }
  return 1;
}

/* failed: the failed rows in scope, of the kernel asked about, with a value
 * on the x axis (a column the file lacks counts as one, as in awk, where
 * $c[xd] is then the whole line). */
static long count_failed(const asking *a) {
  long nf = 0;
  for (size_t row = 0; row < a->t->nrows; row++)
    if (strcmp(cell(a, row, a->c_status), "ok") != 0 && in_scope(a, row) &&
        (!*a->q.only || strcmp(cell(a, row, a->c_kernel), a->q.only) == 0) &&
        (!*a->q.xd || a->c_xd < 0 || *cell(a, row, a->c_xd)))
      nf++;
  return nf;
}

tvp_chart_rows *tvp_chart_rows_select(const tvp_csv_table *t, const tvp_chart_question *filters) {
  asking *a = tvp_xcalloc(1, sizeof *a);
  a->t = t;
  a->q = *filters;
  a->c_kernel = tvp_csv_table_col(t, "kernel");
  a->c_model = tvp_csv_table_col(t, "model");
  a->c_status = tvp_csv_table_col(t, "status");
  a->c_workers = tvp_csv_table_col(t, "workers");
  a->c_unit = tvp_csv_table_col(t, "throughput_unit");
  a->c_pl = tvp_csv_table_col(t, "placement");
  a->c_sc = tvp_csv_table_col(t, "scaling");
  a->c_xd = *filters->xd ? tvp_csv_table_col(t, filters->xd) : -1;
  key_columns(a);
  split_words(&a->kl, filters->ks);
  split_words(&a->ml, filters->ms);
  split_words(&a->nl, filters->need);
  read_rows(a);
  group_rows(a);
  return a;
}

void tvp_chart_rows_ask(tvp_chart_rows *a, const char *what, const char *only, const char *col,
                        tvp_buf *out) {
  a->q.what = what;
  a->q.only = only;
  a->q.col = col;
  a->c_col = *col ? tvp_csv_table_col(a->t, col) : -1;
  tvp_buf_printf(out, "%s", "");
  if (header_question(a, out))
    return;
  for (size_t r = 0; r < a->n; r++) {
    pick *p = &a->p[r];
    p->in = !*only || strcmp(p->k, only) == 0;
    p->x = a->c_col >= 0 ? cell(a, p->row, a->c_col) : "";
  }
  if (strcmp(what, "failed") == 0)
    tvp_buf_printf(out, "%ld", count_failed(a));
  else if (strcmp(what, "series") == 0 || strcmp(what, "rows") == 0 || strcmp(what, "bars") == 0 ||
           strcmp(what, "models") == 0 || strcmp(what, "workers") == 0 || strcmp(what, "values") == 0)
    put_listing(a, out);
  else
    put_summary(a, out);
}

void tvp_chart_ask(const tvp_csv_table *t, const tvp_chart_question *q, tvp_buf *out) {
  tvp_chart_rows *s = tvp_chart_rows_select(t, q);
  tvp_chart_rows_ask(s, q->what, q->only, q->col, out);
  tvp_chart_rows_free(s);
}
