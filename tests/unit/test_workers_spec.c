/* Worker lists: expansion of ranges, N and P, and that each mistake is named in
 * its message. */
#include <stdlib.h>

#include "check.h"
#include "plan/workers_spec.h"

/* Expands spec and compares with want (n_want counts); a mismatch prints the list. */
static void expect(const char *spec, unsigned cores, unsigned pus, const unsigned *want,
                   int n_want) {
  unsigned *got = NULL;
  char err[256] = "";
  int n = tvp_workers_parse(spec, cores, pus, &got, err, sizeof err);
  if (n != n_want) fprintf(stderr, "'%s': %d counts (%s)\n", spec, n, err);
  CHECK_EQ_INT(n, n_want);
  for (int i = 0; i < n && i < n_want; i++) CHECK_EQ_INT(got[i], want[i]);
  free(got);
}

/* Checks that spec fails and the message names `names`. */
static void reject(const char *spec, unsigned cores, const char *names) {
  unsigned *got = (unsigned *)&cores; /* must come back NULL */
  char err[256] = "";
  CHECK_EQ_INT(tvp_workers_parse(spec, cores, 2 * cores, &got, err, sizeof err), -1);
  CHECK(got == NULL);
  CHECK(err[0] != '\0');
  if (!strstr(err, names)) fprintf(stderr, "'%s': message '%s' lacks '%s'\n", spec, err, names);
  CHECK(strstr(err, names) != NULL);
}

int main(void) {
  expect("1..2N", 2, 4, (unsigned[]){1, 2, 3, 4}, 4);
  expect("1..2N*2", 64, 128, (unsigned[]){1, 2, 4, 8, 16, 32, 64, 128}, 8);
  expect("1..6:2", 4, 4, (unsigned[]){1, 3, 5, 6}, 4);
  expect("4,1,2,2", 4, 4, (unsigned[]){1, 2, 4}, 3);
  expect("P", 8, 16, (unsigned[]){16}, 1);
  expect("N", 8, 16, (unsigned[]){8}, 1);
  expect("N/2,P/4", 8, 16, (unsigned[]){4}, 1);
  expect(" 1, 2 ,\t3 ", 4, 4, (unsigned[]){1, 2, 3}, 3);
  expect("1..10*3", 4, 4, (unsigned[]){1, 3, 9, 10}, 4);   /* the end is always included */
  expect("3..3", 4, 4, (unsigned[]){3}, 1);
  expect("2..N,N..2N:4", 4, 8, (unsigned[]){2, 3, 4, 8}, 4);
  expect("4096", 1, 1, (unsigned[]){4096}, 1);

  reject("0", 4, "0");
  reject("0,2", 4, "'0,2'");
  reject("-1", 4, "-1");
  reject("1..", 4, "1..");
  reject("abc", 4, "abc");
  reject("1,x2,4", 4, "x2");
  reject("8..2", 4, "8..2");
  reject("2N..2", 4, "2N..2");
  reject("5000", 4, "5000");
  reject("99999999999999999999", 4, "99999999999999999999");
  reject("1..4096N", 2, "4096N");
  reject("N/4", 2, "N/4");
  reject("N/4", 2, "2 cores");
  reject("N/0", 2, "N/0");
  reject("", 4, "empty");
  reject("   ", 4, "empty");
  reject("1,", 4, "1,");
  reject("1..8*1", 4, "1..8*1");
  reject("1..8:0", 4, "1..8:0");
  reject("1..8:", 4, "1..8:");
  reject("1 ..8", 4, "1 ..8");
  reject("2N/2", 4, "2N/2");
  CHECK_DONE();
}
