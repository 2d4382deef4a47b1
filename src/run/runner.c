/* Runs the plan (see runner.h). The runner is the only long-lived process: each
 * repetition is a cell it forks, watches with a pidfd and a timeout, kills as a
 * process group when needed, and reaps down to the last worker. */
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cell/cell.h"
#include "models/model.h"
#include "run/disturbance.h"
#include "run/host_load.h"
#include "run/runner.h"
#include "base/util.h"

static volatile sig_atomic_t interrupted;  /* the signal that asked us to stop, or 0 */
static volatile sig_atomic_t current_cell; /* the running cell's pid (its group), or 0 */

/* The first SIGINT, SIGTERM or SIGHUP (the terminal or ssh session closing)
 * asks for a clean stop: the cell is killed, what
 * finished is written. A second one means "now": kill the cell's process group
 * (every worker is in it) and exit at once, leaving runs.csv whole but no
 * summary.csv and a meta.json that still says "running". */
static void on_signal(int sig) {
  if (interrupted) {
    pid_t cell = (pid_t)current_cell;
    if (cell > 0)
      kill(-cell, SIGKILL);
    _exit(128 + sig);
  }
  interrupted = sig;
}

int tvp_runner_interrupted(void) { return interrupted; }

void tvp_runner_init(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() must return EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  /* Workers orphaned by a crashed cell are re-parented to us, so we can reap them. */
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

/* Waits until the cell has exited (without reaping it) or the deadline passes.
 * Returns 1 exited, 0 timed out, -1 interrupted. */
static int wait_cell(pid_t pid, int64_t deadline_ns) {
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  for (;;) {
    if (interrupted) {
      if (pidfd >= 0)
        close(pidfd);
      return -1;
    }
    siginfo_t si;
    si.si_pid = 0;
    if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid) {
      if (pidfd >= 0)
        close(pidfd);
      return 1;
    }
    int64_t left = deadline_ns - tvp_now_ns();
    if (left <= 0) {
      if (pidfd >= 0)
        close(pidfd);
      return 0;
    }
    if (pidfd >= 0) {
      /* The pidfd turns readable when the cell exits: no polling loop wakes a
       * CPU that the workers are measuring on. */
      struct pollfd p = {.fd = pidfd, .events = POLLIN};
      int ms = left > 1000000000LL ? 1000 : (int)(left / 1000000) + 1;
      poll(&p, 1, ms);
    } else {
      tvp_sleep_ns(left < 5000000 ? left : 5000000);
    }
  }
}

static void list_unfinished(const tvp_region *rg, char *buf, size_t len) {
  size_t k = 0;
  buf[0] = 0;
  for (unsigned i = 0; i < rg->nworkers && k + 12 < len; i++) {
    const tvp_sample *s = tvp_region_slot((tvp_region *)rg, i);
    if (atomic_load(&s->state) != TVP_SLOT_DONE)
      k += (size_t)snprintf(buf + k, len - k, "%s%u", k ? "," : "", i);
  }
}

/* Why a cell that did not finish cleanly failed, in one line: every reason
 * the cell, its workers or its launcher gave passes here. */
static void cell_reason(const tvp_region *rg, int status, int outcome, double timeout_s,
                        char *out, size_t len) {
  char unfinished[96];
  list_unfinished(rg, unfinished, sizeof unfinished);
  int failed = -1;
  for (unsigned i = 0; i < rg->nworkers && failed < 0; i++)
    if (tvp_region_slot((tvp_region *)rg, i)->why[0])
      failed = (int)i;
  if (outcome == 0)
    snprintf(out, len, "timeout after %g s (workers not finished: %s)", timeout_s,
             unfinished[0] ? unfinished : "none");
  else if (outcome < 0)
    snprintf(out, len, "interrupted");
  else if (rg->cell_why[0])
    snprintf(out, len, "%s", rg->cell_why);
  else if (WIFSIGNALED(status)) /* a SIGKILL not ours: the runner kills only after a timeout */
    snprintf(out, len, "cell killed by %s (%sworkers not finished: %s)",
             tvp_signal_name(WTERMSIG(status)),
             WTERMSIG(status) == SIGKILL ? "out of memory?; " : "",
             unfinished[0] ? unfinished : "none");
  else if (failed >= 0) /* a thread worker's exit, which took the cell, said why first */
    snprintf(out, len, "worker %d: %s", failed, tvp_region_slot((tvp_region *)rg, (unsigned)failed)->why);
  else
    snprintf(out, len, "cell exited with status %d before its workers finished "
             "(workers not finished: %s)", WEXITSTATUS(status), unfinished[0] ? unfinished : "none");
  /* Whatever wrote the reason (a kernel, a model, a launcher's message of
   * several lines), it is one field of one CSV row and one progress line. */
  tvp_one_line(out);
}

