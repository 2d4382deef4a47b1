/* Helpers: the strict suffix parsers (what is accepted and, as much, what is
 * refused), list splitting, buffers, the clock, and the error/exit contract. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "base/util.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static void test_parse_count(void) {
  static const struct {
    const char *s;
    uint64_t v;
  } good[] = {
      {"0", 0},
      {"10", 10},
      {"007", 7},
      {"4k", 4000},
      {"4K", 4000},
      {"2Ki", 2048},
      {"1M", 1000000},
      {"3Gi", UINT64_C(3) << 30},
      {"5G", UINT64_C(5000000000)},
      {"1T", UINT64_C(1000000000000)},
      {"2Ti", UINT64_C(2) << 40},
      {"18446744073709551615", UINT64_MAX},
      {"16777215Ti", UINT64_C(16777215) << 40},
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    uint64_t v = 12345;
    CHECK_EQ_INT(tvp_parse_count(good[i].s, &v), 0);
    CHECK(v == good[i].v);
    if (v != good[i].v) fprintf(stderr, "  parsing \"%s\"\n", good[i].s);
  }
  static const char *bad[] = {
      "", "-1", "+1", " 1", "1 ", "1 k", "1x", "k", "Ki", "1.5k", "0x10", "1KiB", "1i",
      "1m", "18446744073709551616", "99999999999999999999", "18446744073709552k",
      "16777216Ti", "1e3",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint64_t v = 12345;
    CHECK_EQ_INT(tvp_parse_count(bad[i], &v), -1);
    CHECK(v == 12345); /* untouched on failure */
    if (v != 12345) fprintf(stderr, "  parsing \"%s\"\n", bad[i]);
  }
}

static void test_parse_seconds(void) {
  static const struct {
    const char *s;
    double v;
  } good[] = {
      {"0", 0},           {"0.5", 0.5},   {"30", 30},       {"2s", 2},
      {"500ms", 0.5},     {"2min", 120},  {"1.5min", 90},   {".25", 0.25},
      {"250us", 0.00025}, {"1e-3", 0.001}, {"3.", 3},
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    double v = -7;
    CHECK_EQ_INT(tvp_parse_seconds(good[i].s, &v), 0);
    CHECK_NEAR(v, good[i].v, 1e-12);
  }
  static const char *bad[] = {
      "", "abc", "-1", "+1", " 1", "1 ", "5 s", "nan", "NaN", "inf", "infinity", "1e999",
      "1e308min", "5x", "5m", "5sec", "ms", ".", "1e", "0x10", "1,5",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double v = -7;
    CHECK_EQ_INT(tvp_parse_seconds(bad[i], &v), -1);
    CHECK(v == -7);
    if (v != -7) fprintf(stderr, "  parsing \"%s\"\n", bad[i]);
  }
}

static void test_split_list(void) {
  char **items;
  size_t n = tvp_split_list(" a , b,,c ", &items);
  CHECK_EQ_INT(n, 4);
  if (n == 4) {
    CHECK_STR(items[0], "a");
    CHECK_STR(items[1], "b");
    CHECK_STR(items[2], "");
    CHECK_STR(items[3], "c");
  }
  tvp_free_list(items, n);

  n = tvp_split_list("\tthreads \n", &items);
  CHECK_EQ_INT(n, 1);
  CHECK_STR(items[0], "threads");
  tvp_free_list(items, n);

  n = tvp_split_list("", &items);
  CHECK_EQ_INT(n, 1);
  CHECK_STR(items[0], "");
  tvp_free_list(items, n);

  n = tvp_split_list(" , ", &items);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK_STR(items[0], "");
    CHECK_STR(items[1], "");
  }
  tvp_free_list(items, n);
  tvp_free_list(NULL, 0);
}

static void test_trim(void) {
  char a[] = "  hi there \n\t";
  char b[] = "   ";
  char c[] = "";
  char d[] = "x";
  CHECK_STR(tvp_trim(a), "hi there");
  CHECK_STR(tvp_trim(b), "");
  CHECK_STR(tvp_trim(c), "");
  CHECK_STR(tvp_trim(d), "x");
  CHECK(tvp_trim(a) == a + 2); /* in place: a pointer into the argument */
}

