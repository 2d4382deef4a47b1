/* A minimal assertion kit for the unit tests: each failed check prints where and
 * why, and the test's exit status is the number of failures (capped). */
#ifndef TVP_CHECK_H
#define TVP_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_failures;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
      check_failures++;                                                          \
    }                                                                            \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                       \
  do {                                                                           \
    long long check_a_ = (long long)(a), check_b_ = (long long)(b);              \
    if (check_a_ != check_b_) {                                                  \
      fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__,        \
              __LINE__, #a, #b, check_a_, check_b_);                             \
      check_failures++;                                                          \
    }                                                                            \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                    \
  do {                                                                           \
    double check_a_ = (a), check_b_ = (b);                                       \
    if (!(fabs(check_a_ - check_b_) <= (tol))) {                                 \
      fprintf(stderr, "%s:%d: %s ~ %s failed: %.10g vs %.10g (tol %g)\n",        \
              __FILE__, __LINE__, #a, #b, check_a_, check_b_, (double)(tol));    \
      check_failures++;                                                          \
    }                                                                            \
  } while (0)

#define CHECK_STR(a, b)                                                          \
  do {                                                                           \
    const char *check_a_ = (a), *check_b_ = (b);                                 \
    if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {            \
      fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" vs \"%s\"\n", __FILE__,    \
              __LINE__, #a, #b, check_a_ ? check_a_ : "(null)",                  \
              check_b_ ? check_b_ : "(null)");                                   \
      check_failures++;                                                          \
    }                                                                            \
  } while (0)

/* Writes text to path, a fixture file (text NULL: removes it); a file that
 * cannot be written ends the test, which would check nothing without it. */
static inline void check_put_file(const char *path, const char *text) {
  if (!text) {
    unlink(path);
    return;
  }
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f)
    exit(1);
  fputs(text, f);
  fclose(f);
}

#define CHECK_DONE()                                                             \
  do {                                                                           \
    if (check_failures)                                                          \
      fprintf(stderr, "%d check(s) failed\n", check_failures);                   \
    return check_failures > 100 ? 100 : check_failures;                          \
  } while (0)

#endif
