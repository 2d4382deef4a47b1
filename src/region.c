/* Lays out and maps the shared region (see region.h). */
#include <sys/mman.h>

#include "region.h"

static uint64_t round_up(uint64_t x, uint64_t to) { return (x + to - 1) / to * to; }

tvp_region *tvp_region_create(uint32_t nworkers, size_t shared_bytes) {
  uint64_t slots_off = round_up(sizeof(tvp_region), TVP_CACHELINE);
  uint64_t shared_off = round_up(slots_off + (uint64_t)nworkers * sizeof(tvp_sample), 4096);
  uint64_t total = shared_off + round_up(shared_bytes, 4096);
  void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  tvp_region *r = p; /* anonymous memory is zeroed: every slot starts TVP_SLOT_EMPTY */
  r->nworkers = nworkers;
  r->slots_off = slots_off;
  r->shared_off = shared_bytes ? shared_off : 0;
  r->total_bytes = total;
  return r;
}

void tvp_region_destroy(tvp_region *r) {
  if (r)
    munmap(r, r->total_bytes);
}
