/* The table printed at the end of a run. */
#ifndef TVP_TABLE_H
#define TVP_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "record/summary_row.h"

/* The short table printed at the end of a run: per point, each model's
 * speedup, and each model's throughput relative to threads with its interval
 * and verdict; markers and legend lines for what needs saying. */
void tvp_print_table(const tvp_summary_row *rows, size_t n);

/* The same table, written to out. It fits 100 columns: the models side by side
 * when they fit, else one line per model of each point, and the kernel's name
 * on a line of its own above its points when even that is too wide. */
void tvp_table_write(FILE *out, const tvp_summary_row *rows, size_t n);

#endif
