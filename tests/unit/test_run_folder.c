/* The run folder reader on small folders written here, and the chart kinds
 * table against the scripts in plots/ and the columns tvp writes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "results/chart_kinds.h"
#include "results/run_folder.h"

static char dir[64];

static void put(const char *name, const char *text) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  check_put_file(path, text);
}

/* Two ok configurations with one warm-up each, and a failed one; no chunk_items
 * column, as in runs from before it. */
static const char summary[] =
    "config,kernel,model,placement,scaling,workers,units_requested,footprint_bytes,status,reason,"
    "reps,reps_ok,throughput_median,throughput_ci95_low,throughput_ci95_high,throughput_unit,"
    "time_median_s,time_ci95_low_s,time_ci95_high_s,ratio_vs_thread,pss_kib_median,bound\n"
    "0,cpu.primes,thread,core,strong,2,5000,,ok,,3,3,200,190,210,numbers/s,0.5,0.4,0.6,1,,cpu\n"
    "1,cpu.primes,fork,core,strong,2,5000,,ok,,3,3,180,170,190,numbers/s,0.6,0.5,0.7,0.9,2048,cpu\n"
    "2,io.sleep,fork,core,strong,x,5000,4096,failed,oom,3,0,,,,sleeps/s,,,,,,io\n";
static const char runs[] =
    "config,rep,warmup,status,throughput,throughput_unit\n"
    "0,0,1,ok,150,numbers/s\n0,1,0,ok,200,numbers/s\n0,2,0,ok,,numbers/s\n"
    "1,0,1,ok,140,numbers/s\n1,1,0,ok,180,numbers/s\n"
    "2,0,,failed,,sleeps/s\n";

static void test_typed_rows(void) {
  put("summary.csv", summary);
  put("runs.csv", runs);
  put("meta.json", "{\"cores\": 2, \"suite\": \"x.suite\"}\n");
  tvp_run_folder f;
  tvp_buf err = {0};
  CHECK_EQ_INT(tvp_run_folder_read(&f, dir, TVP_RUN_RUNS | TVP_RUN_META, &err), 0);
  CHECK_EQ_INT(f.npoints, 3);
  const tvp_point *p = &f.points[1];
  CHECK_STR(p->config, "1");
  CHECK_STR(p->model, "fork");
  CHECK_EQ_INT(p->workers, 2);
  CHECK_STR(p->dim[TVP_DIM_CHUNK], ""); /* no such column */
  CHECK_STR(p->dim[TVP_DIM_FOOTPRINT], "");
  CHECK_NEAR(p->tp_median, 180, 1e-9);
  CHECK_NEAR(p->time_ci_high_s, 0.7, 1e-9);
  CHECK_NEAR(p->pss_kib_median, 2048, 1e-9);
  CHECK(isnan(f.points[0].pss_kib_median)); /* empty */
  CHECK(isnan(f.points[0].speedup));        /* no such column */
  CHECK_EQ_INT(f.points[2].workers, 0);     /* not a count */
  CHECK_STR(f.points[2].reason, "oom");
  CHECK_STR(f.points[2].dim[TVP_DIM_FOOTPRINT], "4096");
  CHECK_EQ_INT(f.nreps, 6);
  CHECK_EQ_INT(f.reps[0].warmup, 1);
  CHECK_EQ_INT(f.reps[1].warmup, 0);
  CHECK_EQ_INT(f.reps[5].warmup, -1);
  CHECK(isnan(f.reps[2].throughput));
  CHECK_EQ_INT(f.reps[4].rep, 1);
  CHECK(f.have_meta);
  CHECK_STR(tvp_meta_get(&f.meta, "cores"), "2");
  /* The failed configuration says nothing of the warm-ups planned. */
  CHECK_EQ_INT(tvp_run_folder_warmups(&f), 1);
  CHECK_EQ_INT(tvp_run_folder_need(&f, 0, "throughput_median", &err), 0);
  CHECK_EQ_INT(tvp_run_folder_need(&f, 1, "checksum", &err), -1);
  char want[128];
  snprintf(want, sizeof want, "%s/runs.csv has no column 'checksum'", dir);
  CHECK_STR(err.data, want);
  tvp_buf_free(&err);
  tvp_run_folder_free(&f);
}

