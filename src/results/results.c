/* Writes the results folder (see results.h). Each column list below is the
 * schema of one file; docs/csv.md documents the same names, and a test checks
 * that they agree. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/fs.h"
#include "models/model.h"
#include "plan/dimensions.h"
#include "results/results.h"
#include "record/summary_row.h"
#include "record/verdict_kind.h"
#include "base/util.h"

const char *const tvp_runs_columns[] = {
    "config", "kernel", "model", "placement", "scaling", "workers", "units_requested",
    "footprint_bytes", "chunk_items", "duration_s", "rep", "warmup", "round", "attempt", "status",
    "reason", "wall_s",
    "start_skew_us", "setup_ms", "units", "throughput", "throughput_unit", "checksum", "user_s",
    "sys_s", "vcsw", "ivcsw", "minflt", "majflt", "peak_rss_kib", "pss_kib", "off_cpuset_workers",
    "short", "runq_wait_share", "oncpu_share", "skew_share", "load1", "procs_running", "steal_ms",
    "disturbed", NULL};

const char *const tvp_workers_columns[] = {
    "config", "rep", "warmup", "worker", "pid", "tid", "cpuset", "cpu_start", "cpu_end",
    "off_cpuset", "start_offset_us", "wall_s", "units", "checksum", "user_s", "sys_s",
    "vcsw", "ivcsw", "minflt", "majflt", "host", "rank", "oncpu_ms", "runq_wait_ms", "timeslices", NULL};

const char *const tvp_summary_columns[] = {
    "config", "kernel", "bound", "model", "placement", "scaling", "workers", "units_requested",
    "footprint_bytes", "chunk_items", "duration_s", "oversubscribed", "status", "reason", "reps",
    "reps_ok", "reps_disturbed", "time_median_s", "time_mean_s", "time_sd_s", "time_min_s", "time_max_s", "time_cv",
    "time_ci95_low_s", "time_ci95_high_s", "throughput_median", "throughput_ci95_low",
    "throughput_ci95_high", "throughput_unit", "speedup", "speedup_ci95_low",
    "speedup_ci95_high", "pairs_speedup", "efficiency", "karp_flatt", "ratio_vs_thread",
    "ratio_ci95_low", "ratio_ci95_high", "pairs_ratio", "ratio_log_mean", "ratio_log_se", "verdict", "verdict_why", "verdict_p",
    "implausible",
    "implausible_reason", "start_skew_median_us",
    "setup_median_ms", "user_s_median", "sys_s_median", "vcsw_median", "ivcsw_median",
    "minflt_median", "majflt_median", "peak_rss_kib_median", "pss_kib_median", "off_cpuset_workers", "checksum",
    "checksum_consistent", "reps_short", NULL};

char *tvp_results_default_dir(void) {
  char host[128] = "host", stamp[32], path[256];
  gethostname(host, sizeof host - 1);
  host[sizeof host - 1] = 0;
  for (char *p = host; *p; p++) /* a host name is no place for a path separator */
    if (*p == '/' || *p == ' ')
      *p = '_';
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  snprintf(path, sizeof path, "results/%s-%s", stamp, host);
  return tvp_xstrdup(path);
}

static int open_csv(const tvp_results *r, const char *name, const char *const *cols) {
  char *path = tvp_path_in(r->dir, name);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0666);
  if (fd >= 0 && tvp_csv_write_header(fd, cols) != 0) {
    int e = errno;
    close(fd);
    unlink(path); /* a file without its header is no CSV, and would block the next run */
    errno = e;
    fd = -1;
  }
  free(path);
  return fd;
}

const char *tvp_results_hint(int err) {
  switch (err) {
  case ENOSPC: return "the disk is full: free some space, or choose another folder with --out";
  case EDQUOT:
    return "the disk quota is used up: free some space, or choose another folder with --out";
  case EFBIG: return "a file size limit is set: raise it with 'ulimit -f unlimited'";
  case EROFS: return "the file system is read-only: choose another folder with --out";
  case EACCES:
  case EPERM: return "no permission to write there: choose another folder with --out";
  case ENOTDIR: return "a file stands where a folder should be: choose another folder with --out";
  case EMFILE:
  case ENFILE: return "raise the open-file limit with 'ulimit -n'";
  default: return "choose another folder with --out";
  }
}

/* The shallowest folder of dir's path that does not exist yet (malloc'd), or
 * NULL: what a failed start removes again. */
