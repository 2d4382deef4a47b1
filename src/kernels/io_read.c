/* io.read: buffered sequential reads served by the page cache. Setup writes the
 * worker's own nameless 256 MiB file once; each unit copies 64 KiB of it out. */
#include <stdlib.h>
#include <string.h>

#include "io_file.h"

#define READ_BLOCK (64 * IO_KiB)
/* 256 MiB: larger than the last-level cache of most machines, so reads come
 * from memory through the page cache, and a fixed size keeps the checksum the
 * same on every machine. */
#define READ_FILE (256 * IO_MiB)
#define READ_BLOCKS (READ_FILE / READ_BLOCK)

/* Block b of every worker's file starts with this word; the rest is filler. */
static uint64_t read_stamp(uint64_t b) { return tvp_mix64(b); }

static int read_prepare(tvp_job *job, char *why, size_t why_len) {
  return io_check_memory(job, READ_FILE, why, why_len);
}

static int read_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  io_worker_file *s = io_worker_file_open(job, w, READ_BLOCK, 0x3c, why, why_len);
  if (!s)
    return -1;
  /* Written, not flushed: the pages stay in the page cache, dirty, and the
   * file is gone before the kernel's 30 s dirty expiry would write them. */
  for (uint64_t b = 0; b < READ_BLOCKS; b++) {
    uint64_t stamp = read_stamp(b);
    memcpy(s->block, &stamp, sizeof stamp);
    int err = io_pwrite_all(s->fd, s->block, READ_BLOCK, (off_t)(b * READ_BLOCK));
    if (err) {
      snprintf(why, why_len, "io.read cannot write its 256 MiB file in %s: %s", job->tmpdir,
               strerror(err));
      return -1;
    }
  }
  return 0;
}

static uint64_t read_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                         uint64_t count) {
  io_worker_file *s = w->priv;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    uint64_t b = u % READ_BLOCKS;
    size_t got = 0;
    while (got < READ_BLOCK) {
      ssize_t n = pread(s->fd, s->block + got, READ_BLOCK - got, (off_t)(b * READ_BLOCK + got));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        io_die(job, w->index, "read failed", n < 0 ? errno : 0);
      got += (size_t)n;
    }
    uint64_t stamp;
    memcpy(&stamp, s->block, sizeof stamp);
    sum += stamp; /* the word read, so a block not really read shows */
  }
  return sum;
}

const tvp_kernel tvp_kernel_io_read = {
    .name = "io.read",
    .summary = "sequential 64 KiB buffered reads of a private 256 MiB file held in the page cache",
    .bound = "io",
    .unit = "64 KiB read",
    .rate_unit = "B/s",
    .rate_per_unit = 65536.0,
    .default_units = 80000,
    .batch_units = 500,
    .test_units = 200,
    .shares = "the page cache's machinery and the memory bus: each worker reads its own "
              "nameless file into its own buffer",
    .expect = "processes and threads alike: a read is a copy from page-cache pages that "
              "belong to the file, not to an address space, under the file's own locks; "
              "speedup flattens when the copies saturate memory bandwidth",
    .prepare = read_prepare,
    .worker_setup = read_setup,
    .worker_teardown = io_worker_file_close,
    .run = read_run,
};
