/* report.html's text inside a block: the inline Markdown tvp writes (backslash
 * escapes, code spans, **bold** and *italic*, links, images) as HTML, every
 * character of text escaped. What does not parse as one of those stays text,
 * so no input can open an element of its own. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "report/html_parts.h"

void tvp_html_escape(tvp_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '&': tvp_buf_printf(b, "&amp;"); break;
    case '<': tvp_buf_printf(b, "&lt;"); break;
    case '>': tvp_buf_printf(b, "&gt;"); break;
    case '"': tvp_buf_printf(b, "&quot;"); break;
    case '\'': tvp_buf_printf(b, "&#39;"); break;
    default:
      /* A control character (a line break inside a block is a space) shows as
       * text, as tvp shows it everywhere else. */
      if (c == '\n' || c == '\t')
        tvp_buf_append(b, " ", 1);
      else if (c < 0x20 || c == 0x7f)
        tvp_buf_printf(b, "\\x%02x", c);
      else
        tvp_buf_append(b, (const char *)&c, 1);
    }
  }
}

/* What one run of inline rendering writes to, and how. */
typedef struct {
  tvp_buf *b;
  const char *dir;
  int plain;
} inl;

static void render(const inl *x, const char *s, size_t n);

static int is_punct(char c) { return c > 0x20 && c < 0x7f && ispunct((unsigned char)c); }

/* The length of the run of c at s[i..n). */
static size_t run_of(const char *s, size_t i, size_t n, char c) {
  size_t k = 0;
  while (i + k < n && s[i + k] == c)
    k++;
  return k;
}

/* The end of the code span whose opening run of k backticks starts at i: the
 * index of its closing run of exactly k, or 0 when it has none. */
static size_t code_end(const char *s, size_t i, size_t n, size_t k) {
  for (size_t j = i + k; j < n;) {
    size_t r = run_of(s, j, n, '`');
    if (r == k)
      return j;
    j += r ? r : 1;
  }
  return 0;
}

static void code_span(const inl *x, const char *s, size_t n) {
  /* One space on both sides is padding (it lets a span start with a backtick). */
  if (n >= 2 && s[0] == ' ' && s[n - 1] == ' ' && run_of(s, 0, n, ' ') < n) {
    s++;
    n -= 2;
  }
  if (!x->plain)
    tvp_buf_printf(x->b, "<code>");
  tvp_html_escape(x->b, s, n);
  if (!x->plain)
    tvp_buf_printf(x->b, "</code>");
}

/* The index of the ']' that closes the '[' at s[i], skipping escapes and code
 * spans and counting nested brackets; 0 when none does. */
static size_t bracket_end(const char *s, size_t i, size_t n) {
  int depth = 0;
  for (size_t j = i; j < n; j++) {
    if (s[j] == '\\' && j + 1 < n) {
      j++;
    } else if (s[j] == '`') {
      size_t k = run_of(s, j, n, '`'), e = code_end(s, j, n, k);
      j = e ? e + k - 1 : j + k - 1;
    } else if (s[j] == '[') {
      depth++;
    } else if (s[j] == ']' && --depth == 0) {
      return j;
    }
  }
  return 0;
}

/* A link or an image at s[i] ('[' or "!["): "[text](destination)". Fills the
 * text's and the destination's bounds and returns the index past ')', or 0
 * when s[i] starts neither. The destination has no blank; a title after it is
 * allowed and ignored. */
static size_t link_at(const char *s, size_t i, size_t n, size_t *t0, size_t *t1, size_t *d0, size_t *d1) {
  size_t open = s[i] == '!' ? i + 1 : i;
  size_t close = bracket_end(s, open, n);
  if (!close || close + 1 >= n || s[close + 1] != '(')
    return 0;
  size_t j = close + 2;
  *d0 = j;
  while (j < n && s[j] != ')' && s[j] != ' ' && s[j] != '"')
    j += s[j] == '\\' && j + 1 < n ? 2 : 1;
  *d1 = j;
  while (j < n && s[j] != ')')
    j++;
  if (j >= n || *d1 == *d0)
    return 0;
  *t0 = open + 1;
  *t1 = close;
  return j + 1;
}

/* A destination as written, its backslash escapes removed, malloc'd. */
static char *unescape(const char *s, size_t n) {
  char *out = tvp_xmalloc(n + 1);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n && is_punct(s[i + 1]))
      i++;
    out[m++] = s[i];
  }
  out[m] = '\0';
  return out;
}

