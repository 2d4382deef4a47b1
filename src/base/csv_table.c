/* Reads a CSV file whole (see csv_table.h). Files are a run's own, so they are
 * small enough to hold in memory. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/csv.h"
#include "base/csv_table.h"
#include "base/util.h"

#define MAX_FIELDS 256

/* The most a CSV of a run may hold: 100,000 configurations (a plan's limit) of
 * many repetitions each fit with room to spare, and a file that is a link to
 * /dev/zero, or one that never stops growing, does not take all memory. */
#define MAX_CSV_BYTES (256L << 20)

static char *slurp(const char *path, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0) {
    snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
    fclose(f);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    snprintf(err, errlen, "'%s' is not a regular file (a run writes its CSV files as files)", path);
    fclose(f);
    return NULL;
  }
  tvp_buf b = {0};
  char chunk[65536];
  size_t n;
  /* Read up to one byte past the limit, so a file over it is known as such. */
  while (st.st_size <= MAX_CSV_BYTES && b.len <= (size_t)MAX_CSV_BYTES && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    tvp_buf_append(&b, chunk, n);
  int bad = ferror(f);
  fclose(f);
  if (!bad && (b.len > (size_t)MAX_CSV_BYTES || st.st_size > MAX_CSV_BYTES)) {
    snprintf(err, errlen, "'%s' is larger than %ld MiB, more than a run writes", path,
             MAX_CSV_BYTES >> 20);
    tvp_buf_free(&b);
    return NULL;
  }
  if (bad) {
    snprintf(err, errlen, "cannot read '%s'", path);
    tvp_buf_free(&b);
    return NULL;
  }
  return b.data ? b.data : tvp_xstrdup("");
}

int tvp_csv_table_read(const char *path, tvp_csv_table *t, char *err, size_t errlen) {
  *t = (tvp_csv_table){0};
  char *text = slurp(path, err, errlen);
  if (!text)
    return -1;
  const char *p = text;
  char *fields[MAX_FIELDS];
  size_t cap = 0, line = 0;
  int rc = 0;
  while (*p) {
    line++;
    int n = tvp_csv_parse_record(&p, fields, MAX_FIELDS);
    if (n < 0) {
      snprintf(err, errlen, "%s: malformed CSV record at record %zu", path, line);
      rc = -1;
      break;
    }
    if (!t->cols) {
      t->cols = tvp_xcalloc((size_t)n, sizeof *t->cols);
      memcpy(t->cols, fields, (size_t)n * sizeof *fields);
      t->ncols = n;
      continue;
    }
    if (n != t->ncols) {
      snprintf(err, errlen, "%s: record %zu has %d fields, the header %d", path, line, n, t->ncols);
      for (int i = 0; i < n; i++)
        free(fields[i]);
      rc = -1;
      break;
    }
    if (t->nrows == cap) {
      cap = cap ? cap * 2 : 64;
      t->rows = tvp_xrealloc(t->rows, cap * sizeof *t->rows);
    }
    t->rows[t->nrows] = tvp_xcalloc((size_t)n, sizeof **t->rows);
    memcpy(t->rows[t->nrows++], fields, (size_t)n * sizeof *fields);
  }
  free(text);
  if (rc == 0 && !t->cols) {
    snprintf(err, errlen, "%s: empty file (no header row)", path);
    rc = -1;
  }
  if (rc != 0)
    tvp_csv_table_free(t);
  return rc;
}

void tvp_csv_table_free(tvp_csv_table *t) {
  for (size_t i = 0; i < t->nrows; i++) {
    for (int j = 0; j < t->ncols; j++)
      free(t->rows[i][j]);
    free(t->rows[i]);
  }
  for (int j = 0; j < t->ncols; j++)
    free(t->cols[j]);
  free(t->rows);
  free(t->cols);
  memset(t, 0, sizeof *t);
}

int tvp_csv_table_col(const tvp_csv_table *t, const char *name) {
  for (int j = 0; j < t->ncols; j++)
    if (strcmp(t->cols[j], name) == 0)
      return j;
  return -1;
}

const char *tvp_csv_table_get(const tvp_csv_table *t, size_t row, int col) {
  return col < 0 || row >= t->nrows ? "" : t->rows[row][col];
}

double tvp_csv_table_num(const tvp_csv_table *t, size_t row, int col) {
  const char *s = tvp_csv_table_get(t, row, col);
  if (!*s)
    return NAN;
  char *end;
  double v = strtod(s, &end);
  return *end ? NAN : v;
}
