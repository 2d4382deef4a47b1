/* The table of chart kinds. Adding a chart is a row here and its script in plots/;
 * the order of the rows is the order tvp plot draws and tvp report embeds them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/kernel.h"
#include "results/chart_kinds.h"

const tvp_chart_kind tvp_chart_kinds[] = {
    {"speedup", "speedup.gp", 1, NULL, NULL, "speedup speedup_ci95_low speedup_ci95_high",
     "(of kernels run at 1 worker)", NULL, TVP_CHART_NEEDS_ONE_WORKER},
    {"throughput", "throughput.gp", 1, NULL, NULL,
     "throughput_median throughput_ci95_low throughput_ci95_high", NULL, NULL, TVP_CHART_NEEDS_ROWS},
    {"efficiency", "efficiency.gp", 1, NULL, NULL, "efficiency speedup_ci95_low speedup_ci95_high",
     "(of kernels run at 1 worker)", NULL, TVP_CHART_NEEDS_ONE_WORKER},
    {"ratio", "ratio.gp", 1, NULL, NULL, "ratio_vs_thread", "(process/thread)", NULL, TVP_CHART_NEEDS_ROWS},
    {"chunk", "chunk.gp", 1, NULL, "chunk_items",
     "chunk_items throughput_median throughput_ci95_low throughput_ci95_high",
     "(throughput against the chunk size, for kernels run at several)",
     "no kernel ran at two chunk sizes or more (tvp run --chunk)", TVP_CHART_NEEDS_ROWS},
    /* Messages are the net.* kernels' work; their size is --footprint. */
    {"message", "message.gp", 1, "net.", "footprint_bytes",
     "footprint_bytes throughput_median throughput_ci95_low throughput_ci95_high",
     "(latency and bandwidth, or time per all-reduce, against the message size, for net.* kernels "
     "run at several --footprint sizes)",
     "no net.* kernel ran at two message sizes or more (tvp run --footprint)", TVP_CHART_NEEDS_ROWS},
    {"overview", "overview.gp", 0, NULL, NULL, "speedup speedup_ci95_low speedup_ci95_high",
     "(speedup of the kernels run at 1 worker)", NULL, TVP_CHART_NEEDS_ONE_WORKER},
    {"ratiomap", "ratiomap.gp", 0, NULL, NULL, "ratio_vs_thread", NULL, NULL, TVP_CHART_NEEDS_ROWS},
    {"latency", "latency.gp", 0, "spawn.", NULL, "throughput_median throughput_ci95_low throughput_ci95_high",
     "(spawn.* kernels)", "no spawn.* kernel in this run", TVP_CHART_NEEDS_ROWS},
    {"karpflatt", "karpflatt.gp", 0, NULL, NULL, "karp_flatt",
     "(for kernels run at three worker counts or more within the PUs)", NULL,
     TVP_CHART_NEEDS_THREE_COUNTS},
    {"footprint", "footprint.gp", 0, NULL, NULL, "pss_kib_median peak_rss_kib_median", NULL, NULL,
     TVP_CHART_NEEDS_ROWS},
};
const size_t tvp_nchart_kinds = sizeof tvp_chart_kinds / sizeof tvp_chart_kinds[0];

const tvp_chart_kind *tvp_chart_kind_find(const char *name) {
  for (size_t i = 0; i < tvp_nchart_kinds; i++)
    if (strcmp(tvp_chart_kinds[i].name, name) == 0)
      return &tvp_chart_kinds[i];
  return NULL;
}

int tvp_chart_kind_fits(const tvp_chart_kind *k, const char *kernel) {
  return !k->kernel_prefix || strncmp(kernel, k->kernel_prefix, strlen(k->kernel_prefix)) == 0;
}

void tvp_chart_stem(const tvp_chart_kind *k, const char *kernel, const char *placement, tvp_buf *out) {
  tvp_buf_printf(out, "%s", k->name);
  if (kernel)
    tvp_buf_printf(out, "-%s", kernel);
  if (kernel && placement)
    tvp_buf_printf(out, "-%s", placement);
}

/* The distinct worker counts of kernel's points at placement (NULL: any) that
 * pass keep, into w (room for run->npoints); their number. */
static size_t worker_counts(const tvp_run_folder *run, const char *kernel, const char *placement,
                            int (*keep)(const tvp_point *), unsigned *w) {
  size_t n = 0;
  for (size_t r = 0; r < run->npoints; r++) {
    const tvp_point *p = &run->points[r];
    if (strcmp(p->kernel, kernel) != 0 || (placement && strcmp(p->dim[TVP_DIM_PLACEMENT], placement) != 0) ||
        !keep(p))
      continue;
    size_t i = 0;
    while (i < n && w[i] != p->workers)
      i++;
    if (i == n)
      w[n++] = p->workers;
  }
  return n;
}

static int any_row(const tvp_point *p) { return p->workers > 0; }
static int has_karp_flatt(const tvp_point *p) {
  return strcmp(p->status, "ok") == 0 && isfinite(p->karp_flatt);
}

int tvp_chart_kind_has(const tvp_chart_kind *k, const tvp_run_folder *run, const char *kernel,
                       const char *placement) {
  unsigned *w = tvp_xcalloc(run->npoints + 1, sizeof *w);
  size_t n;
  int has = 1;
  switch (k->needs) {
  case TVP_CHART_NEEDS_ONE_WORKER:
    n = worker_counts(run, kernel, placement, any_row, w);
    has = 0;
    for (size_t i = 0; i < n; i++)
      has |= w[i] == 1;
    break;
  case TVP_CHART_NEEDS_THREE_COUNTS:
    has = worker_counts(run, kernel, placement, has_karp_flatt, w) >= 2;
    break;
  case TVP_CHART_NEEDS_ROWS:
    break;
  }
  free(w);
  return has;
}

/* The PUs of the run's machine, as "the 4 PUs", or "the PUs" when not known. */
static void pus_phrase(const tvp_run_folder *run, tvp_buf *out) {
  const char *pus = run->have_meta ? tvp_meta_get(&run->meta, "pus") : NULL;
  if (pus && *pus)
    tvp_buf_printf(out, "the %s PU%s", pus, strcmp(pus, "1") == 0 ? "" : "s");
  else
    tvp_buf_printf(out, "the PUs");
}

void tvp_chart_kind_why_not(const tvp_chart_kind *k, const tvp_run_folder *run, const char *kernel,
                            tvp_buf *out) {
  if (kernel && tvp_chart_kind_has(k, run, kernel, NULL))
    return;
  if (k->needs == TVP_CHART_NEEDS_ONE_WORKER) {
    const tvp_kernel *kd = kernel ? tvp_kernel_find(kernel) : NULL;
    if (!kernel)
      tvp_buf_printf(out, "no kernel was run at 1 worker, over which a speedup is measured");
    else if (kd && kd->paired)
      tvp_buf_printf(out, "%s pairs its workers, so it never runs 1 worker, over which a speedup is "
                     "measured; its smallest run is one pair (2 workers), and its throughput chart "
                     "shows how it scales with pairs", kernel);
    else
      tvp_buf_printf(out, "%s was never run at 1 worker, over which a speedup is measured", kernel);
  } else if (k->needs == TVP_CHART_NEEDS_THREE_COUNTS) {
    tvp_buf_printf(out, "%s%s measured at three worker counts or more within ", kernel ? kernel : "no kernel",
                   kernel ? " was not" : " was");
    pus_phrase(run, out);
    tvp_buf_printf(out, " (1 worker and two more, such as 1, 2 and 4 on 4 PUs): the serial fraction "
                   "at one worker count is a dot, not a trend");
  }
}
