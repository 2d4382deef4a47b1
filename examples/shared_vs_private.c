/* Question: do processes and threads share memory? If a worker changes a
 * global variable, does the main program see the change?
 *
 * Run it:   shared_vs_private
 * Look for: "after the child process: counter = 0" but "after the thread:
 * counter = 1". The child process changed its own copy of counter; the thread
 * changed the one and only counter, the parent's.
 *
 * Why: fork gives the child a copy of the parent's memory. Linux does not copy
 * it all at once; parent and child share the pages read-only, and the first
 * write to a page gives the writer its own copy of that page (copy-on-write).
 * Either way, what the child writes the parent never sees. A thread has no
 * memory of its own: it runs in its parent's. To pass results back, processes
 * need explicit sharing (a pipe, shared memory, a file); threads need locks or
 * atomics when more than one writes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int counter = 0;

static void *thread_work(void *arg) {
  (void)arg;
  counter += 1;
  printf("thread (pid %d) sets counter to %d\n", (int)getpid(), counter);
  return NULL;
}

int main(void) {
  printf("main (pid %d): counter = %d\n", (int)getpid(), counter);
  /* Flush before fork, or the child would inherit, and print again, what is
   * still in the parent's stdout buffer. */
  fflush(stdout);

  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid == 0) {
    counter += 1;
    printf("child process (pid %d) sets counter to %d\n", (int)getpid(), counter);
    exit(0);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0) {
    perror("waitpid");
    return 1;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "the child did not finish cleanly\n");
    return 1;
  }
  printf("after the child process: counter = %d\n", counter);

  pthread_t thread;
  int err = pthread_create(&thread, NULL, thread_work, NULL);
  if (err != 0) { /* pthread functions return the error instead of setting errno */
    fprintf(stderr, "pthread_create: %s\n", strerror(err));
    return 1;
  }
  err = pthread_join(thread, NULL);
  if (err != 0) {
    fprintf(stderr, "pthread_join: %s\n", strerror(err));
    return 1;
  }
  printf("after the thread: counter = %d\n", counter);
  return 0;
}
