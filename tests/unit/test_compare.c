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

static void test_pairing_and_verdicts(const tvp_run_folder *a, const tvp_run_folder *b) {
  tvp_comparison c;
  tvp_compare_runs(&c, a, b, 0.05);
  /* Paired by the dimensions' columns, in A's order, whatever B's order and numbers. */
  CHECK_EQ_INT(c.npairs, 5);
  static const size_t want_b[] = {4, 2, 3, 1, 6};
  for (size_t i = 0; i < c.npairs && i < 5; i++) {
    CHECK_EQ_INT(c.pairs[i].row_b, want_b[i]);
    CHECK_EQ_INT(c.pair_of_b[want_b[i]], i);
  }
  CHECK_EQ_INT(c.pair_of_a[0], 0);
  CHECK_EQ_INT(c.pair_of_a[3], 3);
  CHECK_EQ_INT(c.pair_of_a[5], 4);
  /* In one run only: unpaired, in no pair. */
  CHECK(c.pair_of_a[4] == TVP_COMPARE_UNPAIRED);
  CHECK(c.pair_of_b[0] == TVP_COMPARE_UNPAIRED);
  CHECK(c.pair_of_b[5] == TVP_COMPARE_UNPAIRED); /* the same but for its footprint */
  for (size_t i = 0; i < c.npairs; i++)
    CHECK(c.pairs[i].row_a != 4);

  /* B twice as fast, fully separated: U = 25 of 25, p = 2 / C(10, 5). */
  const tvp_compare_pair *p = &c.pairs[0];
  CHECK_EQ_INT(p->na, 5); /* not the warm-up, not the failed one */
  CHECK_EQ_INT(p->nb, 5);
  CHECK_NEAR(p->med_a, 102, 1e-9);
  CHECK_NEAR(p->med_b, 202, 1e-9);
  CHECK_NEAR(p->ratio, 202.0 / 102, 1e-12);
  CHECK_NEAR(p->mw.u, 25, 1e-9);
  CHECK_NEAR(p->mw.p, 2.0 / 252, 1e-9);
  CHECK_STR(p->unit, "numbers/s");
  CHECK_EQ_INT(p->verdict, TVP_VERDICT_FASTER);
  CHECK_STR(tvp_compare_verdict_name(p->verdict), "faster");

  p = &c.pairs[1];
  CHECK_NEAR(p->mw.u, 0, 1e-9);
  CHECK_NEAR(p->ratio, 52.0 / 102, 1e-12);
  CHECK_EQ_INT(p->verdict, TVP_VERDICT_SLOWER);
  CHECK_STR(tvp_compare_verdict_name(p->verdict), "slower");

  p = &c.pairs[2]; /* the same throughputs */
  CHECK_NEAR(p->ratio, 1, 1e-12);
  CHECK_NEAR(p->mw.u, 12.5, 1e-9);
  CHECK_EQ_INT(p->verdict, TVP_VERDICT_NO_DIFFERENCE);
  CHECK_STR(tvp_compare_verdict_name(p->verdict), "no significant difference");

  /* 2 against 2: even fully separated, p = 1/3 > 0.05. */
  p = &c.pairs[3];
  CHECK_EQ_INT(p->na, 2);
  CHECK_EQ_INT(p->nb, 2);
  CHECK_EQ_INT(p->verdict, TVP_VERDICT_TOO_FEW);
  CHECK_STR(tvp_compare_verdict_name(p->verdict), "too few repetitions");

  /* Paired, but B has no repetition that succeeded: no median, ratio or p. */
  p = &c.pairs[4];
  CHECK_EQ_INT(p->na, 5);
  CHECK_EQ_INT(p->nb, 0);
  CHECK(isnan(p->med_b));
  CHECK(isnan(p->ratio));
  CHECK(isnan(p->mw.p));
  CHECK_STR(p->unit, "numbers/s");
  CHECK_EQ_INT(p->verdict, TVP_VERDICT_TOO_FEW);
  tvp_comparison_free(&c);

  /* 5 against 5 can reach p = 0.0079 at best, so not alpha = 0.005. */
  tvp_compare_runs(&c, a, b, 0.005);
  CHECK_EQ_INT(c.npairs, 5);
  for (size_t i = 0; i < c.npairs; i++)
    CHECK_EQ_INT(c.pairs[i].verdict, TVP_VERDICT_TOO_FEW);
  tvp_comparison_free(&c);
}

/* A run against itself: every configuration pairs with its own row, no difference. */
static void test_against_itself(const tvp_run_folder *a) {
  tvp_comparison c;
  tvp_compare_runs(&c, a, a, 0.05);
  CHECK_EQ_INT(c.npairs, a->npoints);
  for (size_t i = 0; i < c.npairs; i++) {
    CHECK_EQ_INT(c.pairs[i].row_a, i);
    CHECK_EQ_INT(c.pairs[i].row_b, i);
    CHECK_NEAR(c.pairs[i].ratio, 1, 1e-12);
    CHECK(c.pairs[i].verdict != TVP_VERDICT_FASTER && c.pairs[i].verdict != TVP_VERDICT_SLOWER);
  }
  tvp_comparison_free(&c);
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
  tvp_env_diff_runs(&d, &old, &b);
  CHECK(!d.recorded_a && d.recorded_b);
  CHECK_EQ_INT(d.n, 0);
  tvp_env_diff_free(&d);
  tvp_meta_doc_free(&a);
  tvp_meta_doc_free(&b);
  tvp_meta_doc_free(&old);
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
  test_environment_diff();
  for (const char *const *run = (const char *const[]){"a", "b", NULL}; *run; run++) {
    put(*run, "summary.csv", NULL);
    put(*run, "runs.csv", NULL);
    snprintf(sub, sizeof sub, "%s/%s", root, *run);
    rmdir(sub);
  }
  rmdir(root);
  CHECK_DONE();
}
