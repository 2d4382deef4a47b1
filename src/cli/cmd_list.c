/* tvp list: what can be run, read from the descriptors themselves. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "kernels/kernel.h"
#include "models/model.h"
#include "place/placement.h"
#include "plan/dimensions.h"
#include "base/util.h"

static const char usage[] =
    "usage: tvp list [kernels|models|placements|dimensions] [--verbose]\n"
    "\n"
    "Lists kernels (name, bound, unit, summary), models and placements; all three\n"
    "when no kind is named. --verbose adds what each kernel shares and what to expect.\n"
    "dimensions: what names a configuration (its suite key, tvp run flag and CSV\n"
    "column), and whether it is part of the point key (point: yes), which splits\n"
    "one kernel's rows into series in the charts and the report.\n";

static void list_dimensions(void) {
  printf("dimensions:\n  %-12s %-12s %-13s %-16s %s\n", "name", "suite key", "flag", "CSV column",
         "point");
  for (int d = 0; d < TVP_DIM_COUNT; d++) {
    const tvp_dimension *dim = &tvp_dimensions[d];
    printf("  %-12s %-12s %-13s %-16s %s\n", dim->name, dim->suite_key, dim->flag,
           dim->column ? dim->column : "-", dim->flags & TVP_DIM_POINT ? "yes" : "no");
  }
}

static void list_kernels(int verbose) {
  printf("kernels:\n  %-12s %-7s %-30s %s\n", "name", "bound", "unit", "summary");
  for (size_t i = 0; i < tvp_kernel_count(); i++) {
    const tvp_kernel *k = tvp_kernel_at(i);
    if (!tvp_kernel_visible(k))
      continue;
    printf("  %-12s %-7s %-30s %s\n", k->name, k->bound, k->unit, k->summary);
    if (verbose)
      printf("  %-12s shares: %s\n  %-12s expect: %s\n  %-12s default size: %llu units\n"
             "  %-12s runs as MPI ranks: %s\n", "", k->shares, "", k->expect, "",
             (unsigned long long)k->default_units, "",
             tvp_kernel_runs_distributed(k) ? "yes" : "no (needs memory shared between workers)");
  }
}

int tvp_cmd_list(int argc, char **argv) {
  static const struct option opts[] = {
      {"help", no_argument, NULL, 'h'}, {"verbose", no_argument, NULL, 'v'}, {0, 0, 0, 0}};
  int verbose = 0, c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":hv", opts, NULL)) != -1) {
    if (c == 'h') {
      fputs(usage, stdout);
      return TVP_EXIT_OK;
    } else if (c == 'v') {
      verbose = 1;
    } else {
      return tvp_usage_error("list", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (argc - optind > 1)
    return tvp_usage_error("list", "name at most one of kernels, models, placements, dimensions");
  const char *what = optind < argc ? argv[optind] : "all";
  /* Not part of "all": a listing for suite writers and scripts, not a catalogue. */
  if (strcmp(what, "dimensions") == 0) {
    list_dimensions();
    return TVP_EXIT_OK;
  }
  int all = strcmp(what, "all") == 0;
  if (!all && strcmp(what, "kernels") != 0 && strcmp(what, "models") != 0 &&
      strcmp(what, "placements") != 0)
    return tvp_usage_error("list", "unknown list '%s': choose kernels, models, placements or "
                           "dimensions", what);
  if (all || strcmp(what, "kernels") == 0)
    list_kernels(verbose);
  if (all || strcmp(what, "models") == 0) {
    printf("%smodels:\n", all ? "\n" : "");
    for (size_t i = 0; i < tvp_model_count(); i++) {
      const tvp_model *m = tvp_model_at(i);
      const char *missing = tvp_model_missing(m);
      printf("  %-12s %s%s\n", m->name, missing ? "not built: " : "", missing ? missing : m->summary);
    }
  }
  if (all || strcmp(what, "placements") == 0) {
    printf("%splacements:\n", all ? "\n" : "");
    for (int i = 0; i < TVP_PLACE_COUNT; i++)
      printf("  %-12s %s\n", tvp_placement_name((tvp_placement_policy)i),
             tvp_placement_summary((tvp_placement_policy)i));
  }
  return TVP_EXIT_OK;
}
