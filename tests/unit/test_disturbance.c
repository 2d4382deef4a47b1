/* The disturbance rule on synthetic readings: the scheduler's text parsed as
 * the workers parse it, who has a PU of its own, and which repetitions the
 * rule flags (a quiet machine, a busy neighbour, oversubscription, a kernel
 * that keeps no statistics). Also the machine-wide readings' parser. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "cell/schedstat.h"
#include "run/disturbance.h"
#include "run/host_load.h"

/* One worker's sample from the schedstat text before and after its timed
 * region, as the worker turns them into its figures. */
static tvp_sample worker(const char *cpuset, const char *host, const char *before, const char *after) {
  tvp_sample s;
  memset(&s, 0, sizeof s);
  snprintf(s.cpuset, sizeof s.cpuset, "%s", cpuset);
  snprintf(s.host, sizeof s.host, "%s", host);
  tvp_schedstat q0 = {.oncpu_ns = 0, .runq_wait_ns = -1, .timeslices = -1}, q1 = q0;
  int64_t oncpu;
  if (tvp_schedstat_parse(before, &oncpu, &q0.runq_wait_ns, &q0.timeslices) != 0)
    q0.runq_wait_ns = q0.timeslices = -1;
  if (tvp_schedstat_parse(after, &oncpu, &q1.runq_wait_ns, &q1.timeslices) != 0)
    q1.runq_wait_ns = q1.timeslices = -1;
  s.sched = tvp_schedstat_diff(&q0, &q1);
  return s;
}

/* The text after a 100 ms timed region that waited w_ms of it on a run queue. */
static void after_waiting(char *buf, size_t len, double w_ms) {
  snprintf(buf, len, "%lld %lld 12\n", 100000000LL, 2000000LL + (long long)(w_ms * 1e6));
}
#define BEFORE "1000000 2000000 10\n"
#define WALL 0.1
#define ABOVE 0.05

static int flagged(const tvp_sample *s, unsigned n, int oversubscribed, double *share) {
  tvp_worker_wait w[8];
  tvp_worker_waits(s, n, oversubscribed, w);
  *share = tvp_runq_wait_share(w, n, WALL);
  return tvp_disturbed(w, n, WALL, ABOVE);
}

static void parses_the_kernel_text(void) {
  int64_t a, b, c;
  CHECK_EQ_INT(tvp_schedstat_parse("2725797 8021 3\n", &a, &b, &c), 0);
  CHECK_EQ_INT(a, 2725797);
  CHECK_EQ_INT(b, 8021);
  CHECK_EQ_INT(c, 3);
  CHECK_EQ_INT(tvp_schedstat_parse("5 0 1", &a, &b, &c), 0); /* no newline: fine */
  /* A kernel without scheduler statistics shows zeros: no reading, not no wait. */
  CHECK_EQ_INT(tvp_schedstat_parse("0 0 0\n", &a, &b, &c), -1);
  CHECK_EQ_INT(tvp_schedstat_parse("", &a, &b, &c), -1);
  CHECK_EQ_INT(tvp_schedstat_parse("12 34\n", &a, &b, &c), -1);
  CHECK_EQ_INT(tvp_schedstat_parse("12 -34 5\n", &a, &b, &c), -1);
  CHECK_EQ_INT(tvp_schedstat_parse("12 34 5 6\n", &a, &b, &c), -1);
}

static void quiet_machine(void) {
  char after[64];
  after_waiting(after, sizeof after, 0.008); /* 8 us of 100 ms: 0.008 % */
  tvp_sample s[2] = {worker("0", "", BEFORE, after), worker("1", "", BEFORE, after)};
  double share;
  CHECK_EQ_INT(flagged(s, 2, 0, &share), 0);
  CHECK_NEAR(share, 8e-5, 1e-9);
  CHECK_EQ_INT(s[0].sched.timeslices, 2);
}

