/* The table printed at the end of tvp run (report/table.h) fits a console of 100
 * columns and its columns line up under their names: with one, two and three
 * models beside threads, with every kernel name of the registry, with long
 * cells (wide intervals, verdict words, markers, a setting that varies, several
 * placements), and with a kernel name longer than any the registry has. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kernels/kernel.h"
#include "models/model.h"
#include "plan/plan.h"
#include "record/summary_row.h"
#include "report/table.h"

#define MAXROWS 4096

static tvp_config cfgs[MAXROWS];
static tvp_config_result results[MAXROWS];
static tvp_summary_row rows[MAXROWS];
static size_t nrows;

/* A row's figures: its speedup, its ratio to threads with its interval and
 * verdict, and what went wrong. */
typedef struct {
  double speedup, ratio, lo, hi;
  tvp_verdict_kind verdict;
  const char *status; /* "ok" unless set */
  int implausible, disturbed;
} figures;

static void add(const tvp_kernel *k, const char *model, tvp_placement_policy place, unsigned workers,
                uint64_t footprint, figures f) {
  CHECK(nrows < MAXROWS);
  tvp_config *c = &cfgs[nrows];
  *c = (tvp_config){.kernel = k, .model = tvp_model_find(model), .placement = place, .workers = workers,
                    .units = 1000, .footprint = footprint, .scaling = TVP_SCALING_STRONG, .reps = 5,
                    .timeout_s = 60};
  CHECK(c->model != NULL);
  results[nrows] = (tvp_config_result){.cfg = c, .status = TVP_CONFIG_OK};
  tvp_summary_row *r = &rows[nrows];
  memset(r, 0, sizeof *r);
  r->res = &results[nrows];
  r->status = f.status ? f.status : "ok";
  r->reps_ok = f.disturbed ? 0 : 5;
  r->reps_disturbed = f.disturbed ? 5 : 0;
  r->speedup = f.speedup;
  r->ratio_vs_thread = f.ratio, r->ratio_ci95_low = f.lo, r->ratio_ci95_high = f.hi;
  r->verdict = f.verdict;
  r->implausible = f.implausible;
  r->efficiency = r->karp_flatt = r->speedup_ci95_low = r->speedup_ci95_high = NAN;
  nrows++;
}

/* Rows of kernel k under threads and models (comma-separated) at 1, 2 and 4
 * workers, with cells as wide as they come: long intervals and verdict words. */
static void add_kernel(const tvp_kernel *k, const char *models, tvp_placement_policy place) {
  static const unsigned workers[] = {1, 2, 4};
  for (size_t w = 0; w < 3; w++) {
    add(k, "thread", place, workers[w], 0, (figures){.speedup = 1.93, .ratio = NAN, .lo = NAN, .hi = NAN,
                                                     .verdict = TVP_V_NONE});
    char list[128];
    snprintf(list, sizeof list, "%s", models);
    for (char *m = strtok(list, ","); m; m = strtok(NULL, ","))
      add(k, m, place, workers[w], 0,
          (figures){.speedup = 12.34, .ratio = 1366.2, .lo = 0.0013, .hi = 99999.99,
                    .verdict = w == 2 ? TVP_V_HIGHER : TVP_V_INCONCLUSIVE});
  }
}

/* The table of the rows added, as text; the rows are then forgotten. */
static char *table(void) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) {
    perror("open_memstream");
    exit(1);
  }
  tvp_table_write(f, rows, nrows);
  fclose(f);
  nrows = 0;
  if (getenv("TVP_TEST_SHOW")) /* to look at the tables */
    fprintf(stderr, "%s\n", text);
  return text;
}

/* A line's cells: runs of text apart by two spaces or more. */
typedef struct {
  int start, end;
} span;

static size_t cells(const char *line, int len, span *out, size_t max) {
  size_t n = 0;
  int i = 0;
  while (i < len && n < max) {
    while (i < len && line[i] == ' ')
      i++;
    if (i >= len)
      break;
    int start = i;
    while (i < len && !(line[i] == ' ' && (i + 1 >= len || line[i + 1] == ' ')))
      i++;
    out[n++] = (span){start, i};
  }
  return n;
}

static int is_marker(const char *s, int len) {
  return (len == 1 && (*s == '!' || *s == '~')) || (len == 3 && strncmp(s, "! ~", 3) == 0);
}

