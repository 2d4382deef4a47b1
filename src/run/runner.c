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
#include <time.h>
#include <unistd.h>

#include "cell/cell.h"
#include "models/model.h"
#include "plan/points.h"
#include "run/rounds.h"
#include "run/disturbance.h"
#include "run/host_load.h"
#include "run/runner.h"
#include "base/util.h"

static volatile sig_atomic_t interrupted;  /* the signal that asked us to stop, or 0 */
static volatile sig_atomic_t current_cell; /* the running cell's pid (its group), or 0 */

/* When the first stop signal came (CLOCK_MONOTONIC, ns). GNU timeout, and
 * anything else that signals a process and then its group, delivers one
 * request twice within microseconds; a person's second Ctrl-C comes a good
 * deal later. */
static volatile int64_t first_signal_ns;
#define TVP_SAME_REQUEST_NS 50000000 /* 50 ms */

/* The first SIGINT, SIGTERM or SIGHUP (the terminal or ssh session closing)
 * asks for a clean stop: the cell is killed, what finished is written. A
 * second one, 50 ms or more after the first, means "now": kill the cell's
 * process group (every worker is in it) and exit at once, leaving runs.csv
 * whole but no summary.csv and a meta.json that still says "running". */
static void on_signal(int sig) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts); /* async-signal-safe */
  int64_t now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
  if (interrupted && now - first_signal_ns < TVP_SAME_REQUEST_NS)
    return;
  if (interrupted) {
    pid_t cell = (pid_t)current_cell;
    if (cell > 0)
      kill(-cell, SIGKILL);
    _exit(128 + sig);
  }
  first_signal_ns = now;
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

/* One point being measured: its configurations, their placements, and what
 * the rounds so far left in their results. */
typedef struct {
  const tvp_runner *rn;
  size_t index;          /* the point's place among the plan's points: part of its rounds' seed */
  const tvp_plan_point *pt;
  tvp_config_result *results; /* the whole plan's */
  tvp_placement *pl;     /* one per configuration of the point */
  tvp_sample *samples;   /* room for the largest worker count */
  size_t *perm;
  int ran;               /* a round ran here (not only rounds kept by a resume) */
  int stop;              /* interrupted, the sink failed, or --on-error stop: no more rounds anywhere */
  int stopped_on_error;  /* --on-error stop after a failure: the others of the point have no result */
  int sink_errno;
} point_run;

static tvp_config_result *res_of(const point_run *p, size_t m) { return &p->results[p->pt->ids[m]]; }

/* A measured round that a resumed run kept: some configuration has its repetition. */
static int round_kept(const point_run *p, unsigned round) {
  for (size_t m = 0; m < p->pt->n; m++) {
    const tvp_config_result *r = res_of(p, m);
    for (unsigned i = 0; i < r->nreps; i++)
      if (r->reps[i].round == round)
        return 1;
  }
  return 0;
}

static int any_kept(const point_run *p) {
  for (size_t m = 0; m < p->pt->n; m++)
    if (res_of(p, m)->nreps)
      return 1;
  return 0;
}

/* Configurations still taking part: those that have not failed. */
static size_t taking_part(const point_run *p) {
  size_t k = 0;
  for (size_t m = 0; m < p->pt->n; m++)
    k += res_of(p, m)->status != TVP_CONFIG_FAILED;
  return k;
}

static void keep_rep(tvp_config_result *res, const tvp_rep *rep) {
  res->reps = tvp_xrealloc(res->reps, (res->nreps + 1) * sizeof *res->reps);
  res->reps[res->nreps++] = *rep;
}

