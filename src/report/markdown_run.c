/* report.md's sections on the run as a whole, after the summary: the machine it
 * ran on (from meta.json) and the sweep (what varied, the repetitions, how many
 * configurations). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "plan/dimensions.h"
#include "report/markdown_parts.h"
#include "results/meta_read.h"
#include "results/run_folder.h"

static void md_row(tvp_buf *b, const char *label, const char *value) {
  if (!value || !*value)
    return;
  tvp_buf_printf(b, "| %s | ", label);
  tvp_md_text(b, value);
  tvp_buf_printf(b, " |\n");
}

/* The distinct values of dimension d among the points (one function serves
 * every row of the sweep table), joined by ", ". */
static void join_distinct(tvp_buf *b, const tvp_md_view *v, tvp_dim_id d, int skip_empty) {
  const char **vals = tvp_xcalloc(v->npts + 1, sizeof *vals);
  const char **uniq = tvp_xcalloc(v->npts + 1, sizeof *uniq);
  size_t n = 0;
  for (size_t i = 0; i < v->npts; i++) {
    const char *s = v->pts[i].dim[d];
    if (!skip_empty || *s)
      vals[n++] = s;
  }
  size_t m = tvp_md_distinct_texts(vals, n, uniq);
  for (size_t k = 0; k < m; k++)
    tvp_buf_printf(b, "%s%s", k ? ", " : "", uniq[k]);
  free(vals);
  free(uniq);
}

/* The machine's topology, memory or OS from meta.json, as plain text (nothing
 * when meta.json does not say): shared by the summary's line and this table. */
void tvp_md_machine_part(tvp_buf *b, const tvp_meta_doc *m, tvp_md_part part) {
  if (part == TVP_MD_TOPOLOGY) {
    const char *pk = tvp_meta_get(m, "packages"), *nn = tvp_meta_get(m, "numa_nodes"),
               *co = tvp_meta_get(m, "cores"), *pu = tvp_meta_get(m, "pus");
    if (pk || nn || co || pu)
      tvp_buf_printf(b, "%s package%s, %s NUMA node%s, %s core%s, %s PU%s", pk ? pk : "?",
                     pk && strcmp(pk, "1") == 0 ? "" : "s", nn ? nn : "?",
                     nn && strcmp(nn, "1") == 0 ? "" : "s", co ? co : "?",
                     co && strcmp(co, "1") == 0 ? "" : "s", pu ? pu : "?",
                     pu && strcmp(pu, "1") == 0 ? "" : "s");
  } else if (part == TVP_MD_MEMORY) {
    const char *mem = tvp_meta_get(m, "memory_bytes");
    if (mem) {
      char s[64];
      tvp_format_size(s, sizeof s, strtod(mem, NULL));
      tvp_buf_printf(b, "%s", s);
    }
  } else {
    static const char *const oskeys[] = {"os", "os_release", "arch"};
    size_t start = b->len;
    for (size_t i = 0; i < 3; i++)
      if (tvp_meta_get(m, oskeys[i]))
        tvp_buf_printf(b, "%s%s", b->len > start ? " " : "", tvp_meta_get(m, oskeys[i]));
  }
}

static void part_row(tvp_buf *b, const char *label, const tvp_meta_doc *m, tvp_md_part part) {
  tvp_buf t = {0};
  tvp_buf_append(&t, "", 0);
  tvp_md_machine_part(&t, m, part);
  md_row(b, label, t.data);
  tvp_buf_free(&t);
}

