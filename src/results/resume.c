/* Reads an interrupted run back (see resume.h). The runner writes rows in the
 * order it runs them, one round of a point after another, so an interrupted
 * run's incomplete round is the last block of each file: cutting it is a
 * truncation, and everything before it stays byte for byte as measured. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csv.h"
#include "models/model.h"
#include "plan/points.h"
#include "results/resume.h"

#define MAX_FIELDS 64

static time_t parse_utc(const char *s) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
    return 0;
  return timegm(&tm);
}

int tvp_resume_read(const char *dir, tvp_resume_info *ri, char *err, size_t errlen) {
  memset(ri, 0, sizeof *ri);
  struct stat st;
  int e = stat(dir, &st) != 0 ? errno : 0;
  if (e || !S_ISDIR(st.st_mode)) {
    snprintf(err, errlen, "--resume '%s': %s (give the results folder of an interrupted run)", dir,
             e ? strerror(e) : "not a folder");
    return -1;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/meta.json", dir);
  tvp_buf why = {0};
  if (tvp_meta_read(path, &ri->doc, &why) != 0) {
    snprintf(err, errlen, "--resume '%s': %s (give the results folder of a tvp run)", dir,
             why.data ? why.data : "meta.json unreadable");
    tvp_buf_free(&why);
    tvp_resume_info_free(ri);
    return -1;
  }
  tvp_buf_free(&why);
  if (ri->doc.argc < 2 || strcmp(ri->doc.argv[1], "run") != 0) {
    snprintf(err, errlen, "--resume '%s': meta.json holds no 'tvp run' command line to resume", dir);
    tvp_resume_info_free(ri);
    return -1;
  }
  const char *cwd = tvp_meta_get(&ri->doc, "working_directory");
  ri->cwd = cwd && *cwd ? cwd : NULL;
  ri->start = parse_utc(tvp_meta_get(&ri->doc, "start_time_utc"));
  const char *resumes = tvp_meta_get(&ri->doc, "resumes");
  ri->resumes = resumes ? (unsigned)strtoul(resumes, NULL, 10) : 0;
  return 0;
}

int tvp_resume_same_machine(const tvp_resume_info *ri, const tvp_topology *t, const char *dir,
                            char *err, size_t errlen) {
  const char *host = tvp_meta_get(&ri->doc, "host");
  const char *cores = tvp_meta_get(&ri->doc, "cores"), *pus = tvp_meta_get(&ri->doc, "pus");
  char here[256] = "";
  gethostname(here, sizeof here - 1);
  if (host && *host && strcmp(host, here) != 0) {
    snprintf(err, errlen, "--resume '%s': the run was measured on '%s', this is '%s': resuming "
             "would mix two machines in one run (start a new run here instead)", dir, host, here);
    return -1;
  }
  if (cores && pus && (strtoul(cores, NULL, 10) != t->cores || strtoul(pus, NULL, 10) != t->pus)) {
    snprintf(err, errlen, "--resume '%s': the run began with %s cores and %s PUs, this machine "
             "shows %u and %u: resuming would mix two machines in one run", dir, cores, pus,
             t->cores, t->pus);
    return -1;
  }
  return 0;
}

void tvp_resume_info_free(tvp_resume_info *ri) {
  tvp_meta_doc_free(&ri->doc);
  memset(ri, 0, sizeof *ri);
}

/* One of the growing CSV files, parsed, with where each record ends. */
typedef struct {
  const char *name;
  char *text;
  size_t len;    /* up to the end of the last whole line */
  size_t n;      /* data records */
  char ***f;     /* f[i][j]: field j of data record i */
  size_t *end;   /* end[i]: offset just past data record i; end of the header for i = -1 */
  size_t header_end;
} csv_file;

static void csv_file_free(csv_file *c, int ncols) {
  for (size_t i = 0; i < c->n; i++) {
    for (int j = 0; j < ncols; j++)
      free(c->f[i][j]);
    free(c->f[i]);
  }
  free(c->f);
  free(c->end);
  free(c->text);
}

