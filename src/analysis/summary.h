/* From repetitions to one row per configuration: statistics of time and
 * throughput, then the figures that compare configurations (speedup against one
 * worker, efficiency, Karp-Flatt, the ratio to the thread model). */
#ifndef TVP_SUMMARY_H
#define TVP_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "record/rep.h"
#include "record/summary_row.h"


/* rows[i] summarises results[i]; returns how many rows were filled, in plan
 * order, leaving out configurations that never started (an interrupted run).
 * Every model but thread gets a verdict against thread at its point, at the
 * margin given (a fraction), with the run's tests as one family
 * (Benjamini-Hochberg). */
size_t tvp_summarize(const tvp_config_result *results, size_t n, double margin,
                     tvp_summary_row *rows);

#endif
