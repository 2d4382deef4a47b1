/* The cross-check for spawn.create: N pthread_create+join and N fork+_exit+waitpid
 * in a plain loop, with no harness around them. Usage: spawn_loop [N]. */
#define _GNU_SOURCE /* fork, clock_gettime: the build is strict C11 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *noop(void *arg) { return arg; }

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
  if (n <= 0)
    return fprintf(stderr, "usage: spawn_loop [N > 0]\n"), 2;
  double t0 = now_us();
  for (long i = 0; i < n; i++) {
    pthread_t t;
    if (pthread_create(&t, NULL, noop, NULL) != 0 || pthread_join(t, NULL) != 0)
      return perror("pthread_create/join"), 1;
  }
  double t1 = now_us();
  for (long i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid == 0)
      _exit(0);
    if (pid < 0 || waitpid(pid, NULL, 0) != pid)
      return perror("fork/waitpid"), 1;
  }
  double t2 = now_us();
  printf("thread_create_join_us %.2f\nfork_exit_wait_us %.2f\n", (t1 - t0) / n, (t2 - t1) / n);
  return 0;
}
