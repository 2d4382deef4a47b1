/* The configurations tvp compare could not pair, in one sentence: how many
 * each side has alone, and the values of the dimensions the other side never
 * ran, which say why ("12 configurations only in A (sizes 20000 not in B)"). */
#ifndef TVP_COMPARE_UNMATCHED_H
#define TVP_COMPARE_UNMATCHED_H

#include "analysis/compare.h"
#include "base/util.h"

/* Appends the sentence, no full stop, to out; nothing when every
 * configuration paired. */
void tvp_compare_say_unmatched(const tvp_comparison *c, tvp_buf *out);

#endif
