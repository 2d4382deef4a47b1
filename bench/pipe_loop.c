/* The cross-check for io.pipe: a forked child echoes one byte over two pipes N
 * times, no harness around it. Usage: pipe_loop [N [PARENT_CPU CHILD_CPU]]. */
#define _GNU_SOURCE /* fork, sched_setaffinity: the build is strict C11 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void pin(int cpu) {
  if (cpu < 0)
    return; /* no CPU given: the OS places it */
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    perror("sched_setaffinity"), exit(1);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
  int pcpu = argc > 3 ? (int)strtol(argv[2], NULL, 10) : -1;
  int ccpu = argc > 3 ? (int)strtol(argv[3], NULL, 10) : -1;
  int there[2], back[2];
  char b = 'q';
  if (n <= 0 || pipe(there) != 0 || pipe(back) != 0)
    return fprintf(stderr, "usage: pipe_loop [N > 0 [PARENT_CPU CHILD_CPU]]\n"), 2;
  pid_t pid = fork();
  if (pid == 0) { /* the echo: as many bytes back as came */
    pin(ccpu);
    for (long i = 0; i < n; i++)
      if (read(there[0], &b, 1) != 1 || write(back[1], &b, 1) != 1)
        _exit(1);
    _exit(0);
  }
  pin(pcpu);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < n; i++)
    if (write(there[1], &b, 1) != 1 || read(back[0], &b, 1) != 1)
      return perror("pipe round trip"), 1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  waitpid(pid, NULL, 0);
  printf("pipe_round_trip_ns %.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n);
  return 0;
}
