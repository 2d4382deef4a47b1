/* os.mmap: address-space churn. Each unit maps 64 KiB of anonymous memory and
 * unmaps it without touching it: the work is the mm's bookkeeping, not pages. */
#include <sys/mman.h>

#include "os_common.h"

#define MMAP_BYTES (64 * 1024)

static uint64_t mmap_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                         uint64_t count) {
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    /* Untouched, the mapping never gets a page or a page table, so munmap has no
     * TLB entry to flush: both calls are the VMA tree under the mm's lock alone. */
    void *p = mmap(NULL, MMAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      os_die(job, w->index, "mmap of 64 KiB failed", errno);
    if (munmap(p, MMAP_BYTES) != 0)
      os_die(job, w->index, "munmap of 64 KiB failed", errno);
    sum += tvp_mix64(u); /* the unit's number: an address is not deterministic */
  }
  return sum;
}

const tvp_kernel tvp_kernel_os_mmap = {
    .name = "os.mmap",
    .summary = "map 64 KiB of anonymous memory and unmap it untouched, per unit",
    .bound = "os",
    .unit = "mmap and munmap pair",
    .rate_unit = "pairs/s",
    .rate_per_unit = 1.0,
    .default_units = 120000,
    .batch_units = 500,
    .test_units = 2000,
    .shares = "under thread, one address space: its mmap_lock and its VMA tree; under "
              "fork and spawn each worker has its own; no pages are touched",
    .expect = "threads scale worse than processes: mmap and munmap each take the mm's "
              "mmap_lock for writing and edit its VMA tree, and threads share one mm, so "
              "their calls queue on one lock and bounce its cache lines between cores; "
              "each process edits its own mm and scales with the cores",
    .run = mmap_run,
};
