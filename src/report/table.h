/* The table printed at the end of a run. */
#ifndef TVP_TABLE_H
#define TVP_TABLE_H

#include <stddef.h>

#include "record/summary_row.h"

/* The short table printed at the end of a run: per point, each model's
 * speedup, and each model's throughput relative to threads with its interval
 * and verdict; markers and legend lines for what needs saying. */
void tvp_print_table(const tvp_summary_row *rows, size_t n);

#endif
