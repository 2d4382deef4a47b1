/* os.open: the descriptor table. Each unit opens one named file (the same file for
 * every worker, made by the cell under job->tmpdir) read-only and closes it. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>

#include "os_common.h"

#define OPEN_PREFIX "tvp-open-"

/* The path, as characters: a spawned worker maps the region at another address,
 * so nothing here may be a pointer. */
typedef struct {
  char path[1024];
} open_shared;

/* A file must have a name to be opened by name, so unlike the io.* kernels this
 * one cannot unlink its file before the work. cleanup removes it, but a cell that
 * is killed (timeout, Ctrl-C, a crashed thread worker) never runs cleanup. The
 * name carries the cell's pid, and every os.open cell first removes the files of
 * cells that are gone, so a killed cell leaves at most one empty file, and only
 * until the next os.open run in the same folder. */
static void open_sweep(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return; /* the create below will say what is wrong with the folder */
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strncmp(e->d_name, OPEN_PREFIX, sizeof OPEN_PREFIX - 1) != 0)
      continue;
    char *end;
    long pid = strtol(e->d_name + sizeof OPEN_PREFIX - 1, &end, 10);
    if (*end != '\0' || pid <= 0 || pid == (long)getpid())
      continue;
    /* ESRCH only: EPERM means the process lives (another user's cell). */
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
      unlinkat(dirfd(d), e->d_name, 0);
  }
  closedir(d);
}

static int open_prepare(tvp_job *job, char *why, size_t why_len) {
  open_shared *s = job->shared;
  const char *dir = job->tmpdir ? job->tmpdir : "/tmp";
  if (snprintf(s->path, sizeof s->path, "%s/" OPEN_PREFIX "%ld", dir, (long)getpid()) >=
      (int)sizeof s->path) {
    snprintf(why, why_len, "os.open: --tmpdir path too long");
    s->path[0] = '\0';
    return -1;
  }
  open_sweep(dir);
  /* O_EXCL: the file is ours alone. One that exists carries our own live pid, so
   * it was left by an earlier process that had it: remove it and try again. */
  int fd = open(s->path, O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (fd < 0 && errno == EEXIST && unlink(s->path) == 0)
    fd = open(s->path, O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (fd < 0) {
    snprintf(why, why_len, "os.open cannot create %s: %s (choose another --tmpdir)", s->path,
             strerror(errno));
    s->path[0] = '\0';
    return -1;
  }
  close(fd); /* empty: the work is opening it, never reading it */
  return 0;
}

static void open_cleanup(tvp_job *job) {
  open_shared *s = job->shared;
  if (s->path[0])
    unlink(s->path);
}

static uint64_t open_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                         uint64_t count) {
  const open_shared *s = job->shared;
  uint64_t sum = 0;
  for (uint64_t u = first; u < first + count; u++) {
    int fd = open(s->path, O_RDONLY);
    if (fd < 0)
      os_die(job, w->index, "open of the shared file failed", errno);
    if (close(fd) != 0)
      os_die(job, w->index, "close failed", errno);
    sum += tvp_mix64(u); /* the unit's number: a descriptor number is timing */
  }
  return sum;
}

const tvp_kernel tvp_kernel_os_open = {
    .name = "os.open",
    .summary = "open one empty file read-only by its path and close it, per unit; every "
               "worker opens the same file",
    .bound = "os",
    .unit = "open and close",
    .rate_unit = "opens/s",
    .rate_per_unit = 1.0,
    .default_units = 150000,
    .batch_units = 500,
    .test_units = 2000,
    .shares = "under every model, the one file's dentry and inode (path lookup takes and "
              "drops references on them); under thread also one descriptor table, under "
              "fork and spawn each worker has its own",
    .expect = "threads scale worse than processes: threads share one descriptor table, so "
              "every open and close takes its file_lock and edits the same bitmap of free "
              "descriptors, whose cache lines bounce between cores; processes each own a "
              "table; both pay the same for the shared file's dentry and inode",
    .shared_bytes = sizeof(open_shared),
    .prepare = open_prepare,
    .cleanup = open_cleanup,
    .run = open_run,
};
