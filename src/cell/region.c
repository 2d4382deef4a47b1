/* Lays out and maps the shared region (see region.h). A memfd rather than an
 * anonymous mapping, so that exec'd workers can map the same pages. */
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cell/region.h"

static uint64_t round_up(uint64_t x, uint64_t to) { return (x + to - 1) / to * to; }

tvp_region *tvp_region_create(uint32_t nworkers, size_t shared_bytes) {
  uint64_t slots_off = round_up(sizeof(tvp_region), TVP_CACHELINE);
  uint64_t shared_off = round_up(slots_off + (uint64_t)nworkers * sizeof(tvp_sample), 4096);
  uint64_t total = shared_off + round_up(shared_bytes, 4096);
  /* No MFD_CLOEXEC: spawned workers find the region through this descriptor. */
  int fd = memfd_create("tvp-region", 0);
  if (fd < 0)
    return NULL;
  if (ftruncate(fd, (off_t)total) != 0) {
    close(fd);
    return NULL;
  }
  void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    close(fd);
    return NULL;
  }
  tvp_region *r = p; /* a new memfd reads as zeros: every slot starts TVP_SLOT_EMPTY */
  r->nworkers = nworkers;
  r->slots_off = slots_off;
  r->shared_off = shared_bytes ? shared_off : 0;
  r->total_bytes = total;
  r->fd = fd;
  return r;
}

tvp_region *tvp_region_attach(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(tvp_region))
    return NULL;
  void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    return NULL;
  tvp_region *r = p;
  if (r->total_bytes != (uint64_t)st.st_size) {
    munmap(p, (size_t)st.st_size);
    return NULL;
  }
  return r;
}

void tvp_region_destroy(tvp_region *r, int owner) {
  if (!r)
    return;
  int fd = r->fd;
  munmap(r, r->total_bytes);
  if (owner)
    close(fd);
}

void tvp_region_abort(tvp_region *r) {
  tvp_barrier_abort(&r->barrier);
  tvp_barrier_abort(&r->end_barrier);
  atomic_store(&r->stop, 1);
}