static void busy_neighbour(void) {
  char quiet[64], busy[64];
  after_waiting(quiet, sizeof quiet, 0.01);
  after_waiting(busy, sizeof busy, 50); /* half of the wall time */
  tvp_sample s[2] = {worker("0", "", BEFORE, quiet), worker("1", "", BEFORE, busy)};
  double share;
  CHECK_EQ_INT(flagged(s, 2, 0, &share), 1);
  CHECK_NEAR(share, 0.5, 1e-9);
  /* The threshold is "above": 5 % is not disturbed, 5.1 % is. */
  after_waiting(busy, sizeof busy, 5);
  s[1] = worker("1", "", BEFORE, busy);
  CHECK_EQ_INT(flagged(s, 2, 0, &share), 0);
  after_waiting(busy, sizeof busy, 5.1);
  s[1] = worker("1", "", BEFORE, busy);
  CHECK_EQ_INT(flagged(s, 2, 0, &share), 1);
  /* 100 % turns the flag off, even for a wait read a little past the wall time. */
  tvp_worker_wait past = {.runq_wait_s = 0.12, .own_pu = 1};
  CHECK_EQ_INT(tvp_disturbed(&past, 1, WALL, 0.99), 1);
  CHECK_EQ_INT(tvp_disturbed(&past, 1, WALL, 1), 0);
  /* Unbound workers, no more of them than PUs: each has one, so a wait counts. */
  tvp_sample u[2] = {worker("", "", BEFORE, quiet), worker("", "", BEFORE, busy)};
  CHECK_EQ_INT(flagged(u, 2, 0, &share), 1);
  /* Whole cores (placement core): disjoint cpusets of two PUs each. */
  tvp_sample c[2] = {worker("0-1", "", BEFORE, quiet), worker("2-3", "", BEFORE, busy)};
  CHECK_EQ_INT(flagged(c, 2, 0, &share), 1);
}

static void oversubscribed(void) {
  char busy[64], quiet[64];
  after_waiting(busy, sizeof busy, 50);
  after_waiting(quiet, sizeof quiet, 0.01);
  double share;
  /* Unbound, more workers than PUs: waiting is by design. Recorded, never flagged. */
  tvp_sample u[3] = {worker("", "", BEFORE, busy), worker("", "", BEFORE, busy), worker("", "", BEFORE, busy)};
  CHECK_EQ_INT(flagged(u, 3, 1, &share), 0);
  CHECK_NEAR(share, 0.5, 1e-9);
  /* Bound, workers 0 and 2 on one PU: they wait for each other, not for a neighbour. */
  tvp_sample b[3] = {worker("0", "", BEFORE, busy), worker("1", "", BEFORE, quiet), worker("0", "", BEFORE, busy)};
  CHECK_EQ_INT(flagged(b, 3, 1, &share), 0);
  /* ... while worker 1, alone on its PU, still flags a neighbour. */
  b[1] = worker("1", "", BEFORE, busy);
  CHECK_EQ_INT(flagged(b, 3, 1, &share), 1);
  /* Overlapping cpusets share a PU too. */
  tvp_sample o[2] = {worker("0-1", "", BEFORE, busy), worker("1-2", "", BEFORE, busy)};
  CHECK_EQ_INT(flagged(o, 2, 0, &share), 0);
  /* MPI ranks on two hosts: PU 0 of one host is not PU 0 of the other. */
  tvp_sample h[2] = {worker("0", "node1", BEFORE, quiet), worker("0", "node2", BEFORE, busy)};
  CHECK_EQ_INT(flagged(h, 2, 0, &share), 1);
  /* A cpuset that does not parse is no proof of a PU of its own. */
  tvp_sample x[1] = {worker("zero", "", BEFORE, busy)};
  CHECK_EQ_INT(flagged(x, 1, 0, &share), 0);
}

