/* Question: how do I run several processes at once and wait for all of them?
 *
 * Run it:   four_processes
 * Look for: four lines "process N (pid P) prints N", one for each of 1 to 4,
 * each with its own pid. Their order changes from run to run: the processes
 * run at the same time and nothing orders them. The last line comes only after
 * every one has been waited for. The thread twin is four_threads.c. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROCESSES 4

int main(void) {
  printf("main process (pid %d) starts %d processes\n", (int)getpid(), PROCESSES);
  /* Flush before fork, or every child would inherit, and print again, what
   * is still in the parent's stdout buffer. */
  fflush(stdout);

  pid_t pids[PROCESSES];
  int started = 0;
  int failed = 0;
  for (int i = 0; i < PROCESSES; i++) {
    pid_t pid = fork();
    if (pid < 0) {
      perror("fork");
      failed = 1;
      break; /* still wait below for those already started */
    }
    if (pid == 0) {
      int number = i + 1;
      printf("process %d (pid %d) prints %d\n", number, (int)getpid(), number);
      exit(0);
    }
    pids[started++] = pid;
  }

  /* Start all, then wait for all: waiting inside the loop above would run the
   * processes one after another. */
  for (int i = 0; i < started; i++) {
    int status;
    if (waitpid(pids[i], &status, 0) < 0) {
      perror("waitpid");
      failed = 1;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "process %d did not finish cleanly\n", i + 1);
      failed = 1;
    }
  }
  if (failed)
    return 1;
  printf("All %d processes completed\n", PROCESSES);
  return 0;
}
