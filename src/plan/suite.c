/* Sweep settings and suite files: turns "key value" lines into tvp_sweep records,
 * checking what can be checked without the registry or the topology. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/suite.h"
#include "plan/workers_spec.h"
#include "base/util.h"

/* A suite is a page of text; anything bigger is the wrong file. */
#define SUITE_MAX_BYTES (1 << 20)
/* More sections than anyone writes by hand: each one copies the defaults and is
 * checked against every earlier name, so a bound keeps both small. */
#define SUITE_MAX_SECTIONS 1000
/* A setting fits on a screen line; a longer line is junk, and quoting it whole
 * in an error would flood the terminal. */
#define SUITE_MAX_LINE 4096
/* A week: past it a time is a typo, and in nanoseconds it still fits in 64 bits. */
#define SUITE_MAX_SECONDS (7 * 24 * 3600.0)

/* Text keys first, up to K_LAST_TEXT: they are kept as written for plan.c. */
enum { K_KERNELS, K_MODELS, K_WORKERS, K_PLACEMENTS, K_SIZES, K_FOOTPRINTS, K_CHUNKS, K_RANKS,
       K_REPS, K_WARMUP, K_SCALING, K_DURATION, K_TIMEOUT, K_THREADS, K_MIN_TIME, K_DISTURBED, K_MARGIN, K_COUNT };
#define K_LAST_TEXT K_RANKS

static const char *const key_names[K_COUNT][2] = {
    {"kernels", NULL}, {"models", NULL}, {"workers", NULL}, {"placements", "placement"},
    {"sizes", "size"}, {"footprints", "footprint"}, {"chunks", "chunk"}, {"ranks", NULL},
    {"reps", NULL},
    {"warmup", NULL},  {"scaling", NULL},           {"duration", NULL},  {"timeout", NULL},
    {"threads", NULL}, {"min-time", NULL}, {"disturbed-above", NULL}, {"margin", NULL}};

static int key_index(const char *key) {
  for (int k = 0; k < K_COUNT; k++)
    if (!strcmp(key, key_names[k][0]) || (key_names[k][1] && !strcmp(key, key_names[k][1])))
      return k;
  return -1;
}

static char **text_field(tvp_sweep *s, int k) {
  char **f[] = {&s->kernels, &s->models, &s->workers, &s->placements, &s->sizes, &s->footprints,
                 &s->chunks, &s->ranks};
  return f[k];
}

static bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static char *dup_trimmed(const char *s) {
  while (is_blank(*s)) s++;
  size_t n = strlen(s);
  while (n && is_blank(s[n - 1])) n--;
  char *d = tvp_xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = tvp_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
  va_end(ap);
  return s;
}

void tvp_sweep_init(tvp_sweep *s) {
  *s = (tvp_sweep){.reps = -1, .warmup = -1, .scaling = -1, .duration_s = -1, .timeout_s = -1,
                   .threads = -1, .min_time_s = -1, .disturbed_above_pct = -1,
                   .margin_pct = -1};
}

void tvp_sweep_free(tvp_sweep *s) {
  free(s->name);
  free(s->source);
  for (int k = 0; k <= K_LAST_TEXT; k++) free(*text_field(s, k));
  tvp_sweep_init(s);
}

/* Only settings are copied: name and source say where a sweep came from, which
 * flags laid over a suite section do not change. */
void tvp_sweep_override(tvp_sweep *base, const tvp_sweep *over) {
  for (int k = 0; k <= K_LAST_TEXT; k++) {
    const char *v = *text_field((tvp_sweep *)over, k);
    if (!v) continue;
    free(*text_field(base, k));
    *text_field(base, k) = tvp_xstrdup(v);
    /* Workers and ranks are two spellings of the counts: the one laid over
     * replaces the other. */
    int other = k == K_WORKERS ? K_RANKS : k == K_RANKS ? K_WORKERS : -1;
    if (other >= 0) {
      free(*text_field(base, other));
      *text_field(base, other) = NULL;
    }
  }
  if (over->reps >= 0) base->reps = over->reps;
  if (over->warmup >= 0) base->warmup = over->warmup;
  if (over->scaling >= 0) {
    base->scaling = over->scaling;
    /* Choosing strong or weak scaling undoes an inherited fixed duration. */
    if (over->scaling != TVP_SCALING_DURATION) base->duration_s = -1;
  }
  if (over->duration_s > 0) base->duration_s = over->duration_s;
  if (over->timeout_s > 0) base->timeout_s = over->timeout_s;
  if (over->threads >= 0) base->threads = over->threads;
  if (over->min_time_s >= 0) base->min_time_s = over->min_time_s; /* 0 too: it turns the probe off */
  if (over->disturbed_above_pct > 0) base->disturbed_above_pct = over->disturbed_above_pct;
  if (over->margin_pct > 0) base->margin_pct = over->margin_pct;
}