static int read_fd(int fd, csv_file *c, const char *const *columns, char *err, size_t errlen) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    snprintf(err, errlen, "cannot read %s: %s", c->name, strerror(errno));
    return -1;
  }
  c->text = tvp_xmalloc((size_t)st.st_size + 1);
  size_t got = 0;
  while (got < (size_t)st.st_size) {
    ssize_t k = pread(fd, c->text + got, (size_t)st.st_size - got, (off_t)got);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0) {
      snprintf(err, errlen, "cannot read %s: %s", c->name, k < 0 ? strerror(errno) : "file shrank");
      return -1;
    }
    got += (size_t)k;
  }
  /* A line without its newline is a row cut by a crash: not a result. */
  while (got > 0 && c->text[got - 1] != '\n')
    got--;
  c->text[got] = 0;
  c->len = got;

  int ncols = 0;
  while (columns[ncols])
    ncols++;
  const char *p = c->text;
  char *fields[MAX_FIELDS];
  int n = *p ? tvp_csv_parse_record(&p, fields, MAX_FIELDS) : -1;
  int header_ok = n == ncols;
  for (int j = 0; j < (n > 0 ? n : 0); j++) {
    header_ok = header_ok && strcmp(fields[j], columns[j]) == 0;
    free(fields[j]);
  }
  if (c->len == 0) { /* emptied, or cut inside its header: nothing says which tvp wrote it */
    snprintf(err, errlen, "%s is empty, without even its header: the run's results are gone and "
             "it cannot be resumed; start a new run", c->name);
    return -1;
  }
  if (!header_ok) {
    snprintf(err, errlen, "%s does not start with the header this tvp writes: it was written "
             "by another version of tvp, which can resume it", c->name);
    return -1;
  }
  c->header_end = (size_t)(p - c->text);
  size_t cap = 0;
  while (*p) {
    n = tvp_csv_parse_record(&p, fields, MAX_FIELDS);
    if (n != ncols) {
      for (int j = 0; j < (n > 0 ? n : 0); j++)
        free(fields[j]);
      snprintf(err, errlen, "%s: record %zu is malformed (%d fields, the header has %d)", c->name,
               c->n + 2, n, ncols);
      return -1;
    }
    if (c->n == cap) {
      cap = cap ? cap * 2 : 256;
      c->f = tvp_xrealloc(c->f, cap * sizeof *c->f);
      c->end = tvp_xrealloc(c->end, cap * sizeof *c->end);
    }
    c->f[c->n] = tvp_xmalloc((size_t)ncols * sizeof *fields);
    memcpy(c->f[c->n], fields, (size_t)ncols * sizeof *fields);
    c->end[c->n++] = (size_t)(p - c->text);
  }
  return 0;
}

static int col(const char *const *columns, const char *name) {
  for (int j = 0; columns[j]; j++)
    if (strcmp(columns[j], name) == 0)
      return j;
  abort(); /* a name from this file: the schema changed and this was not updated */
}

static int parse_index(const char *s, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (!*s || *end || errno || *s == '-')
    return -1;
  *out = (size_t)v;
  return 0;
}

static double num(const char *s) {
  char *end;
  double v = strtod(s, &end);
  return *s && !*end ? v : NAN;
}

static int64_t inum(const char *s, int64_t empty) { return *s ? strtoll(s, NULL, 10) : empty; }

/* The repetition a runs.csv row records, as the runner had it. */
static void rep_from_row(char **f, tvp_rep *rep) {
  const char *const *c = tvp_runs_columns;
  memset(rep, 0, sizeof *rep);
  rep->index = (unsigned)strtoul(f[col(c, "rep")], NULL, 10);
  rep->warmup = strcmp(f[col(c, "warmup")], "1") == 0;
  rep->round = (unsigned)strtoul(f[col(c, "round")], NULL, 10);
  rep->attempt = (unsigned)strtoul(f[col(c, "attempt")], NULL, 10);
  rep->ok = strcmp(f[col(c, "status")], "ok") == 0;
  snprintf(rep->reason, sizeof rep->reason, "%s", f[col(c, "reason")]);
  rep->wall_s = num(f[col(c, "wall_s")]);
  rep->skew_s = num(f[col(c, "start_skew_us")]) / 1e6;
  rep->setup_s = num(f[col(c, "setup_ms")]) / 1e3;
  rep->units = strtoull(f[col(c, "units")], NULL, 10);
  rep->throughput = num(f[col(c, "throughput")]);
  rep->checksum = strtoull(f[col(c, "checksum")], NULL, 10);
  rep->user_s = num(f[col(c, "user_s")]);
  rep->sys_s = num(f[col(c, "sys_s")]);
  rep->vcsw = inum(f[col(c, "vcsw")], 0);
  rep->ivcsw = inum(f[col(c, "ivcsw")], 0);
  rep->minflt = inum(f[col(c, "minflt")], 0);
  rep->majflt = inum(f[col(c, "majflt")], 0);
  rep->peak_rss_kib = inum(f[col(c, "peak_rss_kib")], 0);
  rep->pss_kib = inum(f[col(c, "pss_kib")], -1);
  rep->off_cpuset = (unsigned)inum(f[col(c, "off_cpuset_workers")], 0);
  rep->runq_wait_share = num(f[col(c, "runq_wait_share")]);
  rep->oncpu_share = num(f[col(c, "oncpu_share")]);
  rep->load1 = num(f[col(c, "load1")]);
  rep->procs_running = inum(f[col(c, "procs_running")], -1);
  rep->steal_s = num(f[col(c, "steal_ms")]) / 1e3;
  rep->disturbed = strcmp(f[col(c, "disturbed")], "1") == 0;
}

