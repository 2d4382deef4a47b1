/* Expands worker-count lists such as "1..2N*2" into the counts a sweep visits;
 * N and P let one suite fit machines of any size. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "plan/workers_spec.h"

#define HINT "expected e.g. 1,2,4 or 1..2N or 1..4N*2"
/* Digits saturate here: such a value is rejected anyway, and products of it with
 * a core count still fit in 64 bits. */
#define SATURATE 1000000000ULL

typedef struct {
  const char *spec, *item, *item_end; /* the item being read, for messages */
  unsigned cores, pus;
  bool syntax_only; /* N and P are unknown: each stands for 0, and no count is kept */
  char *err;
  size_t errlen;
} ctx;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int malformed(const ctx *c) {
  if (!strchr(c->spec, ','))
    snprintf(c->err, c->errlen, "malformed worker list '%s': " HINT, c->spec);
  else
    snprintf(c->err, c->errlen, "malformed item '%.*s' in worker list '%s': " HINT,
             (int)(c->item_end - c->item), c->item, c->spec);
  return -1;
}

/* Reads decimal digits at *p; false if there are none. */
static bool digits(const char **p, const char *end, unsigned long long *v) {
  const char *s = *p;
  for (*v = 0; s < end && is_digit(*s); s++) {
    *v = *v * 10 + (unsigned)(*s - '0');
    if (*v > SATURATE) *v = SATURATE;
  }
  bool any = s != *p;
  *p = s;
  return any;
}

/* Evaluates the value [s, end) to a count in 1..TVP_MAX_WORKERS. */
static int value(const ctx *c, const char *s, const char *end, unsigned *out) {
  int len = (int)(end - s);
  const char *p = s;
  unsigned long long k, v;
  if (p < end && *p == '-') {
    snprintf(c->err, c->errlen, "worker count %.*s in '%s': counts start at 1", len, s,
             c->spec);
    return -1;
  }
  bool has_k = digits(&p, end, &k);
  if (p < end && (*p == 'N' || *p == 'P')) {
    unsigned base = *p == 'N' ? c->cores : c->pus;
    const char *unit = *p++ == 'N' ? "cores" : "PUs";
    v = (has_k ? k : 1) * base;
    if (!has_k && p < end && *p == '/') {
      unsigned long long d;
      p++;
      if (!digits(&p, end, &d) || p != end) return malformed(c);
      if (d == 0) {
        snprintf(c->err, c->errlen, "division by 0 in '%s'", c->spec);
        return -1;
      }
      v = base / d;
    } else if (p != end) {
      return malformed(c);
    }
    if (c->syntax_only) {
      *out = 0;
      return 0;
    }
    if (v == 0) {
      snprintf(c->err, c->errlen, "%.*s is 0 on a machine with %u %s", len, s, base, unit);
      return -1;
    }
    if (v > TVP_MAX_WORKERS) {
      snprintf(c->err, c->errlen,
               "worker count %.*s is %llu on this machine, more than the %d tvp allows",
               len, s, v, TVP_MAX_WORKERS);
      return -1;
    }
  } else {
    if (!has_k || p != end) return malformed(c);
    v = k;
    if (v == 0) {
      snprintf(c->err, c->errlen, "worker count %.*s in '%s': counts start at 1", len, s,
               c->spec);
      return -1;
    }
    if (v > TVP_MAX_WORKERS) {
      snprintf(c->err, c->errlen, "worker count %.*s is more than the %d tvp allows", len,
               s, TVP_MAX_WORKERS);
      return -1;
    }
  }
  *out = (unsigned)v;
  return 0;
}

/* Marks the counts of the current item in seen. */
static int item(const ctx *c, bool *seen) {
  const char *s = c->item, *end = c->item_end;
  const char *dots = s;
  while (dots + 1 < end && !(dots[0] == '.' && dots[1] == '.')) dots++;
  if (dots + 1 >= end) {
    unsigned v;
    if (value(c, s, end, &v)) return -1;
    seen[v] = !c->syntax_only;
    return 0;
  }
  const char *hi = dots + 2, *hi_end = hi;
  while (hi_end < end && *hi_end != ':' && *hi_end != '*') hi_end++;
  unsigned lo, top;
  if (value(c, s, dots, &lo) || value(c, hi, hi_end, &top)) return -1;
  char op = hi_end < end ? *hi_end : ':';
  unsigned long long by = 1;
  if (hi_end < end) {
    const char *p = hi_end + 1;
    if (!digits(&p, end, &by) || p != end) return malformed(c);
    if (op == ':' && by < 1) {
      snprintf(c->err, c->errlen, "step must be at least 1 in '%s'", c->spec);
      return -1;
    }
    if (op == '*' && by < 2) {
      snprintf(c->err, c->errlen, "factor must be at least 2 in '%s'", c->spec);
      return -1;
    }
  }
  if (lo > top && top) { /* top is 0 only for N or P under syntax_only */
    /* Show what N or P made of the range, when they are in it. */
    int len = (int)(hi_end - s);
    char here[32];
    bool plain = snprintf(here, sizeof here, "%u..%u", lo, top) == len &&
                 !strncmp(here, s, (size_t)len);
    snprintf(c->err, c->errlen, "range %.*s runs backwards%s%s%s: write the smaller count first",
             len, s, plain ? "" : " (", plain ? "" : here, plain ? "" : " here)");
    return -1;
  }
  if (c->syntax_only) return 0;
  /* lo, top <= TVP_MAX_WORKERS and by <= SATURATE, so v never overflows. */
  for (unsigned long long v = lo; v < top; v = op == '*' ? v * by : v + by) seen[v] = true;
  seen[top] = true;
  return 0;
}

/* Reads every item of c's list into seen. 0, or -1 with the message in c->err. */
static int read_items(ctx *c, bool *seen) {
  const char *p = c->spec;
  while (is_blank(*p)) p++;
  if (!*p) {
    snprintf(c->err, c->errlen, "empty worker list: " HINT);
    return -1;
  }
  for (p = c->spec;;) {
    const char *comma = strchr(p, ',');
    c->item = p;
    c->item_end = comma ? comma : p + strlen(p);
    while (c->item < c->item_end && is_blank(*c->item)) c->item++;
    while (c->item_end > c->item && is_blank(c->item_end[-1])) c->item_end--;
    if (item(c, seen)) return -1;
    if (!comma) break;
    p = comma + 1;
  }
  return 0;
}

int tvp_workers_parse(const char *spec, unsigned cores, unsigned pus, unsigned **out,
                      char *err, size_t errlen) {
  ctx c = {spec ? spec : "", NULL, NULL, cores, pus, false, err, errlen};
  bool seen[TVP_MAX_WORKERS + 1] = {false};
  *out = NULL;
  if (read_items(&c, seen)) return -1;
  int n = 0;
  for (unsigned v = 1; v <= TVP_MAX_WORKERS; v++) n += seen[v];
  unsigned *counts = tvp_xmalloc((size_t)n * sizeof *counts);
  for (unsigned v = 1, i = 0; v <= TVP_MAX_WORKERS; v++)
    if (seen[v]) counts[i++] = v;
  *out = counts;
  return n;
}

int tvp_workers_check(const char *spec, char *err, size_t errlen) {
  ctx c = {spec ? spec : "", NULL, NULL, 0, 0, true, err, errlen};
  bool seen[TVP_MAX_WORKERS + 1] = {false};
  return read_items(&c, seen);
}
