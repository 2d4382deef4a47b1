/* Round orders (see rounds.h): Fisher-Yates over splitmix64, whose state is
 * the seed mixed with the point and the round, so no order depends on how
 * many rounds ran before it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "run/rounds.h"

const char *tvp_order_name(tvp_order o) { return o == TVP_ORDER_BLOCKED ? "blocked" : "interleaved"; }

int tvp_order_parse(const char *text, tvp_order *out) {
  if (strcmp(text, "interleaved") == 0)
    *out = TVP_ORDER_INTERLEAVED;
  else if (strcmp(text, "blocked") == 0)
    *out = TVP_ORDER_BLOCKED;
  else
    return -1;
  return 0;
}

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t tvp_seed_draw(void) {
  uint64_t s;
  if (getrandom(&s, sizeof s, GRND_NONBLOCK) == (ssize_t)sizeof s)
    return s;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  s = ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec) ^ ((uint64_t)getpid() << 32);
  return splitmix64(&s);
}

int tvp_seed_parse(const char *text, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (!*text || *end || errno || text[0] == '-' || text[0] == '+' || text[0] == ' ')
    return -1;
  *out = (uint64_t)v;
  return 0;
}

void tvp_round_order(uint64_t seed, size_t point, unsigned round, size_t *perm, size_t n) {
  uint64_t state = seed;
  state ^= splitmix64(&state) ^ (uint64_t)point * 0xd1b54a32d192ed03ULL;
  state ^= splitmix64(&state) ^ (uint64_t)round * 0xabc98388fb8fac03ULL;
  for (size_t i = 0; i < n; i++)
    perm[i] = i;
  for (size_t i = n; i > 1; i--) {
    /* Multiply-shift instead of a modulo: no bias worth a thought for n far below 2^32. */
    size_t j = (size_t)(((splitmix64(&state) >> 32) * (uint64_t)i) >> 32);
    size_t t = perm[i - 1];
    perm[i - 1] = perm[j];
    perm[j] = t;
  }
}
