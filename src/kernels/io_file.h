/* What the file kernels (io.fsync, io.write, io.read) share: a private file under
 * job->tmpdir that has no name, so nothing is left behind even by a killed run. */
#ifndef TVP_IO_FILE_H
#define TVP_IO_FILE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels/kernel.h"

#define IO_KiB 1024ULL
#define IO_MiB (1024ULL * 1024ULL)

/* What to do when a file cannot be created: out of descriptors is no fault of
 * the folder. */
static inline const char *io_create_hint(int err) {
  return err == EMFILE || err == ENFILE ? "raise the open-file limit (ulimit -n), or use fewer workers"
                                        : "choose another --tmpdir";
}

/* Opens a read-write file in `dir` that no other process can see and that the
 * filesystem frees when the last descriptor to it closes (the worker exits or
 * is killed). O_TMPFILE never gives the file a name; where the filesystem
 * lacks it, the fallback names the file and unlinks it at once, so only a kill
 * in the microseconds between the two could leave a "tvp-io-*" file behind.
 * The descriptor is not close-on-exec: nothing here execs, and the file is the
 * worker's own. Returns the descriptor, or -1 after writing a reason. */
static inline int io_private_file(const tvp_job *job, char *why, size_t why_len) {
  const char *dir = job->tmpdir ? job->tmpdir : "/tmp";
  int fd = open(dir, O_TMPFILE | O_RDWR, 0600);
  if (fd >= 0)
    return fd;
  /* EOPNOTSUPP or EISDIR: a filesystem or kernel without O_TMPFILE. */
  if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
    snprintf(why, why_len, "%s cannot create a file in %s: %s (%s)", job->kernel->name, dir,
             strerror(errno), io_create_hint(errno));
    return -1;
  }
  char path[600];
  if (snprintf(path, sizeof path, "%s/tvp-io-XXXXXX", dir) >= (int)sizeof path) {
    snprintf(why, why_len, "%s: --tmpdir path too long", job->kernel->name);
    return -1;
  }
  fd = mkstemp(path);
  if (fd < 0) {
    snprintf(why, why_len, "%s cannot create a file in %s: %s (%s)", job->kernel->name, dir,
             strerror(errno), io_create_hint(errno));
    return -1;
  }
  if (unlink(path) != 0) {
    snprintf(why, why_len, "%s cannot unlink %s: %s", job->kernel->name, path, strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

/* Writes all of buf at off, or fails: short writes on a regular file mean a
 * full disk or a signal, and both are worth a reason rather than a retry loop
 * that never ends. Returns 0, or the errno (ENOSPC for a short write). */
static inline int io_pwrite_all(int fd, const void *buf, size_t len, off_t off) {
  const char *p = buf;
  while (len) {
    ssize_t n = pwrite(fd, p, len, off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return errno;
    if (n == 0)
      return ENOSPC;
    p += n;
    len -= (size_t)n;
    off += n;
  }
  return 0;
}

/* run() has no way to return an error, and a unit not done must not look done:
 * say what failed and end the worker (under thread, the cell), so the
 * configuration fails with a reason instead of reporting a wrong rate. */
_Noreturn static inline void io_die(const tvp_job *job, unsigned worker, const char *what,
                                    int err) {
  const char *cause = err ? strerror(err) : "unexpected end of data";
  tvp_kernel_failed("%s: %s: %s", job->kernel->name, what, cause);
  fprintf(stderr, "tvp: %s: worker %u: %s: %s\n", job->kernel->name, worker, what, cause);
  _exit(1);
}

/* A configuration whose files (or page cache) would take more than half of
 * the machine's memory is refused before any worker starts. */
static inline int io_check_memory(const tvp_job *job, uint64_t bytes_per_worker, char *why,
                                  size_t why_len) {
  uint64_t need = bytes_per_worker * job->nworkers;
  if (job->mem_bytes && need > job->mem_bytes / 2) {
    snprintf(why, why_len,
             "%s keeps %.1f GiB in the page cache for %u workers, over half of the %.1f GiB "
             "this machine has; use fewer workers",
             job->kernel->name, need / 1073741824.0, job->nworkers,
             job->mem_bytes / 1073741824.0);
    return -1;
  }
  return 0;
}

/* What each file kernel's worker holds: its nameless file and one aligned block
 * to write from or read into. */
typedef struct {
  int fd;
  unsigned char *block;
  uint64_t end; /* io.write: one past the highest block written since the last truncation */
} io_worker_file;

/* worker_setup's common part: allocates the block (filled with `fill`, so first
 * touch is here and not in the timed region) and opens the file; the state is
 * in w->priv even on failure, for io_worker_file_close. */
static inline io_worker_file *io_worker_file_open(const tvp_job *job, tvp_worker_state *w,
                                                  size_t block, int fill, char *why,
                                                  size_t why_len) {
  io_worker_file *s = calloc(1, sizeof *s);
  if (!s || posix_memalign((void **)&s->block, 4096, block) != 0) {
    free(s);
    snprintf(why, why_len, "out of memory");
    return NULL;
  }
  s->fd = -1;
  w->priv = s;
  memset(s->block, fill, block);
  s->fd = io_private_file(job, why, why_len);
  return s->fd < 0 ? NULL : s;
}

/* The file kernels' worker_teardown. */
static inline void io_worker_file_close(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  io_worker_file *s = w->priv;
  if (!s)
    return;
  if (s->fd >= 0)
    close(s->fd);
  free(s->block);
  free(s);
  w->priv = NULL;
}

#endif
