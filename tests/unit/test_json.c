/* The JSON tvp writes: strings escaped whatever their bytes (base/json.h), and
 * the strict check of a whole text. */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "check.h"

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

int main(void) {
  test_strings();
  test_valid();
  CHECK_DONE();
}
