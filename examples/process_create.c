/* Question: how do I start a process, let it do some work, and wait for it?
 *
 * Run it:   process_create          the child prints 42
 *           process_create square   the child prints the square of 5
 * Look for: the child's pid differs from the main process's pid (it is another
 * process), and "Main process completed" comes last, because waitpid returns
 * only once the child has finished. The thread twin is thread_create.c. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int square(int x) { return x * x; }

/* What the child does; it runs in a copy of this program, then exits. */
static void child_work(bool print_square) {
  if (print_square)
    printf("child process (pid %d) prints square(5) = %d\n", (int)getpid(), square(5));
  else
    printf("child process (pid %d) prints 42\n", (int)getpid());
}

int main(int argc, char **argv) {
  bool print_square = argc == 2 && strcmp(argv[1], "square") == 0;
  if (argc > 2 || (argc == 2 && !print_square)) {
    fprintf(stderr, "usage: %s [square]\n", argv[0]);
    return 2;
  }

  printf("main process (pid %d) starts a child\n", (int)getpid());
  /* Flush before fork: the child gets a copy of everything in this process,
   * unwritten stdout buffer included, and would print those lines a second
   * time. (Output to a pipe or a file is buffered until exit, not per line.) */
  fflush(stdout);

  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid == 0) { /* fork returns twice: 0 in the child... */
    child_work(print_square);
    exit(0);
  }
  /* ...and the child's pid in the parent. */
  int status;
  if (waitpid(pid, &status, 0) < 0) {
    perror("waitpid");
    return 1;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "the child did not finish cleanly\n");
    return 1;
  }
  printf("Main process completed\n");
  return 0;
}
