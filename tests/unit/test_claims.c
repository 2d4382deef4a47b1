/* The claims' verdicts on hand-made runs whose answers are known. Each run is
 * made from per-round throughputs: runs.csv holds the rounds, summary.csv the
 * rows tvp run would write from them (the ratio to threads with its interval
 * and log statistics), so every outcome can be made on purpose: holds, does
 * not hold, and inconclusive for noise, too few repetitions and disturbance. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "analysis/claims.h"
#include "analysis/verdict.h"

#define MAX_ROUNDS 7

/* How the throughput of a configuration moves from round to round. */
static const double steady[MAX_ROUNDS] = {1, 1.002, 0.998, 1.001, 0.999, 1.003, 0.997};
static const double steady2[MAX_ROUNDS] = {0.999, 1.001, 1.002, 0.998, 1, 0.997, 1.003};
static const double wobbly[MAX_ROUNDS] = {1, 1.03, 0.97, 1.02, 0.98, 1.04, 0.96};
static const double shaky[MAX_ROUNDS] = {1, 1.25, 0.8, 1.15, 0.85, 1.2, 0.9};

typedef struct {
  const char *kernel, *model;
  unsigned workers;
  double tp;            /* throughput in round 0 */
  const double *moves;  /* NULL: steady */
  double pss_kib;       /* NaN: not measured */
  int disturbed;        /* every repetition disturbed */
  const char *status;   /* NULL: ok */
} cfg;

static double tp_at(const cfg *c, int r) { return c->tp * (c->moves ? c->moves : steady)[r]; }

/* The per-round ratios of a over b into x; how many. */
static size_t pairs(const cfg *a, const cfg *b, int rounds, double *x) {
  if (a->disturbed || b->disturbed)
    return 0;
  for (int r = 0; r < rounds; r++)
    x[r] = tp_at(a, r) / tp_at(b, r);
  return (size_t)rounds;
}

static const cfg *find_cfg(const cfg *cs, size_t n, const char *kernel, const char *model,
                           unsigned workers) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(cs[i].kernel, kernel) && !strcmp(cs[i].model, model) && cs[i].workers == workers)
      return &cs[i];
  return NULL;
}

static void write_summary_row(FILE *f, const cfg *cs, size_t n, const cfg *c, int rounds) {
  double x[MAX_ROUNDS];
  const cfg *one = find_cfg(cs, n, c->kernel, c->model, 1), *t = find_cfg(cs, n, c->kernel, "thread", c->workers);
  tvp_ratio_est sp = {.median = NAN}, ra = {.median = NAN};
  if (one)
    tvp_ratio_from_pairs(x, pairs(c, one, rounds, x), 0.05, &sp);
  if (t)
    tvp_ratio_from_pairs(x, pairs(c, t, rounds, x), 0.05, &ra);
  fprintf(f, "%s-%s-%u,%s,%s,%u,%s,%d,%d,%g,%g,%g,%g,%g,%g,%u,%g,%g,numbers/s\n", c->kernel,
          c->model, c->workers, c->kernel, c->model, c->workers, c->status ? c->status : "ok",
          c->disturbed ? 0 : rounds, c->disturbed ? rounds : 0, c->disturbed ? NAN : c->tp, sp.median, c->pss_kib,
          ra.median, ra.lo, ra.hi, ra.n, ra.log_mean, ra.log_sd_mean);
}

/* A run folder of cs[0..n) over rounds rounds, read as tvp claims reads one;
 * dir (at least 32 bytes) must outlive *f. */