/* One repetition of configuration m of the point, in round `round`. */
static void run_in_round(point_run *p, size_t m, unsigned round, unsigned attempt, int warm,
                         size_t cells_after) {
  const tvp_run_sink *sink = &p->rn->sink;
  size_t id = p->pt->ids[m];
  tvp_config_result *res = &p->results[id];
  const tvp_config *cfg = res->cfg;
  tvp_rep rep;
  memset(&rep, 0, sizeof rep);
  rep.warmup = warm;
  rep.index = warm ? round : res->nreps;
  rep.round = round;
  rep.attempt = attempt;
  memset(p->samples, 0, cfg->workers * sizeof *p->samples);
  if (sink->rep_starting)
    sink->rep_starting(sink->ctx, id, cfg, &rep);
  tvp_run_one(p->rn, cfg, &p->pl[m], &rep, p->samples);
  if (tvp_runner_interrupted()) {
    p->stop = 1; /* an interrupted repetition is not a result: nothing is written */
    return;
  }
  if (cfg->model->distributed && rep.ok) /* the runner's host may not be the ranks' */
    p->pl[m].oversubscribed = res->oversubscribed = rep.oversubscribed;
  if (sink->rep_done && sink->rep_done(sink->ctx, id, cfg, &p->pl[m], &rep, p->samples) != 0) {
    p->sink_errno = errno; /* why, for the caller to report with what to do */
    p->stop = 1;
    return;
  }
  if (!warm)
    keep_rep(res, &rep);
  if (!rep.ok) {
    /* A fault is almost always repeatable: do not pay the timeout again. */
    res->status = TVP_CONFIG_FAILED;
    snprintf(res->reason, sizeof res->reason, "%s%s", warm ? "warm-up: " : "", rep.reason);
    if (sink->reps_skipped)
      sink->reps_skipped(sink->ctx, cells_after);
    if (p->rn->stop_on_error)
      p->stop = p->stopped_on_error = 1;
  }
}

/* Round `round` of the point: one repetition of every configuration still
 * taking part, in the round's shuffled order. A round a resume kept is passed.
 * cells_after: the repetitions the progress counts on from each configuration
 * after this round (none for a round added to make up for disturbed ones). */
static void run_round(point_run *p, unsigned round, unsigned attempt, int warm, int extra,
                      size_t cells_after) {
  const tvp_run_sink *sink = &p->rn->sink;
  if (warm ? any_kept(p) : round_kept(p, round)) {
    if (!extra && sink->reps_skipped)
      sink->reps_skipped(sink->ctx, taking_part(p));
    return;
  }
  if (extra && sink->cells_added)
    sink->cells_added(sink->ctx, taking_part(p));
  size_t n = p->pt->n;
  tvp_round_order(p->rn->seed, p->index, round, p->perm, n);
  p->ran = 1;
  for (size_t k = 0; k < n && !p->stop; k++)
    if (res_of(p, p->perm[k])->status != TVP_CONFIG_FAILED)
      run_in_round(p, p->perm[k], round, attempt, warm, cells_after);
}

/* Does some configuration still lack its repetitions free of disturbance in this attempt? */
static int needs_clean_rounds(const point_run *p, unsigned attempt) {
  for (size_t m = 0; m < p->pt->n; m++) {
    const tvp_config_result *r = res_of(p, m);
    if (r->status == TVP_CONFIG_FAILED)
      continue;
    unsigned clean = 0;
    for (unsigned i = 0; i < r->nreps; i++)
      clean += r->reps[i].attempt == attempt && r->reps[i].ok && !r->reps[i].disturbed;
    if (clean < r->cfg->reps)
      return 1;
  }
  return 0;
}

/* The rounds of one attempt from `*round` on: the repetitions asked for, then
 * as many more (at most as many again) as disturbed repetitions took away. */
static void run_attempt(point_run *p, unsigned *round, unsigned attempt) {
  unsigned reps = res_of(p, 0)->cfg->reps;
  for (unsigned k = 0; k < reps && !p->stop && taking_part(p); k++)
    run_round(p, (*round)++, attempt, 0, 0, reps - k - 1);
  for (unsigned k = 0; k < reps && !p->stop && taking_part(p) && needs_clean_rounds(p, attempt); k++)
    run_round(p, (*round)++, attempt, 0, 1, 0);
}

/* The whole point: warm-up rounds, the rounds of the first attempt, and a
 * second attempt when the sink finds the first's figures impossible. The
 * decisions read only the repetitions kept, so a resumed run replays them. */
static void run_point_rounds(point_run *p) {
  const tvp_run_sink *sink = &p->rn->sink;
  unsigned warmup = res_of(p, 0)->cfg->warmup, reps = res_of(p, 0)->cfg->reps, round = 0;
  for (unsigned w = 0; w < warmup && !p->stop && taking_part(p); w++)
    run_round(p, round++, 1, 1, 0, warmup - w - 1 + reps);
  run_attempt(p, &round, 1);
  if (!p->stop && p->rn->order == TVP_ORDER_INTERLEAVED && sink->point_implausible &&
      taking_part(p) && sink->point_implausible(sink->ctx, p->results, p->pt->ids, p->pt->n)) {
    if (sink->cells_added)
      sink->cells_added(sink->ctx, (size_t)reps * taking_part(p));
    run_attempt(p, &round, 2);
  }
}

