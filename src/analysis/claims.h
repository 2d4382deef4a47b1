/* The claims of folklore about processes and threads, judged from a run's
 * numbers: what `tvp claims` prints. Pure: tables in, verdicts and sentences out. */
#ifndef TVP_CLAIMS_H
#define TVP_CLAIMS_H

#include "base/util.h"
#include "results/run_folder.h"

#define TVP_NCLAIMS 7
/* The most charts one claim shows. */
#define TVP_CLAIM_NCHARTS 3

typedef enum {
  TVP_CLAIM_HOLDS,
  TVP_CLAIM_FAILS,       /* does not hold on this machine */
  TVP_CLAIM_CONDITIONAL, /* holds only under the condition the evidence states */
  TVP_CLAIM_UNKNOWN      /* the numbers it rests on are missing or failed */
} tvp_claim_verdict;

typedef struct {
  int number;
  const char *statement;
  tvp_claim_verdict verdict;
  tvp_buf evidence;        /* sentences with the numbers, Markdown-safe */
  /* paths relative to the claims folder; the first empty one ends them */
  char charts[TVP_CLAIM_NCHARTS][256];
} tvp_claim;

typedef struct {
  const tvp_run_folder *run; /* the C run (the claims suite) */
  const tvp_run_folder *py;  /* the Python run, or NULL */
  const char *py_absent;    /* why there is no Python run, when py is NULL */
  unsigned cores, pus;      /* of the machine the run was on */
  /* The direct demonstration of claim 1: did the parent see the write a child
   * process made to a global, and the write a thread made? -1: not run. */
  int child_write_seen, thread_write_seen;
} tvp_claims_input;

/* Judges every claim; out[i] must be freed with tvp_claims_free. */
void tvp_claims_evaluate(const tvp_claims_input *in, tvp_claim out[TVP_NCLAIMS]);
void tvp_claims_free(tvp_claim out[TVP_NCLAIMS]);
/* "holds", "does not hold", "holds only under a condition", "not measured". */
const char *tvp_claim_verdict_name(tvp_claim_verdict v);

/* The suite the claims rest on, as suite-file text. quick: tiny sizes and two
 * repetitions, for tests (the verdicts are then not to be trusted). */
void tvp_claims_suite(int quick, tvp_buf *b);

/* In this process: a child process and a thread each set a global; reports
 * whether the parent then saw each write. 0, or -1 if fork or pthread_create failed. */
int tvp_claims_demonstrate(int *child_write_seen, int *thread_write_seen);

#endif
