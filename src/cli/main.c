/* tvp: threads versus processes, measured. Dispatches to the subcommands. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/cmd.h"
#include "models/local/spawned_worker.h"
#include "tvp_revision.h"
#include "base/util.h"

static const char usage[] =
    "usage: tvp COMMAND [OPTIONS]\n"
    "\n"
    "Runs identical kernels under fork-based processes and pthreads, pinned through\n"
    "hwloc, and writes tidy CSV that says which model wins, where and by how much.\n"
    "\n"
    "commands:\n"
    "  run        run a sweep from flags or a suite file, write a results folder\n"
    "  list       list kernels, models and placements\n"
    "  topo       show what hwloc sees, and where workers would be placed\n"
    "  plot       render a run's charts (gnuplot) into RUN_DIR/plots/\n"
    "  report     write RUN_DIR/report.md: machine, tables, charts, findings\n"
    "  compare    compare two runs configuration by configuration (ratio and verdict)\n"
    "  export     write a run in another format (Google Benchmark's JSON)\n"
    "  calibrate  measure the harness's own overhead (timer, barrier skew, cell start)\n"
    "  claims     test seven claims about processes and threads on this machine\n"
    "\n"
    "  tvp COMMAND --help   options of one command\n"
    "  tvp --version        version and git revision\n"
    "\n"
    "example:\n"
    "  tvp run --kernels cpu.primes,mem.triad --models thread,fork --workers 1,2,4 \\\n"
    "          --placement core --reps 5 --warmup 1 --scaling strong\n"
    "  tvp run bench/quick.suite\n";

int main(int argc, char **argv) {
  tvp_std_fds_open();
  /* Past a file size limit (ulimit -f) a write fails with EFBIG, which tvp
   * reports, instead of the signal killing it with a file half-written. */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    fputs(usage, stderr);
    return TVP_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  /* The child that spawn.* kernels start under the spawn model: exec and exit. */
  if (strcmp(cmd, "__noop") == 0)
    return TVP_EXIT_OK;
  if (strcmp(cmd, "__worker") == 0)
    return tvp_spawned_worker_main(argc - 1, argv + 1);
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage, stdout);
    return TVP_EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
    printf("tvp %s (git %s)\n", TVP_VERSION, TVP_GIT_REVISION);
    return TVP_EXIT_OK;
  }
  /* The least stack the commands are known to run in, with room to spare: a
   * smaller one (ulimit -s 24) killed tvp run by SIGSEGV half-way through
   * writing meta.json. Threads get the same size, so the kernels need it too. */
  enum { MIN_STACK_KIB = 256 };
  struct rlimit stack;
  if (getrlimit(RLIMIT_STACK, &stack) == 0 && stack.rlim_cur != RLIM_INFINITY &&
      stack.rlim_cur < MIN_STACK_KIB * 1024) {
    fprintf(stderr, "tvp: the stack limit is %lu KiB, too small to run in: raise it to at least %d KiB "
            "('ulimit -s 8192' is the usual size)\n", (unsigned long)(stack.rlim_cur / 1024), MIN_STACK_KIB);
    return TVP_EXIT_USAGE;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {{"run", tvp_cmd_run}, {"list", tvp_cmd_list}, {"topo", tvp_cmd_topo},
              {"calibrate", tvp_cmd_calibrate},
              {"plot", tvp_cmd_plot}, {"report", tvp_cmd_report},
              {"compare", tvp_cmd_compare}, {"claims", tvp_cmd_claims},
              {"export", tvp_cmd_export}};
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (strcmp(cmd, cmds[i].name) == 0)
      return cmds[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "tvp: unknown command '%s' (commands: run, list, topo, plot, report, compare, export, calibrate, claims; see 'tvp --help')\n", cmd);
  return TVP_EXIT_USAGE;
}