/* Does the row name the same configuration as cfg? Compared as written, through
 * the writer's own formatting, so no number is re-rounded. */
static int same_config(char **f, const tvp_config *cfg) {
  tvp_csv_row row;
  tvp_csv_row_init(&row);
  tvp_csv_uint(&row, 0);
  tvp_results_config_fields(&row, cfg);
  char *line = tvp_xmalloc(row.len + 2);
  memcpy(line, row.buf, row.len);
  line[row.len] = '\n';
  line[row.len + 1] = 0;
  tvp_csv_row_free(&row);
  const char *p = line;
  char *want[MAX_FIELDS];
  int n = tvp_csv_parse_record(&p, want, MAX_FIELDS);
  int same = n > 1;
  for (int j = 1; j < n; j++) { /* field 0 is the index, checked by the caller */
    same = same && strcmp(want[j], f[j]) == 0;
    free(want[j]);
  }
  if (n > 0)
    free(want[0]);
  free(line);
  return same;
}

/* Makes fd hold keep[] of c's records (in order) after the header, touching
 * nothing before the first record dropped. */
static int rewrite(int fd, const csv_file *c, const unsigned char *keep, char *err, size_t errlen) {
  size_t first = c->n;
  for (size_t i = 0; i < c->n && first == c->n; i++)
    if (!keep[i])
      first = i;
  size_t at = first == 0 ? c->header_end : first < c->n ? c->end[first - 1] : c->len;
  tvp_buf rest = {0};
  for (size_t i = first; i < c->n; i++)
    if (keep[i]) {
      size_t from = i == 0 ? c->header_end : c->end[i - 1];
      tvp_buf_append(&rest, c->text + from, c->end[i] - from);
    }
  /* The file is opened for appending, so after the cut a write lands at its end. */
  int rc = ftruncate(fd, (off_t)at) == 0 && (rest.len == 0 || tvp_write_all(fd, rest.data, rest.len) == 0)
               ? 0 : -1;
  if (rc != 0)
    snprintf(err, errlen, "cannot rewrite %s: %s", c->name, strerror(errno));
  tvp_buf_free(&rest);
  return rc;
}

/* What runs.csv holds of each configuration of the plan. */
typedef struct {
  size_t *warm_rows, *measured_rows; /* rows so far, per configuration */
  unsigned char *failed;             /* a failed row so far */
  unsigned *round;                   /* each row's round */
  unsigned *last_round;              /* per configuration: its last row's round + 1, 0 none */
} tally;

/* runs.csv: every row must be the next repetition of a configuration of this
 * plan, in a round later than its last. At most 4 x reps measured: two
 * attempts, each with as many rounds again to make up for disturbed ones. */
static int tally_runs(const csv_file *runs, const tvp_plan *plan, tally *t, char *err, size_t errlen) {
  const char *const *rc_ = tvp_runs_columns;
  for (size_t i = 0; i < runs->n; i++) {
    char **f = runs->f[i];
    size_t id, rep, round;
    if (parse_index(f[0], &id) != 0 || id >= plan->n || !same_config(f, &plan->configs[id])) {
      snprintf(err, errlen, "runs.csv row %zu (%s, %s, %s workers) is not configuration %s of the "
               "plan made from the run's command line: the suite or its options changed since "
               "the run began, so it cannot be resumed", i + 2, f[col(rc_, "kernel")],
               f[col(rc_, "model")], f[col(rc_, "workers")], f[0]);
      return -1;
    }
    const tvp_config *cfg = &plan->configs[id];
    int warm = strcmp(f[col(rc_, "warmup")], "1") == 0;
    if (t->failed[id] || (!warm && strcmp(f[col(rc_, "warmup")], "0") != 0) ||
        (warm && t->measured_rows[id]) || (warm && t->warm_rows[id] >= cfg->warmup) ||
        (!warm && t->measured_rows[id] >= 4 * (size_t)cfg->reps) ||
        parse_index(f[col(rc_, "rep")], &rep) != 0 ||
        rep != (warm ? t->warm_rows[id] : t->measured_rows[id]) ||
        parse_index(f[col(rc_, "round")], &round) != 0 || round < t->last_round[id] ||
        round >= (size_t)cfg->warmup + 4 * (size_t)cfg->reps) {
      snprintf(err, errlen, "runs.csv row %zu is not the repetition of configuration %zu that "
               "comes next: the file was edited or mixes two runs", i + 2, id);
      return -1;
    }
    *(warm ? &t->warm_rows[id] : &t->measured_rows[id]) += 1;
    t->round[i] = (unsigned)round;
    t->last_round[id] = (unsigned)round + 1;
    if (strcmp(f[col(rc_, "status")], "ok") != 0)
      t->failed[id] = 1;
  }
  return 0;
}