/* Whether line names the columns: one of its cells is "wk". */
static int names_line(const char *line, int len) {
  span c[64];
  size_t n = cells(line, len, c, 64);
  for (size_t i = 0; i < n; i++)
    if (c[i].end - c[i].start == 2 && strncmp(line + c[i].start, "wk", 2) == 0)
      return 1;
  return 0;
}

/* Checks text: no line past 100 columns, and under the line of the columns'
 * names every cell of every line until the legend starts where a name
 * starts (left-aligned) or ends where it ends (right-aligned), in the names'
 * order; a marker may follow the last. heading: a kernel name a line of its
 * own may hold. Returns the number of table lines checked. */
static int check_table(const char *text, const char *what, const char *heading) {
  span names[64], got[64];
  size_t nn = 0;
  int lines = 0, in_table = 0, bad = 0;
  for (const char *line = text; *line;) {
    const char *nl = strchr(line, '\n');
    int len = nl ? (int)(nl - line) : (int)strlen(line);
    if (len > 100) {
      fprintf(stderr, "%s: a line of %d columns:\n%.*s\n", what, len, len, line);
      bad++;
    }
    if (strncmp(line, "wk: workers", 11) == 0)
      in_table = 0;
    else if (!in_table && names_line(line, len)) {
      nn = cells(line, len, names, 64);
      in_table = 1;
    } else if (in_table && !(heading && len == (int)strlen(heading) && strncmp(line, heading, len) == 0)) {
      size_t ng = cells(line, len, got, 64), at = 0;
      for (size_t c = 0; c < ng; c++) {
        while (at < nn && names[at].start != got[c].start && names[at].end != got[c].end)
          at++;
        if (at == nn && !(c + 1 == ng && is_marker(line + got[c].start, got[c].end - got[c].start))) {
          fprintf(stderr, "%s: cell %zu of this line is under no column name:\n%.*s\n", what, c + 1, len,
                  line);
          bad++;
          break;
        }
        at++;
      }
      lines++;
    }
    line = nl ? nl + 1 : line + len;
  }
  CHECK(bad == 0);
  return lines;
}

/* Every kernel of the registry under threads and the models given. */
static void every_kernel(const char *models, const char *what) {
  size_t nk = 0;
  for (size_t i = 0; i < tvp_kernel_count(); i++)
    if (tvp_kernel_visible(tvp_kernel_at(i))) {
      add_kernel(tvp_kernel_at(i), models, TVP_PLACE_CORE);
      nk++;
    }
  char *text = table();
  int lines = check_table(text, what, NULL);
  CHECK(lines >= (int)(nk * 3)); /* a line per point at least */
  CHECK(strstr(text, "sync.falseshare") != NULL);
  free(text);
}

/* One model beside threads: side by side, a line per point, a speedup and a
 * ratio column per model under a line naming the two groups. */
static void one_model(void) {
  every_kernel("fork", "thread,fork");
  add_kernel(tvp_kernel_find("cpu.primes"), "fork", TVP_PLACE_CORE);
  char *text = table();
  const char *groups = strstr(text, "speedup");
  const char *head = strstr(text, "\nkernel  ");
  CHECK(groups && head && groups < head);
  /* The ratio group's name starts over the ratio column, the second "fork". */
  const char *ratio = strstr(text, "ratio to threads");
  const char *fork2 = head ? strstr(strstr(head, "fork") + 4, "fork") : NULL;
  CHECK(ratio && fork2 && ratio - text == fork2 - (head + 1));
  CHECK(strstr(text, "1366.20 [0.0013, 99999.99] ?") != NULL);
  CHECK(check_table(text, "cpu.primes, thread and fork", NULL) == 3);
  free(text);
}