void tvp_md_machine(tvp_buf *b, const tvp_md_view *v) {
  const tvp_meta_doc *m = &v->run->meta;
  tvp_buf_printf(b, "## Machine\n\n");
  if (!v->run->have_meta)
    tvp_buf_printf(b, "meta.json could not be read (%s), so what follows may be incomplete.\n\n",
                   v->run->meta_err.data ? v->run->meta_err.data : "unknown error");
  if (m->n == 0 && !m->command) {
    tvp_buf_printf(b, "Nothing is known about the machine.\n\n");
    return;
  }
  tvp_buf_printf(b, "| | |\n|---|---|\n");
  md_row(b, "CPU", tvp_meta_get(m, "cpu_model"));
  part_row(b, "Topology", m, TVP_MD_TOPOLOGY);
  part_row(b, "Memory", m, TVP_MD_MEMORY);
  md_row(b, "Caches", m->caches);
  part_row(b, "OS", m, TVP_MD_OS);
  md_row(b, "OS version", tvp_meta_get(m, "os_version"));
  md_row(b, "Host", tvp_meta_get(m, "host"));
  md_row(b, "Compiler", tvp_meta_get(m, "compiler"));
  md_row(b, "hwloc", tvp_meta_get(m, "hwloc_version"));
  const char *ver = tvp_meta_get(m, "tvp_version"), *rev = tvp_meta_get(m, "git_revision");
  if (ver || rev) {
    tvp_buf t = {0};
    tvp_buf_printf(&t, "%s (git %s)", ver ? ver : "?", rev ? rev : "?");
    md_row(b, "tvp", t.data);
    tvp_buf_free(&t);
  }
  md_row(b, "Clock resolution (ns)", tvp_meta_get(m, "clock_resolution_ns"));
  md_row(b, "Started (UTC)", tvp_meta_get(m, "start_time_utc"));
  md_row(b, "Ended (UTC)", tvp_meta_get(m, "end_time_utc"));
  md_row(b, "State", tvp_meta_get(m, "state"));
  if (m->command && *m->command)
    tvp_buf_printf(b, "\nCommand line:\n\n```\n%s\n```\n", m->command);
  tvp_buf_printf(b, "\n");
}

void tvp_md_sweep(tvp_buf *b, const tvp_md_view *v) {
  tvp_buf_printf(b, "## Sweep\n\n| | |\n|---|---|\n");
  const char *suite = tvp_meta_get(&v->run->meta, "suite");
  if (suite && *suite) {
    tvp_buf_printf(b, "| Suite | `%s` |\n", suite);
  } else if (suite) {
    tvp_buf_printf(b, "| Suite | none (command-line flags) |\n");
  }
  /* Every dimension of the CSV as written; the worker counts below, as numbers. */
  for (int d = 0; d < TVP_DIM_COUNT; d++) {
    if (!tvp_dimensions[d].column || d == TVP_DIM_WORKERS)
      continue;
    tvp_buf t = {0};
    tvp_buf_append(&t, "", 0);
    join_distinct(&t, v, (tvp_dim_id)d, 1);
    md_row(b, tvp_dimensions[d].label, t.data);
    tvp_buf_free(&t);
  }
  unsigned *w = tvp_xcalloc(v->npts + 1, sizeof *w);
  size_t nw = tvp_md_worker_counts(v, NULL, w);
  tvp_buf_printf(b, "| Workers | ");
  for (size_t i = 0; i < nw; i++)
    tvp_buf_printf(b, "%s%u", i ? ", " : "", w[i]);
  tvp_buf_printf(b, " |\n");
  free(w);

  /* Repetitions planned: the reps column, the same everywhere in a sweep from flags. */
  tvp_buf reps = {0};
  tvp_buf_append(&reps, "", 0);
  {
    const char **vals = tvp_xcalloc(v->npts + 1, sizeof *vals);
    const char **uniq = tvp_xcalloc(v->npts + 1, sizeof *uniq);
    for (size_t i = 0; i < v->npts; i++)
      vals[i] = v->pts[i].reps;
    size_t m = tvp_md_distinct_texts(vals, v->npts, uniq);
    for (size_t k = 0; k < m; k++)
      tvp_buf_printf(&reps, "%s%s", k ? " or " : "", uniq[k]);
    free(vals);
    free(uniq);
  }
  tvp_buf_printf(b, "| Repetitions | %s measured per configuration", reps.len ? reps.data : "?");
  if (v->warmups >= 0)
    tvp_buf_printf(b, ", after %ld warm-up%s", v->warmups, v->warmups == 1 ? "" : "s");
  else if (v->warmups == -2)
    tvp_buf_printf(b, ", after warm-ups (their number varies)");
  else
    tvp_buf_printf(b, " (warm-ups not known: no readable runs.csv)");
  tvp_buf_printf(b, " |\n");
  tvp_buf_free(&reps);

  size_t failed = 0;
  for (size_t i = 0; i < v->npts; i++)
    failed += strcmp(v->pts[i].status, "ok") != 0;
  const char *planned = tvp_meta_get(&v->run->meta, "configurations_planned");
  tvp_buf_printf(b, "| Configurations | %zu ran", v->npts);
  if (planned)
    tvp_buf_printf(b, " of %s planned", planned);
  tvp_buf_printf(b, "; %zu failed or interrupted |\n\n", failed);
  tvp_buf_printf(b, "Every repetition runs in a freshly forked cell process. Statistics use the "
                 "measured repetitions that succeeded; warm-ups are discarded.\n\n");
}
