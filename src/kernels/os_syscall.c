/* os.syscall: the cost of entering and leaving the kernel. Each unit is one
 * getppid system call, made through syscall(2) so no library cache answers it. */
#include <sys/syscall.h>
#include <unistd.h>

#include "kernels/kernel.h"

static uint64_t syscall_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                            uint64_t count) {
  (void)job;
  (void)w;
  uint64_t sum = 0;
  /* getppid reads the caller's parent under RCU and takes no lock: the time is
   * the entry and exit (and the speculation mitigations they carry), nothing more.
   * Its result is the cell under thread and fork alike, but a pid is not
   * deterministic, so the checksum folds the unit numbers only. */
  for (uint64_t u = first; u < first + count; u++) {
    syscall(SYS_getppid);
    sum += tvp_mix64(u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_os_syscall = {
    .name = "os.syscall",
    .summary = "one cheap system call (getppid through syscall(2)) per unit: the kernel entry baseline",
    .bound = "os",
    .unit = "system call",
    .rate_unit = "syscalls/s",
    .rate_per_unit = 1.0,
    .default_units = 400000,
    .batch_units = 2000,
    .test_units = 5000,
    .shares = "nothing: getppid reads the caller's own task under RCU and takes no lock",
    .expect = "processes and threads alike, scaling with cores: a system call's cost is the "
              "entry and exit on the caller's own CPU, and getppid touches no structure that "
              "threads share and processes do not; it is the baseline the other os.* kernels "
              "add their shared locks to",
    .run = syscall_run,
};