static void load(const cfg *cs, size_t n, int rounds, char *dir, tvp_run_folder *f) {
  static const char template[] = "/tmp/tvp-test-claims-XXXXXX";
  memcpy(dir, template, sizeof template);
  CHECK(mkdtemp(dir) != NULL);
  char sp[64], rp[64];
  snprintf(sp, sizeof sp, "%s/summary.csv", dir);
  snprintf(rp, sizeof rp, "%s/runs.csv", dir);
  FILE *s = fopen(sp, "w"), *r = fopen(rp, "w");
  if (!s || !r)
    exit(1);
  fputs("config,kernel,model,workers,status,reps_ok,reps_disturbed,throughput_median,speedup,"
        "pss_kib_median,ratio_vs_thread,ratio_ci95_low,ratio_ci95_high,pairs_ratio,"
        "ratio_log_mean,ratio_log_se,throughput_unit\n", s);
  fputs("config,round,attempt,rep,warmup,status,throughput,disturbed\n", r);
  for (size_t i = 0; i < n; i++) {
    write_summary_row(s, cs, n, &cs[i], rounds);
    for (int k = 0; k < rounds && !cs[i].status; k++)
      fprintf(r, "%s-%s-%u,%d,0,%d,0,ok,%g,%d\n", cs[i].kernel, cs[i].model, cs[i].workers, k, k,
              tp_at(&cs[i], k), cs[i].disturbed);
  }
  fclose(s);
  fclose(r);
  tvp_buf err = {0};
  CHECK_EQ_INT(tvp_run_folder_read(f, dir, TVP_RUN_RUNS_IF_ANY, &err), 0);
  tvp_buf_free(&err);
  unlink(sp);
  unlink(rp);
  rmdir(dir);
}

/* 2 cores: processes and threads alike on computation, flat past the cores,
 * processes ahead on mmap, threads lean on I/O. */
static cfg textbook[] = {
    {"cpu.primes", "thread", 1, 100, NULL, NAN, 0, NULL},
    {"cpu.primes", "fork", 1, 100, steady2, NAN, 0, NULL},
    {"cpu.primes", "thread", 2, 196, NULL, NAN, 0, NULL},
    {"cpu.primes", "fork", 2, 195, steady2, NAN, 0, NULL},
    {"cpu.primes", "thread", 4, 195, NULL, NAN, 0, NULL},
    {"cpu.primes", "fork", 4, 194, steady2, NAN, 0, NULL},
    {"io.sleep", "thread", 1, 900, NULL, 1000, 0, NULL},
    {"io.sleep", "fork", 1, 900, steady2, 1100, 0, NULL},
    {"io.sleep", "thread", 2, 1790, NULL, 1100, 0, NULL},
    {"io.sleep", "fork", 2, 1790, steady2, 2000, 0, NULL},
    {"io.sleep", "thread", 32, 25000, NULL, 3000, 0, NULL},
    {"io.sleep", "fork", 32, 24000, steady2, 40000, 0, NULL},
    {"spawn.create", "thread", 1, 100000, NULL, NAN, 0, NULL},
    {"spawn.create", "fork", 1, 10000, steady2, NAN, 0, NULL},
    {"os.mmap", "thread", 1, 300, NULL, NAN, 0, NULL},
    {"os.mmap", "fork", 1, 300, steady2, NAN, 0, NULL},
    {"os.mmap", "thread", 2, 200, NULL, NAN, 0, NULL},
    {"os.mmap", "fork", 2, 440, steady2, NAN, 0, NULL},
};
#define NTEXTBOOK (sizeof textbook / sizeof *textbook)

static void evaluate(const tvp_run_folder *run, const tvp_run_folder *rerun, unsigned pus,
                     tvp_claim c[TVP_NCLAIMS]) {
  tvp_claims_input in = {.run = run, .rerun = rerun, .py_absent = "skipped", .cores = 2,
                         .pus = pus, .child_write_seen = 0, .thread_write_seen = 1};
  tvp_claims_evaluate(&in, c);
}