static char *first_missing(const char *dir) {
  char *p = tvp_xstrdup(dir);
  struct stat st;
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s)
      continue;
    char c = *s;
    *s = '\0';
    if (stat(p, &st) != 0 && errno == ENOENT)
      return p;
    if (!c)
      break;
    *s = c;
  }
  free(p);
  return NULL;
}

/* A file a user keeps so that git keeps an otherwise empty folder: exactly
 * .gitkeep or .gitignore, a regular file. tvp writes none, and touches none. */
static int git_placeholder(int dirfd, const char *name) {
  struct stat st;
  return (strcmp(name, ".gitkeep") == 0 || strcmp(name, ".gitignore") == 0) &&
         fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

/* 1 when the folder holds nothing but git's placeholders (or cannot be read,
 * which the writes that follow then report): other files there are someone
 * else's, and a run would overwrite them. */
static int empty_folder(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return 1;
  struct dirent *e;
  int empty = 1;
  while (empty && (e = readdir(d)))
    empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            git_placeholder(dirfd(d), e->d_name);
  closedir(d);
  return empty;
}

/* The folder is made (r->dir, r->made): the two growing CSV files with their
 * headers, runs.csv locked. 0, or -1 with a message in err and the start undone. */
static int open_files(tvp_results *r, char *err, size_t errlen) {
  r->fresh = 1;
  r->runs_fd = open_csv(r, "runs.csv", tvp_runs_columns);
  r->workers_fd = r->runs_fd >= 0 ? open_csv(r, "workers.csv", tvp_workers_columns) : -1;
  if (r->runs_fd < 0 || r->workers_fd < 0) {
    int e = errno;
    snprintf(err, errlen, "cannot create the CSV files in '%s': %s (%s)", r->dir, strerror(e),
             tvp_results_hint(e));
    tvp_results_discard(r);
    return -1;
  }
  /* Held while the run lasts, so a --resume cannot write beside it. */
  flock(r->runs_fd, LOCK_EX | LOCK_NB);
  return 0;
}

/* "results/x" -> "results", in place. */
static const char *dirname_of(char *path) {
  char *slash = strrchr(path, '/');
  if (slash)
    *slash = '\0';
  return path;
}

int tvp_results_open(tvp_results *r, const char *dir, char *err, size_t errlen) {
  r->dir = tvp_xstrdup(dir);
  r->runs_fd = r->workers_fd = -1;
  if (!*dir) {
    snprintf(err, errlen, "the results folder name is empty: give --out a folder");
    return -1;
  }
  /* Checked before anything is made: the folders of a name too long for the
   * files inside would be left behind, and the name in an error cut short. */
  if (strlen(dir) > TVP_RESULTS_DIR_MAX) {
    snprintf(err, errlen, "the results folder name is %zu bytes long, and at most %d leave room for "
             "the paths of the files inside: choose a shorter --out", strlen(dir), TVP_RESULTS_DIR_MAX);
    return -1;
  }
  char *probe = tvp_path_in(dir, "runs.csv");
  int held = access(probe, F_OK) == 0;
  free(probe);
  if (held) {
    snprintf(err, errlen, "'%s' already holds a run: choose another --out folder or remove it", dir);
    return -1;
  }
  struct stat st;
  if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
    snprintf(err, errlen, "the results folder '%s' is a file: choose another --out folder, or "
             "move the file away", dir);
    return -1;
  }
  if (stat(dir, &st) == 0 && !empty_folder(dir)) {
    snprintf(err, errlen, "'%s' holds files tvp did not write: choose an empty or new --out folder, "
             "so that none of them is overwritten", dir);
    return -1;
  }
  r->made = first_missing(dir);
  if (tvp_mkdir_p(dir) != 0 || access(dir, W_OK) != 0) {
    int e = errno;
    snprintf(err, errlen, "cannot write the results folder '%s': %s (%s)", dir, strerror(e),
             tvp_results_hint(e));
    tvp_results_discard(r);
    return -1;
  }
  return open_files(r, err, errlen);
}

