/* os.tlb: TLB shootdowns. Each worker owns 16 pages; a unit writes a word to each
 * (faulting them back in) and drops them with madvise(MADV_DONTNEED). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "os_common.h"

#define TLB_PAGES 16
#define TLB_PMD (2ULL * 1024 * 1024) /* the span one page-table page maps on x86-64 */

typedef struct {
  unsigned char *base; /* the worker's pages: TLB_PAGES dropped each unit, then one kept */
  size_t page, len;    /* len covers the dropped pages only */
} tlb_state;

static int tlb_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  (void)job;
  tlb_state *s = calloc(1, sizeof *s);
  if (!s) {
    snprintf(why, why_len, "out of memory");
    return -1;
  }
  s->page = (size_t)sysconf(_SC_PAGESIZE);
  s->len = TLB_PAGES * s->page;
  size_t mapped = s->len + s->page; /* one more page, never dropped: see below */
  /* The pages start a 2 MiB-aligned span of their own: under thread, workers'
   * regions then sit in separate VMAs and page-table pages, so they share no
   * page-table lock and the only thing the shared mm adds is the shootdown.
   * Reserve 2 MiB more than needed, keep the aligned part, give the rest back. */
  size_t span = (size_t)TLB_PMD + mapped;
  unsigned char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) {
    snprintf(why, why_len, "os.tlb: mmap of %zu bytes failed: %s", span, strerror(errno));
    free(s);
    return -1;
  }
  unsigned char *base = (unsigned char *)(((uintptr_t)raw + TLB_PMD - 1) & ~(uintptr_t)(TLB_PMD - 1));
  if (base > raw)
    munmap(raw, (size_t)(base - raw));
  if (raw + span > base + mapped)
    munmap(base + mapped, (size_t)(raw + span - (base + mapped)));
  s->base = base;
  w->priv = s;
  /* Small pages only: a huge page would make a unit one fault and one entry. */
  if (madvise(base, mapped, MADV_NOHUGEPAGE) != 0 && errno != EINVAL) {
    snprintf(why, why_len, "os.tlb: madvise(MADV_NOHUGEPAGE) failed: %s", strerror(errno));
    return -1;
  }
  /* The last page stays resident for the whole run: a kernel that frees empty
   * page tables on MADV_DONTNEED (CONFIG_PT_RECLAIM) would otherwise free the
   * worker's page-table page every unit and allocate it again at the next
   * fault. The others are touched and dropped once, so the page table exists
   * before the timed region and every unit, the first included, faults 16 times. */
  for (size_t k = 0; k <= TLB_PAGES; k++)
    base[k * s->page] = 1;
  if (madvise(base, s->len, MADV_DONTNEED) != 0) {
    snprintf(why, why_len, "os.tlb: madvise(MADV_DONTNEED) failed: %s", strerror(errno));
    return -1;
  }
  return 0;
}

static void tlb_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  tlb_state *s = w->priv;
  if (!s)
    return;
  if (s->base)
    munmap(s->base, s->len + s->page);
  free(s);
  w->priv = NULL;
}

static uint64_t tlb_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                        uint64_t count) {
  const tlb_state *s = w->priv;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    for (uint64_t k = 0; k < TLB_PAGES; k++) {
      volatile uint64_t *word = (volatile uint64_t *)(s->base + k * s->page);
      *word = tvp_mix64(u * TLB_PAGES + k);
      sum += *word;
    }
    /* Unmaps the 16 pages and frees them: the TLB entries of this range must go
     * from every CPU that may hold them, which for a shared mm means every CPU
     * running one of its threads. */
    if (madvise(s->base, s->len, MADV_DONTNEED) != 0)
      os_die(job, w->index, "madvise(MADV_DONTNEED) failed", errno);
  }
  return sum;
}

const tvp_kernel tvp_kernel_os_tlb = {
    .name = "os.tlb",
    .summary = "write 16 private pages (16 page faults) and drop them with madvise(MADV_DONTNEED), per unit",
    .bound = "os",
    .unit = "16 faults + MADV_DONTNEED",
    .rate_unit = "flushes/s",
    .rate_per_unit = 1.0,
    .default_units = 1000,
    .batch_units = 10,
    .test_units = 40,
    .shares = "under thread, one address space and so one set of CPUs whose TLBs may hold "
              "its entries; each worker's 16 pages sit in their own VMA and page-table page; "
              "under fork and spawn nothing but the page allocator",
    .expect = "threads scale worse than processes: dropping pages of a shared mm must flush "
              "them from the TLB of every other CPU running one of its threads, an "
              "inter-processor interrupt and a wait for each to answer, so each worker added "
              "slows every other one; a process's mm runs on its own CPU only, its flush is "
              "local, and processes scale with the cores",
    .worker_setup = tlb_setup,
    .worker_teardown = tlb_teardown,
    .run = tlb_run,
};