/* Plain decimal only: "1e3" or "+5" repetitions are typos, not plans. */
static bool parse_int(const char *s, long lo, long hi, int *out) {
  long v = 0;
  if (!*s) return false;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return false;
    v = v * 10 + (*s - '0');
    if (v > hi) return false;
  }
  if (v < lo) return false;
  *out = (int)v;
  return true;
}

/* A percentage above 0 and at most 100, in plain decimal with an optional
 * '%': "5", "0.5", "2.5%". No sign, exponent, hexadecimal, nan or inf. */
static bool parse_percent(const char *s, double *out) {
  size_t n = strlen(s), digits = strspn(s, "0123456789.");
  if (n && s[n - 1] == '%') n--;
  while (n && is_blank(s[n - 1])) n--; /* "5 %" */
  if (!digits || digits != n || strchr(s, '.') != strrchr(s, '.') || s[0] == '.' || s[n - 1] == '.')
    return false;
  double v = strtod(s, NULL);
  if (!(v > 0 && v <= 100)) return false;
  *out = v;
  return true;
}

int tvp_sweep_set(tvp_sweep *s, const char *key, const char *value, char *err, size_t errlen) {
  int k = key_index(key);
  if (k < 0) {
    snprintf(err, errlen,
             "unknown key '%s': known keys are kernels, models, workers, placements, sizes, "
             "footprints, chunks, ranks, reps, warmup, scaling, duration, timeout, threads, min-time, "
             "disturbed-above, margin",
             key);
    return -1;
  }
  char *v = dup_trimmed(value ? value : "");
  double secs;
  int rc = -1;
  if (!*v) {
    snprintf(err, errlen, "key '%s' needs a value", key);
  } else if (k <= K_LAST_TEXT) {
    free(*text_field(s, k));
    *text_field(s, k) = v;
    return 0;
  } else if (k == K_REPS) {
    if (parse_int(v, 1, 10000, &s->reps)) rc = 0;
    else snprintf(err, errlen, "reps must be a whole number from 1 to 10000, not '%s'", v);
  } else if (k == K_THREADS) {
    if (parse_int(v, 1, TVP_MAX_WORKERS, &s->threads)) rc = 0;
    else snprintf(err, errlen, "threads (per MPI rank) must be a whole number from 1 to %d, not '%s'",
                  TVP_MAX_WORKERS, v);
  } else if (k == K_DISTURBED) {
    if (parse_percent(v, &s->disturbed_above_pct)) rc = 0;
    else snprintf(err, errlen, "disturbed-above must be a percentage of the wall time above 0 and at "
                  "most 100, such as 5, 0.5 or 10%%, not '%s'", v);
  } else if (k == K_MARGIN) {
    if (parse_percent(v, &s->margin_pct) && s->margin_pct < 100) rc = 0;
    else snprintf(err, errlen, "margin must be a percentage above 0 and below 100, such as 5, 2.5 "
                  "or 10%%, not '%s'", v);
  } else if (k == K_WARMUP) {
    if (parse_int(v, 0, 1000, &s->warmup)) rc = 0;
    else snprintf(err, errlen, "warmup must be a whole number from 0 to 1000, not '%s'", v);
  } else if (k == K_SCALING) {
    if (strcmp(v, "strong") != 0 && strcmp(v, "weak") != 0) {
      snprintf(err, errlen,
               "scaling must be strong or weak, not '%s' (for fixed-time runs set duration)", v);
    } else {
      s->scaling = strcmp(v, "strong") ? TVP_SCALING_WEAK : TVP_SCALING_STRONG;
      s->duration_s = -1;
      rc = 0;
    }
  } else if (k == K_MIN_TIME) {
    /* 0 is a value of its own: it undoes a suite's min-time for sizes taken as written. */
    if (tvp_parse_seconds(v, &secs) == 0 && secs <= SUITE_MAX_SECONDS) {
      s->min_time_s = secs;
      rc = 0;
    } else {
      snprintf(err, errlen, "min-time must be a time from 0 (off) to a week, such as 0.1, 100ms "
               "or 1s, not '%s'", v);
    }
  } else if (tvp_parse_seconds(v, &secs) || !(secs > 0) || secs > SUITE_MAX_SECONDS) {
    snprintf(err, errlen, "%s must be a time above 0 and at most a week, such as 30, 2.5s or "
             "500ms, not '%s'", key_names[k][0], v);
  } else if (k == K_DURATION) {
    s->duration_s = secs;
    s->scaling = TVP_SCALING_DURATION;
    rc = 0;
  } else {
    s->timeout_s = secs;
    rc = 0;
  }
  free(v);
  return rc;
}

