/* The claims' verdicts on hand-made runs whose answers are known: a textbook
 * machine where folklore holds as the docs say, and one where it does not. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "analysis/claims.h"

static const char header[] =
    "kernel,model,workers,status,throughput_median,throughput_ci95_low,throughput_ci95_high,"
    "speedup,time_median_s,pss_kib_median,throughput_unit\n";

/* A run folder holding only a summary.csv of a header and rows, read as tvp
 * claims reads one; dir (at least 32 bytes) must outlive *f. */
static void load_with(const char *head, const char *rows, char *dir, tvp_run_folder *f) {
  static const char template[] = "/tmp/tvp-test-claims-XXXXXX";
  memcpy(dir, template, sizeof template);
  CHECK(mkdtemp(dir) != NULL);
  char path[64];
  snprintf(path, sizeof path, "%s/summary.csv", dir);
  FILE *file = fopen(path, "w");
  CHECK(file != NULL);
  if (!file)
    exit(1);
  fputs(head, file);
  fputs(rows, file);
  fclose(file);
  tvp_buf err = {0};
  CHECK_EQ_INT(tvp_run_folder_read(f, dir, 0, &err), 0);
  tvp_buf_free(&err);
  unlink(path);
  rmdir(dir);
}

static void load(const char *rows, char *dir, tvp_run_folder *f) { load_with(header, rows, dir, f); }

/* 2 cores; processes and threads alike on computation, processes ahead on mmap. */
static const char textbook[] =
    "cpu.primes,thread,1,ok,100,99,101,1,,,numbers/s\n"
    "cpu.primes,fork,1,ok,100,99,101,1,,,numbers/s\n"
    "cpu.primes,thread,2,ok,196,194,198,1.96,,,numbers/s\n"
    "cpu.primes,fork,2,ok,195,193,197,1.95,,,numbers/s\n"
    "cpu.primes,thread,4,ok,194,192,196,1.94,,,numbers/s\n"
    "cpu.primes,fork,4,ok,193,191,195,1.93,,,numbers/s\n"
    "io.sleep,thread,1,ok,900,890,910,1,,1000,sleeps/s\n"
    "io.sleep,fork,1,ok,900,890,910,1,,1100,sleeps/s\n"
    "io.sleep,thread,2,ok,1790,1780,1800,1.99,,1100,sleeps/s\n"
    "io.sleep,fork,2,ok,1790,1780,1800,1.99,,2000,sleeps/s\n"
    "io.sleep,thread,32,ok,25000,24000,26000,27,,3000,sleeps/s\n"
    "io.sleep,fork,32,ok,24000,23000,25000,26,,40000,sleeps/s\n"
    "spawn.create,thread,1,ok,100000,95000,105000,1,,,creations/s\n"
    "spawn.create,fork,1,ok,10000,9500,10500,1,,,creations/s\n"
    "os.mmap,thread,1,ok,300,290,310,1,,,maps/s\n"
    "os.mmap,fork,1,ok,300,290,310,1,,,maps/s\n"
    "os.mmap,thread,2,ok,200,190,210,0.67,,,maps/s\n"
    "os.mmap,fork,2,ok,440,430,450,1.47,,,maps/s\n";

/* 2 cores with 2 hardware threads each; nothing goes the textbook's way, and
 * the I/O rows are missing. */
static const char contrary[] =
    "cpu.primes,thread,1,ok,100,99,101,1,,,numbers/s\n"
    "cpu.primes,fork,1,ok,100,99,101,1,,,numbers/s\n"
    "cpu.primes,thread,2,ok,110,108,112,1.1,,,numbers/s\n"
    "cpu.primes,fork,2,ok,120,118,122,1.2,,,numbers/s\n"
    "cpu.primes,thread,4,ok,150,148,152,1.5,,,numbers/s\n"
    "cpu.primes,fork,4,ok,160,158,162,1.6,,,numbers/s\n"
    "spawn.create,thread,1,ok,10000,9000,11000,1,,,creations/s\n"
    "spawn.create,fork,1,ok,9900,9000,11000,1,,,creations/s\n"
    "os.mmap,thread,2,ok,400,390,410,1,,,maps/s\n"
    "os.mmap,fork,2,ok,400,390,410,1,,,maps/s\n"
    "io.sleep,thread,2,failed,,,,,,,sleeps/s\n";

static const char python[] =
    "py.cpu,py-thread,1,ok,50,49,51,1,,,numbers/s\n"
    "py.cpu,py-process,1,ok,50,49,51,1,,,numbers/s\n"
    "py.cpu,py-thread,2,ok,49,48,50,0.98,,,numbers/s\n"
    "py.cpu,py-process,2,ok,97,95,99,1.94,,,numbers/s\n";

