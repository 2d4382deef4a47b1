/* The comparison of two runs (analysis/compare.h) on two small run folders
 * written here: which configurations pair, what becomes of those in one run
 * only, which repetitions count, and the verdicts on clear cases; and which
 * fields of two environments differ (analysis/environment_diff.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/compare.h"
#include "analysis/ratio_samples.h"
#include "analysis/stats.h"
#include "check.h"

static char root[64];

static void put(const char *run, const char *name, const char *text) {
  char path[160];
  snprintf(path, sizeof path, "%s/%s/%s", root, run, name);
  check_put_file(path, text);
}

/* n measured repetitions of the configuration whose runs.csv fields up to
 * duration_s are key, with throughputs first, first + step, ... */
static void reps(tvp_buf *runs, const char *key, int n, double first, double step, const char *status) {
  for (int i = 0; i < n; i++)
    tvp_buf_printf(runs, "%s,%d,0,%s,%g,numbers/s\n", key, i, status, first + i * step);
}

/* Run A: no footprint or chunk column, as in runs from before them. Thread at
 * 4 workers is in A only. */
static void write_run_a(void) {
  put("a", "summary.csv",
      "config,kernel,model,placement,scaling,workers,units_requested,duration_s,status\n"
      "0,cpu.primes,thread,core,strong,1,1000,,ok\n"
      "1,cpu.primes,fork,core,strong,1,1000,,ok\n"
      "2,cpu.primes,thread,core,strong,2,1000,,ok\n"
      "3,cpu.primes,fork,core,strong,2,1000,,ok\n"
      "4,cpu.primes,thread,core,strong,4,1000,,ok\n"
      "5,cpu.primes,thread,core,strong,3,1000,,ok\n");
  tvp_buf runs = {0};
  tvp_buf_printf(&runs, "config,kernel,model,placement,scaling,workers,units_requested,duration_s,"
                        "rep,warmup,status,throughput,throughput_unit\n");
  /* A warm-up and a failed repetition, neither of which counts. */
  tvp_buf_printf(&runs, "0,cpu.primes,thread,core,strong,1,1000,,0,1,ok,999,numbers/s\n");
  reps(&runs, "0,cpu.primes,thread,core,strong,1,1000,", 5, 100, 1, "ok");
  tvp_buf_printf(&runs, "0,cpu.primes,thread,core,strong,1,1000,,5,0,failed,1,numbers/s\n");
  reps(&runs, "1,cpu.primes,fork,core,strong,1,1000,", 5, 100, 1, "ok");
  reps(&runs, "2,cpu.primes,thread,core,strong,2,1000,", 5, 100, 1, "ok");
  reps(&runs, "3,cpu.primes,fork,core,strong,2,1000,", 2, 100, 1, "ok");
  reps(&runs, "4,cpu.primes,thread,core,strong,4,1000,", 5, 100, 1, "ok");
  reps(&runs, "5,cpu.primes,thread,core,strong,3,1000,", 5, 100, 1, "ok");
  put("a", "runs.csv", runs.data);
  tvp_buf_free(&runs);
}

/* Run B: the shared configurations in another order and under other config
 * numbers; io.sleep, and thread at 1 worker with a footprint, are in B only. */
