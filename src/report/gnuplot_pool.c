/* The gnuplot pool (see gnuplot_pool.h). Each process reads commands on its
 * standard input; after a chart it prints "tvp-chart-done E" on its standard
 * output, E being gnuplot's error count for the chart (GPVAL_ERRNO: an error
 * ends the chart's script but not gnuplot), and its standard error is passed
 * on a line at a time, so that the lines of processes side by side do not mix
 * and the progress line is cleared first. A process whose chart failed is
 * given no other, nor is one that drew an SVG chart (see last_chart); one that
 * dies fails the chart it was drawing, and the next charts go to a new one. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/gnuplot_pool.h"
#include "report/gnuplot_run.h"
#include "report/progress.h"

#define DONE_MARK "tvp-chart-done "

int tvp_usable_cpus(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0)
    return 1;
  int n = CPU_COUNT(&set);
  return n > 0 ? n : 1;
}

void tvp_gnuplot_chart_commands(const tvp_gnuplot_chart *c, tvp_buf *out) {
  /* reset session forgets the variables and settings of the chart before. */
  tvp_buf_printf(out, "reset session\n%s\ncall ", c->vars);
  tvp_gnuplot_string(out, c->script);
  tvp_buf_printf(out, "\n");
}

/* One gnuplot process. */
typedef struct {
  pid_t pid;             /* 0: none */
  int in, out, err;      /* its standard input, output and error; -1 once closed */
  long chart;            /* the chart it draws, -1 when idle */
  int retired;           /* given no more charts (one failed, or it must draw none after) */
  size_t drawn;          /* charts it was given */
  tvp_buf feed;          /* commands to write */
  size_t fed;            /* of which written */
  tvp_buf outline, errline; /* what it printed since its last whole line */
} gp_proc;

enum { WAITING, DRAWING, DRAWN, FAILED };

typedef struct {
  const tvp_gnuplot_chart *charts;
  size_t n, given, finished, failed; /* given: charts handed to a process */
  const tvp_gnuplot_pool_opts *o;
  gp_proc *procs;
  unsigned char *state;
  int64_t started_ns;
} pool;

/* The signal that came while the pool drew, 0 if none. */
static volatile sig_atomic_t stop_signal;

static void note_stop(int sig) {
  stop_signal = sig;
}

/* The progress line off the terminal, so that something else can be printed. */
static void clear_line(const pool *p) {
  if (p->o->progress) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
}

static void draw_line(const pool *p) {
  if (!p->o->progress)
    return;
  char left[32] = "?";
  double elapsed = (double)(tvp_now_ns() - p->started_ns) / 1e9;
  if (p->finished > 0)
    tvp_format_duration(elapsed / (double)p->finished * (double)(p->n - p->finished), left, sizeof left);
  fprintf(stderr, "\r\033[K[%zu/%zu] charts drawn, about %s left", p->finished, p->n, left);
  fflush(stderr);
}

static void close_fd(int *fd) {
  if (*fd >= 0)
    close(*fd);
  *fd = -1;
}

/* Starts gnuplot in q; -1 when it cannot (then q holds none). */
static int start_proc(gp_proc *q, const struct sigaction *old_pipe) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0)
    return -1;
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return -1;
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    close(out[0]);
    close(out[1]);
    return -1;
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    /* tvp ignores SIGXFSZ to report EFBIG itself; gnuplot does not check its
     * writes, so past a file size limit it must die of the signal, not go on.
     * SIGPIPE is as tvp found it; SIGINT and SIGTERM too (a caught signal
     * is reset by exec, an ignored one stays ignored). */
    signal(SIGXFSZ, SIG_DFL);
    sigaction(SIGPIPE, old_pipe, NULL);
    if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
      _exit(127);
    execlp("gnuplot", "gnuplot", (char *)NULL);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    close(in[1]);
    close(out[0]);
    close(err[0]);
    return -1;
  }
  q->pid = pid;
  q->in = in[1];
  q->out = out[0];
  q->err = err[0];
  q->chart = -1;
  q->retired = 0;
  q->drawn = 0;
  q->feed.len = q->fed = q->outline.len = q->errline.len = 0;
  fcntl(q->in, F_SETFL, fcntl(q->in, F_GETFL) | O_NONBLOCK);
  return 0;
}

/* Chart c is over: drawn (ok), or not; its hidden file renamed or removed. */
static void finish_chart(pool *p, size_t c, int ok) {
  const tvp_gnuplot_chart *ch = &p->charts[c];
  clear_line(p);
  if (ok && rename(ch->part, ch->out) != 0) {
    tvp_err("%s: cannot rename %s to %s: %s", p->o->cmd, ch->part, ch->out, strerror(errno));
    ok = 0;
  } else if (!ok) {
    tvp_err("%s: gnuplot failed on %s for %s", p->o->cmd, ch->script, ch->out);
  }
  if (!ok)
    unlink(ch->part);
  p->state[c] = ok ? DRAWN : FAILED;
  p->failed += !ok;
  p->finished++;
  draw_line(p);
}

