/* Question: how do I start a thread, hand it an argument, let it work on it,
 * and wait for it? In Python: Thread(target=print_number, args=(42,)).
 *
 * Run it:   thread_create              the thread gets 42 and prints it
 *           thread_create 7            the thread gets 7
 *           thread_create square       the thread gets 5 and prints its square
 *           thread_create square 9     the thread prints square(9) = 81
 * Look for: the thread prints the number main handed it (run it with another
 * one), it has the same pid as the main thread (it lives in the same process)
 * but its own thread id (tid), and "Main thread completed" comes last, because
 * pthread_join returns only once the thread has finished. The process twin is
 * process_create.c.
 *
 * How the argument gets there: pthread_create passes one pointer, void *arg,
 * to the thread's function. It points into main's own memory, which the thread
 * shares: the thread reads main's `arg` itself, not a copy, so it must stay
 * alive (and unchanged) until the thread has read it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The targets: what the thread does with the argument it is given. */
static void *print_number(void *arg) {
  int x = *(const int *)arg;
  printf("thread (pid %d, tid %d) prints %d\n", (int)getpid(), (int)gettid(), x);
  return NULL;
}

static void *print_square(void *arg) {
  int x = *(const int *)arg;
  printf("thread (pid %d, tid %d) prints square(%d) = %lld\n", (int)getpid(), (int)gettid(), x,
         (long long)x * x);
  return NULL;
}

/* A whole number from -1000000 to 1000000, or -1 (s is not one). */
static int parse_int(const char *s, int *x) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < -1000000 || v > 1000000)
    return -1;
  *x = (int)v;
  return 0;
}

int main(int argc, char **argv) {
  void *(*target)(void *) = print_number;
  int arg = 42;
  int i = 1;
  if (i < argc && strcmp(argv[i], "square") == 0) {
    target = print_square;
    arg = 5;
    i++;
  }
  if ((i < argc && parse_int(argv[i++], &arg) != 0) || i < argc) {
    fprintf(stderr, "usage: %s [square] [NUMBER]  (NUMBER from -1000000 to 1000000)\n", argv[0]);
    return 2;
  }

  printf("main thread (pid %d, tid %d) starts a thread with the argument %d\n", (int)getpid(),
         (int)gettid(), arg);
  pthread_t thread;
  /* pthread functions return the error number rather than setting errno. */
  int err = pthread_create(&thread, NULL, target, &arg);
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
