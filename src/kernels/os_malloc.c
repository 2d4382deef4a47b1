/* os.malloc: allocator churn. Each unit allocates 32 blocks of sizes drawn from
 * a fixed sequence (mostly small, some up to 64 KiB, now and then one past the
 * mmap threshold), writes each block's ends, and frees them in a scrambled order.
 * Every worker starts from a grown, warm arena, so the timed loop is glibc's
 * own work in user space: no system call and no page fault under any model. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "os_common.h"

#define MALLOC_BURST 32
#define MALLOC_LARGE_EVERY 16 /* units; the first block of every 16th unit is large */
#define MALLOC_MMAP_THRESHOLD (128 * 1024)
#define MALLOC_TRIM_THRESHOLD (8 * 1024 * 1024)
/* The arena every worker starts from. The pattern's largest burst holds about
 * 1 MiB (a 512 KiB block and up to eight of 64 KiB), and a thread's arena left
 * to grow by itself reached 1.1 MiB over the default size; 4 MiB holds that
 * with room for fragmentation (2 MiB was the least that kept every large block
 * off mmap in the timed region on glibc 2.36), and stays under the trim
 * threshold, so no free gives it back. */
#define MALLOC_WARM_BYTES (4 * 1024 * 1024)
#define MALLOC_WARM_UNITS 1024 /* 64 large blocks, 32768 in all: the bins see every size class */
#define MALLOC_WARM_FIRST (UINT64_C(1) << 40) /* no run's numbering reaches these units */
_Static_assert(MALLOC_WARM_BYTES < MALLOC_TRIM_THRESHOLD, "a warm arena must outlive a free");

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

/* Grows the worker's arena to MALLOC_WARM_BYTES: blocks of the kernel's largest
 * heap size (64 KiB, under the mmap threshold, so they come from the arena),
 * every page written, then all freed. They coalesce into the arena's top,
 * which the 8 MiB trim threshold keeps, pages and all. */
static int malloc_grow_arena(void) {
  enum { BLOCK = 64 * 1024, BLOCKS = MALLOC_WARM_BYTES / BLOCK };
  unsigned char *block[BLOCKS];
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  unsigned n;
  for (n = 0; n < BLOCKS; n++) {
    block[n] = malloc(BLOCK);
    if (!block[n])
      break;
    for (size_t off = 0; off < BLOCK; off += page)
      block[n][off] = 1;
    os_escape(block[n]);
  }
  for (unsigned k = 0; k < n; k++)
    free(block[k]);
  return n == BLOCKS ? 0 : -1;
}

static int malloc_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  /* glibc raises its mmap threshold to the size of each mmapped block freed,
   * so after the first large free every "large" block would come from the heap.
   * Fixing the threshold at its default 128 KiB keeps large blocks on mmap
   * whenever the arena's top cannot hold them, and a trim threshold of 8 MiB
   * keeps the heap from shrinking (and re-faulting) after each unit, as the
   * sliding thresholds would have. The settings belong to the process: under
   * thread every worker sets the same values on the cell. */
  if (mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_THRESHOLD) != 1 ||
      mallopt(M_TRIM_THRESHOLD, MALLOC_TRIM_THRESHOLD) != 1) {
    snprintf(why, why_len, "os.malloc: mallopt refused the mmap and trim thresholds");
    return -1;
  }
  /* The same warm arena under every model. A forked worker is its process's
   * main thread and allocates from the main arena, inherited already grown
   * from the cell; a thread gets a fresh arena of its own, and a spawned
   * worker a fresh main arena. Until an arena has grown to the pattern's
   * working size, its top cannot hold a large block, which then costs an mmap
   * and a munmap, and every page it grows into faults on first touch: about
   * 420 extra pairs and 850 extra faults for a thread at the default size, in
   * the timed region. So every worker grows its arena here, then runs the pattern
   * itself for a while (units of its own, outside the run's numbering), which
   * leaves the bins and this thread's tcache as the timed loop will find them. */
  if (malloc_grow_arena() != 0) {
    snprintf(why, why_len, "os.malloc: out of memory growing the arena to %d KiB",
             MALLOC_WARM_BYTES / 1024);
    return -1;
  }
  (void)malloc_run(job, w, MALLOC_WARM_FIRST, MALLOC_WARM_UNITS);
  return 0;
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
    .shares = "under thread, one glibc malloc state: each thread allocates from an arena of "
              "its own while there are at most 8 per CPU, past that threads share arenas and "
              "their locks; under fork and spawn each worker has its own main arena. Every "
              "worker's arena is grown to 4 MiB and warmed before the start, so no unit maps, "
              "unmaps or faults, the large blocks included",
    .expect = "processes ahead at one worker, by a tenth to a fifth of the CPU time: a unit is "
              "glibc's work in user space (tcache, bins, splitting and coalescing), the same "
              "code under every model, but a process with one thread skips the arena's lock "
              "where a thread takes and releases it, an atomic instruction each, on every "
              "malloc and free its tcache does not serve; past 8 threads per CPU, threads "
              "share arenas and wait on their locks, which processes never do",
    .worker_setup = malloc_setup,
    .run = malloc_run,
};
