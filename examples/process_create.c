/* Question: how do I start a process, hand it an argument, let it work on it,
 * and wait for it? In Python: Process(target=print_number, args=(42,)).
 *
 * Run it:   process_create              the child gets 42 and prints it
 *           process_create 7            the child gets 7
 *           process_create square       the child gets 5 and prints its square
 *           process_create square 9     the child prints square(9) = 81
 * Look for: the child prints the number main handed it (run it with another
 * one), its pid differs from the main process's pid (it is another process),
 * and "Main process completed" comes last, because waitpid returns only once
 * the child has finished. The thread twin is thread_create.c.
 *
 * How the argument gets there: fork copies the whole process, so the child
 * starts with its own copy of every variable main had, `arg` included, and
 * calls the target with it. (A program started by exec instead, as Python's
 * "spawn" start method does, keeps nothing of its parent's memory: there the
 * argument has to travel in argv, the environment or a pipe.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The targets: what the child does with the argument it is given. */
static void print_number(int x) { printf("child process (pid %d) prints %d\n", (int)getpid(), x); }

static void print_square(int x) {
  printf("child process (pid %d) prints square(%d) = %lld\n", (int)getpid(), x, (long long)x * x);
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
  void (*target)(int) = print_number;
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

  printf("main process (pid %d) starts a child with the argument %d\n", (int)getpid(), arg);
  /* Flush before fork: the child gets a copy of everything in this process,
   * unwritten stdout buffer included, and would print those lines a second
   * time. (Output to a pipe or a file is buffered until exit, not per line.) */
  fflush(stdout);

  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid == 0) {  /* fork returns twice: 0 in the child... */
    target(arg);   /* the child's copy of arg */
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