static void test_textbook(void) {
  tvp_run_folder run;
  char dir[32];
  load(textbook, NTEXTBOOK, 7, dir, &run);
  tvp_claim c[TVP_NCLAIMS];
  evaluate(&run, NULL, 2, c);
  tvp_claim_verdict want[TVP_NCLAIMS] = {TVP_CLAIM_HOLDS, TVP_CLAIM_HOLDS,      TVP_CLAIM_HOLDS,
                                         TVP_CLAIM_HOLDS, TVP_CLAIM_HOLDS,      TVP_CLAIM_CONDITIONAL,
                                         TVP_CLAIM_HOLDS};
  for (int i = 0; i < TVP_NCLAIMS; i++) {
    CHECK_EQ_INT(c[i].number, i + 1);
    CHECK_EQ_INT(c[i].verdict, want[i]);
    CHECK_EQ_INT(c[i].why, TVP_CLAIM_WHY_NONE);
    CHECK(c[i].evidence.data && c[i].charts[0][0]);
    CHECK(c[i].evidence.data && !strstr(c[i].evidence.data, "nan"));
  }
  /* Each verdict names its numbers and the test it rests on. */
  CHECK(strstr(c[0].evidence.data, "read 0") && strstr(c[0].evidence.data, "read 1"));
  CHECK(strstr(c[0].evidence.data, "39.1 MiB") && strstr(c[0].evidence.data, "2.9 MiB"));
  CHECK(strstr(c[1].evidence.data, "1.95 times"));
  CHECK(strstr(c[1].evidence.data, "no meaningful difference (speedup/cores 0.97x"));
  /* Claim 3 is an equivalence test at 5 %. */
  CHECK(strstr(c[2].evidence.data, "equivalence test"));
  CHECK(strstr(c[2].evidence.data, "no meaningful difference (fork/thread 0.99x"));
  CHECK(strstr(c[2].evidence.data, "within 5 %"));
  CHECK(strstr(c[2].evidence.data, "skipped"));
  CHECK(strstr(c[3].evidence.data, "14.0 times")); /* 25000 / 1790 */
  CHECK(strstr(c[3].evidence.data, "32 threads faster by 13.97x"));
  CHECK(strstr(c[4].evidence.data, "100.0 µs") && strstr(c[4].evidence.data, "10.0 µs"));
  CHECK(strstr(c[4].evidence.data, "thread faster by 10.01x"));
  CHECK(strstr(c[5].evidence.data, "Holm"));
  CHECK(strstr(c[5].evidence.data, "fork faster by 2.20x"));
  CHECK(strstr(c[5].evidence.data, "true for work that contends"));
  CHECK(strstr(c[6].evidence.data, "Holm") && strstr(c[6].evidence.data, "take turns"));
  CHECK(strstr(c[6].evidence.data, "no meaningful difference (4 threads/2 threads 0.99x"));
  /* Each chart is the file tvp plot writes into the claims run's plots/. */
  CHECK_STR(c[0].charts[0], "run/plots/footprint.png");
  CHECK_STR(c[1].charts[0], "run/plots/speedup-cpu.primes.png");
  CHECK_STR(c[5].charts[1], "run/plots/ratio-cpu.primes.png");
  CHECK(!c[4].charts[1][0]);
  CHECK_EQ_INT(tvp_claims_disturbed(&run), 0);
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

/* 2 cores (with 2 hardware threads each, then without): nothing goes the
 * textbook's way, and the I/O rows failed. */
static void test_contrary(void) {
  static cfg rows[] = {
      {"cpu.primes", "thread", 1, 100, NULL, NAN, 0, NULL},
      {"cpu.primes", "fork", 1, 100, steady2, NAN, 0, NULL},
      {"cpu.primes", "thread", 2, 120, NULL, NAN, 0, NULL},
      {"cpu.primes", "fork", 2, 110, steady2, NAN, 0, NULL},
      {"cpu.primes", "thread", 4, 150, NULL, NAN, 0, NULL},
      {"cpu.primes", "fork", 4, 160, steady2, NAN, 0, NULL},
      {"spawn.create", "thread", 1, 10000, NULL, NAN, 0, NULL},
      {"spawn.create", "fork", 1, 9950, steady2, NAN, 0, NULL},
      {"os.mmap", "thread", 2, 400, NULL, NAN, 0, NULL},
      {"os.mmap", "fork", 2, 401, steady2, NAN, 0, NULL},
      {"io.sleep", "thread", 2, 0, NULL, NAN, 0, "failed"},
  };
  tvp_run_folder run;
  char dir[32];
  load(rows, sizeof rows / sizeof *rows, 7, dir, &run);
  tvp_claim c[TVP_NCLAIMS];
  evaluate(&run, NULL, 4, c);
  CHECK_EQ_INT(c[1].verdict, TVP_CLAIM_FAILS); /* speedup 1.1 of 2 */
  CHECK(strstr(c[1].evidence.data, "cores faster by"));
  CHECK_EQ_INT(c[2].verdict, TVP_CLAIM_FAILS); /* threads 9 % ahead: beyond the margin */
  CHECK(strstr(c[2].evidence.data, "thread faster by 1.09x"));
  CHECK_EQ_INT(c[3].verdict, TVP_CLAIM_UNKNOWN); /* io.sleep failed */
  CHECK(strstr(c[3].evidence.data, "Not measured"));
  CHECK_EQ_INT(c[4].verdict, TVP_CLAIM_FAILS); /* creation costs alike */
  CHECK_EQ_INT(c[5].verdict, TVP_CLAIM_FAILS); /* mmap alike, computation threads ahead */
  CHECK_EQ_INT(c[6].verdict, TVP_CLAIM_CONDITIONAL); /* SMT siblings added 25 and 45 % */
  CHECK(strstr(c[6].evidence.data, "hardware threads per core"));
  tvp_claims_free(c);
  /* The same gain without SMT siblings to explain it: the claim fails. */
  evaluate(&run, NULL, 2, c);
  CHECK_EQ_INT(c[6].verdict, TVP_CLAIM_FAILS);
  CHECK(strstr(c[6].evidence.data, "more than the noise"));
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

/* The textbook run with some rows replaced: cs[i] for each row of the same
 * kernel, model and workers. into must hold NTEXTBOOK. */
static void with(const cfg *cs, size_t n, cfg *into) {
  memcpy(into, textbook, sizeof textbook);
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < NTEXTBOOK; k++)
      if (!strcmp(into[k].kernel, cs[i].kernel) && !strcmp(into[k].model, cs[i].model) &&
          into[k].workers == cs[i].workers)
        into[k] = cs[i];
}

/* Noise: a shaky configuration, and gains of 3.5 and 4 % past the cores
 * (the margin is 5 %) that wobble by a few per cent: no verdict either way. */
static void test_noise(void) {
  static const cfg changed[] = {
      {"cpu.primes", "fork", 2, 195, shaky, NAN, 0, NULL},
      {"cpu.primes", "thread", 4, 196 * 1.035, wobbly, NAN, 0, NULL},
  };
  cfg rows[NTEXTBOOK];
  with(changed, 2, rows);
  tvp_run_folder run;
  char dir[32];
  load(rows, NTEXTBOOK, 7, dir, &run);
  tvp_claim c[TVP_NCLAIMS];
  evaluate(&run, NULL, 2, c);
  CHECK_EQ_INT(c[2].verdict, TVP_CLAIM_INCONCLUSIVE);
  CHECK_EQ_INT(c[2].why, TVP_CLAIM_WHY_NOISE);
  CHECK(strstr(c[2].evidence.data, "inconclusive: fork/thread"));
  CHECK(strstr(c[2].evidence.data, "straddles the 5 % margin"));
  CHECK_EQ_INT(c[5].verdict, TVP_CLAIM_INCONCLUSIVE); /* mmap clear, computation not */
  CHECK_EQ_INT(c[6].verdict, TVP_CLAIM_INCONCLUSIVE); /* no longer "does not hold" */
  CHECK_EQ_INT(c[6].why, TVP_CLAIM_WHY_NOISE);
  CHECK(strstr(c[6].evidence.data, "inconclusive: 4 threads/2 threads 1.0"));
  CHECK_EQ_INT(c[4].verdict, TVP_CLAIM_HOLDS); /* spawn.create is not touched */
  CHECK_STR(tvp_claim_why_name(c[2].why), "noise");
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

/* Claim 7 is one-sided: past the cores, threads losing 3.5 % with an
 * interval that reaches below the margin is still no gain, so it holds. */
static void test_past_cores_loss(void) {
  static const cfg changed[] = {
      {"cpu.primes", "thread", 4, 196 * 0.965, wobbly, NAN, 0, NULL},
  };
  cfg rows[NTEXTBOOK];
  with(changed, 1, rows);
  tvp_run_folder run;
  char dir[32];
  load(rows, NTEXTBOOK, 7, dir, &run);
  tvp_claim c[TVP_NCLAIMS];
  evaluate(&run, NULL, 2, c);
  CHECK(strstr(c[6].evidence.data, "inconclusive: 4 threads/2 threads 0.9"));
  CHECK_EQ_INT(c[6].verdict, TVP_CLAIM_HOLDS);
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

/* Three repetitions cannot give a 95 % interval: every measured claim is
 * inconclusive for too few, whatever the numbers say. */
static void test_too_few(void) {
  tvp_run_folder run;
  char dir[32];
  load(textbook, NTEXTBOOK, 3, dir, &run);
  tvp_claim c[TVP_NCLAIMS];
  evaluate(&run, NULL, 2, c);
  CHECK_EQ_INT(c[0].verdict, TVP_CLAIM_HOLDS); /* the demonstration needs no repetitions */
  for (int i = 1; i < TVP_NCLAIMS; i++) {
    CHECK_EQ_INT(c[i].verdict, TVP_CLAIM_INCONCLUSIVE);
    CHECK_EQ_INT(c[i].why, TVP_CLAIM_WHY_TOO_FEW);
  }
  CHECK(strstr(c[2].evidence.data, "rests on 3 measurements, and 5 are needed"));
  CHECK_STR(tvp_claim_why_name(TVP_CLAIM_WHY_TOO_FEW), "too few repetitions");
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

/* A configuration whose every repetition was disturbed: its claims are
 * inconclusive, its section is the one to run again, and a rerun's rows,
 * when there is one, replace the first run's for that kernel. */
static void test_disturbed(void) {
  static const cfg changed[] = {{"cpu.primes", "fork", 2, 195, steady2, NAN, 1, NULL}};
  cfg rows[NTEXTBOOK];
  with(changed, 1, rows);
  tvp_run_folder run, rerun;
  char dir[32], dir2[32];
  load(rows, NTEXTBOOK, 7, dir, &run);
  CHECK_EQ_INT(tvp_claims_disturbed(&run), TVP_CLAIMS_CPU);
  /* One repetition left undisturbed is no reason to run again (reps_ok counts
   * the undisturbed ones): that claim is inconclusive for too few instead. */
  run.points[3].reps_ok = 1;
  CHECK_EQ_INT(tvp_claims_disturbed(&run), 0);
  run.points[3].reps_ok = 0;
  tvp_claim c[TVP_NCLAIMS];
  evaluate(&run, NULL, 2, c);
  for (int i = 1; i < TVP_NCLAIMS; i++)
    if (i == 1 || i == 2 || i == 5 || i == 6) { /* the claims on cpu.primes */
      CHECK_EQ_INT(c[i].verdict, TVP_CLAIM_INCONCLUSIVE);
      CHECK_EQ_INT(c[i].why, TVP_CLAIM_WHY_DISTURBED);
    }
  CHECK(strstr(c[2].evidence.data, "disturbed: the machine's own load"));
  for (int i = 0; i < TVP_NCLAIMS; i++)
    CHECK(!strstr(c[i].evidence.data, "nan"));
  CHECK(strstr(c[6].evidence.data, "(no pairs) with processes"));
  CHECK(!strstr(c[2].evidence.data, "second time"));
  CHECK_EQ_INT(c[3].verdict, TVP_CLAIM_HOLDS);
  tvp_claims_free(c);
  /* The rerun holds cpu.primes alone, undisturbed. */
  load(textbook, 6, 7, dir2, &rerun);
  evaluate(&run, &rerun, 2, c);
  CHECK_EQ_INT(c[2].verdict, TVP_CLAIM_HOLDS);
  CHECK(strstr(c[2].evidence.data, "cpu.primes was run a second time (rerun/)"));
  CHECK(!strstr(c[4].evidence.data, "second time"));
  CHECK_EQ_INT(c[3].verdict, TVP_CLAIM_HOLDS); /* io.sleep still from the first run */
  tvp_claims_free(c);
  tvp_run_folder_free(&rerun);
  tvp_run_folder_free(&run);
}

/* A row of an implausible point is no evidence: the claims that rest on it are
 * not measured, and say why. */
static void test_implausible(void) {
  tvp_run_folder run;
  char dir[32];
  load(textbook, NTEXTBOOK, 7, dir, &run);
  run.points[3].implausible = 1; /* cpu.primes fork at 2 */
  tvp_claim c[TVP_NCLAIMS];
  evaluate(&run, NULL, 2, c);
  CHECK_EQ_INT(c[1].verdict, TVP_CLAIM_UNKNOWN);
  CHECK(strstr(c[1].evidence.data, "marks implausible"));
  CHECK_EQ_INT(c[2].verdict, TVP_CLAIM_UNKNOWN);
  CHECK_EQ_INT(c[4].verdict, TVP_CLAIM_HOLDS);
  tvp_claims_free(c);
  tvp_run_folder_free(&run);
}

/* The Python contrast is reported beside claim 3, not judged. */
static void test_python(void) {
  static const cfg py[] = {
      {"py.cpu", "py-thread", 1, 50, NULL, NAN, 0, NULL},
      {"py.cpu", "py-process", 1, 50, steady2, NAN, 0, NULL},
      {"py.cpu", "py-thread", 2, 49, NULL, NAN, 0, NULL},
      {"py.cpu", "py-process", 2, 97, steady2, NAN, 0, NULL},
  };
  tvp_run_folder run, pyrun;
  char dir[32], dir2[32];
  load(textbook, NTEXTBOOK, 7, dir, &run);
  load(py, 4, 7, dir2, &pyrun);
  tvp_claims_input in = {.run = &run, .py = &pyrun, .cores = 2, .pus = 2, .child_write_seen = 0,
                         .thread_write_seen = 1};
  tvp_claim c[TVP_NCLAIMS];
  tvp_claims_evaluate(&in, c);
  CHECK_EQ_INT(c[2].verdict, TVP_CLAIM_HOLDS);
  CHECK(strstr(c[2].evidence.data, "0.98 times"));
  CHECK(strstr(c[2].evidence.data, "in Python the claim is false"));
  CHECK_STR(c[2].charts[1], "interplock.png");
  tvp_claims_free(c);
  tvp_run_folder_free(&pyrun);
  tvp_run_folder_free(&run);
}

static void test_names_and_demo(void) {
  CHECK_STR(tvp_claim_verdict_name(TVP_CLAIM_HOLDS), "holds");
  CHECK_STR(tvp_claim_verdict_name(TVP_CLAIM_FAILS), "does not hold");
  CHECK_STR(tvp_claim_verdict_name(TVP_CLAIM_CONDITIONAL), "holds only under a condition");
  CHECK_STR(tvp_claim_verdict_name(TVP_CLAIM_INCONCLUSIVE), "inconclusive");
  CHECK_STR(tvp_claim_why_name(TVP_CLAIM_WHY_DISTURBED), "disturbed");
  /* The real thing: on Linux a child's write stays in the child, a thread's does not. */
  int child = -1, thread = -1;
  CHECK_EQ_INT(tvp_claims_demonstrate(&child, &thread), 0);
  CHECK_EQ_INT(child, 0);
  CHECK_EQ_INT(thread, 1);
  /* The suite names every kernel the claims read, with 7 repetitions or more
   * (15 where a claim turns on a few percent); a rerun suite only the
   * sections asked for. */
  tvp_buf s = {0};
  tvp_claims_suite(0, TVP_CLAIMS_ALL, &s);
  CHECK(strstr(s.data, "cpu.primes") && strstr(s.data, "io.sleep") && strstr(s.data, "spawn.create") &&
        strstr(s.data, "os.mmap"));
  CHECK(strstr(s.data, "reps       7\n") && strstr(s.data, "reps       15\n"));
  CHECK(!strstr(s.data, "reps       1\n") && !strstr(s.data, "reps       2\n"));
  tvp_buf_free(&s);
  tvp_claims_suite(0, TVP_CLAIMS_CPU | TVP_CLAIMS_MM, &s);
  CHECK(strstr(s.data, "[cpu]") && strstr(s.data, "[mm]") && !strstr(s.data, "io.sleep") &&
        !strstr(s.data, "spawn.create"));
  tvp_buf_free(&s);
}

int main(void) {
  test_textbook();
  test_contrary();
  test_noise();
  test_past_cores_loss();
  test_too_few();
  test_disturbed();
  test_implausible();
  test_python();
  test_names_and_demo();
  if (check_failures)
    fprintf(stderr, "%d check(s) failed\n", check_failures);
  return check_failures ? 1 : 0;
}