/* The disturbance figures of an ok repetition: each worker's run-queue wait
 * held to the rule, and how much of the time its workers were on a CPU. */
static void fold_disturbance(const tvp_runner *rn, const tvp_region *rg, tvp_rep *rep) {
  unsigned n = rg->nworkers;
  const tvp_sample *samples = tvp_region_slot((tvp_region *)rg, 0);
  tvp_worker_wait *w = tvp_xcalloc(n ? n : 1, sizeof *w);
  tvp_worker_waits(samples, n, rep->oversubscribed, w);
  double oncpu_s = 0;
  for (unsigned i = 0; i < n && oncpu_s >= 0; i++) /* one unread clock: no share */
    oncpu_s = samples[i].sched.oncpu_ns >= 0 ? oncpu_s + (double)samples[i].sched.oncpu_ns / 1e9 : -1;
  rep->runq_wait_share = tvp_runq_wait_share(w, n, rep->wall_s);
  rep->oncpu_share = oncpu_s >= 0 && n && rep->wall_s > 0 ? oncpu_s / (rep->wall_s * n) : NAN;
  double above = rn->disturbed_above > 0 ? rn->disturbed_above : TVP_DISTURBED_ABOVE_PCT / 100;
  rep->disturbed = tvp_disturbed(w, n, rep->wall_s, above);
  free(w);
}

/* An ok repetition's figures, from its workers' samples; t0 is when the
 * runner began to fork the cell. */
static void fold_samples(const tvp_runner *rn, const tvp_config *cfg, const tvp_region *rg, tvp_rep *rep,
                         int64_t t0) {
  int64_t min_start = INT64_MAX, max_start = INT64_MIN, max_end = INT64_MIN;
  for (unsigned i = 0; i < rg->nworkers; i++) {
    const tvp_sample *s = tvp_region_slot((tvp_region *)rg, i);
    if (s->start_ns < min_start)
      min_start = s->start_ns;
    if (s->start_ns > max_start)
      max_start = s->start_ns;
    if (s->end_ns > max_end)
      max_end = s->end_ns;
    rep->units += s->units;
    rep->checksum += s->checksum;
    rep->user_s += s->user_s;
    rep->sys_s += s->sys_s;
    rep->vcsw += s->vcsw;
    rep->ivcsw += s->ivcsw;
    rep->minflt += s->minflt;
    rep->majflt += s->majflt;
    rep->off_cpuset += s->off_cpuset ? 1 : 0;
  }
  rep->wall_s = (double)(max_end - min_start) / 1e9;
  rep->skew_s = (double)(max_start - min_start) / 1e9;
  rep->setup_s = (double)(min_start - t0) / 1e9;
  rep->cell_start_s = (double)(rg->cell_ready_ns - t0) / 1e9;
  rep->throughput = rep->wall_s > 0 ? (double)rep->units * cfg->kernel->rate_per_unit / rep->wall_s : 0;
  fold_disturbance(rn, rg, rep);
}

/* The machine's load as the repetition began (before) and its steal since;
 * the disturbance shares stay unknown unless the samples give them. */
static void note_host_load(tvp_rep *rep, const tvp_host_load *before) {
  tvp_host_load after;
  tvp_host_load_read(&after);
  rep->load1 = before->load1;
  rep->procs_running = before->procs_running;
  rep->steal_s = tvp_host_steal_s(before, &after);
  rep->runq_wait_share = rep->oncpu_share = NAN;
}

/* Writes what a worker that has only the region needs: the configuration as
 * names and numbers, and each worker's cpuset as an hwloc list. */
static void describe_config(tvp_region *rg, const tvp_cell *cell, const tvp_placement *pl) {
  const tvp_config *cfg = cell->cfg;
  tvp_region_config *c = &rg->cfg;
  snprintf(c->kernel, sizeof c->kernel, "%s", cfg->kernel->name);
  snprintf(c->model, sizeof c->model, "%s", cfg->model->name);
  snprintf(c->tmpdir, sizeof c->tmpdir, "%s", cell->job.tmpdir);
  c->scaling = (int32_t)cfg->scaling;
  c->bound = pl->bound;
  c->oversubscribed = pl->oversubscribed;
  c->duration_s = cfg->duration_s;
  c->units = cfg->units;
  c->footprint = cfg->footprint;
  c->chunk = cfg->chunk;
  c->llc_bytes = cell->job.llc_bytes;
  c->l2_bytes = cell->job.l2_bytes;
  c->l3_bytes = cell->job.l3_bytes;
  c->mem_bytes = cell->job.mem_bytes;
  c->l2_pus = cell->job.l2_pus;
  c->l3_pus = cell->job.l3_pus;
  for (unsigned i = 0; i < cfg->workers; i++)
    if (pl->bound)
      hwloc_bitmap_list_snprintf(tvp_region_slot(rg, i)->cpuset, TVP_CPUSET_MAX, pl->sets[i]);
}

