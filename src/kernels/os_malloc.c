/* os.malloc: allocator churn. Each unit allocates 32 blocks of sizes drawn from
 * a fixed sequence (mostly small, some up to 64 KiB, now and then one past the
 * mmap threshold), writes each block's ends, and frees them in a scrambled order. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "os_common.h"

#define MALLOC_BURST 32
#define MALLOC_LARGE_EVERY 16 /* units; the first block of every 16th unit is large */
#define MALLOC_MMAP_THRESHOLD (128 * 1024)
#define MALLOC_TRIM_THRESHOLD (8 * 1024 * 1024)

/* Block k of unit u: three in four are 16-255 B, one in four 256 B to 64 KiB
 * (log-uniform), and block 0 of every 16th unit 128-512 KiB, past the threshold. */
static size_t malloc_size(uint64_t u, unsigned k) {
  uint64_t h = tvp_mix64(u * MALLOC_BURST + k);
  if (k == 0 && u % MALLOC_LARGE_EVERY == 0)
    return MALLOC_MMAP_THRESHOLD + (size_t)(h % (384 * 1024));
  if (h % 4 != 0)
    return 16 + (size_t)((h >> 8) % 240);
  size_t base = (size_t)256 << ((h >> 8) % 8); /* 256 B ... 32 KiB */
  return base + (size_t)((h >> 16) % base);  /* ... up to just under 64 KiB */
}

static int malloc_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  (void)job;
  (void)w;
  /* glibc raises its mmap threshold to the size of each mmapped block freed,
   * so after the first large free every "large" block would come from the heap.
   * Fixing the threshold at its default 128 KiB keeps large blocks on mmap, and
   * a trim threshold of 8 MiB keeps the heap from shrinking (and re-faulting)
   * after each unit, as the sliding thresholds would have. The settings belong
   * to the process: under thread every worker sets the same values on the cell. */
  if (mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_THRESHOLD) != 1 ||
      mallopt(M_TRIM_THRESHOLD, MALLOC_TRIM_THRESHOLD) != 1) {
    snprintf(why, why_len, "os.malloc: mallopt refused the mmap and trim thresholds");
    return -1;
  }
  return 0;
}

static uint64_t malloc_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                           uint64_t count) {
  uint64_t sum = 0;
  unsigned char *block[MALLOC_BURST];
  size_t size[MALLOC_BURST];
  for (uint64_t u = first; u < first + count; u++) {
    for (unsigned k = 0; k < MALLOC_BURST; k++) {
      size[k] = malloc_size(u, k);
      block[k] = malloc(size[k]);
      if (!block[k])
        os_die(job, w->index, "malloc failed", errno);
      /* A stamp at both ends touches the first and the last page, as a program
       * filling the block would, without making the unit a memset. */
      uint64_t stamp = tvp_mix64(u * MALLOC_BURST + k);
      memcpy(block[k], &stamp, sizeof stamp);
      memcpy(block[k] + size[k] - sizeof stamp, &stamp, sizeof stamp);
      os_escape(block[k]);
    }
    /* 13 is odd, so k * 13 mod 32 visits every block once, out of order: the
     * allocator coalesces and bins as it does for lifetimes that cross. */
    for (unsigned i = 0; i < MALLOC_BURST; i++) {
      unsigned k = (i * 13) % MALLOC_BURST;
      uint64_t head, tail;
      memcpy(&head, block[k], sizeof head);
      memcpy(&tail, block[k] + size[k] - sizeof tail, sizeof tail);
      sum += head + tail + size[k];
      free(block[k]);
    }
  }
  return sum;
}

const tvp_kernel tvp_kernel_os_malloc = {
    .name = "os.malloc",
    .summary = "malloc 32 blocks of 16 B to 64 KiB (1 in 512 past the mmap threshold), "
               "write their ends, free them out of order",
    .bound = "os",
    .unit = "burst of 32 mallocs and frees",
    .rate_unit = "allocations/s",
    .rate_per_unit = 32.0,
    .default_units = 250000,
    .batch_units = 1000,
    .test_units = 2000,
    .shares = "under thread, one glibc malloc state (each thread gets an arena of its own, "
              "grown by mprotect in the shared mm) and one address space, which the large "
              "blocks map and unmap; under fork and spawn each worker has its own heap and mm",
    .expect = "threads scale somewhat worse than processes: small and medium blocks come "
              "from each thread's own arena and cost the same as a process's heap, but every "
              "block past the mmap threshold is an mmap and a munmap under the shared mm's "
              "mmap_lock, and the munmap of its touched pages flushes the TLB of every CPU "
              "running another thread; processes do these in private mms",
    .worker_setup = malloc_setup,
    .run = malloc_run,
};
