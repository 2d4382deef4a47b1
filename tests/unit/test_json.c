/* The JSON tvp writes: strings escaped whatever their bytes (base/json.h), the
 * strict check of a whole text, summary.json from summary.csv
 * (results/summary_json.h) and the Google Benchmark export of a run folder
 * with known answers (report/gbench.h). */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "check.h"
#include "report/gbench.h"
#include "results/results.h"
#include "results/run_folder.h"
#include "results/summary_json.h"

static char dir[64];

static void put(const char *name, const char *text) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  check_put_file(path, text);
}

/* s as a JSON string. */
static char *quoted(const char *s) {
  tvp_buf b = {0};
  tvp_json_str(&b, s);
  return b.data;
}

static void test_strings(void) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"plain", "\"plain\""},
      {"say \"hi\" \\ now", "\"say \\\"hi\\\" \\\\ now\""},
      {"tab\tline\nbell\a\x1b[2J", "\"tab\\u0009line\\u000abell\\u0007\\u001b[2J\""},
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""},
      /* A byte that starts no UTF-8 sequence: a lone byte, a cut sequence, an
       * overlong form, an encoded surrogate, past U+10FFFF. */
      {"a\xff" "b", "\"a\\udcffb\""},
      {"\xc3", "\"\\udcc3\""},
      {"\xc0\xaf", "\"\\udcc0\\udcaf\""},
      {"\xed\xa0\x80", "\"\\udced\\udca0\\udc80\""},
      {"\xf4\x90\x80\x80", "\"\\udcf4\\udc90\\udc80\\udc80\""},
      {"", "\"\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *q = quoted(cases[i].in);
    CHECK_STR(q, cases[i].out);
    CHECK(tvp_json_valid(q, strlen(q)));
    free(q);
  }
  char *q = quoted(NULL);
  CHECK_STR(q, "\"\"");
  free(q);
}

static void test_valid(void) {
  static const char *const good[] = {
      "{}", "[]", " {\"a\": [1, -2.5e-3, 0, true, false, null, \"x\"]}\n", "\"\\ud83d\\ude00\"", "0",
      "-0.5E+10", "{\"a\":{\"b\":[[],{}]}}", "\"caf\xc3\xa9\"",
  };
  static const char *const bad[] = {
      "", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1,]", "[01]", "[.5]", "[1.]", "[+1]", "[inf]", "[NaN]",
      "\"raw\ttab\"", "\"bad \\x escape\"", "\"\\u12\"", "\"\xff\"", "{a: 1}", "[1] [2]", "tru",
      "\"unterminated", "[1e]", "{\"a\": 1} x",
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    if (!tvp_json_valid(good[i], strlen(good[i]))) {
      fprintf(stderr, "valid JSON refused: %s\n", good[i]);
      check_failures++;
    }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (tvp_json_valid(bad[i], strlen(bad[i]))) {
      fprintf(stderr, "invalid JSON accepted: %s\n", bad[i]);
      check_failures++;
    }
  CHECK(!tvp_json_valid("[1]\0", 4)); /* a NUL is no white space */
  char deep[200];
  memset(deep, '[', 100);
  memset(deep + 100, ']', 100);
  CHECK(!tvp_json_valid(deep, sizeof deep)); /* deeper than 64 */
  CHECK(tvp_json_valid(deep + 40, 120));

  CHECK(tvp_json_is_number("3.5e-05") && tvp_json_is_number("-0") && tvp_json_is_number("1e+06"));
  CHECK(!tvp_json_is_number("") && !tvp_json_is_number("inf") && !tvp_json_is_number("nan") &&
        !tvp_json_is_number("0x10") && !tvp_json_is_number("1,5") && !tvp_json_is_number(" 1"));

  tvp_buf b = {0};
  tvp_json_double(&b, 0.1);
  tvp_buf_printf(&b, " ");
  tvp_json_double(&b, 1.0 / 3);
  tvp_buf_printf(&b, " ");
  tvp_json_double(&b, NAN);
  tvp_buf_printf(&b, " ");
  tvp_json_double(&b, -INFINITY);
  CHECK_STR(b.data, "0.1 0.3333333333333333 null null");
  tvp_buf_free(&b);
}

