/* report.html's page: the head (its title, a policy that lets it load nothing
 * but its own inline style, script and data: images), the style, the body
 * html_block.c writes, the small script (tables sorted by a click on their
 * header, folded sections unfolded for printing), and the file written whole
 * beside report.md. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/util.h"
#include "report/html.h"
#include "report/html_parts.h"

/* report.md of the largest run tvp accepts is far below this. */
#define MD_MAX_BYTES (64u << 20)

static const char style[] =
    ":root{color-scheme:light}\n"
    "body{margin:0;background:#fff;color:#1b1f23;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\","
    "Roboto,\"DejaVu Sans\",sans-serif}\n"
    "main{max-width:1400px;margin:0 auto;padding:1rem 1.5rem 3rem}\n"
    "h1{font-size:1.8rem;margin:.5rem 0 1rem;padding-bottom:.3rem;border-bottom:2px solid #d0d7de}\n"
    "h2{font-size:1.4rem;margin:1.5rem 0 .6rem}\n"
    "h3{font-size:1.1rem;margin:1.2rem 0 .5rem}\n"
    "a{color:#0550ae}\n"
    "details.part{border-top:1px solid #d0d7de}\n"
    "details.part>summary{cursor:pointer;padding:.2rem 0}\n"
    "details.part>summary h2{display:inline;margin:0;font-size:1.25rem}\n"
    "details.part[open]>summary{margin-bottom:.6rem}\n"
    "section.first{margin-bottom:1.5rem}\n"
    ".table{overflow-x:auto;margin:0 0 1rem}\n"
    "table{border-collapse:collapse;font-size:.875rem;font-variant-numeric:tabular-nums}\n"
    "th,td{border:1px solid #d0d7de;padding:.25rem .55rem;vertical-align:top;text-align:left}\n"
    "thead th{background:#eaeef2}\n"
    /* A table of facts (no header): its first column names them. */
    "table:not(.sortable) td:first-child{font-weight:600;white-space:nowrap}\n"
    "tbody tr:nth-child(even){background:#f6f8fa}\n"
    ".r{text-align:right}.c{text-align:center}\n"
    "table.sortable thead th{cursor:pointer}\n"
    "th[aria-sort=ascending]::after{content:\" \\25B2\"}th[aria-sort=descending]::after{content:\" \\25BC\"}\n"
    /* The verdict's word is always in the cell: the tint only repeats it. */
    "td.v-faster{background:#ddf4ff;font-weight:600}td.v-slower{background:#fff1e5;font-weight:600}\n"
    "td.v-same{color:#424a53}td.v-inconclusive{font-style:italic}\n"
    "code{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.875em;"
    "background:#eff2f5;padding:0 .25em;border-radius:3px}\n"
    "pre{background:#f6f8fa;padding:.75rem;overflow-x:auto;white-space:pre-wrap;"
    "overflow-wrap:anywhere}\n"
    "pre code{background:none;padding:0}\n"
    "blockquote{margin:0 0 1rem;padding:0 1rem;border-left:4px solid #d0d7de;color:#424a53}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,560px),1fr));"
    "gap:1rem;margin:0 0 1rem}\n"
    "figure{margin:0}\n"
    "img{max-width:100%;height:auto}\n"
    ".missing{display:inline-block;padding:.4rem .6rem;border:1px dashed #8c959f;color:#424a53;"
    "font-style:italic}\n"
    "footer{margin-top:2rem;color:#57606a;font-size:.875rem}\n"
    "@media print{main{max-width:none;padding:0}details.part>summary{list-style:none}"
    ".table{overflow:visible}table{font-size:7.5pt}thead{display:table-header-group}"
    "tr,figure,img{break-inside:avoid}h2,h3{break-after:avoid}.charts{display:block}"
    "a{color:inherit}}\n";

/* Sorting by a header: numbers by value (a k, M, G, T or P after one counts),
 * cells without a number after them, ties in the order written. */
