/* gnuplot plumbing (see gnuplot_run.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fs.h"
#include "report/gnuplot_run.h"

int tvp_gnuplot_available(void) {
  const char *path = getenv("PATH");
  if (!path)
    return 0;
  char *copy = tvp_xstrdup(path), *save = NULL;
  int found = 0;
  for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
    char full[4096];
    snprintf(full, sizeof full, "%s/gnuplot", *dir ? dir : ".");
    found = access(full, X_OK) == 0;
  }
  free(copy);
  return found;
}

const char *tvp_plots_dir(void) {
  static const char *const candidates[] = {TVP_PLOTS_DIR_DEFAULT, TVP_PLOTS_DIR_INSTALLED};
  const char *env = getenv("TVP_PLOTS_DIR");
  if (env && *env)
    return env; /* an explicit folder is the only one looked at */
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/style.gp", candidates[i]);
    if (tvp_is_file(probe))
      return candidates[i];
  }
  return NULL;
}

void tvp_gnuplot_string(tvp_buf *b, const char *value) {
  /* Single quotes take every byte as it is but a line break, which would end
   * the command: one is written as a double-quoted escape between the pieces. */
  tvp_buf_printf(b, "'");
  for (const char *p = value; *p; p++) {
    if (*p == '\'')
      tvp_buf_append(b, "''", 2);
    else if (*p == '\n' || *p == '\r')
      tvp_buf_printf(b, "'.\"\\%03o\".'", (unsigned)(unsigned char)*p);
    else
      tvp_buf_append(b, p, 1);
  }
  tvp_buf_printf(b, "'");
}

void tvp_gnuplot_var(tvp_buf *b, const char *name, const char *value) {
  tvp_buf_printf(b, "%s=", name);
  tvp_gnuplot_string(b, value);
  tvp_buf_printf(b, "; ");
}

/* The signal that came while gnuplot drew, 0 if none (tvp_gnuplot_draw). */
static volatile sig_atomic_t stop_signal;

static void note_stop(int sig) {
  stop_signal = sig;
}

/* gnuplot -e vars script; 0 when it exits 0. When killer is set, a stop_signal
 * noted while waiting kills gnuplot rather than waiting for it to finish. */
static int run_gnuplot(const char *script, const char *vars, int killer) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    /* tvp ignores SIGXFSZ to report EFBIG itself; gnuplot does not check its
     * writes, so past a file size limit it must die of the signal, not exit 0. */
    signal(SIGXFSZ, SIG_DFL);
    execlp("gnuplot", "gnuplot", "-e", vars, script, (char *)NULL);
    _exit(127);
  }
  if (pid < 0)
    return -1;
  int st;
  while (waitpid(pid, &st, 0) < 0) {
    if (errno != EINTR)
      return -1;
    if (killer && stop_signal)
      kill(pid, SIGKILL);
  }
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int tvp_gnuplot_run(const char *script, const char *vars) {
  return run_gnuplot(script, vars, 0);
}

void tvp_gnuplot_catch_stops(void (*handler)(int), struct sigaction old[2]) {
  static const int sigs[2] = {SIGINT, SIGTERM};
  struct sigaction stop = {.sa_handler = handler};
  sigemptyset(&stop.sa_mask);
  for (int i = 0; i < 2; i++) {
    sigaction(sigs[i], NULL, &old[i]);
    if (old[i].sa_handler != SIG_IGN)
      sigaction(sigs[i], &stop, NULL);
  }
}

void tvp_gnuplot_release_stops(const struct sigaction old[2]) {
  sigaction(SIGINT, &old[0], NULL);
  sigaction(SIGTERM, &old[1], NULL);
}

int tvp_gnuplot_draw(const char *script, const char *vars, const char *part, const char *out) {
  struct sigaction old[2];
  stop_signal = 0;
  tvp_gnuplot_catch_stops(note_stop, old);
  int rc = run_gnuplot(script, vars, 1);
  tvp_gnuplot_release_stops(old);
  int saved = 0;
  if (rc == 0 && !stop_signal && rename(part, out) != 0) {
    saved = errno;
    rc = -1;
  }
  if (rc != 0 || stop_signal)
    unlink(part);
  if (stop_signal) {
    /* The chart is gone; the signal now does what it would have done, which
     * returns here only when tvp's own handler takes it. */
    rc = -1;
    raise(stop_signal);
  }
  errno = saved;
  return rc;
}