int tvp_results_open_new(tvp_results *r, char *err, size_t errlen) {
  char *base = tvp_results_default_dir(), *slash = strrchr(base, '/');
  r->runs_fd = r->workers_fd = -1;
  *slash = '\0';
  r->made = first_missing(base);
  int rc = tvp_mkdir_p(base);
  *slash = '/';
  /* mkdir, not mkdir -p: the folder mkdir creates is this run's alone, so runs
   * started in the same second each take a name of their own. */
  for (unsigned k = 1; rc == 0 && k <= 1000; k++) {
    tvp_buf name = {0};
    if (k == 1)
      tvp_buf_printf(&name, "%s", base);
    else
      tvp_buf_printf(&name, "%s-%u", base, k);
    free(r->dir);
    r->dir = name.data;
    if (mkdir(r->dir, 0777) == 0) {
      if (!r->made) /* results/ was there: what a failed start removes is this folder */
        r->made = tvp_xstrdup(r->dir);
      free(base);
      return open_files(r, err, errlen);
    }
    rc = errno == EEXIST ? 0 : -1;
  }
  int e = rc == 0 ? EEXIST : errno;
  snprintf(err, errlen, "cannot make a results folder under '%s': %s (%s)", dirname_of(base),
           strerror(e), tvp_results_hint(e));
  if (r->made) /* results/, made for this run and still empty */
    rmdir(r->made);
  free(base);
  return -1;
}

int tvp_results_reopen(tvp_results *r, const char *dir, char *err, size_t errlen) {
  r->dir = tvp_xstrdup(dir);
  r->runs_fd = r->workers_fd = -1;
  char *path = tvp_path_in(dir, "runs.csv");
  r->runs_fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
  int rc = -1;
  if (r->runs_fd < 0) {
    snprintf(err, errlen, "cannot open '%s': %s (--resume takes the folder of a tvp run)", path,
             strerror(errno));
  } else if (flock(r->runs_fd, LOCK_EX | LOCK_NB) != 0) {
    snprintf(err, errlen, "'%s' is being written by a tvp run that is still going: let it end, "
             "or stop it, before resuming", dir);
  } else {
    free(path);
    path = tvp_path_in(dir, "workers.csv");
    r->workers_fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
    rc = r->workers_fd < 0 ? -1 : 0;
    if (rc != 0)
      snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
  }
  free(path);
  return rc;
}

void tvp_results_close(tvp_results *r) {
  if (r->runs_fd >= 0)
    close(r->runs_fd);
  if (r->workers_fd >= 0)
    close(r->workers_fd);
  free(r->dir);
  free(r->made);
  r->dir = r->made = NULL;
  r->runs_fd = r->workers_fd = -1;
}

void tvp_results_discard(tvp_results *r) {
  static const char *const files[] = {"runs.csv", "workers.csv", "meta.json", "topology.xml"};
  static const char *const whole[] = {"meta.json", "topology.xml", "summary.csv"};
  /* Only a run's own files: a resumed run's are another run's results, and a
   * CSV file this run did not open (one in the way) stays. meta.json and
   * topology.xml are this run's only when it created runs.csv: that claims the
   * folder (O_EXCL), so a run racing for it never removes the winner's. */
  if (r->fresh) {
    int owns = r->runs_fd >= 0;
    int opened[] = {owns, r->workers_fd >= 0, owns, owns};
    if (r->runs_fd >= 0)
      close(r->runs_fd);
    if (r->workers_fd >= 0)
      close(r->workers_fd);
    r->runs_fd = r->workers_fd = -1;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
      char *path = tvp_path_in(r->dir, files[i]);
      if (opened[i])
        unlink(path);
      free(path);
    }
    /* And the temporaries of the files written whole, should one be left. */
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
      char *path = tvp_path_in(r->dir, whole[i]), *tmp = tvp_fs_temp_path(path);
      unlink(tmp);
      free(tmp);
      free(path);
    }
    r->fresh = 0;
  }
  if (!r->made)
    return;
  /* The folders made for this run, from the deepest up; one that holds
   * something else stays. */
  char *p = tvp_xstrdup(r->dir);
  size_t top = strlen(r->made), n = strlen(p);
  while (n > 1 && p[n - 1] == '/')
    p[--n] = '\0';
  while (strlen(p) >= top && rmdir(p) == 0) {
    char *slash = strrchr(p, '/');
    if (!slash)
      break;
    *slash = '\0';
  }
  free(p);
  free(r->made);
  r->made = NULL;
}

void tvp_results_config_fields(tvp_csv_row *row, const tvp_config *c) {
  tvp_dimensions_csv(row, c, TVP_DIM_KERNEL);
}