static void unreadable(void) {
  char busy[64];
  after_waiting(busy, sizeof busy, 50);
  double share;
  /* No statistics ("0 0 0", or no file): no share, no flag, whatever happened. */
  tvp_sample s[2] = {worker("0", "", "0 0 0\n", "0 0 0\n"), worker("1", "", "", "")};
  CHECK_EQ_INT(flagged(s, 2, 0, &share), 0);
  CHECK(isnan(share));
  CHECK_EQ_INT(s[0].sched.runq_wait_ns, -1);
  CHECK_EQ_INT(s[1].sched.timeslices, -1);
  /* One worker read, one not: the share is the one read. */
  s[1] = worker("1", "", BEFORE, busy);
  CHECK_EQ_INT(flagged(s, 2, 0, &share), 1);
  CHECK_NEAR(share, 0.5, 1e-9);
  /* No wall time: nothing to compare with. */
  tvp_worker_wait w = {.runq_wait_s = 1, .own_pu = 1};
  CHECK(isnan(tvp_runq_wait_share(&w, 1, 0)));
  CHECK_EQ_INT(tvp_disturbed(&w, 1, 0, ABOVE), 0);
}

/* The reading itself, on this machine: the CPU time grows with work done, and
 * the wait is either read (0 or more) or marked unreadable, never garbage. */
static void reads_this_thread(void) {
  int fd = tvp_schedstat_open();
  tvp_schedstat q0, q1;
  tvp_schedstat_read(fd, &q0);
  volatile uint64_t x = 0;
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  do {
    for (int i = 0; i < 100000; i++)
      x += (uint64_t)i;
    clock_gettime(CLOCK_MONOTONIC, &t);
  } while ((t.tv_sec - t0.tv_sec) * 1000000000LL + (t.tv_nsec - t0.tv_nsec) < 5000000);
  tvp_schedstat_read(fd, &q1);
  tvp_schedstat_close(fd);
  CHECK(x > 0); /* the work was done */
  tvp_schedstat d = tvp_schedstat_diff(&q0, &q1);
  CHECK(d.oncpu_ns > 0);
  CHECK(d.runq_wait_ns >= -1);
  CHECK((d.runq_wait_ns < 0) == (d.timeslices < 0));
  /* No descriptor: the clock still reads, the scheduler's figures do not. */
  tvp_schedstat_read(-1, &q0);
  CHECK(q0.oncpu_ns > 0);
  CHECK_EQ_INT(q0.runq_wait_ns, -1);
}

static void machine_load(void) {
  int64_t running = -1, steal = -1;
  tvp_host_parse_stat_line("cpu  804120 14331 644889 479169 1697 0 1393 4321 0 0\n", &running, &steal);
  CHECK_EQ_INT(steal, 4321);
  CHECK_EQ_INT(running, -1);
  tvp_host_parse_stat_line("cpu0 1 2 3 4 5 6 7 99 0 0\n", &running, &steal); /* one CPU's line */
  tvp_host_parse_stat_line("procs_running 3\n", &running, &steal);
  CHECK_EQ_INT(steal, 4321);
  CHECK_EQ_INT(running, 3);
  steal = -1;
  tvp_host_parse_stat_line("cpu  1 2 3 4 5 6 7\n", &running, &steal); /* a kernel without steal */
  CHECK_EQ_INT(steal, -1);
  tvp_host_load a = {.steal_ticks = 100}, b = {.steal_ticks = 100 + sysconf(_SC_CLK_TCK)}, none = {.steal_ticks = -1};
  CHECK_NEAR(tvp_host_steal_s(&a, &b), 1, 1e-12);
  CHECK(isnan(tvp_host_steal_s(&none, &b)));
  tvp_host_load now;
  tvp_host_load_read(&now);
  CHECK(isnan(now.load1) || now.load1 >= 0);
  CHECK(now.procs_running >= -1);
}

int main(void) {
  parses_the_kernel_text();
  quiet_machine();
  busy_neighbour();
  oversubscribed();
  unreadable();
  reads_this_thread();
  machine_load();
  CHECK_DONE();
}
