/* Atomic whole-file writes and small path helpers (see fs.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/util.h"

static void release(tvp_fs_atomic *a) {
  free(a->path);
  free(a->tmp);
  a->path = a->tmp = NULL;
  a->fd = -1;
}

char *tvp_fs_temp_path(const char *path) {
  tvp_buf tmp = {0};
  tvp_buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
  return tmp.data;
}

int tvp_fs_begin(tvp_fs_atomic *a, const char *path) {
  a->tmp = tvp_fs_temp_path(path);
  a->path = tvp_xstrdup(path);
  a->fd = open(a->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (a->fd < 0) {
    int e = errno;
    release(a);
    errno = e;
    return -1;
  }
  return 0;
}

int tvp_fs_commit(tvp_fs_atomic *a) {
  int rc = 0;
  if (close(a->fd) != 0)
    rc = -1;
  else if (rename(a->tmp, a->path) != 0)
    rc = -2;
  a->fd = -1;
  if (rc != 0) {
    int e = errno;
    unlink(a->tmp);
    errno = e;
  }
  release(a);
  return rc;
}

void tvp_fs_abort(tvp_fs_atomic *a) {
  int e = errno;
  if (a->fd >= 0)
    close(a->fd);
  if (a->tmp)
    unlink(a->tmp);
  release(a);
  errno = e;
}

int tvp_fs_write_whole(const char *path, const void *data, size_t len) {
  tvp_fs_atomic a;
  if (tvp_fs_begin(&a, path) != 0)
    return -1;
  if (tvp_write_all(a.fd, data, len) != 0) {
    tvp_fs_abort(&a);
    return -1;
  }
  return tvp_fs_commit(&a) == 0 ? 0 : -1;
}

char *tvp_path_in(const char *dir, const char *name) {
  tvp_buf b = {0};
  tvp_buf_printf(&b, "%s/%s", dir, name);
  return b.data;
}

int tvp_is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

unsigned char *tvp_fs_read_whole(const char *path, size_t max, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return NULL;
  struct stat st;
  unsigned char *data = NULL;
  int e = 0;
  if (fstat(fd, &st) != 0)
    e = errno;
  else if (!S_ISREG(st.st_mode))
    e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
  else if (st.st_size == 0)
    e = ENODATA;
  else if ((uint64_t)st.st_size > max)
    e = EFBIG;
  size_t want = e ? 0 : (size_t)st.st_size, got = 0;
  if (!e)
    data = tvp_xmalloc(want);
  while (got < want) {
    ssize_t r = read(fd, data + got, want - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0) {
      e = r < 0 ? errno : EIO; /* shorter than fstat said: changed while read */
      free(data);
      data = NULL;
      break;
    }
    got += (size_t)r;
  }
  *len = data ? got : 0;
  close(fd);
  errno = e;
  return data;
}
