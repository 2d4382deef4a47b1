/* Physical limits: p PUs do at most p times the work of one, and w workers at
 * most w times the work of one. A point whose paired speedup passes that
 * beyond its noise was measured against a baseline that something the guest
 * could not see slowed down (the host took its CPU). Pure: records in, a
 * verdict and a sentence out. */
#ifndef TVP_IMPLAUSIBLE_H
#define TVP_IMPLAUSIBLE_H

#include <stddef.h>

#include "record/rep.h"

/* The PUs r's workers could run on: pus_in_use when the runner knew it, else
 * the worker count. */
unsigned tvp_result_pus(const tvp_config_result *r);

/* 1 when the point made of results[ids[0..n)] is implausible: a configuration
 * whose per-round speedups over the same model at 1 worker (see paired.h) have
 * a 95 % interval of their median (tvp_median_ci95) wholly above the smaller
 * of its PUs (tvp_result_pus) and its worker count. why then holds one line,
 * "thread at 4 workers: speedup [4.6, 5.1] above the 2 PUs in use", for the
 * configuration furthest past its limit. Else 0, why "". Only kernels whose
 * workers hold their PU for the whole timed region are judged (bound cpu or
 * sync): a worker that blocks (io, os, spawn) lets another use its PU, and
 * memory-bound work can pass the limit honestly once a worker's share fits a
 * cache. Failed and interrupted configurations are neither judged nor a
 * baseline. */
int tvp_point_implausible(const tvp_config_result *results, const size_t *ids, size_t n, char *why,
                          size_t len);

#endif
