/* The JSON tvp writes: strings escaped whatever their bytes (base/json.h), the
 * strict check of a whole text, and summary.json from summary.csv
 * (results/summary_json.h). */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "check.h"
#include "results/results.h"
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

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/tvp-test-json-XXXXXX");
  CHECK(mkdtemp(dir) != NULL);
  test_strings();
  test_valid();
  test_summary_json();
  put("summary.csv", NULL);
  put("meta.json", NULL);
  rmdir(dir);
  CHECK_DONE();
}