static void test_warmups_and_optional_files(void) {
  put("summary.csv", summary);
  put("runs.csv", "config,rep,warmup,status,throughput,throughput_unit\n0,0,1,ok,1,u\n0,1,1,ok,1,u\n"
                  "1,0,1,ok,1,u\n");
  put("meta.json", NULL);
  tvp_run_folder f;
  tvp_buf err = {0};
  CHECK_EQ_INT(tvp_run_folder_read(&f, dir, TVP_RUN_RUNS_IF_ANY | TVP_RUN_META, &err), 0);
  CHECK_EQ_INT(tvp_run_folder_warmups(&f), -2); /* 2 against 1 */
  CHECK(!f.have_meta && f.meta_err.data && strstr(f.meta_err.data, "meta.json"));
  tvp_run_folder_free(&f);
  /* Without runs.csv: optional, then the warm-ups are not known; required, an error naming it. */
  put("runs.csv", NULL);
  CHECK_EQ_INT(tvp_run_folder_read(&f, dir, TVP_RUN_RUNS_IF_ANY, &err), 0);
  CHECK(!f.have_runs && f.nreps == 0);
  CHECK_EQ_INT(tvp_run_folder_warmups(&f), -1);
  tvp_run_folder_free(&f);
  CHECK_EQ_INT(tvp_run_folder_read(&f, dir, TVP_RUN_RUNS, &err), -1);
  CHECK(err.data && strstr(err.data, "runs.csv") && !strchr(err.data, '\n'));
  tvp_buf_free(&err);
  put("summary.csv", NULL);
  CHECK_EQ_INT(tvp_run_folder_read(&f, dir, 0, &err), -1);
  CHECK(err.data && strstr(err.data, "summary.csv"));
  tvp_buf_free(&err);
}

/* A nested object (meta.json's environment) read as keys named by their path:
 * null as absent, an array as its items joined; the keys after it still read. */
static void test_meta_nested(void) {
  put("meta.json", "{\"cores\": 2,\n"
                   "  \"environment\": {\"thp_enabled\": \"madvise\", \"cpu_boost\": null,\n"
                   "    \"cpu_governors\": [\"performance\", \"powersave\"], \"cgroup_version\": 2,\n"
                   "    \"load_average_start\": [0.52, 0.58, 0.59], \"empty\": {}, \"none\": [],\n"
                   "    \"mitigations\": {\"l1tf\": \"Not affected\", \"mds\": null}},\n"
                   "  \"state\": \"complete\"}\n");
  char path[128];
  snprintf(path, sizeof path, "%s/meta.json", dir);
  tvp_meta_doc m;
  tvp_buf err = {0};
  CHECK_EQ_INT(tvp_meta_read(path, &m, &err), 0);
  CHECK_STR(tvp_meta_get(&m, "environment.thp_enabled"), "madvise");
  CHECK(tvp_meta_get(&m, "environment.cpu_boost") == NULL);
  CHECK_STR(tvp_meta_get(&m, "environment.cpu_governors"), "performance, powersave");
  CHECK_STR(tvp_meta_get(&m, "environment.cgroup_version"), "2");
  CHECK_STR(tvp_meta_get(&m, "environment.load_average_start"), "0.52, 0.58, 0.59");
  CHECK_STR(tvp_meta_get(&m, "environment.none"), "");
  CHECK_STR(tvp_meta_get(&m, "environment.mitigations.l1tf"), "Not affected");
  CHECK(tvp_meta_get(&m, "environment.mitigations.mds") == NULL);
  CHECK_STR(tvp_meta_get(&m, "state"), "complete");
  CHECK_STR(tvp_meta_get(&m, "cores"), "2");
  tvp_meta_doc_free(&m);
  /* Nesting past any tvp writes is malformed, and what came before it is kept. */
  put("meta.json", "{\"cores\": 2, \"environment\": {\"a\": {\"b\": {\"c\": {\"d\": {\"e\": "
                   "{\"f\": {\"g\": {\"h\": {\"i\": 1}}}}}}}}}}\n");
  CHECK_EQ_INT(tvp_meta_read(path, &m, &err), -1);
  CHECK(err.data && strstr(err.data, "not valid JSON"));
  CHECK_STR(tvp_meta_get(&m, "cores"), "2");
  tvp_meta_doc_free(&m);
  tvp_buf_free(&err);
}

