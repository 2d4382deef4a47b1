/* The pieces report.html is made of, shared by the files that write it
 * (html_page.c the page and the file, html_block.c the blocks, html_inline.c
 * the text inside a block, html_image.c the embedded charts). Not for use
 * outside report/. */
#ifndef TVP_HTML_PARTS_H
#define TVP_HTML_PARTS_H

#include <stddef.h>

#include "base/util.h"

/* s[0..n) as HTML text, safe in an element and in a quoted attribute: & < > "
 * and ' as references, a control character as the text \xNN. */
void tvp_html_escape(tvp_buf *b, const char *s, size_t n);

/* The Markdown text s[0..n) of one block (a paragraph, a cell, a heading) as
 * HTML: backslash escapes, code spans, emphasis, links and images (resolved
 * under dir, NULL for none). With plain, the text alone, still escaped, with
 * no element: for a title, an alt text or a heading's id. */
void tvp_html_inline(tvp_buf *b, const char *s, size_t n, const char *dir, int plain);
/* 1 if the Markdown text s[0..n) is one image and nothing else (a chart). */
int tvp_html_image_only(const char *s, size_t n);

/* The image url (as report.md names it, relative to dir) with the alt text
 * alt (already escaped): an <img> holding the file as a data: URI when it is a
 * PNG or SVG file under dir (a .png missing, its .svg twin), else alt as text
 * with what is missing, so that no image can show broken. */
void tvp_html_image(tvp_buf *b, const char *dir, const char *url, const char *alt);

/* The body of the page for md: its blocks, the level-2 sections after the
 * first folded. The text of the first level-1 heading goes to title (escaped,
 * no element; empty when there is none). */
void tvp_html_blocks(tvp_buf *b, const char *md, const char *dir, tvp_buf *title);

#endif