/* Children that left the cell's process group before it died (MPI ranks get
 * one of their own from the launcher) come to us as orphans: the runner has
 * no other children while a cell runs, so each is killed and reaped, and so
 * are theirs, which come to us in turn. */
static void reap_strays(void) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
  for (int round = 0; round < 1000; round++) {
    FILE *f = fopen(path, "r");
    if (!f)
      return;
    char list[4096];
    int any = 0;
    while (fgets(list, sizeof list, f)) {
      char *p = list, *end;
      for (long pid; (pid = strtol(p, &end, 10)) > 0; p = end) {
        any = 1;
        kill((pid_t)pid, SIGKILL);
        while (waitpid((pid_t)pid, NULL, 0) < 0 && errno == EINTR)
          ;
      }
    }
    fclose(f);
    if (!any)
      break;
  }
  while (waitpid(-1, NULL, WNOHANG) > 0)
    ; /* one re-parented to a thread the list above did not show */
}

void tvp_run_one(const tvp_runner *rn, const tvp_config *cfg, const tvp_placement *pl,
                 tvp_rep *rep, tvp_sample *samples) {
  tvp_topology *topo = rn->topo;
  rep->ok = 0;
  tvp_region *rg = tvp_region_create(cfg->workers, cfg->kernel->shared_bytes);
  if (!rg) {
    snprintf(rep->reason, sizeof rep->reason, "cannot map the shared region for %u workers: %s",
             cfg->workers, strerror(errno));
    return;
  }
  unsigned l2_pus, l3_pus;
  uint64_t l2 = tvp_topology_cache_bytes(topo, 2, &l2_pus), l3 = tvp_topology_cache_bytes(topo, 3, &l3_pus);
  tvp_cell cell = {
      .cfg = cfg,
      .job = {.kernel = cfg->kernel,
              .nworkers = cfg->workers,
              .units = cfg->units,
              .shared = tvp_region_shared(rg),
              .footprint = cfg->footprint,
              .chunk = cfg->chunk,
              .worker_kind = cfg->model->worker_kind,
              .model = cfg->model->name,
              .tmpdir = rn->tmpdir ? rn->tmpdir : "/tmp",
              .llc_bytes = tvp_topology_llc_bytes(topo),
              .l2_bytes = l2,
              .l3_bytes = l3,
              .l2_pus = l2_pus,
              .l3_pus = l3_pus,
              .mem_bytes = tvp_topology_mem_bytes(topo)},
      .region = rg,
      .placement = pl,
      .topo = topo->topo,
      .model_options = rn->model_options,
  };
  describe_config(rg, &cell, pl);
  tvp_host_load load;
  tvp_host_load_read(&load);
  fflush(NULL);
  int64_t t0 = tvp_now_ns();
  /* Signals wait until current_cell names the new cell, so a second Ctrl-C
   * right after the fork still finds it to kill. */
  sigset_t stop_signals, before;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  sigprocmask(SIG_BLOCK, &stop_signals, &before);
  pid_t runner = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    tvp_die_with_parent(runner);
    for (size_t i = 0; i < sizeof rn->cell_closes / sizeof rn->cell_closes[0]; i++)
      if (rn->cell_closes[i] > 2)
        close(rn->cell_closes[i]); /* the lock on runs.csv must end with the runner */
    sigprocmask(SIG_SETMASK, &before, NULL);
    tvp_cell_run(&cell);
  }
  if (pid < 0) {
    sigprocmask(SIG_SETMASK, &before, NULL);
    snprintf(rep->reason, sizeof rep->reason, "cannot fork the cell: %s", strerror(errno));
    tvp_region_destroy(rg, 1);
    return;
  }
  setpgid(pid, pid); /* both sides set it, so no kill can come before it exists */
  current_cell = pid;
  sigprocmask(SIG_SETMASK, &before, NULL);
  double timeout_s = cfg->timeout_s + (cfg->scaling == TVP_SCALING_DURATION ? cfg->duration_s : 0);
  int outcome = wait_cell(pid, t0 + (int64_t)(timeout_s * 1e9));
  /* The cell is a zombie or still running, so its pid (the group id) cannot have
   * been reused: killing the group reaches every worker it left behind. */
  kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  while (waitpid(-pid, NULL, 0) > 0 || errno == EINTR)
    ; /* orphaned workers, ours through PR_SET_CHILD_SUBREAPER */
  reap_strays();
  current_cell = 0;
  note_host_load(rep, &load);
  rep->oversubscribed = rg->cfg.oversubscribed;

  if (outcome == 1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && atomic_load(&rg->cell_done)) {
    rep->ok = 1;
    fold_samples(rn, cfg, rg, rep, t0);
  } else {
    cell_reason(rg, status, outcome, timeout_s, rep->reason, sizeof rep->reason);
  }
  rep->peak_rss_kib = rg->peak_rss_kib;
  rep->pss_kib = rg->pss_kib;
  if (samples)
    for (unsigned i = 0; i < rg->nworkers; i++)
      samples[i] = *tvp_region_slot(rg, i);
  tvp_region_destroy(rg, 1);
}