/* A worker's scheduler figures; what could not be read is left empty. */
static void sched_fields(tvp_csv_row *row, const tvp_schedstat *q) {
  tvp_csv_double(row, q->oncpu_ns >= 0 ? (double)q->oncpu_ns / 1e6 : NAN, 6);
  tvp_csv_double(row, q->runq_wait_ns >= 0 ? (double)q->runq_wait_ns / 1e6 : NAN, 6);
  if (q->timeslices >= 0)
    tvp_csv_int(row, q->timeslices);
  else
    tvp_csv_empty(row);
}

/* The disturbance columns of runs.csv: the shares of an ok repetition, and the
 * machine's load, which a failed one has too. */
static void disturbance_fields(tvp_csv_row *row, const tvp_rep *rep) {
  tvp_csv_double(row, rep->ok ? rep->runq_wait_share : NAN, 6);
  tvp_csv_double(row, rep->ok ? rep->oncpu_share : NAN, 6);
  tvp_csv_double(row, rep->ok && rep->wall_s > 0 ? rep->skew_s / rep->wall_s : NAN, 6);
  tvp_csv_double(row, rep->load1, 6);
  if (rep->procs_running >= 0)
    tvp_csv_int(row, rep->procs_running);
  else
    tvp_csv_empty(row);
  tvp_csv_double(row, rep->steal_s * 1e3, 6);
  if (rep->ok)
    tvp_csv_int(row, rep->disturbed);
  else
    tvp_csv_empty(row);
}

/* The workers.csv rows of one repetition, appended to out: one per worker of
 * an ok repetition, none for a failed one. */
static void worker_rows(tvp_buf *out, size_t config_id, const tvp_config *cfg, const tvp_placement *pl,
                        const tvp_rep *rep, const tvp_sample *samples) {
  tvp_csv_row row;
  tvp_csv_row_init(&row);
  int64_t first_start = INT64_MAX;
  for (unsigned w = 0; w < cfg->workers; w++)
    if (samples[w].start_ns && samples[w].start_ns < first_start)
      first_start = samples[w].start_ns;
  char here[TVP_HOST_MAX] = "";
  gethostname(here, sizeof here - 1);
  for (unsigned w = 0; rep->ok && w < cfg->workers; w++) {
    const tvp_sample *s = &samples[w];
    /* An MPI rank placed itself on its own host: its sample says where. */
    int ranked = cfg->model->distributed;
    char *set = NULL;
    if (ranked)
      set = tvp_xstrdup(s->cpuset);
    else
      hwloc_bitmap_list_asprintf(&set, pl->sets[w]);
    tvp_csv_uint(&row, config_id);
    tvp_csv_uint(&row, rep->index);
    tvp_csv_int(&row, rep->warmup);
    tvp_csv_uint(&row, w);
    tvp_csv_int(&row, s->pid);
    tvp_csv_int(&row, s->tid);
    tvp_csv_str(&row, set);
    tvp_csv_int(&row, s->cpu_start);
    tvp_csv_int(&row, s->cpu_end);
    tvp_csv_int(&row, s->off_cpuset);
    tvp_csv_double(&row, (double)(s->start_ns - first_start) / 1e3, 6);
    tvp_csv_double(&row, (double)(s->end_ns - s->start_ns) / 1e9, 9);
    tvp_csv_uint(&row, s->units);
    tvp_csv_uint(&row, s->checksum);
    tvp_csv_double(&row, s->user_s, 6);
    tvp_csv_double(&row, s->sys_s, 6);
    tvp_csv_int(&row, s->vcsw);
    tvp_csv_int(&row, s->ivcsw);
    tvp_csv_int(&row, s->minflt);
    tvp_csv_int(&row, s->majflt);
    tvp_csv_str(&row, ranked ? s->host : here);
    if (ranked)
      tvp_csv_int(&row, s->rank);
    else
      tvp_csv_empty(&row);
    sched_fields(&row, &s->sched);
    free(set);
    tvp_buf_append(out, row.buf, row.len);
    tvp_buf_append(out, "\n", 1);
    tvp_csv_row_reset(&row);
  }
  tvp_csv_row_free(&row);
}

/* Appends data to fd with one write; a write that fails part-way is cut back,
 * so the file ends where it ended before. 0 or -1 (errno). */
static int append_whole(int fd, const char *data, size_t len) {
  off_t before = lseek(fd, 0, SEEK_END);
  int rc = tvp_write_all(fd, data, len);
  if (rc != 0 && before >= 0) {
    int e = errno;
    int cut = ftruncate(fd, before); /* if even this fails, the error still says why */
    (void)cut;
    errno = e;
  }
  return rc;
}

