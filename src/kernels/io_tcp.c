/* io.tcp: loopback TCP request/response. Workers 2k and 2k+1 exchange 64-byte
 * requests and responses over one connected socket pair, the network stack's
 * round trip without a network. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "io_pairs.h"

#define TCP_MSG 64

static void tcp_cleanup(tvp_job *job) { io_pairs_close(job); }

static int tcp_fail(tvp_job *job, int lfd, const char *what, char *why, size_t why_len) {
  snprintf(why, why_len, "io.tcp: %s failed: %s (raise ulimit -n or use fewer workers)", what,
           strerror(errno));
  if (lfd >= 0)
    close(lfd);
  io_pairs_close(job);
  return -1;
}

/* Accepts the connection that `c` just made, and no other: someone else on
 * this machine could connect to the port in between. */
static int tcp_accept_from(int lfd, int c) {
  /* Zeroed only for the static analyser, which cannot see the calls fill them. */
  struct sockaddr_in mine = {0}, peer = {0};
  socklen_t ml = sizeof mine;
  if (getsockname(c, (struct sockaddr *)&mine, &ml) != 0)
    return -1;
  for (;;) {
    socklen_t pl = sizeof peer;
    int a = accept(lfd, (struct sockaddr *)&peer, &pl);
    if (a < 0 && errno == EINTR)
      continue;
    if (a < 0 || (peer.sin_port == mine.sin_port && peer.sin_addr.s_addr == mine.sin_addr.s_addr))
      return a;
    close(a);
  }
}

/* One connection per pair, made here in the cell before any worker exists:
 * listen on 127.0.0.1 at a port the kernel picks, connect, accept. Only the
 * loopback address is ever used. Nagle's algorithm is off on both ends, so a
 * 64-byte message leaves at once, as in a request/response protocol. */
static int tcp_prepare(tvp_job *job, char *why, size_t why_len) {
  if (io_pairs_begin(job, why, why_len) != 0)
    return -1;
  io_pair_fds *p = job->shared;
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t al = sizeof addr;
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  if (lfd < 0)
    return tcp_fail(job, -1, "socket()", why, why_len);
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 16) != 0 ||
      getsockname(lfd, (struct sockaddr *)&addr, &al) != 0)
    return tcp_fail(job, lfd, "listening on 127.0.0.1", why, why_len);
  const int one = 1;
  for (unsigned even = 0; even < job->nworkers; even += 2) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0)
      return tcp_fail(job, lfd, "socket()", why, why_len);
    p->fd[even][0] = p->fd[even][1] = c; /* from here io_pairs_close closes it */
    if (connect(c, (struct sockaddr *)&addr, sizeof addr) != 0)
      return tcp_fail(job, lfd, "connecting to 127.0.0.1", why, why_len);
    int a = tcp_accept_from(lfd, c);
    if (a < 0)
      return tcp_fail(job, lfd, "accept()", why, why_len);
    p->fd[even + 1][0] = p->fd[even + 1][1] = a;
    if (setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
        setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
      return tcp_fail(job, lfd, "setting TCP_NODELAY", why, why_len);
  }
  close(lfd);
  return 0;
}

static uint64_t tcp_run(const tvp_job *job, tvp_worker_state *w, uint64_t first, uint64_t count) {
  return io_pair_run(job, w, TCP_MSG, first, count);
}

const tvp_kernel tvp_kernel_io_tcp = {
    .name = "io.tcp",
    .summary = "64-byte request/response over loopback TCP between workers 2k and 2k+1 (even "
               "worker counts only)",
    .bound = "os",
    .unit = "request and response",
    .rate_unit = "round trips/s",
    .rate_per_unit = 1.0,
    .default_units = 2000,
    .batch_units = 10,
    .test_units = 200,
    .shares = "a pair shares one connected loopback TCP socket pair, made by the cell before "
              "the workers; pairs share the loopback device and the TCP stack",
    .expect = "processes and threads alike: each message goes down the TCP stack and up "
              "through loopback and wakes the partner blocked in read, work done in the "
              "kernel for a socket whoever owns it; dearer than io.pipe by the stack's "
              "length, and pairs scale with cores",
    .shared_bytes = sizeof(io_pair_fds),
    .prepare = tcp_prepare,
    .cleanup = tcp_cleanup,
    .run = tcp_run,
    .paired = 1,
};