static void write_run_b(void) {
  put("b", "summary.csv",
      "config,kernel,model,placement,scaling,workers,units_requested,footprint_bytes,duration_s,"
      "status,chunk_items\n"
      "0,io.sleep,thread,core,strong,1,1000,,,ok,\n"
      "1,cpu.primes,fork,core,strong,2,1000,,,ok,\n"
      "2,cpu.primes,fork,core,strong,1,1000,,,ok,\n"
      "3,cpu.primes,thread,core,strong,2,1000,,,ok,\n"
      "4,cpu.primes,thread,core,strong,1,1000,,,ok,\n"
      "5,cpu.primes,thread,core,strong,1,1000,4096,,ok,\n"
      "6,cpu.primes,thread,core,strong,3,1000,,,failed,\n");
  tvp_buf runs = {0};
  /* Columns are found by name: chunk_items may stand anywhere. */
  tvp_buf_printf(&runs, "config,kernel,model,placement,scaling,workers,units_requested,footprint_bytes,"
                        "chunk_items,duration_s,rep,warmup,status,throughput,throughput_unit\n");
  reps(&runs, "0,io.sleep,thread,core,strong,1,1000,,,", 5, 10, 1, "ok");
  reps(&runs, "1,cpu.primes,fork,core,strong,2,1000,,,", 2, 200, 1, "ok");
  reps(&runs, "2,cpu.primes,fork,core,strong,1,1000,,,", 5, 50, 1, "ok");
  reps(&runs, "3,cpu.primes,thread,core,strong,2,1000,,,", 5, 100, 1, "ok");
  reps(&runs, "4,cpu.primes,thread,core,strong,1,1000,,,", 5, 200, 1, "ok");
  reps(&runs, "5,cpu.primes,thread,core,strong,1,1000,4096,,", 5, 300, 1, "ok");
  reps(&runs, "6,cpu.primes,thread,core,strong,3,1000,,,", 5, 100, 1, "failed");
  put("b", "runs.csv", runs.data);
  tvp_buf_free(&runs);
}

/* Reads run (its folder's name under root); returns tvp_compare_check's answer. */
/* The folders' paths, which a tvp_run_folder borrows: one per run, kept for the test's life. */
static char dir_a[96], dir_b[96];

static int read_run(tvp_run_folder *f, const char *run, tvp_buf *err) {
  char *dir = strcmp(run, "a") == 0 ? dir_a : dir_b;
  snprintf(dir, sizeof dir_a, "%s/%s", root, run);
  int rc = tvp_run_folder_read(f, dir, TVP_RUN_RUNS, err);
  if (rc != 0)
    fprintf(stderr, "%s\n", err->data);
  CHECK_EQ_INT(rc, 0);
  if (rc != 0)
    exit(1);
  return tvp_compare_check(f, err);
}

static void free_run(tvp_run_folder *f) { tvp_run_folder_free(f); }

static tvp_compare_side one(const tvp_run_folder *f) { return (tvp_compare_side){f, 1}; }

static void test_pairing_and_verdicts(const tvp_run_folder *a, const tvp_run_folder *b) {
  tvp_comparison c;
  tvp_compare_runs(&c, one(a), one(b), 0.05, 0.05);
  /* Paired by the dimensions' columns, in A's order, whatever B's order and numbers. */
  CHECK_EQ_INT(c.npairs, 5);
  static const size_t want_b[] = {4, 2, 3, 1, 6};
  for (size_t i = 0; i < c.npairs && i < 5; i++)
    CHECK(c.pairs[i].pt == &a->points[i < 4 ? i : 5] && want_b[i] < b->npoints);
  /* In one run only: thread at 4 workers in A; io.sleep, and thread at 1
   * worker with a footprint, in B. */
  CHECK_EQ_INT(c.nonly_a, 1);
  CHECK(c.nonly_a == 1 && c.only_a[0] == &a->points[4]);
  CHECK_EQ_INT(c.nonly_b, 2);
  CHECK(c.nonly_b == 2 && c.only_b[0] == &b->points[0] && c.only_b[1] == &b->points[5]);
  /* B twice as fast, tight: B faster. */
  const tvp_compare_pair *p = &c.pairs[0];
  CHECK_EQ_INT(p->na, 5); /* not the warm-up, not the failed one */
  CHECK_EQ_INT(p->nb, 5);
  CHECK_NEAR(p->med_a, 102, 1e-9);
  CHECK_NEAR(p->med_b, 202, 1e-9);
  CHECK_NEAR(p->est.median, 202.0 / 102, 1e-12);
  CHECK(p->est.lo > 1.9 && p->est.hi < 2.1);
  CHECK_STR(p->unit, "numbers/s");
  CHECK_EQ_INT(p->verdict.kind, TVP_V_HIGHER);
  p = &c.pairs[1];
  CHECK_NEAR(p->est.median, 52.0 / 102, 1e-12);
  CHECK_EQ_INT(p->verdict.kind, TVP_V_LOWER);
  p = &c.pairs[2]; /* the same throughputs: within 5 % */
  CHECK_NEAR(p->est.median, 1, 1e-12);
  CHECK_NEAR(p->est.log_mean, 0, 1e-12);
  CHECK_EQ_INT(p->verdict.kind, TVP_V_SAME);
  /* 2 against 2: too few, whatever they say. */
  p = &c.pairs[3];
  CHECK_EQ_INT(p->na, 2);
  CHECK_EQ_INT(p->nb, 2);
  CHECK_EQ_INT(p->verdict.kind, TVP_V_INCONCLUSIVE);
  CHECK_EQ_INT(p->verdict.why, TVP_WHY_TOO_FEW);
  /* Paired, but B has no repetition that succeeded: not judged. */
  p = &c.pairs[4];
  CHECK_EQ_INT(p->na, 5);
  CHECK_EQ_INT(p->nb, 0);
  CHECK(isnan(p->med_b));
  CHECK(isnan(p->est.median));
  CHECK_EQ_INT(p->verdict.kind, TVP_V_NONE);
  /* The family: the three with a test (too few still has p-values). */
  CHECK_EQ_INT(c.tested, 4);
  tvp_comparison_free(&c);
}

