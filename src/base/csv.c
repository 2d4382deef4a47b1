/* CSV rows assembled in memory and written with one write(2), so a run that is
 * killed mid-way leaves whole rows behind, and concurrent writers never mix lines. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/util.h"

void tvp_csv_row_init(tvp_csv_row *r) { *r = (tvp_csv_row){0}; }

void tvp_csv_row_reset(tvp_csv_row *r) {
  r->len = 0;
  r->ncols = 0;
  if (r->buf) r->buf[0] = '\0';
}

void tvp_csv_row_free(tvp_csv_row *r) {
  free(r->buf);
  tvp_csv_row_init(r);
}

/* Keeps buf NUL-terminated so a row can be inspected as a string. */
static void put(tvp_csv_row *r, const char *s, size_t n) {
  if (r->len + n + 1 > r->cap) {
    size_t cap = r->cap ? r->cap : 128;
    while (cap < r->len + n + 1) cap *= 2;
    r->buf = tvp_xrealloc(r->buf, cap);
    r->cap = cap;
  }
  memcpy(r->buf + r->len, s, n);
  r->len += n;
  r->buf[r->len] = '\0';
}

static void start_field(tvp_csv_row *r) {
  if (r->ncols++) put(r, ",", 1);
}

void tvp_csv_str(tvp_csv_row *r, const char *s) {
  start_field(r);
  if (!s) return;
  if (!s[strcspn(s, ",\"\r\n")]) {
    put(r, s, strlen(s));
    return;
  }
  put(r, "\"", 1);
  for (const char *q; (q = strchr(s, '"')); s = q + 1) {
    put(r, s, (size_t)(q - s) + 1); /* up to and including the quote, then its twin */
    put(r, "\"", 1);
  }
  put(r, s, strlen(s));
  put(r, "\"", 1);
}

static void put_number(tvp_csv_row *r, const char *text, int n) {
  start_field(r);
  put(r, text, (size_t)n);
}

void tvp_csv_int(tvp_csv_row *r, int64_t v) {
  char t[32];
  int n = snprintf(t, sizeof t, "%" PRId64, v);
  put_number(r, t, n);
}

void tvp_csv_uint(tvp_csv_row *r, uint64_t v) {
  char t[32];
  int n = snprintf(t, sizeof t, "%" PRIu64, v);
  put_number(r, t, n);
}

void tvp_csv_double(tvp_csv_row *r, double v, int digits) {
  if (!isfinite(v)) {
    tvp_csv_empty(r);
    return;
  }
  /* 17 significant digits already round-trip any double; more would only
   * print binary noise. Adding 0.0 turns -0 into 0. */
  if (digits < 1) digits = 1;
  if (digits > 17) digits = 17;
  char t[64];
  int n = snprintf(t, sizeof t, "%.*g", digits, v + 0.0);
  put_number(r, t, n);
}

void tvp_csv_empty(tvp_csv_row *r) { start_field(r); }

int tvp_csv_row_write(int fd, tvp_csv_row *r) {
  put(r, "\n", 1);
  /* A full disk or a file size limit can take part of a row before refusing the
   * rest: cut the file back to where the row began, so it ends on a whole row. */
  int flags = fcntl(fd, F_GETFL);
  off_t before = lseek(fd, 0, flags >= 0 && (flags & O_APPEND) ? SEEK_END : SEEK_CUR);
  int rc = tvp_write_all(fd, r->buf, r->len);
  if (rc != 0 && before >= 0) {
    int e = errno;
    int cut = ftruncate(fd, before); /* if even this fails, the error still says why */
    (void)cut;
    errno = e;
  }
  tvp_csv_row_reset(r);
  return rc;
}

int tvp_csv_write_header(int fd, const char *const *columns) {
  tvp_csv_row r;
  tvp_csv_row_init(&r);
  for (; *columns; columns++) tvp_csv_str(&r, *columns);
  int rc = tvp_csv_row_write(fd, &r);
  tvp_csv_row_free(&r);
  return rc;
}

static int at_line_end(const char *s) {
  return *s == '\0' || *s == '\n' || (s[0] == '\r' && s[1] == '\n');
}

/* One field from *sp into f, leaving *sp on the comma or line end after it;
 * -1 on an unterminated quote or text after a closing quote. */
static int parse_field(const char **sp, tvp_buf *f) {
  const char *s = *sp;
  tvp_buf_append(f, "", 0);
  if (*s != '"') {
    size_t k = 0;
    while (s[k] != ',' && !at_line_end(s + k)) k++;
    tvp_buf_append(f, s, k);
    *sp = s + k;
    return 0;
  }
  for (s++;;) {
    const char *q = strchr(s, '"');
    if (!q) return -1;
    int doubled = q[1] == '"';
    tvp_buf_append(f, s, (size_t)(q - s) + (size_t)doubled);
    s = q + 1 + doubled;
    if (!doubled) break;
  }
  *sp = s;
  return *s == ',' || at_line_end(s) ? 0 : -1;
}

int tvp_csv_parse_record(const char **p, char **fields, int max) {
  const char *s = *p;
  int n = 0;
  for (;;) {
    tvp_buf f = {0};
    if (n >= max || parse_field(&s, &f) < 0) {
      free(f.data);
      while (n) free(fields[--n]);
      return -1;
    }
    fields[n++] = f.data;
    if (*s != ',') break;
    s++;
  }
  s += *s == '\r';
  s += *s == '\n';
  *p = s;
  return n;
}
