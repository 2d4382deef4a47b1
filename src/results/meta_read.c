/* Reads meta.json (see meta_read.h). It is tvp's own output, so a small reader
 * suffices; it still parses real JSON (escapes, any spacing) and keeps what it
 * read before an error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/meta_read.h"

typedef struct {
  const char *p, *end;
} jcur;

static void jws(jcur *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static int jpeek(jcur *c) {
  jws(c);
  return c->p < c->end ? (unsigned char)*c->p : -1;
}

static int jexpect(jcur *c, char ch) {
  if (jpeek(c) != ch)
    return -1;
  c->p++;
  return 0;
}

static void utf8(tvp_buf *b, unsigned cp) {
  char s[4];
  size_t n;
  if (cp < 0x80) {
    s[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    s[0] = (char)(0xC0 | (cp >> 6));
    s[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else {
    s[0] = (char)(0xE0 | (cp >> 12));
    s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    s[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  }
  tvp_buf_append(b, s, n);
}

/* A JSON string into out (which may be NULL to skip it). Unless raw, control
 * characters become spaces: most values end up in Markdown, where they would
 * break lines; a command-line argument is kept exactly as it was given. */
static int jstring_as(jcur *c, tvp_buf *out, int raw) {
  if (jexpect(c, '"') != 0)
    return -1;
  tvp_buf tmp = {0};
  tvp_buf_append(&tmp, "", 0);
  while (c->p < c->end && *c->p != '"') {
    char ch = *c->p++;
    if (ch != '\\') {
      tvp_buf_append(&tmp, (unsigned char)ch < 0x20 && !raw ? " " : &ch, 1);
      continue;
    }
    if (c->p >= c->end)
      break;
    char e = *c->p++;
    switch (e) {
    case 'n': case 'r': case 't': case 'b': case 'f': {
      static const char from[] = "nrtbf", to[] = "\n\r\t\b\f";
      tvp_buf_append(&tmp, raw ? &to[strchr(from, e) - from] : " ", 1);
      break;
    }
    case 'u': {
      unsigned cp = 0;
      int i;
      for (i = 0; i < 4 && c->p < c->end; i++, c->p++) {
        char h = *c->p;
        cp = cp * 16 + (unsigned)(h >= '0' && h <= '9'   ? h - '0'
                                  : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                  : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                         : 0);
      }
      /* U+DC80 to U+DCFF is a byte that was no UTF-8 (base/json.h): the byte again,
       * so a resumed run finds the paths it was given. Other surrogate pairs
       * are not worth decoding for a report: mark them. */
      if (cp >= 0xDC80 && cp <= 0xDCFF) {
        char byte = (char)(cp - 0xDC00);
        tvp_buf_append(&tmp, &byte, 1);
      } else {
        utf8(&tmp, cp < 0x20 && !raw ? ' ' : (cp >= 0xD800 && cp < 0xE000) ? '?' : cp);
      }
      break;
    }
    default: tvp_buf_append(&tmp, &e, 1); break; /* \" \\ \/ */
    }
  }
  if (c->p >= c->end) {
    tvp_buf_free(&tmp);
    return -1;
  }
  c->p++;
  if (out)
    tvp_buf_append(out, tmp.data, tmp.len);
  tvp_buf_free(&tmp);
  return 0;
}

static int jstring(jcur *c, tvp_buf *out) { return jstring_as(c, out, 0); }

/* A number, true, false or null, as written. */
static int jscalar(jcur *c, tvp_buf *out) {
  jws(c);
  const char *s = c->p;
  while (c->p < c->end && !strchr(",}] \t\r\n", *c->p))
    c->p++;
  if (c->p == s)
    return -1;
  if (out)
    tvp_buf_append(out, s, (size_t)(c->p - s));
  return 0;
}

static int jskip(jcur *c, int depth) {
  int ch = jpeek(c);
  if (depth > 32)
    return -1;
  if (ch == '"')
    return jstring(c, NULL);
  if (ch == '[' || ch == '{') {
    char close = ch == '[' ? ']' : '}';
    c->p++;
    if (jpeek(c) == close) {
      c->p++;
      return 0;
    }
    for (;;) {
      if (ch == '{' && (jstring(c, NULL) != 0 || jexpect(c, ':') != 0))
        return -1;
      if (jskip(c, depth + 1) != 0)
        return -1;
      if (jpeek(c) == ',') {
        c->p++;
        continue;
      }
      return jexpect(c, close);
    }
  }
  return jscalar(c, NULL);
}

