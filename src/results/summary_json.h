/* summary.json: summary.csv as JSON, for tools that read JSON rather than CSV.
 * One object per row, keyed by summary.csv's own header (so the two files name
 * the same columns by construction), with meta.json inside. docs/csv.md is its
 * schema, tests/schemas/summary.schema.json its JSON Schema. */
#ifndef TVP_SUMMARY_JSON_H
#define TVP_SUMMARY_JSON_H

#include <stddef.h>

#include "base/csv_table.h"
#include "base/util.h"

/* 1 when summary.csv's column `name` holds text, which summary.json writes as
 * strings (checksum among them: 64 bits are more than a JSON number keeps);
 * 0 for the others, whose cells are numbers. */
int tvp_summary_column_is_text(const char *name);

/* Appends summary.json's text for summary.csv as read (t) and meta.json's text
 * (meta[0..meta_len), NULL for none): {"meta": ..., "columns": [...],
 * "configurations": [{COLUMN: VALUE, ...}, ...]}. An empty cell is null; a text
 * column's cell a string; another cell a number when it is one as JSON writes
 * numbers, else a string. A meta that is not one valid JSON value is null. */
void tvp_summary_json(const tvp_csv_table *t, const char *meta, size_t meta_len, tvp_buf *out);

/* Reads DIR/summary.csv and DIR/meta.json (missing: "meta": null) and writes
 * DIR/summary.json whole (base/fs.h). 0, or -1 with a one-line message naming
 * the file in err (and errno set when the write failed). */
int tvp_summary_json_write(const char *dir, tvp_buf *err);

#endif
