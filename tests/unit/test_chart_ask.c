/* The answers to the chart scripts' questions (report/chart_ask.h) on a small
 * summary.csv, each the text the scripts' awk queries gave for it before tvp
 * answered them: the series and their order, variants and their labels, the
 * settings spelt as the command line spells them, failed rows, the x-axis
 * column; and the table of the questions each chart script asks
 * (report/chart_answers.h) covering every chart kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "report/chart_answers.h"
#include "report/chart_ask.h"
#include "results/chart_kinds.h"

/* cpu.primes at two placements, one failed row with a quoted comma in its
 * reason; mem.triad at two footprints under spawn and mpi; spawn.cow's bars. */
static const char summary[] =
    "config,kernel,model,placement,scaling,workers,units_requested,footprint_bytes,chunk_items,duration_s,status,reason,throughput_median,throughput_unit,speedup,ratio_vs_thread\n"
    "0,cpu.primes,thread,core,strong,1,20000,,,,ok,,100,numbers/s,1,\n"
    "1,cpu.primes,fork,core,strong,1,20000,,,,ok,,90,numbers/s,1,0.9\n"
    "2,cpu.primes,thread,core,strong,2,20000,,,,ok,,190,numbers/s,1.9,\n"
    "3,cpu.primes,fork,core,strong,2,20000,,,,ok,,170,numbers/s,1.89,0.895\n"
    "4,cpu.primes,thread,pu,strong,2,20000,,,,ok,,180,numbers/s,1.8,\n"
    "5,cpu.primes,fork,pu,strong,4,20000,,,,failed,\"oom, twice\",,numbers/s,,\n"
    "6,mem.triad,spawn,core,weak,1,1000000,1048576,,,ok,,5e9,B/s,1,1.25\n"
    "7,mem.triad,mpi,core,weak,1,1000000,1048576,,,ok,,4e9,B/s,1,1.5\n"
    "8,mem.triad,spawn,core,weak,2,1000000,4096,,,ok,,9e9,B/s,1.8,1.2\n"
    "9,spawn.cow,thread,core,strong,1,1500,268435456,,,ok,,12000,children/s,1,\n"
    "10,spawn.cow,fork,core,strong,1,1500,268435456,,,failed,boom,,children/s,,\n"
    "11,spawn.cow,fork,core,strong,1,1500,4096,,,ok,,3000,children/s,1,0.25\n";

static tvp_csv_table table;

#define KS "cpu.primes mem.triad spawn.cow"

/* The answer to what of only under the filters given (the rest ""). */
static void expect(const char *what, const char *only, const char *ks, const char *ms, const char *xm,
                   const char *need, const char *wmin, const char *wmax, const char *pre, const char *col,
                   const char *pl, const char *xd, const char *want) {
  tvp_chart_question q = {.what = what, .only = only, .ks = ks, .ms = ms, .xm = xm, .need = need,
                          .wmin = wmin, .wmax = wmax, .pre = pre, .col = col, .pl = pl, .sc = "", .xd = xd};
  tvp_buf got = {0};
  tvp_chart_ask(&table, &q, &got);
  if (strcmp(got.data, want) != 0) {
    fprintf(stderr, "%s of '%s': got\n  [%s]\nwanted\n  [%s]\n", what, only, got.data, want);
    check_failures++;
  }
  tvp_buf_free(&got);
}

static void test_series(void) {
  /* Threads first, then fork; a placement that varies makes variants. */
  expect("series", "cpu.primes", "cpu.primes", "", "", "speedup", "", "", "", "", "", "",
         "thread|core|strong|20000||| thread 1 \"placement core\" thread|pu|strong|20000||| thread 2 "
         "\"placement pu\" fork|core|strong|20000||| fork 1 \"placement core\" ");
  expect("series", "", KS, "", "", "", "", "", "", "", "", "",
         "thread|core|strong|20000||| thread 1 \"placement core, default footprint\" "
         "thread|pu|strong|20000||| thread 2 \"placement pu, default footprint\" "
         "thread|core|strong|1500|268435456|| thread 5 \"placement core, footprint 256 MiB\" "
         "fork|core|strong|20000||| fork 1 \"placement core, default footprint\" "
         "fork|core|strong|1500|4096|| fork 4 \"placement core, footprint 4 KiB\" "
         "spawn|core|weak|1000000|1048576|| spawn 3 \"placement core, footprint 1 MiB\" "
         "spawn|core|weak|1000000|4096|| spawn 4 \"placement core, footprint 4 KiB\" "
         "mpi|core|weak|1000000|1048576|| mpi 3 \"placement core, footprint 1 MiB\" ");
  expect("variants", "", KS, "", "", "", "", "", "", "", "", "",
         "\"placement core, default footprint\" \"placement pu, default footprint\" "
         "\"placement core, footprint 1 MiB\" \"placement core, footprint 4 KiB\" "
         "\"placement core, footprint 256 MiB\" ");
  /* With the message size on the x axis, the worker count splits the series. */
  expect("dims", "", KS, "", "", "", "", "", "", "", "", "footprint_bytes",
         "workers placement scaling units_requested chunk_items duration_s ");
  expect("series", "mem.triad", KS, "", "", "", "", "", "", "", "", "footprint_bytes",
         "spawn|1|core|weak|1000000|| spawn 1 \"1 worker, placement core\" spawn|2|core|weak|1000000|| "
         "spawn 2 \"2 workers, placement core\" mpi|1|core|weak|1000000|| mpi 1 \"1 worker, placement core\" ");
}

