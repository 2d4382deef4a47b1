/* tvp-mpi-rank: one rank of the mpi models, started by the launcher on any
 * host. It rebuilds the job from its one argument, places its worker(s) with
 * tvp's own placement applied to the ranks of its host, meets the other ranks
 * at MPI_Barrier, runs the kernel through the same worker function as every
 * model, and sends its samples to rank 0, which prints the report the cell reads. */
#include <mpi.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell/cell.h"
#include "cell/measure.h"
#include "models/model.h"
#include "models/mpi/comm.h"
#include "models/mpi/wire.h"
#include "base/util.h"

/* Open MPI keeps some memory until exit on purpose; under AddressSanitizer the
 * leak check would turn every rank's exit into a failure. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the sanitizer's own hook
const char *__asan_default_options(void);
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the sanitizer's own hook
const char *__asan_default_options(void) { return "detect_leaks=0"; }

typedef struct {
  int rank, size, local, nlocal;
  char host[TVP_HOST_MAX];
} rank_place;

static rank_place me;

/* Says why on stderr, where the cell looks for it, and ends the whole job:
 * the other ranks may be waiting for this one. */
static _Noreturn void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void fail(const char *fmt, ...) {
  char why[TVP_REASON_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%sMPI rank %d on %s: %s\n", TVP_MPI_FAIL_TAG, me.rank, me.host, why);
  fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, 3);
  _exit(3);
}

/* This rank's workers, for kernel_failed. */
static struct {
  tvp_region *region;
  unsigned first, threads;
} own;

/* A kernel that cannot do its unit writes why into its worker's slot, then
 * ends the worker with _exit, which ends this rank and the slot with it: the
 * reason goes out first, on stderr with the failure tag, which the launcher
 * forwards to the cell from whatever host this is. The launcher then ends the
 * job, as for any rank that exits early, and the cell gives this reason. */
static void kernel_failed(const char *why) {
  unsigned worker = own.first;
  for (unsigned i = own.first; i < own.first + own.threads; i++)
    if (tvp_region_slot(own.region, i)->why == why)
      worker = i;
  if (own.threads > 1)
    fprintf(stderr, "%sMPI rank %d on %s, worker %u: %s\n", TVP_MPI_FAIL_TAG, me.rank, me.host,
            worker, why);
  else
    fprintf(stderr, "%sMPI rank %d on %s: %s\n", TVP_MPI_FAIL_TAG, me.rank, me.host, why);
  fflush(stderr);
}

/* The last local worker at the start barrier: all ranks leave MPI_Barrier
 * together, and the barrier's release stamp, taken right after, is where this
 * rank's clock is aligned with rank 0's. */
static void meet_other_ranks(void *arg) {
  (void)arg;
  MPI_Barrier(MPI_COMM_WORLD);
}

typedef struct {
  tvp_cell *cell;
  unsigned index;
} thread_arg;

static void *thread_body(void *p) {
  thread_arg *a = p;
  tvp_worker_main(a->cell, a->index);
  return NULL;
}

/* This rank's workers: the main thread alone, or `threads` pthreads. */
static void run_workers(tvp_cell *cell, unsigned first, unsigned threads) {
  if (threads <= 1) {
    tvp_worker_main(cell, first);
    return;
  }
  pthread_t *t = calloc(threads, sizeof *t);
  thread_arg *args = calloc(threads, sizeof *args);
  if (!t || !args)
    fail("out of memory for %u threads", threads);
  unsigned started;
  for (started = 0; started < threads; started++) {
    args[started] = (thread_arg){cell, first + started};
    int rc = pthread_create(&t[started], NULL, thread_body, &args[started]);
    if (rc != 0) {
      tvp_region_abort(cell->region);
      for (unsigned i = 0; i < started; i++)
        pthread_join(t[i], NULL);
      fail("pthread_create failed for thread %u of %u: %s", started, threads, strerror(rc));
    }
  }
  for (unsigned i = 0; i < threads; i++)
    pthread_join(t[i], NULL);
  free(t);
  free(args);
}

/* Where this rank stood when it left the start barrier, and what it used. */
typedef struct {
  int64_t release_ns, pss_kib, peak_rss_kib;
  int32_t oversubscribed, host_leader;
} rank_report;

/* Rank 0: every rank's stamps moved onto rank 0's clock by aligning the
 * barrier releases, then the report on stdout. Raw stamps of two hosts are
 * never compared. */