static void test_one_line(void) {
  char a[] = "mpirun exited with status 255: ssh: no host\n-----\r\n\n  next \t line\n";
  char b[] = "\n\t \n";
  char c[] = "a\x1b[2Jb\x7f c\x01";
  char d[] = "already one line";
  tvp_one_line(a);
  CHECK_STR(a, "mpirun exited with status 255: ssh: no host ----- next line");
  tvp_one_line(b);
  CHECK_STR(b, "");
  tvp_one_line(c);
  CHECK_STR(c, "a[2Jb c");
  tvp_one_line(d);
  CHECK_STR(d, "already one line");
}

static void test_buf(void) {
  tvp_buf b = {0};
  tvp_buf_append(&b, "ignored", 0);
  CHECK_STR(b.data, ""); /* terminated even after an empty append */
  CHECK_EQ_INT(b.len, 0);
  tvp_buf_append(&b, "abcdef", 3);
  tvp_buf_printf(&b, "-%d-%s", 42, "x");
  CHECK_STR(b.data, "abc-42-x");
  CHECK_EQ_INT(b.len, 8);
  /* Grow well past any initial capacity through both paths. */
  for (int i = 0; i < 100; i++) tvp_buf_printf(&b, "%05d", i);
  CHECK_EQ_INT(b.len, 8 + 500);
  CHECK(strncmp(b.data + 8, "000000000100002", 15) == 0);
  CHECK_STR(b.data + b.len - 5, "00099");
  CHECK(b.cap > b.len);
  tvp_buf_free(&b);
  CHECK(b.data == NULL && b.len == 0 && b.cap == 0);

  tvp_buf_printf(&b, "%s", "");
  CHECK_STR(b.data, "");
  tvp_buf_free(&b);
}

/* A word as a shell needs it typed: as is, in '...', or in $'...' when it
 * holds a control character. */
static void test_shell_word(void) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"results/2026-run_1", "results/2026-run_1"},
      {"", "''"},
      {"a b", "'a b'"},
      {"it's", "'it'\\''s'"},
      {"$HOME*", "'$HOME*'"},
      {"a\nb'\\", "$'a\\nb\\'\\\\'"},
      {"x\x1b", "$'x\\x1b'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tvp_buf b = {0};
    tvp_buf_append(&b, "", 0);
    tvp_buf_shell_word(&b, cases[i].in);
    CHECK_STR(b.data, cases[i].out);
    tvp_buf_free(&b);
  }
}

static void test_alloc(void) {
  int *z = tvp_xcalloc(16, sizeof *z);
  int sum = 0;
  for (int i = 0; i < 16; i++) sum |= z[i];
  CHECK_EQ_INT(sum, 0);
  z = tvp_xrealloc(z, 1000 * sizeof *z);
  z[999] = 1;
  free(z);
  char *s = tvp_xstrdup("copy me");
  CHECK_STR(s, "copy me");
  free(s);
  free(tvp_xmalloc(0)); /* a real pointer, not an OOM exit */
}

static void on_alarm(int sig) { (void)sig; }

static void test_clock_and_sleep(void) {
  int64_t a = tvp_now_ns();
  int64_t b = tvp_now_ns();
  CHECK(a > 0);
  CHECK(b >= a);

  /* A timer firing every millisecond without SA_RESTART interrupts the sleep
   * dozens of times; it must still last its full length. */
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  sigemptyset(&sa.sa_mask);
  CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
  struct itimerval it = {.it_interval = {0, 1000}, .it_value = {0, 1000}};
  CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
  a = tvp_now_ns();
  tvp_sleep_ns(30 * 1000000);
  b = tvp_now_ns();
  struct itimerval off = {0};
  setitimer(ITIMER_REAL, &off, NULL);
  signal(SIGALRM, SIG_DFL);
  CHECK(b - a >= 30 * 1000000);
  CHECK(b - a < 5 * INT64_C(1000000000));

  a = tvp_now_ns();
  tvp_sleep_ns(0);
  tvp_sleep_ns(-5);
  CHECK(tvp_now_ns() - a < 100000000);
}

