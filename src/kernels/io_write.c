/* io.write: buffered sequential writes. Each unit copies 64 KiB into the page
 * cache of the worker's own nameless file; nothing waits for the device. */
#include <stdlib.h>
#include <string.h>

#include "io_file.h"

#define WRITE_BLOCK (64 * IO_KiB)
/* Unit u writes block u mod 4096 of the file, which so wraps at 256 MiB. A
 * write that would land at or below a block already written since the last
 * truncation truncates the file first, so every write lands on fresh pages
 * (page allocation and delayed block allocation included, as in a file being
 * written out) in every scaling mode, and the page cache holds at most 256 MiB
 * per worker. Dirty pages of a file that no name reaches are dropped, never
 * written to the device, when it closes. */
#define WRITE_CAP (256 * IO_MiB)
#define WRITE_BLOCKS (WRITE_CAP / WRITE_BLOCK)

static int write_prepare(tvp_job *job, char *why, size_t why_len) {
  return io_check_memory(job, WRITE_CAP, why, why_len);
}

static int write_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  io_worker_file *s = io_worker_file_open(job, w, WRITE_BLOCK, 0xa5, why, why_len);
  return s ? 0 : -1;
}

static uint64_t write_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  io_worker_file *s = w->priv;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    uint64_t b = u % WRITE_BLOCKS;
    if (b < s->end) {
      if (ftruncate(s->fd, 0) != 0)
        io_die(job, w->index, "ftruncate failed", errno);
      s->end = 0;
    }
    memcpy(s->block, &u, sizeof u); /* each write carries its unit's number */
    int err = io_pwrite_all(s->fd, s->block, WRITE_BLOCK, (off_t)(b * WRITE_BLOCK));
    if (err)
      io_die(job, w->index, "write failed", err);
    s->end = b + 1;
    sum += tvp_mix64(u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_io_write = {
    .name = "io.write",
    .summary = "sequential 64 KiB buffered writes into a private file under --tmpdir, wrapping at 256 MiB",
    .bound = "io",
    .unit = "64 KiB write",
    .rate_unit = "B/s",
    .rate_per_unit = 65536.0,
    .default_units = 40000,
    .batch_units = 250,
    .test_units = 100,
    .shares = "the page allocator, the filesystem's allocator and journal, the memory bus: "
              "each worker writes its own nameless file from its own buffer",
    .expect = "processes and threads alike: write copies into page-cache pages that "
              "belong to the file, allocates them and updates the inode under the file's "
              "own locks, whoever the caller is; speedup flattens when the copies and page "
              "allocations saturate memory bandwidth",
    .prepare = write_prepare,
    .worker_setup = write_setup,
    .worker_teardown = io_worker_file_close,
    .run = write_run,
};
