/* report.html's blocks: report.md read line by line as the Markdown subset tvp
 * writes (ATX headings, paragraphs, pipe tables, bullet and numbered lists,
 * fenced code, block quotes, rules) and written as HTML. Level-2 headings
 * open the page's sections: the first (the summary) shows as it is, each
 * later one folds (<details>), which needs no script; where a table or a chart
 * comes before any of them (a summary under the title), every one folds.
 * Charts that follow each other share a grid. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "report/html_parts.h"

/* The page being written. */
typedef struct {
  tvp_buf *b;
  const char *dir;
  char **line; /* report.md's lines, NUL-terminated */
  size_t n, i; /* their count; the next to read */
  int h2;      /* level-2 headings so far */
  int open;    /* 0: no section open, 1: a <section>, 2: a <details> */
  int charts;  /* a grid of charts is open */
  int lead;    /* a table or a chart came before the first level-2 heading */
  tvp_buf *title;
  char **ids; /* the ids given so far, each once */
  size_t nids;
} doc;

static size_t indent_of(const char *s) { return strspn(s, " "); }
static int blank(const char *s) { return s[strspn(s, " \t")] == '\0'; }

/* "```" or "~~~" (or longer), after at most 3 spaces: its mark and length. */
static int fence(const char *s, char *mark, size_t *len) {
  size_t in = indent_of(s);
  if (in > 3 || (s[in] != '`' && s[in] != '~'))
    return 0;
  *mark = s[in];
  *len = strspn(s + in, s[in] == '`' ? "`" : "~");
  return *len >= 3;
}

/* "## text": the level, and the text after the marks. */
static int heading(const char *s, int *level, const char **text) {
  size_t in = indent_of(s);
  if (in > 3)
    return 0;
  size_t k = strspn(s + in, "#");
  if (k < 1 || k > 6 || (s[in + k] != ' ' && s[in + k] != '\0'))
    return 0;
  *level = (int)k;
  *text = s + in + k + strspn(s + in + k, " ");
  return 1;
}

/* "---", "***" or "___", spaces allowed between. */
static int rule(const char *s) {
  size_t in = indent_of(s), k = 0;
  if (in > 3 || !strchr("-*_", s[in]) || !s[in])
    return 0;
  for (const char *p = s + in; *p; p++) {
    if (*p == s[in])
      k++;
    else if (*p != ' ')
      return 0;
  }
  return k >= 3;
}

/* A list item: its indent, whether it is numbered, where its text starts. */
typedef struct {
  size_t indent;
  int ordered;
  const char *text;
} item;

static int list_item(const char *s, item *it) {
  size_t in = indent_of(s), k = 0;
  if (strchr("-*+", s[in]) && s[in])
    k = 1;
  else
    while (k < 9 && isdigit((unsigned char)s[in + k]))
      k++;
  if (k == 0 || (k > 1 && !isdigit((unsigned char)s[in])))
    return 0;
  int ordered = isdigit((unsigned char)s[in]) != 0;
  if (ordered && s[in + k] != '.' && s[in + k] != ')')
    return 0;
  size_t mark = k + (size_t)ordered;
  if (s[in + mark] != ' ' || rule(s))
    return 0;
  *it = (item){.indent = in, .ordered = ordered, .text = s + in + mark + 1};
  return 1;
}

static int quote(const char *s) { return indent_of(s) <= 3 && s[indent_of(s)] == '>'; }

/* A table's delimiter row ("|---|--:|:-:|"): its columns' alignment, 'l', 'r'
 * or 'c', into align (room for max); their count, or 0 when it is not one. */
static size_t delimiter_row(const char *s, char *align, size_t max) {
  size_t n = 0;
  const char *p = s + indent_of(s);
  if (*p != '|')
    return 0;
  p++;
  while (*p) {
    p += strspn(p, " ");
    if (!*p)
      break;
    int left = *p == ':';
    p += left;
    size_t dashes = strspn(p, "-");
    p += dashes;
    int right = *p == ':';
    p += right;
    p += strspn(p, " ");
    if (dashes == 0 || (*p != '|' && *p))
      return 0;
    if (n < max)
      align[n] = left && right ? 'c' : right ? 'r' : 'l';
    n++;
    p += *p == '|';
  }
  return n;
}

static int table_at(const doc *d, size_t i) {
  const char *s = d->line[i];
  return s[indent_of(s)] == '|' && i + 1 < d->n && delimiter_row(d->line[i + 1], NULL, 0) > 0;
}

