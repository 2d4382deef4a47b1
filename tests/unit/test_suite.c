/* Suite files: defaults and inheritance, the accepted line forms, and that each
 * mistake is reported at its own line. */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "plan/suite.h"
#include "base/util.h"

/* Parses text that must fail; checks the message begins "t.suite:LINE: " and
 * names `names`. */
static void reject(const char *text, int line, const char *names) {
  tvp_sweep *s = (tvp_sweep *)&line; /* must come back NULL */
  char err[512] = "", prefix[32];
  CHECK_EQ_INT(tvp_suite_parse(text, "t.suite", &s, err, sizeof err), -1);
  CHECK(s == NULL);
  snprintf(prefix, sizeof prefix, "t.suite:%d: ", line);
  if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, names))
    fprintf(stderr, "want '%s...%s', got '%s'\n", prefix, names, err);
  CHECK(strncmp(err, prefix, strlen(prefix)) == 0);
  CHECK(strstr(err, names) != NULL);
}

static void sectionless(void) {
  const char *text = "# quick check\n"
                     "kernels   stream, pingpong  # two of them\n"
                     "workers = 1..2N\n"
                     "reps: 5\n"
                     "\n"
                     "duration 2s\r\n"
                     "placement spread";
  tvp_sweep *s;
  char err[256] = "";
  CHECK_EQ_INT(tvp_suite_parse(text, "q.suite", &s, err, sizeof err), 1);
  CHECK_STR(s[0].name, "");
  CHECK_STR(s[0].source, "q.suite");
  CHECK_STR(s[0].kernels, "stream, pingpong");
  CHECK_STR(s[0].workers, "1..2N");
  CHECK_STR(s[0].placements, "spread");
  CHECK(s[0].models == NULL && s[0].sizes == NULL);
  CHECK_EQ_INT(s[0].reps, 5);
  CHECK_EQ_INT(s[0].warmup, -1);
  CHECK_EQ_INT(s[0].scaling, TVP_SCALING_DURATION);
  CHECK_NEAR(s[0].duration_s, 2, 1e-12);
  CHECK(s[0].timeout_s < 0);
  tvp_suite_free(s, 1);
}

static void sections(void) {
  const char *text = "kernels stream\n"       /* 1 */
                     "reps 3\n"               /* 2 */
                     "scaling weak\n"         /* 3 */
                     "\n"                     /* 4 */
                     "[small]\n"              /* 5 */
                     "sizes 1k,4k\n"          /* 6 */
                     "# nothing else\n"       /* 7 */
                     "[ big.run-2 ]  # x\n"   /* 8 */
                     "kernels=pingpong\n"     /* 9 */
                     "reps = 10\n"            /* 10 */
                     "duration 500ms\n"       /* 11 */
                     "timeout 1min\n";        /* 12 */
  tvp_sweep *s;
  char err[256] = "";
  CHECK_EQ_INT(tvp_suite_parse(text, "t.suite", &s, err, sizeof err), 2);
  CHECK_STR(s[0].name, "small");
  CHECK_STR(s[0].source, "t.suite:5");
  CHECK_STR(s[0].kernels, "stream");
  CHECK_STR(s[0].sizes, "1k,4k");
  CHECK_EQ_INT(s[0].reps, 3);
  CHECK_EQ_INT(s[0].scaling, TVP_SCALING_WEAK);
  CHECK(s[0].duration_s < 0);
  CHECK_STR(s[1].name, "big.run-2");
  CHECK_STR(s[1].source, "t.suite:8");
  CHECK_STR(s[1].kernels, "pingpong");
  CHECK(s[1].sizes == NULL);
  CHECK_EQ_INT(s[1].reps, 10);
  CHECK_EQ_INT(s[1].scaling, TVP_SCALING_DURATION);
  CHECK_NEAR(s[1].duration_s, 0.5, 1e-12);
  CHECK_NEAR(s[1].timeout_s, 60, 1e-12);
  tvp_suite_free(s, 2);

  /* Strong scaling in a section undoes a default duration. */
  CHECK_EQ_INT(tvp_suite_parse("duration 1\nkernels k\n[a]\nscaling strong\n[b]\n", "t",
                               &s, err, sizeof err), 2);
  CHECK_EQ_INT(s[0].scaling, TVP_SCALING_STRONG);
  CHECK(s[0].duration_s < 0);
  CHECK_EQ_INT(s[1].scaling, TVP_SCALING_DURATION);
  CHECK_NEAR(s[1].duration_s, 1, 1e-12);
  tvp_suite_free(s, 2);
}