/* Two and three models beside threads, mpi+thread's long name among them. */
static void more_models(void) {
  every_kernel("fork,spawn", "thread,fork,spawn");
  every_kernel("fork,spawn,mpi", "thread,fork,spawn,mpi");
  every_kernel("fork,spawn,mpi+thread", "thread,fork,spawn,mpi+thread");
  /* Cells as they usually are: fork and spawn fit side by side beside threads
   * however long the kernel's name. */
  figures thread = {.speedup = 1.93, .ratio = NAN, .lo = NAN, .hi = NAN, .verdict = TVP_V_NONE};
  figures usual = {.speedup = 1.87, .ratio = 1.32, .lo = 1.25, .hi = 1.40, .verdict = TVP_V_HIGHER};
  for (unsigned w = 1; w <= 4; w *= 2) {
    add(tvp_kernel_find("sync.falseshare"), "thread", TVP_PLACE_CORE, w, 0, thread);
    add(tvp_kernel_find("sync.falseshare"), "fork", TVP_PLACE_CORE, w, 0, usual);
    add(tvp_kernel_find("sync.falseshare"), "spawn", TVP_PLACE_CORE, w, 0, usual);
  }
  char *text = table();
  CHECK(strstr(text, "  model  ") == NULL && strstr(text, "\nkernel  ") != NULL);
  CHECK(check_table(text, "sync.falseshare, usual cells", NULL) == 3);
  free(text);
  /* Too wide side by side: a line per model, named in a model column. */
  add_kernel(tvp_kernel_find("sync.falseshare"), "fork,spawn,mpi", TVP_PLACE_CORE);
  text = table();
  CHECK(strncmp(text, "kernel  ", 8) == 0 && strstr(text, "  model  ") != NULL);
  CHECK(check_table(text, "sync.falseshare, four models", NULL) == 12);
  free(text);
}

/* Whatever can lengthen a line at once: several placements, a footprint that
 * varies, a failed row, implausible and disturbed rows (markers), a ratio and
 * a speedup below 0.1 (two significant digits, not 0.00). */
static void long_cells(void) {
  const tvp_kernel *k = tvp_kernel_find("spawn.create");
  figures ok = {.speedup = 0.0061, .ratio = 0.0048, .lo = 0.0041, .hi = 0.0052, .verdict = TVP_V_LOWER};
  figures thread = {.speedup = 1.9, .ratio = NAN, .lo = NAN, .hi = NAN, .verdict = TVP_V_NONE};
  figures bad = ok;
  bad.implausible = 1, bad.verdict = TVP_V_IMPLAUSIBLE;
  figures busy = ok;
  busy.disturbed = 1, busy.ratio = NAN, busy.verdict = TVP_V_DISTURBED;
  figures failed = {.speedup = NAN, .ratio = NAN, .lo = NAN, .hi = NAN, .status = "failed", .verdict = TVP_V_NONE};
  for (int p = TVP_PLACE_CORE; p <= TVP_PLACE_SCATTER; p += TVP_PLACE_SCATTER - TVP_PLACE_CORE)
    for (uint64_t fp = 4096; fp <= 1u << 30; fp <<= 18) {
      add(k, "thread", (tvp_placement_policy)p, 2, fp, thread);
      add(k, "fork", (tvp_placement_policy)p, 2, fp, bad);
      add(k, "spawn", (tvp_placement_policy)p, 2, fp, busy);
      add(k, "mpi+thread", (tvp_placement_policy)p, 2, fp, failed);
      add(k, "mpi", (tvp_placement_policy)p, 2, fp, ok);
    }
  char *text = table();
  check_table(text, "long cells", NULL);
  CHECK(strstr(text, "0.0048 [0.0041, 0.0052] slower") != NULL);
  CHECK(strstr(text, " 0.0061 ") != NULL && strstr(text, " 0.00 ") == NULL);
  CHECK(strstr(text, "scatter") != NULL && strstr(text, "1 GiB") != NULL);
  CHECK(strstr(text, "!: implausible") != NULL && strstr(text, "~: ") != NULL);
  free(text);
  /* One placement: no column for it, the legend says which. */
  add_kernel(tvp_kernel_find("cpu.primes"), "fork", TVP_PLACE_PU);
  text = table();
  CHECK(strstr(text, "place  ") == NULL);
  CHECK(strstr(text, "Every point ran at placement pu.") != NULL);
  free(text);
}

/* A kernel name longer than any of the registry's: the kernel on a line of
 * its own above its points, and still 100 columns. */
static void long_kernel_name(void) {
  tvp_kernel k = *tvp_kernel_find("cpu.primes");
  k.name = "cpu.a_kernel_whose_name_is_far_longer_than_any_the_registry_holds_today";
  add_kernel(&k, "fork,spawn,mpi+thread", TVP_PLACE_CORE);
  char *text = table();
  CHECK(check_table(text, "a long kernel name", k.name) == 12);
  CHECK(strstr(text, "\ncpu.a_kernel_whose_name_is_far_longer_than_any_the_registry_holds_today\n") != NULL);
  free(text);
}

int main(void) {
  one_model();
  more_models();
  long_cells();
  long_kernel_name();
  return check_failures ? 1 : 0;
}