/* The '[' of an array: -1 malformed, 0 empty (its ']' read too), 1 items follow. */
static int jarray_open(jcur *c) {
  if (jexpect(c, '[') != 0)
    return -1;
  if (jpeek(c) == ']') {
    c->p++;
    return 0;
  }
  return 1;
}

/* The command_line array: each argument exactly into m->argv, and the whole
 * line shell-quoted, on one line, into out. */
static int jcommand(jcur *c, tvp_meta_doc *m, tvp_buf *out) {
  int items = jarray_open(c);
  if (items <= 0)
    return items;
  for (int first = 1;; first = 0) {
    tvp_buf arg = {0};
    tvp_buf_append(&arg, "", 0);
    if (jstring_as(c, &arg, 1) != 0) {
      tvp_buf_free(&arg);
      return -1;
    }
    if (!first)
      tvp_buf_append(out, " ", 1);
    m->argv = tvp_xrealloc(m->argv, ((size_t)m->argc + 2) * sizeof *m->argv);
    m->argv[m->argc++] = tvp_xstrdup(arg.data);
    m->argv[m->argc] = NULL;
    tvp_buf_shell_word(out, arg.data);
    tvp_buf_free(&arg);
    if (jpeek(c) == ',') {
      c->p++;
      continue;
    }
    return jexpect(c, ']');
  }
}

/* One cache object: {"type": "L2", "level": 2, "size_bytes": N, "line_bytes": N, "count": N}. */
static int jcache(jcur *c, tvp_buf *out) {
  if (jexpect(c, '{') != 0)
    return -1;
  tvp_buf type = {0}, size = {0}, count = {0};
  int rc = 0;
  if (jpeek(c) != '}') {
    for (;;) {
      tvp_buf k = {0};
      tvp_buf_append(&k, "", 0);
      if (jstring(c, &k) != 0 || jexpect(c, ':') != 0) {
        tvp_buf_free(&k);
        rc = -1;
        break;
      }
      tvp_buf *into = strcmp(k.data, "type") == 0         ? &type
                      : strcmp(k.data, "size_bytes") == 0 ? &size
                      : strcmp(k.data, "count") == 0      ? &count
                                                          : NULL;
      tvp_buf_free(&k);
      if ((into == &type ? jstring(c, into) : into ? jscalar(c, into) : jskip(c, 1)) != 0) {
        rc = -1;
        break;
      }
      if (jpeek(c) == ',') {
        c->p++;
        continue;
      }
      break;
    }
  }
  if (rc == 0)
    rc = jexpect(c, '}');
  if (rc == 0) {
    char sz[64] = "?";
    if (size.data)
      tvp_format_size(sz, sizeof sz, strtod(size.data, NULL));
    tvp_buf_printf(out, "%s%s %s", out->len ? ", " : "", type.data ? type.data : "cache", sz);
    if (count.data)
      tvp_buf_printf(out, " x%s", count.data);
  }
  tvp_buf_free(&type);
  tvp_buf_free(&size);
  tvp_buf_free(&count);
  return rc;
}

static int jcaches(jcur *c, tvp_buf *out) {
  int items = jarray_open(c);
  if (items <= 0)
    return items;
  for (;;) {
    if (jcache(c, out) != 0)
      return -1;
    if (jpeek(c) == ',') {
      c->p++;
      continue;
    }
    return jexpect(c, ']');
  }
}

static void add_kv(tvp_meta_doc *m, const char *key, const char *value) {
  m->kv = tvp_xrealloc(m->kv, (m->n + 1) * sizeof *m->kv);
  m->kv[m->n].key = tvp_xstrdup(key);
  m->kv[m->n].value = value ? tvp_xstrdup(value) : NULL;
  m->n++;
}

/* An array of strings and scalars, joined by ", " into out ("0.5, 0.6"); a
 * nested array or object in it is skipped. */
