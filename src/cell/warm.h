/* The warm starting state: what every worker does before the start barrier so
 * that its timed region begins from the same state under every model. A forked
 * worker inherits the cell's touched stack and mapped pages, a thread starts on
 * a fresh stack, a spawned worker in a fresh program; without this, each pays
 * a different set of first touches while the clock runs. */
#ifndef TVP_WARM_H
#define TVP_WARM_H

#include "kernels/kernel.h"

/* Stack written below the caller's frame: a kernel's run() and the libc calls
 * it makes use a few KiB (os.malloc's 32 pointers and sizes, cpu.nbody's five
 * bodies), and 64 KiB covers that many times over for 16 page faults in
 * setup. A thread's stack is at least the 256 KiB that tvp requires. */
#define TVP_WARM_STACK_BYTES (64 * 1024)

/* In the worker, after binding (so that first touch puts the pages on the
 * worker's node) and before the kernel's own setup: writes
 * TVP_WARM_STACK_BYTES of stack, maps the kernel's part of the shared region
 * into this process's page tables, writable, and the code and constants of
 * tvp and its libraries, readable. */
void tvp_worker_warm(const tvp_job *job);

#endif
