/* Question: how do I run several threads at once, hand each its own
 * argument, and wait for all of them? In Python:
 *   for i, n in enumerate(numbers): Thread(target=print_number, args=(i + 1, n))
 *
 * Run it:   four_threads               the numbers 1, 2, 3 and 4
 *           four_threads 10 20 30 40   four numbers of your own
 * Look for: four lines "thread I (pid P, tid T) prints N", thread I printing
 * the I-th number main handed out: the same pid for all (one process), a
 * different tid for each. Their order changes from run to run. The last line
 * comes only after every thread has been joined. Each thread gets a pointer to
 * its own arguments in main's memory. The process twin is four_processes.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THREADS 4

/* A thread's arguments: pthread_create passes one pointer, so they travel
 * together in a struct. */
typedef struct {
  int index, number;
} thread_args;

/* The target: what each thread does with the arguments it is given. */
static void *print_number(void *arg) {
  const thread_args *a = arg;
  printf("thread %d (pid %d, tid %d) prints %d\n", a->index, (int)getpid(), (int)gettid(), a->number);
  return NULL;
}

int main(int argc, char **argv) {
  int numbers[THREADS] = {1, 2, 3, 4};
  if (argc != 1 && argc != THREADS + 1) {
    fprintf(stderr, "usage: %s [N1 N2 N3 N4]  (whole numbers from -1000000 to 1000000)\n", argv[0]);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    char *end;
    long v = strtol(argv[i], &end, 10);
    if (end == argv[i] || *end != '\0' || v < -1000000 || v > 1000000) {
      fprintf(stderr, "usage: %s [N1 N2 N3 N4]  (whole numbers from -1000000 to 1000000)\n", argv[0]);
      return 2;
    }
    numbers[i - 1] = (int)v;
  }
  printf("main thread (pid %d, tid %d) starts %d threads\n", (int)getpid(), (int)gettid(), THREADS);

  pthread_t threads[THREADS];
  /* Each thread gets the address of its own arguments: one shared variable
   * that the loop rewrites would change under the threads' feet. */
  thread_args args[THREADS];
  int started = 0;
  int failed = 0;
  for (int i = 0; i < THREADS; i++) {
    args[i] = (thread_args){.index = i + 1, .number = numbers[i]};
    int err = pthread_create(&threads[i], NULL, print_number, &args[i]);
    if (err != 0) { /* pthread functions return the error instead of setting errno */
      fprintf(stderr, "pthread_create: %s\n", strerror(err));
      failed = 1;
      break; /* still join below those already started */
    }
    started++;
  }

  for (int i = 0; i < started; i++) {
    int err = pthread_join(threads[i], NULL);
    if (err != 0) {
      fprintf(stderr, "pthread_join: %s\n", strerror(err));
      failed = 1;
    }
  }
  if (failed)
    return 1;
  printf("All %d threads completed\n", THREADS);
  return 0;
}
