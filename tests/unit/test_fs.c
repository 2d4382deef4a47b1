/* Files written whole or not at all: what a reader finds after a write that
 * worked, one that failed half-way and one abandoned, and the path helpers. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "base/fs.h"
#include "base/util.h"

static char dir[] = "/tmp/tvp-test-fs.XXXXXX";

/* The whole content of path, malloc'd, or NULL if it cannot be read. */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  tvp_buf b = {0};
  tvp_buf_printf(&b, "%s", "");
  char chunk[256];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    tvp_buf_append(&b, chunk, n);
  fclose(f);
  return b.data;
}

/* How many entries dir holds besides . and ..: a temporary left behind shows. */
static int entries(void) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  if (d)
    closedir(d);
  return n;
}

static void test_write_whole(void) {
  char *path = tvp_path_in(dir, "a.txt");
  CHECK_EQ_INT(tvp_fs_write_whole(path, "first\n", 6), 0);
  char *got = slurp(path);
  CHECK_STR(got, "first\n");
  free(got);
  /* Replacing: the new text, and only the one file. */
  CHECK_EQ_INT(tvp_fs_write_whole(path, "second, longer\n", 15), 0);
  got = slurp(path);
  CHECK_STR(got, "second, longer\n");
  free(got);
  CHECK_EQ_INT(entries(), 1);
  /* Empty is a file too. */
  CHECK_EQ_INT(tvp_fs_write_whole(path, "", 0), 0);
  got = slurp(path);
  CHECK_STR(got, "");
  free(got);
  unlink(path);
  free(path);

  /* A folder that is not there: -1 with the reason, nothing made. */
  char *missing = tvp_path_in(dir, "no/such.txt");
  errno = 0;
  CHECK_EQ_INT(tvp_fs_write_whole(missing, "x", 1), -1);
  CHECK_EQ_INT(errno, ENOENT);
  CHECK_EQ_INT(entries(), 0);
  free(missing);
}

/* A write cut short (the file-size limit, as a full disk would) leaves the old
 * file as it was and no temporary beside it. */
static void test_failed_write_keeps_old(void) {
  char *path = tvp_path_in(dir, "keep.txt");
  CHECK_EQ_INT(tvp_fs_write_whole(path, "old\n", 4), 0);
  char big[8192];
  memset(big, 'x', sizeof big);
  struct rlimit was, small;
  CHECK_EQ_INT(getrlimit(RLIMIT_FSIZE, &was), 0);
  small = was;
  small.rlim_cur = 1024;
  void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
  CHECK_EQ_INT(setrlimit(RLIMIT_FSIZE, &small), 0);
  errno = 0;
  int rc = tvp_fs_write_whole(path, big, sizeof big);
  int e = errno;
  CHECK_EQ_INT(setrlimit(RLIMIT_FSIZE, &was), 0);
  signal(SIGXFSZ, old_handler);
  CHECK_EQ_INT(rc, -1);
  CHECK_EQ_INT(e, EFBIG);
  char *got = slurp(path);
  CHECK_STR(got, "old\n");
  free(got);
  CHECK_EQ_INT(entries(), 1);
  unlink(path);
  free(path);
}

/* Streamed: nothing at path until commit; abort leaves the old file; a commit
 * that cannot rename (a folder in the way) says so and leaves no temporary. */
static void test_begin_commit_abort(void) {
  char *path = tvp_path_in(dir, "s.csv");
  tvp_fs_atomic a;
  CHECK_EQ_INT(tvp_fs_begin(&a, path), 0);
  CHECK(a.fd >= 0);
  CHECK_EQ_INT(tvp_write_all(a.fd, "a,b\n", 4), 0);
  CHECK(!tvp_is_file(path));
  char *tmp = tvp_fs_temp_path(path);
  CHECK_STR(a.tmp, tmp);
  CHECK(tvp_is_file(tmp));
  CHECK_EQ_INT(tvp_fs_commit(&a), 0);
  CHECK(!tvp_is_file(tmp));
  char *got = slurp(path);
  CHECK_STR(got, "a,b\n");
  free(got);

  CHECK_EQ_INT(tvp_fs_begin(&a, path), 0);
  CHECK_EQ_INT(tvp_write_all(a.fd, "half", 4), 0);
  errno = EIO;
  tvp_fs_abort(&a);
  CHECK_EQ_INT(errno, EIO);
  got = slurp(path);
  CHECK_STR(got, "a,b\n");
  free(got);
  CHECK_EQ_INT(entries(), 1);
  unlink(path);

  CHECK_EQ_INT(mkdir(path, 0700), 0);
  CHECK_EQ_INT(tvp_fs_begin(&a, path), 0);
  CHECK_EQ_INT(tvp_fs_commit(&a), -2);
  CHECK_EQ_INT(errno, EISDIR);
  CHECK(!tvp_is_file(tmp));
  CHECK_EQ_INT(entries(), 1);
  rmdir(path);
  free(tmp);
  free(path);
}

static void test_paths(void) {
  char *p = tvp_path_in("/some/dir", "summary.csv");
  CHECK_STR(p, "/some/dir/summary.csv");
  free(p);
  /* No fixed buffer: a path longer than PATH_MAX still comes back whole. */
  char longdir[6000];
  memset(longdir, 'd', sizeof longdir - 1);
  longdir[sizeof longdir - 1] = '\0';
  p = tvp_path_in(longdir, "x");
  CHECK_EQ_INT(strlen(p), sizeof longdir - 1 + 2);
  free(p);

  char *file = tvp_path_in(dir, "f"), *link = tvp_path_in(dir, "l");
  CHECK(!tvp_is_file(file));
  CHECK_EQ_INT(tvp_fs_write_whole(file, "x", 1), 0);
  CHECK(tvp_is_file(file));
  CHECK(!tvp_is_file(dir)); /* a folder is not a file */
  CHECK_EQ_INT(symlink(file, link), 0);
  CHECK(tvp_is_file(link)); /* links are followed */
  unlink(file);
  CHECK(!tvp_is_file(link)); /* a dangling one is not a file */
  unlink(link);
  free(file);
  free(link);
}

int main(void) {
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  test_write_whole();
  test_failed_write_keeps_old();
  test_begin_commit_abort();
  test_paths();
  rmdir(dir);
  CHECK_DONE();
}
