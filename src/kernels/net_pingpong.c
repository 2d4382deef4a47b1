/* net.pingpong: what a message costs, by size. Workers 2k and 2k+1 bounce an
 * M-byte message: through mailboxes in memory under thread, pipes under fork
 * and spawn, the MPI library under mpi. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>

#include "io_pairs.h"
#include "net_common.h"

_Static_assert(NET_MAX_WORKERS == IO_PAIR_MAX_WORKERS, "io_pairs_check bounds the pairs this kernel has room for");

#define PING_DEFAULT_BYTES 8
/* Linux's default pipe capacity, and what an unprivileged user may raise it to
 * (/proc/sys/fs/pipe-max-size, 1 MiB by default). */
#define PIPE_DEFAULT_CAPACITY (64u << 10)
#define PIPE_BIG_CAPACITY (1u << 20)
/* A mailbox is two slots, which a worker's messages take in turn. A worker
 * sends twice in a row when the lead changes (its last reply, then its first
 * request) and at the next call's opening exchange; the second message must
 * not overwrite the first before the partner has copied it out. Between two
 * messages to the same slot the sender always receives a message that the
 * partner sent after it had taken the first, so two slots are enough and no
 * acknowledgement is needed. A slot opens with its signal word, the number of
 * the last message put in it, and the message follows on the same cache line:
 * up to 48 bytes travel with the word in one line transfer. */
#define SLOT_HEADER 16
/* The opening exchange of every run() call, {first, count}, fits any mailbox. */
#define HELLO_BYTES 16
/* The last 8 bytes of a message carry its stamp XOR this, so a message cut
 * short or left stale at its end does not pass. */
#define TAIL_SALT 0x9e3779b97f4a7c15ULL

/* The kernel's part of the shared region. Under fork and spawn, descriptor
 * numbers: the workers inherit them (nothing is close-on-exec). Under thread,
 * the address of the mailboxes in the cell, which only threads may use. */
typedef struct {
  int32_t fd[NET_MAX_WORKERS][2]; /* worker i reads fd[i][0], writes fd[i][1] */
  uint64_t boxes;                 /* thread: worker i's outgoing mailbox is boxes + i * stride */
  uint64_t box_stride, boxes_bytes; /* a mailbox is two slots */
  int32_t spin;                   /* every worker has a CPU: poll before sleeping */
} ping_shared;

/* One worker's side of its pair. */
typedef struct {
  net_transport how;
  unsigned me, peer;
  size_t len;
  unsigned char *buf;              /* the one message buffer: sent from, received into */
  int rfd, wfd;                    /* NET_PIPE */
  unsigned char *out, *in;         /* NET_SHM: this worker's mailbox and its partner's */
  size_t slot;                     /* NET_SHM: bytes from one slot to the next */
  uint64_t sent, received;         /* NET_SHM: messages through each mailbox so far */
  int64_t spin_ns;
} ping_worker;

static size_t ping_len(const tvp_job *job) {
  return (size_t)net_bytes(job, PING_DEFAULT_BYTES);
}

static size_t box_slot(size_t len) {
  size_t cap = len > HELLO_BYTES ? len : HELLO_BYTES;
  return (SLOT_HEADER + cap + 63) / 64 * 64;
}

static size_t box_stride(size_t len) { return 2 * box_slot(len); }

/* What both prepare (in the cell) and worker_setup (in each worker; under mpi
 * the only one called) refuse. */
static int ping_check(const tvp_job *job, char *why, size_t why_len) {
  if (io_pairs_check(job, why, why_len) != 0)
    return -1;
  uint64_t len = net_bytes(job, PING_DEFAULT_BYTES);
  if (net_check_bytes(job, len, 1, "the message size", why, why_len) != 0)
    return -1;
  /* A private buffer per worker, and under thread a mailbox of two slots too. */
  return net_check_memory(job, len * job->nworkers * (net_is_thread(job) ? 3 : 1), why, why_len);
}

static void ping_cleanup(tvp_job *job) {
  ping_shared *s = job->shared;
  for (unsigned i = 0; i < job->nworkers; i++) {
    if (s->fd[i][0] >= 0)
      close(s->fd[i][0]);
    if (s->fd[i][1] >= 0)
      close(s->fd[i][1]);
    s->fd[i][0] = s->fd[i][1] = -1;
  }
  if (s->boxes)
    munmap((void *)(uintptr_t)s->boxes, s->boxes_bytes);
  s->boxes = 0;
}

/* A pipe that holds a large message in fewer pieces: with the default 64 KiB
 * a 4 MiB message is 64 wake-ups of the reader, with 1 MiB it is 4. A refusal
 * (the user's pipe quota, /proc/sys/fs/pipe-user-pages-soft) keeps 64 KiB. */
static void pipe_grow(int fd, size_t len) {
  if (len > PIPE_DEFAULT_CAPACITY)
    (void)fcntl(fd, F_SETPIPE_SZ, len < PIPE_BIG_CAPACITY ? (int)len : (int)PIPE_BIG_CAPACITY);
}