static void set_and_override(void) {
  tvp_sweep a, b;
  char err[256] = "";
  tvp_sweep_init(&a);
  tvp_sweep_init(&b);
  CHECK_EQ_INT(tvp_sweep_set(&a, "kernels", " x ", err, sizeof err), 0);
  CHECK_EQ_INT(tvp_sweep_set(&a, "warmup", "0", err, sizeof err), 0);
  CHECK_EQ_INT(tvp_sweep_set(&b, "models", "thread", err, sizeof err), 0);
  CHECK_EQ_INT(tvp_sweep_set(&b, "reps", "10000", err, sizeof err), 0);
  b.name = tvp_xstrdup("flags");
  tvp_sweep_override(&a, &b);
  CHECK_STR(a.kernels, "x");
  CHECK_STR(a.models, "thread");
  CHECK(a.name == NULL); /* name and source are not settings */
  CHECK_EQ_INT(a.reps, 10000);
  CHECK_EQ_INT(a.warmup, 0);
  CHECK_EQ_INT(tvp_sweep_set(&a, "reps", "10001", err, sizeof err), -1);
  CHECK(strstr(err, "10001") != NULL);
  CHECK_EQ_INT(tvp_sweep_set(&a, "warmup", "-1", err, sizeof err), -1);
  CHECK_EQ_INT(tvp_sweep_set(&a, "timeout", "0", err, sizeof err), -1);
  CHECK_EQ_INT(tvp_sweep_set(&a, "sizes", "  ", err, sizeof err), -1);
  CHECK_STR(err, "key 'sizes' needs a value");
  /* chunk and chunks are one key; a flag's chunks replace the sweep's. */
  CHECK_EQ_INT(tvp_sweep_set(&a, "chunk", " 1,16 ", err, sizeof err), 0);
  CHECK_STR(a.chunks, "1,16");
  CHECK_EQ_INT(tvp_sweep_set(&b, "chunks", "default,64", err, sizeof err), 0);
  tvp_sweep_override(&a, &b);
  CHECK_STR(a.chunks, "default,64");
  CHECK_EQ_INT(tvp_sweep_set(&a, "chunks", "", err, sizeof err), -1);
  CHECK_STR(err, "key 'chunks' needs a value");
  tvp_sweep_free(&a);
  tvp_sweep_free(&b);
}

/* The chunk key: either spelling, inherited by sections, replaced in one. */
static void chunk_key(void) {
  tvp_sweep *s;
  char err[256] = "";
  CHECK_EQ_INT(tvp_suite_parse("kernels pool.map\nchunks 1,4, 1k\n[a]\n[b]\nchunk = default\n",
                               "t.suite", &s, err, sizeof err), 2);
  CHECK_STR(s[0].chunks, "1,4, 1k");
  CHECK_STR(s[1].chunks, "default");
  CHECK(s[0].footprints == NULL);
  tvp_suite_free(s, 2);
}

/* margin: a percentage below 100, of the whole run like disturbed-above. */
static void margin_key(void) {
  tvp_sweep *s;
  char err[256] = "";
  CHECK_EQ_INT(tvp_suite_parse("margin 2.5\nkernels k\n[a]\n[b]\n", "t.suite", &s, err, sizeof err), 2);
  CHECK_NEAR(s[1].margin_pct, 2.5, 1e-12);
  tvp_suite_free(s, 2);
  reject("kernels k\n[a]\nmargin 5\n", 3, "setting of the whole run");
  tvp_sweep flag;
  tvp_sweep_init(&flag);
  CHECK(flag.margin_pct < 0);
  CHECK_EQ_INT(tvp_sweep_set(&flag, "margin", "10%", err, sizeof err), 0);
  CHECK_NEAR(flag.margin_pct, 10, 1e-12);
  static const char *const bad[] = {"0", "100", "-5", "five", "1e1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CHECK_EQ_INT(tvp_sweep_set(&flag, "margin", bad[i], err, sizeof err), -1);
    CHECK(strstr(err, "margin must be a percentage") != NULL);
  }
}

/* disturbed-above: a percentage, set for the whole run before any section and
 * inherited by every one, laid over by the flag; refused inside a section. */