static const char script[] =
    "(function () {\n"
    "  \"use strict\";\n"
    "  var each = function (list, f) { Array.prototype.forEach.call(list, f); };\n"
    "  function value(text) {\n"
    "    var m = /^-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?/i.exec(text);\n"
    "    if (!m) return null;\n"
    "    var u = /^ ?([kMGTP])(?![A-Za-z])/.exec(text.slice(m[0].length));\n"
    "    return parseFloat(m[0]) * (u ? Math.pow(1000, \"kMGTP\".indexOf(u[1]) + 1) : 1);\n"
    "  }\n"
    "  function sort(table, col, th) {\n"
    "    var up = th.getAttribute(\"aria-sort\") !== \"ascending\", body = table.tBodies[0];\n"
    "    var rows = Array.prototype.map.call(body.rows, function (r, i) {\n"
    "      var t = r.cells[col] ? r.cells[col].textContent.trim() : \"\";\n"
    "      return { row: r, i: i, t: t, v: value(t) };\n"
    "    });\n"
    "    rows.sort(function (a, b) {\n"
    "      if ((a.v === null) !== (b.v === null)) return a.v === null ? 1 : -1;\n"
    "      var d = a.v !== null ? a.v - b.v : a.t.localeCompare(b.t);\n"
    "      return (up ? d : -d) || a.i - b.i;\n"
    "    });\n"
    "    rows.forEach(function (x) { body.appendChild(x.row); });\n"
    "    each(th.parentNode.cells, function (h) { h.removeAttribute(\"aria-sort\"); });\n"
    "    th.setAttribute(\"aria-sort\", up ? \"ascending\" : \"descending\");\n"
    "  }\n"
    "  each(document.querySelectorAll(\"table.sortable\"), function (table) {\n"
    "    each(table.tHead.rows[0].cells, function (th, col) {\n"
    "      th.tabIndex = 0;\n"
    "      th.title = \"Sort by this column\";\n"
    "      th.addEventListener(\"click\", function () { sort(table, col, th); });\n"
    "      th.addEventListener(\"keydown\", function (e) {\n"
    "        if (e.key === \"Enter\" || e.key === \" \") { e.preventDefault(); sort(table, col, th); }\n"
    "      });\n"
    "    });\n"
    "  });\n"
    "  var unfolded = [];\n"
    "  window.addEventListener(\"beforeprint\", function () {\n"
    "    each(document.querySelectorAll(\"details:not([open])\"), function (d) { d.open = true; "
    "unfolded.push(d); });\n"
    "  });\n"
    "  window.addEventListener(\"afterprint\", function () {\n"
    "    unfolded.forEach(function (d) { d.open = false; });\n"
    "    unfolded = [];\n"
    "  });\n"
    "})();\n";

char *tvp_html_render(const char *md, const char *dir) {
  tvp_buf body = {0}, title = {0}, page = {0};
  tvp_buf_append(&body, "", 0);
  tvp_html_blocks(&body, md, dir, &title);
  tvp_buf_printf(&page,
                 "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                 "img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                 "<meta name=\"generator\" content=\"tvp report\">\n"
                 "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
                 title.len ? title.data : "tvp report", style);
  tvp_buf_append(&page, body.data, body.len);
  tvp_buf_printf(&page,
                 "<footer>Written by tvp report from report.md, whose text it shows; the charts "
                 "are embedded, so this file reads the same wherever it is copied.</footer>\n"
                 "</main>\n<script>\n%s</script>\n</body>\n</html>\n",
                 script);
  tvp_buf_free(&body);
  tvp_buf_free(&title);
  return page.data;
}

int tvp_report_html_write(const char *dir, tvp_buf *err) {
  char *md_path = tvp_path_in(dir, "report.md"), *path = tvp_path_in(dir, "report.html");
  size_t len = 0;
  unsigned char *md = tvp_fs_read_whole(md_path, MD_MAX_BYTES, &len);
  int rc = -1;
  if (!md) {
    tvp_buf_printf(err, "cannot read %s: %s", md_path, errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
  } else {
    char *text = tvp_xmalloc(len + 1);
    memcpy(text, md, len);
    text[len] = '\0'; /* a NUL inside ends the text: report.md has none */
    char *page = tvp_html_render(text, dir);
    rc = tvp_fs_write_whole(path, page, strlen(page));
    if (rc != 0)
      tvp_buf_printf(err, "cannot write %s: %s", path, strerror(errno));
    free(page);
    free(text);
  }
  free(md);
  free(md_path);
  free(path);
  return rc;
}
