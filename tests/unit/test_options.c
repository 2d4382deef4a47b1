/* The commands' option loop (cli/options.h): values, --help, a missing value
 * and an unknown option are handled alike for every command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli/options.h"

static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                     {"quiet", no_argument, NULL, 'q'},
                                     {0, 0, 0, 0}};

/* Runs the loop over argv (NULL-terminated) with fd 1 and 2 sent to a file;
 * returns the last value of tvp_opts_next, what they printed in out, and the
 * options it saw in seen ("o=VALUE q ..."). */
static int parse(char **argv, tvp_opts *p, char *out, size_t outlen, char *seen, size_t seenlen) {
  int argc = 0;
  while (argv[argc])
    argc++;
  char path[] = "/tmp/tvp-test-options-XXXXXX";
  int fd = mkstemp(path);
  fflush(stdout);
  fflush(stderr);
  int saved1 = dup(1), saved2 = dup(2);
  dup2(fd, 1);
  dup2(fd, 2);
  int c;
  seen[0] = 0;
  while ((c = tvp_opts_next(p, argc, argv)) >= 0) {
    size_t len = strlen(seen);
    if (c == 'o')
      snprintf(seen + len, seenlen - len, "o=%s ", optarg);
    else
      snprintf(seen + len, seenlen - len, "%c ", c);
  }
  fflush(stdout);
  fflush(stderr);
  dup2(saved1, 1);
  dup2(saved2, 2);
  close(saved1);
  close(saved2);
  ssize_t n = pread(fd, out, outlen - 1, 0);
  out[n > 0 ? n : 0] = 0;
  close(fd);
  unlink(path);
  return c;
}

int main(void) {
  char out[1024], seen[256];
  {
    char *argv[] = {"tvp", "--out", "dir", "-q", "--quiet", "arg", NULL};
    tvp_opts p = {.cmd = "test", .usage = "usage\n", .shortopts = "q", .longopts = opts};
    CHECK_EQ_INT(parse(argv, &p, out, sizeof out, seen, sizeof seen), TVP_OPT_END);
    CHECK_STR(seen, "o=dir q q ");
    CHECK_STR(out, "");
    CHECK_EQ_INT(optind, 5); /* the first argument */
  }
  {
    char *argv[] = {"tvp", "--help", NULL};
    tvp_opts p = {.cmd = "test", .usage = "usage: tvp test\n", .longopts = opts};
    CHECK_EQ_INT(parse(argv, &p, out, sizeof out, seen, sizeof seen), TVP_OPT_STOP);
    CHECK_EQ_INT(p.status, 0);
    CHECK_STR(out, "usage: tvp test\n");
  }
  {
    char *argv[] = {"tvp", "-h", NULL};
    tvp_opts p = {.cmd = "test", .usage = "usage: tvp test\n", .longopts = opts};
    CHECK_EQ_INT(parse(argv, &p, out, sizeof out, seen, sizeof seen), TVP_OPT_STOP);
    CHECK_EQ_INT(p.status, 0);
  }
  {
    char *argv[] = {"tvp", "-q", "--out", NULL};
    tvp_opts p = {.cmd = "test", .usage = "usage\n", .shortopts = "q", .longopts = opts};
    CHECK_EQ_INT(parse(argv, &p, out, sizeof out, seen, sizeof seen), TVP_OPT_STOP);
    CHECK_EQ_INT(p.status, 2);
    CHECK_STR(seen, "q ");
    CHECK_STR(out, "tvp test: option '--out' needs a value (see 'tvp test --help')\n");
  }
  {
    char *argv[] = {"tvp", "--bogus", "x", NULL};
    tvp_opts p = {.cmd = "test", .usage = "usage\n", .longopts = opts};
    CHECK_EQ_INT(parse(argv, &p, out, sizeof out, seen, sizeof seen), TVP_OPT_STOP);
    CHECK_EQ_INT(p.status, 2);
    CHECK_STR(out, "tvp test: unknown option '--bogus' (see 'tvp test --help')\n");
  }
  {
    char *argv[] = {"tvp", "-qx", NULL};
    tvp_opts p = {.cmd = "test", .usage = "usage\n", .shortopts = "q", .longopts = opts};
    CHECK_EQ_INT(parse(argv, &p, out, sizeof out, seen, sizeof seen), TVP_OPT_STOP);
    CHECK_STR(out, "tvp test: unknown option '-x' (see 'tvp test --help')\n");
  }
  {
    /* A value given to an option that takes none: named as typed, not by the letter glibc reports. */
    char *argv[] = {"tvp", "--quiet=1", NULL};
    tvp_opts p = {.cmd = "test", .usage = "usage\n", .shortopts = "q", .longopts = opts};
    CHECK_EQ_INT(parse(argv, &p, out, sizeof out, seen, sizeof seen), TVP_OPT_STOP);
    CHECK_STR(out, "tvp test: unknown option '--quiet=1' (see 'tvp test --help')\n");
  }
  {
    /* A second command in the same process starts again from argv[1]. */
    char *argv[] = {"tvp", "--out", "again", NULL};
    tvp_opts p = {.cmd = "test", .usage = "usage\n", .longopts = opts};
    CHECK_EQ_INT(parse(argv, &p, out, sizeof out, seen, sizeof seen), TVP_OPT_END);
    CHECK_STR(seen, "o=again ");
  }
  CHECK_DONE();
}
