/* Scheduler statistics of the calling thread (see schedstat.h). */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cell/schedstat.h"

int tvp_schedstat_open(void) { return open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC); }

void tvp_schedstat_close(int fd) {
  if (fd >= 0)
    close(fd);
}

static int parse_field(const char **p, int64_t *out) {
  char *end;
  if (**p < '0' || **p > '9')
    return -1;
  long long v = strtoll(*p, &end, 10);
  *out = v;
  *p = end;
  return 0;
}

int tvp_schedstat_parse(const char *text, int64_t *oncpu_ns, int64_t *wait_ns, int64_t *slices) {
  const char *p = text;
  if (parse_field(&p, oncpu_ns) || *p++ != ' ' || parse_field(&p, wait_ns) || *p++ != ' ' ||
      parse_field(&p, slices) || (*p != '\n' && *p != '\0'))
    return -1;
  /* A thread reading its own file has run: zeros mean the kernel counts nothing. */
  return *oncpu_ns == 0 && *wait_ns == 0 && *slices == 0 ? -1 : 0;
}

void tvp_schedstat_read(int fd, tvp_schedstat *out) {
  struct timespec ts;
  out->oncpu_ns = clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0
                      ? (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec : -1;
  out->runq_wait_ns = out->timeslices = -1;
  char buf[96];
  /* pread from 0: procfs makes the text afresh at each read from the start. */
  ssize_t n = fd >= 0 ? pread(fd, buf, sizeof buf - 1, 0) : -1;
  if (n <= 0)
    return;
  buf[n] = '\0';
  int64_t oncpu, wait, slices;
  if (tvp_schedstat_parse(buf, &oncpu, &wait, &slices) == 0) {
    out->runq_wait_ns = wait;
    out->timeslices = slices;
  }
}

static int64_t diff(int64_t before, int64_t after) {
  return before < 0 || after < 0 || after < before ? -1 : after - before;
}

tvp_schedstat tvp_schedstat_diff(const tvp_schedstat *before, const tvp_schedstat *after) {
  tvp_schedstat d = {.oncpu_ns = diff(before->oncpu_ns, after->oncpu_ns),
                     .runq_wait_ns = diff(before->runq_wait_ns, after->runq_wait_ns),
                     .timeslices = diff(before->timeslices, after->timeslices)};
  return d;
}
