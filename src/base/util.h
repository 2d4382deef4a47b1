/* Small helpers every part uses: error reporting, number parsing with suffixes,
 * the monotonic clock, growable strings. */
#ifndef TVP_UTIL_H
#define TVP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses: 2 is a usage error (bad flag, bad suite, bad topology),
 * 1 a failure while running, 130 an interrupted run. */
enum { TVP_EXIT_OK = 0, TVP_EXIT_FAIL = 1, TVP_EXIT_USAGE = 2, TVP_EXIT_INTERRUPTED = 130 };

/* Opens /dev/null on any of descriptors 0, 1 and 2 that is closed (a cron job's
 * >&- or 2>&-), so that no file tvp opens later takes one of them and then
 * receives what is printed. Every tvp program calls it first thing. */
void tvp_std_fds_open(void);

/* "tvp: " + message + newline on stderr. */
void tvp_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* tvp_err, then exit(status). */
_Noreturn void tvp_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void *tvp_xmalloc(size_t n);
void *tvp_xcalloc(size_t n, size_t size);
void *tvp_xrealloc(void *p, size_t n);
char *tvp_xstrdup(const char *s);

/* Nanoseconds from CLOCK_MONOTONIC. */
int64_t tvp_now_ns(void);
/* This boot of this machine (/proc/sys/kernel/random/boot_id), "" if unknown:
 * CLOCK_MONOTONIC stamps compare only within one boot of one machine. */
void tvp_boot_id(char *out, size_t len);
/* Sleep for ns nanoseconds, resuming after signals. */
void tvp_sleep_ns(int64_t ns);

/* Parses a non-negative integer with an optional k/M/G/T (x1000) or Ki/Mi/Gi/Ti
 * (x1024) suffix. Returns 0 on success, -1 if malformed or out of range. */
int tvp_parse_count(const char *s, uint64_t *out);
/* Parses a non-negative decimal number of seconds ("0.5", "30", "2s", "500ms",
 * "250us", "2min"). Returns 0 on success, -1 if malformed or not finite. */
int tvp_parse_seconds(const char *s, double *out);

/* Splits s on commas into trimmed items; returns the count, *items owns a copy.
 * Empty items are kept as "" for the caller to reject ("" gives one of them). */
size_t tvp_split_list(const char *s, char ***items);
void tvp_free_list(char **items, size_t n);
/* Trims ASCII whitespace in place, returns s advanced past leading blanks. */
char *tvp_trim(char *s);
/* Makes s one line, in place: every run of blanks, tabs and line breaks
 * becomes one space, other control characters are dropped, and the ends are
 * trimmed. A failure reason is one line in a CSV field, a progress line and a
 * log, whatever wrote it (a launcher's message with its dashed rules). */
void tvp_one_line(char *s);
/* Copies src into dst (len bytes, always terminated) with every control
 * character written as \xNN, so that text quoted to a terminal cannot move its
 * cursor or clear it; cut short when dst is full. Returns the length written. */
size_t tvp_visible(char *dst, size_t len, const char *src);

/* A growable string buffer. */
typedef struct {
  char *data;
  size_t len, cap;
} tvp_buf;
void tvp_buf_printf(tvp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tvp_buf_append(tvp_buf *b, const char *s, size_t n);
void tvp_buf_free(tvp_buf *b);
/* Appends s as a shell would need it typed: as is when every character is
 * plain, else in '...' quotes, or in bash's $'...' form when it holds a
 * control character (a newline or a tab in a path), so that the line stays one
 * line and still gives the word exactly. */
void tvp_buf_shell_word(tvp_buf *b, const char *s);
/* Appends s as Markdown text: its marks ('|', '*', '_', '`', ...) escaped, and
 * every control character written as \xNN, so that a name or reason read from
 * a file can neither format the page nor start a line (a heading) of its own. */
void tvp_buf_md_text(tvp_buf *b, const char *s);
/* "48 KiB", "1 MiB", "23.5 GiB": a byte count rounded for a person to read
 * (tvp_format_bytes in topology.h is exact instead). */
void tvp_format_size(char *s, size_t len, double v);

/* "123.4 k": a throughput with an SI prefix (k, M, G, T, P, after a space) and 4
 * significant digits; "-" for NaN or an infinity. */
void tvp_format_si(char *s, size_t len, double v);

/* "1.32", "0.043", "0.0043": a ratio with 2 decimals, or 2 significant digits
 * below 0.1 so that a small ratio keeps its figures and never reads 0.00; "-"
 * for NaN or an infinity. */
void tvp_format_ratio(char *s, size_t len, double v);

/* qsort's comparison for doubles, ascending (NaN is the caller's to keep out). */
int tvp_cmp_double(const void *a, const void *b);

/* The distinct values in order of first appearance: adds *item (size bytes) to
 * set[0..*n) unless same() says one there equals it (same NULL: equal bytes);
 * set has room for one more. Returns the index of the item's equal in set. */
size_t tvp_distinct_add(void *set, size_t *n, size_t size, const void *item,
                        int (*same)(const void *a, const void *b));
/* "a, b, c": the n names that name_at gives, joined by ", " into buf (cut to
 * len), as error messages list what a registry knows. */
void tvp_join_names(char *buf, size_t len, size_t n, const char *(*name_at)(size_t i));
/* tvp_distinct_add for strings: equal texts are the same value. */
size_t tvp_distinct_text(const char **set, size_t *n, const char *s);

/* mkdir -p: creates dir and its missing parents; 0, or -1 with errno set. */
int tvp_mkdir_p(const char *dir);

/* Writes all of buf to fd, retrying short writes; 0 or -1 with errno set. */
int tvp_write_all(int fd, const void *buf, size_t n);

#endif
