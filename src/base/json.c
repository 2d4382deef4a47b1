/* JSON text (see json.h): the string escaping every JSON file of tvp shares,
 * and a strict check of a whole text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"

/* The length of the UTF-8 sequence at p (1 to 4), or 0 when p starts none
 * before end: overlong forms, surrogates and code points past U+10FFFF included. */
static int utf8_length(const unsigned char *p, const unsigned char *end) {
  if (p[0] < 0x80)
    return 1;
  int n = p[0] >= 0xC2 && p[0] <= 0xDF   ? 2
          : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
          : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
                                         : 0;
  if (end - p < n)
    return 0;
  for (int i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) || (p[0] == 0xF0 && p[1] < 0x90) ||
      (p[0] == 0xF4 && p[1] >= 0x90))
    return 0;
  return n;
}

void tvp_json_str(tvp_buf *b, const char *s) {
  const unsigned char *p = (const unsigned char *)(s ? s : ""), *end = p + strlen((const char *)p);
  tvp_buf_append(b, "\"", 1);
  for (; *p; p++) {
    int n = utf8_length(p, end);
    if (*p == '"' || *p == '\\')
      tvp_buf_printf(b, "\\%c", *p);
    else if (*p < 0x20)
      tvp_buf_printf(b, "\\u%04x", *p);
    else if (n == 0)
      tvp_buf_printf(b, "\\u%04x", 0xDC00u + *p);
    else {
      tvp_buf_append(b, (const char *)p, (size_t)n);
      p += n - 1;
    }
  }
  tvp_buf_append(b, "\"", 1);
}

void tvp_json_double(tvp_buf *b, double v) {
  if (!isfinite(v)) {
    tvp_buf_printf(b, "null");
    return;
  }
  /* The fewest digits that read back as v: 0.1, not 0.10000000000000001. */
  char t[40];
  for (int precision = 15; precision <= 17; precision++) {
    snprintf(t, sizeof t, "%.*g", precision, v + 0.0);
    if (strtod(t, NULL) == v)
      break;
  }
  tvp_buf_printf(b, "%s", t);
}

typedef struct {
  const unsigned char *p, *end;
} jscan;

static int at(const jscan *j, char c) { return j->p < j->end && *j->p == (unsigned char)c; }
static int digit_at(const jscan *j) { return j->p < j->end && *j->p >= '0' && *j->p <= '9'; }

static void skip_ws(jscan *j) {
  while (at(j, ' ') || at(j, '\t') || at(j, '\n') || at(j, '\r'))
    j->p++;
}

/* One or more digits. */
static int digits(jscan *j) {
  if (!digit_at(j))
    return -1;
  while (digit_at(j))
    j->p++;
  return 0;
}

static int number(jscan *j) {
  if (at(j, '-'))
    j->p++;
  if (at(j, '0'))
    j->p++;
  else if (!digit_at(j) || digits(j) != 0)
    return -1;
  if (at(j, '.')) {
    j->p++;
    if (digits(j) != 0)
      return -1;
  }
  if (at(j, 'e') || at(j, 'E')) {
    j->p++;
    if (at(j, '+') || at(j, '-'))
      j->p++;
    if (digits(j) != 0)
      return -1;
  }
  return 0;
}

static int string(jscan *j) {
  if (!at(j, '"'))
    return -1;
  j->p++;
  while (j->p < j->end) {
    unsigned char c = *j->p;
    if (c == '"') {
      j->p++;
      return 0;
    }
    if (c < 0x20)
      return -1;
    if (c != '\\') {
      int n = utf8_length(j->p, j->end);
      if (n == 0)
        return -1;
      j->p += n;
      continue;
    }
    if (++j->p >= j->end)
      return -1;
    c = *j->p++;
    if (c == 'u') {
      for (int i = 0; i < 4; i++, j->p++)
        if (j->p >= j->end || !strchr("0123456789abcdefABCDEF", *j->p) || !*j->p)
          return -1;
    } else if (!c || !strchr("\"\\/bfnrt", c)) {
      return -1;
    }
  }
  return -1;
}

static int literal(jscan *j, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
    return -1;
  j->p += n;
  return 0;
}

static int value(jscan *j, int depth);

/* The members of an object (object 1) or the items of an array, after its opening. */
static int members(jscan *j, int object, int depth) {
  char close = object ? '}' : ']';
  skip_ws(j);
  if (at(j, close)) {
    j->p++;
    return 0;
  }
  for (;;) {
    skip_ws(j);
    if (object) {
      if (string(j) != 0)
        return -1;
      skip_ws(j);
      if (!at(j, ':'))
        return -1;
      j->p++;
    }
    if (value(j, depth + 1) != 0)
      return -1;
    skip_ws(j);
    if (at(j, close)) {
      j->p++;
      return 0;
    }
    if (!at(j, ','))
      return -1;
    j->p++;
  }
}

static int value(jscan *j, int depth) {
  skip_ws(j);
  if (depth > 64 || j->p >= j->end)
    return -1;
  switch (*j->p) {
  case '{':
  case '[': {
    int object = *j->p == '{';
    j->p++;
    return members(j, object, depth);
  }
  case '"': return string(j);
  case 't': return literal(j, "true");
  case 'f': return literal(j, "false");
  case 'n': return literal(j, "null");
  default: return number(j);
  }
}

int tvp_json_is_number(const char *s) {
  jscan j = {(const unsigned char *)s, (const unsigned char *)s + strlen(s)};
  return *s && number(&j) == 0 && j.p == j.end;
}

int tvp_json_valid(const char *s, size_t len) {
  jscan j = {(const unsigned char *)s, (const unsigned char *)s + len};
  if (value(&j, 0) != 0)
    return 0;
  skip_ws(&j);
  return j.p == j.end;
}
