/* JSON text as tvp writes it (meta.json, summary.json, the gbench export): any
 * bytes become a valid JSON string, and a whole text can be checked before it
 * is put inside another. */
#ifndef TVP_JSON_H
#define TVP_JSON_H

#include <stddef.h>

#include "base/util.h"

/* Appends s (NULL: "") as a JSON string, quotes included: '"' and '\' escaped,
 * control characters as \u00XX, valid UTF-8 as it is, and a byte that starts no
 * UTF-8 sequence as the lone surrogate \uDC00 + byte (Python's surrogateescape),
 * which results/meta_read.c turns back into the byte. */
void tvp_json_str(tvp_buf *b, const char *s);

/* Appends v as a JSON number with 17 significant digits, so that it reads back
 * as the same double; null when it is NaN or an infinity, which JSON lacks. */
void tvp_json_double(tvp_buf *b, double v);

/* 1 when s is a number exactly as JSON writes one ("-0.5", "3.5e-05", "12"),
 * 0 for anything else ("inf", ".5", "01", "+1", "1.", ""). */
int tvp_json_is_number(const char *s);

/* 1 when s[0..len) is one JSON value (RFC 8259: UTF-8, strings without raw
 * control characters, nesting at most 64 deep) with only white space around it. */
int tvp_json_valid(const char *s, size_t len);

#endif