static void test_textbook(void) {
  tvp_run_folder run, py;
  char run_dir[32], py_dir[32];
  load(textbook, run_dir, &run);
  load(python, py_dir, &py);
  tvp_claims_input in = {.run = &run, .py = &py, .cores = 2, .pus = 2,
                         .child_write_seen = 0, .thread_write_seen = 1};
  tvp_claim c[TVP_NCLAIMS];
  tvp_claims_evaluate(&in, c);
  tvp_claim_verdict want[TVP_NCLAIMS] = {TVP_CLAIM_HOLDS, TVP_CLAIM_HOLDS,      TVP_CLAIM_HOLDS,
                                         TVP_CLAIM_HOLDS, TVP_CLAIM_HOLDS,      TVP_CLAIM_CONDITIONAL,
                                         TVP_CLAIM_HOLDS};
  for (int i = 0; i < TVP_NCLAIMS; i++) {
    CHECK_EQ_INT(c[i].number, i + 1);
    CHECK_EQ_INT(c[i].verdict, want[i]);
    CHECK(c[i].evidence.data && c[i].charts[0][0]);
  }
  /* Each verdict names its numbers. */
  CHECK(strstr(c[0].evidence.data, "read 0") && strstr(c[0].evidence.data, "read 1"));
  CHECK(strstr(c[0].evidence.data, "39.1 MiB") && strstr(c[0].evidence.data, "2.9 MiB"));
  CHECK(strstr(c[1].evidence.data, "1.95 times"));
  CHECK(strstr(c[2].evidence.data, "0.98 times")); /* Python threads */
  CHECK(strstr(c[2].evidence.data, "in Python the claim is false"));
  CHECK_STR(c[2].charts[1], "interplock.png");
  /* Each chart is the file tvp plot writes into the claims run's plots/. */
  CHECK_STR(c[0].charts[0], "run/plots/footprint.png");
  CHECK_STR(c[1].charts[0], "run/plots/speedup-cpu.primes.png");
  CHECK_STR(c[5].charts[1], "run/plots/ratio-cpu.primes.png");
  CHECK(!c[4].charts[1][0]);
  CHECK(strstr(c[3].evidence.data, "14.0 times")); /* 25000 / 1790 */
  CHECK(strstr(c[4].evidence.data, "100.0 µs") && strstr(c[4].evidence.data, "10.0 µs"));
  CHECK(strstr(c[5].evidence.data, "2.20 times"));
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
  tvp_run_folder_free(&py);
}