/* A run against itself: every configuration pairs with its own row, none differs. */
static void test_against_itself(const tvp_run_folder *a) {
  tvp_comparison c;
  tvp_compare_runs(&c, one(a), one(a), 0.05, 0.05);
  CHECK_EQ_INT(c.npairs, a->npoints);
  for (size_t i = 0; i < c.npairs; i++) {
    CHECK(c.pairs[i].pt == &a->points[i]);
    CHECK_NEAR(c.pairs[i].est.median, 1, 1e-12);
    CHECK(c.pairs[i].verdict.kind != TVP_V_HIGHER && c.pairs[i].verdict.kind != TVP_V_LOWER);
  }
  tvp_comparison_free(&c);
}

/* Welch on logarithms against numbers worked by hand, and the t quantile. */
static void test_welch(void) {
  CHECK_NEAR(tvp_t_upper_inverse(0.025, 1), 12.7062047, 1e-5);
  CHECK_NEAR(tvp_t_upper_inverse(0.025, 10), 2.2281389, 1e-6);
  CHECK_NEAR(tvp_t_upper(tvp_t_upper_inverse(0.025, 4.5), 4.5), 0.025, 1e-9);
  /* log x = {0, 1, 2} + log 2, log y = {0, 2}: mean difference log 2 + 1 - 1,
   * variances 1 and 2, se = sqrt(1/3 + 2/2), df = (4/3)^2 / ((1/3)^2/2 + 1^2/1). */
  double e1 = exp(1), x[] = {2, 2 * e1, 2 * e1 * e1}, y[] = {1, e1 * e1};
  tvp_ratio_est est;
  tvp_ratio_from_samples(x, 3, y, 2, 2, 0.05, &est);
  CHECK_NEAR(est.log_mean, log(2), 1e-12);
  CHECK_NEAR(est.log_sd_mean, sqrt(4.0 / 3), 1e-12);
  CHECK_NEAR(est.df, (16.0 / 9) / (1.0 / 18 + 1), 1e-12);
  CHECK_NEAR(est.median, 2 * e1 / ((1 + e1 * e1) / 2), 1e-12);
  double half = tvp_t_upper_inverse(0.025, est.df) * sqrt(4.0 / 3);
  CHECK_NEAR(log(est.lo), log(2) - half, 1e-9);
  CHECK_NEAR(log(est.hi), log(2) + half, 1e-9);
  CHECK_EQ_INT(est.n, 2);
  /* One value a side: a ratio, no interval. */
  tvp_ratio_from_samples(x, 1, y, 1, 2, 0.05, &est);
  CHECK_NEAR(est.median, 2, 1e-12);
  CHECK(isnan(est.lo) && isnan(est.p_diff));
}

static void test_check(void) {
  put("a", "runs.csv", "config,kernel,model,placement,scaling,workers,units_requested,duration_s,"
                       "rep,warmup,status,throughput_unit\n");
  tvp_run_folder f;
  tvp_buf err = {0};
  CHECK_EQ_INT(read_run(&f, "a", &err), -1);
  char want[160];
  snprintf(want, sizeof want, "%s/a/runs.csv has no column 'throughput'", root);
  CHECK_STR(err.data, want);
  tvp_buf_free(&err);
  free_run(&f);
}