/* In the cell, before any worker exists: the mailboxes (thread) or the pipes
 * (fork, spawn) of every pair. Under mpi this is not called. */
static int ping_prepare(tvp_job *job, char *why, size_t why_len) {
  ping_shared *s = job->shared;
  for (unsigned i = 0; i < NET_MAX_WORKERS; i++)
    s->fd[i][0] = s->fd[i][1] = -1;
  s->boxes = 0;
  if (ping_check(job, why, why_len) != 0)
    return -1;
  s->spin = net_cell_can_spin(job);
  size_t len = ping_len(job);
  if (net_is_thread(job)) {
    s->box_stride = box_stride(len);
    s->boxes_bytes = s->box_stride * job->nworkers;
    void *p = mmap(NULL, s->boxes_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) {
      snprintf(why, why_len, "%s cannot map %llu bytes of mailboxes: %s", job->kernel->name,
               (unsigned long long)s->boxes_bytes, strerror(errno));
      return -1;
    }
    s->boxes = (uintptr_t)p;
    return 0;
  }
  for (unsigned even = 0; even < job->nworkers; even += 2) {
    int there[2] = {-1, -1}, back[2] = {-1, -1}; /* even -> odd, odd -> even */
    if (pipe(there) != 0 || pipe(back) != 0) {
      snprintf(why, why_len, "%s: pipe() failed for workers %u and %u: %s (raise ulimit -n or "
               "use fewer workers)", job->kernel->name, even, even + 1, strerror(errno));
      for (int k = 0; k < 2; k++)
        if (there[k] >= 0)
          close(there[k]);
      ping_cleanup(job);
      return -1;
    }
    pipe_grow(there[1], len);
    pipe_grow(back[1], len);
    s->fd[even][0] = back[0];
    s->fd[even][1] = there[1];
    s->fd[even + 1][0] = there[0];
    s->fd[even + 1][1] = back[1];
  }
  return 0;
}

static void ping_teardown(const tvp_job *job, tvp_worker_state *w) {
  (void)job;
  ping_worker *p = w->priv;
  if (!p)
    return;
  free(p->buf);
  free(p);
  w->priv = NULL;
}

/* In each worker, untimed: the message buffer, filled (and so first-touched)
 * with a pattern that every message carries between its stamps. Under mpi
 * job->shared is NULL and only job->comm is used. */
static int ping_setup(const tvp_job *job, tvp_worker_state *w, char *why, size_t why_len) {
  if (ping_check(job, why, why_len) != 0)
    return -1;
  ping_worker *p = calloc(1, sizeof *p);
  size_t len = ping_len(job);
  if (!p || posix_memalign((void **)&p->buf, 64, len) != 0) {
    free(p);
    snprintf(why, why_len, "out of memory for a %zu-byte message", len);
    return -1;
  }
  w->priv = p;
  for (size_t i = 0; i < len; i++)
    p->buf[i] = (unsigned char)(i * 131 + 7);
  p->me = w->index;
  p->peer = w->index ^ 1u;
  p->len = len;
  if (job->comm) {
    p->how = NET_COMM;
    return 0;
  }
  const ping_shared *s = job->shared;
  if (net_is_thread(job)) {
    p->how = NET_SHM;
    unsigned char *boxes = (unsigned char *)(uintptr_t)s->boxes;
    p->out = boxes + (size_t)p->me * s->box_stride;
    p->in = boxes + (size_t)p->peer * s->box_stride;
    p->slot = box_slot(len);
    /* Only this worker writes its outgoing mailbox, and its partner reads it
     * only after the start barrier: touching it here is race-free. */
    for (int k = 0; k < 2; k++)
      memset(p->out + k * p->slot + SLOT_HEADER, 0, p->slot - SLOT_HEADER);
    p->spin_ns = net_spin_ns(s->spin, len);
  } else {
    p->how = NET_PIPE;
    p->rfd = s->fd[p->me][0];
    p->wfd = s->fd[p->me][1];
  }
  return 0;
}

static void ping_send(const tvp_job *job, ping_worker *p, const void *m, size_t len) {
  unsigned char *slot;
  switch (p->how) {
  case NET_COMM:
    job->comm->send(job, p->me, p->peer, m, len);
    break;
  case NET_PIPE:
    io_pair_send(job, p->me, p->wfd, m, len);
    break;
  case NET_SHM:
    p->sent++;
    slot = p->out + (p->sent & 1) * p->slot;
    memcpy(slot + SLOT_HEADER, m, len);
    net_signal_set((net_signal *)slot, (uint32_t)p->sent);
    break;
  }
}

static void ping_recv(const tvp_job *job, ping_worker *p, void *m, size_t len) {
  unsigned char *slot;
  switch (p->how) {
  case NET_COMM:
    job->comm->recv(job, p->me, p->peer, m, len);
    break;
  case NET_PIPE:
    io_pair_recv(job, p->me, p->rfd, m, len);
    break;
  case NET_SHM:
    /* Message i is in slot i % 2; the partner may already have put message
     * i + 1 in the other. */
    p->received++;
    slot = p->in + (p->received & 1) * p->slot;
    net_signal_wait((net_signal *)slot, (uint32_t)p->received, p->spin_ns);
    memcpy(m, slot + SLOT_HEADER, len);
    break;
  }
}