static void test_summary_json(void) {
  /* Every text column is one of summary.csv's. */
  size_t ntext = 0;
  for (int i = 0; tvp_summary_columns[i]; i++)
    ntext += (size_t)tvp_summary_column_is_text(tvp_summary_columns[i]);
  CHECK_EQ_INT(ntext, 12);

  put("summary.csv", "config,kernel,model,reason,workers,time_cv,checksum,odd\n"
                     "0,cpu.primes,thread,,2,3.5e-05,18446744073709551615,1.5\n"
                     "1,cpu.primes,fork,\"said \"\"no\"\", then\x01\xff\",4,,,n/a\n");
  put("meta.json", "{\n  \"state\": \"complete\",\n  \"x\": [1, 2]\n}\n");
  tvp_buf err = {0};
  CHECK_EQ_INT(tvp_summary_json_write(dir, &err), 0);
  char path[128];
  snprintf(path, sizeof path, "%s/summary.json", dir);
  tvp_csv_table t;
  char cerr[256];
  snprintf(path, sizeof path, "%s/summary.csv", dir);
  CHECK_EQ_INT(tvp_csv_table_read(path, &t, cerr, sizeof cerr), 0);
  tvp_buf out = {0};
  static const char meta[] = "{\n  \"state\": \"complete\",\n  \"x\": [1, 2]\n}\n";
  tvp_summary_json(&t, meta, strlen(meta), &out);
  CHECK(tvp_json_valid(out.data, out.len));
  CHECK_STR(out.data,
            "{\n  \"meta\": {\n    \"state\": \"complete\",\n    \"x\": [1, 2]\n  },\n"
            "  \"columns\": [\"config\", \"kernel\", \"model\", \"reason\", \"workers\", \"time_cv\", "
            "\"checksum\", \"odd\"],\n"
            "  \"configurations\": [\n"
            "    {\"config\": 0, \"kernel\": \"cpu.primes\", \"model\": \"thread\", \"reason\": null, "
            "\"workers\": 2, \"time_cv\": 3.5e-05, \"checksum\": \"18446744073709551615\", \"odd\": 1.5},\n"
            "    {\"config\": 1, \"kernel\": \"cpu.primes\", \"model\": \"fork\", \"reason\": "
            "\"said \\\"no\\\", then\\u0001\\udcff\", \"workers\": 4, \"time_cv\": null, \"checksum\": null, "
            "\"odd\": \"n/a\"}\n  ]\n}\n");
  /* The file tvp_summary_json_write wrote is the same text. */
  snprintf(path, sizeof path, "%s/summary.json", dir);
  FILE *f = fopen(path, "r");
  char file[2048] = "";
  size_t got = f ? fread(file, 1, sizeof file - 1, f) : 0;
  file[got] = '\0';
  if (f)
    fclose(f);
  CHECK_STR(file, out.data);
  /* A meta that is not JSON, or none, is null. */
  tvp_buf none = {0}, broken = {0};
  tvp_summary_json(&t, NULL, 0, &none);
  tvp_summary_json(&t, "{\"cut\": ", 8, &broken);
  CHECK(strncmp(none.data, "{\n  \"meta\": null,\n", 18) == 0 && tvp_json_valid(none.data, none.len));
  CHECK(strncmp(broken.data, "{\n  \"meta\": null,\n", 18) == 0 && tvp_json_valid(broken.data, broken.len));
  tvp_buf_free(&none);
  tvp_buf_free(&broken);
  tvp_buf_free(&out);
  tvp_buf_free(&err);
  tvp_csv_table_free(&t);
  put("summary.json", NULL);
}

/* The number after "key": in the entry that anchor starts, or NaN. */
static double field(const char *hay, const char *anchor, const char *key) {
  const char *a = strstr(hay, anchor), *end = a ? strstr(a, "}") : NULL;
  char k[64];
  snprintf(k, sizeof k, "\"%s\": ", key);
  const char *v = a ? strstr(a, k) : NULL;
  return v && v < end ? strtod(v + strlen(k), NULL) : NAN;
}

/* Occurrences of needle in hay. */
static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
    n++;
  return n;
}

