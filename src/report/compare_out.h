/* What tvp compare prints and writes from a comparison (analysis/compare.h):
 * the notes on configurations it could not compare, the console table,
 * compare.csv and the chart drawn from it by plots/compare.gp. */
#ifndef TVP_COMPARE_OUT_H
#define TVP_COMPARE_OUT_H

#include "analysis/compare.h"
#include "base/util.h"

/* One line on stderr for the configurations of one side only, counted with
 * why (report/compare_unmatched.h); one more when only one run recorded its
 * environment. */
void tvp_compare_print_notes(const tvp_comparison *c);

/* The runs' folders, the environment's fields that differ (one line each, with
 * A's value and B's; none when none differs; the load averages apart, for
 * information), the family tested, a row per pair with its verdict's
 * sentence (analysis/verdict.h), and what B/A means, on stdout. */
void tvp_compare_print_table(const tvp_comparison *c);

/* Writes dir/compare.csv whole (creating dir when missing), says where on
 * stdout, then draws dir/compare.png when gnuplot and plots/compare.gp are
 * found (a missing gnuplot is said on stderr and is no failure). Returns 0, or
 * -1 with the reason in err: nothing on stdout when compare.csv failed, and no
 * compare.png, not even an empty one, when the chart failed. */
int tvp_compare_write_files(const tvp_comparison *c, const char *dir, tvp_buf *err);

#endif
