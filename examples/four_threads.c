/* Question: how do I run several threads at once and wait for all of them?
 *
 * Run it:   four_threads
 * Look for: four lines "thread N (pid P, tid T) prints N", one for each of 1
 * to 4: the same pid for all (one process), a different tid for each. Their
 * order changes from run to run. The last line comes only after every thread
 * has been joined. The process twin is four_processes.c. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define THREADS 4

static void *thread_work(void *arg) {
  int number = *(int *)arg;
  printf("thread %d (pid %d, tid %d) prints %d\n", number, (int)getpid(), (int)gettid(), number);
  return NULL;
}

int main(void) {
  printf("main thread (pid %d, tid %d) starts %d threads\n", (int)getpid(), (int)gettid(), THREADS);

  pthread_t threads[THREADS];
  /* Each thread gets the address of its own number: one shared loop variable
   * would change under the threads' feet. */
  int numbers[THREADS];
  int started = 0;
  int failed = 0;
  for (int i = 0; i < THREADS; i++) {
    numbers[i] = i + 1;
    int err = pthread_create(&threads[i], NULL, thread_work, &numbers[i]);
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