/* meta.json text into a document, through a file in root. */
static void meta_doc(tvp_meta_doc *m, const char *text) {
  char path[128];
  snprintf(path, sizeof path, "%s/meta.json", root);
  check_put_file(path, text);
  tvp_buf err = {0};
  CHECK_EQ_INT(tvp_meta_read(path, m, &err), 0);
  tvp_buf_free(&err);
  unlink(path);
}

/* The environments: which fields differ, in which order, with which values;
 * null and missing alike are absent; a run without one compares nothing. */
static void test_environment_diff(void) {
  tvp_meta_doc a, b, old;
  meta_doc(&a, "{\"host\": \"x\", \"environment\": {\"thp_enabled\": \"madvise\", \"cpu_boost\": true,"
               " \"smt_control\": null, \"clocksource\": \"tsc\", \"cgroup_cpu_max\": null,"
               " \"mitigations\": {\"l1tf\": \"Not affected\", \"mds\": \"Vulnerable\"}}}");
  meta_doc(&b, "{\"host\": \"y\", \"environment\": {\"thp_enabled\": \"always\", \"cpu_boost\": true,"
               " \"clocksource\": \"tsc\", \"cgroup_cpu_max\": \"max 100000\","
               " \"mitigations\": {\"mds\": \"Vulnerable\", \"retbleed\": \"Mitigation: IBRS\"}}}");
  meta_doc(&old, "{\"host\": \"x\", \"cores\": 4}");
  tvp_env_diff d;
  tvp_env_diff_runs(&d, &a, &b);
  CHECK(d.recorded_a && d.recorded_b);
  /* host differs too, but is no environment field; smt_control, null in A and
   * missing in B, is the same. */
  static const char *const want[][3] = {{"thp_enabled", "madvise", "always"},
                                        {"cgroup_cpu_max", NULL, "max 100000"},
                                        {"mitigations.l1tf", "Not affected", NULL},
                                        {"mitigations.retbleed", NULL, "Mitigation: IBRS"}};
  CHECK_EQ_INT(d.n, 4);
  for (size_t i = 0; i < d.n && i < 4; i++) {
    CHECK_STR(d.d[i].field, want[i][0]);
    CHECK(want[i][1] ? d.d[i].a && strcmp(d.d[i].a, want[i][1]) == 0 : d.d[i].a == NULL);
    CHECK(want[i][2] ? d.d[i].b && strcmp(d.d[i].b, want[i][2]) == 0 : d.d[i].b == NULL);
  }
  tvp_env_diff_free(&d);
  tvp_env_diff_runs(&d, &b, &b);
  CHECK(d.recorded_a && d.recorded_b);
  CHECK_EQ_INT(d.n, 0);
  tvp_env_diff_free(&d);
  /* The load averages always differ: named, marked info, no warning. */
  tvp_meta_doc la, lb;
  meta_doc(&la, "{\"environment\": {\"clocksource\": \"tsc\", \"load_average_start\": [0.5, 0.5, 0.5]}}");
  meta_doc(&lb, "{\"environment\": {\"clocksource\": \"tsc\", \"load_average_start\": [3, 2, 1]}}");
  tvp_env_diff_runs(&d, &la, &lb);
  CHECK_EQ_INT(d.n, 1);
  CHECK_EQ_INT(d.warn, 0);
  CHECK(d.n == 1 && d.d[0].info && strcmp(d.d[0].field, "load_average_start") == 0);
  tvp_env_diff_free(&d);
  tvp_meta_doc_free(&la);
  tvp_meta_doc_free(&lb);
  tvp_env_diff_runs(&d, &old, &b);
  CHECK(!d.recorded_a && d.recorded_b);
  CHECK_EQ_INT(d.n, 0);
  tvp_env_diff_free(&d);
  tvp_meta_doc_free(&a);
  tvp_meta_doc_free(&b);
  tvp_meta_doc_free(&old);
}