/* A round is complete when every configuration of its point that had not
 * failed before it has its row: the runner writes a round's rows one after
 * another, so rows of one point and round in a row are one round. keep[i]
 * says which rows of runs.csv are in complete rounds; a point none of whose
 * measured rounds is complete loses its warm-ups too, which run again. */
static void keep_complete_rounds(const csv_file *runs, const tvp_plan *plan, const tvp_points *pts,
                                 const tally *t, unsigned char *keep) {
  unsigned char *gone = tvp_xcalloc(plan->n + 1, 1);  /* failed in a round before */
  unsigned char *measured = tvp_xcalloc(pts->n + 1, 1); /* a complete measured round kept */
  for (size_t i = 0; i < runs->n;) {
    size_t id = strtoull(runs->f[i][0], NULL, 10), q = pts->point_of[id], j = i;
    while (j < runs->n && pts->point_of[strtoull(runs->f[j][0], NULL, 10)] == q && t->round[j] == t->round[i])
      j++;
    size_t part = 0;
    for (size_t m = 0; m < pts->points[q].n; m++)
      part += !gone[pts->points[q].ids[m]];
    int complete = j - i == part;
    for (size_t k = i; k < j; k++) {
      keep[k] = (unsigned char)complete;
      if (strcmp(runs->f[k][col(tvp_runs_columns, "status")], "ok") != 0)
        gone[strtoull(runs->f[k][0], NULL, 10)] = 1;
    }
    if (complete && strcmp(runs->f[i][col(tvp_runs_columns, "warmup")], "0") == 0)
      measured[q] = 1;
    i = j;
  }
  for (size_t i = 0; i < runs->n; i++)
    if (!measured[pts->point_of[strtoull(runs->f[i][0], NULL, 10)]])
      keep[i] = 0;
  free(gone);
  free(measured);
}

/* Keeps the workers.csv rows of the runs.csv rows kept: a worker row names its
 * configuration, warm-up flag and repetition index. A kept ok repetition
 * without all its worker rows (a crash between the two files) is dropped with
 * its round and every row after it. Returns 0, or -1 when a row names no
 * configuration. */
static int keep_workers(const csv_file *runs, const csv_file *workers, const tvp_plan *plan,
                        const tvp_points *pts, const tally *t, unsigned char *keep_runs,
                        unsigned char *keep_w, char *err, size_t errlen) {
  const char *const *wc = tvp_workers_columns, *const *rc_ = tvp_runs_columns;
  for (size_t i = 0; i < workers->n; i++) {
    size_t id;
    if (parse_index(workers->f[i][0], &id) != 0 || id >= plan->n) {
      snprintf(err, errlen, "workers.csv row %zu names configuration '%s', which the plan does not "
               "have: the suite or its options changed since the run began", i + 2, workers->f[i][0]);
      return -1;
    }
  }
  /* Rows of one repetition are together in both files, in the same order:
   * a first pass finds the first repetition short of its worker rows, a second
   * keeps the worker rows of the repetitions kept. */
  for (int pass = 0; pass < 2; pass++) {
    size_t w = 0;
    for (size_t i = 0; i < runs->n; i++) {
      char **f = runs->f[i];
      int ok = strcmp(f[col(rc_, "status")], "ok") == 0;
      size_t want = ok ? plan->configs[strtoull(f[0], NULL, 10)].workers : 0, got = 0;
      while (w + got < workers->n && strcmp(workers->f[w + got][0], f[0]) == 0 &&
             strcmp(workers->f[w + got][col(wc, "rep")], f[col(rc_, "rep")]) == 0 &&
             strcmp(workers->f[w + got][col(wc, "warmup")], f[col(rc_, "warmup")]) == 0)
        got++;
      if (pass == 0 && got != want) {
        size_t from = i, q = pts->point_of[strtoull(f[0], NULL, 10)];
        while (from > 0 && pts->point_of[strtoull(runs->f[from - 1][0], NULL, 10)] == q &&
               t->round[from - 1] == t->round[i])
          from--;
        for (size_t k = from; k < runs->n; k++)
          keep_runs[k] = 0;
        break;
      }
      for (size_t k = 0; pass == 1 && k < got; k++)
        keep_w[w + k] = keep_runs[i];
      w += got;
    }
  }
  return 0;
}

