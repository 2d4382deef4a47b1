/* summary.json from summary.csv and meta.json (see summary_json.h). It is made
 * from the CSV file as written, not from the rows in memory, so that the two
 * files cannot disagree and an older run folder gets one too (tvp report). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/json.h"
#include "results/summary_json.h"

/* meta.json is a few KiB; a file past this is not tvp's. */
#define META_MAX_BYTES (4u << 20)

int tvp_summary_column_is_text(const char *name) {
  static const char *const text[] = {"kernel", "bound", "model", "placement", "scaling", "status",
                                     "reason", "throughput_unit", "verdict", "verdict_why",
                                     "implausible_reason", "checksum"};
  for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
    if (strcmp(name, text[i]) == 0)
      return 1;
  return 0;
}

/* One cell as a JSON value (see tvp_summary_json). */
static void cell(tvp_buf *out, const char *v, int text) {
  if (!*v)
    tvp_buf_printf(out, "null");
  else if (!text && tvp_json_is_number(v))
    tvp_buf_printf(out, "%s", v);
  else
    tvp_json_str(out, v);
}

/* meta.json's text, indented one level deeper to sit inside summary.json; null
 * when it is not valid JSON. A line break in valid JSON lies between tokens
 * (strings escape theirs), so indenting after each one changes no value. */
static void meta_value(tvp_buf *out, const char *meta, size_t len) {
  while (len && (meta[len - 1] == ' ' || meta[len - 1] == '\t' || meta[len - 1] == '\r' ||
                 meta[len - 1] == '\n'))
    len--;
  if (!meta || !len || !tvp_json_valid(meta, len)) {
    tvp_buf_printf(out, "null");
    return;
  }
  for (size_t i = 0; i < len; i++)
    tvp_buf_append(out, meta[i] == '\n' ? "\n  " : &meta[i], meta[i] == '\n' ? 3 : 1);
}

void tvp_summary_json(const tvp_csv_table *t, const char *meta, size_t meta_len, tvp_buf *out) {
  int *text = tvp_xcalloc((size_t)t->ncols + 1, sizeof *text);
  tvp_buf_printf(out, "{\n  \"meta\": ");
  meta_value(out, meta, meta ? meta_len : 0);
  tvp_buf_printf(out, ",\n  \"columns\": [");
  for (int c = 0; c < t->ncols; c++) {
    text[c] = tvp_summary_column_is_text(t->cols[c]);
    tvp_buf_printf(out, "%s", c ? ", " : "");
    tvp_json_str(out, t->cols[c]);
  }
  tvp_buf_printf(out, "],\n  \"configurations\": [");
  for (size_t r = 0; r < t->nrows; r++) {
    tvp_buf_printf(out, "%s\n    {", r ? "," : "");
    for (int c = 0; c < t->ncols; c++) {
      tvp_buf_printf(out, "%s", c ? ", " : "");
      tvp_json_str(out, t->cols[c]);
      tvp_buf_printf(out, ": ");
      cell(out, t->rows[r][c], text[c]);
    }
    tvp_buf_printf(out, "}");
  }
  tvp_buf_printf(out, "%s]\n}\n", t->nrows ? "\n  " : "");
  free(text);
}

int tvp_summary_json_write(const char *dir, tvp_buf *err) {
  char *csv = tvp_path_in(dir, "summary.csv"), *meta_path = tvp_path_in(dir, "meta.json"),
       *path = tvp_path_in(dir, "summary.json");
  tvp_csv_table t;
  char cerr[1024];
  int rc = tvp_csv_table_read(csv, &t, cerr, sizeof cerr);
  if (rc != 0) {
    tvp_buf_printf(err, "%s", cerr);
  } else {
    tvp_buf out = {0};
    size_t meta_len = 0; /* no meta.json, or one unreadable or too long: "meta": null */
    char *meta = (char *)tvp_fs_read_whole(meta_path, META_MAX_BYTES, &meta_len);
    tvp_summary_json(&t, meta, meta_len, &out);
    rc = tvp_fs_write_whole(path, out.data, out.len);
    if (rc != 0) {
      int e = errno;
      tvp_buf_printf(err, "cannot write %s: %s", path, strerror(e));
      errno = e;
    }
    free(meta);
    tvp_buf_free(&out);
    tvp_csv_table_free(&t);
  }
  free(csv);
  free(meta_path);
  free(path);
  return rc;
}
