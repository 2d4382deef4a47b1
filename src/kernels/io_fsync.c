/* io.fsync: durable writes. Each unit writes 4 KiB into the worker's own
 * nameless file and waits in fsync until the device says the data is stored. */
#include <stdlib.h>
#include <string.h>

#include "io_file.h"

#define FSYNC_BLOCK (4 * IO_KiB)
/* Units cycle over 256 blocks (1 MiB) of a file that setup wrote and flushed,
 * so every timed write overwrites allocated blocks: each fsync flushes one data
 * block and the inode's new mtime, never a new allocation. */
#define FSYNC_BLOCKS 256

static int fsync_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  io_worker_file *s = io_worker_file_open(job, w, FSYNC_BLOCK, 0x5a, why, why_len);
  if (!s)
    return -1;
  for (uint64_t b = 0; b < FSYNC_BLOCKS; b++) {
    int err = io_pwrite_all(s->fd, s->block, FSYNC_BLOCK, (off_t)(b * FSYNC_BLOCK));
    if (err) {
      snprintf(why, why_len, "io.fsync cannot write its 1 MiB file in %s: %s", job->tmpdir,
               strerror(err));
      return -1;
    }
  }
  if (fsync(s->fd) != 0) {
    snprintf(why, why_len, "io.fsync: fsync in %s failed: %s", job->tmpdir, strerror(errno));
    return -1;
  }
  return 0;
}

static uint64_t fsync_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  io_worker_file *s = w->priv;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    /* The unit's number in the block: each write carries new data. */
    memcpy(s->block, &u, sizeof u);
    int err = io_pwrite_all(s->fd, s->block, FSYNC_BLOCK, (off_t)((u % FSYNC_BLOCKS) * FSYNC_BLOCK));
    if (err)
      io_die(job, w->index, "write failed", err);
    if (fsync(s->fd) != 0)
      io_die(job, w->index, "fsync failed", errno);
    sum += tvp_mix64(u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_io_fsync = {
    .name = "io.fsync",
    .summary = "4 KiB write plus fsync into a private file under --tmpdir: the device's flush latency",
    .bound = "io",
    .unit = "4 KiB write and fsync",
    .rate_unit = "fsyncs/s",
    .rate_per_unit = 1.0,
    .default_units = 1000,
    .batch_units = 10,
    .test_units = 10,
    .shares = "the filesystem and its journal, the block device and its cache: each worker "
              "writes its own nameless file",
    .expect = "processes and threads alike: each fsync waits for the same journal commit "
              "and device flush, which know nothing of address spaces; more workers gain "
              "only as far as the filesystem batches their commits together",
    .worker_setup = fsync_setup,
    .worker_teardown = io_worker_file_close,
    .run = fsync_run,
};
