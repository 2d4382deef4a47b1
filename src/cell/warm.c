/* The warm starting state (see warm.h). */
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cell/warm.h"

/* Not inlined, so its frame lies below the caller's, where run()'s frames will
 * be. Volatile, so the stores are made. A forked worker's stack pages are the
 * cell's, shared copy-on-write: only a write makes them its own. */
__attribute__((noinline)) static void touch_stack(size_t page) {
  volatile unsigned char pad[TVP_WARM_STACK_BYTES];
  for (size_t off = 0; off < sizeof pad; off += page)
    pad[off] = 0;
  pad[sizeof pad - 1] = 0;
}

/* The kernel's state in the shared region: a thread sees the cell's mapping,
 * whose pages the cell's prepare may have touched; a forked worker inherits no
 * page-table entry of a shared mapping, and a spawned one maps it afresh, so
 * both would fault on the first access in the timed region. Populating it
 * writes nothing (a kernel before 5.14 refuses, and the faults stay where
 * they were). */
static void map_shared(const tvp_job *job, size_t page) {
  if (!job->shared || !job->kernel || job->kernel->shared_bytes == 0)
    return;
  uintptr_t lo = (uintptr_t)job->shared & ~(uintptr_t)(page - 1);
  uintptr_t hi = ((uintptr_t)job->shared + job->kernel->shared_bytes + page - 1) &
                 ~(uintptr_t)(page - 1);
  (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
}

/* The read-only segments (code, constants) of tvp and of every library it
 * loaded. A fork inherits no page-table entry of a file mapping, and a thread
 * runs in the cell, which has faulted in only the pages it ran itself; a
 * spawned program has faulted in those that its start-up and fault-around
 * reached. Each first run of a kernel's code page, or first read of a constant
 * (the measurement's own 1e6), would be a fault in the timed region, under
 * some models and not others. */
static int map_code(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  size_t page = *(const size_t *)arg;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) || ph->p_memsz == 0)
      continue;
    uintptr_t start = (uintptr_t)(info->dlpi_addr + ph->p_vaddr);
    uintptr_t lo = start & ~(uintptr_t)(page - 1);
    uintptr_t hi = (start + ph->p_memsz + page - 1) & ~(uintptr_t)(page - 1);
    (void)madvise((void *)lo, hi - lo, MADV_POPULATE_READ); /* the vDSO refuses: no matter */
  }
  return 0;
}

void tvp_worker_warm(const tvp_job *job) {
  long page = sysconf(_SC_PAGESIZE);
  size_t p = page > 0 ? (size_t)page : 4096;
  touch_stack(p);
  map_shared(job, p);
  dl_iterate_phdr(map_code, &p);
}