/* Runs fn in a child with stderr on a pipe; returns its exit status and what it printed. */
static int run_child(void (*fn)(void), char *out, size_t cap) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    fn();
    _exit(99);
  }
  close(fds[1]);
  size_t n = 0;
  ssize_t got;
  while (n < cap - 1 && (got = read(fds[0], out + n, cap - 1 - n)) > 0) n += (size_t)got;
  out[n] = '\0';
  close(fds[0]);
  int st;
  if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}

static void child_err(void) {
  errno = ENOENT;
  tvp_err("cannot open %s (%d)", "x.csv", 3);
  _exit(errno == ENOENT ? 0 : 98); /* reporting must not clobber errno */
}
static void child_long_err(void) {
  char big[10000];
  memset(big, 'm', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  tvp_err("%s", big);
  _exit(0);
}
static void child_die(void) { tvp_die(TVP_EXIT_USAGE, "unknown flag '%s'", "--nope"); }
static void child_oom(void) { free(tvp_xmalloc(SIZE_MAX)); }

static void test_errors(void) {
  char out[16384];
  CHECK_EQ_INT(run_child(child_err, out, sizeof out), 0);
  CHECK_STR(out, "tvp: cannot open x.csv (3)\n");

  /* An over-long message is cut, but still one line with its prefix. */
  CHECK_EQ_INT(run_child(child_long_err, out, sizeof out), 0);
  size_t n = strlen(out);
  CHECK(n > 1000 && n < 10000);
  CHECK(strncmp(out, "tvp: mmm", 8) == 0);
  CHECK(out[n - 1] == '\n' && out[n - 2] == 'm');

  CHECK_EQ_INT(run_child(child_die, out, sizeof out), TVP_EXIT_USAGE);
  CHECK_STR(out, "tvp: unknown flag '--nope'\n");

#ifndef UNDER_ASAN /* ASan aborts on an impossible allocation instead of returning NULL */
  CHECK_EQ_INT(run_child(child_oom, out, sizeof out), TVP_EXIT_FAIL);
  CHECK_STR(out, "tvp: out of memory (18446744073709551615 bytes)\n");
#else
  (void)child_oom;
#endif
}

static void test_write_all(void) {
  /* 1 MiB through a 64 KiB pipe forces many partial writes. */
  enum { SIZE = 1 << 20 };
  char *data = tvp_xmalloc(SIZE);
  for (size_t i = 0; i < SIZE; i++) data[i] = (char)(i * 7 + i / 251);
  int fds[2];
  CHECK(pipe(fds) == 0);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    _exit(tvp_write_all(fds[1], data, SIZE) == 0 ? 0 : 1);
  }
  close(fds[1]);
  char *got = tvp_xmalloc(SIZE + 1);
  size_t n = 0;
  ssize_t r;
  while (n <= SIZE && (r = read(fds[0], got + n, SIZE + 1 - n)) > 0) n += (size_t)r;
  close(fds[0]);
  int st;
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_EQ_INT(n, SIZE);
  CHECK(memcmp(got, data, SIZE) == 0);
  free(got);
  free(data);

  errno = 0;
  CHECK_EQ_INT(tvp_write_all(-1, "x", 1), -1);
  CHECK_EQ_INT(errno, EBADF);
  CHECK_EQ_INT(tvp_write_all(-1, "", 0), 0); /* nothing to write, nothing to fail */
}

/* The throughputs of the report and of compare: 4 significant digits and an SI
 * prefix, "-" where there is no number. */
