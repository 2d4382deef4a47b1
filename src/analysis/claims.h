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
  TVP_CLAIM_INCONCLUSIVE, /* measured, but the numbers cannot tell (tvp_claim_why says why) */
  TVP_CLAIM_UNKNOWN      /* the numbers it rests on are missing or failed */
} tvp_claim_verdict;

/* Why a claim is inconclusive. */
typedef enum {
  TVP_CLAIM_WHY_NONE,
  TVP_CLAIM_WHY_NOISE,      /* an interval straddles the claim's threshold */
  TVP_CLAIM_WHY_DISTURBED,  /* the machine's own load was measured */
  TVP_CLAIM_WHY_TOO_FEW,    /* too few repetitions for a 95 % interval */
  TVP_CLAIM_WHY_MANY_TESTS, /* clear alone, not once the claim's other ratios count */
} tvp_claim_why;

/* The sections of the claims suite, to run some of them again. */
enum {
  TVP_CLAIMS_CPU = 1,    /* cpu.primes */
  TVP_CLAIMS_IO = 2,     /* io.sleep */
  TVP_CLAIMS_CREATE = 4, /* spawn.create */
  TVP_CLAIMS_MM = 8,     /* os.mmap */
  TVP_CLAIMS_ALL = 15
};

typedef struct {
  int number;
  const char *statement;
  tvp_claim_verdict verdict;
  tvp_claim_why why;       /* TVP_CLAIM_WHY_NONE unless inconclusive */
  tvp_buf evidence;        /* sentences with the numbers, Markdown-safe */
  /* paths relative to the claims folder; the first empty one ends them */
  char charts[TVP_CLAIM_NCHARTS][256];
} tvp_claim;

typedef struct {
  const tvp_run_folder *run; /* the C run (the claims suite) */
  /* A second run of the sections whose first run was disturbed, or NULL: a
   * kernel it has rows of is judged from it alone. */
  const tvp_run_folder *rerun;
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
/* "holds", "does not hold", "holds only under a condition", "inconclusive",
 * "not measured". */
const char *tvp_claim_verdict_name(tvp_claim_verdict v);
/* "noise", "disturbed", "too few repetitions", "many tests", "" for none. */
const char *tvp_claim_why_name(tvp_claim_why why);

/* The suite the claims rest on, as suite-file text: the sections of the
 * mask (TVP_CLAIMS_ALL for all). quick: tiny sizes and two repetitions, for
 * tests (the verdicts are then not to be trusted); else at least 7
 * repetitions, two more than a 95 % interval needs, so that a disturbed one or
 * two leave one, and 15 where a claim turns on a few percent. */
void tvp_claims_suite(int quick, unsigned mask, tvp_buf *b);

/* The sections of the suite with a configuration whose every repetition was
 * disturbed, in run: those to run again, once. 0 when none. */
unsigned tvp_claims_disturbed(const tvp_run_folder *run);

/* In this process: a child process and a thread each set a global; reports
 * whether the parent then saw each write. 0, or -1 if fork or pthread_create failed. */
int tvp_claims_demonstrate(int *child_write_seen, int *thread_write_seen);

#endif
