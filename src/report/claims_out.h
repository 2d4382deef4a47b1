/* The claims' verdicts put into words and files (claims_out.c). */
#ifndef TVP_CLAIMS_OUT_H
#define TVP_CLAIMS_OUT_H

#include "analysis/claims.h"

/* Evaluates the claims on in, prints them, and writes DIR/claims.md (whole or
 * not at all). 0, or 1 when the file cannot be written (said on stderr). */
int tvp_claims_write(const tvp_claims_input *in, const char *dir, int quick);

/* DIR/interplock.png from DIR/run and DIR/python's summary.csv; a failure is
 * said on stderr and otherwise ignored (the claims stand without it). */
void tvp_claims_draw_interplock(const char *dir);

#endif
