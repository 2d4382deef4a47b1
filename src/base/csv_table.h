/* A whole CSV file in memory, with columns found by name: how `tvp plot`,
 * `report` and `compare` read the files a run wrote. */
#ifndef TVP_CSV_TABLE_H
#define TVP_CSV_TABLE_H

#include <stddef.h>

typedef struct {
  char **cols;   /* header names */
  int ncols;
  char ***rows;  /* rows[i][j]: every row has ncols fields */
  size_t nrows;
} tvp_csv_table;

/* Reads path. Returns 0, or -1 with a one-line message in err (unreadable file,
 * malformed record, a row whose field count differs from the header's). */
int tvp_csv_table_read(const char *path, tvp_csv_table *t, char *err, size_t errlen);
void tvp_csv_table_free(tvp_csv_table *t);

/* Index of the column called name, or -1. */
int tvp_csv_table_col(const tvp_csv_table *t, const char *name);
/* The field, or "" when col < 0. */
const char *tvp_csv_table_get(const tvp_csv_table *t, size_t row, int col);
/* The field as a number; NaN when empty, absent or not a number. */
double tvp_csv_table_num(const tvp_csv_table *t, size_t row, int col);

#endif
