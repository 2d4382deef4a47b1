/* What the pair kernels (io.pipe, io.tcp) share: workers 2k and 2k+1 talk over
 * descriptors that prepare() made in the cell, and take turns leading. */
#ifndef TVP_IO_PAIRS_H
#define TVP_IO_PAIRS_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "io_file.h"
#include "kernels/kernel.h"

/* As many workers as tvp allows (TVP_MAX_WORKERS). */
#define IO_PAIR_MAX_WORKERS 4096

/* The kernel's part of the shared region: descriptor numbers, never pointers.
 * Threads share the cell's descriptor table; fork and spawn workers inherit
 * the same numbers (nothing here is close-on-exec). */
typedef struct {
  int32_t fd[IO_PAIR_MAX_WORKERS][2]; /* worker i reads fd[i][0], writes fd[i][1] */
} io_pair_fds;

/* The first byte of a message. A request asks for a reply; the last request of
 * a turn also hands the lead to the partner; a worker with no units in its
 * turn hands the lead over with an empty message, which has no reply. */
enum { IO_REQ = 'q', IO_REQ_LAST = 'l', IO_HANDOVER = 'h', IO_REPLY = 'r' };

/* Refuses what no pair kernel can run (io.pipe, io.tcp, net.pingpong): an odd
 * or too large worker count, or a split that leaves a worker without units. */
static inline int io_pairs_check(const tvp_job *job, char *why, size_t why_len) {
  if (job->nworkers % 2) {
    snprintf(why, why_len, "%s pairs workers: give an even worker count", job->kernel->name);
    return -1;
  }
  /* The harness does not call run() for a worker with no units, which happens
   * under strong scaling with fewer units than workers; an odd count then
   * leaves the last even worker leading a partner that never answers. */
  if (job->units < job->nworkers && job->units % 2) {
    snprintf(why, why_len, "%s pairs workers: with %u workers give at least %u units or an even "
             "number (a worker without units would leave its partner waiting)",
             job->kernel->name, job->nworkers, job->nworkers);
    return -1;
  }
  if (job->nworkers > IO_PAIR_MAX_WORKERS) {
    snprintf(why, why_len, "%s pairs at most %d workers", job->kernel->name, IO_PAIR_MAX_WORKERS);
    return -1;
  }
  return 0;
}

/* io_pairs_check, then marks every descriptor unused. */
static inline int io_pairs_begin(tvp_job *job, char *why, size_t why_len) {
  if (io_pairs_check(job, why, why_len) != 0)
    return -1;
  io_pair_fds *p = job->shared;
  for (unsigned i = 0; i < job->nworkers; i++)
    p->fd[i][0] = p->fd[i][1] = -1;
  return 0;
}

/* Closes every descriptor prepare() made (a socket appears as both ends of a worker). */
static inline void io_pairs_close(tvp_job *job) {
  io_pair_fds *p = job->shared;
  for (unsigned i = 0; i < job->nworkers; i++) {
    if (p->fd[i][0] >= 0)
      close(p->fd[i][0]);
    if (p->fd[i][1] >= 0 && p->fd[i][1] != p->fd[i][0])
      close(p->fd[i][1]);
    p->fd[i][0] = p->fd[i][1] = -1;
  }
}

static inline void io_pair_send(const tvp_job *job, unsigned worker, int fd, const unsigned char *m,
                                size_t len) {
  while (len) {
    ssize_t n = write(fd, m, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      io_die(job, worker, "send to the partner failed", n < 0 ? errno : EIO);
    m += n;
    len -= (size_t)n;
  }
}

static inline void io_pair_recv(const tvp_job *job, unsigned worker, int fd, unsigned char *m,
                                size_t len) {
  while (len) {
    ssize_t n = read(fd, m, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) /* 0: the partner's end is closed everywhere */
      io_die(job, worker, "receive from the partner failed", n < 0 ? errno : 0);
    m += n;
    len -= (size_t)n;
  }
}

/* The lead's turn: one round trip per unit of [first, first + count). Messages
 * of 16 bytes or more carry the unit's number, and the reply carries its mix,
 * which is what the checksum adds; a 1-byte message carries only its kind. */
static inline uint64_t io_pair_lead(const tvp_job *job, unsigned worker, size_t len,
                                    uint64_t first, uint64_t count) {
  const io_pair_fds *p = job->shared;
  int rfd = p->fd[worker][0], wfd = p->fd[worker][1];
  unsigned char m[64] = {0};
  if (count == 0) {
    m[0] = IO_HANDOVER;
    io_pair_send(job, worker, wfd, m, len);
    return 0;
  }
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    m[0] = u + 1 == first + count ? IO_REQ_LAST : IO_REQ;
    if (len >= 16)
      memcpy(m + 8, &u, sizeof u);
    io_pair_send(job, worker, wfd, m, len);
    io_pair_recv(job, worker, rfd, m, len);
    uint64_t mix = tvp_mix64(u);
    if (len >= 16)
      memcpy(&mix, m + 8, sizeof mix);
    if (m[0] != IO_REPLY || mix != tvp_mix64(u))
      io_die(job, worker, "the partner's reply is wrong", EPROTO);
    sum += mix;
  }
  return sum;
}

/* The partner's turn: answer each request until the lead hands over. */
static inline void io_pair_follow(const tvp_job *job, unsigned worker, size_t len) {
  const io_pair_fds *p = job->shared;
  int rfd = p->fd[worker][0], wfd = p->fd[worker][1];
  unsigned char m[64];
  for (;;) {
    io_pair_recv(job, worker, rfd, m, len);
    unsigned char kind = m[0];
    if (kind == IO_HANDOVER)
      return;
    if (kind != IO_REQ && kind != IO_REQ_LAST)
      io_die(job, worker, "the partner's request is wrong", EPROTO);
    m[0] = IO_REPLY;
    if (len >= 16) {
      uint64_t u;
      memcpy(&u, m + 8, sizeof u);
      u = tvp_mix64(u);
      memcpy(m + 8, &u, sizeof u);
    }
    io_pair_send(job, worker, wfd, m, len);
    if (kind == IO_REQ_LAST)
      return;
  }
}

/* One run() call of either worker of a pair: the even worker leads through its
 * own units while the odd one answers, then the odd worker leads through its
 * units while the even one answers. Each worker counts, and folds into the
 * checksum, only the units it led: its own share. So every unit is one round
 * trip whatever the split, and both workers of a pair make the same number of
 * run() calls (one each under strong and weak scaling). */
static inline uint64_t io_pair_run(const tvp_job *job, const tvp_worker_state *w, size_t len,
                                   uint64_t first, uint64_t count) {
  uint64_t sum;
  if (w->index % 2 == 0) {
    sum = io_pair_lead(job, w->index, len, first, count);
    io_pair_follow(job, w->index, len);
  } else {
    io_pair_follow(job, w->index, len);
    sum = io_pair_lead(job, w->index, len, first, count);
  }
  return sum;
}

#endif