static void test_contrary(void) {
  tvp_run_folder run;
  char run_dir[32];
  load(contrary, run_dir, &run);
  tvp_claims_input in = {.run = &run, .py = NULL, .py_absent = "python3 is not installed",
                         .cores = 2, .pus = 4, .child_write_seen = 1, .thread_write_seen = 1};
  tvp_claim c[TVP_NCLAIMS];
  tvp_claims_evaluate(&in, c);
  CHECK_EQ_INT(c[0].verdict, TVP_CLAIM_FAILS);   /* the child's write was seen */
  CHECK_EQ_INT(c[1].verdict, TVP_CLAIM_FAILS);   /* speedup 1.2 of 2 */
  CHECK_EQ_INT(c[2].verdict, TVP_CLAIM_FAILS);   /* threads 110 vs 120, apart */
  CHECK(strstr(c[2].evidence.data, "python3 is not installed"));
  CHECK_EQ_INT(c[3].verdict, TVP_CLAIM_UNKNOWN); /* io.sleep failed */
  CHECK(strstr(c[3].evidence.data, "Not measured"));
  CHECK_EQ_INT(c[4].verdict, TVP_CLAIM_FAILS);   /* creation costs within the noise */
  CHECK_EQ_INT(c[5].verdict, TVP_CLAIM_FAILS);   /* mmap alike */
  CHECK_EQ_INT(c[6].verdict, TVP_CLAIM_CONDITIONAL); /* SMT siblings added 36 % */
  CHECK(strstr(c[6].evidence.data, "hardware threads per core"));
  tvp_claims_free(c);
  /* The same gain without SMT siblings to explain it: the claim fails, and says
   * the gain is past the noise. */
  in.pus = 2;
  tvp_claims_evaluate(&in, c);
  CHECK_EQ_INT(c[6].verdict, TVP_CLAIM_FAILS);
  CHECK(strstr(c[6].evidence.data, "more than the noise"));
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

/* A row of an implausible point is no evidence: the claims that rest on it are
 * not measured, and say why. */
static void test_implausible(void) {
  static const char head[] =
      "kernel,model,workers,status,throughput_median,throughput_ci95_low,throughput_ci95_high,"
      "speedup,time_median_s,pss_kib_median,throughput_unit,implausible,implausible_reason\n";
  static const char rows[] =
      "cpu.primes,thread,1,ok,100,99,101,1,,,numbers/s,0,\n"
      "cpu.primes,fork,1,ok,100,99,101,1,,,numbers/s,1,\"fork at 2 workers: speedup [3.5, 3.6] above the 2 PUs in use\"\n"
      "cpu.primes,thread,2,ok,196,194,198,1.96,,,numbers/s,0,\n"
      "cpu.primes,fork,2,ok,350,345,355,3.5,,,numbers/s,1,\"fork at 2 workers: speedup [3.5, 3.6] above the 2 PUs in use\"\n"
      "spawn.create,thread,1,ok,100000,95000,105000,1,,,creations/s,0,\n"
      "spawn.create,fork,1,ok,10000,9500,10500,1,,,creations/s,0,\n";
  tvp_run_folder run;
  char run_dir[32];
  load_with(head, rows, run_dir, &run);
  CHECK_EQ_INT(run.points[1].implausible, 1);
  CHECK_EQ_INT(run.points[2].implausible, 0);
  tvp_claims_input in = {.run = &run, .cores = 2, .pus = 2, .child_write_seen = 0,
                         .thread_write_seen = 1};
  tvp_claim c[TVP_NCLAIMS];
  tvp_claims_evaluate(&in, c);
  /* Processes reach 3.5 on 2 cores: no verdict, not "holds". */
  CHECK_EQ_INT(c[1].verdict, TVP_CLAIM_UNKNOWN);
  CHECK(strstr(c[1].evidence.data, "marks implausible"));
  CHECK_EQ_INT(c[2].verdict, TVP_CLAIM_UNKNOWN);
  CHECK_EQ_INT(c[4].verdict, TVP_CLAIM_HOLDS); /* spawn.create is not touched */
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

/* A configuration whose every repetition a neighbour disturbed has no
 * statistic: its claim is not measured, rather than judged on empty numbers. */
static void test_disturbed(void) {
  tvp_run_folder run;
  char run_dir[32];
  load_with("kernel,model,workers,status,reps_ok,reps_disturbed,throughput_median,pss_kib_median,throughput_unit\n",
            "io.sleep,thread,1,ok,2,0,900,1000,sleeps/s\n"
            "io.sleep,fork,1,ok,2,0,900,1100,sleeps/s\n"
            "io.sleep,thread,2,ok,0,2,,,sleeps/s\n"
            "io.sleep,fork,2,ok,1,1,1790,2000,sleeps/s\n"
            "io.sleep,thread,32,ok,2,0,25000,3000,sleeps/s\n"
            "io.sleep,fork,32,ok,2,0,24000,40000,sleeps/s\n",
            run_dir, &run);
  tvp_claims_input in = {.run = &run, .py = NULL, .py_absent = "skipped", .cores = 2, .pus = 2,
                         .child_write_seen = 0, .thread_write_seen = 1};
  tvp_claim c[TVP_NCLAIMS];
  tvp_claims_evaluate(&in, c);
  CHECK_EQ_INT(c[3].verdict, TVP_CLAIM_UNKNOWN); /* threads at 2 workers: every repetition disturbed */
  CHECK(strstr(c[3].evidence.data, "Not measured"));
  CHECK(!strstr(c[3].evidence.data, "nan"));
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

static void test_names_and_demo(void) {
  CHECK_STR(tvp_claim_verdict_name(TVP_CLAIM_HOLDS), "holds");
  CHECK_STR(tvp_claim_verdict_name(TVP_CLAIM_FAILS), "does not hold");
  CHECK_STR(tvp_claim_verdict_name(TVP_CLAIM_CONDITIONAL), "holds only under a condition");
  /* The real thing: on Linux a child's write stays in the child, a thread's does not. */
  int child = -1, thread = -1;
  CHECK_EQ_INT(tvp_claims_demonstrate(&child, &thread), 0);
  CHECK_EQ_INT(child, 0);
  CHECK_EQ_INT(thread, 1);
  /* The suite names every kernel the claims read. */
  tvp_buf s = {0};
  tvp_claims_suite(0, &s);
  CHECK(strstr(s.data, "cpu.primes") && strstr(s.data, "io.sleep") && strstr(s.data, "spawn.create") &&
        strstr(s.data, "os.mmap"));
  tvp_buf_free(&s);
}

int main(void) {
  test_textbook();
  test_contrary();
  test_implausible();
  test_disturbed();
  test_names_and_demo();
  if (check_failures)
    fprintf(stderr, "%d check(s) failed\n", check_failures);
  return check_failures ? 1 : 0;
}