static int starts_block(const doc *d, size_t i) {
  const char *s = d->line[i];
  char mark;
  size_t len;
  int level;
  const char *text;
  item it;
  return fence(s, &mark, &len) || heading(s, &level, &text) || rule(s) || list_item(s, &it) ||
         quote(s) || table_at(d, i);
}

/* ------------------------------------------------------------------------- */
/* Headings and sections. */

/* A heading's id as GitHub gives it, so that report.md's links work in both:
 * lower case, letters, digits, '-' and '_' kept, blanks as '-', the rest
 * dropped; a second use of one gets "-1", then "-2". */
static void heading_id(doc *d, const char *plain, tvp_buf *id) {
  tvp_buf_append(id, "", 0);
  for (const unsigned char *p = (const unsigned char *)plain; *p; p++) {
    if (*p == '&') { /* an escaped character: dropped whole */
      p += strcspn((const char *)p, ";");
      if (!*p)
        break;
    } else if (isalnum(*p) || *p == '-' || *p == '_' || *p >= 0x80) {
      char c = (char)tolower(*p);
      tvp_buf_append(id, &c, 1);
    } else if (*p == ' ') {
      tvp_buf_append(id, "-", 1);
    }
  }
  size_t base = id->len;
  for (int k = 1;; k++) {
    int taken = 0;
    for (size_t j = 0; j < d->nids && !taken; j++)
      taken = strcmp(d->ids[j], id->data) == 0;
    if (!taken)
      break;
    id->len = base;
    tvp_buf_printf(id, "-%d", k);
  }
  d->ids = tvp_xrealloc(d->ids, (d->nids + 1) * sizeof *d->ids);
  d->ids[d->nids++] = tvp_xstrdup(id->data);
}

static void close_section(doc *d) {
  if (d->open)
    tvp_buf_printf(d->b, d->open == 1 ? "</section>\n" : "</details>\n");
  d->open = 0;
}

static void heading_block(doc *d, int level, const char *text) {
  tvp_buf plain = {0}, id = {0};
  tvp_html_inline(&plain, text, strlen(text), NULL, 1);
  heading_id(d, plain.data, &id);
  if (level == 1 && d->title->len == 0)
    tvp_buf_printf(d->title, "%s", plain.data);
  if (level <= 2)
    close_section(d);
  if (level == 2 && d->h2++ == 0 && !d->lead) {
    tvp_buf_printf(d->b, "<section class=\"first\">\n");
    d->open = 1;
  } else if (level == 2) {
    tvp_buf_printf(d->b, "<details class=\"part\">\n<summary>");
    d->open = 2;
  }
  tvp_buf_printf(d->b, "<h%d id=\"%s\">", level, id.data);
  tvp_html_inline(d->b, text, strlen(text), d->dir, 0);
  tvp_buf_printf(d->b, "</h%d>%s\n", level, d->open == 2 && level == 2 ? "</summary>" : "");
  tvp_buf_free(&plain);
  tvp_buf_free(&id);
}

/* ------------------------------------------------------------------------- */
/* Tables. */

/* The cells of a table row, trimmed, "\|" made '|' (so a cell may hold one),
 * malloc'd; their count in *n. */
static char **row_cells(const char *s, size_t *n) {
  char **cell = NULL;
  *n = 0;
  const char *p = s + indent_of(s) + 1; /* past the leading '|' */
  while (*p && !blank(p)) {
    tvp_buf c = {0};
    tvp_buf_append(&c, "", 0);
    for (; *p && *p != '|'; p++) {
      if (*p == '\\' && p[1] == '|') {
        p++;
      } else if (*p == '\\' && p[1]) {
        tvp_buf_append(&c, p++, 1); /* the escape and what it escapes, kept for the inline pass */
      }
      tvp_buf_append(&c, p, 1);
    }
    p += *p == '|';
    cell = tvp_xrealloc(cell, (*n + 1) * sizeof *cell);
    cell[(*n)++] = tvp_xstrdup(tvp_trim(c.data));
    tvp_buf_free(&c);
  }
  return cell;
}

static void free_cells(char **cell, size_t n) {
  for (size_t k = 0; k < n; k++)
    free(cell[k]);
  free(cell);
}

/* The verdict a cell states as its first or last word ("1.58 [1.50, 1.66]
 * faster", "?"), as a class that tints the cell; the word stays, so the
 * colour only repeats what the cell says. NULL for any other cell. */
