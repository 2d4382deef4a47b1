/* The verdict of a model against threads as a table cell shows it: short, so
 * that three models fit a console line, with a legend that says each word. */
#ifndef TVP_REPORT_VERDICT_WORD_H
#define TVP_REPORT_VERDICT_WORD_H

#include "record/verdict_kind.h"

/* "faster", "slower", "same", "?" (inconclusive), "disturbed", "implausible";
 * "" where there is no verdict. */
static inline const char *tvp_verdict_word(tvp_verdict_kind kind) {
  return kind == TVP_V_INCONCLUSIVE ? "?" : tvp_verdict_token(kind);
}

/* The legend of those words (no newline; one inside, for a console's width). */
#define TVP_VERDICT_LEGEND                                                                   \
  "faster/slower: the verdict on the model against threads at the same point (the whole "   \
  "interval\nbeyond the margin, the adjusted test agreeing); same: no meaningful difference " \
  "(within the\nmargin); ?: inconclusive"

#endif