/* The repetitions kept, as the runner would have left them: every measured one
 * in its configuration's results, and a configuration that failed marked so. */
static long restore_results(const tvp_plan *plan, hwloc_topology_t topo, const csv_file *runs,
                            const unsigned char *keep_runs, tvp_config_result *results) {
  long kept = 0;
  for (size_t i = 0; i < runs->n; i++) {
    if (!keep_runs[i])
      continue;
    size_t id = strtoull(runs->f[i][0], NULL, 10);
    tvp_config_result *res = &results[id];
    const tvp_config *cfg = &plan->configs[id];
    if (!res->cfg) {
      res->cfg = cfg;
      tvp_placement pl;
      if (tvp_placement_plan(topo, cfg->placement, cfg->workers, &pl) == 0) {
        res->oversubscribed = pl.oversubscribed;
        tvp_placement_free(&pl);
      }
    }
    tvp_rep rep;
    rep_from_row(runs->f[i], &rep);
    if (!rep.warmup) {
      res->reps = tvp_xrealloc(res->reps, (res->nreps + 1) * sizeof *res->reps);
      res->reps[res->nreps++] = rep;
      kept++;
    }
    if (!rep.ok) {
      res->status = TVP_CONFIG_FAILED;
      snprintf(res->reason, sizeof res->reason, "%s%s", rep.warmup ? "warm-up: " : "", rep.reason);
    }
  }
  return kept;
}

long tvp_resume_load(tvp_results *r, const tvp_plan *plan, int blocked, hwloc_topology_t topo,
                     tvp_config_result *results, char *err, size_t errlen) {
  int nrc = 0, nwc = 0;
  while (tvp_runs_columns[nrc])
    nrc++;
  while (tvp_workers_columns[nwc])
    nwc++;
  csv_file runs = {.name = "runs.csv"}, workers = {.name = "workers.csv"};
  tally t = {.warm_rows = tvp_xcalloc(plan->n + 1, sizeof *t.warm_rows),
             .measured_rows = tvp_xcalloc(plan->n + 1, sizeof *t.measured_rows),
             .failed = tvp_xcalloc(plan->n + 1, 1),
             .last_round = tvp_xcalloc(plan->n + 1, sizeof *t.last_round)};
  unsigned char *keep_runs = NULL, *keep_w = NULL;
  tvp_points pts;
  tvp_points_make(plan, blocked, &pts);
  long kept = -1;

  if (read_fd(r->runs_fd, &runs, tvp_runs_columns, err, errlen) != 0 ||
      read_fd(r->workers_fd, &workers, tvp_workers_columns, err, errlen) != 0)
    goto out;
  t.round = tvp_xcalloc(runs.n + 1, sizeof *t.round);
  keep_runs = tvp_xcalloc(runs.n + 1, 1);
  keep_w = tvp_xcalloc(workers.n + 1, 1);
  if (tally_runs(&runs, plan, &t, err, errlen) != 0)
    goto out;
  keep_complete_rounds(&runs, plan, &pts, &t, keep_runs);
  if (keep_workers(&runs, &workers, plan, &pts, &t, keep_runs, keep_w, err, errlen) != 0)
    goto out;
  if (rewrite(r->runs_fd, &runs, keep_runs, err, errlen) != 0 ||
      rewrite(r->workers_fd, &workers, keep_w, err, errlen) != 0)
    goto out;
  kept = restore_results(plan, topo, &runs, keep_runs, results);
out:
  csv_file_free(&runs, nrc);
  csv_file_free(&workers, nwc);
  free(t.warm_rows);
  free(t.measured_rows);
  free(t.failed);
  free(t.round);
  free(t.last_round);
  free(keep_runs);
  free(keep_w);
  tvp_points_free(&pts);
  return kept;
}