static const char *verdict_class(const char *cell) {
  static const char *const word[] = {"faster", "slower", "same", "?"};
  static const char *const cls[] = {"v-faster", "v-slower", "v-same", "v-inconclusive"};
  size_t first = strcspn(cell, " ");
  const char *last = strrchr(cell, ' ');
  last = last ? last + 1 : cell;
  for (size_t k = 0; k < sizeof word / sizeof word[0]; k++)
    if (strcmp(last, word[k]) == 0 || (first == strlen(word[k]) && strncmp(cell, word[k], first) == 0))
      return cls[k];
  return NULL;
}

static void table_row(doc *d, char **cell, size_t ncell, const char *align, size_t ncols, int head) {
  tvp_buf_printf(d->b, "<tr>");
  for (size_t k = 0; k < ncols; k++) {
    const char *text = k < ncell ? cell[k] : "";
    const char *v = head ? NULL : verdict_class(text);
    tvp_buf_printf(d->b, "<%s", head ? "th" : "td");
    if (align[k] != 'l' || v)
      tvp_buf_printf(d->b, " class=\"%s%s%s\"", align[k] == 'r' ? "r" : align[k] == 'c' ? "c" : "",
                     align[k] != 'l' && v ? " " : "", v ? v : "");
    tvp_buf_printf(d->b, ">");
    tvp_html_inline(d->b, text, strlen(text), d->dir, 0);
    tvp_buf_printf(d->b, "</%s>", head ? "th" : "td");
  }
  tvp_buf_printf(d->b, "</tr>\n");
}

/* A header row with no text (tvp's two-column tables of facts) is left out; a
 * table with a header sorts by a click on it (the page's script). */
static void table_block(doc *d) {
  size_t ncols = delimiter_row(d->line[d->i + 1], NULL, 0);
  d->lead |= d->h2 == 0;
  char *align = tvp_xcalloc(ncols + 1, 1);
  delimiter_row(d->line[d->i + 1], align, ncols);
  size_t nh;
  char **head = row_cells(d->line[d->i], &nh);
  int named = 0;
  for (size_t k = 0; k < nh; k++)
    named |= *head[k] != '\0';
  tvp_buf_printf(d->b, "<div class=\"table\"><table%s>\n", named ? " class=\"sortable\"" : "");
  if (named) {
    tvp_buf_printf(d->b, "<thead>");
    table_row(d, head, nh, align, ncols, 1);
    tvp_buf_printf(d->b, "</thead>\n");
  }
  free_cells(head, nh);
  tvp_buf_printf(d->b, "<tbody>\n");
  for (d->i += 2; d->i < d->n && d->line[d->i][indent_of(d->line[d->i])] == '|'; d->i++) {
    size_t nc;
    char **cell = row_cells(d->line[d->i], &nc);
    table_row(d, cell, nc, align, ncols, 0);
    free_cells(cell, nc);
  }
  tvp_buf_printf(d->b, "</tbody>\n</table></div>\n");
  free(align);
}

/* ------------------------------------------------------------------------- */
/* Lists, code, quotes, paragraphs. */

/* The list whose first item is the current line, with the lists nested in its
 * items (deeper indents); a blank line between items of it does not end it. */
static void list_block(doc *d) {
  item first, it;
  if (!list_item(d->line[d->i], &first))
    return; /* not reached: the caller saw an item */
  tvp_buf_printf(d->b, first.ordered ? "<ol>\n" : "<ul>\n");
  while (d->i < d->n && list_item(d->line[d->i], &it) && it.indent == first.indent &&
         it.ordered == first.ordered) {
    tvp_buf text = {0};
    tvp_buf_printf(&text, "%s", it.text);
    for (d->i++; d->i < d->n && !blank(d->line[d->i]) && !starts_block(d, d->i); d->i++)
      tvp_buf_printf(&text, "\n%s", d->line[d->i] + indent_of(d->line[d->i]));
    tvp_buf_printf(d->b, "<li>");
    tvp_html_inline(d->b, text.data, text.len, d->dir, 0);
    tvp_buf_free(&text);
    item sub;
    while (d->i < d->n && list_item(d->line[d->i], &sub) && sub.indent > first.indent)
      list_block(d);
    tvp_buf_printf(d->b, "</li>\n");
    size_t next = d->i;
    while (next < d->n && blank(d->line[next]))
      next++;
    if (next < d->n && list_item(d->line[next], &sub) && sub.indent == first.indent)
      d->i = next;
  }
  tvp_buf_printf(d->b, first.ordered ? "</ol>\n" : "</ul>\n");
}

