/* Worker-count lists: "1,2,4", "1..8", "1..2N", "1..4N*2", "N", "P/2". N is the
 * number of physical cores hwloc finds, P the number of PUs. */
#ifndef TVP_WORKERS_SPEC_H
#define TVP_WORKERS_SPEC_H

#include <stddef.h>

/* No configuration may ask for more workers than this: past it a typo, not a plan. */
#define TVP_MAX_WORKERS 4096

/* Expands spec into ascending, de-duplicated counts in *out (malloc'd).
 * Grammar (items separated by commas):
 *   item  := value | value ".." value [ ":" step | "*" factor ]
 *   value := integer | [integer] "N" | [integer] "P" | ("N" | "P") "/" integer
 * A range runs from the first value to the last; ":" steps linearly (default 1),
 * "*" multiplies (geometric); the end value is always included.
 * Returns the count (>= 1), or -1 with a one-line message in err. */
int tvp_workers_parse(const char *spec, unsigned cores, unsigned pus, unsigned **out,
                      char *err, size_t errlen);

/* Checks spec's syntax and the counts it gives without N or P (which the
 * machine decides). Returns 0, or -1 with a one-line message in err. */
int tvp_workers_check(const char *spec, char *err, size_t errlen);

#endif