static void report(tvp_sample *all, const rank_report *ranks, unsigned threads) {
  tvp_mpi_totals t = {.pss_kib = 0};
  for (int r = 0; r < me.size; r++) {
    int64_t shift = ranks[0].release_ns - ranks[r].release_ns;
    for (unsigned i = 0; i < threads; i++) {
      tvp_sample *s = &all[(unsigned)r * threads + i];
      s->start_ns += shift;
      s->end_ns += shift;
    }
    if (t.pss_kib >= 0)
      t.pss_kib = ranks[r].pss_kib < 0 ? -1 : t.pss_kib + ranks[r].pss_kib;
    t.peak_rss_kib += ranks[r].peak_rss_kib;
    t.oversubscribed |= ranks[r].oversubscribed;
    t.hosts += ranks[r].host_leader;
  }
  tvp_boot_id(t.boot_id, sizeof t.boot_id);
  t.report_ns = tvp_now_ns();
  tvp_mpi_results_write(stdout, all, (unsigned)me.size * threads, &t);
}

/* MPI and this rank's place in the world and on its host. */
static MPI_Comm join_world(int *argc, char ***argv, int *provided) {
  pid_t launcher = getppid();
  MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, provided);
  /* If the launcher dies (tvp's timeout kills it, or the cell it dies with
   * is gone), so does this rank; if it died during MPI_Init, the rank ends now. */
  tvp_die_with_parent(launcher);
  MPI_Comm_rank(MPI_COMM_WORLD, &me.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &me.size);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, me.rank, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &me.local);
  MPI_Comm_size(node, &me.nlocal);
  gethostname(me.host, sizeof me.host - 1);
  return node;
}

/* The job from the one argument, checked against the ranks the launcher started. */
static void read_job(int argc, char **argv, int provided, tvp_mpi_job *job, const tvp_kernel **kernel,
                     const tvp_model **model) {
  char why[TVP_REASON_MAX];
  if (argc != 3 || strcmp(argv[1], TVP_MPI_JOB_FLAG) != 0)
    fail("usage: tvp-mpi-rank --job HEX (started by tvp run --models mpi, not by hand)");
  if (tvp_mpi_job_decode(argv[2], job, why, sizeof why) != 0)
    fail("%s", why);
  if (job->test_kernels)
    setenv("TVP_TEST_KERNELS", "1", 1);
  *kernel = tvp_kernel_find(job->cfg.kernel);
  *model = tvp_model_find(job->cfg.model);
  if (!*kernel || !*model)
    fail("unknown kernel '%s' or model '%s'", job->cfg.kernel, job->cfg.model);
  if ((unsigned)me.size * job->threads != job->workers)
    fail("the launcher started %d ranks, but the job is %u workers in ranks of %u", me.size,
         job->workers, job->threads);
  if (job->threads > 1 && provided < MPI_THREAD_SERIALIZED)
    fail("this MPI library gives no MPI_THREAD_SERIALIZED, which mpi+thread needs");
}

/* tvp's placement for the workers of this host alone (`local`): rank `local`
 * of `nlocal` takes the sets of its own threads, laid into the job-wide
 * placement `pl` (empty sets for other ranks' workers) and into its slots of r. */
static void place_workers(hwloc_topology_t topo, const tvp_mpi_job *job, tvp_region *r,
                          tvp_placement *local, tvp_placement *pl) {
  unsigned threads = job->threads, first = (unsigned)me.rank * threads;
  if (tvp_placement_plan(topo, (tvp_placement_policy)job->placement, (unsigned)me.nlocal * threads,
                         local) != 0)
    fail("placement failed (out of memory)");
  *pl = (tvp_placement){.policy = local->policy, .nworkers = job->workers, .bound = local->bound,
                        .oversubscribed = local->oversubscribed};
  pl->sets = calloc(job->workers, sizeof *pl->sets);
  if (!pl->sets)
    fail("out of memory for %u workers", job->workers);
  for (unsigned i = 0; i < job->workers; i++) {
    if (i >= first && i < first + threads) {
      pl->sets[i] = hwloc_bitmap_dup(local->sets[(unsigned)me.local * threads + (i - first)]);
      tvp_sample *s = tvp_region_slot(r, i);
      if (pl->bound)
        hwloc_bitmap_list_snprintf(s->cpuset, sizeof s->cpuset, pl->sets[i]);
    } else {
      pl->sets[i] = hwloc_bitmap_alloc();
    }
  }
}