/* Fenced code, as it is, to the closing fence (or the end). */
static void code_block(doc *d) {
  char mark = '`', m2 = 0;
  size_t len = 3, l2 = 0;
  fence(d->line[d->i], &mark, &len);
  tvp_buf_printf(d->b, "<pre><code>");
  for (d->i++; d->i < d->n; d->i++) {
    const char *s = d->line[d->i];
    if (fence(s, &m2, &l2) && m2 == mark && l2 >= len && blank(s + indent_of(s) + l2)) {
      d->i++;
      break;
    }
    tvp_html_escape(d->b, s, strlen(s));
    tvp_buf_printf(d->b, "\n");
  }
  tvp_buf_printf(d->b, "</code></pre>\n");
}

static void quote_block(doc *d) {
  tvp_buf text = {0};
  tvp_buf_append(&text, "", 0);
  for (; d->i < d->n && quote(d->line[d->i]); d->i++) {
    const char *s = d->line[d->i] + indent_of(d->line[d->i]) + 1;
    tvp_buf_printf(&text, "%s%s", text.len ? "\n" : "", s + (*s == ' '));
  }
  tvp_buf_printf(d->b, "<blockquote><p>");
  tvp_html_inline(d->b, text.data, text.len, d->dir, 0);
  tvp_buf_printf(d->b, "</p></blockquote>\n");
  tvp_buf_free(&text);
}

/* A paragraph; one that is a single image joins the charts before it in a grid. */
static void paragraph_block(doc *d) {
  tvp_buf text = {0};
  tvp_buf_append(&text, "", 0);
  for (; d->i < d->n && !blank(d->line[d->i]) && (text.len == 0 || !starts_block(d, d->i)); d->i++)
    tvp_buf_printf(&text, "%s%s", text.len ? "\n" : "", d->line[d->i] + indent_of(d->line[d->i]));
  int chart = tvp_html_image_only(text.data, text.len);
  if (chart && !d->charts)
    tvp_buf_printf(d->b, "<div class=\"charts\">\n");
  if (!chart && d->charts)
    tvp_buf_printf(d->b, "</div>\n");
  d->charts = chart;
  d->lead |= chart && d->h2 == 0;
  tvp_buf_printf(d->b, chart ? "<figure>" : "<p>");
  tvp_html_inline(d->b, text.data, text.len, d->dir, 0);
  tvp_buf_printf(d->b, chart ? "</figure>\n" : "</p>\n");
  tvp_buf_free(&text);
}

static void end_charts(doc *d) {
  if (d->charts)
    tvp_buf_printf(d->b, "</div>\n");
  d->charts = 0;
}

static void next_block(doc *d) {
  const char *s = d->line[d->i], *text;
  char mark;
  size_t len;
  int level;
  item it;
  if (blank(s)) {
    d->i++;
    return;
  }
  if (!fence(s, &mark, &len) && !heading(s, &level, &text) && !rule(s) && !list_item(s, &it) &&
      !quote(s) && !table_at(d, d->i)) {
    paragraph_block(d);
    return;
  }
  end_charts(d);
  if (fence(s, &mark, &len)) {
    code_block(d);
  } else if (heading(s, &level, &text)) {
    heading_block(d, level, text);
    d->i++;
  } else if (rule(s)) {
    tvp_buf_printf(d->b, "<hr>\n");
    d->i++;
  } else if (list_item(s, &it)) {
    list_block(d);
  } else if (quote(s)) {
    quote_block(d);
  } else {
    table_block(d);
  }
}

void tvp_html_blocks(tvp_buf *b, const char *md, const char *dir, tvp_buf *title) {
  char *text = tvp_xstrdup(md);
  doc d = {.b = b, .dir = dir, .title = title};
  tvp_buf_append(title, "", 0);
  for (char *p = text;; d.n++) {
    d.line = tvp_xrealloc(d.line, (d.n + 1) * sizeof *d.line);
    d.line[d.n] = p;
    char *nl = strchr(p, '\n');
    if (!nl)
      break;
    *nl = '\0';
    p = nl + 1;
  }
  d.n += d.line[d.n][0] != '\0'; /* the text after the last newline, if any */
  while (d.i < d.n)
    next_block(&d);
  end_charts(&d);
  close_section(&d);
  for (size_t k = 0; k < d.nids; k++)
    free(d.ids[k]);
  free(d.ids);
  free(d.line);
  free(text);
}