static int fail_at(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail_at(char *err, size_t errlen, const char *path, int line, const char *fmt,
                   ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(err, errlen, "%s:%d: %s", path, line, msg);
  return -1;
}

typedef struct {
  const char *path;
  char *err;
  size_t errlen;
  tvp_sweep defaults, *sweeps;
  int n, cap;
  int *header;          /* line of each section's header */
  int seen[K_COUNT];    /* line where the current section set each key, 0 = not yet */
} parser;

/* The sweep being filled: the defaults until the first section. */
static tvp_sweep *current(parser *p) { return p->n ? &p->sweeps[p->n - 1] : &p->defaults; }

static int check_kernels(parser *p) {
  if (!p->n && !p->defaults.kernels)
    return fail_at(p->err, p->errlen, p->path, 1, "suite names no kernels: add a 'kernels' line");
  if (p->n && !p->sweeps[p->n - 1].kernels)
    return fail_at(p->err, p->errlen, p->path, p->header[p->n - 1],
                   "section '%s' names no kernels: set kernels in it or before the first section",
                   p->sweeps[p->n - 1].name);
  return 0;
}

static int section(parser *p, char *line, int lineno) {
  size_t len = strlen(line);
  char *name = line + 1, *end = line + len - 1;
  while (name < end && is_blank(*name)) name++;
  while (end > name && is_blank(end[-1])) end--;
  bool ok = line[len - 1] == ']' && end > name;
  for (const char *c = name; ok && c < end; c++)
    ok = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", *c);
  if (!ok)
    return fail_at(p->err, p->errlen, p->path, lineno,
                   "malformed section header '%s': expected [name] with letters, digits, "
                   "'-', '_' or '.'",
                   line);
  *end = '\0';
  if (p->n == SUITE_MAX_SECTIONS)
    return fail_at(p->err, p->errlen, p->path, lineno,
                   "more than %d sections: split the suite into several files",
                   SUITE_MAX_SECTIONS);
  for (int i = 0; i < p->n; i++)
    if (!strcmp(p->sweeps[i].name, name))
      return fail_at(p->err, p->errlen, p->path, lineno,
                     "section '%s' already appears on line %d: give each section its own name",
                     name, p->header[i]);
  if (p->n && check_kernels(p)) return -1;
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 8;
    p->sweeps = tvp_xrealloc(p->sweeps, (size_t)p->cap * sizeof *p->sweeps);
    p->header = tvp_xrealloc(p->header, (size_t)p->cap * sizeof *p->header);
  }
  tvp_sweep *s = &p->sweeps[p->n];
  tvp_sweep_init(s);
  tvp_sweep_override(s, &p->defaults);
  s->name = tvp_xstrdup(name);
  s->source = xprintf("%s:%d", p->path, lineno);
  p->header[p->n++] = lineno;
  memset(p->seen, 0, sizeof p->seen);
  return 0;
}

static int setting(parser *p, char *line, int lineno) {
  size_t klen = strcspn(line, " \t=:");
  if (!klen)
    return fail_at(p->err, p->errlen, p->path, lineno,
                   "malformed line '%s': expected 'key value' or '[section]'", line);
  char *v = line + klen;
  bool sep = *v == '=' || *v == ':';
  if (*v) *v++ = '\0';
  while (is_blank(*v)) v++;
  if (!sep && (*v == '=' || *v == ':')) v++;
  int k = key_index(line);
  if ((k == K_DISTURBED || k == K_MARGIN) && p->n)
    return fail_at(p->err, p->errlen, p->path, lineno,
                   "'%s' is a setting of the whole run, not of one section: set it before the "
                   "first section", line);
  if (k >= 0 && p->seen[k])
    return fail_at(p->err, p->errlen, p->path, lineno,
                   "'%s' is set twice (also on line %d): keep one", line, p->seen[k]);
  int other = k == K_SCALING ? K_DURATION : k == K_DURATION ? K_SCALING : -1;
  if (other >= 0 && p->seen[other])
    return fail_at(p->err, p->errlen, p->path, lineno,
                   "'%s' conflicts with '%s' on line %d: duration means fixed-time runs, which "
                   "are neither strong nor weak scaling",
                   line, key_names[other][0], p->seen[other]);
  int counts = k == K_WORKERS ? K_RANKS : k == K_RANKS ? K_WORKERS : -1;
  if (counts >= 0 && p->seen[counts])
    return fail_at(p->err, p->errlen, p->path, lineno,
                   "'%s' conflicts with '%s' on line %d: give worker counts or rank counts "
                   "(with ranks, workers = ranks x threads)",
                   line, key_names[counts][0], p->seen[counts]);
  char msg[1024];
  if (tvp_sweep_set(current(p), line, v, msg, sizeof msg))
    return fail_at(p->err, p->errlen, p->path, lineno, "%s", msg);
  /* The syntax of a count list is checked here, where the line is known; what N
   * and P make of it waits for the plan, which knows the machine. */
  if ((k == K_WORKERS || k == K_RANKS) && tvp_workers_check(*text_field(current(p), k), msg, sizeof msg))
    return fail_at(p->err, p->errlen, p->path, lineno, "%s", msg);
  p->seen[k] = lineno;
  /* A section's counts replace the ones it inherits, in either spelling. */
  if (counts >= 0) {
    free(*text_field(current(p), counts));
    *text_field(current(p), counts) = NULL;
  }
  return 0;
}

