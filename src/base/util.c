/* Small helpers every part uses. Parsers are strict (no sign, no blanks, no
 * trailing text) because a typo in a flag must not silently become a number. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

size_t tvp_visible(char *dst, size_t len, const char *src) {
  size_t n = 0;
  for (; *src && n + 1 < len; src++) {
    unsigned char c = (unsigned char)*src;
    if (c >= 0x20 && c != 0x7f) {
      dst[n++] = (char)c;
    } else if (n + 5 < len) {
      snprintf(dst + n, 5, "\\x%02x", c);
      n += 4;
    } else {
      break;
    }
  }
  if (len)
    dst[n] = '\0';
  return n;
}

void tvp_buf_shell_word(tvp_buf *b, const char *s) {
  int control = 0;
  for (const char *p = s; *p; p++)
    control |= (unsigned char)*p < 0x20 || *p == 0x7f;
  if (control) {
    tvp_buf_append(b, "$'", 2);
    for (const char *p = s; *p; p++) {
      unsigned char ch = (unsigned char)*p;
      if (ch == '\\' || ch == '\'')
        tvp_buf_printf(b, "\\%c", ch);
      else if (ch == '\n' || ch == '\t')
        tvp_buf_printf(b, "\\%c", ch == '\n' ? 'n' : 't');
      else if (ch < 0x20 || ch == 0x7f)
        tvp_buf_printf(b, "\\x%02x", ch);
      else
        tvp_buf_append(b, p, 1);
    }
    tvp_buf_append(b, "'", 1);
    return;
  }
  int plain = *s != '\0';
  for (const char *p = s; *p && plain; p++)
    plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=,@%+-",
                   *p) != NULL;
  if (plain) {
    tvp_buf_printf(b, "%s", s);
    return;
  }
  tvp_buf_append(b, "'", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '\'')
      tvp_buf_append(b, "'\\''", 4);
    else
      tvp_buf_append(b, p, 1);
  }
  tvp_buf_append(b, "'", 1);
}

void tvp_buf_md_text(tvp_buf *b, const char *s) {
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20 || c == 0x7f) {
      tvp_buf_printf(b, "\\\\x%02x", c); /* the backslash escaped, so it shows */
      continue;
    }
    if (strchr("|\\*_`<>[]", *p))
      tvp_buf_append(b, "\\", 1);
    tvp_buf_append(b, p, 1);
  }
}

static void verr(const char *fmt, va_list ap) {
  /* One write per message, so lines from concurrent workers do not interleave. */
  char msg[4096], line[4096] = "tvp: ";
  int saved = errno;
  vsnprintf(msg, sizeof msg, fmt, ap);
  /* A message quotes what it was given: an escape sequence in a name must not
   * reach the terminal as one. */
  size_t len = 5 + tvp_visible(line + 5, sizeof line - 6, msg); /* room for the newline */
  line[len++] = '\n';
  (void)tvp_write_all(STDERR_FILENO, line, len);
  errno = saved;
}

void tvp_std_fds_open(void) {
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      /* open() returns the lowest free descriptor: this one, as the lower ones are open. */
      int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (got != fd) /* no /dev/null, or no descriptor left: nothing tvp can write is safe */
        _exit(TVP_EXIT_FAIL);
    }
}

void tvp_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verr(fmt, ap);
  va_end(ap);
}

_Noreturn void tvp_die(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verr(fmt, ap);
  va_end(ap);
  exit(status);
}

static void *check_alloc(void *p, size_t n) {
  if (!p) tvp_die(TVP_EXIT_FAIL, "out of memory (%zu bytes)", n);
  return p;
}

/* Size 0 is bumped to 1: a NULL return must only ever mean out of memory. */
void *tvp_xmalloc(size_t n) { return check_alloc(malloc(n ? n : 1), n); }

void *tvp_xcalloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) check_alloc(NULL, SIZE_MAX);
  return check_alloc(calloc(n ? n : 1, size ? size : 1), n * size);
}

void *tvp_xrealloc(void *p, size_t n) { return check_alloc(realloc(p, n ? n : 1), n); }

char *tvp_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(tvp_xmalloc(n), s, n);
}

int64_t tvp_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void tvp_sleep_ns(int64_t ns) {
  if (ns <= 0) return;
  struct timespec req = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000}, rem;
  while (clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem) == EINTR) req = rem;
}

int tvp_parse_count(const char *s, uint64_t *out) {
  uint64_t v = 0;
  const char *p = s;
  if (*p < '0' || *p > '9') return -1;
  for (; *p >= '0' && *p <= '9'; p++) {
    unsigned d = (unsigned)(*p - '0');
    if (v > (UINT64_MAX - d) / 10) return -1;
    v = v * 10 + d;
  }
  if (*p) {
    const char *units = "kMGT";
    const char *u = strchr(units, *p == 'K' ? 'k' : *p);
    if (!u) return -1;
    p++;
    uint64_t base = 1000;
    if (*p == 'i') base = 1024, p++;
    if (*p) return -1;
    for (ptrdiff_t i = u - units; i >= 0; i--) {
      if (v > UINT64_MAX / base) return -1;
      v *= base;
    }
  }
  *out = v;
  return 0;
}

