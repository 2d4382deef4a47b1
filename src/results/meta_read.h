/* Reading a run's meta.json back: for `tvp report`, which shows the machine and
 * the command, and for `tvp run --resume`, which runs the same command again. */
#ifndef TVP_META_READ_H
#define TVP_META_READ_H

#include <stddef.h>

#include "base/util.h"

/* A top-level string or number, as written. A member of a nested object is
 * named by its path, "environment.thp_enabled", "environment.mitigations.l1tf";
 * its value is NULL when it is null, and an array of strings or numbers in it
 * is its items joined by ", ". */
typedef struct {
  char *key, *value;
} tvp_meta_kv;

/* An object of strings and numbers inside an array, as min_time_sizes holds. */
typedef struct {
  tvp_meta_kv *kv;
  size_t n;
} tvp_meta_obj;

typedef struct {
  tvp_meta_kv *kv;
  size_t n;
  tvp_meta_obj *sizes; /* min_time_sizes: one object per group of sizes --min-time chose */
  size_t nsizes;
  int argc;      /* command_line, each argument exactly as it was typed */
  char **argv;   /* NULL-terminated; NULL when absent */
  char *command; /* the command line, shell-quoted; NULL if absent */
  char *caches;  /* "L1d 48 KiB x2, ..."; NULL if absent */
  tvp_meta_obj *cache_list; /* caches, one object per level: type, level, size_bytes, line_bytes, count */
  size_t ncaches;
} tvp_meta_doc;

/* Reads path into *m. Returns 0; -1 with err when the file is missing or
 * malformed, and then *m holds the keys read before the problem. Control
 * characters in values become spaces (they end up in Markdown), except in argv. */
int tvp_meta_read(const char *path, tvp_meta_doc *m, tvp_buf *err);
void tvp_meta_doc_free(tvp_meta_doc *m);
/* The value of a key, or NULL (also for a nested member that is null). */
const char *tvp_meta_get(const tvp_meta_doc *m, const char *key);
/* The value of a member of o, or NULL. */
const char *tvp_meta_obj_get(const tvp_meta_obj *o, const char *key);

#endif