/* All repetitions of one configuration into res. 0, or -errno when the sink
 * could not keep a repetition. */
static int run_config(const tvp_runner *rn, size_t id, tvp_config_result *res) {
  const tvp_run_sink *sink = &rn->sink;
  const tvp_config *cfg = res->cfg;
  tvp_placement pl;
  if (tvp_placement_plan(rn->topo->topo, cfg->placement, cfg->workers, &pl) != 0) {
    res->status = TVP_CONFIG_FAILED;
    snprintf(res->reason, sizeof res->reason, "placement failed (out of memory)");
    return 0;
  }
  res->oversubscribed = pl.oversubscribed;
  res->reps = tvp_xcalloc(cfg->reps, sizeof *res->reps);
  tvp_sample *samples = tvp_xcalloc(cfg->workers, sizeof *samples);
  int rc = 0;
  res->status = TVP_CONFIG_OK;
  for (unsigned r = 0; r < cfg->warmup + cfg->reps; r++) {
    tvp_rep rep;
    memset(&rep, 0, sizeof rep);
    rep.warmup = r < cfg->warmup;
    rep.index = rep.warmup ? r : r - cfg->warmup;
    memset(samples, 0, cfg->workers * sizeof *samples);
    if (sink->rep_starting)
      sink->rep_starting(sink->ctx, id, cfg, r);
    tvp_run_one(rn, cfg, &pl, &rep, samples);
    if (tvp_runner_interrupted()) {
      res->status = TVP_CONFIG_INTERRUPTED;
      snprintf(res->reason, sizeof res->reason, "interrupted");
      break; /* an interrupted repetition is not a result: nothing is written */
    }
    if (cfg->model->distributed && rep.ok) /* the runner's host may not be the ranks' */
      pl.oversubscribed = res->oversubscribed = rep.oversubscribed;
    if (sink->rep_done && sink->rep_done(sink->ctx, id, cfg, &pl, &rep, samples) != 0) {
      rc = -errno; /* why, for the caller to report with what to do */
      break;
    }
    if (!rep.warmup)
      res->reps[res->nreps++] = rep;
    if (!rep.ok) {
      /* A fault is almost always repeatable: do not pay the timeout again. */
      res->status = TVP_CONFIG_FAILED;
      snprintf(res->reason, sizeof res->reason, "%s%s", rep.warmup ? "warm-up: " : "", rep.reason);
      if (sink->reps_skipped)
        sink->reps_skipped(sink->ctx, cfg->warmup + cfg->reps - r - 1);
      break;
    }
  }
  free(samples);
  tvp_placement_free(&pl);
  return rc;
}

int tvp_runner_run(const tvp_runner *rn, const tvp_plan *plan, tvp_config_result *results) {
  const tvp_run_sink *sink = &rn->sink;
  for (size_t i = 0; i < plan->n; i++) {
    results[i].cfg = &plan->configs[i];
    if (results[i].status != TVP_CONFIG_PENDING && sink->config_skipped)
      sink->config_skipped(sink->ctx, results[i].cfg);
  }
  int rc = 0;
  /* A signal that came while the folder was made stops the run before its first cell. */
  for (size_t i = 0; i < plan->n && !tvp_runner_interrupted(); i++) {
    if (results[i].status != TVP_CONFIG_PENDING)
      continue; /* complete in the run being resumed */
    int e = run_config(rn, i, &results[i]);
    if (e != 0) {
      rc = -1;
      errno = -e;
      break;
    }
    if (sink->config_done)
      sink->config_done(sink->ctx, &results[i], i + 1, plan->n);
    if (tvp_runner_interrupted())
      break;
    if (rn->stop_on_error && results[i].status == TVP_CONFIG_FAILED)
      break; /* the configurations after it stay pending: no row, as after Ctrl-C */
  }
  int e = errno;
  if (sink->run_done)
    sink->run_done(sink->ctx);
  if (rc < 0) {
    errno = e;
    return -1;
  }
  return tvp_runner_interrupted() ? 128 + tvp_runner_interrupted() : 0;
}

void tvp_config_result_free(tvp_config_result *r) {
  free(r->reps);
  r->reps = NULL;
  r->nreps = 0;
}
