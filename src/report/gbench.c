/* A run folder as Google Benchmark's JSON (see gbench.h). The layout is that of
 * Google Benchmark's JSON reporter: a "context" of the machine, then one entry
 * per repetition and per aggregate, each named FAMILY/ARGS. tvp's repetition
 * is its iteration: real_time is a repetition's wall time, cpu_time its
 * workers' CPU time, iterations 1. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "base/json.h"
#include "plan/dimensions.h"
#include "report/gbench.h"

double tvp_gbench_per_second(const char *unit) {
  /* Whole numbers, multiplied by: 0.3 s is 300 ms, where 0.3 / 1e-3 is 299.99999999999994. */
  static const struct {
    const char *name;
    double per_second;
  } units[] = {{"ns", 1e9}, {"us", 1e6}, {"ms", 1e3}, {"s", 1}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (unit && strcmp(unit, units[i].name) == 0)
      return units[i].per_second;
  return 0;
}

void tvp_gbench_name(tvp_buf *out, const tvp_point *p) {
  tvp_buf_printf(out, "%s", p->kernel);
  for (int d = 0; d < TVP_DIM_COUNT; d++) {
    const char *v = d == TVP_DIM_UNITS ? p->units_asked : p->dim[d];
    if (d != TVP_DIM_KERNEL && tvp_dimensions[d].column && *v)
      tvp_buf_printf(out, "/%s:%s", tvp_dimensions[d].name, v);
  }
}

/* ---- context --------------------------------------------------------------- */

static void text_field(tvp_buf *out, const char *key, const char *v) {
  tvp_buf_printf(out, "    ");
  tvp_json_str(out, key);
  tvp_buf_printf(out, ": ");
  tvp_json_str(out, v ? v : "");
  tvp_buf_printf(out, ",\n");
}

/* A count as meta_read.h gives it, text: 0 when it is none (absent, negative,
 * not a whole number). */
static long long count_of(const char *v) {
  char *end;
  long long n = v ? strtoll(v, &end, 10) : 0;
  return v && end != v && !*end && n > 0 ? n : 0;
}

/* Google Benchmark names a cache by what it holds: Data, Instruction, Unified. */
static const char *cache_kind(const char *hwloc_type) {
  size_t n = hwloc_type ? strlen(hwloc_type) : 0;
  return n && hwloc_type[n - 1] == 'd' ? "Data" : n && hwloc_type[n - 1] == 'i' ? "Instruction" : "Unified";
}

static void caches(tvp_buf *out, const tvp_meta_doc *m, long long pus) {
  tvp_buf_printf(out, "    \"caches\": [");
  for (size_t i = 0; i < m->ncaches; i++) {
    const tvp_meta_obj *o = &m->cache_list[i];
    const char *level = tvp_meta_obj_get(o, "level"), *size = tvp_meta_obj_get(o, "size_bytes"),
               *count = tvp_meta_obj_get(o, "count");
    long long n = count_of(count);
    tvp_buf_printf(out, "%s\n      {\"type\": \"%s\", \"level\": %lld, \"size\": %lld, \"num_sharing\": %lld}",
                   i ? "," : "", cache_kind(tvp_meta_obj_get(o, "type")), count_of(level),
                   count_of(size), n > 0 && pus > 0 ? pus / n : 0);
  }
  tvp_buf_printf(out, "%s],\n", m->ncaches ? "\n    " : "");
}

/* "0.52, 0.58, 0.59" (meta_read.h joins an array so) as [0.52, 0.58, 0.59]. */
static void load_avg(tvp_buf *out, const char *joined) {
  tvp_buf_printf(out, "    \"load_avg\": [");
  char *copy = tvp_xstrdup(joined ? joined : ""), *save = NULL;
  int n = 0;
  for (char *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save))
    if (tvp_json_is_number(w))
      tvp_buf_printf(out, "%s%s", n++ ? ", " : "", w);
  free(copy);
  tvp_buf_printf(out, "],\n");
}

/* cpufreq's governors, as the environment recorded them: scaling is on unless
 * every one is "performance" (as Google Benchmark judges it); none, no cpufreq. */
static int scaling_enabled(const char *governors) {
  if (!governors)
    return 0;
  char *copy = tvp_xstrdup(governors), *save = NULL;
  int on = 0;
  for (char *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save))
    on |= strcmp(w, "performance") != 0;
  free(copy);
  return on;
}

