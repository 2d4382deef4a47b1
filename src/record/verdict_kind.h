/* The answers a verdict can give (analysis/verdict.h decides them), and the
 * words summary.csv writes them as, so that the results layer can write and
 * read them without the analysis. */
#ifndef TVP_RECORD_VERDICT_KIND_H
#define TVP_RECORD_VERDICT_KIND_H

#include <string.h>

typedef enum {
  TVP_V_HIGHER,       /* X faster than Y by more than the margin */
  TVP_V_LOWER,        /* Y faster than X by more than the margin */
  TVP_V_SAME,         /* no meaningful difference: wholly within the margin */
  TVP_V_INCONCLUSIVE, /* the data cannot tell (tvp_verdict_why says which way) */
  TVP_V_DISTURBED,    /* the machine's own load was measured, not X or Y */
  TVP_V_IMPLAUSIBLE,  /* past a physical limit: the baseline was slowed */
  TVP_V_NONE,         /* nothing to judge: a side is missing or failed */
} tvp_verdict_kind;

typedef enum {
  TVP_WHY_NONE,
  TVP_WHY_TOO_FEW,    /* too few measurements for 95 %, whatever they say */
  TVP_WHY_NOISE,      /* the interval straddles the margin */
  TVP_WHY_MANY_TESTS, /* clear alone, not once the family's other tests count */
} tvp_verdict_why;

/* As one word, from X's side: "faster", "slower", "same", "inconclusive",
 * "disturbed", "implausible", "" for none. */
static inline const char *tvp_verdict_token(tvp_verdict_kind kind) {
  static const char *const words[] = {"faster", "slower", "same", "inconclusive",
                                      "disturbed", "implausible", ""};
  return kind <= TVP_V_NONE ? words[kind] : "";
}

/* "too_few", "noise", "many_tests", "". */
static inline const char *tvp_verdict_why_token(tvp_verdict_why why) {
  static const char *const words[] = {"", "too_few", "noise", "many_tests"};
  return why <= TVP_WHY_MANY_TESTS ? words[why] : "";
}

/* Back from the words; -1 when the text is none of them. */
static inline int tvp_verdict_kind_parse(const char *word) {
  for (int k = 0; k <= TVP_V_NONE; k++)
    if (strcmp(word, tvp_verdict_token((tvp_verdict_kind)k)) == 0)
      return k;
  return -1;
}

static inline int tvp_verdict_why_parse(const char *word) {
  for (int k = 0; k <= TVP_WHY_MANY_TESTS; k++)
    if (strcmp(word, tvp_verdict_why_token((tvp_verdict_why)k)) == 0)
      return k;
  return -1;
}

#endif
