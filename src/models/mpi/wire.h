/* What travels between the cell and the MPI ranks of the mpi models: the job,
 * as one launcher argument, and the ranks' samples, as text lines that rank 0
 * prints and the launcher forwards to the cell. Text, because a launcher
 * forwards a rank's output from any host; hex of the structs, because both
 * ends are the same build (the header line checks it). */
#ifndef TVP_MPI_WIRE_H
#define TVP_MPI_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cell/region.h"

typedef struct {
  uint32_t size;          /* sizeof(tvp_mpi_job): a rank of another build refuses it */
  tvp_region_config cfg;  /* kernel, model, scaling, units, sizes, tmpdir */
  int32_t placement;      /* tvp_placement_policy, applied per host to the local ranks */
  uint32_t workers;       /* ranks x threads */
  uint32_t threads;       /* threads per rank: 1 under mpi */
  int32_t test_kernels;   /* 1: the test-only fault kernels are visible */
} tvp_mpi_job;

/* What rank 0 adds to the samples: the job's memory and where it ran. */
typedef struct {
  int64_t pss_kib;        /* summed over ranks; -1 if a rank could not read it */
  int64_t peak_rss_kib;   /* each rank's ru_maxrss, summed */
  int32_t oversubscribed; /* 1 if any host had more of its workers than PUs */
  int32_t hosts;          /* how many hosts the ranks ran on */
  int64_t report_ns;      /* rank 0's CLOCK_MONOTONIC as it wrote the report */
  char boot_id[40];       /* rank 0's machine boot: whose clock the stamps are on */
} tvp_mpi_totals;

#define TVP_MPI_JOB_FLAG "--job"

/* The job as hex text (malloc'd), and back: 0, or -1 with a reason. */
char *tvp_mpi_job_encode(const tvp_mpi_job *job);
int tvp_mpi_job_decode(const char *hex, tvp_mpi_job *job, char *err, size_t errlen);

/* Rank 0's report: a header, one line per worker, the totals, an end line. */
void tvp_mpi_results_write(FILE *out, const tvp_sample *samples, unsigned n,
                           const tvp_mpi_totals *totals);
/* Finds the report in the launcher's output (other lines are ignored) and
 * copies the n samples into slots. 0, or -1 with a reason: the report is
 * missing, cut short, or from another build. */
int tvp_mpi_results_read(const char *text, size_t len, tvp_sample *slots, unsigned n,
                         tvp_mpi_totals *totals, char *err, size_t errlen);

/* A rank's own failure, printed on stderr so the cell can name it, and found again. */
#define TVP_MPI_FAIL_TAG "@tvp-mpi-fail "
/* The reason of the first failure line in text, or else what the launcher
 * says of a rank that died ("MPI rank 1 on node7 killed by SIGSEGV", "MPI rank
 * 1 exited with status 3"), in why; 0 if neither is there. */
int tvp_mpi_failure_find(const char *text, size_t len, char *why, size_t whylen);

#endif