static void context(tvp_buf *out, const tvp_run_folder *f) {
  const tvp_meta_doc *m = &f->meta;
  tvp_buf date = {0};
  const char *start = tvp_meta_get(m, "start_time_utc");
  tvp_buf_printf(&date, "%s", start ? start : "");
  if (date.len && date.data[date.len - 1] == 'Z') { /* the offset, as Google Benchmark writes it */
    date.data[--date.len] = '\0';
    tvp_buf_printf(&date, "+00:00");
  }
  long long pus = count_of(tvp_meta_get(m, "pus"));
  tvp_buf_printf(out, "{\n  \"context\": {\n");
  text_field(out, "date", date.data);
  text_field(out, "host_name", tvp_meta_get(m, "host"));
  text_field(out, "executable", m->argv && m->argv[0] ? m->argv[0] : "tvp");
  tvp_buf_printf(out, "    \"num_cpus\": %lld,\n    \"mhz_per_cpu\": 0,\n", pus);
  tvp_buf_printf(out, "    \"cpu_scaling_enabled\": %s,\n",
                 scaling_enabled(tvp_meta_get(m, "environment.cpu_governors")) ? "true" : "false");
  caches(out, m, pus);
  load_avg(out, tvp_meta_get(m, "environment.load_average_start"));
  text_field(out, "library_build_type", "release");
  /* tvp's own, as Google Benchmark's --benchmark_context adds keys: text. */
  text_field(out, "tvp_version", tvp_meta_get(m, "tvp_version"));
  text_field(out, "tvp_git_revision", tvp_meta_get(m, "git_revision"));
  text_field(out, "tvp_cpu_model", tvp_meta_get(m, "cpu_model"));
  text_field(out, "tvp_state", tvp_meta_get(m, "state"));
  tvp_buf_printf(out, "    \"tvp_run_folder\": ");
  tvp_json_str(out, f->dir);
  tvp_buf_printf(out, "\n  },\n  \"benchmarks\": [");
  tvp_buf_free(&date);
}

/* ---- benchmarks ------------------------------------------------------------ */

/* The counted repetitions of a configuration: seconds, and its throughput. */
typedef struct {
  double *real, *cpu, *rate;
  size_t n;
  int rates; /* every one has its throughput */
} samples;

typedef struct {
  tvp_buf *out;
  const tvp_point *p;
  const char *name, *unit;
  size_t family, instance;
  int entries; /* written so far, for the commas */
} writer;

/* One entry of "benchmarks". aggregate NULL: an iteration (index), else the
 * aggregate's name; error non-NULL: no repetition counted, and why. */
typedef struct {
  const char *aggregate, *error;
  size_t index, repetitions, iterations;
  double real, cpu, rate; /* in the output's unit; rate NaN: no counter */
} entry;

static void write_entry(writer *w, const entry *e) {
  tvp_buf *out = w->out;
  tvp_buf_printf(out, "%s\n    {\n      \"name\": ", w->entries++ ? "," : "");
  tvp_buf name = {0};
  tvp_buf_printf(&name, "%s%s%s", w->name, e->aggregate ? "_" : "", e->aggregate ? e->aggregate : "");
  tvp_json_str(out, name.data);
  tvp_buf_free(&name);
  tvp_buf_printf(out, ",\n      \"family_index\": %zu,\n      \"per_family_instance_index\": %zu,\n"
                 "      \"run_name\": ", w->family, w->instance);
  tvp_json_str(out, w->name);
  tvp_buf_printf(out, ",\n      \"run_type\": \"%s\",\n      \"repetitions\": %zu,\n",
                 e->aggregate ? "aggregate" : "iteration", e->repetitions);
  if (!e->aggregate)
    tvp_buf_printf(out, "      \"repetition_index\": %zu,\n", e->index);
  tvp_buf_printf(out, "      \"threads\": %u,\n", w->p->workers);
  if (e->aggregate)
    tvp_buf_printf(out, "      \"aggregate_name\": \"%s\",\n      \"aggregate_unit\": \"%s\",\n", e->aggregate,
                   strcmp(e->aggregate, "cv") == 0 ? "percentage" : "time");
  if (e->error) {
    tvp_buf_printf(out, "      \"error_occurred\": true,\n      \"error_message\": ");
    tvp_json_str(out, e->error);
    tvp_buf_printf(out, ",\n");
  }
  tvp_buf_printf(out, "      \"iterations\": %zu,\n      \"real_time\": ", e->iterations);
  tvp_json_double(out, e->real);
  tvp_buf_printf(out, ",\n      \"cpu_time\": ");
  tvp_json_double(out, e->cpu);
  tvp_buf_printf(out, ",\n      \"time_unit\": \"%s\"", w->unit);
  if (isfinite(e->rate)) {
    tvp_buf_printf(out, ",\n      \"%s\": ", strcmp(w->p->unit, "B/s") == 0 ? "bytes_per_second" : "items_per_second");
    tvp_json_double(out, e->rate);
  }
  tvp_buf_printf(out, "\n    }");
}

/* Columns of runs.csv the export reads beyond what run_folder.h reads. */
typedef struct {
  int wall, user, sys;
} rep_columns;