static void disturbed_key(void) {
  tvp_sweep *s;
  char err[256] = "";
  CHECK_EQ_INT(tvp_suite_parse("disturbed-above 2.5%\nkernels k\n[a]\n[b]\nreps 2\n", "t.suite", &s, err,
                               sizeof err), 2);
  CHECK_NEAR(s[0].disturbed_above_pct, 2.5, 1e-12);
  CHECK_NEAR(s[1].disturbed_above_pct, 2.5, 1e-12);
  tvp_sweep flag;
  tvp_sweep_init(&flag);
  CHECK(flag.disturbed_above_pct < 0); /* unset: the run's default applies */
  CHECK_EQ_INT(tvp_sweep_set(&flag, "disturbed-above", "10", err, sizeof err), 0);
  tvp_sweep_override(&s[1], &flag);
  CHECK_NEAR(s[1].disturbed_above_pct, 10, 1e-12);
  tvp_suite_free(s, 2);
  CHECK_EQ_INT(tvp_suite_parse("kernels k\ndisturbed-above 100\n", "t.suite", &s, err, sizeof err), 1);
  CHECK_NEAR(s[0].disturbed_above_pct, 100, 1e-12);
  tvp_suite_free(s, 1);
  reject("kernels k\n[a]\ndisturbed-above 5\n", 3, "setting of the whole run");
  static const char *const bad[] = {"0", "0.0", "100.5", "-5", "+5", "1e1", "nan", "inf", "0x10", ".5",
                                    "5.", "5%%", "5 5", "1.2.3", "five"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int rc = tvp_sweep_set(&flag, "disturbed-above", bad[i], err, sizeof err);
    if (rc != -1)
      fprintf(stderr, "disturbed-above '%s' was accepted\n", bad[i]);
    CHECK_EQ_INT(rc, -1);
    CHECK(strstr(err, "disturbed-above must be a percentage") != NULL);
  }
  CHECK_EQ_INT(tvp_sweep_set(&flag, "disturbed-above", " 0.5 % ", err, sizeof err), 0);
  CHECK_NEAR(flag.disturbed_above_pct, 0.5, 1e-12);
  tvp_sweep_free(&flag);
}

/* Workers and ranks are two spellings of the counts: a section's or a flag's
 * replaces the inherited other; both in one place is an error. */
static void counts_spellings(void) {
  tvp_sweep *s = NULL;
  char err[512] = "";
  int n = tvp_suite_parse("kernels k\nworkers 1,2\nthreads 2\n[a]\nranks 1,2\n[b]\n", "t.suite",
                          &s, err, sizeof err);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK(s[0].workers == NULL);
    CHECK_STR(s[0].ranks, "1,2");
    CHECK_EQ_INT(s[0].threads, 2);
    CHECK_STR(s[1].workers, "1,2");
    CHECK(s[1].ranks == NULL);
    tvp_sweep flags;
    tvp_sweep_init(&flags);
    CHECK_EQ_INT(tvp_sweep_set(&flags, "ranks", "4", err, sizeof err), 0);
    tvp_sweep_override(&s[1], &flags);
    CHECK(s[1].workers == NULL);
    CHECK_STR(s[1].ranks, "4");
    tvp_sweep_free(&flags);
  }
  tvp_suite_free(s, n);
  reject("kernels k\nworkers 2\nranks 1\n", 3, "'ranks' conflicts with 'workers' on line 2");
  reject("kernels k\nthreads 0\n", 2, "threads (per MPI rank) must be a whole number from 1");
}

/* min-time: a time, inherited by sections; 0 is a value (off) that a flag can
 * lay over a suite's; what is not a time is refused at its line. */
static void min_time_key(void) {
  tvp_sweep *s = NULL;
  char err[512] = "";
  int n = tvp_suite_parse("kernels k\nmin-time 100ms\n[a]\n[b]\nmin-time 0\n", "t.suite", &s, err,
                          sizeof err);
  CHECK_EQ_INT(n, 2);
  if (n == 2) {
    CHECK_NEAR(s[0].min_time_s, 0.1, 1e-12);
    CHECK_NEAR(s[1].min_time_s, 0, 0);
    tvp_sweep flags;
    tvp_sweep_init(&flags);
    CHECK(flags.min_time_s < 0); /* not set: the suite's stays */
    tvp_sweep_override(&s[0], &flags);
    CHECK_NEAR(s[0].min_time_s, 0.1, 1e-12);
    CHECK_EQ_INT(tvp_sweep_set(&flags, "min-time", "0", err, sizeof err), 0);
    tvp_sweep_override(&s[0], &flags);
    CHECK_NEAR(s[0].min_time_s, 0, 0);
    tvp_sweep_free(&flags);
  }
  tvp_suite_free(s, n);
  reject("kernels k\nmin-time -1\n", 2, "min-time must be a time from 0 (off) to a week");
  reject("kernels k\nmin-time fast\n", 2, "not 'fast'");
  reject("kernels k\nmin-time nan\n", 2, "not 'nan'");
  reject("kernels k\nmin-time 2weeks\n", 2, "not '2weeks'");
  reject("kernels k\nmin-time 1\nmin-time 2\n", 3, "'min-time' is set twice (also on line 2)");
  reject("kernels k\nflavour hot\n", 2, "threads, min-time");
}