static int jarray_joined(jcur *c, tvp_buf *out, int depth) {
  int items = jarray_open(c);
  if (items <= 0)
    return items;
  for (int first = 1;; first = 0) {
    int ch = jpeek(c);
    if (ch == '[' || ch == '{') {
      if (jskip(c, depth + 1) != 0)
        return -1;
    } else {
      if (!first)
        tvp_buf_append(out, ", ", 2);
      if ((ch == '"' ? jstring(c, out) : jscalar(c, out)) != 0)
        return -1;
    }
    if (jpeek(c) == ',') {
      c->p++;
      continue;
    }
    return jexpect(c, ']');
  }
}

static int jobject_flat(jcur *c, tvp_meta_doc *m, const char *prefix, int depth);

/* One member of a nested object, as the key name: see tvp_meta_read. */
static int jmember_flat(jcur *c, tvp_meta_doc *m, const char *name, int depth) {
  int ch = jpeek(c);
  if (ch == '{')
    return jobject_flat(c, m, name, depth + 1);
  tvp_buf v = {0};
  tvp_buf_append(&v, "", 0);
  int rc = ch == '[' ? jarray_joined(c, &v, depth) : ch == '"' ? jstring(c, &v) : jscalar(c, &v);
  if (rc == 0)
    add_kv(m, name, ch != '"' && strcmp(v.data, "null") == 0 ? NULL : v.data);
  tvp_buf_free(&v);
  return rc;
}

/* An object whose members become keys "prefix.member" (and so on, deeper). */
static int jobject_flat(jcur *c, tvp_meta_doc *m, const char *prefix, int depth) {
  if (depth > 8 || jexpect(c, '{') != 0)
    return -1;
  if (jpeek(c) == '}') {
    c->p++;
    return 0;
  }
  for (;;) {
    tvp_buf k = {0}, name = {0};
    tvp_buf_append(&k, "", 0);
    int rc = jstring(c, &k) == 0 && jexpect(c, ':') == 0 ? 0 : -1;
    if (rc == 0) {
      tvp_buf_printf(&name, "%s.%s", prefix, k.data);
      rc = jmember_flat(c, m, name.data, depth);
    }
    tvp_buf_free(&k);
    tvp_buf_free(&name);
    if (rc != 0)
      return -1;
    if (jpeek(c) == ',') {
      c->p++;
      continue;
    }
    return jexpect(c, '}');
  }
}

static void kv_add(tvp_meta_kv **kv, size_t *n, const char *key, const char *value) {
  *kv = tvp_xrealloc(*kv, (*n + 1) * sizeof **kv);
  (*kv)[*n].key = tvp_xstrdup(key);
  (*kv)[*n].value = tvp_xstrdup(value);
  (*n)++;
}

static void kv_free(tvp_meta_kv *kv, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(kv[i].key);
    free(kv[i].value);
  }
  free(kv);
}

/* One object whose members are strings or numbers, appended to *objs. */
static int jflat_object(jcur *c, tvp_meta_obj **objs, size_t *n) {
  if (jexpect(c, '{') != 0)
    return -1;
  *objs = tvp_xrealloc(*objs, (*n + 1) * sizeof **objs);
  tvp_meta_obj *o = &(*objs)[(*n)++];
  *o = (tvp_meta_obj){0};
  if (jpeek(c) == '}') {
    c->p++;
    return 0;
  }
  for (;;) {
    tvp_buf k = {0}, v = {0};
    tvp_buf_append(&k, "", 0);
    tvp_buf_append(&v, "", 0);
    int nested = 0, rc = jstring(c, &k) != 0 || jexpect(c, ':') != 0 ? -1 : 0;
    if (rc == 0 && (jpeek(c) == '[' || jpeek(c) == '{')) { /* not ours to read: skipped */
      rc = jskip(c, 2);
      nested = 1;
    } else if (rc == 0) {
      rc = jpeek(c) == '"' ? jstring(c, &v) : jscalar(c, &v);
    }
    if (rc == 0 && !nested)
      kv_add(&o->kv, &o->n, k.data, v.data);
    tvp_buf_free(&k);
    tvp_buf_free(&v);
    if (rc != 0)
      return -1;
    if (jpeek(c) != ',')
      return jexpect(c, '}');
    c->p++;
  }
}