/* Point p's counted repetitions in f (see gbench.h), in the order runs.csv has them. */
static samples counted(const tvp_run_folder *f, const tvp_point *p, rep_columns c) {
  samples s = {.real = tvp_xcalloc(f->nreps + 1, sizeof(double)),
               .cpu = tvp_xcalloc(f->nreps + 1, sizeof(double)),
               .rate = tvp_xcalloc(f->nreps + 1, sizeof(double)), .rates = 1};
  long last = 0;
  for (size_t i = 0; i < f->nreps; i++)
    if (f->reps[i].warmup == 0 && strcmp(f->reps[i].config, p->config) == 0 && f->reps[i].attempt > last)
      last = f->reps[i].attempt;
  for (size_t i = 0; i < f->nreps; i++) {
    const tvp_rep_row *r = &f->reps[i];
    if (r->warmup != 0 || strcmp(r->config, p->config) != 0 || r->attempt != last ||
        strcmp(r->status, "ok") != 0 || r->disturbed)
      continue;
    double wall = tvp_csv_table_num(&f->runs, i, c.wall), user = tvp_csv_table_num(&f->runs, i, c.user),
           sys = tvp_csv_table_num(&f->runs, i, c.sys);
    if (!(wall > 0) || !isfinite(wall) || !isfinite(user) || !isfinite(sys))
      continue;
    s.real[s.n] = wall;
    s.cpu[s.n] = user + sys;
    s.rate[s.n] = r->throughput;
    s.rates &= isfinite(r->throughput);
    s.n++;
  }
  return s;
}

static void samples_free(samples *s) {
  free(s->real);
  free(s->cpu);
  free(s->rate);
}

/* Google Benchmark's aggregate `name` from the statistics of a sample (n >= 2):
 * mean, median (the mean of the two middle values when n is even), stddev (of
 * a sample: n - 1) and cv (stddev over mean, a fraction); tvp_stats holds them
 * all so. */
static double aggregate(const char *name, const tvp_stats *st) {
  return strcmp(name, "mean") == 0     ? st->mean
         : strcmp(name, "median") == 0 ? st->median
         : strcmp(name, "stddev") == 0 ? st->sd
                                       : st->cv;
}

/* Why a configuration has no counted repetition. */
static const char *why_none(const tvp_point *p) {
  if (strcmp(p->status, "ok") != 0)
    return *p->reason ? p->reason : *p->status ? p->status : "no status";
  if (p->reps_disturbed)
    return "every repetition was disturbed (runs.csv: disturbed)";
  return "no measured repetition finished";
}

static void configuration(writer *w, const samples *s, double per_second) {
  if (!s->n) {
    entry e = {.error = why_none(w->p), .rate = NAN};
    write_entry(w, &e);
    return;
  }
  for (size_t i = 0; i < s->n; i++) {
    entry e = {.index = i, .repetitions = s->n, .iterations = 1, .real = s->real[i] * per_second,
               .cpu = s->cpu[i] * per_second, .rate = s->rates ? s->rate[i] : NAN};
    write_entry(w, &e);
  }
  if (s->n < 2)
    return;
  tvp_stats real, cpu, rate;
  tvp_stats_compute(s->real, s->n, &real);
  tvp_stats_compute(s->cpu, s->n, &cpu);
  tvp_stats_compute(s->rate, s->rates ? s->n : 0, &rate); /* no rates: all NaN */
  static const char *const aggregates[] = {"mean", "median", "stddev", "cv"};
  for (size_t a = 0; a < sizeof aggregates / sizeof aggregates[0]; a++) {
    const char *g = aggregates[a];
    double scale = strcmp(g, "cv") == 0 ? 1 : per_second; /* a cv is a fraction, in no unit */
    entry e = {.aggregate = g, .repetitions = s->n, .iterations = s->n,
               .real = aggregate(g, &real) * scale, .cpu = aggregate(g, &cpu) * scale,
               .rate = aggregate(g, &rate)};
    write_entry(w, &e);
  }
}

int tvp_gbench_export(const tvp_run_folder *f, const char *unit, tvp_buf *out, tvp_buf *err) {
  static const char *const need[] = {"config", "warmup", "status", "wall_s", "user_s", "sys_s"};
  for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
    if (tvp_run_folder_need(f, 1, need[i], err) != 0)
      return -1;
  rep_columns c = {tvp_csv_table_col(&f->runs, "wall_s"), tvp_csv_table_col(&f->runs, "user_s"),
                   tvp_csv_table_col(&f->runs, "sys_s")};
  double per_second = tvp_gbench_per_second(unit);
  context(out, f);
  /* A family per kernel, numbered as they first appear; an instance per configuration. */
  const char **kernels = tvp_xcalloc(f->npoints + 1, sizeof *kernels);
  size_t nkernels = 0, *instances = tvp_xcalloc(f->npoints + 1, sizeof *instances);
  writer w = {.out = out, .unit = unit};
  for (size_t r = 0; r < f->npoints; r++) {
    const tvp_point *p = &f->points[r];
    tvp_buf name = {0};
    tvp_gbench_name(&name, p);
    w.p = p;
    w.name = name.data;
    w.family = tvp_distinct_text(kernels, &nkernels, p->kernel);
    w.instance = instances[w.family]++;
    samples s = counted(f, p, c);
    configuration(&w, &s, per_second);
    samples_free(&s);
    tvp_buf_free(&name);
  }
  tvp_buf_printf(out, "%s]\n}\n", w.entries ? "\n  " : "");
  free(kernels);
  free(instances);
  return 0;
}