/* A message's stamp: v in its first 8 bytes (fewer in a shorter message) and
 * v ^ TAIL_SALT in its last 8 when it has 16 or more. */
static void stamp(unsigned char *m, size_t len, uint64_t v) {
  memcpy(m, &v, len < 8 ? len : 8);
  if (len >= 16) {
    uint64_t t = v ^ TAIL_SALT;
    memcpy(m + len - 8, &t, sizeof t);
  }
}

static int stamped(const unsigned char *m, size_t len, uint64_t v) {
  unsigned char want[16];
  stamp(want, len < 16 ? len : 16, v);
  if (memcmp(m, want, len < 8 ? len : 8) != 0)
    return 0;
  return len < 16 || memcmp(m + len - 8, want + 8, 8) == 0;
}

/* This worker's turn: a round trip per unit; the partner answers each request
 * stamped u with a reply stamped tvp_mix64(u), which is what the checksum adds. */
static uint64_t ping_lead(const tvp_job *job, ping_worker *p, uint64_t first, uint64_t count) {
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    stamp(p->buf, p->len, u);
    ping_send(job, p, p->buf, p->len);
    ping_recv(job, p, p->buf, p->len);
    uint64_t mix = tvp_mix64(u);
    if (!stamped(p->buf, p->len, mix))
      io_die(job, p->me, "the partner's reply is wrong", EPROTO);
    sum += mix;
  }
  return sum;
}

/* The partner's turn: answer each of its units. */
static void ping_follow(const tvp_job *job, ping_worker *p, uint64_t first, uint64_t count) {
  for (uint64_t u = first; u < first + count; u++) {
    ping_recv(job, p, p->buf, p->len);
    if (!stamped(p->buf, p->len, u))
      io_die(job, p->me, "the partner's request is wrong", EPROTO);
    stamp(p->buf, p->len, tvp_mix64(u));
    ping_send(job, p, p->buf, p->len);
  }
}

/* Each worker of a pair first tells the other which units it leads, then the
 * even worker leads its own while the odd one answers, then the odd worker
 * leads. Each counts, and folds into the checksum, only the units it led: so
 * every unit is one round trip whatever the split, and both workers make the
 * same number of run() calls under strong and weak scaling. */
static uint64_t ping_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                         uint64_t count) {
  ping_worker *p = w->priv;
  uint64_t mine[2] = {first, count}, theirs[2];
  uint64_t sum;
  if (p->me % 2 == 0) {
    ping_send(job, p, mine, HELLO_BYTES);
    ping_recv(job, p, theirs, HELLO_BYTES);
    sum = ping_lead(job, p, first, count);
    ping_follow(job, p, theirs[0], theirs[1]);
  } else {
    ping_recv(job, p, theirs, HELLO_BYTES);
    ping_send(job, p, mine, HELLO_BYTES);
    ping_follow(job, p, theirs[0], theirs[1]);
    sum = ping_lead(job, p, first, count);
  }
  return sum;
}

const tvp_kernel tvp_kernel_net_pingpong = {
    .name = "net.pingpong",
    .summary = "an M-byte message (--footprint, 8 B by default) there and back between workers "
               "2k and 2k+1: memory under thread, pipes under fork and spawn, MPI under mpi",
    .bound = "io",
    .unit = "round trip",
    .rate_unit = "round trips/s",
    .rate_per_unit = 1.0,
    .default_units = 20000,
    .batch_units = 100,
    .test_units = 200,
    .shares = "a pair shares a mailbox per direction in the cell's memory (thread: memcpy in, "
              "a flag word raised, memcpy out), or two pipes made by the cell before the "
              "workers (fork, spawn), or nothing (mpi: the library's own transport); each "
              "worker has one private message buffer; pairs share nothing with each other",
    .expect = "threads far ahead for small messages: a handoff through memory is a "
              "cache-line transfer and two short copies, under a microsecond while the "
              "receiver polls; fork and spawn alike and several microseconds or more (tens "
              "on a virtual machine): two system calls and a copy through the kernel each "
              "way, and the wake-up of a reader blocked in read; mpi between them on one "
              "host (Open MPI polls shared memory, about a microsecond, then a handshake "
              "past a few KiB), bound by the network across hosts; for large messages all "
              "tend to the speed of a memory copy, mpi copying once where the mailbox and "
              "the pipe copy twice, pipes held back by their 1 MiB pieces and wake-ups",
    .shared_bytes = sizeof(ping_shared),
    .prepare = ping_prepare,
    .cleanup = ping_cleanup,
    .worker_setup = ping_setup,
    .worker_teardown = ping_teardown,
    .run = ping_run,
    .paired = 1,
    .messages = 1,
};
