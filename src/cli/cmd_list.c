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
    "       tvp list kernels --tsv\n"
    "\n"
    "Lists kernels (name, bound, unit, summary, then their groups, what\n"
    "--kernels GROUP takes), models and placements; all three\n"
    "when no kind is named. --verbose adds what each kernel shares and what to expect.\n"
    "dimensions: what names a configuration (its suite key, tvp run flag and CSV\n"
    "column), and whether it is part of the point key (point: yes), which splits\n"
    "one kernel's rows into series in the charts and the report.\n"
    "--tsv lists the kernels for scripts: a header line, then one kernel a line,\n"
    "tab-separated: name, bound, test size (units per worker of the test-suite's\n"
    "checksum runs) and traits (paired, claims_work, messages, collective, comma-\n"
    "separated, or - for none).\n";

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
  /* The name column as wide as the longest name, so every column lines up. */
  int w = 4;
  for (size_t i = 0; i < tvp_kernel_count(); i++)
    if (tvp_kernel_visible(tvp_kernel_at(i)) && (int)strlen(tvp_kernel_at(i)->name) > w)
      w = (int)strlen(tvp_kernel_at(i)->name);
  printf("kernels:\n  %-*s %-7s %-30s %s\n", w, "name", "bound", "unit", "summary");
  for (size_t i = 0; i < tvp_kernel_count(); i++) {
    const tvp_kernel *k = tvp_kernel_at(i);
    if (!tvp_kernel_visible(k))
      continue;
    printf("  %-*s %-7s %-30s %s\n", w, k->name, k->bound, k->unit, k->summary);
    if (verbose)
      printf("  %-*s shares: %s\n  %-*s expect: %s\n  %-*s default size: %llu units\n"
             "  %-*s runs as MPI ranks: %s\n", w, "", k->shares, w, "", k->expect, w, "",
             (unsigned long long)k->default_units, w, "",
             tvp_kernel_runs_distributed(k) ? "yes" : "no (needs memory shared between workers)");
  }
  char groups[1024];
  tvp_kernel_groups(groups, sizeof groups, " ");
  printf("groups (--kernels GROUP runs each kernel of one): %s\n", groups);
}

/* One kernel a line for scripts: tests/e2e/checksums.sh runs every kernel listed
 * here, so a new kernel cannot be left out of the checksum test unnoticed. */
static void list_kernels_tsv(void) {
  printf("name\tbound\ttest_units\ttraits\n");
  for (size_t i = 0; i < tvp_kernel_count(); i++) {
    const tvp_kernel *k = tvp_kernel_at(i);
    if (!tvp_kernel_visible(k))
      continue;
    const struct {
      int on;
      const char *name;
    } traits[] = {{k->paired, "paired"},
                  {k->claims_work, "claims_work"},
                  {k->messages, "messages"},
                  {k->collective, "collective"}};
    printf("%s\t%s\t%llu\t", k->name, k->bound, (unsigned long long)k->test_units);
    const char *sep = "";
    for (size_t t = 0; t < sizeof traits / sizeof traits[0]; t++)
      if (traits[t].on) {
        printf("%s%s", sep, traits[t].name);
        sep = ",";
      }
    printf("%s\n", *sep ? "" : "-");
  }
}

int tvp_cmd_list(int argc, char **argv) {
  static const struct option opts[] = {{"verbose", no_argument, NULL, 'v'},
                                       {"tsv", no_argument, NULL, 't'},
                                       {0, 0, 0, 0}};
  tvp_opts p = {.cmd = "list", .usage = usage, .shortopts = "v", .longopts = opts};
  int verbose = 0, tsv = 0, c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 'v': verbose = 1; break;
    case 't': tsv = 1; break;
    }
  }
  if (argc - optind > 1)
    return tvp_usage_error("list", "name at most one of kernels, models, placements, dimensions");
  const char *what = optind < argc ? argv[optind] : "all";
  if (tsv && (strcmp(what, "kernels") != 0 || verbose))
    return tvp_usage_error("list", "--tsv lists kernels only: 'tvp list kernels --tsv'");
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
  if (tsv) {
    list_kernels_tsv();
    return TVP_EXIT_OK;
  }
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