static void test_gbench(void) {
  /* Config 0: a warm-up, an attempt-1 repetition and, of attempt 2, three
   * counted ones (0.1, 0.2 and 0.3 s), a disturbed and a failed one. Config 1
   * (mem.triad, B/s) failed. */
  put("summary.csv",
      "config,kernel,model,placement,scaling,workers,units_requested,duration_s,status,reason,reps,"
      "reps_ok,throughput_unit\n"
      "0,cpu.primes,thread,core,strong,2,1000,,ok,,3,3,numbers/s\n"
      "1,mem.triad,fork,core,weak,1,64,,failed,\"worker 0 \"\"died\"\"\",3,0,B/s\n");
  put("runs.csv",
      "config,rep,warmup,attempt,status,wall_s,user_s,sys_s,throughput,throughput_unit,disturbed\n"
      "0,0,1,1,ok,9,9,0,1,numbers/s,0\n"
      "0,0,0,1,ok,8,8,0,1,numbers/s,0\n"
      "0,0,0,2,ok,0.3,0.5,0.1,10,numbers/s,0\n"
      "0,1,0,2,ok,0.1,0.25,0.05,30,numbers/s,0\n"
      "0,2,0,2,ok,5,5,0,5,numbers/s,1\n"
      "0,3,0,2,failed,,,,,,\n"
      "0,4,0,2,ok,0.2,0.3,0,20,numbers/s,0\n"
      "1,0,0,1,failed,,,,,,\n");
  put("meta.json", "{\"start_time_utc\": \"2026-01-02T03:04:05Z\", \"host\": \"h\\\"1\", \"pus\": 4,"
                   " \"command_line\": [\"/x/tvp\", \"run\"], \"caches\": [{\"type\": \"L1d\", \"level\": 1,"
                   " \"size_bytes\": 32768, \"line_bytes\": 64, \"count\": 4}, {\"type\": \"L3\", \"level\": 3,"
                   " \"size_bytes\": 8388608, \"line_bytes\": 64, \"count\": 1}], \"environment\":"
                   " {\"cpu_governors\": [\"performance\", \"powersave\"], \"load_average_start\": [0.5, 1, 2]}}");
  tvp_run_folder f;
  tvp_buf err = {0}, out = {0};
  CHECK_EQ_INT(tvp_run_folder_read(&f, dir, TVP_RUN_RUNS | TVP_RUN_META, &err), 0);
  CHECK_EQ_INT(tvp_gbench_export(&f, "ms", &out, &err), 0);
  CHECK(tvp_json_valid(out.data, out.len));
  const char *o = out.data ? out.data : "";
  CHECK(strstr(o, "\"date\": \"2026-01-02T03:04:05+00:00\"") && strstr(o, "\"host_name\": \"h\\\"1\"") &&
        strstr(o, "\"executable\": \"/x/tvp\"") && strstr(o, "\"num_cpus\": 4,") &&
        strstr(o, "\"cpu_scaling_enabled\": true") && strstr(o, "\"load_avg\": [0.5, 1, 2]"));
  CHECK(strstr(o, "{\"type\": \"Data\", \"level\": 1, \"size\": 32768, \"num_sharing\": 1}") &&
        strstr(o, "{\"type\": \"Unified\", \"level\": 3, \"size\": 8388608, \"num_sharing\": 4}"));
  /* Three counted repetitions, in runs.csv's order, and the four aggregates. */
  CHECK_EQ_INT(count(o, "\"run_type\": \"iteration\""), 4);
  CHECK_EQ_INT(count(o, "\"run_type\": \"aggregate\""), 4);
  CHECK_EQ_INT(count(o, "\"run_name\": \"cpu.primes/model:thread/placement:core/scaling:strong/workers:2/size:1000\""), 7);
  CHECK(strstr(o, "\"repetition_index\": 0,\n      \"threads\": 2,\n      \"iterations\": 1,\n"
                  "      \"real_time\": 300,\n      \"cpu_time\": 600,\n      \"time_unit\": \"ms\",\n"
                  "      \"items_per_second\": 10\n"));
  CHECK(strstr(o, "\"repetition_index\": 2,\n      \"threads\": 2,\n      \"iterations\": 1,\n"
                  "      \"real_time\": 200,\n      \"cpu_time\": 300,"));
  CHECK(strstr(o, "\"name\": \"cpu.primes/model:thread/placement:core/scaling:strong/workers:2/size:1000_mean\""));
  /* The aggregates, as Google Benchmark computes them: cpu times 600, 300, 300. */
  CHECK_NEAR(field(o, "\"aggregate_name\": \"mean\"", "real_time"), 200, 1e-9);
  CHECK_NEAR(field(o, "\"aggregate_name\": \"mean\"", "cpu_time"), 400, 1e-9);
  CHECK_NEAR(field(o, "\"aggregate_name\": \"mean\"", "items_per_second"), 20, 1e-9);
  CHECK_NEAR(field(o, "\"aggregate_name\": \"median\"", "real_time"), 200, 1e-9);
  CHECK_NEAR(field(o, "\"aggregate_name\": \"median\"", "cpu_time"), 300, 1e-9);
  CHECK_NEAR(field(o, "\"aggregate_name\": \"stddev\"", "real_time"), 100, 1e-9);
  CHECK_NEAR(field(o, "\"aggregate_name\": \"stddev\"", "cpu_time"), sqrt(30000), 1e-9);
  CHECK_NEAR(field(o, "\"aggregate_name\": \"cv\"", "real_time"), 0.5, 1e-12);
  CHECK_NEAR(field(o, "\"aggregate_name\": \"cv\"", "items_per_second"), 0.5, 1e-12);
  CHECK(strstr(o, "\"aggregate_name\": \"mean\",\n      \"aggregate_unit\": \"time\",\n      \"iterations\": 3,"));
  CHECK(strstr(o, "\"aggregate_name\": \"cv\",\n      \"aggregate_unit\": \"percentage\",\n      \"iterations\": 3,"));
  /* The failed configuration: one entry with its reason, in family 1. */
  CHECK(strstr(o, "\"name\": \"mem.triad/model:fork/placement:core/scaling:weak/workers:1/size:64\",\n"
                  "      \"family_index\": 1,\n      \"per_family_instance_index\": 0,"));
  CHECK(strstr(o, "\"error_occurred\": true,\n      \"error_message\": \"worker 0 \\\"died\\\"\",\n"
                  "      \"iterations\": 0,\n      \"real_time\": 0,\n      \"cpu_time\": 0,\n"
                  "      \"time_unit\": \"ms\"\n    }"));
  tvp_buf_free(&out);
  /* In microseconds, the times are a thousand times larger; a cv is not. */
  CHECK_EQ_INT(tvp_gbench_export(&f, "us", &out, &err), 0);
  CHECK(out.data && strstr(out.data, "\"real_time\": 300000,"));
  CHECK_NEAR(field(out.data ? out.data : "", "\"aggregate_name\": \"cv\"", "real_time"), 0.5, 1e-12);
  tvp_buf_free(&out);
  tvp_run_folder_free(&f);
  /* A runs.csv without wall_s cannot be exported; the error names the column. */
  put("runs.csv", "config,rep,warmup,status,user_s,sys_s\n0,0,0,ok,1,0\n");
  CHECK_EQ_INT(tvp_run_folder_read(&f, dir, TVP_RUN_RUNS | TVP_RUN_META, &err), 0);
  CHECK_EQ_INT(tvp_gbench_export(&f, "ms", &out, &err), -1);
  CHECK(err.data && strstr(err.data, "runs.csv has no column 'wall_s'"));
  tvp_run_folder_free(&f);
  tvp_buf_free(&out);
  tvp_buf_free(&err);
  CHECK(tvp_gbench_per_second("us") == 1e6 && tvp_gbench_per_second("s") == 1 &&
        tvp_gbench_per_second("min") == 0 && tvp_gbench_per_second(NULL) == 0);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/tvp-test-json-XXXXXX");
  CHECK(mkdtemp(dir) != NULL);
  test_strings();
  test_valid();
  test_summary_json();
  test_gbench();
  put("summary.csv", NULL);
  put("runs.csv", NULL);
  put("meta.json", NULL);
  rmdir(dir);
  CHECK_DONE();
}
