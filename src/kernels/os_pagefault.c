/* os.pagefault: anonymous page faults. Each unit maps 64 fresh pages, writes one
 * word to each (64 faults, each allocating and zeroing a page) and unmaps them. */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "os_common.h"

#define PF_PAGES 64

typedef struct {
  size_t page; /* bytes: the counts are pages, whatever their size */
} pagefault_state;

static int pagefault_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  (void)job;
  /* Four-kilobyte faults only: a transparent huge page (or a multi-size THP
   * folio, which the kernel may give a 256 KiB mapping) would fault in many
   * pages at once. The flag belongs to the process, so under thread every
   * worker sets it on the one cell process, under fork each on its own: the
   * same flag either way. A per-unit madvise(MADV_NOHUGEPAGE) would do the same
   * but add a VMA edit under the mm's lock to every unit. */
  if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0) {
    snprintf(why, why_len, "os.pagefault cannot turn transparent huge pages off: prctl: %s",
             strerror(errno));
    return -1;
  }
  pagefault_state *s = malloc(sizeof *s);
  if (!s) {
    snprintf(why, why_len, "out of memory");
    return -1;
  }
  s->page = (size_t)sysconf(_SC_PAGESIZE);
  w->priv = s;
  return 0;
}

static void pagefault_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  free(w->priv);
  w->priv = NULL;
}

static uint64_t pagefault_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                              uint64_t count) {
  const pagefault_state *s = w->priv;
  const size_t len = PF_PAGES * s->page;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    unsigned char *p =
        mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      os_die(job, w->index, "mmap of 64 pages failed", errno);
    /* One word a page is enough: the fault, not the write, is the work. The
     * word read back is what the fault mapped; munmap being opaque to the
     * compiler keeps every store. */
    for (uint64_t k = 0; k < PF_PAGES; k++) {
      volatile uint64_t *word = (volatile uint64_t *)(p + k * s->page);
      *word = tvp_mix64(u * PF_PAGES + k);
      sum += *word;
    }
    if (munmap(p, len) != 0)
      os_die(job, w->index, "munmap of 64 pages failed", errno);
  }
  return sum;
}

const tvp_kernel tvp_kernel_os_pagefault = {
    .name = "os.pagefault",
    .summary = "map 64 anonymous pages, write a word to each (64 page faults), unmap, per unit",
    .bound = "os",
    .unit = "mmap, 64 faults, munmap",
    .rate_unit = "faults/s",
    .rate_per_unit = 64.0,
    .default_units = 600,
    .batch_units = 5,
    .test_units = 20,
    .shares = "under thread, one address space: its mmap_lock, its VMA tree, its page "
              "tables and the CPUs it is live on; under fork and spawn each worker has its "
              "own mm; the pages themselves are private and fresh either way",
    .expect = "threads scale worse than processes: in one shared mm, every thread's mmap "
              "and munmap take the one mmap_lock for writing and queue on it, neighbouring "
              "mappings share page-table pages and their locks, and every munmap of "
              "touched pages must flush the TLB of each CPU running another thread of the "
              "mm (an inter-processor interrupt); processes fault into their own mm, flush "
              "only their own CPU, and scale until page allocation and zeroing saturate",
    .worker_setup = pagefault_setup,
    .worker_teardown = pagefault_teardown,
    .run = pagefault_run,
};
