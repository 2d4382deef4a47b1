/* The warm starting state, counted in page faults and arena bytes, never in
 * time: after tvp_worker_warm a fresh thread's stack and a forked process's
 * view of the shared region fault no more, and after os.malloc's setup a
 * thread's arena neither grows nor faults over the kernel's default size. */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cell/warm.h"

/* Page-fault counts are the thing measured: a sanitizer's shadow memory and
 * fake stacks fault on their own schedule, and its malloc is not glibc's. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif

#define DEEP_BYTES (48 * 1024) /* a deep timed region, inside TVP_WARM_STACK_BYTES */
_Static_assert(DEEP_BYTES + 8 * 1024 <= TVP_WARM_STACK_BYTES, "room for the callers' frames");

static long thread_minflt(void) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  return ru.ru_minflt;
}

static tvp_job job_of(const char *kernel) {
  return (tvp_job){.kernel = tvp_kernel_find(kernel), .nworkers = 1,
                   .worker_kind = TVP_WORKER_THREAD};
}

/* Writes DEEP_BYTES of stack below the caller, as a deep run() would. */
__attribute__((noinline)) static void go_deep(void) {
  volatile unsigned char frame[DEEP_BYTES];
  for (size_t off = 0; off < sizeof frame; off += 512)
    frame[off] = 1;
}

typedef struct {
  int warm;
  long faults;
} deep_arg;

static void *deep_body(void *p) {
  deep_arg *a = p;
  tvp_job job = job_of("cpu.primes");
  if (a->warm)
    tvp_worker_warm(&job);
  long before = thread_minflt();
  go_deep();
  a->faults = thread_minflt() - before;
  return NULL;
}

/* A thread on a stack of its own, never touched: glibc would otherwise reuse
 * the cached stack of a thread joined earlier, whose pages are already in. */
static long deep_faults(int warm) {
  size_t size = 1024 * 1024;
  void *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(stack != MAP_FAILED);
  if (stack == MAP_FAILED)
    return -1;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstack(&attr, stack, size);
  deep_arg a = {.warm = warm, .faults = -1};
  pthread_t t;
  CHECK_EQ_INT(pthread_create(&t, &attr, deep_body, &a), 0);
  pthread_join(t, NULL);
  pthread_attr_destroy(&attr);
  munmap(stack, size);
  return a.faults;
}

static void test_stack(void) {
  /* The control shows the count can see the faults the warm-up removes. */
  CHECK(deep_faults(0) >= DEEP_BYTES / 4096 - 1);
  CHECK_EQ_INT(deep_faults(1), 0);
}

/* A forked process inherits no page-table entry of a shared mapping: its
 * first touch of the kernel's shared state faults unless the warm-up mapped it.
 * The child's exit status is its fault count (capped). */
static long shared_faults(int warm, volatile uint64_t *shared) {
  pid_t pid = fork();
  if (pid == 0) {
    tvp_job job = job_of("sync.atomic");
    job.shared = (void *)shared;
    if (warm)
      tvp_worker_warm(&job);
    /* Once before, as the worker does: this frame's pages are the parent's,
     * copy-on-write, and the reading's first copy-out would fault. */
    (void)thread_minflt();
    long before = thread_minflt();
    shared[0] += 1;
    long faults = thread_minflt() - before;
    _exit(faults > 100 ? 100 : (int)faults);
  }
  int status = 0;
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status));
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_shared(void) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uint64_t *shared = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(shared != MAP_FAILED);
  if (shared == MAP_FAILED)
    return;
  shared[0] = 0; /* the page exists, as the cell's would: the faults are only mapping it */
  CHECK_EQ_INT(shared_faults(0, shared), 1);
  CHECK_EQ_INT(shared_faults(1, shared), 0);
  munmap(shared, page);
}

typedef struct {
  int skipped;
  size_t arena_grown; /* bytes the arena grew in the timed call */
  long faults;
  uint64_t checksum;
} malloc_arg;

/* os.malloc as a thread worker runs it: setup, then the timed call, here
 * the default size, between two readings of the arena and the faults. */
static void *malloc_body(void *p) {
  malloc_arg *a = p;
  tvp_job job = job_of("os.malloc");
  tvp_worker_state w = {.index = 0};
  char why[256] = "";
  tvp_worker_warm(&job);
  if (job.kernel->worker_setup(&job, &w, why, sizeof why) != 0) {
    a->skipped = 1; /* mallopt refused: the malloc is not glibc's */
    return NULL;
  }
  size_t arena = mallinfo2().arena;
  long before = thread_minflt();
  a->checksum = job.kernel->run(&job, &w, 0, job.kernel->default_units);
  a->faults = thread_minflt() - before;
  a->arena_grown = mallinfo2().arena - arena;
  return NULL;
}

static void test_malloc_arena(void) {
  malloc_arg a = {0};
  pthread_t t;
  CHECK_EQ_INT(pthread_create(&t, NULL, malloc_body, &a), 0);
  pthread_join(t, NULL);
  if (a.skipped) {
    printf("os.malloc: skipped, this build's malloc is not glibc's\n");
    return;
  }
  CHECK_EQ_INT(a.arena_grown, 0);
  CHECK_EQ_INT(a.faults, 0);
  /* The warm-up's own units leave the run's work alone (docs/kernels.md). */
  CHECK(a.checksum == UINT64_C(14391338983561030530));
}

int main(void) {
#ifdef UNDER_SANITIZER
  (void)test_stack; /* built, not run: page faults under a sanitizer are its own */
  (void)test_shared;
  (void)test_malloc_arena;
  printf("skipped: page faults under a sanitizer are its own\n");
  return 0;
#else
  test_stack();
  test_shared();
  test_malloc_arena();
  CHECK_DONE();
#endif
}