/* A link goes where a reader can follow it safely: to a heading of the page,
 * to a file beside the page, or to a web page; never to a script. */
static int safe_href(const char *url) {
  if (url[0] == '#' || strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0)
    return 1;
  size_t scheme = strcspn(url, ":/?#");
  return url[scheme] != ':' && strncmp(url, "//", 2) != 0;
}

static void link_or_image(const inl *x, const char *s, size_t t0, size_t t1, size_t d0, size_t d1,
                          int image) {
  char *url = unescape(s + d0, d1 - d0);
  if (image) {
    tvp_buf alt = {0};
    tvp_buf_append(&alt, "", 0);
    tvp_html_inline(&alt, s + t0, t1 - t0, NULL, 1);
    if (x->plain)
      tvp_buf_printf(x->b, "%s", alt.data);
    else
      tvp_html_image(x->b, x->dir, url, alt.data);
    tvp_buf_free(&alt);
  } else if (x->plain || !safe_href(url)) {
    render(x, s + t0, t1 - t0);
  } else {
    tvp_buf_printf(x->b, "<a href=\"");
    tvp_html_escape(x->b, url, strlen(url));
    tvp_buf_printf(x->b, "\">");
    render(x, s + t0, t1 - t0);
    tvp_buf_printf(x->b, "</a>");
  }
  free(url);
}

/* Emphasis: a run of one or two '*' (or '_') at s[i] followed by text, closed
 * by the same run after text; '_' only at the edges of words, as CommonMark
 * has it, so that snake_case stays text. The index past the closing run, or
 * 0 when there is none. */
static size_t emphasis_at(const inl *x, const char *s, size_t i, size_t n) {
  char c = s[i];
  size_t k = run_of(s, i, n, c);
  if (k > 2 || i + k >= n || isspace((unsigned char)s[i + k]))
    return 0;
  if (c == '_' && i > 0 && isalnum((unsigned char)s[i - 1]))
    return 0;
  for (size_t j = i + k; j < n; j++) {
    if (s[j] == '\\') {
      j++;
      continue;
    }
    if (s[j] == '`') {
      size_t r = run_of(s, j, n, '`'), e = code_end(s, j, n, r);
      j = e ? e + r - 1 : j + r - 1;
      continue;
    }
    size_t r = run_of(s, j, n, c);
    if (r == 0)
      continue;
    int closes = r == k && !isspace((unsigned char)s[j - 1]) &&
                 (c != '_' || j + r >= n || !isalnum((unsigned char)s[j + r]));
    if (closes) {
      const char *tag = k == 2 ? "strong" : "em";
      if (!x->plain)
        tvp_buf_printf(x->b, "<%s>", tag);
      render(x, s + i + k, j - i - k);
      if (!x->plain)
        tvp_buf_printf(x->b, "</%s>", tag);
      return j + r;
    }
    j += r - 1;
  }
  return 0;
}

static void render(const inl *x, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    char c = s[i];
    size_t t0, t1, d0, d1, next;
    if (c == '\\' && i + 1 < n && is_punct(s[i + 1])) {
      tvp_html_escape(x->b, s + i + 1, 1);
      i += 2;
    } else if (c == '`') {
      size_t k = run_of(s, i, n, '`'), e = code_end(s, i, n, k);
      if (e)
        code_span(x, s + i + k, e - i - k);
      else
        tvp_html_escape(x->b, s + i, k);
      i = e ? e + k : i + k;
    } else if ((c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '[')) &&
               (next = link_at(s, i, n, &t0, &t1, &d0, &d1)) != 0) {
      link_or_image(x, s, t0, t1, d0, d1, c == '!');
      i = next;
    } else if ((c == '*' || c == '_') && (next = emphasis_at(x, s, i, n)) != 0) {
      i = next;
    } else {
      size_t k = (c == '*' || c == '_') ? run_of(s, i, n, c) : 1;
      tvp_html_escape(x->b, s + i, k); /* a run that opened nothing is text, whole */
      i += k;
    }
  }
}

void tvp_html_inline(tvp_buf *b, const char *s, size_t n, const char *dir, int plain) {
  const inl x = {.b = b, .dir = dir, .plain = plain};
  tvp_buf_append(b, "", 0);
  render(&x, s, n);
}

int tvp_html_image_only(const char *s, size_t n) {
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  size_t t0, t1, d0, d1;
  return n > 1 && s[0] == '!' && s[1] == '[' && link_at(s, 0, n, &t0, &t1, &d0, &d1) == n;
}
