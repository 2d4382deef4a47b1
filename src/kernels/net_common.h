/* What the message kernels (net.pingpong, net.allreduce) share: the message
 * size check, the choice of transport, and waiting on a shared word. */
#ifndef TVP_NET_COMMON_H
#define TVP_NET_COMMON_H

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "base/futex.h"
#include "io_file.h"
#include "kernels/kernel.h"

#define NET_MIN_BYTES 1ULL
#define NET_MAX_BYTES (64ULL << 20)
/* As many workers as tvp allows (TVP_MAX_WORKERS). */
#define NET_MAX_WORKERS 4096

/* Populating a mapping's page tables without writing to it (Linux 5.14). */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* How a job's workers talk. Under mpi the harness hands the kernel
 * job->comm and no shared region; the local models leave the transport to
 * the kernel, which picks by the job's worker kind. */
typedef enum { NET_COMM, NET_SHM, NET_PIPE } net_transport;

static inline int net_is_thread(const tvp_job *job) { return job->worker_kind == TVP_WORKER_THREAD; }

/* Workers that inherit the mappings the cell made before them (threads, forked
 * children); a spawned worker maps the shared memory again for itself. */
static inline int net_inherits_mappings(const tvp_job *job) {
  return job->worker_kind == TVP_WORKER_THREAD || job->worker_kind == TVP_WORKER_FORK;
}

/* The configuration's message size, or the kernel's default for 0. */
static inline uint64_t net_bytes(const tvp_job *job, uint64_t dflt) {
  return job->footprint ? job->footprint : dflt;
}

/* Refuses a message size out of [1 B, 64 MiB]; `multiple` 8 for a vector of
 * 64-bit elements, 1 for bytes. */
static inline int net_check_bytes(const tvp_job *job, uint64_t bytes, uint64_t multiple,
                                  const char *what, char *why, size_t why_len) {
  if (bytes < NET_MIN_BYTES * multiple || bytes > NET_MAX_BYTES || bytes % multiple) {
    snprintf(why, why_len, "%s takes a --footprint (%s) from %llu to 64Mi bytes%s, not %llu",
             job->kernel->name, what, (unsigned long long)(NET_MIN_BYTES * multiple),
             multiple > 1 ? ", a multiple of 8 (64-bit elements)" : "", (unsigned long long)bytes);
    return -1;
  }
  return 0;
}

/* Refuses a configuration whose buffers would take over half of the machine. */
static inline int net_check_memory(const tvp_job *job, uint64_t need, char *why, size_t why_len) {
  if (job->mem_bytes && need > job->mem_bytes / 2) {
    snprintf(why, why_len, "%s needs %.1f GiB of buffers for %u workers, over half of the %.1f "
             "GiB this machine has; use fewer workers or a smaller --footprint",
             job->kernel->name, need / 1073741824.0, job->nworkers,
             job->mem_bytes / 1073741824.0);
    return -1;
  }
  return 0;
}

/* Whether a waiting worker should poll before it sleeps: only when every
 * worker can have a CPU of its own, as the harness's barrier decides. Asked in
 * the cell, before any worker is bound. */
static inline int net_cell_can_spin(const tvp_job *job) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0)
    return 0;
  return job->nworkers <= (unsigned)CPU_COUNT(&set);
}

/* How long a waiter polls before it sleeps on the futex. With a CPU each, a
 * waiter polls as MPI's shared-memory transports do, for 1 ms plus 1 ns per
 * byte it waits for (the partner's copy at 1 GB/s or more); sleeping would
 * add a futex wake-up, on a virtual machine a halted vCPU's, to every message
 * that takes longer than the poll. With more workers than CPUs the partner
 * may need this CPU, so the waiter sleeps almost at once. */
static inline int64_t net_spin_ns(int spin, uint64_t bytes) {
  return spin ? 1000000LL + (int64_t)bytes : 2000;
}

static inline void net_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static inline int64_t net_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A word one side changes and the other waits on, with a count of sleepers so
 * that the changing side makes the futex call only when someone sleeps. */
typedef struct {
  _Atomic uint32_t word;
  _Atomic uint32_t sleepers;
} net_signal;

/* Waits until sig->word is `want`: polls for up to spin_ns, then sleeps on
 * the futex. The acquire loads pair with net_signal_set's release, so what
 * the other side wrote before it is visible after. */
static inline void net_signal_wait(net_signal *sig, uint32_t want, int64_t spin_ns) {
  if (atomic_load_explicit(&sig->word, memory_order_acquire) == want)
    return;
  int64_t deadline = net_now_ns() + spin_ns;
  for (unsigned i = 1;; i++) {
    net_cpu_relax();
    if (atomic_load_explicit(&sig->word, memory_order_acquire) == want)
      return;
    if ((i & 63) == 0 && net_now_ns() > deadline)
      break;
  }
  /* Announce the sleep, then look once more: the setter stores the word
   * before it reads the count (both sequentially consistent), so either it
   * sees this sleeper or this look sees its word. */
  atomic_fetch_add(&sig->sleepers, 1);
  for (uint32_t now; (now = atomic_load(&sig->word)) != want;)
    tvp_futex_wait_shared(&sig->word, now, -1);
  atomic_fetch_sub(&sig->sleepers, 1);
}

/* Sets the word and wakes whoever sleeps on it. */
static inline void net_signal_set(net_signal *sig, uint32_t value) {
  atomic_store(&sig->word, value);
  if (atomic_load(&sig->sleepers))
    tvp_futex_wake_all_shared(&sig->word);
}

/* Maps the first `bytes` of a memfd that prepare() made, shared, with every
 * page present, so that no page fault falls in the timed region. NULL after a
 * reason. */
static inline void *net_map_shared(const tvp_job *job, int fd, size_t bytes, char *why,
                                   size_t why_len) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    snprintf(why, why_len, "%s cannot map its %zu-byte shared buffer: %s", job->kernel->name,
             bytes, strerror(errno));
    return NULL;
  }
  return p;
}

/* Faults in every page of [p, p + bytes) writable, without writing (a kernel
 * before 5.14 refuses, and the pages then fault in during the first units). */
static inline void net_populate(void *p, size_t bytes) {
  (void)madvise(p, bytes, MADV_POPULATE_WRITE);
}

#endif