static int jflat_objects(jcur *c, tvp_meta_obj **objs, size_t *n) {
  int items = jarray_open(c);
  if (items <= 0)
    return items;
  for (;;) {
    if (jflat_object(c, objs, n) != 0)
      return -1;
    if (jpeek(c) != ',')
      return jexpect(c, ']');
    c->p++;
  }
}

void tvp_meta_doc_free(tvp_meta_doc *m) {
  for (size_t i = 0; i < m->nsizes; i++)
    kv_free(m->sizes[i].kv, m->sizes[i].n);
  free(m->sizes);
  for (size_t i = 0; i < m->ncaches; i++)
    kv_free(m->cache_list[i].kv, m->cache_list[i].n);
  free(m->cache_list);
  for (size_t i = 0; i < m->n; i++) {
    free(m->kv[i].key);
    free(m->kv[i].value);
  }
  free(m->kv);
  free(m->command);
  free(m->caches);
  for (int i = 0; i < m->argc; i++)
    free(m->argv[i]);
  free(m->argv);
  *m = (tvp_meta_doc){0};
}

int tvp_meta_read(const char *path, tvp_meta_doc *m, tvp_buf *err) {
  *m = (tvp_meta_doc){0};
  FILE *f = fopen(path, "r");
  if (!f) {
    tvp_buf_printf(err, "cannot open %s: %s", path, strerror(errno));
    return -1;
  }
  tvp_buf text = {0};
  tvp_buf_append(&text, "", 0); /* never NULL, even for an empty file */
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && text.len < (4u << 20))
    tvp_buf_append(&text, chunk, got);
  fclose(f);
  jcur c = {text.data, text.data + text.len};
  int rc = jexpect(&c, '{') == 0 ? 0 : -1;
  if (rc == 0 && jpeek(&c) == '}')
    c.p++;
  else
    while (rc == 0) {
      tvp_buf k = {0}, v = {0};
      tvp_buf_append(&k, "", 0);
      tvp_buf_append(&v, "", 0);
      if (jstring(&c, &k) != 0 || jexpect(&c, ':') != 0) {
        rc = -1;
      } else if (strcmp(k.data, "command_line") == 0 && jpeek(&c) == '[' && !m->command) {
        rc = jcommand(&c, m, &v);
        if (rc == 0)
          m->command = tvp_xstrdup(v.data);
      } else if (strcmp(k.data, "caches") == 0 && jpeek(&c) == '[') {
        tvp_buf_free(&v);
        jcur objs = c; /* read twice: as objects, and as words for a person */
        if (!m->caches)
          (void)jflat_objects(&objs, &m->cache_list, &m->ncaches); /* a bad one fails jcaches below */
        rc = jcaches(&c, &v);
        if (rc == 0 && !m->caches)
          m->caches = tvp_xstrdup(v.data ? v.data : "");
      } else if (strcmp(k.data, "min_time_sizes") == 0 && jpeek(&c) == '[' && !m->sizes) {
        rc = jflat_objects(&c, &m->sizes, &m->nsizes);
      } else if (jpeek(&c) == '"' || (jpeek(&c) != '[' && jpeek(&c) != '{')) {
        rc = jpeek(&c) == '"' ? jstring(&c, &v) : jscalar(&c, &v);
        if (rc == 0)
          add_kv(m, k.data, v.data);
      } else if (jpeek(&c) == '{') {
        rc = jobject_flat(&c, m, k.data, 1);
      } else {
        rc = jskip(&c, 1);
      }
      tvp_buf_free(&k);
      tvp_buf_free(&v);
      if (rc != 0)
        break;
      int ch = jpeek(&c);
      if (ch == ',') {
        c.p++;
      } else {
        rc = ch == '}' ? 0 : -1;
        break;
      }
    }
  if (rc != 0)
    tvp_buf_printf(err, "%s is not valid JSON near byte %ld", path, (long)(c.p - text.data));
  tvp_buf_free(&text);
  return rc;
}

const char *tvp_meta_obj_get(const tvp_meta_obj *o, const char *key) {
  for (size_t i = 0; i < o->n; i++)
    if (strcmp(o->kv[i].key, key) == 0)
      return o->kv[i].value;
  return NULL;
}

const char *tvp_meta_get(const tvp_meta_doc *m, const char *key) {
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->kv[i].key, key) == 0)
      return m->kv[i].value;
  return NULL;
}
