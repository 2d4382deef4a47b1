/* report.html's converter (report/html.h): report.md's Markdown as HTML, every
 * text escaped whatever a CSV or meta.json put in it, tables whose cells hold
 * escaped pipes, charts embedded from the run folder or shown as their alt
 * text when missing, broken or outside it, and the sections folded. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "base/fs.h"
#include "base/util.h"
#include "report/html.h"
#include "report/html_parts.h"

static char dir[] = "/tmp/tvp-test-html.XXXXXX";

/* A 1x1 PNG, and its base64. */
static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00,
    0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01,
    0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
static const char png64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACklEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg==";
static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"></svg>";
static const char svg64[] =
    "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIyIiBoZWlnaHQ9IjIiPjwvc3ZnPg==";

static char *path_of(const char *name) { return tvp_path_in(dir, name); }

static void put(const char *name, const void *data, size_t len) {
  char *p = path_of(name);
  CHECK(tvp_fs_write_whole(p, data, len) == 0);
  free(p);
}

static int has(const char *hay, const char *needle) {
  int found = strstr(hay, needle) != NULL;
  if (!found)
    fprintf(stderr, "  missing: %s\n", needle);
  return found;
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

static void test_escape(void) {
  tvp_buf b = {0};
  tvp_buf_append(&b, "", 0);
  const char *s = "<a href=\"x\">&'\x1b[2J\x7f</a>";
  tvp_html_escape(&b, s, strlen(s) + 1); /* the NUL too: text of a given length */
  CHECK(b.len == 63 && memcmp(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\\x1b[2J\\x7f&lt;/a&gt;\\x00", 63) == 0);
  tvp_buf_free(&b);
}

/* A name as hostile as a CSV can hold, through the escaping report.md gives
 * every name (tvp_buf_md_text), into a heading, a table cell and a list item:
 * the page shows it as text and opens no element of its own. */
static void test_hostile_name(void) {
  const char *name = "<script>alert(\"x\")</script><img src=x onerror='y'>|a*b_c_`d`&amp;\n## H";
  tvp_buf md = {0};
  tvp_buf_printf(&md, "# tvp report: ");
  tvp_buf_md_text(&md, name);
  tvp_buf_printf(&md, "\n\n## ");
  tvp_buf_md_text(&md, name);
  tvp_buf_printf(&md, "\n\n| kernel | verdict |\n|---|---|\n| ");
  tvp_buf_md_text(&md, name);
  tvp_buf_printf(&md, " | faster |\n\n- On ");
  tvp_buf_md_text(&md, name);
  tvp_buf_printf(&md, ", fork faster.\n");
  char *html = tvp_html_render(md.data, NULL);
  const char *shown = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;"
                      "|a*b_c_`d`&amp;amp;\\x0a## H";
  CHECK_EQ_INT(count(html, shown), 5); /* the title, the two headings, the cell, the item */
  CHECK(has(html, "<title>tvp report: "));
  CHECK_EQ_INT(count(html, "<script"), 1); /* the page's own */
  CHECK_EQ_INT(count(html, "<img"), 0);
  CHECK_EQ_INT(count(html, "<em>"), 0); /* no emphasis out of the name's stars and underscores */
  CHECK_EQ_INT(count(html, "<code>"), 0);
  CHECK_EQ_INT(count(html, "<h2"), 1);
  free(html);
  tvp_buf_free(&md);
}

static void test_tables(void) {
  const char *md = "| a \\| b | `x \\| y` | c \\\\| d |\n"
                   "|---|--:|:-:|---|\n"
                   "| 1 \\| 2 | 3 | 4 |\n"
                   "| 5 [4.9, 5.1] ? | 1.58 [1.50, 1.66] faster | same | 0 failed or interrupted |\n"
                   "\n| | |\n|---|---|\n| CPU | <b>AMD</b> |\n";
  char *html = tvp_html_render(md, NULL);
  CHECK(has(html, "<thead><tr><th>a | b</th><th class=\"r\"><code>x | y</code></th>"
                  "<th class=\"c\">c \\</th><th>d</th></tr>"));
  /* A short row gets empty cells; a verdict word tints its cell. */
  CHECK(has(html, "<tr><td>1 | 2</td><td class=\"r\">3</td><td class=\"c\">4</td><td></td></tr>"));
  CHECK(has(html, "<td class=\"v-inconclusive\">5 [4.9, 5.1] ?</td>"));
  CHECK(has(html, "<td class=\"r v-faster\">1.58 [1.50, 1.66] faster</td>"));
  CHECK(has(html, "<td class=\"c v-same\">same</td>"));
  CHECK(has(html, "<td>0 failed or interrupted</td>"));
  /* A table with a header sorts; one without (facts) has no header row. */
  CHECK_EQ_INT(count(html, "<table class=\"sortable\">"), 1);
  CHECK_EQ_INT(count(html, "<thead>"), 1);
  CHECK(has(html, "<tr><td>CPU</td><td>&lt;b&gt;AMD&lt;/b&gt;</td></tr>"));
  free(html);
}

static void test_inline(void) {
  const char *md = "**Verdict: holds.** *so* snake_case_name `a<b` ``x ` y`` \\*not\\* 2 * 3 "
                   "[ok](#machine) [bad](javascript:alert(1)) [web](https://example.org/?a=1&b=2) "
                   "\\\\x0a unclosed `tick and *star\n"
                   "\n```\n<pre> & \"q\"\n  two\n```\n\n> quoted *x*\n\n---\n";
  char *html = tvp_html_render(md, NULL);
  CHECK(has(html, "<p><strong>Verdict: holds.</strong> <em>so</em> snake_case_name <code>a&lt;b</code> "
                  "<code>x ` y</code> *not* 2 * 3 <a href=\"#machine\">ok</a> bad) "
                  "<a href=\"https://example.org/?a=1&amp;b=2\">web</a> \\x0a unclosed `tick and *star</p>"));
  CHECK(has(html, "<pre><code>&lt;pre&gt; &amp; &quot;q&quot;\n  two\n</code></pre>"));
  CHECK(has(html, "<blockquote><p>quoted <em>x</em></p></blockquote>"));
  CHECK(has(html, "<hr>"));
  CHECK_EQ_INT(count(html, "href=\"javascript"), 0);
  free(html);
}

static void test_lists(void) {
  const char *md = "- one\n  more\n- two:\n  - a\n  - b\n- three\n\n- four\n\n1. first\n2. second\n";
  char *html = tvp_html_render(md, NULL);
  CHECK(has(html, "<ul>\n<li>one more</li>\n<li>two:<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</li>\n"
                  "<li>three</li>\n<li>four</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"));
  free(html);
}

/* The first level-2 section shows; every later one folds. Headings get
 * GitHub's ids, a second use numbered. */
static void test_sections(void) {
  const char *md = "# T\n\nintro\n\n## Summary\n\ns\n\n## cpu.primes\n\nk\n\n### cpu.primes\n\n## Findings\n";
  char *html = tvp_html_render(md, NULL);
  CHECK(has(html, "<title>T</title>"));
  CHECK(has(html, "<h1 id=\"t\">T</h1>\n<p>intro</p>\n<section class=\"first\">\n<h2 id=\"summary\">Summary</h2>\n"
                  "<p>s</p>\n</section>\n<details class=\"part\">\n<summary><h2 id=\"cpuprimes\">cpu.primes</h2>"
                  "</summary>\n<p>k</p>\n<h3 id=\"cpuprimes-1\">cpu.primes</h3>\n</details>\n"
                  "<details class=\"part\">\n<summary><h2 id=\"findings\">Findings</h2></summary>\n</details>\n"));
  free(html);
  /* A summary under the title (a table before any section): every section folds. */
  html = tvp_html_render("# T\n\n| a |\n|---|\n| 1 |\n\n## Machine\n\nm\n", NULL);
  CHECK(has(html, "</table></div>\n<details class=\"part\">\n<summary><h2 id=\"machine\">"));
  CHECK_EQ_INT(count(html, "<section"), 0);
  free(html);
}

/* Charts: embedded when the file is a PNG (or an SVG, also for a .png that is
 * missing) under the run folder; otherwise the alt text, never an <img>. */
static void test_images(void) {
  char *plots = path_of("plots");
  CHECK(mkdir(plots, 0755) == 0);
  put("plots/ok.png", png, sizeof png);
  put("plots/fake.png", "png", 3);
  put("plots/vec.svg", svg, strlen(svg));
  put("secret.png", png, sizeof png);
  const char *md = "![speedup of <x>](plots/ok.png)\n\n![b](plots/vec.png)\n\n![gone & \"lost\"](plots/none.png)\n\n"
                   "![fake](plots/fake.png)\n\n![up](plots/../../secret.png)\n\n![abs](/etc/passwd)\n\n"
                   "![web](https://example.org/x.png)\n\n![dir](plots)\n\ntext ![inline](plots/ok.png) after\n";
  char *html = tvp_html_render(md, dir);
  tvp_buf want = {0};
  tvp_buf_printf(&want, "<div class=\"charts\">\n<figure><img alt=\"speedup of &lt;x&gt;\" width=\"1\" "
                 "height=\"1\" src=\"data:image/png;base64,%s\"></figure>\n", png64);
  CHECK(has(html, want.data));
  tvp_buf_free(&want);
  tvp_buf_printf(&want, "<figure><img alt=\"b\" src=\"data:image/svg+xml;base64,%s\"></figure>", svg64);
  CHECK(has(html, want.data));
  tvp_buf_free(&want);
  CHECK(has(html, "<span class=\"missing\">gone &amp; &quot;lost&quot; [chart not found: plots/none.png]</span>"));
  CHECK(has(html, "<span class=\"missing\">fake [chart not found: plots/fake.png]</span>"));
  CHECK(has(html, "<span class=\"missing\">up [not embedded: plots/../../secret.png is not a file of the run folder]</span>"));
  CHECK(has(html, "<span class=\"missing\">abs [not embedded: /etc/passwd is not a file of the run folder]</span>"));
  CHECK(has(html, "<span class=\"missing\">web [not embedded: https://example.org/x.png is not a file"));
  CHECK(has(html, "<span class=\"missing\">dir [chart not found: plots]</span>"));
  CHECK(has(html, "<p>text <img alt=\"inline\""));
  CHECK_EQ_INT(count(html, "<img"), 3);
  CHECK_EQ_INT(count(html, "<div class=\"charts\">"), 1); /* the charts in a row share one grid */
  free(html);
  /* Without a folder, no file is read. */
  html = tvp_html_render("![a](plots/ok.png)\n", NULL);
  CHECK(has(html, "<span class=\"missing\">a [chart not found: plots/ok.png]</span>"));
  free(html);
  const char *names[] = {"plots/ok.png", "plots/fake.png", "plots/vec.svg", "secret.png"};
  for (size_t i = 0; i < 4; i++) {
    char *p = path_of(names[i]);
    unlink(p);
    free(p);
  }
  rmdir(plots);
  free(plots);
}

/* The file: written beside report.md, whole; a folder without report.md says so. */
static void test_write(void) {
  tvp_buf err = {0};
  CHECK(tvp_report_html_write(dir, &err) == -1);
  CHECK(err.data && has(err.data, "report.md: No such file or directory"));
  tvp_buf_free(&err);
  const char *md = "# tvp report: x\n\n## Machine\n";
  put("report.md", md, strlen(md));
  CHECK(tvp_report_html_write(dir, &err) == 0);
  char *p = path_of("report.html");
  size_t len = 0;
  unsigned char *page = tvp_fs_read_whole(p, 1 << 20, &len);
  CHECK(page != NULL);
  if (page) {
    char *text = calloc(1, len + 1);
    memcpy(text, page, len);
    CHECK(strncmp(text, "<!DOCTYPE html>\n", 16) == 0);
    CHECK(has(text, "<title>tvp report: x</title>"));
    CHECK(has(text, "default-src 'none'; img-src data:"));
    CHECK(has(text, "</html>\n"));
    free(text);
  }
  free(page);
  unlink(p);
  free(p);
  p = path_of("report.md");
  unlink(p);
  free(p);
}

int main(void) {
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  test_escape();
  test_hostile_name();
  test_tables();
  test_inline();
  test_lists();
  test_sections();
  test_images();
  test_write();
  rmdir(dir);
  CHECK_DONE();
}