/* The whole lines of buf, each passed to line(); the rest kept. */
static void take_lines(pool *p, gp_proc *q, tvp_buf *buf, void (*line)(pool *, gp_proc *, char *)) {
  size_t start = 0;
  for (size_t i = 0; i < buf->len; i++)
    if (buf->data[i] == '\n') {
      buf->data[i] = 0;
      line(p, q, buf->data + start);
      start = i + 1;
    }
  memmove(buf->data, buf->data + start, buf->len - start);
  buf->len -= start;
  buf->data[buf->len] = 0;
}

/* A line of a gnuplot's standard output: the end of its chart, or its own words. */
static void out_line(pool *p, gp_proc *q, char *line) {
  if (strncmp(line, DONE_MARK, strlen(DONE_MARK)) != 0 || q->chart < 0) {
    clear_line(p);
    printf("%s\n", line);
    fflush(stdout);
    draw_line(p);
    return;
  }
  int ok = strcmp(line + strlen(DONE_MARK), "0") == 0 && !stop_signal;
  if (stop_signal)
    return; /* the chart may have been cut short: it is removed with the others */
  finish_chart(p, (size_t)q->chart, ok);
  q->chart = -1;
  q->retired |= !ok;
}

static void err_line(pool *p, gp_proc *q, char *line) {
  (void)q;
  clear_line(p);
  fprintf(stderr, "%s\n", line);
  fflush(stderr);
  draw_line(p);
}