int tvp_results_write_rep(tvp_results *r, size_t config_id, const tvp_config *cfg,
                          const tvp_placement *pl, const tvp_rep *rep, const tvp_sample *samples) {
  tvp_csv_row row;
  tvp_csv_row_init(&row);
  tvp_csv_uint(&row, config_id);
  tvp_results_config_fields(&row, cfg);
  tvp_csv_uint(&row, rep->index);
  tvp_csv_int(&row, rep->warmup);
  tvp_csv_uint(&row, rep->round);
  tvp_csv_uint(&row, rep->attempt);
  tvp_csv_str(&row, rep->ok ? "ok" : "failed");
  tvp_csv_str(&row, rep->ok ? "" : rep->reason);
  if (rep->ok) {
    tvp_csv_double(&row, rep->wall_s, 9);
    tvp_csv_double(&row, rep->skew_s * 1e6, 6);
    tvp_csv_double(&row, rep->setup_s * 1e3, 6);
    tvp_csv_uint(&row, rep->units);
    tvp_csv_double(&row, rep->throughput, 9);
    tvp_csv_str(&row, cfg->kernel->rate_unit);
    tvp_csv_uint(&row, rep->checksum);
    tvp_csv_double(&row, rep->user_s, 6);
    tvp_csv_double(&row, rep->sys_s, 6);
    tvp_csv_int(&row, rep->vcsw);
    tvp_csv_int(&row, rep->ivcsw);
    tvp_csv_int(&row, rep->minflt);
    tvp_csv_int(&row, rep->majflt);
  } else {
    for (int i = 0; i < 13; i++)
      tvp_csv_empty(&row);
  }
  if (rep->ok) { /* a failed cell's figures are partial or never taken */
    tvp_csv_int(&row, rep->peak_rss_kib);
    if (rep->pss_kib >= 0)
      tvp_csv_int(&row, rep->pss_kib);
    else
      tvp_csv_empty(&row);
    tvp_csv_uint(&row, rep->off_cpuset);
    tvp_csv_int(&row, rep->wall_s < TVP_SHORT_REP_S);
  } else {
    for (int i = 0; i < 4; i++)
      tvp_csv_empty(&row);
  }
  disturbance_fields(&row, rep);
  /* Both files take the repetition whole or not at all: the worker rows go
   * first, in one write, and are taken back when runs.csv refuses its row,
   * so a full disk never leaves an ok repetition with some of its workers. */
  tvp_buf workers = {0};
  worker_rows(&workers, config_id, cfg, pl, rep, samples);
  off_t workers_before = lseek(r->workers_fd, 0, SEEK_END);
  int rc = workers.len ? append_whole(r->workers_fd, workers.data, workers.len) : 0;
  if (rc == 0 && (rc = tvp_csv_row_write(r->runs_fd, &row)) != 0 && workers.len && workers_before >= 0) {
    int e = errno;
    int cut = ftruncate(r->workers_fd, workers_before);
    (void)cut;
    errno = e;
  }
  tvp_buf_free(&workers);
  tvp_csv_row_free(&row);
  return rc;
}

/* On a full disk the temporary copy finds no room, but the file it would
 * replace may already own the blocks the new text needs: then it is
 * overwritten in place, so meta.json can still say that the run failed. */
static int overwrite_in_place(const char *path, const char *text, size_t len, int why) {
  struct stat st;
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) != 0 || (uint64_t)len > (uint64_t)st.st_blocks * 512) {
    if (fd >= 0)
      close(fd);
    errno = why;
    return -1;
  }
  int rc = tvp_write_all(fd, text, len) == 0 && ftruncate(fd, (off_t)len) == 0 ? 0 : -1;
  int e = errno;
  if (close(fd) != 0 && rc == 0)
    return -1;
  errno = e;
  return rc;
}

int tvp_results_write_file(const tvp_results *r, const char *name, const char *text, size_t len) {
  char *path = tvp_path_in(r->dir, name);
  int rc = tvp_fs_write_whole(path, text, len);
  if (rc != 0 && (errno == ENOSPC || errno == EDQUOT))
    rc = overwrite_in_place(path, text, len, errno);
  free(path);
  return rc;
}

