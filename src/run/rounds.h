/* The order of measurement. On a shared machine the time a repetition takes
 * drifts with whatever else runs; when every repetition of one configuration
 * runs back to back (the blocked order), that drift lands on whichever model
 * ran at the time and reads as a difference between models. Interleaved, a
 * round runs one repetition of every configuration of a point in an order
 * shuffled afresh each round, so drift hits them all alike. The shuffle comes
 * from a seed: the same seed gives the same order. */
#ifndef TVP_ROUNDS_H
#define TVP_ROUNDS_H

#include <stddef.h>
#include <stdint.h>

typedef enum { TVP_ORDER_INTERLEAVED, TVP_ORDER_BLOCKED } tvp_order;

const char *tvp_order_name(tvp_order o);
/* "interleaved" or "blocked". 0, or -1 for anything else. */
int tvp_order_parse(const char *text, tvp_order *out);

/* A seed from the kernel's random source (the clock and pid if there is none). */
uint64_t tvp_seed_draw(void);
/* "--seed" text: a decimal number below 2^64. 0, or -1. */
int tvp_seed_parse(const char *text, uint64_t *out);

/* The order of round `round` of point `point`: perm receives 0..n-1 shuffled,
 * a function of (seed, point, round) alone, so a resumed run redoes a round in
 * the order it first had. */
void tvp_round_order(uint64_t seed, size_t point, unsigned round, size_t *perm, size_t n);

#endif
