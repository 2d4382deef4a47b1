/* CSV writer and reader: quoting, number formatting, the single-write row, and
 * a writer-to-reader round trip over fields built to break naive CSV code. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "base/csv.h"

static const char *row_of_str(tvp_csv_row *r, const char *s) {
  tvp_csv_row_reset(r);
  tvp_csv_str(r, s);
  return r->buf;
}

static void test_quoting(void) {
  tvp_csv_row r;
  tvp_csv_row_init(&r);
  CHECK_STR(row_of_str(&r, "plain text"), "plain text");
  CHECK_STR(row_of_str(&r, "a,b"), "\"a,b\"");
  CHECK_STR(row_of_str(&r, "say \"hi\""), "\"say \"\"hi\"\"\"");
  CHECK_STR(row_of_str(&r, "\""), "\"\"\"\"");
  CHECK_STR(row_of_str(&r, "two\nlines"), "\"two\nlines\"");
  CHECK_STR(row_of_str(&r, "cr\rhere"), "\"cr\rhere\"");
  CHECK_STR(row_of_str(&r, " spaces stay "), " spaces stay ");

  tvp_csv_row_reset(&r);
  tvp_csv_str(&r, NULL);
  tvp_csv_str(&r, "");
  tvp_csv_empty(&r);
  tvp_csv_str(&r, "x");
  CHECK_STR(r.buf, ",,,x");
  CHECK_EQ_INT(r.ncols, 4);
  tvp_csv_row_free(&r);
}

static void test_numbers(void) {
  tvp_csv_row r;
  tvp_csv_row_init(&r);
  tvp_csv_int(&r, INT64_MIN);
  tvp_csv_int(&r, INT64_MAX);
  tvp_csv_int(&r, 0);
  tvp_csv_uint(&r, UINT64_MAX);
  tvp_csv_uint(&r, 0);
  CHECK_STR(r.buf, "-9223372036854775808,9223372036854775807,0,18446744073709551615,0");

  tvp_csv_row_reset(&r);
  tvp_csv_double(&r, 0.1, 6);
  tvp_csv_double(&r, 1.0 / 3, 17);
  tvp_csv_double(&r, 1234567, 3);
  tvp_csv_double(&r, -2.5, 6);
  tvp_csv_double(&r, 1e300, 6);
  tvp_csv_double(&r, -0.0, 6);
  tvp_csv_double(&r, 0.0, 6);
  CHECK_STR(r.buf, "0.1,0.33333333333333331,1.23e+06,-2.5,1e+300,0,0");

  tvp_csv_row_reset(&r);
  tvp_csv_double(&r, NAN, 6);
  tvp_csv_double(&r, INFINITY, 6);
  tvp_csv_double(&r, -INFINITY, 6);
  tvp_csv_double(&r, 7, 6);
  CHECK_STR(r.buf, ",,,7");
  CHECK_EQ_INT(r.ncols, 4);

  /* Out-of-range precision is clamped to 1..17 rather than trusted. */
  tvp_csv_row_reset(&r);
  tvp_csv_double(&r, 2.75, 0);
  tvp_csv_double(&r, 0.1, 40);
  CHECK_STR(r.buf, "3,0.10000000000000001");
  tvp_csv_row_free(&r);
}

static void test_reset_keeps_memory(void) {
  tvp_csv_row r;
  tvp_csv_row_init(&r);
  tvp_csv_str(&r, "something");
  char *buf = r.buf;
  tvp_csv_row_reset(&r);
  CHECK(r.buf == buf);
  CHECK_EQ_INT(r.len, 0);
  CHECK_EQ_INT(r.ncols, 0);
  tvp_csv_str(&r, "y");
  CHECK_STR(r.buf, "y");
  tvp_csv_row_free(&r);
  CHECK(r.buf == NULL);
}

/* Reads everything available from fd (a pipe whose writer is closed, or a file). */
static size_t slurp(int fd, char *out, size_t cap) {
  size_t n = 0;
  ssize_t got;
  while (n < cap - 1 && (got = read(fd, out + n, cap - 1 - n)) > 0) n += (size_t)got;
  out[n] = '\0';
  return n;
}

static void test_write_pipe(void) {
  int fds[2];
  CHECK(pipe(fds) == 0);
  const char *cols[] = {"cell", "wall_s", "note", NULL};
  CHECK_EQ_INT(tvp_csv_write_header(fds[1], cols), 0);

  tvp_csv_row r;
  tvp_csv_row_init(&r);
  tvp_csv_str(&r, "threads,4");
  tvp_csv_double(&r, 0.125, 6);
  tvp_csv_str(&r, "said \"ok\"\nthen left");
  CHECK_EQ_INT(tvp_csv_row_write(fds[1], &r), 0);
  CHECK_EQ_INT(r.len, 0); /* reset after writing */
  CHECK_EQ_INT(r.ncols, 0);
  tvp_csv_int(&r, -1);
  CHECK_EQ_INT(tvp_csv_row_write(fds[1], &r), 0);
  close(fds[1]);

  char got[512];
  slurp(fds[0], got, sizeof got);
  close(fds[0]);
  CHECK_STR(got, "cell,wall_s,note\n"
                 "\"threads,4\",0.125,\"said \"\"ok\"\"\nthen left\"\n"
                 "-1\n");

  /* A failed write reports -1 with errno and still resets the row. */
  tvp_csv_str(&r, "lost");
  CHECK_EQ_INT(tvp_csv_row_write(-1, &r), -1);
  CHECK_EQ_INT(errno, EBADF);
  CHECK_EQ_INT(r.len, 0);
  tvp_csv_row_free(&r);
}

