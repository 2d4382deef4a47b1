/* The table of chart kinds. Adding a chart is a row here and its script in plots/;
 * the order of the rows is the order tvp plot draws and tvp report embeds them. */
#include <string.h>

#include "results/chart_kinds.h"

const tvp_chart_kind tvp_chart_kinds[] = {
    {"speedup", "speedup.gp", 1, NULL, NULL, "speedup speedup_ci95_low speedup_ci95_high", NULL, NULL},
    {"throughput", "throughput.gp", 1, NULL, NULL,
     "throughput_median throughput_ci95_low throughput_ci95_high", NULL, NULL},
    {"efficiency", "efficiency.gp", 1, NULL, NULL, "efficiency speedup_ci95_low speedup_ci95_high", NULL,
     NULL},
    {"ratio", "ratio.gp", 1, NULL, NULL, "ratio_vs_thread", "(process/thread)", NULL},
    {"chunk", "chunk.gp", 1, NULL, "chunk_items",
     "chunk_items throughput_median throughput_ci95_low throughput_ci95_high",
     "(throughput against the chunk size, for kernels run at several)",
     "no kernel ran at two chunk sizes or more (tvp run --chunk)"},
    /* Messages are the net.* kernels' work; their size is --footprint. */
    {"message", "message.gp", 1, "net.", "footprint_bytes",
     "footprint_bytes throughput_median throughput_ci95_low throughput_ci95_high",
     "(latency and bandwidth, or time per all-reduce, against the message size, for net.* kernels "
     "run at several --footprint sizes)",
     "no net.* kernel ran at two message sizes or more (tvp run --footprint)"},
    {"overview", "overview.gp", 0, NULL, NULL, "speedup speedup_ci95_low speedup_ci95_high", NULL, NULL},
    {"ratiomap", "ratiomap.gp", 0, NULL, NULL, "ratio_vs_thread", NULL, NULL},
    {"latency", "latency.gp", 0, "spawn.", NULL, "throughput_median throughput_ci95_low throughput_ci95_high",
     "(spawn.* kernels)", "no spawn.* kernel in this run"},
    {"karpflatt", "karpflatt.gp", 0, NULL, NULL, "karp_flatt", NULL, NULL},
    {"footprint", "footprint.gp", 0, NULL, NULL, "pss_kib_median peak_rss_kib_median", NULL, NULL},
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
