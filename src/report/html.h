/* report.html: report.md rendered as one self-contained page (its style and a
 * small script inline, every chart embedded as a data: URI, nothing loaded from
 * anywhere), readable in any browser without JavaScript. report.md stays the
 * one source of what the report says: this is only another way to show it. */
#ifndef TVP_HTML_H
#define TVP_HTML_H

#include "base/util.h"

/* The page for the Markdown md (the subset tvp writes: headings, paragraphs,
 * pipe tables, bullet and numbered lists, code spans and fenced code, bold and
 * italic, links, images), malloc'd. Images name files relative to dir, which
 * are embedded when they exist under it (NULL: none is, each shows as its alt
 * text). Every text is HTML-escaped; the level-2 sections after the first
 * fold (<details>), all of them when a table or a chart precedes them. */
char *tvp_html_render(const char *md, const char *dir);

/* Reads dir/report.md and writes dir/report.html, whole or not at all; 0, or
 * -1 with a one-line message in err. */
int tvp_report_html_write(const char *dir, tvp_buf *err);

#endif