/* Two runs of one suite under --min-time: each probe grew cpu.primes from
 * 1000 units to a size of its own (meta.json's min_time_sizes says from
 * what), and the configurations still pair, by the size asked for. */
static void write_grown(const char *run, const char *units, double first) {
  tvp_buf text = {0};
  tvp_buf_printf(&text, "config,kernel,model,placement,scaling,workers,units_requested,duration_s,status\n"
                        "0,cpu.primes,thread,core,strong,1,%s,,ok\n", units);
  put(run, "summary.csv", text.data);
  tvp_buf_free(&text);
  tvp_buf_printf(&text, "config,kernel,model,placement,scaling,workers,units_requested,duration_s,"
                        "rep,warmup,status,throughput,throughput_unit\n");
  tvp_buf key = {0};
  tvp_buf_printf(&key, "0,cpu.primes,thread,core,strong,1,%s,", units);
  reps(&text, key.data, 5, first, 1, "ok");
  put(run, "runs.csv", text.data);
  tvp_buf_free(&text);
  tvp_buf_printf(&text, "{\"min_time_sizes\": [{\"kernel\": \"cpu.primes\", \"from\": 1000, "
                        "\"units\": %s}]}\n", units);
  put(run, "meta.json", text.data);
  tvp_buf_free(&text);
  tvp_buf_free(&key);
}

static void test_grown_sizes(void) {
  write_grown("a", "63748", 100);
  write_grown("b", "66556", 100);
  tvp_run_folder a, b;
  tvp_buf err = {0};
  snprintf(dir_a, sizeof dir_a, "%s/a", root);
  snprintf(dir_b, sizeof dir_b, "%s/b", root);
  CHECK_EQ_INT(tvp_run_folder_read(&a, dir_a, TVP_RUN_RUNS | TVP_RUN_META, &err), 0);
  CHECK_EQ_INT(tvp_run_folder_read(&b, dir_b, TVP_RUN_RUNS | TVP_RUN_META, &err), 0);
  CHECK(strcmp(a.points[0].units_asked, "1000") == 0);
  tvp_comparison c;
  tvp_compare_runs(&c, one(&a), one(&b), 0.05, 0.05);
  CHECK_EQ_INT(c.npairs, 1);
  CHECK_EQ_INT(c.nonly_a + c.nonly_b, 0);
  if (c.npairs == 1)
    CHECK_EQ_INT(c.pairs[0].verdict.kind, TVP_V_SAME);
  tvp_comparison_free(&c);
  /* Without meta.json the sizes are as measured, and differ. */
  tvp_run_folder_free(&b);
  CHECK_EQ_INT(tvp_run_folder_read(&b, dir_b, TVP_RUN_RUNS, &err), 0);
  tvp_compare_runs(&c, one(&a), one(&b), 0.05, 0.05);
  CHECK_EQ_INT(c.npairs, 0);
  tvp_comparison_free(&c);
  tvp_run_folder_free(&a);
  tvp_run_folder_free(&b);
  tvp_buf_free(&err);
  put("a", "meta.json", NULL);
  put("b", "meta.json", NULL);
}

/* A run of 12 configurations (thread at 1..12 workers), each repetition's
 * throughput 100 x factor[k] x (1 + 0.002 i): tight repetitions. */
static void write_twelve(const char *run, const double factor[12]) {
  tvp_buf sum = {0}, runs = {0}, key = {0};
  tvp_buf_printf(&sum, "config,kernel,model,placement,scaling,workers,units_requested,duration_s,status\n");
  tvp_buf_printf(&runs, "config,kernel,model,placement,scaling,workers,units_requested,duration_s,"
                        "rep,warmup,status,throughput,throughput_unit\n");
  for (int k = 0; k < 12; k++) {
    tvp_buf_printf(&sum, "%d,cpu.primes,thread,core,strong,%d,1000,,ok\n", k, k + 1);
    key.len = 0;
    tvp_buf_printf(&key, "%d,cpu.primes,thread,core,strong,%d,1000,", k, k + 1);
    reps(&runs, key.data, 5, 100 * factor[k], 0.2 * factor[k], "ok");
  }
  put(run, "summary.csv", sum.data);
  put(run, "runs.csv", runs.data);
  tvp_buf_free(&sum);
  tvp_buf_free(&runs);
  tvp_buf_free(&key);
}