int tvp_suite_parse(const char *text, const char *path, tvp_sweep **out, char *err,
                    size_t errlen) {
  parser p = {.path = path ? path : "suite", .err = err, .errlen = errlen};
  tvp_sweep_init(&p.defaults);
  *out = NULL;
  char *copy = tvp_xstrdup(text), *next = copy;
  int rc = 0, lineno = 0;
  while (!rc && next) {
    char *line = next;
    lineno++;
    if ((next = strchr(line, '\n'))) *next++ = '\0';
    size_t len = strlen(line);
    if (len > SUITE_MAX_LINE) {
      rc = fail_at(err, errlen, p.path, lineno, "the line is %zu bytes long, more than the %d "
                   "a suite line may hold: is it the right file?", len, SUITE_MAX_LINE);
      break;
    }
    line[strcspn(line, "#")] = '\0';
    line = tvp_trim(line);
    if (*line) rc = *line == '[' ? section(&p, line, lineno) : setting(&p, line, lineno);
  }
  if (!rc) rc = check_kernels(&p);
  if (!rc && !p.n) {
    p.sweeps = tvp_xmalloc(sizeof *p.sweeps);
    p.sweeps[p.n++] = p.defaults;
    p.sweeps[0].name = tvp_xstrdup("");
    p.sweeps[0].source = tvp_xstrdup(p.path);
    tvp_sweep_init(&p.defaults);
  }
  free(copy);
  free(p.header);
  tvp_sweep_free(&p.defaults);
  if (rc) {
    tvp_suite_free(p.sweeps, p.n);
    return -1;
  }
  *out = p.sweeps;
  return p.n;
}

int tvp_suite_load(const char *path, tvp_sweep **out, char *err, size_t errlen) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "cannot read suite '%s': %s", path, strerror(errno));
    return -1;
  }
  /* One byte more than allowed tells an oversized file from one exactly at the limit. */
  char *text = tvp_xmalloc(SUITE_MAX_BYTES + 2);
  size_t len = fread(text, 1, SUITE_MAX_BYTES + 1, f);
  int error = ferror(f) ? (errno ? errno : EIO) : 0;
  fclose(f);
  int rc = -1;
  if (error)
    snprintf(err, errlen, "cannot read suite '%s': %s", path, strerror(error));
  else
    rc = tvp_suite_parse_buffer(text, len, path, out, err, errlen);
  free(text);
  return rc;
}

int tvp_suite_parse_buffer(const char *buf, size_t len, const char *path, tvp_sweep **out,
                           char *err, size_t errlen) {
  *out = NULL;
  path = path ? path : "suite";
  if (len > SUITE_MAX_BYTES) {
    snprintf(err, errlen, "suite '%s' is larger than 1 MiB: is it the right file?", path);
    return -1;
  }
  /* Editors on Windows start UTF-8 files with a byte-order mark: it is no part
   * of the first key. */
  if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
    buf += 3;
    len -= 3;
  }
  /* Control characters other than blanks mean a binary file; quoted in an
   * error they would garble the terminal. */
  int line = 1;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)buf[i];
    line += c == '\n';
    if ((c < 0x20 && !is_blank((char)c)) || c == 0x7f) {
      snprintf(err, errlen, "suite '%s' is not a text file: line %d holds %s 0x%02x: is it "
               "the right file?", path, line, c ? "the control character" : "a NUL byte", c);
      return -1;
    }
  }
  /* A CRLF line end is fine; a carriage return inside a line would make the
   * terminal overwrite whatever an error quoted before it. */
  line = 1;
  for (size_t i = 0; i < len; i++) {
    line += buf[i] == '\n';
    if (buf[i] == '\r' && i + 1 < len && buf[i + 1] != '\n') {
      snprintf(err, errlen, "suite '%s': line %d holds a carriage return before its end: remove "
               "it (only a line's end may have one)", path, line);
      return -1;
    }
  }
  char *text = tvp_xmalloc(len + 1);
  if (len)
    memcpy(text, buf, len);
  text[len] = '\0';
  int rc = tvp_suite_parse(text, path, out, err, errlen);
  free(text);
  return rc;
}

void tvp_suite_free(tvp_sweep *sweeps, int n) {
  if (!sweeps) return;
  for (int i = 0; i < n; i++) tvp_sweep_free(&sweeps[i]);
  free(sweeps);
}