static void errors(void) {
  reject("kernels k\nreps 2\nflavour hot\n", 3, "unknown key 'flavour'");
  reject("kernels k\nflavour hot\n", 2, "kernels, models");
  reject("kernels k\nflavour hot\n", 2, "footprints, chunks, ranks, reps");
  reject("kernels k\nchunk 4\n[a]\nchunks 8\nchunk 16\n", 5, "'chunk' is set twice (also on line 4)");
  reject("kernels k\n[a]\n\nreps 0\n", 4, "'0'");
  reject("kernels k\nreps 2x\n", 2, "'2x'");
  reject("kernels k\nscaling duration\n", 2, "'duration'");
  reject("kernels k\nduration -1\n", 2, "'-1'");
  reject("[a]\nkernels k\n\n# c\nkernels j\n", 5, "kernels");
  reject("[a]\nkernels k\nplacement spread\nplacements pack\n", 4, "line 3");
  reject("[a]\nkernels k\nscaling weak\nduration 2\n", 4, "scaling");
  reject("models thread\n[a]\nkernels k\n[b]\nreps 2\n", 4, "section 'b' names no kernels");
  reject("kernels k\n[a]\n[bad\n", 3, "'[bad'");
  reject("kernels k\n[]\n", 2, "'[]'");
  reject("kernels k\n[a b]\n", 2, "'[a b]'");
  reject("kernels k\n[a]\n[a]\n", 3, "line 2");
  reject("kernels\n", 1, "key 'kernels' needs a value");
  reject("workers = # none\n", 1, "key 'workers' needs a value");
  reject("= 3\n", 1, "'= 3'");
  reject("reps 2\n", 1, "no kernels");
  reject("", 1, "no kernels");
}

/* Text as editors and mistakes leave it: a byte-order mark, carriage returns,
 * worker lists checked at their own line. */
static void hostile_text(void) {
  tvp_sweep *s;
  char err[512] = "";
  const char bom[] = "\xef\xbb\xbfkernels k\nworkers 1\n";
  CHECK_EQ_INT(tvp_suite_parse_buffer(bom, strlen(bom), "t.suite", &s, err, sizeof err), 1);
  if (s) CHECK_STR(s[0].kernels, "k");
  tvp_suite_free(s, 1);
  const char crlf[] = "kernels k\r\nworkers 1\r\n";
  CHECK_EQ_INT(tvp_suite_parse_buffer(crlf, strlen(crlf), "t.suite", &s, err, sizeof err), 1);
  tvp_suite_free(s, 1);
  /* A carriage return inside a line would rewrite the terminal line that quotes it. */
  const char cr[] = "kernels k\nworkers 1\rabc\n";
  CHECK_EQ_INT(tvp_suite_parse_buffer(cr, strlen(cr), "t.suite", &s, err, sizeof err), -1);
  CHECK(strstr(err, "line 2") && strstr(err, "carriage return") && !strchr(err, '\r'));
  reject("kernels k\nreps 1\nworkers 1,x\n", 3, "'x'");
  reject("kernels k\n[a]\nthreads 2\nranks 0\n", 4, "counts start at 1");
  reject("kernels k\nworkers 4..1\n", 2, "runs backwards");
  /* What N and P make of a list depends on the machine: the plan checks that. */
  CHECK_EQ_INT(tvp_suite_parse("kernels k\nworkers 8..N,P/2,1..2N*2,N..4\n", "t.suite", &s, err, sizeof err), 1);
  tvp_suite_free(s, 1);
}

static void load(void) {
  char path[] = "/tmp/tvp_test_suiteXXXXXX", err[512] = "";
  tvp_sweep *s;
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  const char *text = "kernels stream\n[one]\n";
  CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
  CHECK_EQ_INT(tvp_suite_load(path, &s, err, sizeof err), 1);
  CHECK_STR(s[0].name, "one");
  tvp_suite_free(s, 1);
  /* A file past 1 MiB is refused before it is parsed. */
  static char big[(1 << 20) + 1];
  memset(big, '#', sizeof big);
  CHECK(write(fd, big, sizeof big) == (ssize_t)sizeof big);
  CHECK_EQ_INT(tvp_suite_load(path, &s, err, sizeof err), -1);
  CHECK(strstr(err, "1 MiB") != NULL);
  close(fd);
  unlink(path);
  CHECK_EQ_INT(tvp_suite_load(path, &s, err, sizeof err), -1);
  CHECK(strstr(err, "cannot read suite") && strstr(err, path) && strstr(err, "No such file"));
  CHECK(s == NULL);
}

int main(void) {
  sectionless();
  sections();
  set_and_override();
  counts_spellings();
  min_time_key();
  chunk_key();
  disturbed_key();
  margin_key();
  errors();
  hostile_text();
  load();
  CHECK_DONE();
}