static void stats_fields(tvp_csv_row *row, const tvp_stats *s) {
  tvp_csv_double(row, s->median, 9);
  tvp_csv_double(row, s->mean, 9);
  tvp_csv_double(row, s->sd, 6);
  tvp_csv_double(row, s->min, 9);
  tvp_csv_double(row, s->max, 9);
  tvp_csv_double(row, s->cv, 6);
  tvp_csv_double(row, s->ci95_low, 9);
  tvp_csv_double(row, s->ci95_high, 9);
}

int tvp_results_write_summary(tvp_results *r, const tvp_summary_row *rows, size_t n) {
  tvp_buf out = {0};
  tvp_csv_row row;
  tvp_csv_row_init(&row);
  for (int i = 0; tvp_summary_columns[i]; i++)
    tvp_csv_str(&row, tvp_summary_columns[i]);
  tvp_buf_append(&out, row.buf, row.len);
  tvp_buf_append(&out, "\n", 1);
  for (size_t i = 0; i < n; i++) {
    const tvp_summary_row *s = &rows[i];
    const tvp_config *c = s->res->cfg;
    tvp_csv_row_reset(&row);
    tvp_csv_uint(&row, s->config_id);
    tvp_csv_str(&row, c->kernel->name);
    tvp_csv_str(&row, c->kernel->bound);
    tvp_dimensions_csv(&row, c, TVP_DIM_MODEL);
    tvp_csv_int(&row, s->res->oversubscribed);
    tvp_csv_str(&row, s->status);
    tvp_csv_str(&row, strcmp(s->status, "ok") == 0 ? "" : s->res->reason);
    tvp_csv_uint(&row, c->reps);
    tvp_csv_uint(&row, s->reps_ok);
    tvp_csv_uint(&row, s->reps_disturbed);
    stats_fields(&row, &s->time_s);
    tvp_csv_double(&row, s->throughput.median, 9);
    tvp_csv_double(&row, s->throughput.ci95_low, 9);
    tvp_csv_double(&row, s->throughput.ci95_high, 9);
    tvp_csv_str(&row, c->kernel->rate_unit);
    tvp_csv_double(&row, s->speedup, 6);
    tvp_csv_double(&row, s->speedup_ci95_low, 6);
    tvp_csv_double(&row, s->speedup_ci95_high, 6);
    tvp_csv_uint(&row, s->pairs_speedup);
    tvp_csv_double(&row, s->efficiency, 6);
    tvp_csv_double(&row, s->karp_flatt, 6);
    tvp_csv_double(&row, s->ratio_vs_thread, 6);
    tvp_csv_double(&row, s->ratio_ci95_low, 6);
    tvp_csv_double(&row, s->ratio_ci95_high, 6);
    tvp_csv_uint(&row, s->pairs_ratio);
    tvp_csv_double(&row, s->ratio_log_mean, 9);
    tvp_csv_double(&row, s->ratio_log_se, 9);
    tvp_csv_str(&row, tvp_verdict_token(s->verdict));
    tvp_csv_str(&row, tvp_verdict_why_token(s->verdict_why));
    tvp_csv_double(&row, s->verdict_p, 6);
    tvp_csv_int(&row, s->implausible);
    tvp_csv_str(&row, s->implausible_reason);
    tvp_csv_double(&row, s->skew_median_us, 6);
    tvp_csv_double(&row, s->setup_median_ms, 6);
    tvp_csv_double(&row, s->user_s_median, 6);
    tvp_csv_double(&row, s->sys_s_median, 6);
    tvp_csv_double(&row, s->vcsw_median, 9);
    tvp_csv_double(&row, s->ivcsw_median, 9);
    tvp_csv_double(&row, s->minflt_median, 9);
    tvp_csv_double(&row, s->majflt_median, 9);
    tvp_csv_double(&row, s->peak_rss_kib_median, 9);
    tvp_csv_double(&row, s->pss_kib_median, 9);
    if (s->reps_ok) {
      tvp_csv_uint(&row, s->off_cpuset_workers);
      tvp_csv_uint(&row, s->checksum);
    } else {
      tvp_csv_empty(&row);
      tvp_csv_empty(&row);
    }
    if (s->checksum_consistent < 0)
      tvp_csv_empty(&row);
    else
      tvp_csv_int(&row, s->checksum_consistent);
    tvp_csv_uint(&row, s->reps_short);
    tvp_buf_append(&out, row.buf, row.len);
    tvp_buf_append(&out, "\n", 1);
  }
  tvp_csv_row_free(&row);
  int rc = tvp_results_write_file(r, "summary.csv", out.data ? out.data : "", out.len);
  tvp_buf_free(&out);
  return rc;
}