/* Reads what fd has; at its end, closes it and passes on an unfinished line. */
static void read_from(pool *p, gp_proc *q, int *fd, tvp_buf *buf, void (*line)(pool *, gp_proc *, char *)) {
  char chunk[4096];
  ssize_t got = read(*fd, chunk, sizeof chunk);
  if (got < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (got > 0) {
    tvp_buf_append(buf, chunk, (size_t)got);
    take_lines(p, q, buf, line);
    return;
  }
  if (buf->len) {
    tvp_buf_append(buf, "\n", 1);
    take_lines(p, q, buf, line);
  }
  close_fd(fd);
}

/* Writes what q has not yet been given; a gnuplot that is gone reads no more. */
static void write_feed(gp_proc *q) {
  ssize_t put = write(q->in, q->feed.data + q->fed, q->feed.len - q->fed);
  if (put > 0)
    q->fed += (size_t)put;
  else if (put < 0 && errno != EINTR && errno != EAGAIN)
    close_fd(&q->in);
}

/* Whether c must be drawn by a gnuplot that draws nothing else. The svg
 * terminal shows some state that gnuplot keeps from one output to the next (a
 * tooltip title taken from an earlier chart's text, the pen's colour), so an
 * SVG chart is drawn by a fresh process, which then exits. PNG charts are not
 * (the test e2e_charts compares them byte for byte with charts drawn alone). */
static int alone(const tvp_gnuplot_chart *c) {
  size_t len = strlen(c->out);
  return len >= 4 && strcasecmp(c->out + len - 4, ".svg") == 0;
}

/* The first chart waiting that q may draw (a fresh process may draw any), or -1. */
static long pick(const pool *p, const gp_proc *q) {
  for (size_t c = 0; c < p->n; c++)
    if (p->state[c] == WAITING && (!q->drawn || !alone(&p->charts[c])))
      return (long)c;
  return -1;
}

/* Gives an idle q the next chart it may draw, or, when none is left for it,
 * the end of its input (gnuplot then exits). */
static void give_work(pool *p, gp_proc *q) {
  if (q->in < 0 || q->chart >= 0 || q->fed < q->feed.len)
    return;
  long c = q->retired ? -1 : pick(p, q);
  if (c < 0) {
    close_fd(&q->in);
    return;
  }
  p->given++;
  q->chart = c;
  q->drawn++;
  q->retired = alone(&p->charts[c]);
  p->state[c] = DRAWING;
  q->feed.len = 0;
  q->fed = 0;
  tvp_gnuplot_chart_commands(&p->charts[c], &q->feed);
  tvp_buf_printf(&q->feed, "unset multiplot\nset output\nset print '-'\nprint sprintf('%s%%d', GPVAL_ERRNO)\n"
                           "unset print\n", DONE_MARK);
}

/* q's process has closed its output and error: it is gone; so is its chart. */
static void reap(pool *p, gp_proc *q) {
  int st;
  close_fd(&q->in);
  while (waitpid(q->pid, &st, 0) < 0 && errno == EINTR)
    if (stop_signal)
      kill(q->pid, SIGKILL);
  if (q->chart >= 0 && !stop_signal)
    finish_chart(p, (size_t)q->chart, 0);
  else if (q->chart >= 0)
    p->state[q->chart] = WAITING; /* removed with the others */
  q->pid = 0;
  q->chart = -1;
  q->feed.len = q->fed = 0;
  q->outline.len = q->errline.len = 0;
}

/* One round: processes started and fed, then whatever they said read. 0 when
 * nothing is left to wait for. */
static int step(pool *p, const struct sigaction *old_pipe) {
  int nprocs = p->o->procs, live = 0;
  struct pollfd *fds = tvp_xcalloc((size_t)nprocs * 3, sizeof *fds);
  for (int i = 0; i < nprocs; i++) {
    gp_proc *q = &p->procs[i];
    if (!q->pid && p->given < p->n && start_proc(q, old_pipe) != 0) {
      /* The first chart waiting fails, so that this ends. */
      size_t c = 0;
      while (p->state[c] != WAITING)
        c++;
      clear_line(p);
      tvp_err("%s: cannot start gnuplot: %s", p->o->cmd, strerror(errno));
      p->state[c] = FAILED;
      p->given++;
      p->failed++;
      p->finished++;
      continue;
    }
    if (!q->pid)
      continue;
    give_work(p, q);
    fds[3 * i] = (struct pollfd){.fd = q->fed < q->feed.len ? q->in : -1, .events = POLLOUT};
    fds[3 * i + 1] = (struct pollfd){.fd = q->out, .events = POLLIN};
    fds[3 * i + 2] = (struct pollfd){.fd = q->err, .events = POLLIN};
    live++;
  }
  if (live && poll(fds, (nfds_t)nprocs * 3, -1) > 0 && !stop_signal)
    for (int i = 0; i < nprocs; i++) {
      gp_proc *q = &p->procs[i];
      if (fds[3 * i].revents)
        write_feed(q);
      if (fds[3 * i + 1].revents)
        read_from(p, q, &q->out, &q->outline, out_line);
      if (fds[3 * i + 2].revents && q->err >= 0)
        read_from(p, q, &q->err, &q->errline, err_line);
      if (q->pid && q->out < 0 && q->err < 0)
        reap(p, q);
    }
  free(fds);
  return live > 0;
}

/* After a signal: every gnuplot killed, every hidden file removed. */
static void stop_all(pool *p) {
  for (int i = 0; i < p->o->procs; i++) {
    gp_proc *q = &p->procs[i];
    if (!q->pid)
      continue;
    kill(q->pid, SIGKILL);
    close_fd(&q->in);
    close_fd(&q->out);
    close_fd(&q->err);
    int st;
    while (waitpid(q->pid, &st, 0) < 0 && errno == EINTR) {
    }
    q->pid = 0;
  }
  for (size_t c = 0; c < p->n; c++)
    if (p->state[c] != DRAWN)
      unlink(p->charts[c].part);
}

size_t tvp_gnuplot_draw_many(const tvp_gnuplot_chart *charts, size_t n, const tvp_gnuplot_pool_opts *o) {
  pool p = {.charts = charts, .n = n, .o = o, .started_ns = tvp_now_ns()};
  p.procs = tvp_xcalloc((size_t)o->procs, sizeof *p.procs);
  p.state = tvp_xcalloc(n + 1, 1);
  /* Stop signals end poll at once. A gnuplot gone makes a write fail with
   * EPIPE rather than kill tvp. */
  struct sigaction ign = {.sa_handler = SIG_IGN}, old_stops[2], old_pipe;
  sigemptyset(&ign.sa_mask);
  stop_signal = 0;
  tvp_gnuplot_catch_stops(note_stop, old_stops);
  sigaction(SIGPIPE, &ign, &old_pipe);
  draw_line(&p);
  while (!stop_signal && step(&p, &old_pipe)) {
  }
  if (stop_signal)
    stop_all(&p);
  clear_line(&p);
  tvp_gnuplot_release_stops(old_stops);
  sigaction(SIGPIPE, &old_pipe, NULL);
  for (int i = 0; i < o->procs; i++) {
    tvp_buf_free(&p.procs[i].feed);
    tvp_buf_free(&p.procs[i].outline);
    tvp_buf_free(&p.procs[i].errline);
  }
  free(p.procs);
  free(p.state);
  if (stop_signal) {
    /* The charts are gone; the signal now does what it would have done,
     * which returns here only when tvp's own handler takes it. */
    raise(stop_signal);
    return n;
  }
  return p.failed;
}
