/* Question: how do I start a thread, let it do some work, and wait for it?
 *
 * Run it:   thread_create          the thread prints 42
 *           thread_create square   the thread prints the square of 5
 * Look for: the thread has the same pid as the main thread (it lives in the
 * same process) but its own thread id (tid), and "Main thread completed" comes
 * last, because pthread_join returns only once the thread has finished. The
 * process twin is process_create.c. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int square(int x) { return x * x; }

/* What the thread does; it runs in this process, beside main. */
static void *thread_work(void *arg) {
  bool print_square = *(bool *)arg;
  if (print_square)
    printf("thread (pid %d, tid %d) prints square(5) = %d\n", (int)getpid(), (int)gettid(), square(5));
  else
    printf("thread (pid %d, tid %d) prints 42\n", (int)getpid(), (int)gettid());
  return NULL;
}

int main(int argc, char **argv) {
  bool print_square = argc == 2 && strcmp(argv[1], "square") == 0;
  if (argc > 2 || (argc == 2 && !print_square)) {
    fprintf(stderr, "usage: %s [square]\n", argv[0]);
    return 2;
  }

  printf("main thread (pid %d, tid %d) starts a thread\n", (int)getpid(), (int)gettid());
  pthread_t thread;
  /* pthread functions return the error number rather than setting errno. */
  int err = pthread_create(&thread, NULL, thread_work, &print_square);
  if (err != 0) {
    fprintf(stderr, "pthread_create: %s\n", strerror(err));
    return 1;
  }
  err = pthread_join(thread, NULL);
  if (err != 0) {
    fprintf(stderr, "pthread_join: %s\n", strerror(err));
    return 1;
  }
  printf("Main thread completed\n");
  return 0;
}