/* Every chart kind has its script, which reads the columns the row names, and
 * tvp writes those columns. */
static void test_chart_kinds(void) {
  char path[4096], header[4096] = "";
  snprintf(path, sizeof path, "%s/../tests/fixtures/plot-chunk/summary.csv", TVP_PLOTS_DIR_DEFAULT);
  FILE *f = fopen(path, "r");
  CHECK(f && fgets(header, sizeof header, f));
  if (f)
    fclose(f);
  for (size_t i = 0; i < tvp_nchart_kinds; i++) {
    const tvp_chart_kind *k = &tvp_chart_kinds[i];
    CHECK(tvp_chart_kind_find(k->name) == k);
    snprintf(path, sizeof path, "%s/%s", TVP_PLOTS_DIR_DEFAULT, k->script);
    static char text[1 << 16];
    FILE *g = fopen(path, "r");
    size_t n = g ? fread(text, 1, sizeof text - 1, g) : 0;
    text[n] = '\0';
    if (g)
      fclose(g);
    if (!g)
      fprintf(stderr, "no script %s for chart %s\n", path, k->name);
    CHECK(n > 0);
    char cols[512], quoted[128], listed[130];
    snprintf(cols, sizeof cols, "%s", k->columns);
    for (char *c = strtok(cols, " "); c; c = strtok(NULL, " ")) {
      snprintf(quoted, sizeof quoted, "\"%s\"", c);
      snprintf(listed, sizeof listed, ",%s,", c);
      char line[4200];
      snprintf(line, sizeof line, ",%.*s,", (int)strcspn(header, "\r\n"), header);
      if (!strstr(text, quoted) || !strstr(line, listed))
        fprintf(stderr, "chart %s: column %s not read by %s or not written by tvp\n", k->name, c,
                k->script);
      CHECK(strstr(text, quoted) && strstr(line, listed));
    }
  }
  CHECK(tvp_chart_kind_find("nope") == NULL);
  const tvp_chart_kind *message = tvp_chart_kind_find("message");
  CHECK(message && message->per_kernel && tvp_chart_kind_fits(message, "net.pingpong"));
  CHECK(message && !tvp_chart_kind_fits(message, "cpu.primes"));
  CHECK(tvp_chart_kind_fits(tvp_chart_kind_find("speedup"), "cpu.primes"));
  tvp_buf stem = {0};
  tvp_chart_stem(tvp_chart_kind_find("speedup"), "cpu.primes", "core", &stem);
  CHECK_STR(stem.data, "speedup-cpu.primes-core");
  tvp_buf_free(&stem);
  tvp_chart_stem(tvp_chart_kind_find("overview"), NULL, NULL, &stem);
  CHECK_STR(stem.data, "overview");
  tvp_buf_free(&stem);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/tvp-test-run-folder-XXXXXX");
  CHECK(mkdtemp(dir) != NULL);
  test_typed_rows();
  test_warmups_and_optional_files();
  test_meta_nested();
  put("runs.csv", NULL);
  put("meta.json", NULL);
  rmdir(dir);
  test_chart_kinds();
  return check_failures ? 1 : 0;
}
