/* Question: how do I run several processes at once, hand each its own
 * argument, and wait for all of them? In Python:
 *   for i, n in enumerate(numbers): Process(target=print_number, args=(i + 1, n))
 *
 * Run it:   four_processes               the numbers 1, 2, 3 and 4
 *           four_processes 10 20 30 40   four numbers of your own
 * Look for: four lines "process I (pid P) prints N", process I printing the
 * I-th number main handed out, each with its own pid. Their order changes from
 * run to run: the processes run at the same time and nothing orders them. The
 * last line comes only after every one has been waited for. Each child gets
 * its arguments in its copy of main's memory, made by fork. The thread twin is
 * four_threads.c. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROCESSES 4

/* The target: what each child does with the arguments it is given. */
static void print_number(int index, int number) {
  printf("process %d (pid %d) prints %d\n", index, (int)getpid(), number);
}

int main(int argc, char **argv) {
  int numbers[PROCESSES] = {1, 2, 3, 4};
  if (argc != 1 && argc != PROCESSES + 1) {
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
      print_number(i + 1, numbers[i]); /* the child's copies of i and numbers */
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