static void test_rows_and_bars(void) {
  expect("rows", "", KS, "", "thread", "ratio_vs_thread", "", "", "", "", "", "",
         "cpu.primes|fork|core|strong|20000||| \"cpu.primes, fork\" "
         "mem.triad|spawn|core|weak|1000000|1048576|| \"mem.triad, spawn, footprint 1 MiB\" "
         "mem.triad|spawn|core|weak|1000000|4096|| \"mem.triad, spawn, footprint 4 KiB\" "
         "mem.triad|mpi|core|weak|1000000|1048576|| \"mem.triad, mpi, footprint 1 MiB\" "
         "spawn.cow|fork|core|strong|1500|4096|| \"spawn.cow, fork\" ");
  /* A tic label's lines are the two characters \n, for gnuplot to read. */
  expect("bars", "", KS, "", "", "throughput_median", "", "1", "spawn.", "", "", "",
         "spawn.cow|thread|core|strong|1500|268435456|| 1 thread \"spawn.cow\\nfootprint 256 MiB\" "
         "spawn.cow|fork|core|strong|1500|4096|| 2 fork \"spawn.cow\\nfootprint 4 KiB\" ");
  expect("failedbars", "", KS, "", "", "throughput_median", "", "1", "spawn.", "", "", "", "1");
}

static void test_counts(void) {
  expect("failed", "", KS, "", "", "", "", "", "", "", "", "", "2");
  expect("failed", "cpu.primes", KS, "", "", "", "", "", "", "", "", "", "1");
  expect("count", "", KS, "thread fork", "", "speedup", "2", "", "", "", "", "", "3");
  expect("minmax", "", KS, "", "", "", "", "", "", "throughput_median", "", "", "90 9e+09");
  expect("workers", "", KS, "", "", "", "", "", "", "", "", "", "1 2 ");
  expect("models", "", KS, "", "", "", "", "", "", "", "", "", "thread fork spawn mpi ");
  expect("values", "mem.triad", KS, "", "", "", "", "", "", "footprint_bytes", "", "", "4096 1048576 ");
  expect("unit", "spawn.cow", KS, "", "", "", "", "", "", "", "", "", "children/s");
  expect("hascol", "", "", "", "", "", "", "", "", "pss_kib_median", "", "", "0");
  expect("kernels", "", "", "", "", "", "", "", "", "", "", "", "cpu.primes mem.triad spawn.cow ");
  /* The settings every row shares: the size as the command line spells it. */
  expect("context", "mem.triad", KS, "", "", "", "", "", "", "", "", "", "placement core, weak scaling, size 1M");
  expect("context", "cpu.primes", "cpu.primes", "", "", "", "", "", "", "", "core", "",
         "placement core, strong scaling, size 20k");
}

/* Every chart kind's script has its questions listed, and its answers are
 * delimited as common.gp looks them up. */
static void test_answers(void) {
  for (size_t i = 0; i < tvp_nchart_kinds; i++)
    if (!tvp_chart_answers_known(tvp_chart_kinds[i].script)) {
      fprintf(stderr, "no questions listed for %s\n", tvp_chart_kinds[i].script);
      check_failures++;
    }
  CHECK(!tvp_chart_answers_known("nosuch.gp"));
  tvp_chart_scope scope = {.ks = "cpu.primes", .placement = "core", .scaling = ""};
  tvp_buf a = {0};
  tvp_chart_answers(&table, "speedup.gp", &scope, &a);
  CHECK(a.len > 0 && a.data[0] == TVP_ANSWER_START && a.data[a.len - 1] == TVP_ANSWER_START);
  CHECK(strstr(a.data, "\036series|cpu.primes|cpu.primes|||speedup|||||core||\037thread|core|") != NULL);
  CHECK(strstr(a.data, "\036models|cpu.primes|cpu.primes||||||||core||\037thread fork \036") != NULL);
  CHECK(strchr(a.data, '\n') == NULL);
  tvp_buf_free(&a);
}

int main(void) {
  char dir[] = "/tmp/tvp-test-chart-ask-XXXXXX", path[128], err[256];
  CHECK(mkdtemp(dir) != NULL);
  snprintf(path, sizeof path, "%s/summary.csv", dir);
  check_put_file(path, summary);
  if (tvp_csv_table_read(path, &table, err, sizeof err) != 0) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  test_series();
  test_rows_and_bars();
  test_counts();
  test_answers();
  tvp_csv_table_free(&table);
  unlink(path);
  rmdir(dir);
  CHECK_DONE();
}
