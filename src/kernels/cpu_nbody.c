/* cpu.nbody: floating-point work. Each unit is one small, independent gravitational
 * system (five bodies, as in the classic benchmark) advanced for a fixed number of
 * steps; its final energy is folded into the checksum. */
#include <math.h>
#include <string.h>

#include "kernels/kernel.h"

#define NBODIES 5
#define NBODY_STEPS 200
#define NBODY_DT 0.01

typedef struct {
  double x[3], v[3], m;
} body;

static void seed_system(body *b, uint64_t unit) {
  /* Every unit starts from its own deterministic state, so a unit computed by
   * any worker under any model gives bit-identical results. */
  uint64_t s = tvp_mix64(unit + 1);
  for (int i = 0; i < NBODIES; i++) {
    for (int k = 0; k < 3; k++) {
      s = tvp_mix64(s);
      b[i].x[k] = (double)(s >> 11) / 9007199254740992.0 * 10.0 - 5.0;
      s = tvp_mix64(s);
      b[i].v[k] = (double)(s >> 11) / 9007199254740992.0 * 0.2 - 0.1;
    }
    s = tvp_mix64(s);
    b[i].m = 0.5 + (double)(s >> 11) / 9007199254740992.0;
  }
}

static double advance_and_energy(body *b) {
  for (int step = 0; step < NBODY_STEPS; step++) {
    for (int i = 0; i < NBODIES; i++) {
      for (int j = i + 1; j < NBODIES; j++) {
        double d[3], d2 = 0.01; /* softening keeps close encounters finite */
        for (int k = 0; k < 3; k++) {
          d[k] = b[i].x[k] - b[j].x[k];
          d2 += d[k] * d[k];
        }
        double mag = NBODY_DT / (d2 * sqrt(d2));
        for (int k = 0; k < 3; k++) {
          b[i].v[k] -= d[k] * b[j].m * mag;
          b[j].v[k] += d[k] * b[i].m * mag;
        }
      }
    }
    for (int i = 0; i < NBODIES; i++)
      for (int k = 0; k < 3; k++)
        b[i].x[k] += NBODY_DT * b[i].v[k];
  }
  double e = 0.0;
  for (int i = 0; i < NBODIES; i++) {
    e += 0.5 * b[i].m * (b[i].v[0] * b[i].v[0] + b[i].v[1] * b[i].v[1] + b[i].v[2] * b[i].v[2]);
    for (int j = i + 1; j < NBODIES; j++) {
      double d2 = 0.01;
      for (int k = 0; k < 3; k++)
        d2 += (b[i].x[k] - b[j].x[k]) * (b[i].x[k] - b[j].x[k]);
      e -= b[i].m * b[j].m / sqrt(d2);
    }
  }
  return e;
}

static uint64_t nbody_run(const tvp_job *job, tvp_worker_state *w, uint64_t first,
                          uint64_t count) {
  (void)job;
  (void)w;
  uint64_t sum = 0;
  body b[NBODIES];
  for (uint64_t u = first; u < first + count; u++) {
    seed_system(b, u);
    double e = advance_and_energy(b);
    uint64_t bits;
    memcpy(&bits, &e, sizeof bits);
    sum += tvp_mix64(bits ^ u);
  }
  return sum;
}

const tvp_kernel tvp_kernel_cpu_nbody = {
    .name = "cpu.nbody",
    .summary = "advance small five-body gravitational systems in double precision",
    .bound = "cpu",
    .unit = "system simulated (200 steps)",
    .rate_unit = "systems/s",
    .rate_per_unit = 1.0,
    .default_units = 20000,
    .batch_units = 100,
    .test_units = 200,
    .shares = "nothing: each system lives on the worker's stack",
    .expect = "processes and threads alike: floating-point work in registers and L1, "
              "no shared kernel structure",
    .run = nbody_run,
};