/* Places the point's workers. 0, or -1 when a placement could not be made (its
 * configuration failed; the others go on). */
static void place_point(point_run *p) {
  for (size_t m = 0; m < p->pt->n; m++) {
    tvp_config_result *res = res_of(p, m);
    if (tvp_placement_plan(p->rn->topo->topo, res->cfg->placement, res->cfg->workers, &p->pl[m]) != 0) {
      res->status = TVP_CONFIG_FAILED;
      snprintf(res->reason, sizeof res->reason, "placement failed (out of memory)");
      continue;
    }
    res->oversubscribed = p->pl[m].oversubscribed;
    hwloc_bitmap_t all = hwloc_bitmap_alloc();
    for (unsigned i = 0; all && i < res->cfg->workers; i++)
      hwloc_bitmap_or(all, all, p->pl[m].sets[i]);
    int w = all ? hwloc_bitmap_weight(all) : -1;
    res->pus_in_use = w <= 0 ? 0 : p->pl[m].bound || (unsigned)w < res->cfg->workers ? (unsigned)w : res->cfg->workers;
    hwloc_bitmap_free(all);
  }
}

/* Runs one point and says how each configuration ended. */
static void run_point(point_run *p, size_t *done, size_t total) {
  const tvp_run_sink *sink = &p->rn->sink;
  unsigned max_workers = 1;
  for (size_t m = 0; m < p->pt->n; m++)
    max_workers = res_of(p, m)->cfg->workers > max_workers ? res_of(p, m)->cfg->workers : max_workers;
  p->pl = tvp_xcalloc(p->pt->n, sizeof *p->pl);
  p->samples = tvp_xcalloc(max_workers, sizeof *p->samples);
  p->perm = tvp_xcalloc(p->pt->n, sizeof *p->perm);
  place_point(p);
  run_point_rounds(p);
  for (size_t m = 0; m < p->pt->n; m++) {
    tvp_config_result *res = res_of(p, m);
    if (p->stopped_on_error && res->status != TVP_CONFIG_FAILED) {
      tvp_placement_free(&p->pl[m]); /* pending: no row, like the points after it */
      continue;
    }
    if (res->status == TVP_CONFIG_PENDING || res->status == TVP_CONFIG_OK) {
      res->status = !p->stop ? TVP_CONFIG_OK : p->sink_errno ? TVP_CONFIG_FAILED : TVP_CONFIG_INTERRUPTED;
      if (res->status != TVP_CONFIG_OK)
        snprintf(res->reason, sizeof res->reason, "%s", p->sink_errno ? "cut short: a results file "
                 "could not be written" : "interrupted");
    }
    if (p->ran && sink->config_done)
      sink->config_done(sink->ctx, res, ++*done, total);
    tvp_placement_free(&p->pl[m]);
  }
  free(p->pl);
  free(p->samples);
  free(p->perm);
}

int tvp_runner_run(const tvp_runner *rn, const tvp_plan *plan, tvp_config_result *results) {
  const tvp_run_sink *sink = &rn->sink;
  for (size_t i = 0; i < plan->n; i++) {
    results[i].cfg = &plan->configs[i];
    if (results[i].status != TVP_CONFIG_PENDING && sink->config_skipped)
      sink->config_skipped(sink->ctx, results[i].cfg); /* failed in the run being resumed */
  }
  tvp_points pts;
  tvp_points_make(plan, rn->order == TVP_ORDER_BLOCKED, &pts);
  int rc = 0, e = 0;
  size_t done = 0;
  /* A signal that came while the folder was made stops the run before its first cell. */
  for (size_t q = 0; q < pts.n && !tvp_runner_interrupted(); q++) {
    point_run p = {.rn = rn, .index = q, .pt = &pts.points[q], .results = results};
    run_point(&p, &done, plan->n);
    if (p.sink_errno) {
      rc = -1;
      e = p.sink_errno;
      break;
    }
    if (p.stop || tvp_runner_interrupted())
      break; /* the points after it stay pending: no row */
  }
  tvp_points_free(&pts);
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