int tvp_parse_seconds(const char *s, double *out) {
  static const struct {
    const char *name;
    double scale;
  } units[] = {{"", 1}, {"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"min", 60}};
  /* strtod alone would take blanks, signs, "nan", "inf" and hex. */
  if (!((*s >= '0' && *s <= '9') || *s == '.')) return -1;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return -1;
  char *end;
  double v = strtod(s, &end); /* overflow gives HUGE_VAL, caught by isfinite below */
  if (end == s) return -1;
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (strcmp(end, units[i].name) == 0) {
      v *= units[i].scale;
      if (!isfinite(v) || v < 0) return -1;
      *out = v;
      return 0;
    }
  }
  return -1;
}

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

size_t tvp_split_list(const char *s, char ***items) {
  size_t n = 1;
  for (const char *c = s; *c; c++) n += *c == ',';
  char **v = tvp_xmalloc(n * sizeof *v);
  for (size_t i = 0; i < n; i++) {
    size_t len = strcspn(s, ",");
    const char *a = s, *z = s + len;
    while (a < z && is_blank(*a)) a++;
    while (z > a && is_blank(z[-1])) z--;
    v[i] = tvp_xmalloc((size_t)(z - a) + 1);
    memcpy(v[i], a, (size_t)(z - a));
    v[i][z - a] = '\0';
    s += len + 1;
  }
  *items = v;
  return n;
}

void tvp_free_list(char **items, size_t n) {
  if (!items) return;
  for (size_t i = 0; i < n; i++) free(items[i]);
  free(items);
}

char *tvp_trim(char *s) {
  while (is_blank(*s)) s++;
  size_t n = strlen(s);
  while (n && is_blank(s[n - 1])) n--;
  s[n] = '\0';
  return s;
}

void tvp_one_line(char *s) {
  size_t k = 0;
  int space = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == ' ' || (*p >= '\t' && *p <= '\r')) {
      space = k > 0;
    } else if (*p >= 0x20 && *p != 0x7f) {
      if (space)
        s[k++] = ' ';
      space = 0;
      s[k++] = (char)*p;
    }
  }
  s[k] = '\0';
}

static void buf_reserve(tvp_buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1) check_alloc(NULL, SIZE_MAX);
  size_t need = b->len + extra + 1;
  if (b->data && need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  b->data = tvp_xrealloc(b->data, cap);
  b->cap = cap;
}

void tvp_buf_append(tvp_buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void tvp_buf_printf(tvp_buf *b, const char *fmt, ...) {
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  buf_reserve(b, 0);
  int m = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  if (m < 0) tvp_die(TVP_EXIT_FAIL, "bad format \"%s\"", fmt);
  if ((size_t)m >= b->cap - b->len) {
    buf_reserve(b, (size_t)m);
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, again);
  }
  va_end(again);
  b->len += (size_t)m;
}

void tvp_buf_free(tvp_buf *b) {
  free(b->data);
  *b = (tvp_buf){0};
}

int tvp_write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (w == 0) { /* no progress and no error: give up rather than spin */
      errno = EIO;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int tvp_mkdir_p(const char *dir) {
  char *p = tvp_xstrdup(dir);
  int rc = 0;
  for (char *s = p + 1; *s && rc == 0; s++) {
    if (*s != '/')
      continue;
    *s = 0;
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
      rc = -1;
    *s = '/';
  }
  if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
    rc = -1;
  free(p);
  return rc;
}

void tvp_format_size(char *s, size_t len, double v) {
  static const char *const unit[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    u++;
  }
  if (v == floor(v))
    snprintf(s, len, "%.0f %s", v, unit[u]);
  else
    snprintf(s, len, "%.1f %s", v, unit[u]);
}

void tvp_format_si(char *s, size_t len, double v) {
  static const char *const prefix[] = {"", " k", " M", " G", " T", " P"};
  if (!isfinite(v)) {
    snprintf(s, len, "-");
    return;
  }
  int i = 0;
  while (fabs(v) >= 1000 && i < 5) {
    v /= 1000;
    i++;
  }
  snprintf(s, len, "%.4g%s", v, prefix[i]);
}

void tvp_format_ratio(char *s, size_t len, double v) {
  if (!isfinite(v))
    snprintf(s, len, "-");
  else if (fabs(v) < 0.1 && v != 0)
    snprintf(s, len, "%.2g", v);
  else
    snprintf(s, len, "%.2f", v);
}

int tvp_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

size_t tvp_distinct_add(void *set, size_t *n, size_t size, const void *item,
                        int (*same)(const void *a, const void *b)) {
  unsigned char *elems = set;
  for (size_t k = 0; k < *n; k++)
    if (same ? same(elems + k * size, item) : memcmp(elems + k * size, item, size) == 0)
      return k;
  memcpy(elems + *n * size, item, size);
  return (*n)++;
}

static int same_text(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b) == 0;
}

size_t tvp_distinct_text(const char **set, size_t *n, const char *s) {
  return tvp_distinct_add(set, n, sizeof *set, &s, same_text);
}

void tvp_boot_id(char *out, size_t len) {
  out[0] = 0;
  FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
  if (!f)
    return;
  if (fgets(out, (int)len, f))
    out[strcspn(out, "\n")] = 0;
  fclose(f);
}

void tvp_join_names(char *buf, size_t len, size_t n, const char *(*name_at)(size_t i)) {
  size_t k = 0;
  if (len)
    buf[0] = 0;
  for (size_t i = 0; i < n && k < len; i++)
    k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? ", " : "", name_at(i));
}