/* This rank's finished slots, stamped with its rank and host; a failed worker ends the job. */
static void check_own_slots(tvp_region *r, unsigned first, unsigned threads) {
  for (unsigned i = first; i < first + threads; i++) {
    tvp_sample *s = tvp_region_slot(r, i);
    int state = atomic_load(&s->state);
    if (state == TVP_SLOT_FAILED)
      fail("worker %u: %s", i, s->why[0] ? s->why : "failed");
    if (state != TVP_SLOT_DONE)
      fail("worker %u did not finish", i);
    s->rank = me.rank;
    snprintf(s->host, sizeof s->host, "%s", me.host);
  }
}

/* Every rank's slots and usage to rank 0, which prints the report. */
static void gather_report(tvp_region *r, const tvp_placement *local, unsigned first, unsigned threads,
                          unsigned workers) {
  rank_report mine = {.release_ns = r->barrier.release_ns, .pss_kib = r->pss_kib,
                      .peak_rss_kib = tvp_peak_rss_kib_self(),
                      .oversubscribed = local->oversubscribed, .host_leader = me.local == 0};
  tvp_sample *all = me.rank == 0 ? calloc(workers, sizeof *all) : NULL;
  rank_report *ranks = me.rank == 0 ? calloc((size_t)me.size, sizeof *ranks) : NULL;
  if (me.rank == 0 && (!all || !ranks))
    fail("out of memory for the report");
  MPI_Gather(tvp_region_slot(r, first), (int)(threads * sizeof(tvp_sample)), MPI_BYTE, all,
             (int)(threads * sizeof(tvp_sample)), MPI_BYTE, 0, MPI_COMM_WORLD);
  MPI_Gather(&mine, (int)sizeof mine, MPI_BYTE, ranks, (int)sizeof mine, MPI_BYTE, 0,
             MPI_COMM_WORLD);
  if (me.rank == 0)
    report(all, ranks, threads);
  free(all);
  free(ranks);
}

/* The shared region of this rank's workers; on failure the rank ends. */
static tvp_region *make_region(unsigned workers) {
  tvp_region *r = tvp_region_create(workers, 0);
  if (!r)
    fail("out of memory for %u workers", workers);
  return r;
}

int main(int argc, char **argv) {
  tvp_std_fds_open();
  int provided = 0;
  MPI_Comm node = join_world(&argc, &argv, &provided);
  tvp_mpi_job job;
  const tvp_kernel *kernel;
  const tvp_model *model;
  read_job(argc, argv, provided, &job, &kernel, &model);
  unsigned threads = job.threads, first = (unsigned)me.rank * threads;

  hwloc_topology_t topo;
  if (hwloc_topology_init(&topo) != 0 || hwloc_topology_load(topo) != 0)
    fail("hwloc could not load this host's topology");
  tvp_region *r = make_region(job.workers);
  own.region = r, own.first = first, own.threads = threads;
  tvp_kernel_on_failure(kernel_failed);
  tvp_placement local, pl;
  place_workers(topo, &job, r, &local, &pl);

  r->cfg = job.cfg;
  r->cell_pid = (int32_t)getpid();
  tvp_barrier_init(&r->barrier, threads, !local.oversubscribed);
  tvp_barrier_init(&r->end_barrier, threads, 0);
  tvp_config cfg;
  tvp_cell cell = {.cfg = &cfg, .region = r, .placement = &pl, .topo = topo,
                   .before_release = meet_other_ranks};
  tvp_cell_view(&job.cfg, kernel, model, job.workers, NULL, &cfg, &cell.job);
  cfg.placement = (tvp_placement_policy)job.placement;
  cfg.threads = model->hybrid ? threads : 0;
  cell.job.comm = kernel->messages ? &tvp_mpi_comm : NULL;
  /* A kernel that passes messages brings no shared state to prepare; the
   * others prepare per rank what the cell prepares under the local models. */
  char why[TVP_REASON_MAX];
  if (!kernel->messages && kernel->prepare && kernel->prepare(&cell.job, why, sizeof why) != 0)
    fail("%s prepare failed: %s", kernel->name, why);

  run_workers(&cell, first, threads);

  if (!kernel->messages && kernel->cleanup)
    kernel->cleanup(&cell.job);
  check_own_slots(r, first, threads);
  gather_report(r, &local, first, threads, job.workers);

  tvp_placement_free(&local);
  tvp_placement_free(&pl);
  hwloc_topology_destroy(topo);
  tvp_region_destroy(r, 1);
  MPI_Comm_free(&node);
  MPI_Finalize();
  return 0;
}