static void test_write_file(void) {
  char path[] = "/tmp/tvp_test_csv_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0) return;
  unlink(path);
  tvp_csv_row r;
  tvp_csv_row_init(&r);
  /* Longer than any initial buffer, to exercise growth. */
  char big[3000];
  memset(big, 'z', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  tvp_csv_str(&r, big);
  tvp_csv_uint(&r, 42);
  CHECK_EQ_INT(tvp_csv_row_write(fd, &r), 0);
  tvp_csv_row_free(&r);

  char got[4096];
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  size_t n = slurp(fd, got, sizeof got);
  close(fd);
  CHECK_EQ_INT(n, sizeof big - 1 + 4);
  CHECK(memcmp(got, big, sizeof big - 1) == 0);
  CHECK_STR(got + sizeof big - 1, ",42\n");
}

static void free_fields(char **f, int n) {
  for (int i = 0; i < n; i++) free(f[i]);
}

static void test_round_trip(void) {
  const char *tricky[] = {
      "plain", "", "a,b", "say \"hi\"", "\"", "\"\"", ",", "line1\nline2",
      "crlf\r\ninside", "lone\rcr", " padded ", "trailing quote\"", "\"leading", "ünïcödé",
  };
  enum { N = sizeof tricky / sizeof tricky[0] };
  tvp_csv_row r;
  tvp_csv_row_init(&r);
  for (int i = 0; i < N; i++) tvp_csv_str(&r, tricky[i]);
  tvp_csv_str(&r, NULL);
  tvp_csv_str(&r, "\n"); /* a last field that must not be taken for the line end */
  int fds[2];
  CHECK(pipe(fds) == 0);
  CHECK_EQ_INT(tvp_csv_row_write(fds[1], &r), 0);
  tvp_csv_str(&r, "next");
  tvp_csv_str(&r, "row");
  CHECK_EQ_INT(tvp_csv_row_write(fds[1], &r), 0);
  tvp_csv_row_free(&r);
  close(fds[1]);
  char text[1024];
  slurp(fds[0], text, sizeof text);
  close(fds[0]);

  const char *p = text;
  char *f[N + 4];
  int n = tvp_csv_parse_record(&p, f, N + 4);
  CHECK_EQ_INT(n, N + 2);
  if (n == N + 2) {
    for (int i = 0; i < N; i++) CHECK_STR(f[i], tricky[i]);
    CHECK_STR(f[N], "");
    CHECK_STR(f[N + 1], "\n");
    free_fields(f, n);
  } else if (n > 0) {
    free_fields(f, n);
  }
  n = tvp_csv_parse_record(&p, f, N + 4);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK_STR(f[0], "next");
    CHECK_STR(f[1], "row");
    free_fields(f, n);
  }
  CHECK_STR(p, "");
}

static void test_parse(void) {
  char *f[8];
  const char *p = "a,b,c\nd";
  CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 8), 3);
  CHECK_STR(f[0], "a");
  CHECK_STR(f[1], "b");
  CHECK_STR(f[2], "c");
  CHECK_STR(p, "d");
  free_fields(f, 3);

  p = "x,\"y\r\nz\",\r\nnext";
  CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 8), 3);
  CHECK_STR(f[0], "x");
  CHECK_STR(f[1], "y\r\nz");
  CHECK_STR(f[2], "");
  CHECK_STR(p, "next");
  free_fields(f, 3);

  p = "";
  CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 8), 1);
  CHECK_STR(f[0], "");
  free_fields(f, 1);

  p = "\nrest";
  CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 8), 1);
  CHECK_STR(f[0], "");
  CHECK_STR(p, "rest");
  free_fields(f, 1);

  p = ",";
  CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 8), 2);
  CHECK_STR(f[0], "");
  CHECK_STR(f[1], "");
  free_fields(f, 2);

  p = "\"\"";
  CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 8), 1);
  CHECK_STR(f[0], "");
  free_fields(f, 1);

  /* Malformed input: -1, nothing allocated, the cursor left where it was. */
  const char *bad[] = {"\"open", "ok,\"open\nstill open", "\"a\"b", "a,\"b\"\"", "\"x\"\r"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    p = bad[i];
    CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 8), -1);
    CHECK(p == bad[i]);
  }
  p = "1,2,3";
  CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 2), -1);
  CHECK_EQ_INT(tvp_csv_parse_record(&p, f, 3), 3);
  free_fields(f, 3);
}

int main(void) {
  test_quoting();
  test_numbers();
  test_reset_keeps_memory();
  test_write_pipe();
  test_write_file();
  test_round_trip();
  test_parse();
  CHECK_DONE();
}
