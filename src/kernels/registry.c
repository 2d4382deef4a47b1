/* The kernel registry: a plain array of descriptors. Adding a kernel is one new
 * file in this folder, its extern and its entry here, and one line in CMakeLists.txt. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/kernel.h"

extern const tvp_kernel tvp_kernel_cpu_primes;
extern const tvp_kernel tvp_kernel_cpu_nbody;
extern const tvp_kernel tvp_kernel_cpu_matmul;
extern const tvp_kernel tvp_kernel_cpu_hash;
extern const tvp_kernel tvp_kernel_mem_triad;
extern const tvp_kernel tvp_kernel_mem_chase;
extern const tvp_kernel tvp_kernel_mem_cache;
extern const tvp_kernel tvp_kernel_os_pagefault;
extern const tvp_kernel tvp_kernel_os_mmap;
extern const tvp_kernel tvp_kernel_os_malloc;
extern const tvp_kernel tvp_kernel_os_open;
extern const tvp_kernel tvp_kernel_os_syscall;
extern const tvp_kernel tvp_kernel_os_tlb;
extern const tvp_kernel tvp_kernel_sync_atomic;
extern const tvp_kernel tvp_kernel_sync_falseshare;
extern const tvp_kernel tvp_kernel_sync_padded;
extern const tvp_kernel tvp_kernel_sync_mutex;
extern const tvp_kernel tvp_kernel_sched_yield;
extern const tvp_kernel tvp_kernel_pool_map;
extern const tvp_kernel tvp_kernel_io_sleep;
extern const tvp_kernel tvp_kernel_io_fsync;
extern const tvp_kernel tvp_kernel_io_write;
extern const tvp_kernel tvp_kernel_io_read;
extern const tvp_kernel tvp_kernel_io_pipe;
extern const tvp_kernel tvp_kernel_io_tcp;
extern const tvp_kernel tvp_kernel_net_pingpong;
extern const tvp_kernel tvp_kernel_net_allreduce;
extern const tvp_kernel tvp_kernel_spawn_create;
extern const tvp_kernel tvp_kernel_spawn_rss;
extern const tvp_kernel tvp_kernel_spawn_cow;
extern const tvp_kernel tvp_kernel_spawn_exec;
extern const tvp_kernel tvp_kernel_test_crash;
extern const tvp_kernel tvp_kernel_test_exit;
extern const tvp_kernel tvp_kernel_test_hang;
extern const tvp_kernel tvp_kernel_test_abort;
extern const tvp_kernel tvp_kernel_test_oom;
extern const tvp_kernel tvp_kernel_test_closepipe;

static const tvp_kernel *const registry[] = {
    &tvp_kernel_cpu_primes, &tvp_kernel_cpu_nbody, &tvp_kernel_cpu_matmul, &tvp_kernel_cpu_hash,
    &tvp_kernel_mem_triad, &tvp_kernel_mem_chase, &tvp_kernel_mem_cache,
    &tvp_kernel_os_pagefault, &tvp_kernel_os_mmap, &tvp_kernel_os_malloc, &tvp_kernel_os_open,
    &tvp_kernel_os_syscall, &tvp_kernel_os_tlb,
    &tvp_kernel_sync_atomic, &tvp_kernel_sync_falseshare, &tvp_kernel_sync_padded,
    &tvp_kernel_sync_mutex, &tvp_kernel_sched_yield, &tvp_kernel_pool_map,
    &tvp_kernel_io_sleep, &tvp_kernel_io_fsync, &tvp_kernel_io_write, &tvp_kernel_io_read,
    &tvp_kernel_io_pipe, &tvp_kernel_io_tcp,
    &tvp_kernel_net_pingpong, &tvp_kernel_net_allreduce,
    &tvp_kernel_spawn_create, &tvp_kernel_spawn_rss, &tvp_kernel_spawn_cow, &tvp_kernel_spawn_exec,
    &tvp_kernel_test_crash, &tvp_kernel_test_exit,
    &tvp_kernel_test_hang, &tvp_kernel_test_abort, &tvp_kernel_test_oom,
    &tvp_kernel_test_closepipe,
};

size_t tvp_kernel_count(void) { return sizeof registry / sizeof registry[0]; }

const tvp_kernel *tvp_kernel_at(size_t i) {
  return i < tvp_kernel_count() ? registry[i] : NULL;
}

int tvp_kernel_visible(const tvp_kernel *k) {
  if (!k->test_only)
    return 1;
  const char *e = getenv("TVP_TEST_KERNELS");
  return e && strcmp(e, "1") == 0;
}

void tvp_kernel_groups(char *buf, size_t len, const char *sep) {
  size_t k = 0;
  buf[0] = 0;
  for (size_t i = 0; i < tvp_kernel_count() && k < len; i++) {
    const tvp_kernel *kern = tvp_kernel_at(i);
    size_t glen = strcspn(kern->name, ".");
    int seen = !tvp_kernel_visible(kern);
    for (size_t j = 0; j < i && !seen; j++)
      seen = tvp_kernel_visible(tvp_kernel_at(j)) &&
             strncmp(tvp_kernel_at(j)->name, kern->name, glen + 1) == 0;
    if (!seen)
      k += (size_t)snprintf(buf + k, len - k, "%s%.*s", k ? sep : "", (int)glen, kern->name);
  }
}

int tvp_kernel_name_valid(const char *name) {
  size_t group = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_");
  if (group == 0 || name[group] != '.')
    return 0;
  const char *rest = name + group + 1;
  size_t len = strspn(rest, "abcdefghijklmnopqrstuvwxyz0123456789_");
  return len > 0 && rest[len] == '\0';
}

const tvp_kernel *tvp_kernel_find(const char *name) {
  for (size_t i = 0; i < tvp_kernel_count(); i++)
    if (strcmp(registry[i]->name, name) == 0)
      return tvp_kernel_visible(registry[i]) ? registry[i] : NULL;
  return NULL;
}

int tvp_kernel_runs_distributed(const tvp_kernel *k) {
  if (k->messages)
    return 1;
  return k->shared_bytes == 0 && !k->paired && !k->claims_work && strcmp(k->bound, "spawn") != 0;
}

int tvp_kernel_check_fixed_time(const tvp_kernel *k, char *err, size_t errlen) {
  if (k->paired)
    snprintf(err, errlen, "%s pairs its workers and does not run in fixed-time mode (a "
             "worker could stop while its partner waits): use strong or weak scaling", k->name);
  else if (k->collective)
    snprintf(err, errlen, "%s makes every worker take part in every unit and does not run "
             "in fixed-time mode (one worker could stop while the others wait): use strong "
             "or weak scaling", k->name);
  else if (k->claims_work)
    snprintf(err, errlen, "%s hands out a fixed total of work through a shared counter and "
             "does not run in fixed-time mode: use strong or weak scaling", k->name);
  else
    return 0;
  return -1;
}

/* Per thread: every worker thread (and a process forked from one) has its own. */
static _Thread_local char *reason_buf;
static _Thread_local size_t reason_len;

void tvp_kernel_reason_to(char *buf, size_t len) {
  reason_buf = buf;
  reason_len = len;
}

static void (*failure_hook)(const char *why);

void tvp_kernel_on_failure(void (*hook)(const char *why)) { failure_hook = hook; }

void tvp_kernel_failed(const char *fmt, ...) {
  if (!reason_buf || !reason_len || reason_buf[0])
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason_buf, reason_len, fmt, ap);
  va_end(ap);
  if (failure_hook)
    failure_hook(reason_buf);
}