static void test_format_si(void) {
  static const struct {
    double v;
    const char *s;
  } cases[] = {
      {0, "0"},           {999, "999"},  {1000, "1 k"},   {123456, "123.5 k"}, {2.5e6, "2.5 M"},
      {-4.2e9, "-4.2 G"}, {1e12, "1 T"}, {7e15, "7 P"},   {3e18, "3000 P"}, /* P is the last prefix */
      {0.5, "0.5"},       {NAN, "-"},    {INFINITY, "-"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char s[32];
    tvp_format_si(s, sizeof s, cases[i].v);
    CHECK_STR(s, cases[i].s);
  }
}

/* A ratio keeps its figures when small: 0.0043 must not read 0.00. */
static void test_format_ratio(void) {
  static const struct {
    double v;
    const char *s;
  } cases[] = {{1.3249, "1.32"}, {0.1, "0.10"}, {0.0987, "0.099"}, {0.0043, "0.0043"},
               {0.00001234, "1.2e-05"}, {0, "0.00"}, {85.333, "85.33"}, {NAN, "-"}, {INFINITY, "-"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char s[32];
    tvp_format_ratio(s, sizeof s, cases[i].v);
    CHECK_STR(s, cases[i].s);
  }
}

static void test_cmp_double(void) {
  double x[] = {3.5, -1, 2, 1e300, -0.0, 2, -1e-300};
  qsort(x, sizeof x / sizeof x[0], sizeof x[0], tvp_cmp_double);
  const double want[] = {-1, -1e-300, -0.0, 2, 2, 3.5, 1e300};
  for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
    CHECK(x[i] == want[i]);
  double a = 1, b = 2;
  CHECK(tvp_cmp_double(&a, &b) < 0);
  CHECK(tvp_cmp_double(&b, &a) > 0);
  CHECK_EQ_INT(tvp_cmp_double(&a, &a), 0);
}

static int same_parity(const void *a, const void *b) { return *(const int *)a % 2 == *(const int *)b % 2; }

/* Distinct values keep the order they first appear in, compared by text (not by
 * pointer), by bytes, or by the caller's rule. */
static void test_distinct(void) {
  char thread[] = "thread"; /* equal text at another address */
  const char *vals[] = {"fork", "thread", "fork", thread, "spawn", "thread"};
  const char *set[6];
  size_t n = 0, at[6];
  for (size_t i = 0; i < 6; i++)
    at[i] = tvp_distinct_text(set, &n, vals[i]);
  CHECK_EQ_INT(n, 3);
  CHECK_STR(set[0], "fork");
  CHECK_STR(set[1], "thread");
  CHECK_STR(set[2], "spawn");
  CHECK(set[1] == vals[1]); /* the first one seen stays */
  const size_t want_at[] = {0, 1, 0, 1, 2, 1};
  for (size_t i = 0; i < 6; i++)
    CHECK_EQ_INT(at[i], want_at[i]);

  int nums[] = {4, 7, 4, 9, 2, 7}, uniq[6];
  size_t m = 0;
  for (size_t i = 0; i < 6; i++)
    tvp_distinct_add(uniq, &m, sizeof uniq[0], &nums[i], NULL);
  CHECK_EQ_INT(m, 4);
  CHECK(uniq[0] == 4 && uniq[1] == 7 && uniq[2] == 9 && uniq[3] == 2);
  m = 0;
  for (size_t i = 0; i < 6; i++)
    tvp_distinct_add(uniq, &m, sizeof uniq[0], &nums[i], same_parity);
  CHECK_EQ_INT(m, 2);
  CHECK(uniq[0] == 4 && uniq[1] == 7);
  m = 0;
  CHECK_EQ_INT(tvp_distinct_text(set, &m, ""), 0); /* an empty text is a value too */
  CHECK_EQ_INT(m, 1);
}

static const char *const fruit[] = {"apple", "pear", "fig"};
static const char *fruit_at(size_t i) { return fruit[i]; }

/* What error messages list: the names joined, none for an empty registry, cut to the buffer. */
static void test_join_names(void) {
  char buf[64];
  tvp_join_names(buf, sizeof buf, 3, fruit_at);
  CHECK_STR(buf, "apple, pear, fig");
  tvp_join_names(buf, sizeof buf, 0, fruit_at);
  CHECK_STR(buf, "");
  char small[8];
  tvp_join_names(small, sizeof small, 3, fruit_at);
  CHECK_STR(small, "apple, "); /* cut, and still a string */
}

int main(void) {
  test_format_ratio();
  test_parse_count();
  test_parse_seconds();
  test_split_list();
  test_trim();
  test_one_line();
  test_buf();
  test_shell_word();
  test_alloc();
  test_clock_and_sleep();
  test_errors();
  test_write_all();
  test_format_si();
  test_cmp_double();
  test_distinct();
  test_join_names();
  CHECK_DONE();
}
