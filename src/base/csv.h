/* RFC 4180 CSV rows, built in memory and written with one write() so a row is on
 * disk whole or not at all. Numbers are formatted in the C locale. */
#ifndef TVP_CSV_H
#define TVP_CSV_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *buf;
  size_t len, cap;
  int ncols;
} tvp_csv_row;

void tvp_csv_row_init(tvp_csv_row *r);
void tvp_csv_row_reset(tvp_csv_row *r); /* empty it, keep the memory */
void tvp_csv_row_free(tvp_csv_row *r);

/* Quotes the field if it holds a comma, a double quote, CR or LF (doubling quotes). */
void tvp_csv_str(tvp_csv_row *r, const char *s); /* NULL writes an empty field */
void tvp_csv_int(tvp_csv_row *r, int64_t v);
void tvp_csv_uint(tvp_csv_row *r, uint64_t v);
/* %.*g with `digits` significant digits; NaN or infinity writes an empty field. */
void tvp_csv_double(tvp_csv_row *r, double v, int digits);
void tvp_csv_empty(tvp_csv_row *r);

/* Appends "\n" and writes the row with a single write(2) (retrying a short write).
 * Returns 0, or -1 with errno set. The row is reset afterwards either way. */
int tvp_csv_row_write(int fd, tvp_csv_row *r);

/* Writes a header row from a NULL-terminated array of column names. */
int tvp_csv_write_header(int fd, const char *const *columns);

/* Parses one CSV record from *p (advancing it past the record and its line end)
 * into at most max fields, each a malloc'd string; returns the field count or -1
 * on malformed input (an unterminated quote, text after a closing quote, more
 * than max fields); on -1 nothing is left allocated and *p is not advanced.
 * An empty line is one empty field. Used by tests and `tvp` readers. */
int tvp_csv_parse_record(const char **p, char **fields, int max);

#endif
