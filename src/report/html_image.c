/* report.html's charts: the PNG (or SVG) file report.md names, read from the
 * run folder and embedded as a data: URI, so the page is one file that shows
 * its charts wherever it is copied. Only files under the run folder are read,
 * and only a file that is what its name says is embedded: anything else shows
 * as its alt text, never as a broken image. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/util.h"
#include "report/html_parts.h"

/* No chart tvp draws comes near this; a larger file is not a chart of it. */
#define IMAGE_MAX_BYTES (32u << 20)

/* A path report.md may name: relative, inside the run folder (no ".."
 * component), no scheme, nothing a browser would read as a query. */
static int inside_run(const char *url) {
  if (!*url || url[0] == '/' || strpbrk(url, ":\\?#"))
    return 0;
  for (const char *p = url; *p;) {
    size_t len = strcspn(p, "/");
    if (len == 2 && p[0] == '.' && p[1] == '.')
      return 0;
    p += len;
    p += *p == '/';
  }
  return 1;
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A PNG with its header chunk (its size into w, h), or an SVG document: the
 * data's type for a data: URI, or NULL when it is neither. */
static const char *image_type(const unsigned char *d, size_t len, int svg, uint32_t *w, uint32_t *h) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  *w = *h = 0;
  if (!svg) {
    if (len < 33 || memcmp(d, sig, 8) != 0 || memcmp(d + 12, "IHDR", 4) != 0)
      return NULL;
    *w = be32(d + 16);
    *h = be32(d + 20);
    return *w && *h ? "image/png" : NULL;
  }
  /* An SVG drawn by gnuplot: text with an <svg element and its end. */
  if (memchr(d, '\0', len))
    return NULL;
  char *text = tvp_xmalloc(len + 1);
  memcpy(text, d, len);
  text[len] = '\0';
  int ok = strstr(text, "<svg") && strstr(text, "</svg>");
  free(text);
  return ok ? "image/svg+xml" : NULL;
}

static void base64(tvp_buf *b, const unsigned char *d, size_t len) {
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char out[4];
  for (size_t i = 0; i < len; i += 3) {
    uint32_t v = (uint32_t)d[i] << 16;
    if (i + 1 < len)
      v |= (uint32_t)d[i + 1] << 8;
    if (i + 2 < len)
      v |= d[i + 2];
    out[0] = digits[v >> 18 & 63];
    out[1] = digits[v >> 12 & 63];
    out[2] = i + 1 < len ? digits[v >> 6 & 63] : '=';
    out[3] = i + 2 < len ? digits[v & 63] : '=';
    tvp_buf_append(b, out, 4);
  }
}

/* Embeds dir/url as an <img> if it is a chart; 1 if it did. */
static int embed(tvp_buf *b, const char *dir, const char *url, const char *alt) {
  size_t ulen = strlen(url);
  int svg = ulen > 4 && strcmp(url + ulen - 4, ".svg") == 0;
  if (!svg && !(ulen > 4 && strcmp(url + ulen - 4, ".png") == 0))
    return 0;
  char *path = tvp_path_in(dir, url);
  size_t len = 0;
  unsigned char *data = tvp_fs_read_whole(path, IMAGE_MAX_BYTES, &len);
  free(path);
  uint32_t w, h;
  const char *type = data ? image_type(data, len, svg, &w, &h) : NULL;
  if (type) {
    tvp_buf_printf(b, "<img alt=\"%s\"", alt);
    if (w && h)
      tvp_buf_printf(b, " width=\"%u\" height=\"%u\"", (unsigned)w, (unsigned)h);
    tvp_buf_printf(b, " src=\"data:%s;base64,", type);
    base64(b, data, len);
    tvp_buf_printf(b, "\">");
  }
  free(data);
  return type != NULL;
}

void tvp_html_image(tvp_buf *b, const char *dir, const char *url, const char *alt) {
  if (dir && inside_run(url)) {
    if (embed(b, dir, url, alt))
      return;
    /* tvp plot draws every chart twice: the SVG stands in for a missing PNG. */
    size_t len = strlen(url);
    if (len > 4 && strcmp(url + len - 4, ".png") == 0) {
      tvp_buf twin = {0};
      tvp_buf_printf(&twin, "%.*s.svg", (int)(len - 4), url);
      int done = embed(b, dir, twin.data, alt);
      tvp_buf_free(&twin);
      if (done)
        return;
    }
  }
  int inside = inside_run(url);
  tvp_buf_printf(b, "<span class=\"missing\">%s [%s: ", alt, inside ? "chart not found" : "not embedded");
  tvp_html_escape(b, url, strlen(url));
  tvp_buf_printf(b, "%s]</span>", inside ? "" : " is not a file of the run folder");
}