static void count_verdicts(const char *b_run, int *faster, int *same, int *other, double *drift) {
  tvp_run_folder a, b;
  tvp_buf err = {0};
  snprintf(dir_a, sizeof dir_a, "%s/a", root);
  snprintf(dir_b, sizeof dir_b, "%s/%s", root, b_run);
  CHECK_EQ_INT(tvp_run_folder_read(&a, dir_a, TVP_RUN_RUNS, &err), 0);
  CHECK_EQ_INT(tvp_run_folder_read(&b, dir_b, TVP_RUN_RUNS, &err), 0);
  tvp_comparison c;
  tvp_compare_runs(&c, one(&a), one(&b), 0.05, 0.05);
  *faster = *same = *other = 0;
  for (size_t i = 0; i < c.npairs; i++) {
    tvp_verdict_kind v = c.pairs[i].verdict.kind;
    *faster += v == TVP_V_HIGHER || v == TVP_V_LOWER;
    *same += v == TVP_V_SAME;
    *other += v != TVP_V_HIGHER && v != TVP_V_LOWER && v != TVP_V_SAME;
  }
  *drift = c.drift_sd;
  tvp_comparison_free(&c);
  tvp_run_folder_free(&a);
  tvp_run_folder_free(&b);
  tvp_buf_free(&err);
}

/* One run a side: the drift between runs, estimated across configurations,
 * keeps a machine that moved every configuration by +-15 % from being called
 * faster or slower, and still lets two configurations that doubled through. */
static void test_drift(void) {
  const double one_x[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const double two_changed[12] = {1.01, 0.99, 1.005, 0.995, 1, 1.01, 0.99, 1.005, 0.995, 1, 2, 2};
  const double drifted[12] = {0.85, 1.15, 0.87, 1.13, 0.86, 1.14, 0.85, 1.15, 0.88, 1.12, 0.86, 1.14};
  write_twelve("a", one_x);
  char sub[96];
  snprintf(sub, sizeof sub, "%s/c", root);
  CHECK(mkdir(sub, 0777) == 0);
  int faster, same, other;
  double drift;
  write_twelve("c", two_changed);
  count_verdicts("c", &faster, &same, &other, &drift);
  CHECK_EQ_INT(faster, 2);
  CHECK_EQ_INT(same, 10);
  CHECK(drift < 0.02);
  write_twelve("c", drifted);
  count_verdicts("c", &faster, &same, &other, &drift);
  CHECK_EQ_INT(faster, 0);
  CHECK_EQ_INT(other, 12);
  CHECK(drift > 0.1 && drift < 0.3); /* median |log| 0.14, over 0.6745 */
  put("c", "summary.csv", NULL);
  put("c", "runs.csv", NULL);
  rmdir(sub);
}

int main(void) {
  snprintf(root, sizeof root, "/tmp/tvp-test-compare-XXXXXX");
  CHECK(mkdtemp(root) != NULL);
  char sub[96];
  snprintf(sub, sizeof sub, "%s/a", root);
  CHECK(mkdir(sub, 0777) == 0);
  snprintf(sub, sizeof sub, "%s/b", root);
  CHECK(mkdir(sub, 0777) == 0);
  write_run_a();
  write_run_b();
  tvp_run_folder a, b;
  tvp_buf err = {0};
  CHECK_EQ_INT(read_run(&a, "a", &err), 0);
  CHECK_EQ_INT(read_run(&b, "b", &err), 0);
  tvp_buf_free(&err);
  test_pairing_and_verdicts(&a, &b);
  test_against_itself(&a);
  free_run(&a);
  free_run(&b);
  test_check();
  test_welch();
  test_environment_diff();
  test_grown_sizes();
  test_drift();
  for (const char *const *run = (const char *const[]){"a", "b", NULL}; *run; run++) {
    put(*run, "summary.csv", NULL);
    put(*run, "runs.csv", NULL);
    snprintf(sub, sizeof sub, "%s/%s", root, *run);
    rmdir(sub);
  }
  rmdir(root);
  CHECK_DONE();
}
